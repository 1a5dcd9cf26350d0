"""What a signature record proves: nothing by itself, or that a certificate signed it.

A record's content fingerprint (signing.content_digest) is a SHA-256 anyone can
recompute: whoever edits a draft can change a commitment and re-stamp every
record with the new fingerprint. So a record may also carry a detached CMS
signature made with the partner's organisation certificate over the record's
*statement*: the fingerprint and the record's own details (who signed, for
which partner, when, on what board approval). Only the holder of the
certificate's private key can make one; any change to the text or the details
makes it fail to verify, and the record is then forged.

Checking a CMS signature is slow next to a keystroke, and signature states
are worked out again after every edit, so results are kept by (statement,
signature). No Qt here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import struct
import unicodedata
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar

from charter_builder.charter.model import Charter, Signature
from charter_builder.errors import CharterError

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Names what the statement is, so a signature made for anything else never fits.
STATEMENT_PURPOSE = "Charter Builder sign-off"
STATEMENT_VERSION = 1
#: How many checked (statement, signature) pairs are remembered.
_CACHE_SIZE = 512

NOT_CRYPTOGRAPHIC = "recorded, not cryptographically signed"
FORGED = "forged: the record does not match its certificate signature"


class CertificateSigningError(CharterError):
    """A record could not be signed with the certificate: the message says why."""


class ProofKind(StrEnum):
    NONE = "none"
    CERTIFICATE = "certificate"
    FORGED = "forged"


@dataclass(frozen=True)
class Proof:
    """What one signature record proves, in the words every front end shows."""

    kind: ProofKind
    #: Who the certificate belongs to, as people would name them ("" without one).
    signer: str = ""
    #: SHA-256 of the certificate, so a partner can confirm it is theirs.
    certificate_fingerprint: str = ""
    #: Why a forged record is forged, in a board secretary's words.
    reason: str = ""

    @property
    def short_fingerprint(self) -> str:
        """The certificate's fingerprint, short enough to read out on the phone: "5c5e 53e1 …"."""
        start = self.certificate_fingerprint[:16]
        return " ".join(start[i : i + 4] for i in range(0, len(start), 4)) + "…"

    @property
    def label(self) -> str:
        """What the record proves, as every front end words it."""
        if self.kind is ProofKind.CERTIFICATE:
            return f"signed with {self.signer}'s certificate"
        if self.kind is ProofKind.FORGED:
            return FORGED
        return NOT_CRYPTOGRAPHIC


NO_PROOF = Proof(ProofKind.NONE)


def statement(charter: Charter, signature: Signature) -> bytes:
    """The bytes a certificate signs for this record: its fingerprint and its own details.

    Canonical JSON (sorted keys, no spaces, NFC text) so the same record gives the
    same bytes on every computer. The partner's name is taken from the charter,
    so a record moved to another partner no longer fits its signature.
    """
    partner = charter.partner(signature.partner_id)
    fields: dict[str, Any] = {
        "purpose": STATEMENT_PURPOSE,
        "version": STATEMENT_VERSION,
        "content_digest": signature.digest,
        "partner_id": signature.partner_id,
        "partner_name": partner.name if partner is not None else "",
        "signatory_name": signature.signatory_name,
        "signatory_role": signature.signatory_role,
        "signed_on": _iso(signature.signed_on),
        "board_approved_on": _iso(signature.approval.meeting_date),
        "minute_reference": signature.approval.minute_reference,
        "method": str(signature.method),
        # The mark printed on the signatures page: a picture is named by its own
        # SHA-256, a drawing is hashed here, so neither can be swapped afterwards.
        "picture": signature.image or "",
        "drawing_sha256": _drawing_digest(signature.strokes),
    }
    normalised = {
        key: unicodedata.normalize("NFC", value) if isinstance(value, str) else value
        for key, value in fields.items()
    }
    return json.dumps(normalised, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _drawing_digest(strokes: list[list[float]]) -> str:
    """SHA-256 of a drawing: each stroke's length, then its points as IEEE doubles.

    Packed rather than written as JSON: a large drawing is hashed on every keystroke
    (statements are rebuilt when states are), and packing is some fifty times faster.
    """
    digest = hashlib.sha256()
    for stroke in strokes:
        digest.update(struct.pack(f"<I{len(stroke)}d", len(stroke), *stroke))
    return digest.hexdigest()


def _iso(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def proof_of(charter: Charter, signature: Signature) -> Proof:
    """What `signature` proves in `charter`: nothing, a certificate's signature, or forgery."""
    if not signature.certificate_signature:
        return NO_PROOF
    return _checked(statement(charter, signature), signature.certificate_signature)


def certify(
    charter: Charter, signature: Signature, signer: Any, *, now: datetime | None = None
) -> Signature:
    """`signature` (already stamped with its fingerprint) signed with `signer`'s certificate.

    `signer` is what seal.load_certificate returns. A certificate that has expired,
    or is not valid yet, is refused: its signature would prove nothing.
    """
    if not signature.digest:
        raise ValueError("a record is signed with a certificate only once it is stamped")
    now = now or datetime.now(UTC)
    _check_in_date(signer.signing_cert, now)
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    record = signature.model_copy(update={"certificate_signature": ""})
    try:
        content = _run(
            signer.async_sign_general_data(
                statement(charter, record),
                "sha256",
                detached=True,
                signed_attr_settings=PdfCMSSignedAttributes(signing_time=now),
            )
        )
    except Exception as error:
        raise CertificateSigningError(
            "The certificate could not be used to sign. It may not be meant for signing."
        ) from error
    encoded = base64.b64encode(content.dump()).decode("ascii")
    signed = record.model_copy(update={"certificate_signature": encoded})
    # Checked as every reader will check it, so a certificate that signs but can never
    # be accepted (one not meant for signing documents) is refused now, not shown
    # as forged the moment it is recorded.
    if proof_of(charter, signed).kind is not ProofKind.CERTIFICATE:
        raise CertificateSigningError(
            f"The certificate for {_name(signer.signing_cert)} is not meant for signing "
            "documents, so it cannot be used to sign. Please use your organisation's "
            "signing certificate."
        )
    return signed


def _check_in_date(certificate: Any, now: datetime) -> None:
    from charter_builder.signatures.seal import outdated_certificate

    which = f"The certificate for {_name(certificate)}"
    problem = outdated_certificate(certificate, which, "sign", now)
    if problem:
        raise CertificateSigningError(problem)


def _name(certificate: Any) -> str:
    from charter_builder.signatures.seal import certificate_name

    return certificate_name(certificate)




@lru_cache(maxsize=_CACHE_SIZE)
def _checked(data: bytes, encoded: str) -> Proof:
    """Verify one CMS signature over `data`; kept, so a keystroke never checks it again."""
    from asn1crypto import cms

    try:
        der = base64.b64decode(encoded, validate=True)
        info = cms.ContentInfo.load(der, strict=True)
        if info["content_type"].native != "signed_data":
            return _forged("its certificate signature is not a signature.")
        signed_data = info["content"]
        return _verified(data, signed_data)
    except (binascii.Error, ValueError, TypeError, KeyError, IndexError):
        return _forged("its certificate signature is damaged.")
    except Exception:  # anything the libraries raise on a crafted signature: never trusted
        log.debug("could not check a certificate signature", exc_info=True)
        return _forged("its certificate signature is damaged.")


def _verified(data: bytes, signed_data: Any) -> Proof:
    from pyhanko.sign.general import extract_certificate_info
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko_certvalidator import ValidationContext

    from charter_builder.signatures.seal import certificate_name

    certificate = extract_certificate_info(signed_data).signer_cert
    signer = certificate_name(certificate)
    fingerprint = hashlib.sha256(certificate.dump()).hexdigest()
    # The record is judged as of the moment it says it was signed: a certificate that
    # has expired since does not undo a sign-off made while it was valid.
    signed_at = _signing_time(signed_data)
    context = ValidationContext(trust_roots=[certificate], allow_fetching=False, moment=signed_at)
    status = _run(async_validate_detached_cms(data, signed_data, context))
    if not (status.intact and status.valid):
        return _forged("the record does not match its certificate signature.", signer, fingerprint)
    if not _meant_for_signing(certificate):
        return _forged("its certificate is not meant for signing documents.", signer, fingerprint)
    if not status.trusted:
        return _forged(
            "its certificate was not valid on the day the record says it was signed.",
            signer,
            fingerprint,
        )
    return Proof(ProofKind.CERTIFICATE, signer=signer, certificate_fingerprint=fingerprint)


def _meant_for_signing(certificate: Any) -> bool:
    """Whether the certificate's key may sign documents (pyHanko does not ask this of a
    certificate that is its own trust root, which most partners' certificates are)."""
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    try:
        KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}).validate(
            certificate
        )
    except Exception:
        return False
    return True


def _signing_time(signed_data: Any) -> datetime:
    from pyhanko.sign.general import extract_signer_info
    from pyhanko.sign.validation.generic_cms import extract_self_reported_ts

    reported = extract_self_reported_ts(extract_signer_info(signed_data))
    return reported if reported is not None else datetime.now(UTC)


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """pyHanko's signing and checking are coroutines; run one to the end from plain code.

    On a thread of its own when the caller is already inside an event loop, where
    asyncio.run refuses (and a refusal must never read as a forged record).
    """
    import asyncio  # here, not at the top: the window's start-up does not wait for it

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _forged(reason: str, signer: str = "", fingerprint: str = "") -> Proof:
    return Proof(
        ProofKind.FORGED, signer=signer, certificate_fingerprint=fingerprint, reason=reason
    )

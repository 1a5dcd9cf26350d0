"""Signatures bound to the exact text each partner's board agreed.

The content digest is the SHA-256 of a canonical JSON form of everything that
was agreed: every section of the charter, but not the signatures themselves
nor the process around them (the freeze for signing, the concerns partners
raise). A signature records the digest it was given against, so any later
change to agreed text shows it as given for an earlier version.

The digest alone proves nothing (anyone can recompute it); a record signed with
a partner's certificate also carries a CMS signature, and one that does not
verify is forged and counts as not signed (see sign_proof.py).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from enum import StrEnum
from typing import Any

from charter_builder.charter.editing import SetField, set_field
from charter_builder.charter.model import Charter, Signature, SignatureMethod
from charter_builder.signatures.sign_proof import ProofKind, certify, proof_of

#: Recorded against the charter, not agreed in it.
NOT_AGREED = frozenset({"signatures", "frozen_for_signing", "concerns"})


class SignatureState(StrEnum):
    UNSIGNED = "unsigned"
    CURRENT = "current"
    EARLIER = "earlier"
    #: The record carries a certificate signature that does not fit it: never counted.
    FORGED = "forged"

    @property
    def label(self) -> str:
        return {
            SignatureState.UNSIGNED: "Not yet signed",
            SignatureState.CURRENT: "Signed",
            SignatureState.EARLIER: "Signed an earlier version",
            SignatureState.FORGED: "Forged, not signed",
        }[self]


def _normalised(value: Any) -> Any:
    """NFC text, so the same words typed on two computers give the same digest."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    return value


def agreed_content(charter: Charter) -> dict[str, Any]:
    return _normalised(charter.model_dump(mode="json", exclude=set(NOT_AGREED)))


def canonical_json(charter: Charter) -> bytes:
    """One byte sequence for the agreed content: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        agreed_content(charter), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def content_digest(charter: Charter) -> str:
    return hashlib.sha256(canonical_json(charter)).hexdigest()


def signature_for(charter: Charter, partner_id: str) -> Signature | None:
    return next((s for s in charter.signatures if s.partner_id == partner_id), None)


def signature_state(charter: Charter, partner_id: str, digest: str | None = None) -> SignatureState:
    """Where the partner's signature stands; a record its certificate signature
    does not fit is forged, whatever its fingerprint says."""
    signature = signature_for(charter, partner_id)
    if signature is None or not signature.digest:
        return SignatureState.UNSIGNED
    if proof_of(charter, signature).kind is ProofKind.FORGED:
        return SignatureState.FORGED
    current = digest or content_digest(charter)
    return SignatureState.CURRENT if signature.digest == current else SignatureState.EARLIER


def signature_states(charter: Charter) -> dict[str, SignatureState]:
    """Every partner's state, computing the digest once (and not at all before anyone signs,
    which is every keystroke of the weeks of drafting)."""
    if not any(s.digest for s in charter.signatures):
        return {p.id: SignatureState.UNSIGNED for p in charter.partners}
    digest = content_digest(charter)
    return {p.id: signature_state(charter, p.id, digest) for p in charter.partners}


def fully_signed(charter: Charter) -> bool:
    """Every partner has signed this very text."""
    states = signature_states(charter)
    return bool(states) and all(s is SignatureState.CURRENT for s in states.values())


def why_not_ready(signature: Signature) -> str | None:
    """What stops this signature being given, in plain words, or None.

    A representative signs on their board's authority, so the board's approval
    is recorded first and cannot come after the signature.
    """
    if not signature.signatory_name.strip():
        return "Give the signatory's name."
    approved = signature.approval.meeting_date
    if approved is None:
        return (
            "Record the date the partner's board approved the charter: the "
            "representative signs on the board's behalf."
        )
    if signature.signed_on is not None and signature.signed_on < approved:
        return "The board approves the charter before it is signed: check the two dates."
    if signature.method is SignatureMethod.DRAWN and not any(signature.strokes):
        return "Draw the signature on the pad, or choose to type the name instead."
    if signature.method is SignatureMethod.IMAGE and not signature.image:
        return "Choose a picture of the signature."
    return None


def _with_record(charter: Charter, record: Signature) -> list[Signature]:
    """The signatures with `record` in its partner's place, in the partners' order.

    The record takes the id of the partner's record already there, so merging
    two copies of the draft sees that record change, not one removed and another added.
    """
    existing = signature_for(charter, record.partner_id)
    if existing is not None:
        record = record.model_copy(update={"id": existing.id})
    others = [s for s in charter.signatures if s.partner_id != record.partner_id]
    order = {p.id: i for i, p in enumerate(charter.partners)}
    return sorted([*others, record], key=lambda s: order.get(s.partner_id, len(order)))


def stamped(charter: Charter, signature: Signature, signer: Any = None) -> Signature:
    """`signature` given against the text as it is now, signed with `signer`'s certificate
    if one is given (what seal.load_certificate returns).

    The slow part when there is a certificate: the window runs it off its own thread.
    """
    record = signature.model_copy(
        update={"digest": content_digest(charter), "certificate_signature": ""}
    )
    return certify(charter, record, signer) if signer is not None else record


def sign(charter: Charter, signature: Signature, signer: Any = None) -> SetField:
    """The edit that records `signature` against the text as it is now.

    It replaces the partner's earlier signature or prepared details, if any:
    re-signing a changed charter is how a partner catches up.
    """
    return place_signed(charter, stamped(charter, signature, signer))


def place_signed(charter: Charter, record: Signature) -> SetField:
    """The edit that puts a record stamped by :func:`stamped` into the charter.

    Refused if the text has changed since it was stamped (for example while a
    certificate was signing it in the background): it would be signed for an
    earlier version the moment it was recorded.
    """
    if not record.digest or record.digest != content_digest(charter):
        raise ValueError("the text changed after this record was stamped")
    edit = set_field(charter, ("signatures",), _with_record(charter, record))
    edit.text = "sign the charter"
    return edit


def prepare(charter: Charter, signature: Signature) -> SetField:
    """The edit that records a partner's sign-off details before they sign.

    The board's approval is often minuted weeks before the representative
    signs; kept as a record with no digest, it is saved with the draft but
    counts as not signed. A signed record is never overwritten this way:
    changing a given signature means signing again.
    """
    existing = signature_for(charter, signature.partner_id)
    if existing is not None and existing.digest:
        raise ValueError("this partner has signed: sign again to change their signature")
    record = signature.model_copy(update={"digest": "", "certificate_signature": ""})
    edit = set_field(charter, ("signatures",), _with_record(charter, record))
    edit.text = "record the sign-off details"
    return edit


def withdraw(charter: Charter, partner_id: str) -> SetField:
    """The edit that removes a partner's signature, keeping its details unsigned.

    The board's approval still stands when a signature is taken back, so it
    stays recorded, and the partner shows as not yet signed.
    """
    signatures = [
        s.model_copy(update={"digest": "", "certificate_signature": ""})
        if s.partner_id == partner_id
        else s
        for s in charter.signatures
    ]
    edit = set_field(charter, ("signatures",), signatures)
    edit.text = "remove a signature"
    return edit


def changes_agreed_text(path: tuple[str, ...]) -> bool:
    """Whether an edit at `path` changes what the partners agreed."""
    return bool(path) and path[0] not in NOT_AGREED

"""Seal a charter's PDF with a partner's digital certificate (PAdES baseline B-B).

A seal is an incremental update: the PDF's earlier bytes are kept exactly, so
each partner can add their own seal and every earlier seal stays valid. It
works offline (no time-stamp server, no revocation look-ups), because board
secretaries often sign on locked-down computers. No Qt here.
"""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from charter_builder.errors import CharterError
from charter_builder.storage.bounded_read import (
    FileTooLarge,
    NotARegularFile,
    describe_size,
    read_limited,
)
from charter_builder.storage.safe_write import saving_reason, write_bytes
from charter_builder.when import utc_date_time

log = logging.getLogger(__name__)

DEFAULT_REASON = "Approved partnership charter"
FIELD_PREFIX = "CharterSeal"
ATTACHMENT_NAME = "charter.json"
#: A certificate file is a few kilobytes; anything huge is not one.
MAX_CERTIFICATE_BYTES = 1024 * 1024
#: A charter PDF of 500 partners with logos runs to tens of megabytes; more is not ours.
MAX_PDF_BYTES = 200 * 1024 * 1024


class SealError(CharterError):
    """A PDF could not be sealed, or a seal could not be read."""


class PassphraseNeeded(SealError):
    """The certificate is protected and no passphrase was given: each front end asks its way."""


def seal_pdf(
    pdf_in: Path,
    pdf_out: Path,
    pkcs12: Path,
    passphrase: bytes | None,
    *,
    reason: str = DEFAULT_REASON,
    signer_name: str | None = None,
) -> str:
    """Add one seal to `pdf_in`, writing `pdf_out`; returns the name the seal is given in.

    `pdf_out` may not be `pdf_in`: the original stays as it was if anything fails.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    pdf_in, pdf_out = Path(pdf_in), Path(pdf_out)
    if pdf_in.resolve() == pdf_out.resolve():
        raise SealError(
            "Please choose a different name for the sealed PDF, so the original is kept."
        )
    signer = load_certificate(Path(pkcs12), passphrase)
    refuse_outdated_certificate(signer.signing_cert, Path(pkcs12).name)
    data = read_pdf_bytes(pdf_in)
    reader = open_charter_pdf(data, pdf_in.name)
    name = signer_name or certificate_name(signer.signing_cert)
    meta = signers.PdfSignatureMetadata(
        field_name=_unique_field_name(reader),
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        name=name or None,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        sealed = signers.sign_pdf(writer, meta, signer=signer)
    except Exception as error:
        log.debug("sealing %s failed", pdf_in, exc_info=True)
        raise SealError(
            f"“{pdf_in.name}” could not be sealed: Charter Builder could not add a seal to "
            "this PDF. It may be damaged."
        ) from error
    _write(pdf_out, sealed.getvalue())
    return name


def load_certificate(pkcs12: Path, passphrase: bytes | None) -> Any:
    """The signer held in a ``.p12``/``.pfx`` file, or a plain-words refusal."""
    from asn1crypto import pkcs12 as asn1_pkcs12
    from cryptography.hazmat.primitives.serialization import pkcs12 as pyca_pkcs12
    from pyhanko.sign.signers import SimpleSigner

    shown = f"“{pkcs12.name}”"
    try:
        # Only an ordinary file, its size checked on what is read: never a pipe or device.
        raw = read_limited(pkcs12, MAX_CERTIFICATE_BYTES)
    except FileTooLarge:
        raise SealError(f"{shown} is too large to be a certificate file.") from None
    except NotARegularFile as refusal:
        if refusal.kind == "folder":
            raise SealError(f"{shown} is a folder, not a certificate file.") from None
        raise SealError(
            f"{shown} is not a certificate file but a {refusal.kind} (not an ordinary file), "
            "so it has not been read."
        ) from None
    except FileNotFoundError:
        raise SealError(
            f"The certificate file {shown} could not be found. It may have been moved or renamed."
        ) from None
    except IsADirectoryError:
        raise SealError(f"{shown} is a folder, not a certificate file.") from None
    except OSError as error:
        raise SealError(f"The certificate file {shown} could not be read.") from error
    try:
        asn1_pkcs12.Pfx.load(raw).native  # noqa: B018 - parse fully, to tell the two cases apart
    except Exception:
        raise SealError(
            f"{shown} is not a certificate file Charter Builder can use. Please use the "
            "organisation's certificate saved as a .p12 or .pfx file (with its private key)."
        ) from None
    try:
        key, certificate, _others = pyca_pkcs12.load_key_and_certificates(raw, passphrase)
    except Exception:
        if passphrase is None:
            raise PassphraseNeeded(
                f"The certificate file {shown} is protected by a passphrase. Please give it."
            ) from None
        raise SealError(
            f"The passphrase for {shown} is not right. Please check it and try again."
        ) from None
    if key is None or certificate is None:
        raise SealError(
            f"{shown} does not hold both a certificate and its private key, so it cannot "
            "be used to seal."
        )
    try:
        return SimpleSigner.load_pkcs12_data(raw, other_certs=[], passphrase=passphrase)
    except Exception as error:
        raise SealError(f"The certificate in {shown} cannot be used to seal.") from error


def certificate_dates_problem(certificate: Any, when: datetime) -> str | None:
    """How `when` falls outside the certificate's dates, in words, or None if inside them.

    `certificate` is an asn1crypto certificate (what pyHanko gives).
    """
    start, end = certificate.not_valid_before, certificate.not_valid_after
    if when < start:
        return (
            f"was not valid until {utc_date_time(start)} (it is valid from {utc_date_time(start)} "
            f"to {utc_date_time(end)})"
        )
    if when > end:
        return (
            f"had expired on {utc_date_time(end)} (it was valid from {utc_date_time(start)} "
            f"to {utc_date_time(end)})"
        )
    return None


def refuse_outdated_certificate(certificate: Any, shown_name: str) -> None:
    """Refuse, in plain words with the dates, a certificate that has expired or is not yet valid.

    A seal made with such a certificate proves nothing, and `verify` reports it as broken.
    """
    problem = outdated_certificate(certificate, f"The certificate in “{shown_name}”", "seal")
    if problem:
        raise SealError(problem)


def outdated_certificate(
    certificate: Any, which: str, use: str, now: datetime | None = None
) -> str | None:
    """Why `certificate` cannot be used to `use` now (expired or not yet valid), or None.

    One wording for sealing and for signing off: `which` names the certificate as the
    sentence's subject ("The certificate in “board.p12”").
    """
    now = now or datetime.now(UTC)
    start, end = certificate.not_valid_before, certificate.not_valid_after
    dates = f"valid from {utc_date_time(start)} to {utc_date_time(end)}"
    if now > end:
        return (
            f"{which} expired on {utc_date_time(end)} (it was {dates}), so it cannot be used to "
            f"{use}. Please use your organisation's current certificate."
        )
    if now < start:
        return (
            f"{which} is not valid until {utc_date_time(start)} (it is {dates}), so it cannot be "
            f"used to {use} yet. Please use your organisation's current certificate."
        )
    return None


def certificate_name(certificate: Any) -> str:
    """Who a certificate belongs to, as people would name them."""
    subject = certificate.subject.native
    for field in ("common_name", "organization_name"):
        value = subject.get(field)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return str(value)
    return certificate.subject.human_friendly


def open_charter_pdf(data: bytes, shown_name: str) -> Any:
    """A pyHanko reader for a PDF that Charter Builder made, or a plain-words refusal."""
    shown = f"“{shown_name}”"
    if not data.lstrip()[:5] == b"%PDF-":
        raise SealError(f"{shown} is not a PDF.")
    try:
        reader = _reader_class()(io.BytesIO(data), strict=False)
        encrypted = reader.encrypted
    except Exception as error:
        raise SealError(f"{shown} is a damaged PDF and cannot be read.") from error
    if encrypted:
        raise SealError(f"{shown} is protected with a password, which charters never are.")
    if attachment(reader, ATTACHMENT_NAME) is None:
        raise SealError(
            f"{shown} was not made by Charter Builder (it has no charter data attached), "
            "so it cannot be sealed or checked as a charter."
        )
    return reader


def _reader_class() -> type:
    """pyHanko's reader, made to index each object stream once rather than on every read.

    pyHanko re-reads a whole object stream's index for each object in it, so
    checking a seal on a charter (some 2,000 objects, all in object streams)
    took nearly a minute; with the index kept it takes a second or two. Objects
    are still parsed by pyHanko; anything unusual falls back to pyHanko's own code.
    """
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader

    class IndexedReader(PdfFileReader):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._stream_index: dict[int, tuple[bytes, dict[int, int]] | None] = {}
            super().__init__(*args, **kwargs)

        def _get_object_from_stream(self, idnum: int, stmnum: int, idx: int) -> Any:
            if stmnum not in self._stream_index:
                self._stream_index[stmnum] = self._index_stream(stmnum)
            index = self._stream_index[stmnum]
            offset = index[1].get(idnum) if index is not None else None
            if index is None or offset is None:
                return super()._get_object_from_stream(idnum, stmnum, idx)
            data = io.BytesIO(index[0])
            data.seek(offset)
            try:
                obj = generic.read_object(data, generic.Reference(idnum, 0, self))
            except Exception:
                obj = None
            if obj is None or isinstance(obj, generic.StreamObject | generic.IndirectObject):
                return super()._get_object_from_stream(idnum, stmnum, idx)
            return obj

        def _index_stream(self, stmnum: int) -> tuple[bytes, dict[int, int]] | None:
            try:
                stream = generic.Reference(stmnum, 0, self).get_object()
                if stream["/Type"] != "/ObjStm":
                    return None
                data = stream.data
                first, count = int(stream["/First"]), int(stream["/N"])
                numbers = [int(n) for n in data[:first].split()]
                if len(numbers) != 2 * count:
                    return None
                return data, {numbers[i]: first + numbers[i + 1] for i in range(0, len(numbers), 2)}
            except Exception:
                return None

    return IndexedReader


def attachment(reader: Any, name: str) -> bytes | None:
    """The bytes of the file attached to the PDF under `name`, if there is one."""
    try:
        names = reader.root.get("/Names")
        tree = names.get("/EmbeddedFiles") if names is not None else None
        if tree is None:
            return None
        spec = _find_in_name_tree(tree.get_object(), name, depth=0)
        if spec is None:
            return None
        stream = spec["/EF"].get("/UF") or spec["/EF"]["/F"]
        return stream.get_object().data
    except Exception:
        log.debug("could not read attachment %s", name, exc_info=True)
        return None


def _find_in_name_tree(node: Any, name: str, depth: int) -> Any:
    if depth > 20:  # a loop in a damaged file
        return None
    entries = node.get("/Names")
    if entries is not None:
        for index in range(0, len(entries) - 1, 2):
            if str(entries[index]) == name:
                return entries[index + 1]
    for kid in node.get("/Kids") or []:
        found = _find_in_name_tree(kid.get_object(), name, depth + 1)
        if found is not None:
            return found
    return None


def _unique_field_name(reader: Any) -> str:
    from pyhanko.sign.fields import enumerate_sig_fields

    taken = {name for name, _value, _ref in enumerate_sig_fields(reader)}
    number = 1
    while f"{FIELD_PREFIX}{number}" in taken:
        number += 1
    return f"{FIELD_PREFIX}{number}"


def read_pdf_bytes(path: Path) -> bytes:
    shown = f"“{path.name}”"
    try:
        return read_limited(path, MAX_PDF_BYTES)
    except FileTooLarge:
        raise SealError(
            f"{shown} is larger than {describe_size(MAX_PDF_BYTES)}, far larger than any "
            "charter, so it has not been read."
        ) from None
    except NotARegularFile as refusal:
        if refusal.kind == "folder":
            raise SealError(f"{shown} is a folder, not a PDF.") from None
        raise SealError(
            f"{shown} is not a PDF but a {refusal.kind} (not an ordinary file), so it has "
            "not been read."
        ) from None
    except FileNotFoundError:
        raise SealError(
            f"{shown} could not be found. It may have been moved, renamed or deleted."
        ) from None
    except IsADirectoryError:
        raise SealError(f"{shown} is a folder, not a PDF.") from None
    except OSError as error:
        raise SealError(f"{shown} could not be read.") from error


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file so a half-written PDF is never left behind."""
    try:
        write_bytes(path, data)
    except OSError as error:
        reason = saving_reason(error, path.parent)
        raise SealError(f"The sealed PDF could not be saved as “{path.name}”: {reason}") from error

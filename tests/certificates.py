"""Throw-away certificates for the seal tests: made fresh, never a real organisation's."""

from __future__ import annotations

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


def make_certificate(
    path: Path,
    name: str,
    passphrase: bytes,
    *,
    valid_from: datetime.timedelta = datetime.timedelta(days=-1),
    valid_until: datetime.timedelta = datetime.timedelta(days=30),
) -> Path:
    """A throw-away self-signed seal certificate, as a passphrase-protected .p12 file.

    Valid from `valid_from` to `valid_until` (both counted from now): give two
    negative times for an expired certificate, two positive for one not valid yet.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + valid_from)
        .not_valid_after(now + valid_until)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    encryption = serialization.BestAvailableEncryption(passphrase)
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(name.encode(), key, certificate, None, encryption)
    )
    return path


def example_signed_by_its_first_partner(folder: Path):
    """The worked example with one current signature, saved as example.charter in ``folder``."""
    from charter_builder.charter.model import Signature
    from charter_builder.drafts.draft_file import save_draft
    from charter_builder.drafts.starters import load_starter
    from charter_builder.signatures.signing import content_digest

    draft = load_starter("example")
    charter = draft.charter
    signature = Signature(
        partner_id=charter.partners[0].id,
        signatory_name="Dr Ada Example",
        digest=content_digest(charter),
    )
    draft.charter = charter.model_copy(update={"signatures": [signature]})
    save_draft(draft, folder / "example.charter")
    return draft


def example_signed_by_every_partner(folder: Path):
    """The worked example signed by all its partners, saved as example.charter in ``folder``."""
    from charter_builder.charter.model import Signature
    from charter_builder.drafts.draft_file import save_draft
    from charter_builder.drafts.starters import load_starter
    from charter_builder.signatures.signing import content_digest

    draft = load_starter("example")
    charter = draft.charter
    digest = content_digest(charter)
    signatures = [
        Signature(partner_id=partner.id, signatory_name=f"Signatory {number}", digest=digest)
        for number, partner in enumerate(charter.partners, start=1)
    ]
    signatures[0] = signatures[0].model_copy(update={"signatory_name": "Dr Ada Example"})
    draft.charter = charter.model_copy(update={"signatures": signatures})
    save_draft(draft, folder / "example.charter")
    return draft

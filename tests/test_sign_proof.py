"""Sign-offs that prove something: a record signed with a certificate cannot be re-stamped.

A signature record's fingerprint is a SHA-256 anyone can recompute, so an
attacker can edit the text and re-stamp every record. These tests play that
attacker against records signed with a partner's certificate.
"""

from __future__ import annotations

import base64
import datetime
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from certificates import make_certificate
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from draft_fixtures import write_draft_zip

from charter_builder.charter.model import BoardApproval, Charter, Signature
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.render.html import charter_status
from charter_builder.signatures import signing
from charter_builder.signatures.seal import load_certificate
from charter_builder.signatures.sign_off_status import sign_off_status
from charter_builder.signatures.sign_proof import (
    NOT_CRYPTOGRAPHIC,
    CertificateSigningError,
    ProofKind,
    certify,
    proof_of,
)
from charter_builder.signatures.signing import (
    SignatureState,
    content_digest,
    fully_signed,
    signature_states,
)

TRUST = "Wyvern Vale NHS Trust"
PASSPHRASE = b"correct horse"


def dated_certificate(
    path: Path,
    name: str,
    starts: datetime.datetime,
    ends: datetime.datetime,
    usage: x509.KeyUsage | None = None,
):
    """A throw-away .p12 valid only between `starts` and `ends` (and for `usage`, if given)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(starts)
        .not_valid_after(ends)
    )
    if usage is not None:
        builder = builder.add_extension(usage, critical=True)
    certificate = builder.sign(key, hashes.SHA256())
    encryption = serialization.BestAvailableEncryption(PASSPHRASE)
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(name.encode(), key, certificate, None, encryption)
    )
    return path


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("certificate")
    return load_certificate(make_certificate(folder / "trust.p12", TRUST, PASSPHRASE), PASSPHRASE)


def record(charter: Charter, number: int) -> Signature:
    partner = charter.partners[number]
    return Signature(
        partner_id=partner.id,
        signatory_name=f"Signatory {number}",
        signatory_role="Chief Executive",
        signed_on=date.today(),
        approval=BoardApproval(meeting_date=date(2026, 11, 2), minute_reference=f"B/26/{number}"),
    )


def signed_by_all(signer, *, certificate: bool = True) -> Charter:
    charter = load_starter("example").charter
    for number in range(len(charter.partners)):
        signing.sign(charter, record(charter, number), signer if certificate else None).apply(
            charter
        )
    return charter


def restamped_after_an_edit(charter: Charter) -> Charter:
    """The attack: change a commitment, then give every record the new fingerprint."""
    forged = charter.model_copy(deep=True)
    forged.commitments[0].description = "The council pays for everything, for ever."
    digest = content_digest(forged)
    for signature in forged.signatures:
        signature.digest = digest
    return forged


def test_honest_certificate_signed_records_are_current_and_valid(signer) -> None:
    charter = signed_by_all(signer)
    assert set(signature_states(charter).values()) == {SignatureState.CURRENT}
    assert fully_signed(charter)
    assert charter_status(charter) == "Signed"
    for signature in charter.signatures:
        proof = proof_of(charter, signature)
        assert proof.kind is ProofKind.CERTIFICATE
        assert proof.signer == TRUST
        assert proof.label == f"signed with {TRUST}'s certificate"


def test_restamped_records_with_certificate_signatures_are_forged_and_not_signed(signer) -> None:
    forged = restamped_after_an_edit(signed_by_all(signer))
    assert set(signature_states(forged).values()) == {SignatureState.FORGED}
    assert not fully_signed(forged)
    assert charter_status(forged) == "Draft"  # the PDF keeps its DRAFT mark
    status = sign_off_status(forged)
    assert status.signed == 0 and not status.complete
    assert "9 forged" in status.short
    assert "forged, and not counted as signed" in status.sentence
    for signature in forged.signatures:
        proof = proof_of(forged, signature)
        assert proof.kind is ProofKind.FORGED
        assert proof.label == "forged: the record does not match its certificate signature"


def test_restamped_records_without_certificate_signatures_say_they_prove_nothing(signer) -> None:
    forged = restamped_after_an_edit(signed_by_all(signer, certificate=False))
    # The fingerprint alone cannot tell: this is why the product says so plainly.
    assert set(signature_states(forged).values()) == {SignatureState.CURRENT}
    for signature in forged.signatures:
        assert proof_of(forged, signature).label == NOT_CRYPTOGRAPHIC
        assert NOT_CRYPTOGRAPHIC == "recorded, not cryptographically signed"


TAMPERING = {
    "signatory name": lambda s, c: setattr(s, "signatory_name", "Someone Else"),
    "signatory role": lambda s, c: setattr(s, "signatory_role", "Intern"),
    "board approval date": lambda s, c: setattr(s.approval, "meeting_date", date(2026, 1, 5)),
    "minute reference": lambda s, c: setattr(s.approval, "minute_reference", "B/99/1"),
    "date signed": lambda s, c: setattr(s, "signed_on", date(2026, 1, 6)),
    "method": lambda s, c: setattr(s, "method", "drawn"),
    "moved to another partner": lambda s, c: setattr(s, "partner_id", c.partners[5].id),
}


@pytest.mark.parametrize("change", TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_with_any_detail_of_a_certificate_signed_record_is_forgery(
    signer, change
) -> None:
    charter = signed_by_all(signer)
    charter.signatures = charter.signatures[:3]  # partner 5 has not signed
    target = charter.signatures[0]
    change(target, charter)
    assert proof_of(charter, target).kind is ProofKind.FORGED
    assert signature_states(charter)[target.partner_id] is SignatureState.FORGED


@pytest.mark.parametrize(
    ("method", "mark", "swapped"),
    [
        ("drawn", {"strokes": [[100.0, 200.0, 400.0, 250.0]]}, {"strokes": [[1.0, 2.0, 3.0, 4.0]]}),
        ("image", {"image": f"media/{'ab' * 32}.png"}, {"image": f"media/{'cd' * 32}.png"}),
    ],
    ids=["drawing", "picture"],
)
def test_swapping_the_printed_mark_of_a_certificate_signed_record_is_forgery(
    signer, method, mark, swapped
) -> None:
    charter = load_starter("example").charter
    given = record(charter, 0).model_copy(update={"method": method, **mark})
    signing.sign(charter, given, signer).apply(charter)
    (signature,) = charter.signatures
    assert proof_of(charter, signature).kind is ProofKind.CERTIFICATE
    for name, value in swapped.items():
        setattr(signature, name, value)
    assert proof_of(charter, signature).kind is ProofKind.FORGED


def test_a_signature_copied_from_another_record_or_damaged_is_forgery(signer) -> None:
    charter = signed_by_all(signer)
    first, second = charter.signatures[0], charter.signatures[1]
    first.certificate_signature = second.certificate_signature
    assert proof_of(charter, first).kind is ProofKind.FORGED
    second.certificate_signature = base64.b64encode(b"not a signature at all").decode()
    assert proof_of(charter, second).kind is ProofKind.FORGED
    assert not fully_signed(charter)


def test_a_forged_record_stays_forged_after_it_is_saved_and_opened(signer, tmp_path) -> None:
    draft = load_starter("example")
    draft.charter = restamped_after_an_edit(signed_by_all(signer))
    save_draft(draft, tmp_path / "forged.charter")
    opened = load_draft(tmp_path / "forged.charter").charter
    assert set(signature_states(opened).values()) == {SignatureState.FORGED}


@pytest.mark.parametrize(
    ("starts_in_days", "ends_in_days", "words"),
    [(-400, -35, "expired on"), (30, 400, "is not valid until")],
    ids=["expired", "not yet valid"],
)
def test_a_certificate_outside_its_dates_is_refused(
    tmp_path, starts_in_days, ends_in_days, words
) -> None:
    now = datetime.datetime.now(datetime.UTC)
    path = dated_certificate(
        tmp_path / "dated.p12",
        TRUST,
        now + datetime.timedelta(days=starts_in_days),
        now + datetime.timedelta(days=ends_in_days),
    )
    charter = load_starter("example").charter
    with pytest.raises(CertificateSigningError, match=words):
        signing.sign(charter, record(charter, 0), load_certificate(path, PASSPHRASE))
    assert not charter.signatures


def test_a_certificate_not_meant_for_signing_is_refused(tmp_path) -> None:
    now = datetime.datetime.now(datetime.UTC)
    encryption_only = x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=True,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    path = dated_certificate(
        tmp_path / "tls.p12",
        TRUST,
        now - datetime.timedelta(days=1),
        now + datetime.timedelta(days=30),
        encryption_only,
    )
    charter = load_starter("example").charter
    with pytest.raises(CertificateSigningError, match="not meant for signing"):
        signing.sign(charter, record(charter, 0), load_certificate(path, PASSPHRASE))


def test_a_record_is_signed_only_once_it_carries_its_fingerprint(signer) -> None:
    charter = load_starter("example").charter
    with pytest.raises(ValueError):
        certify(charter, record(charter, 0), signer)


def test_removing_or_preparing_a_signature_drops_its_certificate_signature(signer) -> None:
    charter = signed_by_all(signer)
    partner_id = charter.partners[0].id
    signing.withdraw(charter, partner_id).apply(charter)
    kept = signing.signature_for(charter, partner_id)
    assert kept is not None and not kept.digest and not kept.certificate_signature


def test_checking_a_record_again_is_not_repeated_on_every_keystroke(signer) -> None:
    from charter_builder.signatures import sign_proof

    charter = signed_by_all(signer)
    signature_states(charter)
    before = sign_proof._checked.cache_info()
    for _ in range(5):  # five keystrokes' worth of recomputed states
        signature_states(charter)
    after = sign_proof._checked.cache_info()
    assert after.misses == before.misses
    assert after.hits >= before.hits + 5 * len(charter.signatures)


def test_an_older_draft_still_opens_and_is_saved_in_the_new_format(signer, tmp_path) -> None:
    """Format 3 drafts (before certificate signatures) open with records that prove nothing.

    Saved again they say format 4, which an older Charter Builder refuses with
    "saved by a newer version ... please update" instead of showing a forged
    certificate-signed record as signed.
    """
    starter = load_starter("example")
    charter = signed_by_all(signer, certificate=False).model_dump(mode="json")
    for signature in charter["signatures"]:
        del signature["certificate_signature"]  # format 3 had no such field
    old = {"format_version": 3, "charter": charter}
    path = write_draft_zip(tmp_path / "old.charter", old, media=starter.media)
    charter = load_draft(path).charter
    assert charter.signatures and not charter.signatures[0].certificate_signature
    assert proof_of(charter, charter.signatures[0]).label == NOT_CRYPTOGRAPHIC
    save_draft(load_draft(path), tmp_path / "again.charter")
    with zipfile.ZipFile(tmp_path / "again.charter") as archive:
        assert json.loads(archive.read("charter.json"))["format_version"] == 4


def test_diff_says_a_record_was_signed_with_a_certificate_without_printing_it(signer) -> None:
    from charter_builder.drafts.diff import diff_charters, format_changes

    typed = signed_by_all(signer, certificate=False)
    certified = typed.model_copy(deep=True)
    certified.signatures = [certify(certified, s, signer) for s in certified.signatures]
    shown = format_changes(diff_charters(typed, certified))
    assert "Signature from Wyvern Vale Care Association › Signed with a certificate" in shown
    assert certified.signatures[0].certificate_signature[:40] not in shown


def test_a_merge_conflict_says_a_record_was_signed_with_a_certificate(signer) -> None:
    from charter_builder.drafts.merge import describe_value

    signature = signed_by_all(signer).signatures[0]
    shown = describe_value(signature)
    assert "Signed with a certificate: Yes" in shown
    assert signature.certificate_signature[:40] not in shown

"""Digital seals on the charter's PDF, as two partners' secretaries would use them."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from certificates import example_signed_by_every_partner, make_certificate
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from charter_builder.charter.model import Signature
from charter_builder.cli import main
from charter_builder.drafts.draft_file import dumps_charter, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.render import RenderOptions, render_pdf
from charter_builder.signatures.seal import open_charter_pdf, seal_pdf

COUNCIL = "Wyvern County Council"
TRUST = "Wyvern Hospitals NHS Trust"


@dataclass
class Sealed:
    folder: Path
    draft: Path
    unsealed: Path
    once: Path
    twice: Path
    council_p12: Path
    passphrase_file: Path


@pytest.fixture(scope="module")
def sealed(tmp_path_factory) -> Sealed:
    """The worked example signed by every partner, rendered once and sealed twice."""
    folder = tmp_path_factory.mktemp("seal")
    draft = example_signed_by_every_partner(folder)  # the draft the PDF is made from
    unsealed = folder / "charter.pdf"
    unsealed.write_bytes(render_pdf(draft, RenderOptions(archive=True)))
    council = make_certificate(folder / "council.p12", COUNCIL, b"council secret")
    trust = make_certificate(folder / "trust.p12", TRUST, b"trust secret")
    passphrase_file = folder / "council-passphrase.txt"
    passphrase_file.write_bytes(b"council secret\n")
    once, twice = folder / "once.pdf", folder / "twice.pdf"
    assert seal_pdf(unsealed, once, council, b"council secret") == COUNCIL
    assert seal_pdf(once, twice, trust, b"trust secret") == TRUST
    draft_path = folder / "example.charter"
    return Sealed(folder, draft_path, unsealed, once, twice, council, passphrase_file)


def verify(capsys, *args: str | Path) -> tuple[int, str]:
    code = main(["verify", *(str(a) for a in args)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def with_changed_byte(data: bytes, at: int) -> bytes:
    changed = bytearray(data)
    changed[at] = ord("B") if changed[at] != ord("B") else ord("C")
    return bytes(changed)


def test_each_partner_adds_a_seal_and_pyhanko_accepts_both(sealed) -> None:
    # pyHanko's own reader and checks, independent of verify.py. Its comparison of
    # revisions is too slow on its plain reader for a test, so that part runs below
    # on the reader verify uses.
    reader = PdfFileReader(io.BytesIO(sealed.twice.read_bytes()))
    first, second = reader.embedded_signatures
    statuses = [
        validate_pdf_signature(
            embedded,
            ValidationContext(trust_roots=[embedded.signer_cert], allow_fetching=False),
            skip_diff=True,
        )
        for embedded in (first, second)
    ]
    assert all(s.intact and s.valid for s in statuses)
    assert statuses[0].coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert statuses[1].coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert [first.field_name, second.field_name] == ["CharterSeal1", "CharterSeal2"]
    # Each seal is an incremental update: the earlier file is kept byte for byte.
    assert sealed.twice.read_bytes().startswith(sealed.once.read_bytes())

    reader = open_charter_pdf(sealed.twice.read_bytes(), "twice.pdf")
    first = reader.embedded_signatures[0]
    context = ValidationContext(trust_roots=[first.signer_cert], allow_fetching=False)
    status = validate_pdf_signature(first, context)
    assert status.bottom_line
    assert status.modification_level == ModificationLevel.FORM_FILLING


def test_verify_passes_for_a_charter_sealed_by_two_partners(sealed, capsys) -> None:
    code, out = verify(capsys, sealed.twice)
    assert code == 0, out
    assert f"{COUNCIL}: intact" in out
    assert f"{TRUST}: intact" in out
    assert "not from a trusted authority on this computer" in out
    first_partner = load_starter("example").charter.partners[0].name
    assert f"{first_partner}: signed this text (by Dr Ada Example)" in out
    assert "Result: everything checks out." in out


def test_a_change_after_the_second_seal_breaks_only_that_seal(sealed, capsys) -> None:
    once, twice = sealed.once.read_bytes(), sealed.twice.read_bytes()
    # The reason written into the trust's seal: after the council's seal, inside the trust's.
    at = twice.index(b"Approved partnership charter", len(once))
    tampered = sealed.folder / "tampered-late.pdf"
    tampered.write_bytes(with_changed_byte(twice, at))
    code, out = verify(capsys, tampered)
    assert code == 1
    assert f"The file has been changed after it was sealed by {TRUST}" in out
    assert f"{COUNCIL}: intact" in out
    assert "Traceback" not in out


def test_a_change_to_the_charter_breaks_both_seals(sealed, capsys) -> None:
    twice = sealed.twice.read_bytes()
    # Inside the first revision, which both seals cover.
    at = twice.index(b"/Producer") + 1
    tampered = sealed.folder / "tampered-early.pdf"
    tampered.write_bytes(with_changed_byte(twice, at))
    code, out = verify(capsys, tampered)
    assert code == 1
    assert f"The file has been changed after it was sealed by {COUNCIL}" in out
    assert f"The file has been changed after it was sealed by {TRUST}" in out
    assert "2 problems found" in out


def test_verify_compares_the_pdf_with_a_draft(sealed, capsys) -> None:
    code, out = verify(capsys, sealed.twice, "--draft", sealed.draft)
    assert code == 0, out
    assert "“example.charter” is the same as the PDF's" in out

    edited = load_starter("example")
    edited.charter = edited.charter.model_copy(update={"title": "A different charter"})
    save_draft(edited, sealed.folder / "edited.charter")
    code, out = verify(capsys, sealed.twice, "--draft", sealed.folder / "edited.charter")
    assert code == 1
    assert "the draft “edited.charter” differs from the charter in the PDF" in out


def test_an_unsealed_charter_is_intact_but_not_complete(sealed, capsys) -> None:
    # Signed by every partner, but with no seal nothing proves the file is as it was made.
    code, out = verify(capsys, sealed.unsealed)
    assert code == 4, out
    assert out.startswith("Result: intact as far as it can be checked, but not complete.")
    assert "nothing proves the file was not altered since it was made" in out
    assert "this PDF is not sealed" in out
    assert "everything checks out" not in out


def test_sealing_through_the_command_line(sealed, capsys) -> None:
    out_pdf = sealed.folder / "cli-sealed.pdf"
    code = main(
        [
            "seal",
            str(sealed.unsealed),
            "--certificate",
            str(sealed.council_p12),
            "--passphrase-file",
            str(sealed.passphrase_file),
            "-o",
            str(out_pdf),
        ]
    )
    assert code == 0, capsys.readouterr()
    assert COUNCIL in capsys.readouterr().out
    assert verify(capsys, out_pdf)[0] == 0


def seal_with(sealed, capsys, pdf: Path, certificate: Path, passphrase: bytes) -> tuple[int, str]:
    passphrase_file = sealed.folder / "typed.txt"
    passphrase_file.write_bytes(passphrase + b"\n")
    out_pdf = sealed.folder / "refused.pdf"
    out_pdf.unlink(missing_ok=True)
    code = main(
        [
            "seal",
            str(pdf),
            "--certificate",
            str(certificate),
            "--passphrase-file",
            str(passphrase_file),
            "-o",
            str(out_pdf),
        ]
    )
    assert not out_pdf.exists()
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_wrong_passphrase_is_explained(sealed, capsys) -> None:
    code, out = seal_with(sealed, capsys, sealed.unsealed, sealed.council_p12, b"guess")
    assert code == 1
    assert "The passphrase for “council.p12” is not right" in out


def test_a_file_that_is_not_a_certificate_is_explained(sealed, capsys) -> None:
    code, out = seal_with(sealed, capsys, sealed.unsealed, sealed.draft, b"council secret")
    assert code == 1
    assert "“example.charter” is not a certificate file" in out
    code, out = seal_with(
        sealed, capsys, sealed.unsealed, sealed.folder / "missing.p12", b"council secret"
    )
    assert code == 1
    assert "could not be found" in out


def test_a_pdf_not_made_by_charter_builder_is_refused(sealed, capsys) -> None:
    other = sealed.folder / "other.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(other)
    code, out = seal_with(sealed, capsys, other, sealed.council_p12, b"council secret")
    assert code == 1
    assert "“other.pdf” was not made by Charter Builder" in out
    code, out = verify(capsys, other)
    assert code == 1
    assert "was not made by Charter Builder" in out


def test_a_signature_given_for_an_earlier_text_is_a_problem(sealed, capsys) -> None:
    charter = load_starter("example").charter
    partner = charter.partners[1]
    earlier = Signature(partner_id=partner.id, signatory_name="Sam Clerk", digest="ab" * 32)
    charter = charter.model_copy(update={"signatures": [earlier]})
    pdf_path = sealed.folder / "earlier.pdf"
    with pikepdf.open(sealed.unsealed) as pdf:
        pdf.attachments["charter.json"] = pikepdf.AttachedFileSpec(pdf, dumps_charter(charter))
        pdf.save(pdf_path)
    code, out = verify(capsys, pdf_path)
    assert code == 1
    assert f"{partner.name}: signed an earlier version (by Sam Clerk)" in out
    assert f"{partner.name} signed an earlier version of the charter" in out

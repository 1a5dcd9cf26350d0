"""`charter-builder sign-off`, then `render` and `verify`, as a board secretary would run them."""

from __future__ import annotations

import datetime
from pathlib import Path

import pypdf
import pytest
from certificates import make_certificate
from test_sign_proof import PASSPHRASE, TRUST, dated_certificate

from charter_builder.charter.model import Partner
from charter_builder.cli import main
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.signatures.signing import content_digest

EXAMPLE = load_starter("example").charter
FIRST = EXAMPLE.partners[0].name
COUNCIL = EXAMPLE.partners[3].name


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(text: str) -> str:
    return " ".join(text.split())


def verification_panel(pdf: Path) -> str:
    """The text of the page holding the verification panel, as a reader copies it."""
    for page in pypdf.PdfReader(pdf).pages:
        text = one_line(page.extract_text() or "")
        if "What the record proves" in text:
            return text
    raise AssertionError("no verification panel")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "pass.txt").write_bytes(PASSPHRASE + b"\n")
    make_certificate(tmp_path / "trust.p12", TRUST, PASSPHRASE)
    assert main(["new", str(tmp_path / "x.charter"), "--starter", "example"]) == 0
    return tmp_path


def sign_off(capsys, folder: Path, partner: str, *extra: str | Path) -> tuple[int, str, str]:
    return run(
        capsys,
        "sign-off",
        folder / "x.charter",
        "--partner",
        partner,
        "--signatory",
        "Dr Ada Example",
        "--role",
        "Chief Executive",
        "--approved",
        "2026-11-02",
        "--minute",
        "B/26/14",
        *extra,
    )


def with_certificate(folder: Path) -> tuple[str, Path, str, Path]:
    return ("--certificate", folder / "trust.p12", "--passphrase-file", folder / "pass.txt")


def test_sign_off_with_a_certificate_then_render_and_verify(folder, capsys) -> None:
    code, out, err = sign_off(capsys, folder, FIRST.upper(), *with_certificate(folder))
    assert code == 0, err
    assert f"signed with {TRUST}'s certificate" in out
    code, out, err = sign_off(capsys, folder, COUNCIL)
    assert code == 0, err
    assert "recorded, not cryptographically signed" in out

    draft = load_draft(folder / "x.charter")
    assert [r.summary for r in draft.history.revisions][-1].startswith(COUNCIL)
    first = draft.charter.signatures[0]
    assert first.certificate_signature and first.approval.minute_reference == "B/26/14"

    pdf = folder / "x.pdf"
    assert run(capsys, "render", folder / "x.charter", "-o", pdf)[0] == 0
    code, out, _err = run(capsys, "verify", pdf)
    assert code != 1, out  # nothing forged or broken (unsealed and unsigned partners remain)
    lines = out.splitlines()
    certified = f"{FIRST}: signed this text (by Dr Ada Example); signed with {TRUST}'s certificate"
    assert any(line.strip().startswith(certified) for line in lines), out
    typed = f"{COUNCIL}: signed this text (by Dr Ada Example); " + (
        "recorded, not cryptographically signed."
    )
    assert any(line.strip() == typed for line in lines), out
    panel = verification_panel(pdf)
    assert f"Signed with {TRUST}'s certificate" in panel
    assert "Recorded, not cryptographically signed" in panel


def test_a_restamped_certificate_signed_record_fails_verify_and_prints_as_not_signed(
    folder, capsys
) -> None:
    assert sign_off(capsys, folder, FIRST, *with_certificate(folder))[0] == 0
    draft = load_draft(folder / "x.charter")
    charter = draft.charter
    charter.commitments[0].description = "The council pays for everything, for ever."
    for signature in charter.signatures:
        signature.digest = content_digest(charter)  # the attacker re-stamps the fingerprint
    save_draft(draft, folder / "x.charter")

    pdf = folder / "x.pdf"
    assert run(capsys, "render", folder / "x.charter", "-o", pdf)[0] == 0
    code, out, _err = run(capsys, "verify", pdf)
    assert code == 1
    assert f"{FIRST}: forged: the record does not match its certificate signature" in out
    assert "forged" in out.split("Result:")[1]
    panel = verification_panel(pdf)
    assert "Forged: the record does not match its certificate signature: not counted" in panel
    text = one_line(" ".join(p.extract_text() or "" for p in pypdf.PdfReader(pdf).pages))
    assert "Not signed: the signature record for this partner is forged" in text


@pytest.mark.parametrize(
    ("starts", "ends", "words"),
    [(-400, -35, "expired on"), (30, 400, "is not valid until")],
    ids=["expired", "not yet valid"],
)
def test_a_certificate_outside_its_dates_is_refused_and_nothing_is_saved(
    folder, capsys, starts, ends, words
) -> None:
    now = datetime.datetime.now(datetime.UTC)
    dated_certificate(
        folder / "dated.p12",
        TRUST,
        now + datetime.timedelta(days=starts),
        now + datetime.timedelta(days=ends),
    )
    before = (folder / "x.charter").read_bytes()
    code, _out, err = sign_off(
        capsys,
        folder,
        FIRST,
        "--certificate",
        folder / "dated.p12",
        "--passphrase-file",
        folder / "pass.txt",
    )
    assert code == 1
    assert words in err and "Traceback" not in err
    assert (folder / "x.charter").read_bytes() == before


def test_sign_off_names_the_partners_when_one_is_not_found(folder, capsys) -> None:
    code, _out, err = sign_off(capsys, folder, "Nobody in particular")
    assert code == 1
    assert "No partner in the draft is called “Nobody in particular”" in err
    assert COUNCIL in err


def test_sign_off_names_only_the_first_dozen_of_many_partners(folder, capsys) -> None:
    draft = load_draft(folder / "x.charter")
    draft.charter.partners += [Partner(name=f"Parish Council {n}") for n in range(490)]
    save_draft(draft, folder / "x.charter")

    code, _out, err = sign_off(capsys, folder, "Nobody in particular")

    assert code == 1
    assert FIRST in err and "Parish Council 400" not in err
    assert "and 487 more." in err  # 499 partners, 12 of them named
    assert len(err) < 1_200


def test_sign_off_waits_for_the_boards_approval(folder, capsys) -> None:
    code = main(
        [
            "sign-off", str(folder / "x.charter"), "--partner", FIRST,
            "--signatory", "Dr Ada Example", "--approved", "2999-01-01",
        ]
    )  # fmt: skip
    assert code == 1
    assert "The board approves the charter before it is signed" in capsys.readouterr().err


def test_sign_off_leaves_a_draft_someone_has_open_alone(folder, capsys) -> None:
    from charter_builder.drafts.draft_lock import DraftLock

    lock = DraftLock(folder / "x.charter", "Sam Patel", "Wyvern County Council")
    lock.acquire()
    try:
        before = (folder / "x.charter").read_bytes()
        code, _out, err = sign_off(capsys, folder, FIRST)
    finally:
        lock.release()
    assert code == 1
    assert "Sam Patel" in err
    assert (folder / "x.charter").read_bytes() == before

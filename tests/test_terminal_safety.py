"""What the commands print is safe for the terminal that shows it.

A draft or a certificate can carry escape sequences (clear the screen, hide
text, retitle the window) and line breaks that forge one of our own result
lines. Every command shows them escaped, names that are not valid text stay
readable, and a reader closing the pipe early is not an error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from certificates import make_certificate

from charter_builder.cli import main
from charter_builder.drafts.draft_file import save_draft
from charter_builder.drafts.starters import load_starter

CLEAR = "\x1b[2J"
TITLE = "\x1b]0;All signed\x07"
HIDE = "\x1b[8m"
FAKE = "\nResult: everything checks out."
#: A certificate's common name holds at most 64 characters.
COUNCIL = f"Wyvern CC{CLEAR}{FAKE}"


def attack(text: str) -> str:
    return f"{text}{CLEAR}{TITLE}{HIDE}{FAKE}"


def assert_shown_escaped(out: str, own_result_lines: int = 0) -> None:
    assert "\x1b" not in out and "\x07" not in out  # nothing the terminal would obey
    # No forged line of ours: a writer's own line breaks in prose stay, indented under it.
    results = [line for line in out.splitlines() if line.startswith("Result:")]
    assert len(results) <= own_result_lines, out
    assert "\\x1b[2J" in out  # and what the file holds is still visible


def run(capsys, *args: str | Path) -> tuple[int, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def hostile(tmp_path) -> Path:
    """The worked example saved once, then edited with escape sequences and saved again."""
    draft = load_starter("example")
    draft.history.record(draft.charter, "Jane Smith", "Leeds City Council")
    charter = draft.charter
    charter.title = attack("Wyvern Vale Charter")
    charter.partnership.name = attack("Wyvern Vale Partnership")
    charter.partners[0].name = attack("Leeds City Council")
    charter.partners[0].representative.email = attack("not-an-address")
    charter.purpose.why = attack("Because together we do better.")
    draft.history.record(charter, attack("Mallory"), attack("Nowhere Trust"))
    path = tmp_path / "hostile.charter"
    save_draft(draft, path)
    return path


def test_validate_shows_escape_sequences_escaped(hostile, capsys) -> None:
    code, out = run(capsys, "validate", hostile)
    assert code == 1  # the email address is a problem to put right
    assert "not-an-address" in out
    assert_shown_escaped(out)


def test_history_shows_escape_sequences_escaped(hostile, capsys) -> None:
    code, out = run(capsys, "history", hostile)
    assert code == 0
    assert "Mallory" in out
    assert_shown_escaped(out)


@pytest.mark.parametrize("revisions", [[], ["1"], ["1", "2"]])
def test_diff_shows_escape_sequences_escaped(hostile, capsys, revisions) -> None:
    code, out = run(capsys, "diff", hostile, *revisions)
    assert code == 0
    assert "Leeds City Council" in out
    assert_shown_escaped(out)


def test_merge_conflicts_show_escape_sequences_escaped(hostile, tmp_path, capsys) -> None:
    from charter_builder.drafts.draft_file import load_draft

    theirs = load_draft(hostile)
    theirs.charter.purpose.why = attack("Because we said so.")
    theirs.history.record(theirs.charter, "Ola", "Wyvern Hospice")
    save_draft(theirs, tmp_path / "theirs.charter")
    mine = load_draft(hostile)
    mine.charter.purpose.why = attack("Because it is right.")
    mine.history.record(mine.charter, "Jane", "Leeds City Council")
    save_draft(mine, tmp_path / "mine.charter")

    mine_path, theirs_path = tmp_path / "mine.charter", tmp_path / "theirs.charter"
    code, out = run(capsys, "merge", mine_path, theirs_path, "-o", tmp_path / "merged.charter")
    assert code == 3
    assert_shown_escaped(out)


def test_an_error_quoting_a_typed_revision_shows_it_escaped(hostile, capsys) -> None:
    code, out = run(capsys, "diff", hostile, f"ab{CLEAR}")
    assert code == 1
    assert "\x1b" not in out


@pytest.fixture(scope="module")
def sealed_by_a_hostile_certificate(tmp_path_factory) -> Path:
    from charter_builder.render import RenderOptions, render_pdf
    from charter_builder.signatures.seal import seal_pdf

    folder = tmp_path_factory.mktemp("hostile-seal")
    draft = load_starter("example")
    draft.charter.partners[0].name = attack("Leeds City Council")
    unsealed = folder / "charter.pdf"
    unsealed.write_bytes(render_pdf(draft, RenderOptions(archive=True)))
    certificate = make_certificate(folder / "c.p12", COUNCIL, b"pw")
    sealed = folder / "sealed.pdf"
    seal_pdf(unsealed, sealed, certificate, b"pw")
    return sealed


def test_verify_shows_a_certificate_and_partner_name_escaped(
    sealed_by_a_hostile_certificate, capsys
) -> None:
    """The newline in the name relies on verify.describe passing names through one_line."""
    _code, out = run(capsys, "verify", sealed_by_a_hostile_certificate)
    assert "Wyvern CC" in out
    assert_shown_escaped(out, own_result_lines=1)


def test_seal_shows_the_certificate_name_escaped(
    sealed_by_a_hostile_certificate, tmp_path, capsys
) -> None:
    certificate = make_certificate(tmp_path / "c.p12", COUNCIL, b"pw")
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_bytes(b"pw\n")
    code, out = run(
        capsys,
        "seal",
        sealed_by_a_hostile_certificate,
        "--certificate",
        certificate,
        "--passphrase-file",
        passphrase,
        "-o",
        tmp_path / "twice.pdf",
    )
    assert code == 0, out
    assert_shown_escaped(out)


# -- pipes and file names ---------------------------------------------------------


def test_history_into_head_ends_quietly(tmp_path) -> None:
    draft = load_starter("example")
    for number in range(400):  # far more than a pipe holds, so the writer meets a closed pipe
        draft.charter.version = f"0.{number}"
        draft.history.record(draft.charter, "Jane Smith", "Leeds City Council", summary="x" * 300)
    path = tmp_path / "long.charter"
    save_draft(draft, path)
    command = f"{sys.executable} -m charter_builder.cli history {path} | head -1"
    done = subprocess.run(
        ["bash", "-c", command + "; echo status=${PIPESTATUS[0]} >&2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.startswith("long.charter: 400 revisions")
    assert "status=0" in done.stderr
    assert "Something went wrong" not in done.stderr
    assert "Error" not in done.stderr and "Exception" not in done.stderr, done.stderr


def test_render_to_a_file_name_that_is_not_text_on_a_strict_terminal(tmp_path) -> None:
    draft = tmp_path / "charter.charter"
    save_draft(load_starter("blank"), draft)
    output = os.fsencode(tmp_path) + b"/caf\xe9.pdf"
    environment = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"}
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"charter_builder.cli", b"render", os.fsencode(draft),
         b"-o", output],
        capture_output=True,
        timeout=120,
        env=environment,
    )
    out = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
    assert done.returncode == 0, out
    assert os.path.exists(output)
    assert "caf\\xe9.pdf" in out  # the byte shown as itself, readable
    assert "Something went wrong" not in out


def test_a_draft_name_that_is_not_text_is_shown_readably_when_refused(tmp_path) -> None:
    missing = os.fsencode(tmp_path) + b"/r\xe9sum\xe9.charter"
    environment = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"}
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"charter_builder.cli", b"validate", missing],
        capture_output=True,
        timeout=60,
        env=environment,
    )
    out = done.stderr.decode("utf-8")
    assert done.returncode == 1
    assert "“r\\xe9sum\\xe9.charter” could not be opened" in out


def test_escape_sequences_through_the_installed_command_within_budget(hostile) -> None:
    """The hostile-input budget (10 s, 500 MB, exit 1, plain words) holds for escapes too."""
    from bounded_run import run_cli

    outcome = run_cli("validate", hostile, cwd=hostile.parent)

    assert outcome.code == 1 and outcome.within_budget, str(outcome)
    assert_shown_escaped(outcome.stdout + outcome.stderr)
    assert "Traceback" not in outcome.stderr

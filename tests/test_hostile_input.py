"""Hostile files get a plain refusal, quickly and cheaply, through the real command.

Each class of hostile input a careless or malicious sender could hand a board
secretary (a pipe or a device where a file should be, a zip that inflates past
any charter, JSON nested or repeated beyond reason, a date no calendar holds, a
zip name that is not the text it claims) is given to the installed
``charter-builder`` in a process of its own. It must end within 10 seconds and
500 MB with exit 1 and a sentence a person can read: never a hang, never a
flood of memory, never "Something went wrong".
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from bounded_run import MEGABYTES, SECONDS, Outcome, run_cli
from certificates import make_certificate
from robustness.fuzz_reader import build_zip, read_entries

from charter_builder.drafts.draft_file import dumps_draft
from charter_builder.drafts.draft_lock import lock_path_for, read_lock
from charter_builder.drafts.starters import load_starter

BAD_TIME = "9999-12-31T23:59:59-23:59"
PASSPHRASE = b"correct horse"


def refused_plainly(outcome: Outcome, *words: str) -> None:
    """Exit 1 within budget, with the given words and nothing a person could not read."""
    assert outcome.code == 1, str(outcome)
    assert outcome.seconds < SECONDS, str(outcome)
    assert outcome.peak_mb < MEGABYTES, str(outcome)
    assert "Something went wrong" not in outcome.stderr, str(outcome)
    assert "Traceback" not in outcome.stderr + outcome.stdout, str(outcome)
    for word in words:
        assert word in outcome.stderr, str(outcome)


def example_bytes() -> bytes:
    draft = load_starter("example")
    draft.history.record(draft.charter, "Asha Patel", "Wyvern Vale ICB")
    return dumps_draft(draft)


def with_entry(name: str, raw: bytes | Callable[[bytes], bytes]) -> bytes:
    """The example draft with one entry replaced (or added), compressed as we compress."""
    entries = read_entries(example_bytes())
    names = [entry[0] for entry in entries]
    if name in names:
        at = names.index(name)
        data = raw(entries[at][1]) if callable(raw) else raw
        entries[at] = (name, data, zipfile.ZIP_DEFLATED)
    else:
        assert not callable(raw)
        entries.append((name, raw, zipfile.ZIP_DEFLATED))
    return build_zip(entries)


def with_json(name: str, change: Callable[[dict], None]) -> bytes:
    def changed(raw: bytes) -> bytes:
        document = json.loads(raw)
        change(document)
        return json.dumps(document, ensure_ascii=False).encode()

    return with_entry(name, changed)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "x.charter"
    os.mkfifo(path)
    return path


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    cert = make_certificate(tmp_path / "wyvern.p12", "Wyvern Vale ICB", PASSPHRASE)
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_bytes(PASSPHRASE + b"\n")
    return cert, passphrase


# ---------------------------------------------------------------- not ordinary files


@pytest.mark.parametrize(
    "command",
    [["validate"], ["render", "-o", "out.pdf"], ["verify"], ["history"]],
    ids=["validate", "render", "verify", "history"],
)
def test_a_pipe_named_like_a_draft_is_refused_at_once(tmp_path, fifo, command):
    outcome = run_cli(*command[:1], fifo, *command[1:], cwd=tmp_path)
    refused_plainly(outcome, "“x.charter”", "pipe")
    assert not (tmp_path / "out.pdf").exists()


def test_a_pipe_as_the_pdf_to_seal_is_refused(tmp_path, fifo, certificate):
    cert, passphrase = certificate
    outcome = run_cli(
        "seal", fifo, "--certificate", cert, "--passphrase-file", passphrase, "-o", "s.pdf",
        cwd=tmp_path,
    )
    refused_plainly(outcome, "pipe")
    assert not (tmp_path / "s.pdf").exists()


def test_a_pipe_as_the_certificate_or_passphrase_file_is_refused(tmp_path, fifo, certificate):
    cert, passphrase = certificate
    pdf = tmp_path / "charter.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    as_certificate = run_cli(
        "seal", pdf, "--certificate", fifo, "--passphrase-file", passphrase, "-o", "s.pdf",
        cwd=tmp_path,
    )
    refused_plainly(as_certificate, "“x.charter”", "pipe")
    as_passphrase = run_cli(
        "seal", pdf, "--certificate", cert, "--passphrase-file", fifo, "-o", "s.pdf",
        cwd=tmp_path,
    )
    refused_plainly(as_passphrase, "passphrase file", "pipe")


@pytest.mark.parametrize("command", ["validate", "verify", "seal"])
def test_dev_zero_as_draft_pdf_or_certificate_is_refused_without_reading_it(
    tmp_path, command
):
    args = {
        "validate": ["validate", "/dev/zero"],
        "verify": ["verify", "/dev/zero"],
        "seal": ["seal", "/dev/zero", "--certificate", "/dev/zero", "-o", "s.pdf"],
    }[command]
    refused_plainly(run_cli(*args, cwd=tmp_path), "device")


def test_a_draft_that_is_a_link_to_a_device_is_refused(tmp_path):
    link = tmp_path / "board papers.charter"
    link.symlink_to("/dev/urandom")
    refused_plainly(run_cli("validate", link, cwd=tmp_path), "“board papers.charter”", "device")
    refused_plainly(run_cli("verify", link, cwd=tmp_path), "device")


def test_a_folder_named_like_a_draft_is_refused(tmp_path):
    folder = tmp_path / "papers.charter"
    folder.mkdir()
    refused_plainly(run_cli("validate", folder, cwd=tmp_path), "folder")
    refused_plainly(run_cli("verify", folder, cwd=tmp_path), "folder")


# ---------------------------------------------------------------- too much, inside the file


def test_a_history_that_inflates_past_its_limit_is_refused(tmp_path):
    """40 MB of history (within the old 100 MB limit, which let 1 GB of memory through)."""
    padded = b'{"head":null,"revisions":[],"objects":{}' + b" " * (40 * 1024 * 1024) + b"}"
    path = tmp_path / "padded.charter"
    path.write_bytes(with_entry("history.json", padded))
    refused_plainly(run_cli("validate", path, cwd=tmp_path), "larger than 32 MB")


def test_a_history_of_millions_of_empty_items_is_refused(tmp_path):
    """Ten million ``{}`` zip to 300 KB; parsed, they took gigabytes."""
    many = b'{"head":null,"revisions":[' + b"{}," * 10_000_000 + b'{}],"objects":{}}'
    path = tmp_path / "many.charter"
    path.write_bytes(with_entry("history.json", many))
    assert path.stat().st_size < 400_000
    refused_plainly(run_cli("validate", path, cwd=tmp_path), "millions more items")


def test_a_charter_with_a_million_unknown_keys_is_refused(tmp_path):
    def spoil(document):
        document["charter"]["partnership"].update({f"k{n:07d}": 0 for n in range(1_300_000)})

    path = tmp_path / "keys.charter"
    path.write_bytes(with_json("charter.json", spoil))
    refused_plainly(run_cli("validate", path, cwd=tmp_path), "millions more items")


def test_a_drawn_signature_of_millions_of_numbers_is_refused(tmp_path):
    def spoil(document):
        partner = document["charter"]["partners"][0]["id"]
        document["charter"]["signatures"] = [
            {
                "id": "s1",
                "partner_id": partner,
                "method": "drawn",
                "strokes": [[1] * 20_000 for _ in range(225)],  # 4.5 million numbers
            }
        ]

    path = tmp_path / "strokes.charter"
    path.write_bytes(with_json("charter.json", spoil))
    refused_plainly(run_cli("validate", path, cwd=tmp_path), "millions more items")


def test_one_enormous_string_with_an_emoji_is_refused(tmp_path):
    """One emoji makes Python keep every character in four bytes: 20 MB became 80 MB, times 3."""

    def spoil(document):
        document["revisions"][0]["author"] = "a" * (20 * 1024 * 1024) + "🏥"

    path = tmp_path / "string.charter"
    path.write_bytes(with_json("history.json", spoil))
    refused_plainly(run_cli("validate", path, cwd=tmp_path), "text far longer")


def test_deep_nesting_is_refused(tmp_path):
    deep = "[" * 900 + "1" + "]" * 900

    def spoil(raw: bytes) -> bytes:
        return raw.replace(b'"title":', b'"deep":' + deep.encode() + b',"title":', 1)

    path = tmp_path / "deep.charter"
    path.write_bytes(with_entry("charter.json", spoil))
    refused_plainly(run_cli("validate", path, cwd=tmp_path), "more deeply")


# ---------------------------------------------------------------- dates and names


def test_an_unrepresentable_time_in_a_revision_is_refused_as_damage(tmp_path):
    def spoil(history):
        history["revisions"][0]["time"] = BAD_TIME

    path = tmp_path / "time.charter"
    path.write_bytes(with_json("history.json", spoil))
    refused_plainly(run_cli("validate", path, cwd=tmp_path), "history", "damaged")
    refused_plainly(run_cli("history", path, cwd=tmp_path), "damaged")


def test_an_unrepresentable_time_in_a_concern_is_refused_as_damage(tmp_path):
    def spoil(document):
        document["charter"]["concerns"] = [
            {"id": "c1", "section": "purpose", "text": "Too vague", "raised_on": BAD_TIME}
        ]

    path = tmp_path / "concern.charter"
    path.write_bytes(with_json("charter.json", spoil))
    outcome = run_cli("validate", path, cwd=tmp_path)
    refused_plainly(outcome, "Raised on", "cannot be right")


def test_an_unrepresentable_time_in_the_lock_file_does_not_stop_validate_or_opening(tmp_path):
    path = tmp_path / "locked.charter"
    path.write_bytes(example_bytes())
    lock = lock_path_for(path)
    record = {"name": "Jane", "organisation": "Leeds", "machine": "elsewhere", "pid": 1}
    lock.write_text(json.dumps({**record, "since": BAD_TIME, "refreshed": BAD_TIME}))
    outcome = run_cli("validate", path, cwd=tmp_path)
    assert outcome.code in (0, 1) and "Something went wrong" not in outcome.stderr, outcome
    state = read_lock(path)  # the window asks this before opening: no OverflowError
    assert state is not None and state.holder.name == ""  # damaged: nobody we can name


def test_a_zip_name_that_is_not_the_utf8_it_claims_is_refused_as_damage(tmp_path):
    """Found by the fuzzer: zipfile raised UnicodeDecodeError from inside archive.open."""
    data = bytearray(example_bytes())
    local = data.index(b"PK\x03\x04", 1)  # the second entry: charter.json
    flags = int.from_bytes(data[local + 6 : local + 8], "little") | 0x800
    data[local + 6 : local + 8] = flags.to_bytes(2, "little")
    name_length = int.from_bytes(data[local + 26 : local + 28], "little")
    data[local + 30 : local + 30 + name_length] = b"\xff" * name_length
    path = tmp_path / "name.charter"
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive, pytest.raises(UnicodeDecodeError):
        archive.open("charter.json")  # what the reader met, and did not expect
    refused_plainly(run_cli("validate", path, cwd=tmp_path), "damaged")

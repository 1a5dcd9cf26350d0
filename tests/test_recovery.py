"""Recovery copies on disk: written whole, offered only when their writer has gone."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from charter_builder.drafts.draft_file import dumps_draft
from charter_builder.drafts.draft_lock import FileStamp, this_machine
from charter_builder.drafts.recovery import (
    RecoveryError,
    RecoveryNote,
    RecoveryStore,
    new_recovery_id,
)
from charter_builder.drafts.starters import load_starter
from charter_builder.when import day_at_clock


def dead_pid() -> int:
    """The id of a process that has certainly finished."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


@pytest.fixture
def store(tmp_path: Path) -> RecoveryStore:
    return RecoveryStore(tmp_path / "data" / "recovery")


def note_from(pid: int, original: Path | None = None, **changes) -> RecoveryNote:
    name = original.name if original else "Untitled.charter"
    note = RecoveryNote.for_this_process(original, name, "Wyvern Vale Partnership")
    return replace(note, pid=pid, **changes)


def test_a_copy_left_by_a_crashed_process_is_offered_and_restores_every_change(store) -> None:
    draft = load_starter("example")
    draft.charter.purpose.vision = "Everyone in Wyvern Vale lives a longer, healthier life."
    original = Path("/shared/ics/wyvern.charter")
    on_disk = FileStamp(1234, 5678, "ab" * 32)
    recovery_id = new_recovery_id()
    store.write(recovery_id, dumps_draft(draft), note_from(dead_pid(), original, stamp=on_disk))

    [found] = store.left_behind()
    assert found.id == recovery_id
    assert found.note.original == original
    assert found.note.display_name == "wyvern.charter"
    assert found.note.stamp == on_disk
    assert found.note.machine == this_machine()
    assert found.belongs_to() == "wyvern.charter in /shared/ics"
    assert found.saved_when().startswith("today at ")
    restored = store.load(found)
    assert restored.charter == draft.charter

    store.discard(found.id)
    assert store.left_behind() == []
    assert list(store.folder.iterdir()) == []


def test_a_copy_of_a_new_draft_says_so(store) -> None:
    store.write(new_recovery_id(), dumps_draft(load_starter("blank")), note_from(dead_pid()))
    [found] = store.left_behind()
    assert found.note.original is None
    assert found.belongs_to() == "a new draft not yet saved"
    assert found.note.title == "Wyvern Vale Partnership"


def test_a_copy_written_again_replaces_the_last_one(store) -> None:
    recovery_id = new_recovery_id()
    draft = load_starter("example")
    pid = dead_pid()
    store.write(recovery_id, dumps_draft(draft), note_from(pid))
    draft.charter.partnership.place = "Second version"
    store.write(recovery_id, dumps_draft(draft), note_from(pid))
    [found] = store.left_behind()
    assert store.load(found).charter.partnership.place == "Second version"
    assert sorted(p.name for p in store.folder.iterdir()) == [
        f"{recovery_id}.charter",
        f"{recovery_id}.json",
    ]


def test_copies_of_running_processes_are_never_offered(store) -> None:
    data = dumps_draft(load_starter("example"))
    # This process (another window of ours) and a second running one (another window).
    store.write(new_recovery_id(), data, RecoveryNote.for_this_process(None, "Untitled.charter"))
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        store.write(new_recovery_id(), data, note_from(other.pid))
        assert store.left_behind() == []
    finally:
        other.kill()
        other.wait()
    [found] = store.left_behind()
    assert found.note.pid == other.pid


def test_copies_from_another_computer_are_offered_only_once_quiet(store) -> None:
    data = dumps_draft(load_starter("example"))
    now = datetime.now(UTC)
    store.write(new_recovery_id(), data, note_from(1, machine="LAPTOP-7", saved_at=now))
    assert store.left_behind(now=now + timedelta(minutes=1)) == []
    assert len(store.left_behind(now=now + timedelta(hours=1))) == 1


def test_the_newest_copy_comes_first(store) -> None:
    data = dumps_draft(load_starter("example"))
    pid = dead_pid()
    old = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    store.write(new_recovery_id(), data, note_from(pid, Path("/a/old.charter"), saved_at=old))
    store.write(new_recovery_id(), data, note_from(pid, Path("/a/new.charter")))
    assert [r.note.display_name for r in store.left_behind()] == ["new.charter", "old.charter"]


def test_damaged_copies_are_skipped_with_a_log_line(store, caplog) -> None:
    pid = dead_pid()
    good = new_recovery_id()
    store.write(good, dumps_draft(load_starter("example")), note_from(pid))
    folder = store.folder
    (folder / f"{new_recovery_id()}.json").write_bytes(b"{not json")
    (folder / f"{new_recovery_id()}.json").write_bytes(b"\xff\xfe\x00")
    (folder / f"{new_recovery_id()}.json").write_bytes(b'{"version": 1}')
    orphan = new_recovery_id()  # a note whose draft has gone
    (folder / f"{orphan}.json").write_bytes(note_from(pid).to_json())
    (folder / "notes.json").write_text("{}")  # not ours at all: ignored quietly
    with caplog.at_level(logging.WARNING, logger="charter_builder.drafts.recovery"):
        found = store.left_behind()
    assert [r.id for r in found] == [good]
    assert sum("skipping damaged recovery copy" in r.message for r in caplog.records) == 4


def test_files_half_written_by_a_crash_are_tidied_once_old(store) -> None:
    store.write(new_recovery_id(), dumps_draft(load_starter("example")), note_from(dead_pid()))
    old = store.folder / ".0123456789abcdef01234567.charter.1a2b3c4d5e6f.saving"
    recent = store.folder / ".0123456789abcdef01234567.json.5e6f7a8b9c0d.saving"
    old.write_bytes(b"half")
    recent.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    assert len(store.left_behind()) == 1
    assert not old.exists() and recent.exists()


def test_a_damaged_draft_cannot_be_restored_and_says_so_plainly(store, caplog) -> None:
    recovery_id = new_recovery_id()
    store.write(recovery_id, b"PK\x03\x04 this is not a draft", note_from(dead_pid()))
    [found] = store.left_behind()
    with caplog.at_level(logging.WARNING), pytest.raises(RecoveryError) as raised:
        store.load(found)
    assert raised.value.message == (
        "The recovery copy of “Untitled.charter” is damaged and could not be restored. "
        "Nothing has been changed; your last saved copy is as it was."
    )
    assert "damaged recovery copy" in caplog.text

    found.draft_path.unlink()
    with pytest.raises(RecoveryError, match="could not be read"):
        store.load(found)


def test_a_folder_that_cannot_be_written_says_so_plainly(tmp_path) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(RecoveryError) as raised:
        RecoveryStore(blocked / "recovery").write(
            new_recovery_id(), b"x", RecoveryNote.for_this_process(None, "Untitled.charter")
        )
    assert raised.value.message.startswith(
        "Charter Builder could not keep a recovery copy of your unsaved changes"
    )
    assert "Please save your work." in raised.value.message


def test_an_empty_or_missing_folder_offers_nothing(store) -> None:
    assert store.left_behind() == []
    store.discard(new_recovery_id())  # nothing there: nothing happens


def test_times_are_described_in_words() -> None:
    now = datetime(2025, 6, 11, 15, 0).astimezone()
    assert day_at_clock(now.replace(hour=14, minute=5), now) == "today at 14:05"
    assert day_at_clock(now - timedelta(days=1), now) == "yesterday at 15:00"
    assert day_at_clock(now - timedelta(days=2), now) == "on Monday 9 June at 15:00"
    assert day_at_clock(now - timedelta(days=365), now) == "on Tuesday 11 June 2024 at 15:00"

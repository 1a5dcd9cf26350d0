"""Shared-drive safety in the core: who has a draft open, and whether it changed on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from charter_builder.drafts.draft_lock import (
    STALE_AFTER,
    DraftLock,
    DraftLocked,
    changed_since,
    describe_holder,
    lock_path_for,
    read_lock,
    read_with_stamp,
    stamp,
    this_machine,
)


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "wyvern.charter"
    path.write_bytes(b"a draft, as far as locking is concerned")
    return path


def _rewrite_lock(draft: Path, **changes: object) -> None:
    path = lock_path_for(draft)
    record = json.loads(path.read_bytes())
    record.update(changes)
    path.write_text(json.dumps(record))


def test_the_lock_sits_hidden_beside_the_draft_and_goes_on_release(draft: Path) -> None:
    lock = DraftLock(draft, "Jane Smith", "Leeds City Council")
    lock.acquire()
    beside = draft.parent / ".~lock.wyvern.charter#"
    assert beside.exists()
    record = json.loads(beside.read_bytes())
    assert record["name"] == "Jane Smith"
    assert record["organisation"] == "Leeds City Council"
    assert record["machine"] == this_machine()
    assert record["pid"] == os.getpid()
    assert datetime.fromisoformat(record["since"]).tzinfo is not None
    lock.release()
    assert not beside.exists()
    assert draft.exists()


def test_a_second_person_is_told_who_has_it_and_since_when(draft: Path) -> None:
    first = DraftLock(draft, "Jane Smith", "Leeds City Council")
    first.acquire()
    second = DraftLock(draft, "Sam Patel", "Wyvern County Council")
    with pytest.raises(DraftLocked) as caught:
        second.acquire()
    error = caught.value
    assert error.holder.name == "Jane Smith"
    assert error.holder.organisation == "Leeds City Council"
    assert not error.stale
    since = error.holder.since.astimezone().strftime("%H:%M")
    assert error.message == (
        f"Jane Smith (Leeds City Council) has had this draft open on {this_machine()} "
        f"since {since} today."
    )
    assert not second.held
    # The second person's failed attempt left the first person's lock as it was.
    assert first.is_ours()


def test_the_message_reads_naturally_for_other_days(draft: Path) -> None:
    DraftLock(draft, "Jane Smith", "Leeds City Council").acquire()
    state = read_lock(draft)
    assert state is not None
    later = state.holder.since + timedelta(days=1)
    assert "yesterday" in describe_holder(state, now=later)
    much_later = state.holder.since + timedelta(days=5)
    local = state.holder.since.astimezone()
    assert f"on {local.strftime('%A')} {local.day} {local.strftime('%B')}." in describe_holder(
        state, now=much_later
    )


def test_a_lock_left_by_a_program_that_has_ended_looks_stale(draft: Path) -> None:
    """The same computer can check: the program that placed the lock is gone."""
    code = (
        "import sys; from charter_builder.drafts.draft_lock import DraftLock; "
        "DraftLock(sys.argv[1], 'Jane Smith', 'Leeds City Council').acquire()"
    )
    subprocess.run([sys.executable, "-c", code, str(draft)], check=True)
    with pytest.raises(DraftLocked) as caught:
        DraftLock(draft, "Sam Patel", "Wyvern County Council").acquire()
    assert caught.value.stale
    assert "closed unexpectedly" in caught.value.state.stale_reason


def test_a_lock_still_held_by_a_running_program_is_not_stale(draft: Path) -> None:
    DraftLock(draft, "Jane Smith", "Leeds City Council").acquire()
    state = read_lock(draft)
    assert state is not None and not state.stale


def test_a_lock_from_another_computer_not_refreshed_for_long_looks_stale(draft: Path) -> None:
    DraftLock(draft, "Jane Smith", "Leeds City Council").acquire()
    old = datetime.now(UTC) - STALE_AFTER - timedelta(minutes=5)
    _rewrite_lock(draft, machine="LAPTOP-7", since=old.isoformat(), refreshed=old.isoformat())
    os.utime(lock_path_for(draft), (old.timestamp(), old.timestamp()))
    state = read_lock(draft)
    assert state is not None and state.stale
    assert "left behind" in state.stale_reason
    # A recent refresh keeps it live, however long ago it was opened.
    _rewrite_lock(draft, refreshed=datetime.now(UTC).isoformat())
    state = read_lock(draft)
    assert state is not None and not state.stale


def test_refreshing_keeps_an_open_draft_live(draft: Path) -> None:
    lock = DraftLock(draft, "Jane Smith", "Leeds City Council")
    lock.acquire()
    old = datetime.now(UTC) - STALE_AFTER - timedelta(minutes=5)
    _rewrite_lock(draft, machine="LAPTOP-7", refreshed=old.isoformat())
    os.utime(lock_path_for(draft), (old.timestamp(), old.timestamp()))
    assert read_lock(draft).stale  # type: ignore[union-attr]
    assert lock.refresh() is True
    state = read_lock(draft)
    assert state is not None and not state.stale
    assert state.holder.name == "Jane Smith"


def test_a_lock_someone_deleted_is_put_back_at_the_next_refresh(draft: Path) -> None:
    lock = DraftLock(draft, "Jane Smith", "Leeds City Council")
    lock.acquire()
    lock_path_for(draft).unlink()
    assert lock.refresh() is True
    assert lock.is_ours()
    lock.release()
    assert not lock_path_for(draft).exists()


def test_taking_over_makes_the_lock_ours_and_the_first_holder_finds_out(draft: Path) -> None:
    first = DraftLock(draft, "Jane Smith", "Leeds City Council")
    first.acquire()
    second = DraftLock(draft, "Sam Patel", "Wyvern County Council")
    with pytest.raises(DraftLocked):
        second.acquire()
    second.take_over()
    assert second.is_ours()
    assert read_lock(draft).holder.name == "Sam Patel"  # type: ignore[union-attr]
    # Jane's next refresh learns she no longer has it, and does not take it back.
    assert first.refresh() is False
    assert read_lock(draft).holder.name == "Sam Patel"  # type: ignore[union-attr]


def test_releasing_leaves_someone_elses_lock_alone(draft: Path) -> None:
    first = DraftLock(draft, "Jane Smith", "Leeds City Council")
    first.acquire()
    second = DraftLock(draft, "Sam Patel", "Wyvern County Council")
    second.take_over()
    first.release()  # Jane closes after Sam took over
    assert lock_path_for(draft).exists()
    assert second.is_ours()
    second.release()
    assert not lock_path_for(draft).exists()
    # Releasing twice, or a lock never acquired, does nothing.
    second.release()
    DraftLock(draft, "Someone", "").release()


def test_a_damaged_lock_still_stops_a_second_opening(draft: Path) -> None:
    lock_path_for(draft).write_bytes(b"\x00garbage")
    with pytest.raises(DraftLocked) as caught:
        DraftLock(draft, "Sam Patel", "Wyvern County Council").acquire()
    assert "cannot tell who" in caught.value.message


def test_a_change_on_disk_is_noticed(draft: Path) -> None:
    data, opened = read_with_stamp(draft)
    assert opened == stamp(draft)
    assert not changed_since(draft, opened)
    draft.write_bytes(data + b" and more")
    assert changed_since(draft, opened)


def test_a_change_with_the_same_size_and_time_is_still_noticed(draft: Path) -> None:
    """A copy tool can put the old time back; the content hash still tells."""
    opened = stamp(draft)
    data = draft.read_bytes()
    draft.write_bytes(data.replace(b"a draft", b"A DRAFT"))
    os.utime(draft, ns=(opened.mtime_ns, opened.mtime_ns))
    now = stamp(draft)
    assert (now.size, now.mtime_ns) == (opened.size, opened.mtime_ns)
    assert changed_since(draft, opened)


def test_touching_the_file_without_changing_it_is_not_a_change(draft: Path) -> None:
    opened = stamp(draft)
    later = opened.mtime_ns + 60 * 10**9
    os.utime(draft, ns=(later, later))
    assert not changed_since(draft, opened)


def test_a_draft_that_has_gone_is_not_a_change_by_someone_else(draft: Path) -> None:
    opened = stamp(draft)
    draft.unlink()
    assert not changed_since(draft, opened)

"""The open draft's life without a window: saving, rolling back, the lock ladder."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from draft_fixtures import png_bytes

from charter_builder.drafts.draft_file import DraftFileError, load_draft, save_draft
from charter_builder.drafts.draft_lock import DraftLock, lock_path_for
from charter_builder.drafts.draft_merge import merge_drafts
from charter_builder.drafts.starters import load_starter
from charter_builder.session import DraftChangedOnDisk, OpenDraft
from charter_builder.session.lease import (
    LockChoice,
    lease_for_opening,
    lease_for_saving,
    settle_opening,
)
from charter_builder.session.merging import take_merged

SAM = ("Sam Patel", "Wyvern County Council")
JANE = ("Jane Smith", "Leeds City Council")


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "wyvern.charter"
    draft = load_starter("example")
    draft.history.record(draft.charter, *JANE)
    save_draft(draft, path)
    return path


def _in_the_way(tmp_path: Path, how: str) -> Path:
    if how == "a folder":
        (tmp_path / "board.charter").mkdir()
        return tmp_path / "board.charter"
    (tmp_path / "notes").write_text("not a folder")
    return tmp_path / "notes" / "board.charter"  # its "folder" is a file


@pytest.mark.parametrize("how", ["a folder", "a file for a folder"])
def test_a_failed_save_leaves_the_history_without_the_new_revision(saved, tmp_path, how) -> None:
    session = OpenDraft.read(saved)
    session.draft.charter.purpose.vision = "Healthier lives, closer to home."
    history = session.draft.history.to_json()
    head = session.draft.history.head

    with pytest.raises(DraftFileError) as failed:
        session.save(_in_the_way(tmp_path, how), author=SAM)

    assert "could not be saved" in failed.value.message
    assert session.draft.history.to_json() == history
    assert session.draft.history.head == head
    assert session.draft.charter.purpose.vision == "Healthier lives, closer to home."
    assert session.path == saved  # still the draft it was
    # the next save, somewhere that works, records just one revision
    session.save(author=SAM)
    assert len(load_draft(saved).history) == 2


def test_a_failed_save_after_a_merge_still_joins_the_other_copy_next_time(saved, tmp_path):
    mine, theirs = OpenDraft.read(saved), OpenDraft.read(saved)
    mine.draft.charter.purpose.vision = "Mine."
    mine.save(author=SAM)
    theirs.draft.charter.governance.meeting_rhythm = "Monthly."
    theirs.save(tmp_path / "theirs.charter", author=JANE)
    take_merged(mine, merge_drafts(mine.draft, theirs.draft).draft)
    pending = mine.draft.history.pending_merge
    assert pending is not None

    with pytest.raises(DraftFileError):
        mine.save(_in_the_way(tmp_path, "a folder"), author=SAM)

    assert mine.draft.history.pending_merge == pending
    revision = mine.save(author=SAM)
    assert revision is not None and revision.is_merge


def test_saving_changes_nothing_in_memory_but_the_new_revision(saved) -> None:
    session = OpenDraft.read(saved)
    session.draft.add_image(png_bytes((200, 30, 30)))  # a logo since cleared, still undoable
    session.draft.charter.purpose.vision = "Healthier lives, closer to home."
    before = copy.deepcopy(session.draft)

    revision = session.save(author=SAM)

    assert revision is not None
    assert session.draft.charter == before.charter
    assert session.draft.media == before.media
    assert [r.id for r in session.draft.history.revisions] == [
        *(r.id for r in before.history.revisions), revision.id
    ]


def test_a_change_on_disk_after_saving_is_noticed_even_with_the_old_time(saved) -> None:
    session = OpenDraft.read(saved)
    session.save(author=SAM)
    assert not session.changed_on_disk()
    info = os.stat(saved)
    data = bytearray(saved.read_bytes())
    data[-30] ^= 1  # same size; the copy tool puts the old time back
    saved.write_bytes(bytes(data))
    os.utime(saved, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert session.changed_on_disk()
    with pytest.raises(DraftChangedOnDisk):
        session.save(author=SAM)
    assert saved.read_bytes() == bytes(data)


def test_saving_somewhere_new_while_the_old_file_changed_is_allowed(saved, tmp_path) -> None:
    """As "Save As" in the window: a new name overwrites nobody's work."""
    session = OpenDraft.read(saved)
    save_draft(load_starter("blank"), saved)
    session.save(tmp_path / "mine.charter", author=SAM)
    assert session.path == tmp_path / "mine.charter"
    assert not session.changed_on_disk()


def _left_behind_lock(draft: Path) -> None:
    code = (
        "import sys; from charter_builder.drafts.draft_lock import DraftLock; "
        "DraftLock(sys.argv[1], 'Jane Smith', 'Leeds City Council').acquire()"
    )
    subprocess.run([sys.executable, "-c", code, str(draft)], check=True)


def test_saving_is_refused_while_someone_has_the_file_open(saved) -> None:
    theirs = DraftLock(saved, *JANE)
    theirs.acquire()
    try:
        lease = lease_for_saving(saved, SAM)
        assert not lease.allowed and lease.locked is not None
        assert lease.locked.holder.name == "Jane Smith"
    finally:
        theirs.release()


def test_saving_takes_over_a_lock_left_behind(saved) -> None:
    _left_behind_lock(saved)
    lease = lease_for_saving(saved, SAM)
    assert lease.allowed and lease.lock is not None and lease.lock.is_ours()
    lease.lock.release()
    assert not lock_path_for(saved).exists()


def test_a_shortcut_to_the_draft_is_no_way_round_a_lock(saved, tmp_path) -> None:
    link = tmp_path / "shortcut.charter"
    link.symlink_to(saved)
    theirs = DraftLock(saved, *JANE)
    theirs.acquire()
    try:
        assert lease_for_opening(link, SAM).locked is not None
        assert not lease_for_saving(link, SAM).allowed
    finally:
        theirs.release()


def _never_asked(_locked):
    raise AssertionError("the user should not have been asked")


def test_the_lock_ladder_for_opening(saved) -> None:
    theirs = DraftLock(saved, *JANE)
    theirs.acquire()
    try:
        lease = lease_for_opening(saved, SAM)
        assert lease.locked is not None

        def answer(choice):
            return settle_opening(lease, saved, SAM, lambda _locked: choice)

        assert answer(LockChoice.READ_ONLY).read_only
        copy_wanted = answer(LockChoice.SAVE_COPY)
        assert copy_wanted.save_copy and copy_wanted.lock is None
        assert answer(None).cancelled
        taken = answer(LockChoice.TAKE_OVER)
        assert taken.lock is not None and taken.lock.is_ours() and not theirs.is_ours()
        taken.lock.release()
    finally:
        theirs.release()


def test_restoring_takes_back_the_lock_its_own_crashed_session_left(saved) -> None:
    _left_behind_lock(saved)
    record = json.loads(lock_path_for(saved).read_bytes())
    lease = lease_for_opening(saved, SAM)
    assert lease.locked is not None and lease.locked.stale
    opening = settle_opening(
        lease, saved, SAM, _never_asked, crashed_session=(record["pid"], record["machine"])
    )
    assert opening.lock is not None and not opening.read_only
    opening.lock.release()

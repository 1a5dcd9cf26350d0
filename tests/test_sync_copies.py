"""Finding a draft's sync-conflict copies by history, and the folders sync clients keep."""

from __future__ import annotations

import os
from pathlib import Path, PureWindowsPath
from types import SimpleNamespace

from charter_builder.drafts import sync_copies
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.drafts.sync_copies import (
    find_copies,
    in_the_cloud_only,
    looks_like_conflict_copy,
    sync_client,
)


def saved_with_revision(draft: Draft, path: Path, vision: str) -> Draft:
    """Change the vision, record a revision as a save would, and write the draft."""
    draft.charter.purpose.vision = vision
    draft.history.record(draft.charter, "Sam Patel", "Wyvern County Council")
    save_draft(draft, path)
    return draft


def two_copies(folder: Path) -> tuple[Path, Path]:
    """wyvern.charter and OneDrive's conflict copy of it, each edited after they parted."""
    ours = folder / "wyvern.charter"
    saved_with_revision(load_starter("blank"), ours, "Shared start.")
    theirs = folder / "wyvern-DESKTOP-AB12CD.charter"
    saved_with_revision(load_draft(ours), theirs, "Their edit.")
    saved_with_revision(load_draft(ours), ours, "Our edit.")
    return ours, theirs


def test_a_conflict_copy_sharing_history_is_found(tmp_path: Path) -> None:
    ours, theirs = two_copies(tmp_path)
    found = find_copies(ours, load_draft(ours).history)
    assert [copy.path for copy in found] == [theirs]
    assert found[0].new_revisions == 1


def test_a_copy_with_nothing_new_is_not_offered(tmp_path: Path) -> None:
    ours, theirs = two_copies(tmp_path)
    # Looking from the copy's side, a plain older copy holds nothing ours lacks.
    older = tmp_path / "wyvern older.charter"
    save_draft(load_draft(theirs), older)
    assert [copy.path for copy in find_copies(theirs, load_draft(theirs).history)] == [ours]


def test_a_draft_with_no_shared_history_is_never_offered_whatever_its_name(
    tmp_path: Path,
) -> None:
    ours = tmp_path / "wyvern.charter"
    saved_with_revision(load_starter("blank"), ours, "Ours.")
    # Named exactly as a conflict copy, but a different draft altogether.
    saved_with_revision(load_starter("blank"), tmp_path / "wyvern-DESKTOP-AB12CD.charter", "X.")
    assert find_copies(ours, load_draft(ours).history) == []


def test_damaged_and_odd_files_are_skipped_quietly(tmp_path: Path) -> None:
    ours, theirs = two_copies(tmp_path)
    (tmp_path / "broken-DESKTOP-ZZ99.charter").write_bytes(theirs.read_bytes()[:300])
    (tmp_path / "not a zip.charter").write_bytes(b"hello")
    (tmp_path / "a folder.charter").mkdir()
    (tmp_path / "link.charter").symlink_to(theirs)
    # A pipe named as a conflict copy is looked at first: opening it would wait for ever.
    os.mkfifo(tmp_path / "pipe-DESKTOP-AB12CD.charter")
    found = find_copies(ours, load_draft(ours).history)
    assert [copy.path for copy in found] == [theirs]


def test_only_a_bounded_number_of_files_is_looked_at(tmp_path: Path) -> None:
    ours, theirs = two_copies(tmp_path)
    for n in range(30):
        (tmp_path / f"aaa {n:02}.charter").write_bytes(b"junk")
    # The conflict-named copy is looked at first, so even a low cap finds it...
    assert [c.path for c in find_copies(ours, load_draft(ours).history, limit=1)] == [theirs]
    renamed = theirs.rename(tmp_path / "zzz copy.charter")
    # ...but a copy beyond the cap, under an ordinary name, is not opened at all.
    assert find_copies(ours, load_draft(ours).history, limit=5) == []
    assert [c.path for c in find_copies(ours, load_draft(ours).history, limit=40)] == [renamed]


def test_sync_folders_are_recognised_by_their_usual_paths() -> None:
    windows = PureWindowsPath
    assert sync_client(windows(r"C:\Users\sam\OneDrive\Charters")) == "OneDrive"
    assert sync_client(windows(r"C:\Users\sam\OneDrive - NHS England\ICB")) == "OneDrive"
    assert sync_client(Path("/Users/sam/Library/CloudStorage/OneDrive-Personal/x")) == "OneDrive"
    assert sync_client(windows(r"C:\Users\sam\Dropbox (NHS)\x")) == "Dropbox"
    assert sync_client(windows(r"G:\My Drive\Charters")) == "Google Drive"
    assert sync_client(Path("/Users/sam/Google Drive/x")) == "Google Drive"
    assert sync_client(windows(r"C:\Users\sam\Documents\Charters")) is None
    assert sync_client(Path("/home/sam/charters")) is None


def test_onedrive_conflict_names() -> None:
    assert looks_like_conflict_copy(Path("wyvern-DESKTOP-AB12CD.charter"))
    assert looks_like_conflict_copy(Path("Wyvern ICS-LAPTOP-7Q2-2.charter"))
    assert not looks_like_conflict_copy(Path("wyvern.charter"))
    assert not looks_like_conflict_copy(Path("wyvern draft.charter"))


def test_looking_again_reads_only_files_that_changed(tmp_path: Path, monkeypatch) -> None:
    ours, theirs = two_copies(tmp_path)
    other = tmp_path / "another charter.charter"
    saved_with_revision(load_starter("blank"), other, "Y.")
    read: list[str] = []
    real_load = sync_copies.load_draft

    def counting_load(path, *args, **kwargs):
        read.append(Path(path).name)
        return real_load(path, *args, **kwargs)

    monkeypatch.setattr(sync_copies, "load_draft", counting_load)
    known: sync_copies.Known = {}
    history = load_draft(ours).history
    assert [c.path for c in find_copies(ours, history, known=known)] == [theirs]
    assert sorted(read) == sorted([theirs.name, other.name])

    read.clear()
    assert [c.path for c in find_copies(ours, history, known=known)] == [theirs]
    assert read == []  # the window came back to the front: nothing had changed

    saved_with_revision(load_draft(theirs), theirs, "Changed again on the train.")
    assert [c.path for c in find_copies(ours, history, known=known)] == [theirs]
    assert read == [theirs.name]


def test_files_kept_only_online_are_told_by_their_windows_attributes(tmp_path: Path) -> None:
    # OneDrive's "files on demand": reading one would download it, so only a file named as
    # a conflict copy is read while it is still online. Windows reports it in the stat.
    assert in_the_cloud_only(SimpleNamespace(st_file_attributes=0x00400000))
    assert in_the_cloud_only(SimpleNamespace(st_file_attributes=0x00001000 | 0x20))
    assert not in_the_cloud_only(SimpleNamespace(st_file_attributes=0x20))
    assert not in_the_cloud_only(os.stat(tmp_path))  # elsewhere there is no such attribute

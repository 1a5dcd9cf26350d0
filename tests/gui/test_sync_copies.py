"""A sync client's conflict copy beside the open draft: offered, merged, saved, then binned.

The flows are driven as the window wires them, with the user's answers from a
script (`ScriptedPrompts`), real drafts on disk and the real recycle bin: on
Linux that is the trash folder under XDG_DATA_HOME, pointed into tmp_path so no
test ever puts anything in a real user's trash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.flows.sync import TOLD_KEY, SyncFlow
from gui.test_flows import Flows, ScriptedPrompts


class SyncPrompts(ScriptedPrompts):
    """The scripted user, answering the sync questions too."""

    def ask_merge_copy(self, path: Path, new: int) -> bool:
        return self._answer("ask_merge_copy", path, new)

    def ask_trash_copy(self, path: Path) -> bool:
        return self._answer("ask_trash_copy", path)

    def tell_sync_folder(self, client: str, message: str) -> None:
        self._answer("tell_sync_folder", client, message)


@pytest.fixture(autouse=True)
def private_trash(tmp_path, monkeypatch) -> Path:
    """The recycle bin (freedesktop trash) lives in tmp_path for these tests."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    QSettings().remove(TOLD_KEY)
    return data / "Trash"


@pytest.fixture
def make(qapp, tmp_path):
    from charter_builder.gui import settings

    settings.set_user_identity("Sam Patel", "Wyvern County Council")
    made: list[tuple[Flows, SyncFlow]] = []

    def build(**answers: Any) -> tuple[Flows, SyncFlow]:
        flows = Flows(SyncPrompts(**answers), tmp_path / "recovery")
        sync = SyncFlow(flows.document, flows.prompts, flows.files, flows.coediting)
        sync.status.connect(lambda text, _ms: flows.said.append(text))
        made.append((flows, sync))
        return flows, sync

    yield build
    for flows, _sync in made:
        flows.done()


def edited(path: Path, target: Path, **fields: str) -> None:
    """Open `path`, change the purpose's fields, save a revision to `target`."""
    draft = load_draft(path)
    for name, value in fields.items():
        setattr(draft.charter.purpose, name, value)
    draft.history.record(draft.charter, "Jane Smith", "Leeds City Council")
    save_draft(draft, target)


def two_copies(folder: Path) -> tuple[Path, Path]:
    """wyvern.charter and OneDrive's conflict copy, edited differently after they parted."""
    folder.mkdir(parents=True, exist_ok=True)
    ours = folder / "wyvern.charter"
    draft = load_starter("example")
    draft.history.record(draft.charter, "Priya Raman", "Healthwatch Wyvern Vale")
    save_draft(draft, ours)
    theirs = folder / "wyvern-DESKTOP-AB12CD.charter"
    edited(ours, theirs, why="Their mission, written on the train.")
    edited(ours, ours, vision="Our vision, written in the office.")
    return ours, theirs


def settled(qtbot, sync: SyncFlow) -> None:
    """Wait for the look at the folder (made on a worker thread) and its questions."""
    qtbot.waitUntil(lambda: not sync.looking)


def test_opening_offers_the_conflict_copy_and_binning_waits_for_the_save(
    qtbot, make, tmp_path, private_trash
) -> None:
    ours, theirs = two_copies(tmp_path / "shared")
    saved_when_asked: list[bool] = []

    def trash_answer(path: Path) -> bool:
        # Asked only once the merged draft is on disk, with both edits in it.
        on_disk = load_draft(ours).charter.purpose
        saved_when_asked.append(on_disk.why.startswith("Their") and theirs.exists())
        return True

    flows, sync = make(ask_merge_copy=True, ask_trash_copy=trash_answer)
    assert flows.files.open(ours)
    # The folder is read on a worker: the draft is open and usable before any question.
    assert sync.looking and flows.prompts.asked == []
    settled(qtbot, sync)
    assert flows.prompts.asked == ["ask_merge_copy", "ask_trash_copy"]
    purpose = load_draft(ours).charter.purpose
    assert purpose.vision == "Our vision, written in the office."
    assert purpose.why == "Their mission, written on the train."
    assert saved_when_asked == [True]
    assert not theirs.exists()
    assert [p.name for p in (private_trash / "files").iterdir()] == [theirs.name]
    assert "Moved wyvern-DESKTOP-AB12CD.charter to the recycle bin." in flows.said
    assert not flows.document.is_modified


def test_a_copy_declined_is_not_offered_again_until_it_changes(qtbot, make, tmp_path) -> None:
    ours, theirs = two_copies(tmp_path / "shared")
    flows, sync = make(ask_merge_copy=False)
    assert flows.files.open(ours)
    settled(qtbot, sync)
    sync.look()  # the window comes back to the front
    settled(qtbot, sync)
    assert flows.files.save()
    settled(qtbot, sync)
    assert flows.prompts.asked == ["ask_merge_copy"]
    edited(theirs, theirs, how="They changed it again.")
    sync.look()
    settled(qtbot, sync)
    assert flows.prompts.asked == ["ask_merge_copy", "ask_merge_copy"]
    assert theirs.exists()


def test_if_the_merged_draft_is_not_saved_the_copy_is_kept(qtbot, make, tmp_path) -> None:
    ours, theirs = two_copies(tmp_path / "shared")
    flows, sync = make(ask_merge_copy=False)
    assert flows.files.open(ours)
    settled(qtbot, sync)
    # Meanwhile the copy changes again, and someone else saves the draft itself, so
    # saving the merge asks about their save; the user cancels, and nothing is saved.
    edited(theirs, theirs, how="Another change of theirs.")
    edited(ours, ours, what="Someone else's save.")
    flows.prompts.answers.update(ask_merge_copy=True, ask_changed_on_disk=None)
    sync.look()
    settled(qtbot, sync)
    assert flows.prompts.asked == ["ask_merge_copy", "ask_merge_copy", "ask_changed_on_disk"]
    assert theirs.exists()
    assert any(text.endswith("Not saved yet, so wyvern-DESKTOP-AB12CD.charter was kept.")
               for text in flows.said)


def test_a_copy_with_no_shared_history_is_never_offered(qtbot, make, tmp_path) -> None:
    folder = tmp_path / "shared"
    ours, theirs = two_copies(folder)
    theirs.unlink()
    stranger = load_starter("example")
    stranger.history.record(stranger.charter, "Someone", "Elsewhere")
    save_draft(stranger, folder / "wyvern-DESKTOP-AB12CD.charter")
    (folder / "wyvern-LAPTOP-9Z9Z.charter").write_bytes(b"PK\x03\x04 damaged")
    flows, sync = make()  # any question at all would fail the test
    assert flows.files.open(ours)
    settled(qtbot, sync)
    sync.look()
    settled(qtbot, sync)
    assert flows.prompts.asked == []


def test_a_onedrive_folder_is_explained_once(qtbot, make, tmp_path) -> None:
    ours, _theirs = two_copies(tmp_path / "OneDrive - NHS Wyvern" / "Charters")
    flows, sync = make(tell_sync_folder=None, ask_merge_copy=False)
    assert flows.files.open(ours)
    settled(qtbot, sync)
    assert flows.prompts.asked == ["tell_sync_folder", "ask_merge_copy"]
    assert flows.files.save()
    settled(qtbot, sync)
    assert flows.prompts.asked == ["tell_sync_folder", "ask_merge_copy"]
    flows.document.release_lock()
    # The next session offers the copy again, but does not explain the folder again.
    again, again_sync = make(ask_merge_copy=False)
    assert again.files.open(ours)
    settled(qtbot, again_sync)
    assert again.prompts.asked == ["ask_merge_copy"]


def test_a_folder_no_sync_client_keeps_is_not_explained(qtbot, make, tmp_path) -> None:
    ours, _theirs = two_copies(tmp_path / "Documents" / "Charters")
    flows, sync = make(ask_merge_copy=False)
    assert flows.files.open(ours)
    settled(qtbot, sync)
    assert flows.prompts.asked == ["ask_merge_copy"]


def test_when_the_bin_cannot_take_the_copy_the_user_is_told_plainly(
    qtbot, make, tmp_path, monkeypatch
) -> None:
    ours, theirs = two_copies(tmp_path / "shared")
    # No trash folder can be made: XDG_DATA_HOME is a file.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    flows, sync = make(ask_merge_copy=True, ask_trash_copy=True)
    assert flows.files.open(ours)
    settled(qtbot, sync)
    assert theirs.exists()
    assert flows.prompts.errors == [
        (
            "The copy was not moved to the recycle bin",
            "“wyvern-DESKTOP-AB12CD.charter” could not be moved to the recycle bin on this "
            "computer. Its changes are safely in your draft now, so you can delete the copy "
            "yourself.",
        )
    ]

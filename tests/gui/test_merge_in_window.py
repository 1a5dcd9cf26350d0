"""The whole merge as a user meets it: File › Merge with a Copy, the real dialog, then Save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.history_dialog import HistoryDialog
from charter_builder.gui.merge_dialog import MergeDialog


def when_modal(qtbot, kind, act) -> list:
    """Run `act` on the next modal dialog of `kind` once it is showing."""
    seen: list = []

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            act(dialog)
        else:
            QTimer.singleShot(20, check)

    QTimer.singleShot(20, check)
    return seen


def test_a_conflict_decided_in_the_merge_dialog_is_saved_as_a_revision_with_two_parents(
    window, qtbot, tmp_path: Path
) -> None:
    shared = load_starter("example")
    shared.history.record(shared.charter, "Priya Raman", "Healthwatch Wyvern Vale")
    mine_path, copy_path = tmp_path / "wyvern.charter", tmp_path / "jane.charter"
    save_draft(shared, mine_path)
    theirs = load_draft(mine_path)
    theirs.charter.purpose.why = "Because nobody can do it alone."
    theirs.charter.purpose.how = "Openly, and as equals."
    theirs.history.record(theirs.charter, "Jane Smith", "Leeds City Council")
    save_draft(theirs, copy_path)

    assert window.open(mine_path)
    window.document.set_value(("purpose", "why"), "Because we serve one population.")
    window.prompts.ask_merge_path = lambda: copy_path

    def decide(dialog: MergeDialog) -> None:
        assert dialog.conflict_list.count() == 1
        assert not dialog.apply_button.isEnabled()  # nothing applied before it is decided
        qtbot.mouseClick(dialog.keep_theirs, Qt.MouseButton.LeftButton)
        assert dialog.apply_button.isEnabled()
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    seen = when_modal(qtbot, MergeDialog, decide)
    window.menus.merge_action.trigger()
    assert seen, "the merge dialog was not shown"
    assert window.document.charter.purpose.why == "Because nobody can do it alone."
    assert window.document.charter.purpose.how == "Openly, and as equals."
    assert load_draft(mine_path).charter.purpose.how != "Openly, and as equals."  # not saved yet

    assert window.save()
    saved = load_draft(mine_path)
    head = saved.history.revision(saved.history.head)
    assert head.parents == (shared.history.head, theirs.history.head)
    assert (head.author, head.organisation) == ("Sam Patel", "Wyvern County Council")
    assert saved.charter.purpose.why == "Because nobody can do it alone."

    def look(dialog: HistoryDialog) -> None:
        assert dialog.revision_list.topLevelItemCount() == 3
        assert "merged" in dialog.revision_list.topLevelItem(0).text(3)
        dialog.reject()

    shown = when_modal(qtbot, HistoryDialog, look)
    window.menus.history_action.trigger()
    assert shown, "File › History did not show the history"

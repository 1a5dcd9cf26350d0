"""Deciding a merge's conflicts as a board secretary would: one by one, nothing by surprise."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from charter_builder.charter.model import Horizon
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_merge import merge_drafts
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.merge_dialog import MergeDialog, resolve_conflicts
from charter_builder.gui.style import apply_style

SHOTS = Path("/tmp/shots")


def copy_of(draft: Draft) -> Draft:
    return Draft(
        charter=draft.charter.model_copy(deep=True),
        media=dict(draft.media),
        history=draft.history.copy(),
    )


def conflicting_copies() -> tuple[Draft, Draft]:
    """Two officers edit the same recorded draft and change the same three things."""
    shared = load_starter("example")
    shared.history.record(
        shared.charter,
        "Sam Patel",
        "Wyvern County Council",
        now=datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
    )
    mine, theirs = copy_of(shared), copy_of(shared)

    mine.charter.partnership.name = "Wyvern Vale Care Partnership"
    mine.charter.purpose.vision = (
        "By 2036, people in Wyvern Vale will live longer and healthier lives at home."
    )
    mine.charter.commitments[0].horizon = Horizon.FIVE_YEARS
    mine.charter.partnership.place = "Wyvern Vale and the Downs"  # only mine: merges cleanly
    mine.history.record(
        mine.charter,
        "Sam Patel",
        "Wyvern County Council",
        now=datetime(2026, 11, 20, 14, 5, tzinfo=UTC),
        summary="Changed the partnership's name, place and vision; changed a horizon",
    )

    theirs.charter.partnership.name = "Wyvern Vale Health Partnership"
    theirs.charter.purpose.vision = (
        "By 2036, everyone in Wyvern Vale will have an equal chance of a long, healthy life."
    )
    theirs.charter.commitments[0].horizon = Horizon.TEN_YEARS
    theirs.charter.purpose.why = theirs.charter.purpose.why + " Together we can."  # only theirs
    theirs.history.record(
        theirs.charter,
        "Priya Shah",
        "Wyvern Vale NHS Foundation Trust",
        now=datetime(2026, 11, 21, 10, 15, tzinfo=UTC),
        summary="Changed the partnership's name, the vision and why; changed a horizon",
    )
    return mine, theirs


def row_of(dialog: MergeDialog, last_step: str) -> int:
    return next(i for i, c in enumerate(dialog.conflicts) if c.path[-1] == last_step)


def open_dialog(qtbot, merge) -> MergeDialog:
    dialog = MergeDialog(merge)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def pick(qtbot, dialog: MergeDialog, row: int) -> None:
    """Move through the list with the keyboard, as a user would."""
    dialog.conflict_list.setFocus()
    while dialog.conflict_list.currentRow() < row:
        qtbot.keyClick(dialog.conflict_list, Qt.Key.Key_Down)
    while dialog.conflict_list.currentRow() > row:
        qtbot.keyClick(dialog.conflict_list, Qt.Key.Key_Up)
    assert dialog.conflict_list.currentRow() == row


def test_every_conflict_is_decided_before_the_merge_applies(qtbot):
    mine, theirs = conflicting_copies()
    merge = merge_drafts(mine, theirs)
    assert len(merge.result.conflicts) == 3
    dialog = open_dialog(qtbot, merge)

    assert "both changed 3 things" in dialog.heading.text()
    assert not dialog.apply_button.isEnabled()
    assert "3 things still to decide" in dialog.remaining.text()
    assert not dialog.apply_button.isDefault()
    assert all("Still to decide" in dialog.conflict_list.item(i).text() for i in range(3))

    # The name: keep theirs. The three panels show each version.
    name = row_of(dialog, "name")
    pick(qtbot, dialog, name)
    assert "Wyvern Vale Health Partnership" in dialog.theirs_panel.text()
    assert "Wyvern Vale Care Partnership" in dialog.yours_panel.text()
    assert "Wyvern Vale Health and Care Partnership" in dialog.base_panel.text()
    dialog.keep_theirs.setFocus()
    qtbot.keyClick(dialog.keep_theirs, Qt.Key.Key_Return)  # Enter presses the focused button
    assert dialog.keep_theirs.isChecked() and not dialog.keep_yours.isChecked()
    assert "Keeping theirs" in dialog.conflict_list.item(name).text()
    assert not dialog.apply_button.isEnabled()
    assert "2 things still to decide" in dialog.apply_button.toolTip()

    # The vision: write new wording, starting from mine.
    vision = row_of(dialog, "vision")
    pick(qtbot, dialog, vision)
    assert not dialog.editor.isVisible()
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert dialog.editor.isVisible()
    assert dialog.editor.toPlainText() == mine.charter.purpose.vision
    dialog.editor.selectAll()
    qtbot.keyClicks(dialog.editor, "By 2036, everyone in Wyvern Vale will live well at home.")
    assert "Keeping your edited text" in dialog.conflict_list.item(vision).text()
    assert not dialog.apply_button.isEnabled()

    # The horizon is a choice from a list: it can be kept, not rewritten.
    horizon = row_of(dialog, "horizon")
    pick(qtbot, dialog, horizon)
    assert dialog.edit_button.isHidden()
    assert "Within ten years" in dialog.theirs_panel.text()
    assert "Within five years" in dialog.yours_panel.text()
    # Enter in the list does not apply anything, even once all is decided.
    qtbot.mouseClick(dialog.keep_yours, Qt.MouseButton.LeftButton)
    assert dialog.apply_button.isEnabled()
    assert "Everything is decided" in dialog.remaining.text()
    dialog.conflict_list.setFocus()
    qtbot.keyClick(dialog.conflict_list, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.merged is None
    assert not dialog.apply_button.isDefault()

    # Going back to an edited conflict shows the edited text, still chosen.
    pick(qtbot, dialog, vision)
    assert dialog.edit_button.isChecked()
    assert dialog.editor.toPlainText().endswith("will live well at home.")

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == MergeDialog.DialogCode.Accepted
    merged = dialog.merged.charter
    assert merged.partnership.name == "Wyvern Vale Health Partnership"
    assert merged.purpose.vision == "By 2036, everyone in Wyvern Vale will live well at home."
    assert merged.commitments[0].horizon == Horizon.FIVE_YEARS
    # What only one side changed came through without asking.
    assert merged.partnership.place == "Wyvern Vale and the Downs"
    assert merged.purpose.why.endswith("Together we can.")


def test_apply_stays_off_while_any_conflict_is_open(qtbot):
    mine, theirs = conflicting_copies()
    dialog = open_dialog(qtbot, merge_drafts(mine, theirs))
    for row in range(2):
        pick(qtbot, dialog, row)
        qtbot.mouseClick(dialog.keep_yours, Qt.MouseButton.LeftButton)
    assert not dialog.apply_button.isEnabled()
    assert "1 thing still to decide" in dialog.remaining.text()
    dialog.accept()  # even if asked directly, nothing is decided silently
    assert dialog.merged is None
    assert dialog.result() != MergeDialog.DialogCode.Accepted


def test_keeping_yours_for_a_text_and_switching_choice(qtbot):
    mine, theirs = conflicting_copies()
    dialog = open_dialog(qtbot, merge_drafts(mine, theirs))
    name = row_of(dialog, "name")
    pick(qtbot, dialog, name)
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.keep_theirs, Qt.MouseButton.LeftButton)  # changed their mind
    assert not dialog.editor.isVisible()
    assert dialog.choice_values()[name] == "Wyvern Vale Health Partnership"


def drive_modal(qtbot, action) -> None:
    """Act on the dialog once resolve_conflicts has shown it modally."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergeDialog):
            QTimer.singleShot(20, act)
            return
        action(dialog)

    QTimer.singleShot(0, act)


def test_cancel_returns_nothing_and_leaves_both_copies_alone(qtbot):
    mine, theirs = conflicting_copies()
    before = (mine.charter.model_dump(), theirs.charter.model_dump())
    heads = (mine.history.head, theirs.history.head, len(mine.history), len(theirs.history))
    merge = merge_drafts(mine, theirs)

    def choose_one_then_cancel(dialog: MergeDialog) -> None:
        qtbot.mouseClick(dialog.keep_theirs, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    drive_modal(qtbot, choose_one_then_cancel)
    assert resolve_conflicts(merge, None) is None
    assert (mine.charter.model_dump(), theirs.charter.model_dump()) == before
    assert (mine.history.head, theirs.history.head, len(mine.history), len(theirs.history)) == heads


def test_resolve_conflicts_returns_the_decided_draft(qtbot):
    mine, theirs = conflicting_copies()
    merge = merge_drafts(mine, theirs)

    def keep_theirs_everywhere(dialog: MergeDialog) -> None:
        for row in range(dialog.conflict_list.count()):
            dialog.conflict_list.setCurrentRow(row)
            qtbot.mouseClick(dialog.keep_theirs, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    drive_modal(qtbot, keep_theirs_everywhere)
    draft = resolve_conflicts(merge, None)
    assert draft is not None
    assert draft.charter.partnership.name == "Wyvern Vale Health Partnership"
    assert draft.charter.purpose.vision == theirs.charter.purpose.vision
    assert draft.charter.commitments[0].horizon == Horizon.TEN_YEARS
    assert draft.charter.partnership.place == "Wyvern Vale and the Downs"
    # Saving it records a revision that joins both copies' work.
    revision = draft.history.record(
        draft.charter, "Sam Patel", "Wyvern County Council", summary="Merged Priya's copy"
    )
    assert revision is not None and revision.is_merge


def test_a_clean_merge_asks_nothing(qtbot):
    mine, theirs = conflicting_copies()
    theirs.charter.partnership.name = mine.charter.partnership.name
    theirs.charter.purpose.vision = mine.charter.purpose.vision
    theirs.charter.commitments[0].horizon = mine.charter.commitments[0].horizon
    merge = merge_drafts(mine, theirs)
    assert merge.result.clean
    assert resolve_conflicts(merge, None) is merge.draft
    assert QApplication.activeModalWidget() is None


def test_removed_item_and_markup_are_shown_plainly(qtbot):
    mine, theirs = conflicting_copies()
    principle = mine.charter.principles[1]
    mine.charter.principles[1].meaning = "We <b>share</b> data & decide together."
    theirs.charter.principles = [p for p in theirs.charter.principles if p.id != principle.id]
    merge = merge_drafts(mine, theirs)
    dialog = open_dialog(qtbot, merge)
    row = row_of(dialog, principle.id)
    assert "removed in theirs" in dialog.conflicts[row].description
    pick(qtbot, dialog, row)
    assert "(removed)" in dialog.theirs_panel.text()
    assert "We <b>share</b> data & decide together." in dialog.yours_panel.text()
    assert dialog.edit_button.isHidden()


@pytest.mark.parametrize("shot", ["merge_dialog.png"])
def test_screenshot(qtbot, shot):
    apply_style(QApplication.instance())
    mine, theirs = conflicting_copies()
    dialog = open_dialog(qtbot, merge_drafts(mine, theirs))
    dialog.resize(1000, 650)
    pick(qtbot, dialog, row_of(dialog, "name"))
    qtbot.mouseClick(dialog.keep_theirs, Qt.MouseButton.LeftButton)
    pick(qtbot, dialog, row_of(dialog, "vision"))
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)  # fixed: a screenshot, nothing to wait for but the repaint
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / shot))

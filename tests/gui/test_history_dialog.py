"""The draft's history as a board member reads it: who saved what, and what changed."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_merge import merge_drafts
from charter_builder.drafts.history import History
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.history_dialog import (
    EMPTY_HISTORY,
    HistoryDialog,
    show_history,
)
from charter_builder.gui.style import apply_style
from charter_builder.when import revision_time

SHOTS = Path("/tmp/shots")
MARKUP = 'Wyvern <b>Vale</b> & <a href="x">Downs</a> Partnership'


@pytest.fixture(autouse=True)
def london_time(monkeypatch):
    """Times are shown in the computer's own zone; fix it so the tests agree anywhere."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def three_revisions() -> Draft:
    """A draft saved three times by two officers."""
    draft = load_starter("example")
    charter = draft.charter
    draft.history.record(
        charter,
        "Sam Patel",
        "Wyvern County Council",
        now=datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
    )
    charter.purpose.vision = charter.purpose.vision.replace("healthier", "happier")
    draft.history.record(
        charter,
        "Priya Shah",
        "Wyvern Vale NHS Foundation Trust",
        now=datetime(2026, 11, 20, 14, 5, tzinfo=UTC),
    )
    charter.partnership.name = MARKUP
    charter.commitments[1].title = "Home first, every time"
    draft.history.record(
        charter,
        "Sam Patel",
        "Wyvern County Council",
        now=datetime(2026, 11, 28, 14, 5, tzinfo=UTC),
    )
    return draft


def open_dialog(qtbot, draft: Draft) -> HistoryDialog:
    dialog = HistoryDialog(draft.history, draft.charter)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def rows(dialog: HistoryDialog) -> list[list[str]]:
    tree = dialog.revision_list
    return [
        [tree.topLevelItem(r).text(c) for c in range(4)] for r in range(tree.topLevelItemCount())
    ]


def test_local_time_reads_like_a_date_people_write():
    assert revision_time(datetime(2026, 11, 28, 14, 5, tzinfo=UTC)) == "28 Nov 2026, 14:05"
    assert revision_time(datetime(2026, 7, 1, 13, 5, tzinfo=UTC)) == "1 Jul 2026, 14:05"  # BST


def test_revisions_are_listed_newest_first_with_who_and_when(qtbot):
    dialog = open_dialog(qtbot, three_revisions())
    listed = rows(dialog)
    assert [r[0] for r in listed] == ["3", "2", "1"]
    assert listed[0][1] == "28 Nov 2026, 14:05"
    assert listed[0][2] == "Sam Patel (Wyvern County Council)"
    assert listed[1][2] == "Priya Shah (Wyvern Vale NHS Foundation Trust)"
    assert listed[2][3] == "First saved version"
    assert "vision" in listed[1][3].lower()
    # The newest revision is shown at once.
    assert "Revision 3" in dialog.text()


def test_one_revision_shows_what_it_changed(qtbot):
    dialog = open_dialog(qtbot, three_revisions())
    dialog.revision_list.setFocus()
    qtbot.keyClick(dialog.revision_list, Qt.Key.Key_Down)  # from revision 3 to revision 2
    assert [r.id for r in dialog.selected()] == [dialog.history.revisions[1].id]
    text = dialog.text()
    assert "Revision 2" in text and "Compared with revision 1" in text
    assert "Shared purpose" in text and "Vision" in text
    assert "healthier" in text and "happier" in text
    assert "Home first, every time" not in text  # that was revision 3
    html = dialog.view.toHtml()
    assert "line-through" in html and "underline" in html


def test_two_revisions_show_everything_between_them(qtbot):
    dialog = open_dialog(qtbot, three_revisions())
    dialog.select(1, 3)
    text = dialog.text()
    assert "From revision 1 to revision 3" in text
    assert "happier" in text  # revision 2's change
    assert "Home first, every time" in text  # revision 3's change
    assert "Partnership" in text and "Commitments" in text
    # The order of selecting does not matter: always older to newer.
    dialog.select(3, 1)
    assert "From revision 1 to revision 3" in dialog.text()


def test_markup_in_the_charter_is_shown_as_typed(qtbot):
    dialog = open_dialog(qtbot, three_revisions())
    dialog.select(3)
    assert "<b>Vale</b>" in dialog.text() and '<a href="x">Downs</a>' in dialog.text()
    assert "<b>Vale</b>" not in dialog.view.toHtml()  # never interpreted as formatting


def test_compare_with_the_current_draft_includes_unsaved_changes(qtbot):
    draft = three_revisions()
    draft.charter.governance.meeting_rhythm = "Fortnightly on Thursdays, face to face"
    dialog = open_dialog(qtbot, draft)
    dialog.select(3)
    assert "Fortnightly" not in dialog.text()
    qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    text = dialog.text()
    assert "From revision 3 to the current draft" in text
    assert "Fortnightly on Thursdays, face to face" in text


def test_a_merge_revision_is_marked(qtbot):
    shared = three_revisions()
    mine = Draft(shared.charter.model_copy(deep=True), dict(shared.media), shared.history.copy())
    theirs = Draft(shared.charter.model_copy(deep=True), dict(shared.media), shared.history.copy())
    mine.charter.governance.meeting_rhythm = "Monthly"
    mine.history.record(mine.charter, "Sam Patel", "Wyvern County Council")
    theirs.charter.purpose.why = "Because nobody should wait."
    theirs.history.record(theirs.charter, "Priya Shah", "Wyvern Vale NHS Foundation Trust")
    merge = merge_drafts(mine, theirs)
    assert merge.result.clean
    merged = merge.draft
    merged.history.record(merged.charter, "Sam Patel", "Wyvern County Council")
    dialog = open_dialog(qtbot, merged)
    newest = rows(dialog)[0]
    assert newest[0] == "6" and newest[3].startswith("merged")
    assert "merged in another copy" in dialog.text()


def test_an_empty_history_says_what_to_do(qtbot):
    dialog = HistoryDialog(History(), load_starter("example").charter)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.text() == EMPTY_HISTORY
    assert not dialog.compare_button.isEnabled()


def test_show_history_opens_and_closes_without_changing_the_draft(qtbot):
    draft = three_revisions()
    before = (draft.charter.model_dump(), len(draft.history), draft.history.head)

    def close() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, HistoryDialog):
            QTimer.singleShot(20, close)
            return
        assert "Revision 3" in dialog.text()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, close)
    show_history(draft.history, draft.charter, None)
    assert (draft.charter.model_dump(), len(draft.history), draft.history.head) == before


def test_screenshot(qtbot):
    apply_style(QApplication.instance())
    dialog = open_dialog(qtbot, three_revisions())
    dialog.resize(1000, 650)
    dialog.select(1, 3)
    qtbot.wait(50)  # fixed: a screenshot, nothing to wait for but the repaint
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "history_dialog.png"))


@pytest.fixture
def german_clock(tmp_path, monkeypatch):
    """A computer set to German, as Qt hands the computer's language to C at start-up."""
    import locale
    import shutil
    import subprocess

    if shutil.which("localedef") is None:
        pytest.skip("this computer cannot make a German locale")
    folder = tmp_path / "locales"
    folder.mkdir()
    made = subprocess.run(
        ["localedef", "-i", "de_DE", "-f", "UTF-8", str(folder / "de_DE.UTF-8")],
        capture_output=True,
        timeout=60,
    )
    monkeypatch.setenv("LOCPATH", str(folder))
    before = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    except locale.Error:
        pytest.skip(f"no German locale here: {made.stderr[-200:]!r}")
    yield
    locale.setlocale(locale.LC_TIME, before)


def test_the_window_and_the_history_command_give_a_revision_the_same_date(
    qtbot, tmp_path, capsys, german_clock
):
    from charter_builder.cli import main
    from charter_builder.drafts.draft_file import load_draft, save_draft

    draft = load_starter("example")
    when = datetime(2026, 3, 3, 14, 5, tzinfo=UTC)
    draft.history.record(draft.charter, "Sam Patel", "Wyvern County Council", now=when)
    path = tmp_path / "charter.charter"
    save_draft(draft, path)
    shown = rows(open_dialog(qtbot, load_draft(path)))[0][1]
    capsys.readouterr()
    assert main(["history", str(path)]) == 0
    printed = capsys.readouterr().out
    assert shown == "3 Mar 2026, 14:05"  # English month names, whatever the computer's language
    assert f"1  {shown}  Sam Patel" in printed


def test_a_revision_sent_to_boards_says_so_in_the_list_and_when_shown(qtbot):
    draft = three_revisions()
    sent = draft.history.revisions[1].id
    draft.history.mark_sent(
        sent, "Asha Patel", "NHS Wyvern Vale ICB", now=datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    )
    dialog = open_dialog(qtbot, draft)
    listed = rows(dialog)
    assert listed[1][3].startswith("sent to boards · ")
    assert not listed[0][3].startswith("sent to boards") and "sent" not in listed[2][3]
    dialog.select(2)
    assert (
        "Sent to boards: marked 21 Nov 2026, 10:00 by Asha Patel (NHS Wyvern Vale ICB)."
        in dialog.text()
    )

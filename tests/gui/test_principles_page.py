"""The principles step: a list of principles, each with its meaning and behaviours in practice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
)

from charter_builder.charter.problems import find_problems
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.pages.principles import PrinciplesPage
from gui.page_helpers import inputs_on, open_page, rows


def make_page(qtbot, starter: str = "example") -> PrinciplesPage:
    return open_page(qtbot, PrinciplesPage, starter)


def type_into_open_row(qtbot, text: str) -> None:
    """Type into the row editor the list opened, as a user would, and press Enter."""
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    view = editor.parent().parent()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt commits the row a moment after Enter.
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def edit_row(qtbot, view: QListWidget, row: int, text: str) -> None:
    view.setCurrentRow(row)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    type_into_open_row(qtbot, text)


def test_a_principle_is_built_up_step_by_step_and_each_step_undoes(qtbot):
    page = make_page(qtbot, "blank")
    document = page.document
    behaviours = page.behaviours
    assert not behaviours.list.isEnabled(), "no principle chosen: nothing to add behaviours to"

    def state() -> list[dict]:
        return document.charter.model_dump()["principles"]

    history = [state()]

    qtbot.mouseClick(page.principles.add_button, Qt.MouseButton.LeftButton)
    assert len(document.charter.principles) == 1
    assert rows(page.principles.list) == ["New principle"]
    assert page.title_edit.isEnabled() and behaviours.add_button.isEnabled()
    history.append(state())

    qtbot.keyClicks(page.title_edit, "Listen first")
    principle = document.charter.principles[0]
    assert principle.title == "Listen first"
    assert rows(page.principles.list) == ["Listen first"]
    history.append(state())

    qtbot.mouseClick(behaviours.add_button, Qt.MouseButton.LeftButton)
    history.append(state())
    type_into_open_row(qtbot, "We visit each other's teams")
    history.append(state())
    qtbot.mouseClick(behaviours.add_button, Qt.MouseButton.LeftButton)
    history.append(state())
    type_into_open_row(qtbot, "We ask before we assume")
    assert [b.text for b in principle.behaviours] == [
        "We visit each other's teams",
        "We ask before we assume",
    ]
    assert rows(behaviours.list) == [b.text for b in principle.behaviours]
    history.append(state())

    # Second thoughts about the first one's words, changed in place.
    edit_row(qtbot, behaviours.list, 0, "We visit each other's teams every quarter")
    assert principle.behaviours[0].text == "We visit each other's teams every quarter"
    history.append(state())

    behaviours.list.setCurrentRow(1)
    qtbot.mouseClick(behaviours.up_button, Qt.MouseButton.LeftButton)
    assert [b.text for b in principle.behaviours] == [
        "We ask before we assume",
        "We visit each other's teams every quarter",
    ]
    assert rows(behaviours.list) == [b.text for b in principle.behaviours]
    history.append(state())

    behaviours.list.setCurrentRow(1)
    qtbot.mouseClick(behaviours.remove_button, Qt.MouseButton.LeftButton)
    assert [b.text for b in principle.behaviours] == ["We ask before we assume"]
    assert rows(behaviours.list) == ["We ask before we assume"]
    history.append(state())

    # Undo walks back through every step, and the lists show each state.
    history.pop()
    while history:
        document.undo_stack.undo()
        expected = history.pop()
        assert state() == expected
        if expected:
            assert rows(behaviours.list) == [b["text"] for b in expected[0]["behaviours"]]
            assert page.title_edit.text() == expected[0]["title"]
    assert page.principles.list.count() == 0
    assert not page.title_edit.isEnabled()
    assert page.detail.currentWidget() is page.detail.hint
    assert "Add principle" in page.detail.hint.text()
    assert not behaviours.list.isEnabled()


def test_meaning_is_typed_into_the_chosen_principle(qtbot):
    page = make_page(qtbot)
    document = page.document
    second = document.charter.principles[1]
    page.principles.select(second.id)
    before = second.meaning
    page.meaning_edit.setFocus()
    page.meaning_edit.moveCursor(page.meaning_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.meaning_edit, " Always.")
    assert second.meaning == before + " Always."
    assert document.charter.principles[0].meaning != second.meaning
    document.undo_stack.undo()
    assert second.meaning == before
    assert page.meaning_edit.toPlainText() == before


def test_behaviours_follow_the_chosen_principle(qtbot):
    page = make_page(qtbot)
    principles = page.document.charter.principles
    for principle in principles:
        page.principles.select(principle.id)
        assert rows(page.behaviours.list) == [b.text for b in principle.behaviours]
        assert page.title_edit.text() == principle.title


def test_behaviours_follow_when_the_chosen_principle_is_removed_and_undone(qtbot):
    page = make_page(qtbot)
    document = page.document
    first, second = document.charter.principles[:2]
    page.principles.select(first.id)
    qtbot.mouseClick(page.principles.remove_button, Qt.MouseButton.LeftButton)
    assert page.principles.current_id() == second.id
    assert rows(page.behaviours.list) == [b.text for b in second.behaviours]

    document.undo_stack.undo()
    current = page.principles.current_id()
    shown = next(p for p in document.charter.principles if p.id == current)
    assert rows(page.behaviours.list) == [b.text for b in shown.behaviours]

    # A new draft with no principles leaves nothing to add behaviours to.
    document.replace(load_starter("blank"), None)
    assert page.behaviours.list.count() == 0
    assert not page.behaviours.add_button.isEnabled()


@pytest.mark.parametrize("starter", ["blank", "ics", "blank+empty principle"])
def test_every_principles_problem_leads_to_a_focused_input(qtbot, starter):
    page = make_page(qtbot, starter.split("+")[0])
    if "+" in starter:
        qtbot.mouseClick(page.principles.add_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.principles.add_button, Qt.MouseButton.LeftButton)
    if starter == "ics":
        # The starter's principles are complete; empty one out so there is something to fix.
        principle = page.document.charter.principles[2]
        page.document.set_value(("principles", principle.id, "meaning"), "")
    problems = [p for p in find_problems(page.document.charter) if p.section in page.sections]
    assert problems
    page.principles.list.setCurrentRow(0)
    for problem in problems:
        widget = page.widget_for(problem.location, problem.item_id)
        assert widget is not None, problem
        page.show_location(problem.location, problem.item_id)
        qtbot.waitUntil(widget.hasFocus)
        assert widget.isEnabled() and widget.isVisible()
        if problem.item_id:
            assert page.principles.current_id() == problem.item_id
        else:
            assert widget is page.principles.add_button


def test_every_input_is_named_as_its_label_says(qtbot):
    page = make_page(qtbot)
    inputs = inputs_on(page)
    assert len(inputs) >= 4
    for widget in inputs:
        assert widget.accessibleName().strip(), widget
    for label in page.findChildren(QLabel):
        if label.buddy() is not None:
            assert label.buddy().accessibleName() == label.text().replace("&", "")
    assert page.behaviours.list.accessibleName() == "In practice"

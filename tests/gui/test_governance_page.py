"""The governance step: how the board decides, meets, visits and settles conflict."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLineEdit,
    QStyleOptionViewItem,
    QWidget,
)

from charter_builder.charter.problems import find_problems
from charter_builder.drafts.starters import guidance, load_starter
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.governance import GovernancePage
from gui.page_helpers import inputs_on

PROSE = (
    "decision_making",
    "meeting_rhythm",
    "gemba_visits",
    "review_and_variation",
    "joining_and_leaving",
)


@pytest.fixture
def document(qtbot) -> CharterDocument:
    doc = CharterDocument()
    doc.replace(load_starter("example"), None)
    return doc


@pytest.fixture
def page(qtbot, document) -> GovernancePage:
    page = GovernancePage(document)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


def step_texts(document: CharterDocument) -> list[str]:
    return [step.text for step in document.charter.governance.conflict_steps]


def shown_text(page: GovernancePage, row: int) -> str:
    view = page.conflict_steps.list
    option = QStyleOptionViewItem()
    view.itemDelegate().initStyleOption(option, view.model().index(row, 0))
    return option.text


@pytest.mark.parametrize("field", PROSE)
def test_typing_changes_the_field_and_undo_restores_it(qtbot, page, document, field):
    before = getattr(document.charter.governance, field)
    edit = page.widget_for(("governance", field), None)
    edit.selectAll()
    qtbot.keyClicks(edit, "Agreed at the March board.")

    assert getattr(document.charter.governance, field) == "Agreed at the March board."
    document.undo_stack.undo()
    assert getattr(document.charter.governance, field) == before
    assert edit.toPlainText() == before


def test_gemba_visits_are_explained_under_the_field(page):
    assert page.gemba_hint.text() == guidance("governance.gemba_visits")
    assert "gemba" in page.gemba_hint.text().lower()
    assert page.gemba_hint.isVisibleTo(page)


def test_conflict_steps_are_shown_numbered_but_stored_as_written(page, document):
    steps = step_texts(document)
    assert page.conflict_steps.list.count() == len(steps)
    assert page.conflict_steps.list.item(1).text() == steps[1]
    assert shown_text(page, 1) == f"2.  {steps[1]}"


def test_adding_a_step_by_typing_and_undo_takes_it_away(qtbot, page, document):
    before = step_texts(document)
    view = page.conflict_steps.list
    view.setCurrentRow(len(before) - 1)

    qtbot.mouseClick(page.conflict_steps.add_button, Qt.MouseButton.LeftButton)
    editor = view.findChild(QLineEdit)
    assert editor is not None, "the new step opens for typing"
    qtbot.keyClicks(editor, "The chair reports the outcome to every board.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: step_texts(document)[-1] != "")  # Qt commits on its next turn

    assert step_texts(document) == [*before, "The chair reports the outcome to every board."]
    assert shown_text(page, len(before)).startswith(f"{len(before) + 1}.  The chair")

    document.undo_stack.undo()  # the text
    document.undo_stack.undo()  # the step
    assert step_texts(document) == before
    assert view.count() == len(before)


def test_removing_and_moving_steps_through_the_buttons(qtbot, page, document):
    before = step_texts(document)
    view = page.conflict_steps.list

    view.setCurrentRow(0)
    qtbot.mouseClick(page.conflict_steps.down_button, Qt.MouseButton.LeftButton)
    assert step_texts(document) == [before[1], before[0], *before[2:]]
    assert view.item(1).text() == before[0]

    qtbot.mouseClick(page.conflict_steps.remove_button, Qt.MouseButton.LeftButton)
    assert step_texts(document) == [before[1], *before[2:]]

    document.undo_stack.undo()
    document.undo_stack.undo()
    assert step_texts(document) == before
    assert [view.item(i).text() for i in range(view.count())] == before


def test_every_problem_on_a_blank_charter_leads_to_an_input(qtbot, page, document):
    document.replace(load_starter("blank"), None)
    problems = [p for p in find_problems(document.charter) if p.section in page.sections]
    assert len(problems) == 6

    for problem in problems:
        widget = page.widget_for(problem.location, problem.item_id)
        assert isinstance(widget, QWidget), problem
        assert widget.isEnabled(), problem
        assert widget.focusPolicy() != Qt.FocusPolicy.NoFocus, problem
    steps = page.widget_for(("governance", "conflict_steps"), None)
    assert steps is page.conflict_steps.add_button


def test_every_input_has_an_accessible_name(page):
    inputs = inputs_on(page, buttons=True)
    assert len(inputs) >= 10
    assert [w for w in inputs if not w.accessibleName()] == []
    assert page.conflict_steps.list.accessibleName() == "Surfacing and resolving conflict"



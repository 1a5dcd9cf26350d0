"""The commitments step: what partners promise, who owns it, and how success is measured."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
)

from charter_builder.charter import editing
from charter_builder.charter.model import Horizon, Partner
from charter_builder.charter.problems import find_problems
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.commitments import CommitmentsPage
from gui.page_helpers import inputs_on, open_page, rows


def make_page(qtbot, starter: str = "example") -> CommitmentsPage:
    return open_page(qtbot, CommitmentsPage, starter)


@pytest.fixture
def page(qtbot) -> CommitmentsPage:
    return make_page(qtbot)


def ticked_names(page: CommitmentsPage) -> list[str]:
    owners = page.owners
    return [
        owners.item(r).text()
        for r in range(owners.count())
        if owners.item(r).checkState() == Qt.CheckState.Checked
    ]


def names(document: CharterDocument, ids: list[str]) -> list[str]:
    return [document.charter.partner(i).name for i in ids]


def tick(qtbot, page: CommitmentsPage, row: int) -> None:
    """Move to a partner in the owners list and press Space, as a keyboard user would."""
    page.owners.setFocus()
    page.owners.setCurrentRow(row)
    qtbot.keyClick(page.owners, Qt.Key.Key_Space)


def test_typing_the_title_and_description_changes_the_commitment_and_undo_restores(qtbot, page):
    document = page.document
    second = document.charter.commitments[1]
    page.commitments.select(second.id)
    title, description = second.title, second.description

    page.title_edit.setFocus()
    page.title_edit.end(False)
    qtbot.keyClicks(page.title_edit, " soon")
    assert second.title == title + " soon"
    assert page.commitments.list.item(1).text() == title + " soon"
    page.description_edit.setFocus()
    page.description_edit.moveCursor(page.description_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.description_edit, " Together.")
    assert second.description == description + " Together."

    document.undo_stack.undo()
    assert second.description == description
    assert page.description_edit.toPlainText() == description
    document.undo_stack.undo()
    assert second.title == title
    assert page.title_edit.text() == title
    assert page.commitments.list.item(1).text() == title


def test_horizon_and_review_date_are_chosen_and_undone(qtbot, page):
    document = page.document
    first = document.charter.commitments[0]
    page.horizon.setCurrentIndex(0)
    page.horizon.activated.emit(0)  # what choosing from the drop-down does
    assert first.horizon is Horizon.ONE_YEAR
    page.horizon.setFocus()
    qtbot.keyClick(page.horizon, Qt.Key.Key_Down)
    assert first.horizon is Horizon.THREE_YEARS
    document.undo_stack.undo()
    assert first.horizon is Horizon.ONE_YEAR
    assert page.horizon.currentData() == Horizon.ONE_YEAR.value

    page.review_date.set_value(date(2031, 4, 1))
    assert first.review_date == date(2031, 4, 1)
    document.undo_stack.undo()
    assert page.review_date.value() == first.review_date != date(2031, 4, 1)


def test_ticking_owners_stores_them_in_partner_order_one_undo_step_each(qtbot, page):
    document = page.document
    commitment = document.charter.commitments[0]
    partners = document.charter.partners
    commitment_path = ("commitments", commitment.id, "owners")
    document.set_value(commitment_path, [partners[3].id])
    page.commitments.select(commitment.id)
    assert ticked_names(page) == [partners[3].name]
    steps = document.undo_stack.count()

    tick(qtbot, page, 5)
    tick(qtbot, page, 0)
    assert commitment.owners == [partners[0].id, partners[3].id, partners[5].id]
    assert ticked_names(page) == names(document, commitment.owners)
    assert document.undo_stack.count() == steps + 2

    tick(qtbot, page, 3)  # untick
    assert commitment.owners == [partners[0].id, partners[5].id]
    assert ticked_names(page) == [partners[0].name, partners[5].name]

    document.undo_stack.undo()
    assert commitment.owners == [partners[0].id, partners[3].id, partners[5].id]
    assert ticked_names(page) == names(document, commitment.owners)
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert commitment.owners == [partners[3].id]
    assert ticked_names(page) == [partners[3].name]


def test_the_owners_list_follows_the_partners_and_the_chosen_commitment(qtbot, page):
    document = page.document
    partners = document.charter.partners
    first, second = document.charter.commitments[:2]
    assert rows(page.owners) == [p.name for p in partners]
    page.commitments.select(second.id)
    assert sorted(ticked_names(page)) == sorted(names(document, second.owners))

    leaving = document.charter.partner(second.owners[0])
    document.apply(editing.remove_partner(document.charter, leaving.id))
    assert leaving.name not in rows(page.owners)
    assert leaving.id not in second.owners
    assert sorted(ticked_names(page)) == sorted(names(document, second.owners))
    document.undo_stack.undo()
    assert rows(page.owners) == [p.name for p in partners]
    assert leaving.name in ticked_names(page)

    document.set_value(("partners", partners[1].id, "name"), "Kestleford Hospitals")
    assert page.owners.item(1).text() == "Kestleford Hospitals"
    page.commitments.select(first.id)
    assert sorted(ticked_names(page)) == sorted(names(document, first.owners))


def test_without_partners_the_owners_list_says_where_to_add_them(qtbot):
    page = make_page(qtbot, "blank")
    document = page.document
    qtbot.mouseClick(page.commitments.add_button, Qt.MouseButton.LeftButton)
    assert page.owners.count() == 0
    assert page.no_partners.isVisible()
    assert "Add partners on the “Partnership and partners” step" in page.no_partners.text()

    document.apply(editing.add_partner(document.charter, Partner()))
    assert rows(page.owners) == ["New partner"]
    assert not page.no_partners.isVisible()
    tick(qtbot, page, 0)
    assert document.charter.commitments[0].owners == [document.charter.partners[0].id]


def test_measures_are_added_typed_and_undone_in_place(qtbot, page):
    document = page.document
    commitment = document.charter.commitments[2]
    page.commitments.select(commitment.id)
    measures = page.measures
    assert rows(measures.list) == [m.text for m in commitment.measures]
    before = [m.text for m in commitment.measures]

    measures.list.setCurrentRow(measures.list.count() - 1)
    qtbot.mouseClick(measures.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "Fewer falls at home")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: measures.list.state() != QAbstractItemView.State.EditingState)
    assert [m.text for m in commitment.measures] == [*before, "Fewer falls at home"]
    assert rows(measures.list) == [*before, "Fewer falls at home"]

    document.undo_stack.undo()
    assert [m.text for m in commitment.measures] == [*before, ""]
    document.undo_stack.undo()
    assert [m.text for m in commitment.measures] == before
    assert rows(measures.list) == before


@pytest.mark.parametrize("starter", ["blank", "ics", "blank+empty commitments"])
def test_every_commitments_problem_leads_to_a_focused_input(qtbot, starter):
    page = make_page(qtbot, starter.split("+")[0])
    if "+" in starter:
        qtbot.mouseClick(page.commitments.add_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.commitments.add_button, Qt.MouseButton.LeftButton)
    problems = [p for p in find_problems(page.document.charter) if p.section in page.sections]
    assert problems
    page.commitments.list.setCurrentRow(0)
    for problem in problems:
        widget = page.widget_for(problem.location, problem.item_id)
        assert widget is not None, problem
        page.show_location(problem.location, problem.item_id)
        qtbot.waitUntil(widget.hasFocus)
        assert widget.isEnabled() and widget.isVisible()
        if problem.item_id:
            assert page.commitments.current_id() == problem.item_id
        else:
            assert widget is page.commitments.add_button


def test_a_review_date_problem_leads_to_the_review_date(qtbot, page):
    document = page.document
    document.set_value(("partnership", "effective_date"), date(2026, 4, 1))
    third = document.charter.commitments[2]
    document.set_value(("commitments", third.id, "review_date"), date(2025, 1, 1))
    problem = next(
        p
        for p in find_problems(document.charter)
        if p.section == "commitments" and p.location[-1] == "review_date"
    )
    page.show_location(problem.location, problem.item_id)
    qtbot.waitUntil(page.review_date.hasFocus)
    assert page.commitments.current_id() == third.id


def test_every_input_is_named_as_its_label_says(qtbot, page):
    inputs = inputs_on(page)
    assert len(inputs) >= 6
    for widget in inputs:
        assert widget.accessibleName().strip(), widget
    for label in page.findChildren(QLabel):
        if label.buddy() is not None:
            assert label.buddy().accessibleName() == label.text().replace("&", "")
    assert page.owners.accessibleName() == "Owners"
    assert page.measures.list.accessibleName() == "Measures of success"

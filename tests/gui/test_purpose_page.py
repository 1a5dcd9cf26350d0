"""The shared purpose step: vision, then why, how and what, with the golden circle beside."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
)

from charter_builder.charter.labels import FIELD_LABELS
from charter_builder.charter.problems import find_problems
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.pages.purpose import PurposePage
from gui.page_helpers import inputs_on, open_page

FIELDS = ("vision", "why", "how", "what")
def make_page(qtbot, starter: str = "example") -> PurposePage:
    return open_page(qtbot, PurposePage, starter)


@pytest.fixture
def page(qtbot) -> PurposePage:
    return make_page(qtbot)


@pytest.mark.parametrize("field", FIELDS)
def test_typing_changes_the_charter_and_one_undo_restores_it(qtbot, page, field):
    document = page.document
    edit = page.edits[field]
    before = getattr(document.charter.purpose, field)
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, " Together.")

    assert getattr(document.charter.purpose, field) == before + " Together."
    document.undo_stack.undo()
    assert getattr(document.charter.purpose, field) == before
    assert edit.toPlainText() == before


def test_fields_show_a_new_draft_and_edits_made_elsewhere(qtbot, page):
    document = page.document
    document.replace(load_starter("blank"), None)
    assert all(page.edits[f].toPlainText() == "" for f in FIELDS)
    document.set_value(("purpose", "how"), "Side by side.")
    assert page.edits["how"].toPlainText() == "Side by side."


def test_fields_come_in_golden_circle_order_and_tab_follows_it(qtbot, page):
    page.edits["vision"].setFocus()
    visited = []
    for _ in FIELDS:
        focused = QApplication.focusWidget()
        visited.append(focused.accessibleName())
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert visited == ["Vision", "Why", "How", "What"]


def test_the_circle_highlights_the_ring_being_written(qtbot, page):
    circle = page.circle
    assert circle.accessibleName() == "Golden circle diagram"
    page.edits["why"].setFocus()
    qtbot.waitUntil(lambda: circle.highlighted == "why")
    assert "writing the Why" in circle.accessibleDescription()
    # The user tabs on, as they would while writing.
    qtbot.keyClick(page.edits["why"], Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: circle.highlighted == "how")
    assert "writing the How" in circle.accessibleDescription()
    qtbot.keyClick(page.edits["how"], Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: circle.highlighted == "what")
    assert "writing the What" in circle.accessibleDescription()
    # The vision is not a ring: nothing is highlighted while it is written.
    page.edits["vision"].setFocus()
    qtbot.waitUntil(lambda: circle.highlighted == "")
    assert "writing" not in circle.accessibleDescription()


def test_the_circle_is_drawn_differently_for_each_ring(qtbot, page):
    images = {}
    for ring in ("", "why", "how", "what"):
        page.circle.set_highlighted(ring)
        images[ring] = page.circle.grab().toImage()
    assert len({bytes(img.constBits()) for img in images.values()}) == 4


def test_clicking_a_ring_takes_the_user_to_its_field(qtbot, page):
    circle = page.circle
    centre = QPoint(circle.width() // 2, circle.height() // 2)
    qtbot.mouseClick(circle, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: page.edits["why"].hasFocus())
    near_edge = QPoint(circle.width() // 2, 8)
    qtbot.mouseClick(circle, Qt.MouseButton.LeftButton, pos=near_edge)
    qtbot.waitUntil(lambda: page.edits["what"].hasFocus())
    assert circle.highlighted == "what"


@pytest.mark.parametrize("starter", ["blank", "ics"])
def test_every_purpose_problem_leads_to_a_focused_input(qtbot, starter):
    page = make_page(qtbot, starter)
    problems = [p for p in find_problems(page.document.charter) if p.section in page.sections]
    if starter == "blank":
        assert len(problems) == 4
    for problem in problems:
        widget = page.widget_for(problem.location, problem.item_id)
        assert widget is not None, problem
        page.show_location(problem.location, problem.item_id)
        qtbot.waitUntil(widget.hasFocus)
        assert widget.accessibleName() == FIELD_LABELS[str(problem.location[-1])]


def test_every_input_is_named_as_its_label_says(qtbot, page):
    inputs = inputs_on(page)
    assert len(inputs) == 4
    for widget in inputs:
        assert widget.accessibleName().strip(), widget
    for label in page.findChildren(QLabel):
        if label.buddy() is not None:
            assert label.buddy().accessibleName() == label.text().replace("&", "")

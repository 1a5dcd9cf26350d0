"""The review step: what is still needed, a live preview of the PDF, and Export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from charter_builder.charter.problems import find_problems
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.review import READY_TEXT, ReviewPage
from charter_builder.gui.render_service import RenderService

WAIT_MS = 60_000


@pytest.fixture(scope="module")
def service(qapp):
    shared = RenderService()
    yield shared
    shared.shutdown()


def make_page(qtbot, starter: str, service: RenderService | None = None) -> ReviewPage:
    doc = CharterDocument(QApplication.instance())  # owned by the app, as in the window
    doc.replace(load_starter(starter), None)
    page = ReviewPage(doc)
    qtbot.addWidget(page)
    if service is not None:
        page.set_render_service(service)
    page.resize(1100, 760)
    return page


def test_a_blank_draft_lists_what_is_still_needed_by_section(qtbot) -> None:
    page = make_page(qtbot, "blank")
    page.show()

    expected = find_problems(page.document.charter)
    assert expected and page.problem_list.problems() == expected
    assert page.problem_list.isVisible() and not page.is_ready()
    assert page.summary.text().startswith(f"{len(expected)} things to put right")
    groups = [
        page.problem_list.topLevelItem(i).text(0)
        for i in range(page.problem_list.topLevelItemCount())
    ]
    assert any(group.startswith("Partners (") for group in groups)
    assert any(group.startswith("Governance (") for group in groups)
    assert not page.ready_label.isVisible()


def test_clicking_or_pressing_enter_on_a_problem_asks_to_go_there(qtbot) -> None:
    page = make_page(qtbot, "blank")
    page.show()
    qtbot.waitExposed(page)
    tree = page.problem_list
    problems = tree.problems()

    target = problems[3]
    item = tree.item_for(target)
    tree.scrollToItem(item)
    with qtbot.waitSignal(page.problem_activated, timeout=1000) as clicked:
        qtbot.mouseClick(
            tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center()
        )
    assert clicked.args == [target]

    tree.setFocus()
    tree.setCurrentItem(tree.item_for(problems[0]))
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    with qtbot.waitSignal(page.problem_activated, timeout=1000) as entered:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert entered.args == [problems[1]]

    # A section heading is not a problem: activating it goes nowhere.
    heading = tree.topLevelItem(0)
    tree.setCurrentItem(heading)
    with qtbot.assertNotEmitted(page.problem_activated):
        qtbot.keyClick(tree, Qt.Key.Key_Return)


def test_the_example_is_ready_and_the_list_follows_edits_and_undo(qtbot) -> None:
    page = make_page(qtbot, "example")
    page.show()
    assert page.is_ready() and not page.problem_list.isVisible()
    assert page.ready_label.isVisible()
    charter = page.document.charter
    assert page.ready_facts.text() == (
        f"It brings together {len(charter.partners)} partners, with "
        f"{len(charter.principles)} principles and {len(charter.commitments)} commitments."
    )
    assert page.ready_label.text() == READY_TEXT

    page.document.set_value(("purpose", "vision"), "")
    qtbot.waitUntil(lambda: page.problem_list.isVisible(), timeout=2000)
    assert not page.ready_label.isVisible()
    assert [p.location for p in page.problem_list.problems()] == [("purpose", "vision")]
    assert page.summary.text().startswith("1 thing to put right")

    page.document.undo_stack.undo()
    qtbot.waitUntil(page.is_ready, timeout=2000)


def test_export_button_asks_the_window_to_export(qtbot) -> None:
    page = make_page(qtbot, "example")
    page.show()
    assert page.export_button.accessibleName() == "Export"
    with qtbot.waitSignal(page.export_requested, timeout=1000):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)


def test_the_preview_follows_the_draft_while_the_step_is_shown(qtbot, service) -> None:
    page = make_page(qtbot, "example", service)
    assert page.preview.accessibleName()
    page.show()
    qtbot.waitUntil(lambda: page.pdf.pageCount() > 0, timeout=WAIT_MS)
    pages = page.pdf.pageCount()
    assert page.status.text() == f"Preview of {pages} pages."
    first_file = page._shown_file

    page.document.set_value(("partnership", "name"), "Kestleford and Wyvern Partnership")
    assert page.status.text() == f"Preview of {pages} pages."  # waits for the user to pause
    qtbot.waitUntil(lambda: page.status.text() == "Updating preview…", timeout=3000)
    qtbot.waitUntil(lambda: page.status.text().startswith("Preview of"), timeout=WAIT_MS)
    assert page.pdf.pageCount() > 0
    assert page._shown_file != first_file
    assert not first_file.exists()  # old previews do not pile up
    text = page.pdf.getAllText(0).text()
    assert "Kestleford and Wyvern Partnership" in text


def test_no_preview_is_made_while_another_step_is_shown(qtbot, service) -> None:
    page = make_page(qtbot, "blank", service)
    page.hide()
    page.document.set_value(("partnership", "name"), "Hidden edits")
    qtbot.wait(1200)  # fixed: proves no preview starts within the debounce while hidden
    assert page.preview_job is None and page.pdf.pageCount() == 0
    assert page.preview_stale

    page.show()  # coming back to the step brings the preview up to date
    qtbot.waitUntil(lambda: page.pdf.pageCount() > 0, timeout=WAIT_MS)
    assert not page.preview_stale


def test_screenshot_of_the_example(qtbot, qapp, service) -> None:
    from charter_builder.gui.style import apply_style

    apply_style(qapp)
    page = make_page(qtbot, "example", service)
    page.show()
    qtbot.waitUntil(lambda: page.pdf.pageCount() > 0, timeout=WAIT_MS)
    qtbot.wait(200)  # fixed: a screenshot, nothing to wait for but the repaint
    shots = Path("/tmp/shots")
    shots.mkdir(exist_ok=True)
    assert page.grab().save(str(shots / "review.png"))
    blank = make_page(qtbot, "blank")
    blank.show()
    qtbot.wait(50)  # fixed: a screenshot, nothing to wait for but the repaint
    assert blank.grab().save(str(shots / "review-blank.png"))



def test_the_blank_starters_default_title_is_listed_and_leads_to_the_title_box(qtbot) -> None:
    page = make_page(qtbot, "blank")
    page.show()
    titles = [p for p in page.problem_list.problems() if p.location == ("title",)]
    assert len(titles) == 1 and "still called “System charter”" in titles[0].message
    tree = page.problem_list
    tree.setCurrentItem(tree.item_for(titles[0]))
    with qtbot.waitSignal(page.problem_activated, timeout=1000) as entered:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert entered.args == [titles[0]]

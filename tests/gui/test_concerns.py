"""Concerns in the wizard: raised on a step, listed on review, holding up the freeze."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QPushButton

from charter_builder.charter.model import ConcernStatus
from charter_builder.drafts.starters import load_starter
from charter_builder.gui import settings
from charter_builder.gui.concerns_panel import ConcernsPanel
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.purpose import PurposePage
from charter_builder.gui.pages.review import ReviewPage
from charter_builder.gui.pages.sign_off import SignOffPage
from gui.page_helpers import inputs_on, open_page

CONCERN = "The why says nothing about children and young people."
SHOTS = Path("/tmp/shots")


def click(qtbot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def raise_on(qtbot, panel: ConcernsPanel, text: str) -> None:
    """Press "Raise a concern…", type it, and confirm, as a partner would."""
    click(qtbot, panel.raise_button)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.text.hasFocus)  # the words go straight in
    qtbot.keyClicks(dialog.text, text)
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()


def settle(qtbot, panel: ConcernsPanel, concern_id: str, how: str, note: str) -> None:
    click(qtbot, panel.rows[concern_id].buttons[how])
    dialog = panel.dialog
    assert dialog is not None
    assert not dialog.ok_button.isEnabled()  # a note is needed first
    qtbot.keyClicks(dialog.text, note)
    click(qtbot, dialog.ok_button)


def click_freeze(qtbot, page: SignOffPage) -> None:
    box = page.freeze
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def pages(qtbot):
    settings.set_user_identity("Sam Patel", "wyvernshire county council")
    document = CharterDocument()
    document.replace(load_starter("example"), None)
    purpose = open_page(qtbot, PurposePage, document=document)
    review = open_page(qtbot, ReviewPage, document=document)
    sign_off = open_page(qtbot, SignOffPage, document=document)
    return document, purpose, review, sign_off


def test_a_concern_raised_on_a_step_holds_up_the_freeze_until_resolved(qtbot) -> None:
    document, purpose, review, sign_off = pages(qtbot)
    panel = purpose.concerns
    assert panel is not None
    assert panel.count.text() == "No concerns raised"
    assert panel.isHidden()  # nothing to list: the step stays as it was

    raise_on(qtbot, panel, CONCERN)
    (concern,) = document.charter.concerns
    assert concern.section == "purpose"
    assert concern.text == CONCERN
    assert concern.raised_by_name == "Sam Patel"
    assert concern.raised_by_organisation == "Wyvernshire County Council"  # the partner's spelling
    assert concern.raised_on is not None
    assert panel.count.text() == "1 open concern"
    row = panel.rows[concern.id]
    assert row.text.text() == CONCERN
    assert "Raised by Sam Patel, Wyvernshire County Council on" in row.meta.text()

    # The review step lists it, with a way to go to it.
    listing = review.open_concerns
    qtbot.waitUntil(listing.isVisible)
    assert listing.heading.text() == "Open concerns (1)"
    assert listing.links[concern.id].text() == "Go to Shared purpose"
    assert "resolved" in listing.explanation.text()

    # Freezing waits, and says why in plain words.
    assert not sign_off.freeze.isEnabled()
    assert sign_off.freeze_note.isVisible()
    assert "A concern about Shared purpose is still open." in sign_off.freeze_note.text()
    click_freeze(qtbot, sign_off)
    assert not document.charter.frozen_for_signing
    errors: list[str] = []
    sign_off.show_error = errors.append
    sign_off.freeze.setEnabled(True)  # however the box gets ticked, freezing is refused
    sign_off.freeze.setChecked(True)
    assert not document.charter.frozen_for_signing
    assert not sign_off.freeze.isChecked()
    assert errors and "still open" in errors[0]
    sign_off.refresh()

    settle(qtbot, panel, concern.id, "resolve", "Children and young people added to the why.")
    resolved = document.charter.concerns[0]
    assert resolved.status is ConcernStatus.RESOLVED
    assert resolved.resolution == "Children and young people added to the why."
    assert resolved.resolved_by_name == "Sam Patel"
    assert panel.count.text() == "No open concerns"
    assert panel.isHidden() and panel.show_settled.text() == "Show settled (1)"
    qtbot.waitUntil(listing.isHidden)
    assert sign_off.freeze.isEnabled() and sign_off.freeze_note.isHidden()
    click_freeze(qtbot, sign_off)
    assert document.charter.frozen_for_signing

    # Undo brings the concern back, and with it the hold on the freeze.
    document.undo_stack.undo()  # the freeze
    document.undo_stack.undo()  # the resolution
    assert document.charter.concerns[0].status is ConcernStatus.OPEN
    assert panel.count.text() == "1 open concern" and concern.id in panel.rows
    assert not sign_off.freeze.isEnabled()
    qtbot.waitUntil(listing.isVisible)
    document.undo_stack.undo()  # the concern itself
    assert document.charter.concerns == []
    assert sign_off.freeze.isEnabled()


def test_accepting_and_reopening_from_the_step(qtbot) -> None:
    document, purpose, _review, sign_off = pages(qtbot)
    panel = purpose.concerns
    raise_on(qtbot, panel, CONCERN)
    concern_id = document.charter.concerns[0].id
    settle(qtbot, panel, concern_id, "accept", "The board agreed to keep the why as it is.")
    assert document.charter.concerns[0].status is ConcernStatus.ACCEPTED
    assert sign_off.freeze.isEnabled()

    click(qtbot, panel.show_settled)
    row = panel.rows[concern_id]
    assert row.badge.text() == "Accepted as it stands"
    assert "keep the why as it is" in row.settled.text()
    click(qtbot, row.buttons["reopen"])
    assert document.charter.concerns[0].status is ConcernStatus.OPEN
    assert not sign_off.freeze.isEnabled()
    document.undo_stack.undo()
    assert document.charter.concerns[0].status is ConcernStatus.ACCEPTED


def test_concerns_after_signing_leave_signatures_and_ask_nothing(qtbot) -> None:
    document, purpose, _review, sign_off = pages(qtbot)
    sign_off.partners.setCurrentRow(0)
    sign_off.meeting_date.setDate(QDate.currentDate().addDays(-7))
    click(qtbot, sign_off.sign_button)
    click_freeze(qtbot, sign_off)
    assert document.charter.frozen_for_signing
    asked: list[bool] = []
    document.confirm_agreed_change = lambda: asked.append(True) or False

    raise_on(qtbot, purpose.concerns, CONCERN)
    assert len(document.charter.concerns) == 1 and asked == []
    assert "Signed" in sign_off.partners.item(0).text()
    assert "earlier version" not in sign_off.partners.item(0).text()


def test_the_concerns_bar_is_named_for_screen_readers(qtbot) -> None:
    _document, purpose, _review, _sign_off = pages(qtbot)
    raise_on(qtbot, purpose.concerns, CONCERN)
    inputs = [w for w in inputs_on(purpose, buttons=True) if w.window() is purpose]
    assert [w for w in inputs if not w.accessibleName()] == []
    fields = [w for w in inputs_on(purpose) if w.window() is purpose]
    assert len(fields) == 4  # the bar and the list add no inputs to the step
    SHOTS.mkdir(exist_ok=True)
    purpose.grab().save(str(SHOTS / "concerns_purpose_test.png"))


def test_going_from_review_to_the_concern(window, qtbot) -> None:
    qtbot.mouseClick(window.welcome.starter_buttons["example"], Qt.MouseButton.LeftButton)
    wizard = window.wizard
    purpose = next(p for p in wizard.pages if isinstance(p, PurposePage))
    wizard.go_to(wizard.pages.index(purpose))
    raise_on(qtbot, purpose.concerns, CONCERN)
    concern_id = window.document.charter.concerns[0].id

    wizard.go_to(wizard.page_index(ReviewPage))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    link = window.review.open_concerns.links[concern_id]
    qtbot.waitUntil(link.isVisible)
    click(qtbot, link)
    assert wizard.current_page() is purpose
    resolve = purpose.concerns.rows[concern_id].buttons["resolve"]
    qtbot.waitUntil(resolve.hasFocus)  # ready for the keyboard: Space starts resolving it


def test_a_concern_longer_than_a_concern_can_hold_waits_to_be_shortened(qtbot) -> None:
    from charter_builder.charter.model import MAX_TEXT

    document, purpose, _review, _sign_off = pages(qtbot)
    panel = purpose.concerns
    click(qtbot, panel.raise_button)
    dialog = panel.dialog
    dialog.text.setPlainText("x" * (MAX_TEXT + 1))  # a paste

    assert not dialog.ok_button.isEnabled()
    assert dialog.too_long.isVisible() and "200,000 characters" in dialog.too_long.text()
    dialog.text.setPlainText("x" * MAX_TEXT)
    assert dialog.ok_button.isEnabled() and not dialog.too_long.isVisible()
    click(qtbot, dialog.ok_button)
    assert len(document.charter.concerns[0].text) == MAX_TEXT

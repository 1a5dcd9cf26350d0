"""Sign-off details recorded before anyone signs are the secretary's work: saved, undoable.

A partner board's approval is often minuted weeks before its representative
signs. Typed into the Sign-off step, it goes into the draft straight away as a
record with no digest (not signed), so saving keeps it and closing warns.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pypdf
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from charter_builder.charter.model import SignatureMethod
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.date_edit import OptionalDateEdit
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.sign_off import SignOffPage
from charter_builder.render import render_pdf
from charter_builder.signatures.signing import (
    SignatureState,
    content_digest,
    signature_for,
    signature_states,
)
from gui.page_helpers import open_page

#: A board meeting a fortnight ago: before today's date of signing, as it must be.
APPROVED = date.today() - timedelta(days=14)


def type_date(qtbot, widget: OptionalDateEdit, day: date) -> None:
    """Click into the date and type it day first, as a secretary writes it."""
    widget.setFocus()
    qtbot.keyClicks(widget, day.strftime("%d/%m/%Y"))
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert widget.value() == day


def type_into(qtbot, line, text: str) -> None:
    line.setFocus()
    qtbot.keyClicks(line, text)


def record_approval(qtbot, page: SignOffPage, row: int, minute: str) -> str:
    """The board's approval for the partner in `row`, typed in; returns that partner's id."""
    page.partners.setCurrentRow(row)
    type_date(qtbot, page.meeting_date, APPROVED)
    type_into(qtbot, page.minute_reference, minute)
    return page.current_partner_id()


def saved_example(tmp_path) -> tuple[CharterDocument, object]:
    """The worked example as if opened from its file: nothing to save yet."""
    path = tmp_path / "wyvern.charter"
    save_draft(load_starter("example"), path)
    document = CharterDocument()
    document.replace(load_draft(path), path)
    assert not document.is_modified
    return document, path


def click_radio(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def test_an_approval_recorded_without_signing_is_saved_and_undoable(qtbot, tmp_path) -> None:
    document, path = saved_example(tmp_path)
    page = open_page(qtbot, SignOffPage, document=document)
    steps = document.undo_stack.count()
    partner_id = record_approval(qtbot, page, 1, "B/26/14")

    # Two undo steps: the date, and the minute reference typed key by key.
    assert document.undo_stack.count() == steps + 2
    assert document.is_modified
    record = signature_for(document.charter, partner_id)
    assert record is not None and record.digest == ""
    assert record.approval.meeting_date == APPROVED
    assert record.approval.minute_reference == "B/26/14"
    assert signature_states(document.charter)[partner_id] is SignatureState.UNSIGNED
    assert "Not yet signed" in page.state.text()
    assert "Not yet signed" in page.partners.item(1).text()
    assert page.minute_reference.text() == "B/26/14"

    save_draft(document.draft, path)
    reopened = CharterDocument()
    reopened.replace(load_draft(path), path)
    again = open_page(qtbot, SignOffPage, document=reopened)
    again.partners.setCurrentRow(1)
    assert again.meeting_date.value() == APPROVED
    assert again.minute_reference.text() == "B/26/14"
    assert "Not yet signed" in again.state.text()

    document.undo_stack.undo()  # the minute reference, all of it
    assert signature_for(document.charter, partner_id).approval.minute_reference == ""
    assert page.minute_reference.text() == ""
    assert page.meeting_date.value() == APPROVED
    document.undo_stack.undo()  # the date: nothing recorded any more
    assert signature_for(document.charter, partner_id) is None
    assert page.meeting_date.value() is None
    assert not document.is_modified


def test_typing_keeps_the_cursor_where_it_is(qtbot) -> None:
    page = open_page(qtbot, SignOffPage)
    record_approval(qtbot, page, 0, "B/26/14")
    line = page.minute_reference
    line.setCursorPosition(1)
    qtbot.keyClicks(line, "X")
    assert line.text() == "BX/26/14"
    assert line.cursorPosition() == 2
    partner_id = page.current_partner_id()
    record = signature_for(page.document.charter, partner_id)
    assert record.approval.minute_reference == "BX/26/14"


def test_each_partner_keeps_its_own_details_and_undo_steps(qtbot) -> None:
    page = open_page(qtbot, SignOffPage)
    document = page.document
    first = record_approval(qtbot, page, 0, "B/26/14")
    steps = document.undo_stack.count()
    type_into(qtbot, page.signatory_role, " (interim)")
    second = record_approval(qtbot, page, 1, "T/11/3")
    # The role, the second partner's date and its minute: none merged into another.
    assert document.undo_stack.count() == steps + 3

    page.partners.setCurrentRow(0)
    assert page.minute_reference.text() == "B/26/14"
    assert page.signatory_role.text().endswith(" (interim)")
    page.partners.setCurrentRow(1)
    assert page.minute_reference.text() == "T/11/3"

    document.undo_stack.undo()  # only the second partner's minute goes
    assert signature_for(document.charter, second).approval.minute_reference == ""
    assert signature_for(document.charter, first).approval.minute_reference == "B/26/14"
    assert page.minute_reference.text() == ""
    page.partners.setCurrentRow(0)
    assert page.minute_reference.text() == "B/26/14"


def test_the_way_of_signing_and_the_drawing_are_kept_too(qtbot, tmp_path) -> None:
    page = open_page(qtbot, SignOffPage)
    document = page.document
    partner_id = record_approval(qtbot, page, 2, "B/26/14")
    click_radio(qtbot, page.method_buttons[SignatureMethod.DRAWN])
    pad = page.pad
    w, h = pad.width(), pad.height()
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(w // 10, h // 2))
    qtbot.mouseMove(pad, QPoint(w // 2, h // 3))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(w * 3 // 4, h // 2))
    strokes = pad.strokes()
    record = signature_for(document.charter, partner_id)
    assert record.method is SignatureMethod.DRAWN and record.strokes == strokes
    assert record.digest == ""

    path = tmp_path / "drawn.charter"
    save_draft(document.draft, path)
    kept = signature_for(load_draft(path).charter, partner_id)
    assert kept.strokes == strokes and kept.method is SignatureMethod.DRAWN

    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert signature_for(document.charter, partner_id).strokes == []
    document.undo_stack.undo()  # the clearing
    assert page.pad.strokes() == strokes


def test_signing_afterwards_uses_the_recorded_approval(qtbot) -> None:
    page = open_page(qtbot, SignOffPage)
    document = page.document
    partner_id = record_approval(qtbot, page, 0, "B/26/14")
    record_id = signature_for(document.charter, partner_id).id
    page.partners.setCurrentRow(1)  # weeks pass; the secretary looks at another partner
    page.partners.setCurrentRow(0)
    click_radio(qtbot, page.method_buttons[SignatureMethod.TYPED])
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)

    signature = signature_for(document.charter, partner_id)
    assert signature.id == record_id
    assert signature.digest == content_digest(document.charter)
    assert signature.approval.meeting_date == APPROVED
    assert signature.approval.minute_reference == "B/26/14"
    assert signature_states(document.charter)[partner_id] is SignatureState.CURRENT
    assert page.state.text() == "Signed: recorded, not cryptographically signed."

    # Once signed, changes wait in the form: the signature given is left as it was.
    type_into(qtbot, page.minute_reference, "a")
    assert signature_for(document.charter, partner_id) == signature
    assert page.minute_reference.text() == "B/26/14a"

    qtbot.mouseClick(page.withdraw_button, Qt.MouseButton.LeftButton)
    record = signature_for(document.charter, partner_id)
    assert record is not None and record.digest == ""
    assert record.approval.meeting_date == APPROVED
    assert record.approval.minute_reference == "B/26/14"
    assert signature_states(document.charter)[partner_id] is SignatureState.UNSIGNED
    assert "Not yet signed" in page.state.text()
    assert "Not yet signed" in page.partners.item(0).text()
    assert page.minute_reference.text() == "B/26/14"
    assert not page.withdraw_button.isEnabled()


def test_the_window_shows_unsaved_work_and_asks_before_closing(window, qtbot, tmp_path) -> None:
    document, path = saved_example(tmp_path)
    window.document.replace(document.draft, path)
    window.wizard.go_to(window.wizard.page_index(SignOffPage))
    assert not window.isWindowModified()
    record_approval(qtbot, window.sign_off, 0, "B/26/14")
    assert window.isWindowModified()
    asked: list[bool] = []
    window.prompts.ask_unsaved = lambda: asked.append(True) or QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert asked


def squashed_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages)


def test_the_pdf_prints_what_was_recorded_for_a_partner_yet_to_sign(qtbot) -> None:
    page = open_page(qtbot, SignOffPage)
    record_approval(qtbot, page, 0, "B/26/14")
    page.signatory_role.setFocus()
    page.signatory_role.selectAll()
    qtbot.keyClicks(page.signatory_role, "Chair <of> the board")
    name = page.signatory_name.text()
    text = squashed_text(render_pdf(page.document.draft))
    day = f"{APPROVED.day} {APPROVED.strftime('%B')} {APPROVED.year}"
    assert f"Approved by the board on {day}, minute ref B/26/14" in text
    assert name in text
    assert "Chair <of> the board" in text
    assert "DRAFT" in text


def test_details_kept_weeks_ago_are_signed_with_the_day_of_signing(qtbot) -> None:
    page = open_page(qtbot, SignOffPage)
    partner_id = record_approval(qtbot, page, 0, "B/26/14")
    assert signature_for(page.document.charter, partner_id).signed_on is None

    # A draft saved weeks ago by an earlier version, holding the date it was typed then.
    document = page.document
    old = signature_for(document.charter, partner_id)
    weeks_ago = old.model_copy(update={"signed_on": date.today() - timedelta(days=30)})
    draft = document.draft
    draft.charter = document.charter.model_copy(update={"signatures": [weeks_ago]})
    document.replace(draft, None)
    page.partners.setCurrentRow(0)
    assert page.signed_on.value() == date.today()
    assert page.meeting_date.value() == APPROVED  # what was recorded is all still there
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    signed = signature_for(document.charter, partner_id)
    assert signed.digest and signed.signed_on == date.today()

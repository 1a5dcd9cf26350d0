"""Sign-off in the wizard: drawing, typing, binding to the text, and the freeze."""

from __future__ import annotations

import io

import pikepdf
from pdf_structure import figure_alts
from PIL import Image, ImageDraw
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel

from charter_builder.charter.model import SignatureMethod
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.pages.sign_off import SignOffPage
from charter_builder.render import render_html, render_pdf, signature_svg
from charter_builder.signatures.signing import SignatureState, content_digest, signature_states
from gui.page_helpers import open_page


def given(charter) -> list:
    """The signatures actually given: details recorded before signing carry no digest."""
    return [s for s in charter.signatures if s.digest]


def draw(qtbot, pad, points: list[tuple[int, int]]) -> None:
    """A stroke as a person draws it: press, move through the points, release."""
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for point in points[1:]:
        qtbot.mouseMove(pad, QPoint(*point))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def choose(qtbot, page: SignOffPage, method: SignatureMethod) -> None:
    """Click the round button itself: a radio button only takes clicks on its label."""
    button = page.method_buttons[method]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def approve(page: SignOffPage, minute: str = "B/26/14") -> None:
    """The board's approval, picked in the calendar and typed, as a secretary records it."""
    page.meeting_date.setDate(QDate.currentDate().addDays(-7))
    page.minute_reference.setText(minute)


def sign_typed(qtbot, page: SignOffPage, row: int) -> None:
    page.partners.setCurrentRow(row)
    approve(page)
    choose(qtbot, page, SignatureMethod.TYPED)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)


def test_a_drawn_signature_is_kept_in_the_draft(qtbot, tmp_path) -> None:
    page = open_page(qtbot, SignOffPage)
    page.partners.setCurrentRow(0)
    approve(page)
    choose(qtbot, page, SignatureMethod.DRAWN)
    pad = page.pad
    assert pad.isVisible()
    w, h = pad.width(), pad.height()
    draw(qtbot, pad, [(w // 10, h // 2), (w // 4, h // 3), (w // 2, h // 2), (w * 3 // 4, h // 3)])
    draw(qtbot, pad, [(w // 5, h * 2 // 3), (w * 4 // 5, h * 2 // 3)])
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)

    charter = page.document.charter
    (signature,) = charter.signatures
    assert signature.method is SignatureMethod.DRAWN
    assert len(signature.strokes) == 2
    assert len(signature.strokes[0]) == 8  # four points, x and y each
    assert all(0 <= v <= 1000 for stroke in signature.strokes for v in stroke)
    assert signature.digest == content_digest(charter)
    assert signature.approval.minute_reference == "B/26/14"

    path = tmp_path / "signed.charter"
    save_draft(page.document.draft, path)
    assert load_draft(path).charter.signatures[0].strokes == signature.strokes

    # ... and the PDF draws those very strokes, described for screen readers.
    draft = load_draft(path)
    assert signature_svg.data_url(signature.strokes) in render_html(draft)
    pdf = pikepdf.open(io.BytesIO(render_pdf(draft)))
    assert f"Signature of {signature.signatory_name}, drawn" in figure_alts(pdf)


def test_clear_and_redraw(qtbot) -> None:
    page = open_page(qtbot, SignOffPage)
    approve(page)
    choose(qtbot, page, SignatureMethod.DRAWN)
    draw(qtbot, page.pad, [(10, 10), (100, 60)])
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.pad.is_empty()
    errors: list[str] = []
    page.show_error = errors.append
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert errors and "Draw the signature" in errors[0]
    assert given(page.document.charter) == []


def test_a_change_to_agreed_text_marks_signatures_as_earlier_until_re_signed(qtbot) -> None:
    page = open_page(qtbot, SignOffPage)
    document = page.document
    partners = document.charter.partners
    for row in range(len(partners)):
        sign_typed(qtbot, page, row)
    assert "Every partner has signed this version" in page.summary.text()

    commitment = document.charter.commitments[0]
    document.set_value(("commitments", commitment.id, "description"), "Changed after signing.")
    states = signature_states(document.charter)
    assert set(states.values()) == {SignatureState.EARLIER}
    assert "Signed an earlier version" in page.partners.item(0).text()
    assert "need to sign again" in page.summary.text()

    sign_typed(qtbot, page, 0)
    assert signature_states(document.charter)[partners[0].id] is SignatureState.CURRENT
    document.undo_stack.undo()  # the re-signing
    document.undo_stack.undo()  # the change
    assert set(signature_states(document.charter).values()) == {SignatureState.CURRENT}


def test_once_frozen_a_change_to_agreed_text_asks_first(qtbot) -> None:
    page = open_page(qtbot, SignOffPage)
    document = page.document
    sign_typed(qtbot, page, 0)
    box = page.freeze
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert document.charter.frozen_for_signing
    asked: list[bool] = []
    document.confirm_agreed_change = lambda: asked.append(True) or False
    before = document.charter.purpose.why
    document.set_value(("purpose", "why"), "Something else")
    assert asked and document.charter.purpose.why == before

    document.confirm_agreed_change = lambda: asked.append(True) or True
    document.set_value(("purpose", "why"), "Something else")
    assert document.charter.purpose.why == "Something else"
    asked.clear()
    sign_typed(qtbot, page, 1)  # signing itself never asks
    assert asked == []


def test_a_signature_waits_for_the_boards_approval(qtbot) -> None:
    page = open_page(qtbot, SignOffPage)
    errors: list[str] = []
    page.show_error = errors.append
    page.partners.setCurrentRow(0)
    choose(qtbot, page, SignatureMethod.TYPED)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert errors and "board approved" in errors[-1]
    assert given(page.document.charter) == []

    page.meeting_date.setDate(QDate.currentDate().addDays(3))  # after the signing date
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert "before it is signed" in errors[-1]
    assert given(page.document.charter) == []

    approve(page)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    (signature,) = page.document.charter.signatures
    assert signature.approval.meeting_date == QDate.currentDate().addDays(-7).toPython()


def fill_drawn(qtbot, page: SignOffPage, minute: str) -> list[list[float]]:
    approve(page, minute)
    choose(qtbot, page, SignatureMethod.DRAWN)
    w, h = page.pad.width(), page.pad.height()
    draw(qtbot, page.pad, [(w // 10, h // 2), (w // 3, h // 3), (w // 2, h // 2)])
    return page.pad.strokes()


def test_the_form_keeps_what_was_entered_until_it_is_signed(qtbot) -> None:
    page = open_page(qtbot, SignOffPage)
    document = page.document
    page.partners.setCurrentRow(0)
    strokes = fill_drawn(qtbot, page, "B/26/14")
    approved = page.meeting_date.value()

    def still_there() -> None:
        assert page.current_partner_id() == document.charter.partners[0].id
        assert page.meeting_date.value() == approved
        assert page.minute_reference.text() == "B/26/14"
        assert page.method() is SignatureMethod.DRAWN
        assert page.pad.strokes() == strokes

    page.partners.setCurrentRow(1)  # another partner's form starts fresh ...
    assert page.minute_reference.text() == ""
    assert page.pad.is_empty()
    qtbot.keyClicks(page.minute_reference, "M/7")
    page.partners.setCurrentRow(0)  # ... and going back finds the first as it was left
    still_there()

    document.set_value(("purpose", "why"), "An edit elsewhere in the charter.")
    still_there()
    box = page.freeze
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert document.charter.frozen_for_signing
    still_there()
    page.partners.setCurrentRow(1)
    assert page.minute_reference.text() == "M/7"
    page.partners.setCurrentRow(0)

    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    (signature,) = given(document.charter)
    assert signature.strokes == strokes
    assert "Signed" in page.state.text()
    assert page.withdraw_button.isEnabled()

    document.undo_stack.undo()  # the signing: the details come back, ready to sign again
    assert given(document.charter) == []
    assert "Not yet signed" in page.state.text()
    still_there()
    assert not page.withdraw_button.isEnabled()
    document.undo_stack.redo()
    assert given(document.charter)[0].strokes == strokes
    still_there()


def test_a_new_draft_starts_every_form_afresh(qtbot) -> None:
    page = open_page(qtbot, SignOffPage)
    page.partners.setCurrentRow(0)
    fill_drawn(qtbot, page, "B/26/14")
    page.document.replace(load_starter("example"), None)
    assert page.minute_reference.text() == ""
    assert page.meeting_date.value() is None
    assert page.pad.is_empty()


def test_a_chosen_picture_is_shown_and_described(qtbot, tmp_path) -> None:
    picture = tmp_path / "signature.png"
    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).line([(40, 150), (300, 40), (560, 150)], fill="navy", width=8)
    image.save(picture)
    page = open_page(qtbot, SignOffPage)
    page.partners.setCurrentRow(0)
    choose(qtbot, page, SignatureMethod.IMAGE)
    assert page.image_preview.text() == "No picture chosen yet."
    page.choose_image_file = lambda: str(picture)
    qtbot.mouseClick(page.image_button, Qt.MouseButton.LeftButton)

    shown = page.image_preview.pixmap()
    assert not shown.isNull()
    assert shown.width() <= 240 and shown.height() <= 90
    name = page.signatory_name.text()
    assert page.image_preview.accessibleDescription() == (
        f"The chosen picture of {name}'s signature."
    )
    assert page.image_button.text() == "Choose another pi&cture…"
    page.partners.setCurrentRow(1)
    assert page.image_preview.pixmap().isNull()
    page.partners.setCurrentRow(0)
    assert not page.image_preview.pixmap().isNull()

    approve(page)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    (signature,) = page.document.charter.signatures
    assert page.document.draft.image(signature.image) is not None


def test_mnemonics_clash_with_nothing_on_the_page_or_the_menu_bar(qtbot) -> None:
    page = open_page(qtbot, SignOffPage)
    texts = [w.text() for w in page.findChildren(QAbstractButton) + page.findChildren(QLabel)]
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t and "&&" not in t]
    assert len(keys) == len(set(keys)), sorted(keys)
    menu_bar_and_wizard = {"f", "e", "g", "h", "b", "n"}  # File Edit Go Help, Back Next
    assert not set(keys) & menu_bar_and_wizard
    assert page.freeze.text() == "Free&ze the text for signing"
    assert page.sign_button.text() == "Sign &this version"


def test_no_sideways_scrolling_in_a_small_window(window, qtbot) -> None:
    window.document.replace(load_starter("example"), None)
    window.resize(1024, 700)
    window.wizard.go_to(window.wizard.page_index(SignOffPage))
    page = window.sign_off
    for method in SignatureMethod:
        choose(qtbot, page, method)
        qtbot.wait(20)  # fixed: lets the layout settle; a scroll bar must NOT appear
        assert not page.horizontalScrollBar().isVisible(), method

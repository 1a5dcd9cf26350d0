"""Dragging files onto the real window: a draft opens, a picture becomes a partner's logo."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from charter_builder.charter.editing import set_field
from charter_builder.drafts.draft_file import save_draft
from charter_builder.drafts.starters import load_starter


def drop(widget: QWidget, *paths: Path) -> bool:
    """Drag `paths` over `widget` and let go, as a file manager would; whether it was taken."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = QPointF(widget.rect().center())
    copy = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        point.toPoint(), copy, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(point, copy, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def a_draft(folder: Path) -> Path:
    path = folder / "wyvern.charter"
    draft = load_starter("example")
    draft.history.record(draft.charter, "Priya Raman", "Healthwatch Wyvern Vale")
    save_draft(draft, path)
    return path


def test_a_draft_dropped_on_the_window_opens_asking_about_unsaved_changes(
    window, tmp_path
) -> None:
    path = a_draft(tmp_path)
    window.new_from_starter("blank")
    assert window.document.is_modified
    asked: list[str] = []

    def unsaved() -> QMessageBox.StandardButton:
        asked.append("unsaved")
        return QMessageBox.StandardButton.Discard

    window.prompts.ask_unsaved = unsaved
    assert drop(window, path)
    assert asked == ["unsaved"]
    assert window.document.path == path
    expected = load_starter("example").charter.partnership.name
    assert window.document.charter.partnership.name == expected


def test_cancelling_the_unsaved_question_keeps_the_work(window, tmp_path) -> None:
    path = a_draft(tmp_path)
    window.new_from_starter("blank")
    window.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Cancel
    drop(window, path)
    assert window.document.path is None and window.document.is_modified


def test_other_files_and_several_at_once_are_not_taken_by_the_window(window, tmp_path) -> None:
    path = a_draft(tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("minutes")
    assert not drop(window, notes)
    assert not drop(window, path, path.with_name("b.charter"))
    assert window.document.path is None


def partner_logo_box(window):
    window.wizard.go_to(1)
    page = window.wizard.current_page()
    page.partners.add_button.click()
    return page, page.logo


def test_a_picture_dropped_on_the_logo_box_becomes_the_partners_logo(window, tmp_path) -> None:
    page, logo = partner_logo_box(window)
    picture = tmp_path / "hospice.png"
    Image.new("RGB", (400, 200), "teal").save(picture, "PNG")
    partner_id = page.partners.current_id()
    assert drop(logo, picture)
    name = window.document.charter.partner(partner_id).logo
    assert name is not None and window.document.draft.image(name)
    assert not logo.preview.pixmap().isNull()
    window.document.undo_stack.undo()
    assert window.document.charter.partner(partner_id).logo is None


def test_a_file_that_is_not_a_picture_dropped_on_the_logo_box_is_refused_as_when_chosen(
    window, tmp_path
) -> None:
    page, logo = partner_logo_box(window)
    minutes = tmp_path / "minutes.png"
    minutes.write_text("Board minutes")
    # Chosen through the button first, for the message a user sees then...
    logo.choose_file = lambda: str(minutes)
    logo.choose()
    chosen_message = logo.last_error
    logo.message_box.close()
    logo.last_error = ""
    steps = window.document.undo_stack.count()
    # ...then dropped: the same checks, the same plain words, nothing changed.
    drop(logo, minutes)
    assert logo.last_error == chosen_message
    assert "not a PNG or JPEG" in logo.last_error
    assert window.document.undo_stack.count() == steps
    assert window.document.charter.partner(page.partners.current_id()).logo is None
    logo.message_box.close()


def test_a_picture_dropped_on_the_signature_picture_is_used_with_the_same_checks(
    qtbot, tmp_path
) -> None:
    from charter_builder.charter.model import SignatureMethod
    from charter_builder.gui.pages.sign_off import SignOffPage
    from gui.page_helpers import open_page
    from gui.test_sign_off_page import choose

    page = open_page(qtbot, SignOffPage)
    page.partners.setCurrentRow(0)
    choose(qtbot, page, SignatureMethod.IMAGE)
    errors: list[str] = []
    page.show_error = errors.append
    minutes = tmp_path / "minutes.png"
    minutes.write_text("Board minutes")
    page.choose_image_file = lambda: str(minutes)
    page.image_button.click()
    assert len(errors) == 1 and "not a PNG or JPEG" in errors[0]
    drop(page.image_preview, minutes)
    assert errors == [errors[0], errors[0]]  # refused in the same words as choosing it
    assert page.image_preview.pixmap().isNull()

    picture = tmp_path / "signature.png"
    Image.new("RGB", (600, 200), "navy").save(picture)
    assert drop(page.image_preview, picture)
    assert not page.image_preview.pixmap().isNull()
    assert page.image_button.text() == "Choose another pi&cture…"


def test_dropping_the_draft_already_open_keeps_what_is_typed(window, tmp_path) -> None:
    path = a_draft(tmp_path)
    assert window.open(path)
    charter = window.document.charter
    window.document.apply(set_field(charter, ("purpose", "vision"), "Typed but not yet saved."))
    window.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    assert drop(window, path)
    assert window.document.charter.purpose.vision == "Typed but not yet saved."
    assert window.statusBar().currentMessage() == "wyvern.charter is already open here."

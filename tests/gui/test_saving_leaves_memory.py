"""Saving in the window writes the draft; it never changes the draft the user is editing."""

from __future__ import annotations

import copy

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from charter_builder.drafts.draft_file import load_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.partnership import PartnershipPage


@pytest.fixture
def document(qtbot) -> CharterDocument:
    doc = CharterDocument()
    doc.replace(load_starter("example"), None)
    return doc


@pytest.fixture
def page(qtbot, document) -> PartnershipPage:
    page = PartnershipPage(document)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


def test_a_logo_cleared_saved_and_brought_back_by_undo_is_saved_again(
    qtbot, page, document, tmp_path
):
    qtbot.mouseClick(page.partners.add_button, Qt.MouseButton.LeftButton)
    partner_id = page.partners.current_id()
    picture = tmp_path / "hospice.png"
    Image.new("RGB", (300, 100), "teal").save(picture, "PNG")
    page.logo.choose_file = lambda: str(picture)
    qtbot.mouseClick(page.logo.choose_button, Qt.MouseButton.LeftButton)
    logo = document.charter.partner(partner_id).logo
    assert logo is not None
    qtbot.mouseClick(page.logo.remove_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "charter.charter"
    document.save(target, author=("Jane Smith", "Leeds City Council"))

    document.undo_stack.undo()  # the logo is back
    assert document.charter.partner(partner_id).logo == logo
    assert not page.logo.preview.pixmap().isNull()
    document.save(target, author=("Jane Smith", "Leeds City Council"))

    saved = load_draft(target)
    assert saved.charter.partner(partner_id).logo == logo
    assert saved.image(logo) is not None
    assert saved.image(logo) == document.draft.image(logo)


def test_saving_leaves_the_charter_and_pictures_in_memory_as_they_were(
    qtbot, page, document, tmp_path
):
    qtbot.mouseClick(page.partners.add_button, Qt.MouseButton.LeftButton)
    picture = tmp_path / "hospice.png"
    Image.new("RGB", (300, 100), "teal").save(picture, "PNG")
    page.logo.choose_file = lambda: str(picture)
    qtbot.mouseClick(page.logo.choose_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.logo.remove_button, Qt.MouseButton.LeftButton)
    charter = copy.deepcopy(document.charter)
    media = copy.deepcopy(document.draft.media)

    document.save(tmp_path / "charter.charter", author=("Jane Smith", ""))

    assert document.charter == charter
    assert document.draft.media == media


@pytest.mark.parametrize("kind", ["zTXt", "iCCP"])
def test_the_logo_chooser_refuses_a_picture_bomb_as_not_a_normal_picture(
    qtbot, page, document, tmp_path, kind
):
    import weasyprint  # noqa: F401 - the window's process may have loaded it for a preview
    from picture_bombs import png_with_bomb

    from charter_builder.charter.images import NOT_NORMAL

    qtbot.mouseClick(page.partners.add_button, Qt.MouseButton.LeftButton)
    media = dict(document.draft.media)
    chosen = tmp_path / "logo.png"
    chosen.write_bytes(png_with_bomb(kind))
    page.logo.choose_file = lambda: str(chosen)

    qtbot.mouseClick(page.logo.choose_button, Qt.MouseButton.LeftButton)

    assert page.logo.last_error == NOT_NORMAL
    assert "far larger" not in page.logo.last_error
    assert document.draft.media == media
    page.logo.message_box.close()

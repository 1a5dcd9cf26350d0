"""The partnership step as a board secretary uses it: typing, partners, logos, problems."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QLineEdit,
    QWidget,
)
from test_images import DAMAGED, SIXTY_MP, huge_png

from charter_builder.charter.model import PartnerKind
from charter_builder.charter.problems import find_problems
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.logo_picker import MAX_IMAGE_BYTES
from charter_builder.gui.pages.contributions import ContributionsPage
from charter_builder.gui.pages.partnership import PartnershipPage
from gui.page_helpers import inputs_on


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


def click_row(qtbot, page: PartnershipPage, row: int) -> None:
    view = page.partners.list
    page.ensureWidgetVisible(view)
    rect = view.visualItemRect(view.item(row))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def replace_text(qtbot, widget: QLineEdit, text: str) -> None:
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def gif_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "teal").save(buffer, "GIF")
    return buffer.getvalue()


def half_a_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((600, 400), 60).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()[: buffer.tell() // 2]


# -- the partnership -----------------------------------------------------------
def test_typing_the_partnership_changes_the_charter_and_undo_restores_it(qtbot, page, document):
    before_name = document.charter.partnership.name
    before_population = document.charter.partnership.population

    replace_text(qtbot, page.name_edit, "Kestleford Together")
    page.population_edit.selectAll()
    qtbot.keyClicks(page.population_edit, "About 300,000 people.")
    replace_text(qtbot, page.title_edit, "Kestleford charter")

    assert document.charter.partnership.name == "Kestleford Together"
    assert document.charter.partnership.population == "About 300,000 people."
    assert document.charter.title == "Kestleford charter"

    # One undo step per field, however many keys were pressed.
    for _ in range(3):
        document.undo_stack.undo()
    assert document.charter.partnership.name == before_name
    assert document.charter.partnership.population == before_population
    assert page.name_edit.text() == before_name
    assert page.population_edit.toPlainText() == before_population


def test_dates_are_kept_and_undone(qtbot, page, document):
    before = document.charter.partnership.review_date
    page.review_edit.setDate(QDate(2028, 3, 31))
    assert str(document.charter.partnership.review_date) == "2028-03-31"
    document.undo_stack.undo()
    assert document.charter.partnership.review_date == before
    assert page.review_edit.value() == before


# -- partners ------------------------------------------------------------------
def test_the_form_edits_the_partner_chosen_in_the_list(qtbot, page, document):
    click_row(qtbot, page, 2)
    third = document.charter.partners[2]
    assert page.partner_name_edit.text() == third.name

    replace_text(qtbot, page.rep_role_edit, "Chair")
    page.kind_combo.setFocus()
    qtbot.keyClick(page.kind_combo, Qt.Key.Key_End)

    assert document.charter.partners[2].representative.role == "Chair"
    assert document.charter.partners[2].kind == PartnerKind.OTHER
    assert document.charter.partners[1].representative.role != "Chair"

    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.charter.partners[2] == third
    assert page.rep_role_edit.text() == third.representative.role
    assert page.kind_combo.currentData() == third.kind.value


def test_adding_a_partner_gives_it_a_card_and_undo_takes_both_away(qtbot, page, document):
    cards = ContributionsPage(document)
    qtbot.addWidget(cards)
    count = len(document.charter.partners)

    qtbot.mouseClick(page.partners.add_button, Qt.MouseButton.LeftButton)
    replace_text(qtbot, page.partner_name_edit, "Wyvern Hospice")

    new = document.charter.partner(page.partners.current_id())
    assert len(document.charter.partners) == count + 1
    assert new.name == "Wyvern Hospice"
    assert document.charter.contribution_for(new.id) is not None
    assert page.partners.list.currentItem().text() == "Wyvern Hospice"
    assert cards.cards[new.id].title() == "Wyvern Hospice"

    document.undo_stack.undo()  # the name
    document.undo_stack.undo()  # the partner
    assert len(document.charter.partners) == count
    assert len(document.charter.contributions) == count
    assert new.id not in cards.cards
    assert page.partners.list.count() == count


def test_removing_a_partner_and_undoing_brings_back_its_card_text(qtbot, page, document):
    cards = ContributionsPage(document)
    qtbot.addWidget(cards)
    leaving = document.charter.partners[3]
    card_text = document.charter.contribution_for(leaving.id).losses
    assert card_text

    click_row(qtbot, page, 3)
    qtbot.mouseClick(page.partners.remove_button, Qt.MouseButton.LeftButton)

    assert document.charter.partner(leaving.id) is None
    assert document.charter.contribution_for(leaving.id) is None
    assert leaving.id not in cards.cards
    assert all(leaving.id not in c.owners for c in document.charter.commitments)

    document.undo_stack.undo()
    assert document.charter.partners[3].id == leaving.id
    assert cards.cards[leaving.id].fields["losses"].toPlainText() == card_text
    layout = cards.cards_layout
    assert layout.itemAt(3).widget().partner_id == leaving.id
    assert layout.count() == len(document.charter.partners)


def test_moving_a_partner_moves_its_card_and_undo_puts_it_back(qtbot, page, document):
    cards = ContributionsPage(document)
    qtbot.addWidget(cards)
    order = [p.id for p in document.charter.partners]

    click_row(qtbot, page, 0)
    qtbot.mouseClick(page.partners.down_button, Qt.MouseButton.LeftButton)

    moved = [order[1], order[0], *order[2:]]
    assert [p.id for p in document.charter.partners] == moved
    assert [c.partner_id for c in document.charter.contributions] == moved
    assert list(cards.cards) == moved
    layout = cards.cards_layout
    assert [layout.itemAt(i).widget().partner_id for i in range(layout.count())] == moved
    assert page.partners.current_id() == order[0]

    document.undo_stack.undo()
    assert [p.id for p in document.charter.partners] == order
    assert [layout.itemAt(i).widget().partner_id for i in range(layout.count())] == order


# -- logos ---------------------------------------------------------------------
def test_choosing_a_png_logo_shows_it_and_undo_removes_it(qtbot, page, document, tmp_path):
    qtbot.mouseClick(page.partners.add_button, Qt.MouseButton.LeftButton)
    partner_id = page.partners.current_id()
    assert page.logo.preview.pixmap().isNull()
    picture = tmp_path / "hospice.png"
    notes = PngInfo()
    notes.add_text("Author", "Hospice marketing team")
    Image.new("RGB", (2400, 800), "teal").save(picture, "PNG", pnginfo=notes)
    page.logo.choose_file = lambda: str(picture)

    qtbot.mouseClick(page.logo.choose_button, Qt.MouseButton.LeftButton)

    name = document.charter.partner(partner_id).logo
    assert name is not None
    stored = Image.open(io.BytesIO(document.draft.image(name)))
    assert stored.size == (1200, 400)  # scaled to print size on the way in
    assert stored.text == {}  # and its text chunk left behind
    assert not page.logo.preview.pixmap().isNull()
    assert page.logo.remove_button.isEnabled()

    document.undo_stack.undo()
    assert document.charter.partner(partner_id).logo is None
    assert page.logo.preview.pixmap().isNull()
    assert page.logo.preview.text() == "No logo yet"

    document.undo_stack.redo()
    qtbot.mouseClick(page.logo.remove_button, Qt.MouseButton.LeftButton)
    assert document.charter.partner(partner_id).logo is None


@pytest.mark.parametrize(
    ("file_name", "make", "expected"),
    [
        ("minutes.txt", lambda p: p.write_text("Board minutes"), "not a PNG or JPEG"),
        ("huge.png", lambda p: p.open("wb").truncate(MAX_IMAGE_BYTES + 1), "too large"),
        ("animation.png", lambda p: p.write_bytes(gif_bytes()), "not a PNG or JPEG"),
        ("poster.png", lambda p: p.write_bytes(huge_png(8000, 7500)), SIXTY_MP),
        ("cut.jpg", lambda p: p.write_bytes(half_a_jpeg()), DAMAGED),
    ],
)
def test_a_file_that_is_not_a_usable_picture_is_refused_in_plain_words(
    qtbot, page, document, tmp_path, file_name, make, expected
):
    click_row(qtbot, page, 1)
    partner = document.charter.partners[1].model_copy(deep=True)
    charter = document.charter.model_copy(deep=True)
    media = dict(document.draft.media)
    steps = document.undo_stack.count()
    chosen = tmp_path / file_name
    make(chosen)
    page.logo.choose_file = lambda: str(chosen)

    qtbot.mouseClick(page.logo.choose_button, Qt.MouseButton.LeftButton)

    assert expected in page.logo.last_error
    assert "Traceback" not in page.logo.last_error
    assert page.logo.message_box.isVisible()
    assert page.logo.message_box.text() == page.logo.last_error
    assert document.draft.media == media
    assert document.charter.partners[1] == partner
    assert document.charter == charter
    assert document.undo_stack.count() == steps
    page.logo.message_box.close()


def test_cancelling_the_file_dialog_changes_nothing(qtbot, page, document):
    steps = document.undo_stack.count()
    page.logo.choose_file = lambda: ""
    qtbot.mouseClick(page.logo.choose_button, Qt.MouseButton.LeftButton)
    assert document.undo_stack.count() == steps
    assert page.logo.last_error == ""


# -- problems and accessibility ------------------------------------------------
def blank_with_two_new_partners(qtbot, page, document) -> None:
    document.replace(load_starter("blank"), None)
    qtbot.mouseClick(page.partners.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.partners.add_button, Qt.MouseButton.LeftButton)


def test_every_problem_on_a_blank_charter_leads_to_an_input(qtbot, page, document):
    document.replace(load_starter("blank"), None)
    document.set_value(("title",), "")
    problems = [
        p
        for p in find_problems(document.charter)
        if p.section in (*page.sections, "title", "version")
    ]
    assert len(problems) >= 6
    for problem in problems:
        widget = page.widget_for(problem.location, problem.item_id)
        assert isinstance(widget, QWidget), problem
        assert widget.isEnabled(), problem
        assert widget.focusPolicy() != Qt.FocusPolicy.NoFocus, problem


def test_a_partner_problem_selects_that_partner_and_its_field(qtbot, page, document):
    blank_with_two_new_partners(qtbot, page, document)
    first_id = document.charter.partners[0].id
    click_row(qtbot, page, 1)
    problems = [p for p in find_problems(document.charter) if p.location[:1] == ("partners",)]
    role = next(p for p in problems if p.location == ("partners", 0, "representative", "role"))

    widget = page.widget_for(role.location, role.item_id)

    assert widget is page.rep_role_edit
    assert page.partners.current_id() == first_id
    assert page.partner_binder.base == ("partners", first_id)
    for problem in problems:
        widget = page.widget_for(problem.location, problem.item_id)
        assert widget is not None and widget.isEnabled(), problem


def test_every_input_has_an_accessible_name(qtbot, page, document):
    inputs = inputs_on(page, buttons=True)
    assert len(inputs) > 15
    unnamed = [type(w).__name__ + " " + w.objectName() for w in inputs if not w.accessibleName()]
    assert unnamed == []




def test_a_long_name_is_shown_from_its_start(qtbot, page, document):
    partner = document.charter.partners[1]
    long_name = "Kestleford and Wyvern Hospitals NHS Foundation Trust, " * 3
    document.set_value(("partners", partner.id, "name"), long_name)
    click_row(qtbot, page, 0)
    click_row(qtbot, page, 1)
    edit = page.partner_name_edit
    assert edit.text() == long_name
    assert not edit.hasFocus()
    assert edit.cursorPosition() == 0


def test_after_reopening_a_draft_no_partner_row_is_drawn_over_the_next(
    window, qtbot, tmp_path
) -> None:
    """Rows laid out before the list had its final width kept the heights of that width."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    from charter_builder.drafts.draft_file import save_draft

    draft = load_starter("example")
    draft.charter.partners[1].name = "Kestleford and Wyvern Hospitals NHS Foundation Trust " * 2
    path = tmp_path / "wyvern.charter"
    save_draft(draft, path)
    assert window.open(path)
    index = window.wizard.page_index(PartnershipPage)
    window.wizard.go_to(index)
    rows = window.wizard.pages.built(index).partners.list

    def overlaps() -> list[tuple[int, int]]:
        QApplication.processEvents()
        rects = [rows.visualItemRect(rows.item(r)) for r in range(rows.count())]
        return [
            (r, rects[r].bottom() - rects[r + 1].top() + 1)
            for r in range(len(rects) - 1)
            if rects[r].bottom() >= rects[r + 1].top()
        ]

    # Qt lays a list out again a tenth of a second after its width changes.
    qtbot.waitUntil(lambda: not overlaps(), timeout=1500)
    metrics = rows.fontMetrics()
    for r in range(rows.count()):
        rect = rows.visualItemRect(rows.item(r))
        room = QRect(0, 0, rect.width() - 16, 100_000)
        needed = metrics.boundingRect(room, int(Qt.TextFlag.TextWordWrap), rows.item(r).text())
        assert rect.height() >= needed.height(), rows.item(r).text()

"""Typing in one field refreshes only what shows that field (issue 14, item 5).

With 200 partners, a keystroke in the Vision box must leave the sign-off step's
partner list as the user left it, and each contribution card must still show its edits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from charter_builder.charter.model import Partner
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.contributions import ContributionsPage
from charter_builder.gui.pages.purpose import PurposePage
from charter_builder.gui.pages.sign_off import SignOffPage
from gui.page_helpers import open_page

PARTNERS = 200


def many_partners() -> CharterDocument:
    draft = load_starter("example")
    draft.charter.partners = [Partner(name=f"Partner {n:03}") for n in range(PARTNERS)]
    document = CharterDocument()
    document.replace(draft, None)  # every partner gets its contribution card
    return document


def type_in_vision(qtbot, document: CharterDocument, text: str) -> PurposePage:
    purpose = open_page(qtbot, PurposePage, document=document)
    purpose.vision_edit.setFocus()
    purpose.vision_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(purpose.vision_edit, text)
    return purpose


def test_typing_the_vision_leaves_the_sign_off_partner_list_where_the_user_left_it(
    qtbot,
) -> None:
    document = many_partners()
    sign_off = open_page(qtbot, SignOffPage, document=document)
    partners = sign_off.partners
    partners.setCurrentRow(3)
    bar = partners.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # scrolled down to look at the last partners
    first_row = partners.item(0)

    type_in_vision(qtbot, document, " Together.")

    assert document.charter.purpose.vision.endswith(" Together.")
    assert bar.value() == bar.maximum()  # not jumped back to the chosen partner
    assert partners.currentRow() == 3
    assert partners.item(0) is first_row  # the list was not rebuilt


def test_an_edit_in_one_card_still_shows_in_that_card_and_undo_brings_it_back(qtbot) -> None:
    """The cards no longer listen themselves: the page passes each change to its card."""
    document = many_partners()
    cards = open_page(qtbot, ContributionsPage, document=document)
    card = list(cards.cards.values())[7]
    path = ("contributions", card.card_id, "losses")
    document.set_value(path, "Some say in our own estates.")
    assert card.fields["losses"].toPlainText() == "Some say in our own estates."
    document.undo_stack.undo()
    assert card.fields["losses"].toPlainText() == ""
    qtbot.keyClick(card.fields["losses"], Qt.Key.Key_A)
    assert document.value(path) == "a"

"""The contributions step: one card per partner, which follows the partner list."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QWidget,
)

from charter_builder.charter import editing
from charter_builder.charter.model import Partner
from charter_builder.charter.problems import find_problems
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.contributions import ContributionsPage
from gui.page_helpers import inputs_on


@pytest.fixture
def document(qtbot) -> CharterDocument:
    doc = CharterDocument()
    doc.replace(load_starter("example"), None)
    return doc


@pytest.fixture
def page(qtbot, document) -> ContributionsPage:
    page = ContributionsPage(document)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


def shown_order(page: ContributionsPage) -> list[str]:
    layout = page.cards_layout
    return [layout.itemAt(i).widget().partner_id for i in range(layout.count())]


def test_there_is_one_card_per_partner_in_partner_order(page, document):
    partners = document.charter.partners
    assert shown_order(page) == [p.id for p in partners]
    first = page.cards[partners[0].id]
    assert first.title() == partners[0].name
    card = document.charter.contribution_for(partners[0].id)
    assert first.fields["brings"].toPlainText() == card.brings
    assert first.fields["support"].toPlainText() == card.support
    assert not page.empty_label.isVisibleTo(page)


def test_typing_on_a_card_changes_that_partner_only_and_undo_restores_it(qtbot, page, document):
    second, third = document.charter.partners[1:3]
    before = document.charter.contribution_for(second.id).model_copy(deep=True)
    other = document.charter.contribution_for(third.id).model_copy(deep=True)
    field = page.cards[second.id].fields["autonomy_given_up"]

    field.selectAll()
    qtbot.keyClicks(field, "We give up setting our own waiting-list rules.")

    after = document.charter.contribution_for(second.id)
    assert after.autonomy_given_up == "We give up setting our own waiting-list rules."
    assert after.brings == before.brings
    assert document.charter.contribution_for(third.id) == other

    document.undo_stack.undo()
    assert document.charter.contribution_for(second.id) == before
    assert field.toPlainText() == before.autonomy_given_up


def test_typing_and_renaming_do_not_rebuild_the_cards(qtbot, page, document):
    partner = document.charter.partners[0]
    card = page.cards[partner.id]
    field = card.fields["losses"]
    field.setFocus()
    qtbot.keyClicks(field, " And more.")

    document.set_value(("partners", partner.id, "name"), "Wyvern Vale ICB")

    assert page.cards[partner.id] is card
    assert card.fields["losses"] is field
    assert card.title() == "Wyvern Vale ICB"
    document.undo_stack.undo()
    assert card.title() == partner.name


def test_a_partner_s_logo_appears_small_on_its_card(page, document):
    partner = document.charter.partners[0]
    card = page.cards[partner.id]
    assert partner.logo is not None
    assert card.logo_label.isVisibleTo(card)
    assert card.logo_label.pixmap().height() <= card.logo_label.height()

    document.set_value(("partners", partner.id, "logo"), None)
    assert not card.logo_label.isVisibleTo(card)
    document.undo_stack.undo()
    assert card.logo_label.isVisibleTo(card)


def test_without_partners_the_page_says_where_to_add_them(qtbot, page, document):
    document.replace(load_starter("blank"), None)
    assert page.cards == {}
    assert page.empty_label.isVisibleTo(page)
    assert "Partnership and partners" in page.empty_label.text()

    partner = Partner(name="Kestleford City Council")
    document.apply(editing.add_partner(document.charter, partner))

    assert list(page.cards) == [partner.id]
    assert page.cards[partner.id].title() == "Kestleford City Council"
    assert not page.empty_label.isVisibleTo(page)


def test_a_partner_without_a_card_can_start_one(qtbot, page, document):
    partner = document.charter.partners[2]
    card_id = document.charter.contribution_for(partner.id).id
    document.apply(editing.RemoveItem(("contributions",), card_id))
    problem = next(p for p in find_problems(document.charter) if p.location == ("contributions",))
    assert problem.item_id == partner.id

    button = page.widget_for(problem.location, problem.item_id)
    assert button is page.cards[partner.id].start_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    card = document.charter.contribution_for(partner.id)
    assert card is not None
    assert document.charter.contributions.index(card) == 2
    assert page.cards[partner.id].fields["brings"].isEnabled()


def test_every_card_problem_leads_to_its_field(qtbot, page, document):
    document.replace(load_starter("blank"), None)
    for name in ("Wyvern Vale ICB", "Healthwatch Wyvern Vale"):
        document.apply(editing.add_partner(document.charter, Partner(name=name)))
    problems = [p for p in find_problems(document.charter) if p.section in page.sections]
    assert len(problems) == 8

    for problem in problems:
        widget = page.widget_for(problem.location, problem.item_id)
        card = page.card_for(problem.item_id)
        assert widget is card.fields[problem.location[2]], problem
        assert widget.isEnabled()
        assert widget.focusPolicy() != Qt.FocusPolicy.NoFocus


def test_sixty_partners_build_quickly(qtbot, document):
    draft = load_starter("blank")
    draft.charter.partners = [Partner(name=f"Partner {n}") for n in range(60)]
    document.replace(draft, None)

    started = time.perf_counter()
    page = ContributionsPage(document)
    elapsed = time.perf_counter() - started
    qtbot.addWidget(page)

    assert len(page.cards) == 60
    assert elapsed < 1.0


def test_tab_follows_the_cards_in_their_new_order(qtbot, page, document):
    first, second = document.charter.partners[:2]
    document.apply(editing.move_partner(document.charter, first.id, 1))
    added = Partner(name="Wyvern Hospice")
    document.apply(editing.add_partner(document.charter, added, 0))

    cards = page.cards
    assert (
        next_tab_stop(cards[added.id].fields["brings"])
        is (cards[added.id].fields["autonomy_given_up"])
    )
    assert next_tab_stop(cards[added.id].fields["support"]) is cards[second.id].fields["brings"]
    assert next_tab_stop(cards[second.id].fields["support"]) is cards[first.id].fields["brings"]


def next_tab_stop(widget: QWidget) -> QWidget:
    """Where Tab goes next: the next widget in the chain that takes focus by Tab."""
    following = widget.nextInFocusChain()
    while not following.focusPolicy() & Qt.FocusPolicy.TabFocus:
        following = following.nextInFocusChain()
    return following


def test_every_input_has_an_accessible_name(page):
    inputs = inputs_on(page, buttons=True)
    assert len(inputs) >= 4 * 9
    assert [w for w in inputs if not w.accessibleName()] == []



"""The charter model: what a draft may hold, and what a finished charter needs."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from charter_builder.charter.model import (
    Behaviour,
    Charter,
    Commitment,
    Contribution,
    EscalationStep,
    Measure,
    Partner,
    Principle,
    Representative,
)
from charter_builder.charter.problems import find_problems, problems_by_section


def complete_charter() -> Charter:
    a = Partner(
        name="Wyvern Acute Trust",
        representative=Representative(name="A Shah", role="Chief executive", email="a@x.org"),
    )
    b = Partner(
        name="Wyvern County Council",
        representative=Representative(name="B Jones", role="Leader"),
    )
    charter = Charter(
        title="Wyvern Vale Charter",
        partners=[a, b],
        principles=[
            Principle(
                title="Shared purpose",
                meaning="We agree why.",
                behaviours=[Behaviour(text="We meet.")],
            )
        ],
        commitments=[
            Commitment(
                title="Fewer falls",
                description="Halve falls at home.",
                owners=[a.id],
                measures=[Measure(text="Falls admissions halve")],
                review_date=date(2027, 4, 1),
            )
        ],
    )
    charter.partnership.name = "Wyvern Partnership"
    charter.partnership.place = "Wyvern"
    charter.partnership.population = "600,000 people"
    charter.partnership.effective_date = date(2026, 4, 1)
    charter.partnership.review_date = date(2027, 3, 31)
    for field in ("vision", "why", "how", "what"):
        setattr(charter.purpose, field, f"Our {field}.")
    g = charter.governance
    g.decision_making = "By consensus."
    g.meeting_rhythm = "Monthly."
    g.gemba_visits = "Quarterly."
    g.review_and_variation = "Each year."
    g.joining_and_leaving = "Six months' notice."
    g.conflict_steps = [EscalationStep(text="Talk."), EscalationStep(text="Mediate.")]
    charter = charter.with_contribution_cards()
    for card in charter.contributions:
        card.brings, card.autonomy_given_up, card.losses, card.support = "a", "b", "c", "d"
    return charter


def test_a_complete_charter_has_no_problems() -> None:
    assert find_problems(complete_charter()) == []


def test_an_empty_charter_lists_problems_for_every_section() -> None:
    grouped = problems_by_section(Charter())
    sections = ("partnership", "partners", "purpose", "principles", "commitments", "governance")
    for section in sections:
        assert grouped[section], section


def test_a_commitment_owned_by_a_partner_that_left_is_reported() -> None:
    charter = complete_charter()
    owner = charter.commitments[0].owners[0]
    charter.partners = [p for p in charter.partners if p.id != owner]
    messages = [str(p) for p in find_problems(charter)]
    assert any("Commitments" in m and "no longer in the partnership" in m for m in messages)


def test_review_date_before_effective_date_is_reported_in_plain_words() -> None:
    charter = complete_charter()
    charter.partnership.review_date = date(2025, 1, 1)
    problems = find_problems(charter)
    assert [str(p) for p in problems] == [
        "Partnership: The review date must come after the date the charter takes effect."
    ]
    assert problems[0].location == ("partnership", "review_date")


def test_an_empty_required_field_names_its_section_and_field() -> None:
    charter = complete_charter()
    charter.principles[0].meaning = "   "
    (problem,) = find_problems(charter)
    assert str(problem) == "Principles: Principle 1 (Shared purpose): “What it means” is empty."
    assert problem.item_id == charter.principles[0].id


def test_a_partner_without_a_contribution_card_is_reported() -> None:
    charter = complete_charter()
    charter.partners.append(
        Partner(name="Healthwatch Wyvern", representative=Representative(name="C", role="Chair"))
    )
    assert any("Healthwatch Wyvern has not yet said" in str(p) for p in find_problems(charter))
    cards = charter.with_contribution_cards().contributions
    assert [c.partner_id for c in cards] == [p.id for p in charter.partners]


def test_contribution_cards_follow_the_partner_list_and_keep_what_was_written() -> None:
    charter = complete_charter()
    kept = charter.contributions[1]
    charter.partners = charter.partners[1:]
    cards = charter.with_contribution_cards().contributions
    assert cards == [kept]


def test_ids_must_be_unique() -> None:
    partner = Partner(name="Same")
    with pytest.raises(ValidationError, match="more than one item"):
        Charter(partners=[partner, partner.model_copy()])


def test_unknown_fields_and_wrong_kinds_are_refused() -> None:
    with pytest.raises(ValidationError):
        Charter.model_validate({"partners": [{"name": "X", "colour": "blue"}]})
    with pytest.raises(ValidationError):
        Charter.model_validate({"partners": [{"name": "X", "kind": "spaceship"}]})


def test_every_item_gets_a_fresh_id() -> None:
    assert Partner().id != Partner().id
    assert Contribution(partner_id="p1").id


def test_problems_name_each_field_with_the_words_on_its_form() -> None:
    from charter_builder.charter.problems import find_problems

    messages = [p.message for p in find_problems(Charter(partners=[Partner(), Partner()]))]
    assert "“Partnership name” is empty." in messages
    assert "Partner 1: “Organisation name” is empty." in messages
    assert "Partner 2: the representative's name is empty." in messages


def test_a_charter_still_called_system_charter_is_asked_for_its_own_title() -> None:
    charter = complete_charter()
    charter.title = "  System charter "
    (problem,) = find_problems(charter)
    assert problem.location == ("title",)
    assert "still called “System charter”" in problem.message
    assert "Give it its own title" in problem.message
    charter.title = "Wyvern Vale Charter"
    assert find_problems(charter) == []

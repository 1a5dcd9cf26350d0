"""Edits the wizard makes, driven through the core: each one undoes exactly."""

from __future__ import annotations

from charter_builder.charter.editing import (
    InsertItem,
    MoveItem,
    RemoveItem,
    add_partner,
    move_partner,
    remove_partner,
    set_field,
)
from charter_builder.charter.model import Charter, Commitment, Partner, Principle


def charter_with_partners(*names: str) -> Charter:
    charter = Charter()
    for name in names:
        add_partner(charter, Partner(name=name)).apply(charter)
    return charter


def test_setting_a_field_by_item_id_survives_a_reorder_before_undo() -> None:
    charter = charter_with_partners("A", "B", "C")
    b = charter.partners[1]
    rename = set_field(charter, ("partners", b.id, "name"), "Bee")
    rename.apply(charter)
    move_partner(charter, b.id, 0).apply(charter)
    assert [p.name for p in charter.partners] == ["Bee", "A", "C"]
    rename.undo(charter)
    assert charter.partners[0].name == "B"


def test_adding_a_partner_adds_its_contribution_card_and_undo_removes_both() -> None:
    charter = charter_with_partners("A")
    edit = add_partner(charter, Partner(name="B"))
    edit.apply(charter)
    assert [c.partner_id for c in charter.contributions] == [p.id for p in charter.partners]
    edit.undo(charter)
    assert [p.name for p in charter.partners] == ["A"]
    assert len(charter.contributions) == 1


def test_removing_a_partner_releases_its_commitments_and_undo_restores_everything() -> None:
    charter = charter_with_partners("A", "B")
    a, b = charter.partners
    charter.commitments.append(Commitment(title="Falls", owners=[a.id, b.id]))
    before = charter.model_dump()
    edit = remove_partner(charter, a.id)
    edit.apply(charter)
    assert [p.name for p in charter.partners] == ["B"]
    assert charter.commitments[0].owners == [b.id]
    assert [c.partner_id for c in charter.contributions] == [b.id]
    edit.undo(charter)
    assert charter.model_dump() == before


def test_list_edits_on_nested_lists_undo_in_place() -> None:
    charter = Charter(principles=[Principle(title="One"), Principle(title="Two")])
    one, two = charter.principles
    before = charter.model_dump()
    insert = InsertItem(("principles",), 1, Principle(title="New"))
    insert.apply(charter)
    move = MoveItem(("principles",), two.id, 0)
    move.apply(charter)
    remove = RemoveItem(("principles",), one.id)
    remove.apply(charter)
    assert [p.title for p in charter.principles] == ["Two", "New"]
    for edit in (remove, move, insert):
        edit.undo(charter)
    assert charter.model_dump() == before


def test_the_edit_menu_names_a_field_as_its_form_does() -> None:
    from charter_builder.charter.editing import describe_path

    assert describe_path(("partnership", "name")) == "“Partnership name”"
    assert describe_path(("partners", "a1b2", "representative", "email")) == (
        "“Representative's email”"
    )
    assert describe_path(("frozen_for_signing",)) == "charter"


def test_a_leaving_partner_takes_its_sign_off_record_and_undo_brings_it_back() -> None:
    from charter_builder.charter.model import BoardApproval, Signature

    charter = charter_with_partners("A", "B")
    a, b = charter.partners
    charter.signatures = [
        Signature(partner_id=a.id, approval=BoardApproval(minute_reference="A/1")),
        Signature(partner_id=b.id, approval=BoardApproval(minute_reference="B/1")),
    ]
    before = charter.model_dump()
    edit = remove_partner(charter, a.id)
    edit.apply(charter)
    assert [s.partner_id for s in charter.signatures] == [b.id]
    edit.undo(charter)
    assert charter.model_dump() == before


def test_touches_says_which_shown_fields_an_edit_can_change() -> None:
    from charter_builder.charter.editing import touches

    vision = ("purpose", "vision")
    assert touches(vision, vision)
    assert touches(("purpose",), vision)  # the whole section replaced
    assert touches((), ("partners", "p1", "name"))  # the whole charter (a merge, an undo)
    assert touches(("partners", "p1", "name"), ("partners",))  # the partner list shows names
    assert not touches(vision, ("partners",))
    assert not touches(("partners", "p1", "name"), ("partners", "p2"))
    assert not touches(("purpose", "why"), vision)

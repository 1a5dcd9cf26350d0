"""Merging two co-edited copies of a charter: every change kept, every clash named."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from charter_builder.charter.editing import (
    InsertItem,
    MoveItem,
    RemoveItem,
    remove_partner,
    resolve,
    set_field,
)
from charter_builder.charter.model import (
    Behaviour,
    Charter,
    Commitment,
    EscalationStep,
    Item,
    Measure,
    Principle,
)
from charter_builder.drafts.merge import merge_charters, sentences
from charter_builder.drafts.starters import load_starter

SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)
NOT_TEXT = {"id", "partner_id", "logo", "image", "digest"}
NEW_ITEM = {
    "principles": lambda words: Principle(title=words),
    "commitments": lambda words: Commitment(title=words),
    "behaviours": lambda words: Behaviour(text=words),
    "measures": lambda words: Measure(text=words),
    "conflict_steps": lambda words: EscalationStep(text=words),
}
words = st.text(alphabet="abcdefghij ABC.\n’", min_size=1, max_size=30)


@cache
def _example() -> Charter:
    return load_starter("example").charter


def example() -> Charter:
    return _example().model_copy(deep=True)


def text_paths(value: BaseModel, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name in type(value).model_fields:
        v = getattr(value, name)
        if isinstance(v, BaseModel):
            found += text_paths(v, (*path, name))
        elif isinstance(v, list) and v and isinstance(v[0], Item):
            for item in v:
                found += text_paths(item, (*path, name, item.id))
        elif isinstance(v, str) and not isinstance(v, Enum) and name not in NOT_TEXT:
            found.append((*path, name))
    return found


def item_lists(charter: Charter) -> list[tuple[str, ...]]:
    lists: list[tuple[str, ...]] = [
        ("principles",),
        ("commitments",),
        ("governance", "conflict_steps"),
    ]
    lists += [("principles", p.id, "behaviours") for p in charter.principles]
    lists += [("commitments", c.id, "measures") for c in charter.commitments]
    return lists


def apply(charter: Charter, op: tuple) -> None:
    """Re-create each edit against the charter as it now is, as the wizard would."""
    kind = op[0]
    if kind == "set":
        set_field(charter, op[1], op[2]).apply(charter)
    elif kind == "insert":
        InsertItem(op[1], op[2], op[3]).apply(charter)
    elif kind == "remove":
        RemoveItem(op[1], op[2]).apply(charter)
    elif kind == "remove_partner":
        remove_partner(charter, op[1]).apply(charter)
    else:
        MoveItem(op[1], op[2], op[3]).apply(charter)


@st.composite
def edit_ops(draw: Any, charter: Charter) -> list[tuple]:
    """Up to three random edits made through charter_builder.charter.editing on a copy."""
    charter = charter.model_copy(deep=True)
    ops: list[tuple] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["set", "set", "insert", "remove", "move", "remove_partner"]))
        if kind == "set":
            op: tuple = ("set", draw(st.sampled_from(text_paths(charter))), draw(words))
        elif kind == "insert":
            list_path = draw(st.sampled_from(item_lists(charter)))
            size = len(resolve(charter, list_path))
            item = NEW_ITEM[list_path[-1]](draw(words))
            op = ("insert", list_path, draw(st.integers(0, size)), item)
        elif kind == "remove_partner":
            if not charter.partners:
                continue
            op = ("remove_partner", draw(st.sampled_from([p.id for p in charter.partners])))
        else:
            candidates = [p for p in item_lists(charter) if len(resolve(charter, p)) >= 2]
            list_path = draw(st.sampled_from(candidates))
            ids = [i.id for i in resolve(charter, list_path)]
            item_id = draw(st.sampled_from(ids))
            if kind == "remove":
                op = ("remove", list_path, item_id)
            else:
                op = ("move", list_path, item_id, draw(st.integers(0, len(ids) - 1)))
        if kind == "remove_partner":
            owned = [c.id for c in charter.commitments if op[1] in c.owners]
            op = (*op, charter.contribution_for(op[1]), owned)
        apply(charter, op[:2] if kind == "remove_partner" else op)
        ops.append(op)
    return ops


def footprint(ops: list[tuple]) -> tuple[set, set, set]:
    """What a side's edits set, remove and reorder, by path."""
    sets, removes, moves = set(), set(), set()
    for op in ops:
        if op[0] == "set":
            sets.add(op[1])
        elif op[0] == "insert":
            sets.add(op[1])  # the list's owner changed: clashes with its removal
        elif op[0] == "remove":
            removes.add((*op[1], op[2]))
        elif op[0] == "remove_partner":
            removes.add(("partners", op[1]))
            if op[2] is not None:
                removes.add(("contributions", op[2].id))
            sets.update(("commitments", c, "owners") for c in op[3])
        else:
            moves.add(op[1])
    return sets, removes, moves


def independent(a: list[tuple], b: list[tuple]) -> bool:
    sets_a, removes_a, moves_a = footprint(a)
    sets_b, removes_b, moves_b = footprint(b)

    def under(removed: set, touched: set) -> bool:
        return any(t[: len(r)] == r for r in removed for t in touched)

    owners = {s for s in sets_a | sets_b if s[-1] == "owners"}  # merged as sets: never clash
    return not (
        (sets_a & sets_b) - owners
        or (moves_a & moves_b)
        or under(removes_a, sets_b | removes_b | moves_b)
        or under(removes_b, sets_a | removes_a | moves_a)
    )


def unordered(value: Any) -> Any:
    """A dump with list order ignored, for comparing content only."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: unordered(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [unordered(v) for v in value]
        return sorted(items, key=repr)
    return value


def replay(charter: Charter, ops: list[tuple]) -> Charter:
    for op in ops:
        try:
            apply(charter, op[:2] if op[0] == "remove_partner" else op)
        except KeyError:
            # Only when replaying both sides: moving an item the other side removed.
            assert op[0] == "move"
    return charter


# -- properties -------------------------------------------------------------------


def test_merging_a_charter_with_itself_changes_nothing() -> None:
    base = example()
    result = merge_charters(base, example(), example())
    assert result.clean
    assert result.charter == base


@SETTINGS
@given(st.data())
def test_edits_to_different_things_all_survive_without_conflict(data: Any) -> None:
    base = example()
    mine_ops = data.draw(edit_ops(base))
    theirs_ops = data.draw(edit_ops(base))
    mine, theirs = replay(example(), mine_ops), replay(example(), theirs_ops)
    assume(independent(mine_ops, theirs_ops))

    result = merge_charters(base, mine, theirs)

    assert result.clean, [c.description for c in result.conflicts]
    expected = base.model_copy(deep=True)
    replay(expected, mine_ops)
    replay(expected, theirs_ops)
    assert unordered(result.charter) == unordered(expected)
    for side, ops in ((mine, mine_ops), (theirs, theirs_ops)):
        for op in ops:
            if op[0] == "move":
                try:
                    side_ids = [i.id for i in resolve(side, op[1])]
                except KeyError:  # the same side later removed the list's owner...
                    with pytest.raises(KeyError):  # ...and so did the merge
                        resolve(result.charter, op[1])
                    continue
                merged_ids = [i.id for i in resolve(result.charter, op[1])]
                assert [i for i in merged_ids if i in side_ids] == [
                    i for i in side_ids if i in merged_ids
                ]


@SETTINGS
@given(st.data())
def test_the_same_field_changed_differently_is_a_conflict_keeping_mine(data: Any) -> None:
    base = example()
    path = data.draw(st.sampled_from(text_paths(base)))
    mine_text = data.draw(words.filter(lambda t: t != resolve(base, path)))
    theirs_text = data.draw(words.filter(lambda t: t not in (mine_text, resolve(base, path))))
    mine, theirs = example(), example()
    set_field(mine, path, mine_text).apply(mine)
    set_field(theirs, path, theirs_text).apply(theirs)

    result = merge_charters(base, mine, theirs)

    assert [c.path for c in result.conflicts] == [path]
    conflict = result.conflicts[0]
    assert (conflict.mine, conflict.theirs) == (mine_text, theirs_text)
    assert "changed differently by both" in conflict.description
    assert resolve(result.charter, path) == mine_text


@SETTINGS
@given(st.data())
def test_merging_either_way_round_agrees(data: Any) -> None:
    base = example()
    a_ops = data.draw(edit_ops(base))
    b_ops = data.draw(edit_ops(base))
    a, b = replay(example(), a_ops), replay(example(), b_ops)

    ab = merge_charters(base, a, b)
    ba = merge_charters(base, b, a)

    assert sorted(c.path for c in ab.conflicts) == sorted(c.path for c in ba.conflicts)
    if ab.clean:
        assert unordered(ab.charter) == unordered(ba.charter)
        if not footprint(a_ops)[2] & footprint(b_ops)[2]:
            assert ab.charter == ba.charter


sentence_text = st.from_regex(r"[A-Z][a-z ]{3,30}\.", fullmatch=True)


@SETTINGS
@given(st.data())
def test_edits_to_different_sentences_of_the_why_both_survive(data: Any) -> None:
    base = example()
    parts = sentences(base.purpose.why)
    first, second = sorted(
        data.draw(st.lists(st.integers(0, len(parts) - 1), min_size=2, max_size=2, unique=True))
    )
    mine_parts, theirs_parts, both = list(parts), list(parts), list(parts)
    for index, target in ((first, mine_parts), (second, theirs_parts)):
        trailing = re.search(r"\s*$", parts[index]).group()
        new = data.draw(sentence_text) + trailing
        target[index] = both[index] = new
    mine, theirs = example(), example()
    set_field(mine, ("purpose", "why"), "".join(mine_parts)).apply(mine)
    set_field(theirs, ("purpose", "why"), "".join(theirs_parts)).apply(theirs)

    result = merge_charters(base, mine, theirs)

    assert result.clean
    assert result.charter.purpose.why == "".join(both)


@SETTINGS
@given(st.data())
def test_different_edits_to_the_same_sentence_of_the_why_conflict(data: Any) -> None:
    base = example()
    parts = sentences(base.purpose.why)
    index = data.draw(st.integers(0, len(parts) - 1))
    mine_new = data.draw(sentence_text)
    theirs_new = data.draw(sentence_text.filter(lambda t: t != mine_new))
    mine, theirs = example(), example()
    for charter, new in ((mine, mine_new), (theirs, theirs_new)):
        edited = list(parts)
        edited[index] = new + " "
        set_field(charter, ("purpose", "why"), "".join(edited)).apply(charter)

    result = merge_charters(base, mine, theirs)

    assert [c.path for c in result.conflicts] == [("purpose", "why")]
    assert result.conflicts[0].description == "Shared purpose › Why was changed differently by both"
    assert result.charter.purpose.why == mine.purpose.why


# -- worked cases ----------------------------------------------------------------------


def test_removed_on_one_side_and_changed_on_the_other_is_named_in_plain_words() -> None:
    base = example()
    commitment = base.commitments[0]
    mine, theirs = example(), example()
    RemoveItem(("commitments",), commitment.id).apply(mine)
    set_field(theirs, ("commitments", commitment.id, "description"), "Sooner.").apply(theirs)

    result = merge_charters(base, mine, theirs)

    assert [c.path for c in result.conflicts] == [("commitments", commitment.id)]
    assert result.conflicts[0].description == (
        f"Commitments › “{commitment.title}” was removed in your copy but changed in theirs"
    )
    assert commitment.id not in [c.id for c in result.charter.commitments]  # mine kept

    reverse = merge_charters(base, theirs, mine)
    assert reverse.charter.commitments[0].description == "Sooner."


def test_owners_merge_as_a_set_in_partner_order() -> None:
    base = example()
    commitment = base.commitments[0]
    partners = [p.id for p in base.partners]
    path = ("commitments", commitment.id, "owners")
    mine, theirs = example(), example()
    start = list(commitment.owners)
    added_mine = next(p for p in partners if p not in start)
    set_field(mine, path, [*start[1:], added_mine]).apply(mine)
    added_theirs = next(p for p in reversed(partners) if p not in start and p != added_mine)
    set_field(theirs, path, [added_theirs, *start]).apply(theirs)

    result = merge_charters(base, mine, theirs)

    assert result.clean
    wanted = set(start[1:]) | {added_mine, added_theirs}
    assert resolve(result.charter, path) == [p for p in partners if p in wanted]


def test_an_added_item_follows_the_item_it_followed_on_its_side() -> None:
    base = example()
    first, second = base.principles[0].id, base.principles[1].id
    mine, theirs = example(), example()
    MoveItem(("principles",), second, 0).apply(mine)
    InsertItem(("principles",), 1, Principle(id="added", title="Listen first")).apply(theirs)

    result = merge_charters(base, mine, theirs)

    ids = [p.id for p in result.charter.principles]
    assert ids[:3] == [second, first, "added"]


def test_a_conflicting_field_inside_an_item_is_named_by_its_title() -> None:
    base = example()
    commitment = base.commitments[0]
    path = ("commitments", commitment.id, "title")
    mine, theirs = example(), example()
    set_field(mine, path, "Fewer falls").apply(mine)
    set_field(theirs, path, "No falls").apply(theirs)

    result = merge_charters(base, mine, theirs)

    assert result.conflicts[0].description == (
        f"Commitments › “{commitment.title}” › Title was changed differently by both"
    )


def test_when_both_reorder_a_list_mine_order_is_kept_without_a_conflict() -> None:
    base = example()
    ids = [p.id for p in base.principles]
    mine, theirs = example(), example()
    MoveItem(("principles",), ids[0], 4).apply(mine)
    MoveItem(("principles",), ids[4], 0).apply(theirs)

    result = merge_charters(base, mine, theirs)

    assert result.clean
    assert [p.id for p in result.charter.principles] == [p.id for p in mine.principles]


def test_a_clash_on_a_contribution_names_the_partner() -> None:
    base = example()
    card = base.contributions[0]
    partner = base.partner(card.partner_id)
    path = ("contributions", card.id, "losses")
    mine, theirs = example(), example()
    set_field(mine, path, "None.").apply(mine)
    set_field(theirs, path, "Some.").apply(theirs)

    result = merge_charters(base, mine, theirs)

    assert partner is not None
    assert result.conflicts[0].description == (
        f"Contributions and losses › Contribution from {partner.name} › "
        "Losses people may feel was changed differently by both"
    )


def test_filling_in_an_empty_date_on_one_side_is_not_a_conflict() -> None:
    base = example()
    commitment = base.commitments[0]
    path = ("commitments", commitment.id, "review_date")
    set_field(base, path, None).apply(base)
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    set_field(mine, path, date(2027, 6, 30)).apply(mine)
    set_field(theirs, ("commitments", commitment.id, "title"), "Home first").apply(theirs)

    result = merge_charters(base, mine, theirs)

    assert result.clean
    assert resolve(result.charter, path) == date(2027, 6, 30)
    assert resolve(result.charter, ("commitments", commitment.id, "title")) == "Home first"

"""Comparing long texts quickly, with the same answer difflib would give where it matters."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from charter_builder.charter.sequences import opcodes
from charter_builder.drafts.diff import word_diff

WORDS = st.lists(st.sampled_from(["care", "home", "team", "we", "share", "."]), max_size=40)


def apply(a: list[str], b: list[str], ops) -> list[str]:
    out: list[str] = []
    for tag, i1, i2, j1, j2 in ops:
        out.extend(a[i1:i2] if tag == "equal" else b[j1:j2])
    return out


@given(WORDS, WORDS)
def test_the_opcodes_always_turn_the_old_words_into_the_new(a, b):
    ops = opcodes(a, b)
    assert apply(a, b, ops) == b
    assert [x for tag, i1, i2, *_ in ops for x in a[i1:i2]] == a  # every old word accounted for


def test_a_small_change_in_a_megabyte_of_random_prose_is_found_at_once():
    rnd = random.Random(3)
    vocabulary = ("partners", "share", "budgets", "staff", "data", "across", "the", "system")
    sentences = (
        " ".join(rnd.choice(vocabulary) for _ in range(14)).capitalize() + ". "
        for _ in range(12_000)
    )
    old = "".join(sentences)
    at = old.index(". ", 500_000) + 2
    new = old[:at] + "Newly agreed words. " + old[at:] + "The end."
    segments = list(word_diff(old, new))  # minutes before the common ends were set aside
    added = [text for kind, text in segments if kind == "added"]
    assert "".join(added).split() == ["Newly", "agreed", "words.", "The", "end."]
    assert "".join(text for kind, text in segments if kind != "removed") == new


def test_a_megabyte_of_one_paragraph_repeated_edited_in_two_places_is_quick():
    paragraph = "Partners share budgets, staff and buildings for the good of the population. " * 13
    old = (paragraph + "\n\n") * 1000
    new = "Foreword. " + old + "The end."
    segments = list(word_diff(old, new))
    assert "".join(text for kind, text in segments if kind != "removed") == new
    assert "".join(text for kind, text in segments if kind != "added") == old

"""Comparing long sequences (words, sentences) without difflib's worst case.

A megabyte of prose is about 170,000 words, and difflib's matcher can take
minutes on that. People almost always change a little in the middle, so the
common beginning and end are set aside first (in linear time) and only the
changed middle is compared; a middle too long to compare quickly is treated as
replaced whole, which is still correct, just less fine-grained.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

#: Above this many item pairs in the changed middle, it counts as replaced whole.
MAX_COMPARED_PAIRS = 4_000_000

Opcode = tuple[str, int, int, int, int]


def opcodes(
    a: Sequence[str], b: Sequence[str], max_pairs: int | None = MAX_COMPARED_PAIRS
) -> list[Opcode]:
    """difflib-style opcodes turning `a` into `b` ("equal", "replace", "delete", "insert").

    Words repeat endlessly, which is difflib's slow case, hence `max_pairs`. Sentences
    seldom repeat, so they are compared uncapped (None), with difflib's own guard
    against an item repeated hundreds of times.
    """
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    middle: list[Opcode] = []
    if max_pairs is not None and (end_a - start) * (end_b - start) > max_pairs:
        middle = [("replace", start, end_a, start, end_b)]
    elif end_a > start or end_b > start:
        matcher = SequenceMatcher(
            None, a[start:end_a], b[start:end_b], autojunk=max_pairs is None
        )
        middle = [
            (tag, i1 + start, i2 + start, j1 + start, j2 + start)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
    head: list[Opcode] = [("equal", 0, start, 0, start)] if start else []
    tail: list[Opcode] = (
        [("equal", end_a, len(a), end_b, len(b))] if end_a < len(a) else []
    )
    return head + [op for op in middle if op[1] != op[2] or op[3] != op[4]] + tail

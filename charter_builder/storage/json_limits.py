"""A cheap look at JSON bytes before they are parsed: how many values, how deep, how long.

A file well inside its size limit can still cost gigabytes once parsed: 33
million ``{}`` in 66 MB, millions of unknown keys, or one 90 MB string with an
emoji in it (Python then stores every character in four bytes). Parsing is
only safe once these are known to be within what a real charter needs, so
they are measured first with a few passes of C code (``bytes.count`` and
regular expressions), never by building the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A JSON string, escapes included; DOTALL so an escaped line break is one escape.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_INNERMOST = re.compile(rb"\[\]|\{\}")


@dataclass(frozen=True)
class JsonLimits:
    """What one JSON document may hold."""

    #: Values, keys included: commas and opening brackets, counted over the raw bytes.
    max_values: int
    #: Arrays and objects inside one another.
    max_depth: int
    #: The longest string, in bytes as written (escapes count as written).
    max_string_bytes: int


class JsonTooBig(ValueError):
    """The document is beyond its limits; `what` says which, in words."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def check_json(raw: bytes, limits: JsonLimits) -> None:
    """Raise JsonTooBig unless `raw` is within `limits`; malformed JSON is left to the parser.

    The value count is an over-estimate (a comma inside a string counts too), which
    only errs on the side of refusing, and real text has few commas per kilobyte.
    """
    values = raw.count(b",") + raw.count(b"[") + raw.count(b"{")
    if values > limits.max_values:
        raise JsonTooBig("values")
    longest = 0

    def blank(match: re.Match[bytes]) -> bytes:
        nonlocal longest
        longest = max(longest, match.end() - match.start() - 2)
        return b'""'

    structure = _STRING.sub(blank, raw)
    if longest > limits.max_string_bytes:
        raise JsonTooBig("string")
    brackets = structure.translate(None, _NOT_BRACKETS)
    del structure
    # Each pass removes the innermost pairs; what is left after max_depth passes is deeper.
    for _ in range(limits.max_depth):
        if not brackets:
            return
        brackets = _INNERMOST.sub(b"", brackets)
    unbalanced = brackets.count(b"[") != brackets.count(b"]") or brackets.count(
        b"{"
    ) != brackets.count(b"}")
    if not unbalanced:  # unbalanced brackets are damage, which the parser names as such
        raise JsonTooBig("depth")

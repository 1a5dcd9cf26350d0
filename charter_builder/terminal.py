"""Text from files and certificates made safe to show on one line of a terminal.

A draft, a PDF or a certificate can hold control characters: escape sequences
that clear the screen or retitle the window, or a line break that makes a name
look like one of our own result lines. Anything shown in a report passes
through here, so what the reader sees is what the file says, made visible.
"""

from __future__ import annotations

import unicodedata

#: Line and paragraph separators, and the marks that reorder text on screen.
_INVISIBLE_FORMATTING = frozenset(
    "\u2028\u2029\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _shown(character: str) -> str:
    if character in _INVISIBLE_FORMATTING or unicodedata.category(character) == "Cc":
        code = ord(character)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return character


def one_line(text: str) -> str:
    """`text` with every control character (line breaks included) shown as an escape."""
    if text.isprintable():
        return text
    return "".join(_shown(character) for character in text)

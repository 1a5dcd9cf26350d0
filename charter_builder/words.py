"""Small wording helpers shared by the window, the command line and the PDF.

Qt-free and dependency-free, so every part can count and shorten the same way.
"""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """ "1 partner", "3 partners"; ``nouns`` for a plural that is not the noun plus "s"."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {nouns or noun + 's'}"


def shorten(text: str, limit: int = 60, *, whole_words: bool = False) -> str:
    """``text`` on one line, cut to ``limit`` characters with "…" if it is longer.

    ``whole_words`` cuts at the last space instead of inside a word, for a quotation
    in a sentence ("Changed the vision from “Healthy lives for…”").
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if whole_words:
        return text[:limit].rsplit(" ", 1)[0] + "…"
    return text[: limit - 1].rstrip() + "…"

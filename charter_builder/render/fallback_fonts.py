"""Bundled fonts for the writing Source Sans 3 cannot draw: other scripts and emoji.

Partnerships serve communities who write in many scripts (Arabic and Urdu, Hebrew,
Bengali, Hindi, Gujarati, Punjabi, Tamil), and people put emoji in text. Left to
itself the PDF engine would borrow whatever fonts the computer has, so the same
draft would print differently on each machine, or as empty boxes. These Noto fonts
are bundled instead, and each is loaded only when the charter's text needs it, so
an ordinary charter renders as fast as before. What none of them draws (Chinese,
for one) is reported before printing by :mod:`charter_builder.charter.printable`.
"""

from __future__ import annotations

import base64
import json
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from charter_builder import paths

PRIMARY_FAMILY = '"Charter Sans"'


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    path: Path
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def draws(self, codepoint: int) -> bool:
        at = bisect_right(self.starts, codepoint) - 1
        return at >= 0 and codepoint <= self.ends[at]

    def draws_any(self, codepoints: set[int]) -> bool:
        return any(self.draws(cp) for cp in codepoints)


@cache
def _faces() -> tuple[Face, ...]:
    folder = paths.resources_dir() / "fonts" / "fallback"
    entries = json.loads((folder / "fallback.json").read_text(encoding="utf-8"))
    return tuple(
        Face(
            e["family"],
            e["weight"],
            folder / e["file"],
            tuple(r[0] for r in e["ranges"]),
            tuple(r[1] for r in e["ranges"]),
        )
        for e in entries
    )


@cache
def _families() -> dict[str, Face]:
    """One face per family (its first weight), standing for the family's characters."""
    families: dict[str, Face] = {}
    for face in _faces():
        families.setdefault(face.family, face)
    return families


def needed_faces(text: str) -> list[Face]:
    """The fallback faces `text` needs (none for plain English), in the order tried.

    Some characters are in several fonts: the danda ("।") in every Indian script,
    the joiners in Arabic, Indian scripts and emoji. A family is loaded for the
    letters only it draws; a shared character then uses a family already loaded,
    and only when none is does it bring in the first family that has it. So a
    Hindi paragraph loads Devanagari alone, never Bengali for its full stops.
    """
    unusual = {ord(c) for c in set(text) if c > "\x7f"}
    if not unusual:
        return []
    families = _families()
    drawers = {cp: [name for name, face in families.items() if face.draws(cp)] for cp in unusual}
    chosen = {names[0] for names in drawers.values() if len(names) == 1}
    for cp in sorted(unusual):
        names = drawers[cp]
        if names and not chosen.intersection(names):
            chosen.add(names[0])
    return [f for f in _faces() if f.family in chosen]


def font_stack(faces: list[Face]) -> str:
    """The body font list: ours first, then each fallback the text needs."""
    families = dict.fromkeys(f'"{f.family}"' for f in faces)
    return ", ".join([PRIMARY_FAMILY, *families, "sans-serif"])


def stylesheet_url(faces: list[Face]) -> str | None:
    """A data: stylesheet declaring the faces and putting them in the body font list."""
    if not faces:
        return None
    rules = [
        "@font-face {"
        f' font-family: "{f.family}"; src: url("{f.path.as_uri()}") format("woff");'
        f" font-weight: {f.weight}; font-style: normal; }}"
        for f in faces
    ]
    rules.append(f":root {{ --font-body: {font_stack(faces)}; }}")
    css = "\n".join(rules).encode()
    return "data:text/css;base64," + base64.b64encode(css).decode("ascii")

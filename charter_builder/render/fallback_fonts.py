"""Bundled fonts for the writing Source Sans 3 cannot draw: Arabic, Hebrew and emoji.

Partnerships serve communities who write in many scripts, and people put emoji in
text. Left to itself the PDF engine would borrow whatever fonts the computer has,
so the same draft would print differently on each machine, or as empty boxes.
These Noto fonts are bundled instead, and each is loaded only when the charter's
text needs it, so an ordinary charter renders as fast as before.
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

    def draws_any(self, codepoints: set[int]) -> bool:
        for cp in codepoints:
            at = bisect_right(self.starts, cp) - 1
            if at >= 0 and cp <= self.ends[at]:
                return True
        return False


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


def needed_faces(text: str) -> list[Face]:
    """The fallback faces that draw some character of `text` (none for plain English)."""
    unusual = {ord(c) for c in set(text) if c > "\x7f"}
    if not unusual:
        return []
    families = {f.family for f in _faces() if f.draws_any(unusual)}
    return [f for f in _faces() if f.family in families]


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

"""Text the PDF cannot print: characters none of the bundled fonts can draw.

The PDF uses only the fonts Charter Builder ships (Source Sans 3 and the Noto
fallbacks in ``resources/fonts/fallback``), so it prints the same everywhere.
Chinese, Japanese and Korean, among others, are not among them: their fonts
are many megabytes. Rather than let such text turn into empty boxes in a
signed charter with no warning, this module says where it is, in plain words,
so the review list and ``validate`` can tell the board before it prints.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cache

from pydantic import BaseModel

from charter_builder import paths
from charter_builder.charter.labels import (
    FIELD_LABELS,
    ITEM_NOUNS,
    SECTION_LABELS,
    describe_location,
)
from charter_builder.charter.model import Charter
from charter_builder.charter.problem import Location, Problem

#: Fields that never reach the page as text: identifiers, file names, drawings, digests.
NOT_PRINTED = frozenset(
    {"id", "logo", "image", "strokes", "digest", "owners", "partner_id", "frozen_for_signing"}
)
#: Left out of every PDF (working notes, not agreed text; see render/pdf.py).
NOT_IN_PDF = frozenset({"concerns"})
#: How many characters a message quotes when it cannot name a script.
QUOTED = 3

#: Unicode's default-ignorable characters (joiners, direction marks, variation
#: selectors...): text shaping hides them, so they never print as boxes.
_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)  # fmt: skip

#: Plain names for scripts people are likely to type (ISO 15924 codes).
SCRIPT_NAMES = {
    "Hani": "Chinese",
    "Bopo": "Chinese",
    "Hira": "Japanese",
    "Kana": "Japanese",
    "Hang": "Korean",
    "Ethi": "Amharic or Tigrinya",
    "Sinh": "Sinhala",
    "Mlym": "Malayalam",
    "Telu": "Telugu",
    "Knda": "Kannada",
    "Orya": "Odia",
    "Thai": "Thai",
    "Laoo": "Lao",
    "Khmr": "Khmer",
    "Mymr": "Burmese",
    "Tibt": "Tibetan",
    "Geor": "Georgian",
    "Armn": "Armenian",
    "Syrc": "Syriac",
    "Thaa": "Dhivehi",
    "Nkoo": "N’Ko",
    "Tfng": "Tifinagh",
    "Yiii": "Yi",
    "Mong": "Mongolian",
}
#: Scripts shared by many languages (punctuation, symbols, marks): name the characters instead.
_SHARED_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})


@dataclass(frozen=True)
class Unprintable:
    """One field whose text has characters the PDF has no font for.

    ``location`` is a path into the charter like :class:`~charter_builder.charter.problems.Problem`
    uses (``("partners", 2, "name")``), so the wizard can go straight to the field.
    """

    location: Location
    #: The field in plain words, as a sentence needs it: "Partner 3's name".
    field: str
    #: The characters no bundled font draws, each once, in the order they first appear.
    characters: str
    #: Plain names of their scripts ("Chinese"); empty for stray symbols.
    scripts: tuple[str, ...]
    item_id: str | None = None

    @property
    def where(self) -> str:
        """The field as the review list names places: "Partners › partner 3 › Name"."""
        return describe_location(self.location)

    @property
    def message(self) -> str:
        what = [*self.scripts, *(_quoted(c) for c in self._unscripted()[:QUOTED])]
        return (
            f"Some characters in {self.field} ({', '.join(what)}) cannot be printed: "
            "the PDF has no font for them."
        )

    def problem(self) -> Problem:
        """The same as a :class:`Problem`, for the review list and ``validate``."""
        return Problem(self.location, self.message, self.item_id)

    def _unscripted(self) -> str:
        return "".join(c for c in self.characters if _script_name(c) is None)


def unprintable_text(charter: Charter, *, include_contributions: bool = True) -> list[Unprintable]:
    """Every field of ``charter`` the PDF would print with characters missing, in charter order.

    Empty for a charter in the scripts Charter Builder ships fonts for (Latin,
    Greek, Cyrillic, Arabic, Hebrew, Bengali, Devanagari, Gujarati, Gurmukhi,
    Tamil and emoji). Pass ``include_contributions=False`` when the PDF leaves
    that section out.
    """
    found = []
    for location, text, item_id in _printed_text(charter):
        if location[0] == "contributions" and not include_contributions:
            continue
        missing = missing_characters(text)
        if missing:
            found.append(
                Unprintable(
                    location,
                    _field_words(charter, location),
                    missing,
                    _scripts(missing),
                    item_id,
                )
            )
    return found


def unprintable_problems(charter: Charter, *, include_contributions: bool = True) -> list[Problem]:
    """:func:`unprintable_text` as problems, ready to list beside what is still missing."""
    return [
        found.problem()
        for found in unprintable_text(charter, include_contributions=include_contributions)
    ]


def missing_characters(text: str) -> str:
    """The characters of ``text`` no bundled font draws, each once, in order of appearance."""
    if text.isascii():
        return ""
    drawable = printable_codepoints()
    return "".join(c for c in dict.fromkeys(text) if ord(c) not in drawable and not _invisible(c))


@cache
def printable_codepoints() -> frozenset[int]:
    """Every character some bundled font draws.

    Read from the coverage lists ``build_fallback.py`` writes beside the fonts
    (a test checks them against the fonts themselves), because parsing the fonts
    takes a noticeable moment and this is asked as the window opens. The main
    family counts only for characters all its styles draw, and each fallback
    only for characters all its weights draw, since any may be asked for.
    """
    fonts = paths.resources_dir() / "fonts"
    drawable = _expand(json.loads((fonts / "main_coverage.json").read_text(encoding="utf-8")))
    families: dict[str, list[set[int]]] = {}
    fallback = json.loads((fonts / "fallback" / "fallback.json").read_text(encoding="utf-8"))
    for entry in fallback:
        families.setdefault(entry["family"], []).append(_expand(entry["ranges"]))
    for weights in families.values():
        drawable |= set.intersection(*weights)
    return frozenset(drawable)


def _expand(ranges: list[list[int]]) -> set[int]:
    return {cp for low, high in ranges for cp in range(low, high + 1)}


def _invisible(character: str) -> bool:
    """Characters the renderer drops or shaping hides: they cannot become boxes."""
    if character.isspace() or unicodedata.category(character) == "Cc":
        return True
    cp = ord(character)
    if cp in (0xFFFE, 0xFFFF):  # the renderer strips these non-characters
        return True
    return any(low <= cp <= high for low, high in _IGNORABLE)


def _script_name(character: str) -> str | None:
    from fontTools import unicodedata as font_unicodedata  # only when something is missing

    code = font_unicodedata.script(character)
    if code in _SHARED_SCRIPTS:
        return None
    if code in SCRIPT_NAMES:
        return SCRIPT_NAMES[code]
    return font_unicodedata.script_name(code, default=code).replace("_", " ")


def _scripts(characters: str) -> tuple[str, ...]:
    names = dict.fromkeys(n for c in characters if (n := _script_name(c)) is not None)
    if "Japanese" in names:  # kanji are Han characters, but here they are Japanese
        names.pop("Chinese", None)
    if "Korean" in names:
        names.pop("Chinese", None)
    return tuple(names)


def _quoted(character: str) -> str:
    """A character as a message can show it: itself, or its code when it has no picture."""
    if unicodedata.category(character) in ("Co", "Cn", "Cs"):
        return f"U+{ord(character):04X}"
    return f"“{character}”"


# --- walking the charter -----------------------------------------------------------------------


def _printed_text(charter: Charter) -> Iterator[tuple[Location, str, str | None]]:
    """(location, text, id of the item it belongs to) for every text field the PDF prints."""

    def walk(value: object, location: Location, item_id: str | None):
        if isinstance(value, Enum):  # kinds and horizons print as our own labels
            return
        if isinstance(value, str):
            yield location, value, item_id
        elif isinstance(value, BaseModel):
            own_id = getattr(value, "id", None)
            item = own_id if isinstance(own_id, str) else item_id
            for name in type(value).model_fields:
                if name not in NOT_PRINTED and name not in NOT_IN_PDF:
                    yield from walk(getattr(value, name), (*location, name), item)
        elif isinstance(value, list):
            for index, element in enumerate(value):
                yield from walk(element, (*location, index), item_id)

    yield from walk(charter, (), None)


#: Labels that read well after a possessive: "Partner 3's name".
_NOUN_LABELS = frozenset({"Name", "Title", "Role", "Email", "Description", "Version", "Place"})


def _field_words(charter: Charter, location: Location) -> str:
    """A field as a sentence names it: "Partner 3's name", "“Why” in Shared purpose"."""
    *owner_path, field = location
    if field == "text" and owner_path and isinstance(owner_path[-1], int):
        return _owner_words(charter, tuple(owner_path))  # a behaviour, measure or step
    label = FIELD_LABELS.get(str(field), str(field).replace("_", " ").capitalize())
    if not owner_path:
        return f"the charter's {label.lower()}"
    owner = _owner_words(charter, tuple(owner_path))
    if label in _NOUN_LABELS:
        return f"{owner}'s {label.lower()}"
    return f"“{label}” in {owner}"


def _owner_words(charter: Charter, path: Location) -> str:
    """The part of the charter a field belongs to: "Partner 3", "behaviour 2 of Principle 1"."""
    section = str(path[0])
    if len(path) == 1:
        if section == "partnership":
            return "the partnership"
        return SECTION_LABELS.get(section, section)
    index = path[1]
    if not isinstance(index, int):  # a list inside a section: governance's conflict steps
        words, previous, rest = SECTION_LABELS.get(section, section), section, path[1:]
    elif section == "contributions":
        partner = _partner_words(charter, charter.contributions[index].partner_id)
        words, previous, rest = f"{partner}'s contribution", index, path[2:]
    elif section == "signatures":
        partner = _partner_words(charter, charter.signatures[index].partner_id)
        words, previous, rest = f"{partner}'s signature", index, path[2:]
    else:
        noun = ITEM_NOUNS.get(section, "item").capitalize()
        words, previous, rest = f"{noun} {index + 1}", index, path[2:]
    for part in rest:
        if isinstance(part, int):
            words = f"{ITEM_NOUNS.get(str(previous), 'item')} {part + 1} of {words}"
        elif part == "representative":
            words = f"{words}'s representative"
        elif part == "approval":
            words = f"the board approval on {words}"
        elif isinstance(previous, int) and part in ITEM_NOUNS:
            pass  # "behaviour 2 of Principle 1" needs no "In practice"
        else:
            words = f"“{FIELD_LABELS.get(part, part)}” in {words}"
        previous = part
    return words


def _partner_words(charter: Charter, partner_id: str) -> str:
    for index, partner in enumerate(charter.partners):
        if partner.id == partner_id:
            return f"Partner {index + 1}"
    return "a former partner"

"""What changed between two revisions of a charter, in words a board secretary reads.

The history view, ``charter-builder diff`` and each saved revision's one-line
summary all come from here. The walk over the model is generic — section by
section in the model's own field order, items matched by their stable ``id`` —
so a field or list added to the model later is covered without touching this
module. Prose is compared word by word; ids, hashes and pen strokes are never
shown, because they mean nothing to the people reading.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel

from charter_builder.charter.labels import SECTION_LABELS, field_name, section_name
from charter_builder.charter.labels import item_noun as labels_item_noun
from charter_builder.charter.model import Charter, Item
from charter_builder.charter.sequences import MAX_COMPARED_PAIRS, opcodes
from charter_builder.drafts.merge import sentences
from charter_builder.terminal import one_line
from charter_builder.when import long_date, long_date_time
from charter_builder.words import shorten

ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"
SAME = "same"
EMPTY = "(empty)"
#: Shown for a picture or a drawing: people care that it changed, not its bytes.
IMAGE, DRAWING, FINGERPRINT = "(image)", "(drawing)", "(fingerprint)"
CERTIFICATE_SIGNATURE = "(certificate signature)"

_PLACEHOLDERS = {EMPTY, IMAGE, DRAWING, FINGERPRINT, CERTIFICATE_SIGNATURE}
#: Fields that name an item, best first (as merge.py names items in its conflicts).
_NAME_FIELDS = ("title", "name", "signatory_name", "text")
_MEDIA = re.compile(r"^media/[0-9a-f]{64}\.(png|jpg)$")
_OPAQUE = {"digest": FINGERPRINT, "certificate_signature": CERTIFICATE_SIGNATURE}
_TOKEN = re.compile(r"\s+|\S+\s*")
_ITEM_PHRASE = re.compile(r"^(An untitled .+|[A-Z][\w ]* “.*”|[A-Z]\w* from .+)$", re.DOTALL)
_SEP = " › "
_WIDTH = 88
_SHORT = 50


@dataclass(frozen=True)
class Change:
    """One thing a reader would notice between two revisions."""

    section: str  # "Shared purpose", "Partners", "Commitments" ...
    where: str  # "“Fewer falls” › Description" or "Why"; "" for the section itself
    kind: str  # "added" | "removed" | "changed" | "moved"
    old: str  # plain text ("" when added)
    new: str  # plain text ("" when removed)
    words: tuple[tuple[str, str], ...] = ()  # ("same"|"removed"|"added", text) for text


# -- diffing ---------------------------------------------------------------------


def diff_charters(old: Charter, new: Charter) -> list[Change]:
    """Every change from `old` to `new`, grouped by section in the charter's own order."""
    if old == new:
        return []
    differ = _Differ(old, new)
    changes: list[Change] = []
    for name in type(new).model_fields:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            section = section_name(name)
            where = [] if isinstance(after, list | BaseModel) else [field_name(name)]
            changes.extend(differ.value(section, where, name, before, after))
    order = {section: i for i, section in enumerate(dict.fromkeys(c.section for c in changes))}
    return sorted(changes, key=lambda c: order[c.section])




def item_phrase(old: Charter, new: Charter, list_name: str, item: Item) -> str:
    """How :func:`diff_charters` names a top-level item it found added or removed."""
    return _Differ(old, new).item_phrase(item, item_noun(list_name))


def item_noun(list_name: str) -> str:
    plain = list_name.replace("_", " ")
    return labels_item_noun(list_name, plain[:-1] if plain.endswith("s") else "item")


class _Differ:
    def __init__(self, old: Charter, new: Charter) -> None:
        self.partner_names = {p.id: p.name for p in old.partners if p.name}
        self.partner_names.update({p.id: p.name for p in new.partners if p.name})

    def value(
        self, section: str, where: list[str], name: str, old: Any, new: Any
    ) -> Iterator[Change]:
        if old == new:
            return
        if isinstance(old, BaseModel) and isinstance(new, BaseModel):
            yield from self.model(section, where, old, new)
        elif isinstance(old, list) and isinstance(new, list):
            sample = [*old, *new]
            if all(isinstance(v, Item) for v in sample):
                yield from self.items(section, where, name, old, new)
            elif all(isinstance(v, str) for v in sample):
                yield from self.references(section, where, old, new)
            else:
                shown = [EMPTY if not v else DRAWING for v in (old, new)]
                yield Change(section, _join(where), CHANGED, *shown)
        else:
            yield self.scalar(section, where, name, old, new)

    def model(self, section: str, where: list[str], old: BaseModel, new: BaseModel) -> Iterator:
        for name in type(new).model_fields:
            before, after = getattr(old, name), getattr(new, name)
            if before != after:
                here = where if _single_field(type(new)) else [*where, field_name(name)]
                yield from self.value(section, here, name, before, after)

    def items(
        self, section: str, where: list[str], list_name: str, old: list[Item], new: list[Item]
    ) -> Iterator[Change]:
        """Match items by id: added, removed, changed field by field, or moved."""
        noun = item_noun(list_name)
        before = {i.id: i for i in old}
        after = {i.id: i for i in new}
        for item in new:
            if item.id not in before:
                phrase = self.item_phrase(item, noun)
                yield Change(section, _join([*where, phrase]), ADDED, "", self.main_text(item))
        for item in old:
            if item.id not in after:
                phrase = self.item_phrase(item, noun)
                yield Change(section, _join([*where, phrase]), REMOVED, self.main_text(item), "")
        for item in new:
            previous = before.get(item.id)
            if previous is not None and previous != item:
                here = [*where, self.item_name(item, noun)]
                yield from self.model(section, here, previous, item)
        old_order = [i.id for i in old if i.id in after]
        new_order = [i.id for i in new if i.id in before]
        if old_order != new_order:
            yield Change(
                section,
                _join(where),
                MOVED,
                "; ".join(self.item_name(before[i], noun) for i in old_order),
                "; ".join(self.item_name(after[i], noun) for i in new_order),
            )

    def references(
        self, section: str, where: list[str], old: list[str], new: list[str]
    ) -> Iterator[Change]:
        """A list of ids (a commitment's owners): who joined and who left, by name."""
        gone, came = set(old) - set(new), set(new) - set(old)
        for ref in new:
            if ref in came:
                yield Change(section, _join(where), ADDED, "", self.reference(ref))
        for ref in old:
            if ref in gone:
                yield Change(section, _join(where), REMOVED, self.reference(ref), "")

    def scalar(self, section: str, where: list[str], name: str, old: Any, new: Any) -> Change:
        at = _join(where)
        if name in _OPAQUE:
            shown = _OPAQUE[name]
            return Change(section, at, CHANGED, (old and shown) or EMPTY, (new and shown) or EMPTY)
        if _is_media(old) or _is_media(new):
            return Change(section, at, CHANGED, (old and IMAGE) or EMPTY, (new and IMAGE) or EMPTY)
        if name == "section" and isinstance(new, str) and new in SECTION_LABELS:
            return Change(section, at, CHANGED, section_name(old), section_name(new))
        old_text, new_text = self.render(old), self.render(new)
        words: tuple[tuple[str, str], ...] = ()
        is_text = isinstance(old, str) and isinstance(new, str) and not isinstance(new, Enum)
        if is_text and old not in self.partner_names and new not in self.partner_names:
            words = tuple(word_diff(old, new))
        return Change(section, at, CHANGED, old_text, new_text, words)

    # -- plain words ---------------------------------------------------------------

    def render(self, value: Any) -> str:
        if value is None:
            return EMPTY
        if isinstance(value, Enum):
            return str(getattr(value, "label", value.value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, datetime):
            return long_date_time(value)
        if isinstance(value, date):
            return long_date(value)
        if isinstance(value, str) and value in self.partner_names:
            return self.partner_names[value]
        text = str(value)
        return text if text.strip() else EMPTY

    def reference(self, ref: str) -> str:
        return self.partner_names.get(ref, "an organisation no longer listed")

    def item_name(self, item: Item, noun: str) -> str:
        """ "“Fewer falls”" or "Contribution from Leeds City Council", as merge.py names items."""
        partner_id = getattr(item, "partner_id", None)
        if partner_id and partner_id in self.partner_names:
            return f"{noun.capitalize()} from {self.partner_names[partner_id]}"
        for attribute in _NAME_FIELDS:
            text = str(getattr(item, attribute, "") or "").strip()
            if text:
                return f"“{shorten(text, whole_words=True)}”"
        return f"An untitled {noun}"

    def item_phrase(self, item: Item, noun: str) -> str:
        """ "Partner “Leeds City Council”": the item with its noun, for added and removed."""
        name = self.item_name(item, noun)
        return f"{noun.capitalize()} {name}" if name.startswith("“") else name

    def main_text(self, item: Item) -> str:
        for attribute in _NAME_FIELDS:
            text = str(getattr(item, attribute, "") or "").strip()
            if text:
                return text
        partner_id = getattr(item, "partner_id", None)
        return self.partner_names.get(partner_id or "", EMPTY)


def _single_field(model: type[BaseModel]) -> bool:
    """An item that is only its text (a measure, a step) needs no "› Text" after its name."""
    return issubclass(model, Item) and [n for n in model.model_fields if n != "id"] == ["text"]


def _is_media(value: Any) -> bool:
    return isinstance(value, str) and bool(_MEDIA.match(value))



def _join(parts: list[str]) -> str:
    return _SEP.join(parts)


def word_diff(old: str, new: str) -> Iterator[tuple[str, str]]:
    """Segments of same, removed and added words; whitespace stays with the word before it,
    so the same and added segments join to `new` and the same and removed ones to `old`."""
    segments: list[tuple[str, str]] = []

    def push(kind: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1][0] == kind:
            segments[-1] = (kind, segments[-1][1] + text)
        else:
            segments.append((kind, text))

    _diff_words(old, new, push, by_sentence=True)
    return iter(segments)


def _diff_words(
    old: str, new: str, push: Callable[[str, str], None], *, by_sentence: bool
) -> None:
    """Word by word; a long stretch changed in several places is matched sentence by
    sentence first, so a megabyte edited in two places still shows just those places."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            push(SAME, removed)
        elif by_sentence and (i2 - i1) * (j2 - j1) > MAX_COMPARED_PAIRS:
            old_parts, new_parts = sentences(removed), sentences(added)
            for kind, k1, k2, m1, m2 in opcodes(old_parts, new_parts, max_pairs=None):
                if kind == "equal":
                    push(SAME, "".join(old_parts[k1:k2]))
                else:
                    old_run, new_run = "".join(old_parts[k1:k2]), "".join(new_parts[m1:m2])
                    _diff_words(old_run, new_run, push, by_sentence=False)
        else:
            push(REMOVED, removed)
            push(ADDED, added)


# -- one line --------------------------------------------------------------------


def summarise(changes: list[Change], limit: int = 100) -> str:
    """One line for a revision: the first changes in words, then how many more."""
    if not changes:
        return "No changes"[:limit]
    phrases = _phrases(changes)
    for shown in range(len(phrases), 0, -1):
        text = "; ".join(phrases[:shown])
        rest = len(phrases) - shown
        if rest:
            text += f"; and {rest} more change{'s' if rest != 1 else ''}"
        text = text[0].upper() + text[1:]
        if len(text) <= limit:
            return text
    count = f"{len(phrases)} change{'s' if len(phrases) != 1 else ''}"
    first = phrases[0][0].upper() + phrases[0][1:]
    rest = len(phrases) - 1
    tail = f"; and {rest} more change{'s' if rest != 1 else ''}" if rest else ""
    room = limit - len(tail) - 1
    if room >= 20:
        return first[:room].rsplit(" ", 1)[0].rstrip(" ›,;") + "…" + tail
    return count if len(count) <= limit else count[:limit]


def _phrases(changes: list[Change]) -> list[str]:
    """Short phrases, one per change; changed fields of one part are named together."""
    phrases: list[str] = []
    groups: dict[str, int] = {}
    for change in changes:
        parts = change.where.split(_SEP) if change.where else []
        if change.kind == MOVED:
            phrase = f"reordered {_join([change.section, *parts])}"
        elif change.kind in (ADDED, REMOVED) and parts and _ITEM_PHRASE.match(parts[-1]):
            phrase = f"{change.kind} {_lower_first(parts[-1])}"
            if len(parts) > 1:
                phrase += f" {'to' if change.kind == ADDED else 'from'} {_join(parts[:-1])}"
        else:
            owner = _join([change.section, *parts[:-1]])
            last = parts[-1] if parts else ""
            if owner in groups:
                index = groups[owner]
                if last and last not in phrases[index].split(_SEP)[-1].split(", "):
                    phrases[index] += f", {last}"
                continue
            groups[owner] = len(phrases)
            phrase = f"changed {_join([owner, last]) if last else owner}"
        if phrase not in phrases:
            phrases.append(phrase)
    return phrases


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if text[:2] != text[:2].upper() else text


# -- terminal --------------------------------------------------------------------


def format_changes(changes: list[Change]) -> str:
    """Plain text for the terminal: a heading per section, then each change, prose
    marked word by word as ``[-removed-]`` and ``{+added+}``."""
    if not changes:
        return "No changes."
    lines: list[str] = []
    section = None
    for change in changes:
        if change.section != section:
            if lines:
                lines.append("")
            section = change.section
            lines.append(section)
        lines.extend(_format_one(change))
    return "\n".join(lines)


def _format_one(change: Change) -> list[str]:
    parts = change.where.split(_SEP) if change.where else []
    if change.kind == MOVED:
        head = f"{change.where}: order changed" if change.where else "Order changed"
        return [_wrap(head, 2)]
    if change.kind in (ADDED, REMOVED) and parts and _ITEM_PHRASE.match(parts[-1]):
        phrase = f"{change.kind.capitalize()} {_lower_first(parts[-1])}"
        if len(parts) > 1:
            phrase += f" {'to' if change.kind == ADDED else 'from'} {_join(parts[:-1])}"
        text = change.new or change.old
        lines = [_wrap(phrase, 2)]
        if text != EMPTY and f"“{text}”" not in phrase:
            lines.extend(_wrap_text(text, 4))
        return lines
    if change.kind in (ADDED, REMOVED):
        value = change.new or change.old
        return [_wrap(f"{change.where or change.section}: {change.kind} {value}", 2)]
    label = change.where or change.section
    if {change.old, change.new} <= _PLACEHOLDERS:  # a picture, drawing or fingerprint
        if change.old == EMPTY:
            return [_wrap(f"{label} added", 2)]
        return [_wrap(f"{label} {'removed' if change.new == EMPTY else 'changed'}", 2)]
    short = all(len(v) <= _SHORT and "\n" not in v for v in (change.old, change.new))
    if short or not change.words:
        return [_wrap(f"{label}: {change.old} → {change.new}", 2)]
    if change.old == EMPTY:
        return [_wrap(f"{label} written:", 2), *_wrap_text(change.new, 4)]
    if change.new == EMPTY:
        return [_wrap(f"{label} cleared; it said:", 2), *_wrap_text(change.old, 4)]
    return [_wrap(f"{label} changed:", 2), *_wrap_text(_marked(change.words), 4)]


def _marked(words: tuple[tuple[str, str], ...]) -> str:
    """Words marked like ``git diff --word-diff``, with spaces kept outside the marks."""
    out: list[str] = []
    for kind, text in words:
        if kind == SAME:
            out.append(text)
            continue
        open_, close = ("[-", "-]") if kind == REMOVED else ("{+", "+}")
        for line in text.split("\n"):
            core = line.strip()
            lead = line[: len(line) - len(line.lstrip())]
            trail = line[len(line.rstrip()) :]
            out.append(f"{lead}{open_}{core}{close}{trail}" if core else line)
            out.append("\n")
        out.pop()
    marked = "".join(out)
    return re.sub(r"(-\]|\+\})(?=[\[{])", r"\1 ", marked)


def _wrap(text: str, indent: int) -> str:
    pad = " " * indent
    return textwrap.fill(
        one_line(" ".join(text.split())),  # text from the file: escapes shown, never obeyed
        width=_WIDTH,
        initial_indent=pad,
        subsequent_indent=pad + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _wrap_text(text: str, indent: int) -> list[str]:
    """Wrap prose paragraph by paragraph, keeping the writer's own line breaks."""
    pad = " " * indent
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        lines.append(
            textwrap.fill(
                one_line(paragraph.strip()),
                width=_WIDTH,
                initial_indent=pad,
                subsequent_indent=pad,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return lines

"""Three-way merge of two edited copies of one charter, against their common base.

Partners co-edit by sending copies back and forth; a merge keeps every change
either side made and names, in plain words, each place where the two sides
changed the same thing differently. Nothing is chosen silently: where a
conflict remains the merged charter keeps *mine* (the copy open in the app)
and the conflict records both values so the user can decide.

List items are matched by their stable ``id``. Order is deliberately not a
conflict: if only one side reordered a list its order is taken, and if both
reordered differently, mine's order wins. Reordering is presentation, not
agreed content, and asking a board to resolve it would be noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from itertools import pairwise
from typing import Any

from pydantic import BaseModel

from charter_builder.charter.editing import remove_partner, resolve
from charter_builder.charter.labels import field_name, item_noun, section_name
from charter_builder.charter.model import MAX_TEXT, Charter, Item
from charter_builder.charter.sequences import opcodes
from charter_builder.when import long_date
from charter_builder.words import shorten

Path = tuple[str, ...]
#: Stands for the base of an item both sides added: unlike None, equal to nothing.
_ABSENT: Any = object()

_NAME_FIELDS = ("title", "name", "signatory_name", "text")


@dataclass
class Conflict:
    """One place both sides changed differently; the merged charter holds mine's value."""

    path: Path
    base: Any
    mine: Any
    theirs: Any
    description: str
    #: For an item one side removed: where the other side had it, to put it back there.
    position: int | None = None


@dataclass
class MergeResult:
    charter: Charter
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_charters(base: Charter, mine: Charter, theirs: Charter) -> MergeResult:
    """Merge `mine` and `theirs`, both edited from `base`; the inputs are not changed."""
    merger = _Merger(base, mine, theirs)
    merged = merger.model((), base, mine, theirs)
    return MergeResult(merged.model_copy(deep=True), merger.conflicts)


class _Merger:
    def __init__(self, base: Charter, mine: Charter, theirs: Charter) -> None:
        self.charters = (base, mine, theirs)
        self.conflicts: list[Conflict] = []
        self.partner_rank: dict[str, int] = {}

    # -- recursion -----------------------------------------------------------

    def model(self, path: Path, base: Any, mine: BaseModel, theirs: BaseModel) -> Any:
        """Merge two versions of one part field by field; `base` is _ABSENT if both added it."""
        if mine == theirs:
            return mine
        values: dict[str, Any] = {}
        for name in type(mine).model_fields:
            b = _ABSENT if base is _ABSENT else getattr(base, name)
            values[name] = self.value(
                (*path, name), b, getattr(mine, name), getattr(theirs, name), type(mine), name
            )
            if path == () and name == "partners":
                self.partner_rank = {p.id: i for i, p in enumerate(values[name])}
        return type(mine).model_validate(values)

    def value(
        self, path: Path, base: Any, mine: Any, theirs: Any, owner: type[BaseModel], name: str
    ) -> Any:
        if mine == theirs:
            return mine
        if mine == base:
            return theirs
        if theirs == base:
            return mine
        if isinstance(mine, BaseModel) and isinstance(theirs, BaseModel):
            return self.model(path, base, mine, theirs)
        if isinstance(mine, list) and isinstance(theirs, list):
            base = [] if base is _ABSENT else base
            sample = [*mine, *theirs, *base]
            if all(isinstance(v, Item) for v in sample):
                return self.items(path, base, mine, theirs)
            if all(isinstance(v, str) for v in sample):
                return self.id_set(base, mine, theirs)
        if _is_prose(owner, name, mine, theirs) and isinstance(base, str):
            merged = merge_text(base, mine, theirs)
            if merged is not None:
                return merged
        base = None if base is _ABSENT else base
        self.conflict(path, base, mine, theirs, "was changed differently by both")
        return mine

    def items(self, path: Path, base: list[Item], mine: list[Item], theirs: list[Item]) -> list:
        """Match items by id: keep additions, apply removals, merge what both kept."""
        b = {i.id: i for i in base}
        m = {i.id: i for i in mine}
        t = {i.id: i for i in theirs}
        kept: dict[str, Item] = {}
        for item_id in [*m, *(i for i in t if i not in m)]:
            here = (*path, item_id)
            if item_id in m and item_id in t:
                kept[item_id] = self.model(here, b.get(item_id, _ABSENT), m[item_id], t[item_id])
            elif item_id not in b:
                kept[item_id] = m.get(item_id) or t[item_id]
            elif item_id in m and m[item_id] != b[item_id]:
                self.conflict(
                    here,
                    b[item_id],
                    m[item_id],
                    None,
                    "was changed in your copy but removed in theirs",
                )
                kept[item_id] = m[item_id]
            elif item_id in t and t[item_id] != b[item_id]:
                self.conflict(
                    here,
                    b[item_id],
                    None,
                    t[item_id],
                    "was removed in your copy but changed in theirs",
                    position=list(t).index(item_id),
                )
        order = _merge_order([i.id for i in base], list(m), list(t), set(kept))
        return [kept[i] for i in order]

    def id_set(self, base: list[str], mine: list[str], theirs: list[str]) -> list[str]:
        """Plain ids (a commitment's owners) merge as a set, listed in partner order."""
        removed = (set(base) - set(mine)) | (set(base) - set(theirs))
        wanted = [i for i in dict.fromkeys([*base, *mine, *theirs]) if i not in removed]
        last = len(self.partner_rank)
        return sorted(wanted, key=lambda i: self.partner_rank.get(i, last))

    # -- plain words -----------------------------------------------------------

    def conflict(
        self, path: Path, base: Any, mine: Any, theirs: Any, what: str, position: int | None = None
    ) -> None:
        text = f"{self.describe(path)} {what}"
        self.conflicts.append(Conflict(path, base, mine, theirs, text, position))

    def describe(self, path: Path) -> str:
        """ "Commitments › “Fewer falls” › Description", naming items by their title."""
        words: list[str] = []
        value_paths: list[Any] = list(self.charters)
        for index, step in enumerate(path):
            lists = [v for v in value_paths if isinstance(v, list)]
            if lists:
                found = [next((i for i in v if i.id == step), None) for v in lists]
                item = next((i for i in found if i is not None), None)
                words.append(self.item_name(item, path[index - 1] if index else ""))
                value_paths = [i for i in found if i is not None]
                continue
            if index == 0:
                words.append(section_name(step))
            else:
                words.append(field_name(step))
            value_paths = [getattr(v, step, None) for v in value_paths if v is not None]
        return " › ".join(words) if words else "The charter"

    def item_name(self, item: Item | None, list_name: str) -> str:
        noun = item_noun(list_name)
        partner_id = getattr(item, "partner_id", None)
        if partner_id:
            partner = next((p for c in self.charters if (p := c.partner(partner_id))), None)
            if partner is not None and partner.name:
                return f"{noun.capitalize()} from {partner.name}"
        for attribute in _NAME_FIELDS:
            text = str(getattr(item, attribute, "") or "").strip()
            if text:
                if len(text) > 60:
                    text = shorten(text, 60, whole_words=True)
                return f"“{text}”"
        return f"an untitled {noun}"


def _is_prose(owner: type[BaseModel], name: str, mine: Any, theirs: Any) -> bool:
    """Only long text fields are merged sentence by sentence; names and codes are not."""
    if not (isinstance(mine, str) and isinstance(theirs, str)) or isinstance(mine, Enum):
        return False
    info = owner.model_fields.get(name)
    limits = [getattr(m, "max_length", None) for m in (info.metadata if info else [])]
    return MAX_TEXT in limits


def _merge_order(base: list[str], mine: list[str], theirs: list[str], kept: set[str]) -> list[str]:
    """Order the kept ids: shared items in the reordering side's order (mine's if both),
    then each side's other items after the shared item they followed on that side."""
    shared = [i for i in mine if i in kept and i in theirs]
    in_base = set(base)
    base_rel = [i for i in base if i in set(shared)]
    theirs_shared = [i for i in theirs if i in set(shared)]
    mine_moved = [i for i in shared if i in in_base] != base_rel
    theirs_moved = [i for i in theirs_shared if i in in_base] != base_rel
    if theirs_moved and not mine_moved:
        shared = theirs_shared
    runs: dict[str | None, list[list[str]]] = {}
    shared_set = set(shared)
    for side in (mine, theirs):
        anchor: str | None = None
        side_runs: dict[str | None, list[str]] = {}
        for item_id in side:
            if item_id in shared_set:
                anchor = item_id
            elif item_id in kept:
                side_runs.setdefault(anchor, []).append(item_id)
        for key, run in side_runs.items():
            runs.setdefault(key, []).append(run)
    order: list[str] = []
    for anchor in [None, *shared]:
        if anchor is not None:
            order.append(anchor)
        # Both sides added at the same place: a fixed rule, so merging either way agrees.
        for run in sorted(runs.get(anchor, []), key=lambda r: r[0]):
            order.extend(i for i in run if i not in order)
    return order


# -- prose ---------------------------------------------------------------------

_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+\s*|\n\s*)|[^.!?\n]+")


def sentences(text: str) -> list[str]:
    """Split prose into sentences and lines, keeping every character."""
    return _SENTENCE.findall(text)


def merge_text(base: str, mine: str, theirs: str) -> str | None:
    """Apply both sides' edits if they touch different sentences; None if they collide."""
    base_parts = sentences(base)
    changes = sorted(
        set(_changes(base_parts, sentences(mine))) | set(_changes(base_parts, sentences(theirs)))
    )
    for (a1, a2, _), (b1, b2, _) in pairwise(changes):
        overlap = b1 < a2 or (b1 == a2 and (a1 == a2 or b1 == b2))
        if overlap:
            return None
    out: list[str] = []
    at = 0
    for start, end, replacement in changes:
        out.extend(base_parts[at:start])
        out.append(replacement)
        at = end
    out.extend(base_parts[at:])
    return "".join(out)


def _changes(base: list[str], side: list[str]) -> list[tuple[int, int, str]]:
    return [
        (i1, i2, "".join(side[j1:j2]))
        for tag, i1, i2, j1, j2 in opcodes(base, side, max_pairs=None)
        if tag != "equal"
    ]


# -- deciding conflicts ---------------------------------------------------------


def apply_choice(charter: Charter, conflict: Conflict, value: Any) -> None:
    """Put the value people chose for a conflict into the merged charter.

    For a whole item one side removed, None removes it and an item puts it back
    (where the side that kept it had it); anything else sets the one field.
    """
    *owner_path, last = conflict.path
    owner = resolve(charter, owner_path)
    if not isinstance(owner, list):
        setattr(owner, last, _copy(value))
        return
    at = next((i for i, item in enumerate(owner) if item.id == last), None)
    if value is None:
        if at is None:
            return
        if tuple(owner_path) == ("partners",):
            remove_partner(charter, last).apply(charter)
        else:
            del owner[at]
    elif at is not None:
        owner[at] = _copy(value)
    else:
        position = conflict.position if conflict.position is not None else len(owner)
        owner.insert(min(position, len(owner)), _copy(value))


def _copy(value: Any) -> Any:
    return value.model_copy(deep=True) if isinstance(value, BaseModel) else value


def describe_value(value: Any) -> str:
    """A conflict's value as plain text people can compare side by side."""
    if value is None:
        return "(removed)"
    if isinstance(value, BaseModel):
        lines = []
        for name in type(value).model_fields:
            if name == "id":
                continue
            if name == "certificate_signature":  # its bytes mean nothing to a reader
                if getattr(value, name):
                    lines.append("Signed with a certificate: Yes")
                continue
            shown = describe_value(getattr(value, name))
            if shown and shown not in ("(empty)", "(removed)", "(none)"):
                lines.append(f"{field_name(name)}: {shown}")
        return "\n".join(lines) or "(empty)"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        parts = [describe_value(v) for v in value]
        return "; ".join(p for p in parts if p) or "(none)"
    text = str(value)
    return text if text.strip() else "(empty)"

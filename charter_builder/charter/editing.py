"""Every change a user can make to a charter, as a reversible edit.

The wizard wraps these in Qt undo commands; tests and scripts apply them
directly. A path addresses a value by attribute names and, inside lists, by
item id rather than position, so an undo still finds its item after the list
was reordered: ("partners", "<id>", "representative", "name").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from charter_builder.charter.labels import FIELD_LABELS, ITEM_NOUNS, SECTION_LABELS, field_label
from charter_builder.charter.model import Charter, Contribution, Item, Partner

Path = tuple[str, ...]


def resolve(charter: Charter, path: Sequence[str]) -> Any:
    """The value at `path`; KeyError if an item id is not found."""
    value: Any = charter
    for step in path:
        if isinstance(value, list):
            value = _find(value, step)
        else:
            value = getattr(value, step)
    return value


def touches(path: Sequence[str], prefix: Sequence[str]) -> bool:
    """Whether an edit at `path` can change what is shown from `prefix`.

    It can when one lies within the other: an edit inside the field (or item)
    shown, or an edit of something that holds it (the empty path is the whole
    charter). Listeners of the document's changes use it so that a keystroke in
    one field refreshes only what shows that field.
    """
    shorter = min(len(path), len(prefix))
    return tuple(path[:shorter]) == tuple(prefix[:shorter])


def longest_text(charter: Charter, path: Sequence[str]) -> int | None:
    """The most characters the text field at `path` may hold, from the model; None if no limit.

    The window cuts typing or pasting to this, so an edit can never make a charter
    that cannot be saved.
    """
    owner = resolve(charter, path[:-1])
    info = type(owner).model_fields.get(path[-1]) if isinstance(owner, BaseModel) else None
    limits = [getattr(m, "max_length", None) for m in (info.metadata if info else [])]
    return min((n for n in limits if n is not None), default=None)


def _find(items: list[Item], item_id: str) -> Item:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)


def index_of(items: list[Item], item_id: str) -> int:
    for index, item in enumerate(items):
        if item.id == item_id:
            return index
    raise KeyError(item_id)


def describe_path(path: Sequence[str]) -> str:
    """A short phrase for the Edit menu: "Undo edit “Partnership name”"."""
    named = [p for p in path if p in FIELD_LABELS or p in SECTION_LABELS]
    if not named or named[-1] not in FIELD_LABELS:
        section = SECTION_LABELS.get(path[0], "charter") if path else "charter"
        return section[:1].lower() + section[1:]
    return f"“{field_label(named)}”"


class Edit(Protocol):
    text: str

    def apply(self, charter: Charter) -> None: ...
    def undo(self, charter: Charter) -> None: ...


@dataclass
class SetField:
    """Change one field. Consecutive typing into the same field merges into one edit."""

    path: Path
    old: Any
    new: Any
    text: str = ""
    #: Typing: the next change to the same field joins this edit in the undo history.
    merge: bool = False

    def __post_init__(self) -> None:
        self.text = self.text or f"edit {describe_path(self.path)}"

    def apply(self, charter: Charter) -> None:
        self._set(charter, self.new)

    def undo(self, charter: Charter) -> None:
        self._set(charter, self.old)

    def _set(self, charter: Charter, value: Any) -> None:
        owner = resolve(charter, self.path[:-1])
        setattr(owner, self.path[-1], _copy(value))


@dataclass
class InsertItem:
    list_path: Path
    index: int
    item: Item
    text: str = ""

    def __post_init__(self) -> None:
        self.text = self.text or f"add {_noun(self.list_path)}"

    def apply(self, charter: Charter) -> None:
        items = resolve(charter, self.list_path)
        items.insert(min(self.index, len(items)), self.item.model_copy(deep=True))

    def undo(self, charter: Charter) -> None:
        items = resolve(charter, self.list_path)
        del items[index_of(items, self.item.id)]


@dataclass
class RemoveItem:
    list_path: Path
    item_id: str
    text: str = ""
    _removed: Item | None = field(default=None, repr=False)
    _index: int = 0

    def __post_init__(self) -> None:
        self.text = self.text or f"remove {_noun(self.list_path)}"

    def apply(self, charter: Charter) -> None:
        items = resolve(charter, self.list_path)
        self._index = index_of(items, self.item_id)
        self._removed = items.pop(self._index)

    def undo(self, charter: Charter) -> None:
        assert self._removed is not None, "undo before apply"
        resolve(charter, self.list_path).insert(self._index, self._removed)


@dataclass
class MoveItem:
    list_path: Path
    item_id: str
    to_index: int
    text: str = ""
    _from_index: int = 0

    def __post_init__(self) -> None:
        self.text = self.text or f"move {_noun(self.list_path)}"

    def apply(self, charter: Charter) -> None:
        items = resolve(charter, self.list_path)
        self._from_index = index_of(items, self.item_id)
        item = items.pop(self._from_index)
        items.insert(max(0, min(self.to_index, len(items))), item)

    def undo(self, charter: Charter) -> None:
        items = resolve(charter, self.list_path)
        item = items.pop(index_of(items, self.item_id))
        items.insert(self._from_index, item)


@dataclass
class CompoundEdit:
    """Several edits that the user made as one action, undone together."""

    text: str
    edits: list[Edit]

    def apply(self, charter: Charter) -> None:
        for edit in self.edits:
            edit.apply(charter)

    def undo(self, charter: Charter) -> None:
        for edit in reversed(self.edits):
            edit.undo(charter)


@dataclass
class ReplaceCharter:
    """Swap the whole charter for another (a merge brings in someone else's changes).

    The charter object itself stays the same and its fields are replaced, so the
    document, its pages and the rest of the undo history keep pointing at it.
    """

    old: Charter
    new: Charter
    text: str = "merge changes"

    def apply(self, charter: Charter) -> None:
        _assign(charter, self.new)

    def undo(self, charter: Charter) -> None:
        _assign(charter, self.old)


def _assign(charter: Charter, source: Charter) -> None:
    for name in type(charter).model_fields:
        setattr(charter, name, _copy(getattr(source, name)))


def replace_charter(charter: Charter, new: Charter, text: str = "merge changes") -> ReplaceCharter:
    """An edit turning `charter` into `new`, remembering what it was."""
    return ReplaceCharter(charter.model_copy(deep=True), new.model_copy(deep=True), text)


def _noun(list_path: Sequence[str]) -> str:
    return ITEM_NOUNS.get(list_path[-1], "item") if list_path else "item"


def _copy(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_copy(deep=True)
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def set_field(charter: Charter, path: Sequence[str], new: Any) -> SetField:
    """An edit that sets `path` to `new`, remembering the current value."""
    return SetField(tuple(path), _copy(resolve(charter, path)), _copy(new))


def add_partner(charter: Charter, partner: Partner, index: int | None = None) -> CompoundEdit:
    """A partner joins with an empty contributions card of its own."""
    at = len(charter.partners) if index is None else index
    return CompoundEdit(
        "add partner",
        [
            InsertItem(("partners",), at, partner),
            InsertItem(("contributions",), at, Contribution(partner_id=partner.id)),
        ],
    )


def remove_partner(charter: Charter, partner_id: str) -> CompoundEdit:
    """A partner leaves: its card and sign-off record go, and it no longer owns commitments."""
    edits: list[Edit] = [RemoveItem(("partners",), partner_id)]
    card = charter.contribution_for(partner_id)
    if card is not None:
        edits.append(RemoveItem(("contributions",), card.id))
    for signature in charter.signatures:
        if signature.partner_id == partner_id:
            edits.append(RemoveItem(("signatures",), signature.id))
    for commitment in charter.commitments:
        if partner_id in commitment.owners:
            owners = [o for o in commitment.owners if o != partner_id]
            edits.append(set_field(charter, ("commitments", commitment.id, "owners"), owners))
    return CompoundEdit("remove partner", edits)


def move_partner(charter: Charter, partner_id: str, to_index: int) -> CompoundEdit:
    """Cards follow the partners' order, so the PDF reads in one order throughout."""
    edits: list[Edit] = [MoveItem(("partners",), partner_id, to_index)]
    card = charter.contribution_for(partner_id)
    if card is not None:
        edits.append(MoveItem(("contributions",), card.id, to_index))
    return CompoundEdit("move partner", edits)

"""Concerns: any partner can raise one on a section, and it is settled in the open.

"Surface and resolve conflict" is one of the charter's own principles; this is
how the tool lives it. A concern stays open until someone resolves it with a
note, or the partners accept the section as it stands (also with a note), and
the text cannot be frozen for signing while any concern is open. Every change
is a reversible edit, so the wizard can undo it like any other.

Concerns are about the process, not the agreed text: they are left out of the
content digest (see signing.NOT_AGREED), so raising one after signing never
turns a signature into one given for "an earlier version".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import get_args

from charter_builder.charter.editing import CompoundEdit, Edit, InsertItem, resolve, set_field
from charter_builder.charter.labels import SECTION_LABELS
from charter_builder.charter.model import Charter, Concern, ConcernSection, ConcernStatus
from charter_builder.errors import CharterError

#: Every section a concern may be raised on, in the wizard's order.
SECTIONS: tuple[str, ...] = get_args(ConcernSection)
#: What the sign-off step is called where a concern is about it.
_LABELS = {**SECTION_LABELS, "signatures": "Sign-off"}


def now() -> datetime:
    """When something happens, to the second, in UTC so every partner's copy agrees."""
    return datetime.now(UTC).replace(microsecond=0)


def section_label(section: str) -> str:
    return _LABELS.get(section, section)


def find_concern(charter: Charter, concern_id: str) -> Concern:
    """The concern with this id; KeyError if there is none."""
    return resolve(charter, ("concerns", concern_id))


def concerns_on(charter: Charter, sections: Iterable[str]) -> list[Concern]:
    """Concerns about any of `sections`, oldest first as raised."""
    wanted = set(sections)
    return [c for c in charter.concerns if c.section in wanted]


def open_concerns(charter: Charter, sections: Iterable[str] | None = None) -> list[Concern]:
    """Concerns still waiting to be resolved or accepted (on `sections`, if given)."""
    found = charter.concerns if sections is None else concerns_on(charter, sections)
    return [c for c in found if c.status is ConcernStatus.OPEN]


def can_freeze(charter: Charter) -> str | None:
    """None if the text may be frozen for signing; otherwise why not, in plain words."""
    waiting = open_concerns(charter)
    if not waiting:
        return None
    places = sorted({section_label(c.section) for c in waiting}, key=_section_order)
    where = _join(places)
    if len(waiting) == 1:
        first = "A concern about " + where + " is still open."
    else:
        first = f"{len(waiting)} concerns are still open ({where})."
    return (
        f"{first} The text can be frozen for signing once every concern has been "
        "resolved, or the partners have accepted the section as it stands."
    )


# -- the edits ---------------------------------------------------------------


def raise_concern(
    charter: Charter,
    section: str,
    text: str,
    name: str,
    organisation: str = "",
    when: datetime | None = None,
) -> InsertItem:
    """The edit that records a new, open concern about `section`."""
    if section not in SECTIONS:
        raise ValueError(f"no such section: {section!r}")
    text = text.strip()
    if not text:
        raise CharterError("Say what the concern is before raising it.")
    if not name.strip():
        raise CharterError("Give your name, so the partners know who raised the concern.")
    concern = Concern(
        section=section,
        text=text,
        raised_by_name=name.strip(),
        raised_by_organisation=organisation.strip(),
        raised_on=when or now(),
    )
    return InsertItem(("concerns",), len(charter.concerns), concern, text="raise a concern")


def resolve_concern(
    charter: Charter,
    concern_id: str,
    note: str,
    name: str,
    organisation: str = "",
    when: datetime | None = None,
) -> CompoundEdit:
    """The edit that settles a concern with a note saying how it was resolved."""
    if not note.strip():
        raise CharterError("Say how the concern was resolved, so every partner can see.")
    return _settle(charter, concern_id, ConcernStatus.RESOLVED, note, name, organisation, when)


def accept_concern(
    charter: Charter,
    concern_id: str,
    note: str,
    name: str,
    organisation: str = "",
    when: datetime | None = None,
) -> CompoundEdit:
    """The edit that settles a concern by accepting the section as it stands, with a note."""
    if not note.strip():
        raise CharterError(
            "Say why the section is accepted as it stands, so every partner can see."
        )
    return _settle(charter, concern_id, ConcernStatus.ACCEPTED, note, name, organisation, when)


def reopen_concern(charter: Charter, concern_id: str) -> CompoundEdit:
    """The edit that opens a settled concern again; its old note goes (undo brings it back)."""
    return _changes(
        charter,
        concern_id,
        "reopen a concern",
        status=ConcernStatus.OPEN,
        resolution="",
        resolved_by_name="",
        resolved_by_organisation="",
        resolved_on=None,
    )


def _settle(
    charter: Charter,
    concern_id: str,
    status: ConcernStatus,
    note: str,
    name: str,
    organisation: str,
    when: datetime | None,
) -> CompoundEdit:
    if not name.strip():
        raise CharterError("Give your name, so the partners know who settled the concern.")
    verb = "resolve a concern" if status is ConcernStatus.RESOLVED else "accept a concern"
    return _changes(
        charter,
        concern_id,
        verb,
        status=status,
        resolution=note.strip(),
        resolved_by_name=name.strip(),
        resolved_by_organisation=organisation.strip(),
        resolved_on=when or now(),
    )


def _changes(charter: Charter, concern_id: str, text: str, **values: object) -> CompoundEdit:
    """One undo step that sets several fields of one concern."""
    concern = find_concern(charter, concern_id)
    edits: list[Edit] = [
        set_field(charter, ("concerns", concern_id, name), value)
        for name, value in values.items()
        if getattr(concern, name) != value
    ]
    return CompoundEdit(text, edits)


def _section_order(label: str) -> int:
    labels = [section_label(s) for s in SECTIONS]
    return labels.index(label) if label in labels else len(labels)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]

"""The changes paper: every change since the revision the boards saw, section by section.

A charter goes round the partners' boards several times, and each time a board
secretary must say what changed since their board last saw it. This gathers
those changes from the draft's own history (see ``diff.py`` for the words, and
``sent_marks.py`` for which revision the boards saw) and says who made each one,
so the PDF and the Word paper (``render/changes_pdf.py``, ``render/changes_word.py``)
only lay it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum

from pydantic import BaseModel

from charter_builder.charter.labels import field_name, section_name
from charter_builder.charter.model import Charter, Item
from charter_builder.drafts.diff import (
    ADDED,
    CHANGED,
    EMPTY,
    MOVED,
    REMOVED,
    SAME,
    Change,
    diff_charters,
    item_phrase,
)
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.history import History, HistoryError, Revision
from charter_builder.drafts.sent_marks import SentMark
from charter_builder.errors import CharterError
from charter_builder.when import local_day, long_date

#: What ``--changes-since`` takes for "the last revision marked as sent to boards".
LAST_SENT = "sent"
#: Revisions looked at to say who made each change; older ones are credited to the newest.
MAX_ATTRIBUTED = 200
NOTHING_SENT = (
    "No revision of this draft has been marked as sent to boards yet, so there is no "
    "version to compare with. Mark the revision your boards saw as sent to boards, or "
    "choose a revision by its number."
)
NO_HISTORY = (
    "This draft has no saved history yet, so there is nothing to compare with. Each save "
    "records a revision."
)
_SEP = " › "
_MEDIA = re.compile(r"^media/[0-9a-f]{64}\.(png|jpg)$")
#: Ids and references mean nothing to a reader.
_NOT_SHOWN = {"id", "partner_id"}
_KIND_WORDS = {ADDED: "Added", REMOVED: "Removed", CHANGED: "Changed", MOVED: "Order changed"}


@dataclass(frozen=True)
class PaperChange:
    """One change as the paper shows it, with who made it and when."""

    change: Change
    heading: str  # "Partner “Leeds City Council”", "“Fewer falls” › Title"
    kind_words: str  # "Added", "Removed", "Changed", "Order changed"
    #: ("same" | "removed" | "added", text), in reading order.
    segments: tuple[tuple[str, str], ...]
    author: str
    time: datetime


@dataclass(frozen=True)
class ChangesPaper:
    title: str
    since: Revision
    since_number: int
    #: The mark that made this the revision to compare with (None: chosen by number).
    mark: SentMark | None
    #: Sections in the charter's order, each with its changes.
    sections: tuple[tuple[str, tuple[PaperChange, ...]], ...]
    made: date
    #: Who saved the draft last, for the paper's author property.
    saved_by: str = ""

    @property
    def since_line(self) -> str:
        """ "Changes since revision 3, sent to boards on 1 April 2026 by Jane Smith"."""
        if self.mark is not None:
            return (
                f"Changes since revision {self.since_number}, sent to boards on "
                f"{local_day(self.mark.time)} by {self.mark.who}"
            )
        return (
            f"Changes since revision {self.since_number}, saved on "
            f"{local_day(self.since.time)} by {self.since.who}"
        )

    @property
    def made_line(self) -> str:
        return f"Prepared on {long_date(self.made)}"

    @property
    def empty(self) -> bool:
        return not self.sections


def choose_revision(history: History, wanted: str | None) -> tuple[Revision, SentMark | None]:
    """The revision to compare with: by number or id, or (None / "sent") the last one marked
    as sent to boards; CharterError in plain words if there is none."""
    if not history:
        raise CharterError(NO_HISTORY)
    if wanted is None or wanted.strip().lower() == LAST_SENT:
        mark = history.last_sent()
        if mark is None:
            raise CharterError(NOTHING_SENT)
        return history.revision(mark.revision), mark
    revision = history.find(wanted)
    marks = history.marks_of(revision.id)
    return revision, max(marks, key=lambda m: m.time, default=None)


def changes_since(
    draft: Draft,
    wanted: str | None = None,
    *,
    include_contributions: bool = True,
    today: date | None = None,
) -> ChangesPaper:
    """Every change from the chosen revision to the draft as it is now, for the boards.

    Concerns are the partners' working notes, never board papers, so their changes are
    left out, as they are from the charter's PDF; so are contributions and losses for a
    board that keeps them internal.
    """
    history = draft.history
    revision, mark = choose_revision(history, wanted)
    try:
        old = history.snapshot(revision.id)
    except HistoryError as error:
        raise CharterError(
            f"{error.message} Please choose another revision to compare with."
        ) from error
    before = _shown(old, include_contributions)
    after = _shown(draft.charter, include_contributions)
    changes = diff_charters(before, after)
    whole = _WholeItems(before, after)
    credit = _Credits(history, revision.id)
    sections: dict[str, list[PaperChange]] = {}
    for change in changes:
        author, time = credit.of(change)
        sections.setdefault(change.section, []).append(
            PaperChange(
                change=change,
                heading=change.where or change.section,
                kind_words=_KIND_WORDS.get(change.kind, "Changed"),
                segments=whole.segments(change) or segments(change),
                author=author,
                time=time,
            )
        )
    return ChangesPaper(
        title=" ".join(draft.charter.title.split()) or "Untitled charter",
        since=revision,
        since_number=history.number(revision.id),
        mark=mark,
        sections=tuple((name, tuple(items)) for name, items in sections.items()),
        made=today or datetime.now(UTC).astimezone().date(),
        saved_by=history.revision(history.head).who if history.head else "",
    )


def _shown(charter: Charter, include_contributions: bool) -> Charter:
    """The charter as the boards see it: no concerns, and contributions only if printed."""
    update: dict[str, list] = {"concerns": []}
    if not include_contributions:
        update["contributions"] = []
    return charter.model_copy(update=update)


def segments(change: Change) -> tuple[tuple[str, str], ...]:
    """The change's words in reading order: what stays, what went and what came."""
    if change.kind == CHANGED and change.words:
        return change.words
    old = "" if change.old == EMPTY else change.old
    new = "" if change.new == EMPTY else change.new
    if change.kind == MOVED:
        return ((SAME, "Was: "), (REMOVED, old), (SAME, "\nNow: "), (ADDED, new))
    parts = [(REMOVED, old), (ADDED, new)]
    return tuple((kind, text) for kind, text in parts if text)


class _WholeItems:
    """An added or removed partner, principle or commitment shown whole, every field
    labelled, so the boards read what was added (or taken out), not only its title."""

    def __init__(self, old: Charter, new: Charter) -> None:
        self.old, self.new = old, new

    def segments(self, change: Change) -> tuple[tuple[str, str], ...]:
        if change.kind not in (ADDED, REMOVED) or not change.where or _SEP in change.where:
            return ()
        charter = self.new if change.kind == ADDED else self.old
        for name in type(charter).model_fields:
            items = getattr(charter, name)
            if section_name(name) != change.section or not isinstance(items, list):
                continue
            for item in items:
                if isinstance(item, Item) and (
                    item_phrase(self.old, self.new, name, item) == change.where
                ):
                    text = item_text(item)
                    return ((change.kind, text),) if text else ()
        return ()


def item_text(item: BaseModel) -> str:
    """Every field of an item that has something to read, one a line, in the board's words."""
    lines: list[str] = []
    for name, value in item:
        label = field_name(name)
        if isinstance(value, Enum):
            lines.append(f"{label}: {getattr(value, 'label', value.value)}")
        elif isinstance(value, date):
            lines.append(f"{label}: {long_date(value)}")
        elif isinstance(value, str):
            if value.strip() and name not in _NOT_SHOWN and not _MEDIA.match(value):
                lines.append(f"{label}: {value.strip()}")
        elif isinstance(value, BaseModel):
            lines.extend(f"{label} › {line}" for line in item_text(value).split("\n") if line)
        elif isinstance(value, list) and value and all(isinstance(v, Item) for v in value):
            texts = [str(getattr(v, "text", "")).strip() for v in value]
            if any(texts):
                lines.append(f"{label}:")
                lines.extend(f"• {text}" for text in texts if text)
    return "\n".join(lines)


class _Credits:
    """Who made each change: the newest revision since the chosen one that made it."""

    def __init__(self, history: History, since: str) -> None:
        self._history = history
        self._recent: dict[str, Charter] = {}
        newer = history.ancestors(history.head or "") - history.ancestors(since)
        ordered = [r for r in history.revisions if r.id in newer][-MAX_ATTRIBUTED:]
        newest = history.revision(history.head) if history.head else history.revision(since)
        self.fallback = (newest.who, newest.time)
        self.found: list[tuple[set[tuple[str, str]], set[str], Revision]] = []
        for revision in reversed(ordered):  # newest first
            keys = self._keys(revision)
            if keys:
                self.found.append((keys, {section for section, _ in keys}, revision))

    def _keys(self, revision: Revision) -> set[tuple[str, str]]:
        """What this revision changed; for a merge, only what differs from both copies."""
        if not revision.parents:
            return set()
        try:
            after = self._snapshot(revision.id)
            found = [
                {(c.section, c.where) for c in diff_charters(self._snapshot(p), after)}
                for p in revision.parents
            ]
        except HistoryError:
            return set()
        return set.intersection(*found)

    def _snapshot(self, rev_id: str) -> Charter:
        """A snapshot, kept while the walk needs it: each parent is the next one looked at."""
        if rev_id not in self._recent:
            if len(self._recent) >= 3:
                del self._recent[next(iter(self._recent))]
            self._recent[rev_id] = self._history.snapshot(rev_id)
        return self._recent[rev_id]

    def of(self, change: Change) -> tuple[str, datetime]:
        key = (change.section, change.where)
        for keys, _sections, revision in self.found:
            if key in keys:
                return revision.who, revision.time
        for _keys, sections, revision in self.found:
            if change.section in sections:
                return revision.who, revision.time
        return self.fallback

"""Marks saying "this revision was sent to boards": who marked it and when.

A charter goes round the partners' boards several times, and each board
secretary must say what changed since the version their board last saw. The
draft's history carries these marks (in ``history.json``, beside the
revisions), so every copy knows which revision the boards saw and a merge
keeps the marks of both copies. A mark never changes the charter.

``history.json`` written without marks is exactly as before, so drafts that were
never marked still open in earlier versions of Charter Builder; the marks are an
optional key that the reader checks as strictly as everything else in the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from charter_builder.charter.moments import UnrepresentableMoment, to_moment
from charter_builder.errors import CharterError

#: More marks than this is not something people made by marking.
MAX_MARKS = 5_000
MARKS_KEY = "marks"
_FIELDS = {"revision", "author", "organisation", "time"}
_MAX_NAME = 200
_DAMAGED = "its record of the revisions sent to boards is damaged."


class MarkError(CharterError):
    """A mark in a draft's history is damaged; the message completes "could not be opened: "."""


@dataclass(frozen=True)
class SentMark:
    """One revision marked as sent to boards, by whom and when."""

    revision: str
    author: str
    organisation: str
    time: datetime

    @property
    def who(self) -> str:
        """ "Jane Smith (Leeds City Council)", or whichever of the two is known."""
        if self.author and self.organisation:
            return f"{self.author} ({self.organisation})"
        return self.author or self.organisation or "Someone"


def new_mark(revision: str, author: str, organisation: str, now: datetime | None) -> SentMark:
    """A mark made now, its names trimmed as a revision's are."""
    return SentMark(
        revision=revision,
        author=author.strip()[:_MAX_NAME],
        organisation=organisation.strip()[:_MAX_NAME],
        time=(now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0),
    )


def joined(marks: Iterable[SentMark], more: Iterable[SentMark]) -> list[SentMark]:
    """Both lists' marks, each once, oldest first (for merging two copies' histories)."""
    seen: dict[SentMark, None] = dict.fromkeys(marks)
    for mark in more:
        seen.setdefault(mark, None)
    return sorted(seen, key=lambda m: m.time)


def marks_to_json(marks: Iterable[SentMark]) -> list[dict[str, str]]:
    return [
        {
            "revision": m.revision,
            "author": m.author,
            "organisation": m.organisation,
            "time": m.time.isoformat(),
        }
        for m in marks
    ]


def read_marks(value: Any, known: Iterable[str]) -> list[SentMark]:
    """The marks from ``history.json``; MarkError unless every one is whole and names a
    revision the history holds."""
    known = set(known)
    if not isinstance(value, list) or len(value) > MAX_MARKS:
        raise MarkError(_DAMAGED)
    marks: list[SentMark] = []
    for record in value:
        if not isinstance(record, dict) or set(record) != _FIELDS:
            raise MarkError(_DAMAGED)
        texts = [record["revision"], record["author"], record["organisation"], record["time"]]
        if not all(isinstance(t, str) and len(t) <= _MAX_NAME for t in texts):
            raise MarkError(_DAMAGED)
        if record["revision"] not in known:
            raise MarkError(_DAMAGED)
        try:
            parsed = datetime.fromisoformat(record["time"])
            if parsed.tzinfo is None:
                raise MarkError(_DAMAGED)
            time = to_moment(parsed)
        except (ValueError, UnrepresentableMoment) as error:
            raise MarkError(_DAMAGED) from error
        marks.append(SentMark(texts[0], texts[1], texts[2], time.astimezone(UTC)))
    if len(set(marks)) != len(marks):
        raise MarkError(_DAMAGED)
    return marks

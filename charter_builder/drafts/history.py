"""The history inside a draft: every save is a revision with its author and a snapshot.

Drafts pass between officers for weeks, so the file itself carries who changed
what and when; a merge then finds the version both copies started from without
any server. Snapshots share unchanged list items (each partner, principle or
commitment is stored once however many revisions contain it), which keeps a
draft with fifty revisions hardly bigger than one with a single revision.

Revisions are kept parents-first, so numbering them is stable and a damaged or
tampered history (a parent that comes later, or is missing) is easy to refuse.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from charter_builder.charter.model import FROM_FILE, Charter
from charter_builder.charter.moments import UnrepresentableMoment, to_moment
from charter_builder.drafts.sent_marks import (
    MARKS_KEY,
    MarkError,
    SentMark,
    joined,
    marks_to_json,
    new_mark,
    read_marks,
)
from charter_builder.errors import CharterError
from charter_builder.words import plural

#: A history longer than this is not one people made by saving.
MAX_REVISIONS = 5_000
_REVISION_ID = re.compile(r"[0-9a-f]{12}")
_OBJECT_ID = re.compile(r"[0-9a-f]{24}")
_MAX_NAME = 200
_MAX_SUMMARY = 1_000


class HistoryError(CharterError):
    """The history could not be read or a revision could not be found; the message is for people."""


@dataclass(frozen=True)
class Revision:
    id: str
    parents: tuple[str, ...]
    author: str
    organisation: str
    time: datetime
    summary: str

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def who(self) -> str:
        """ "Jane Smith (Leeds City Council)", or whichever of the two is known."""
        if self.author and self.organisation:
            return f"{self.author} ({self.organisation})"
        return self.author or self.organisation or "Someone"


class History:
    def __init__(self) -> None:
        self.revisions: list[Revision] = []
        self.head: str | None = None
        self._by_id: dict[str, Revision] = {}
        self._skeletons: dict[str, dict[str, Any]] = {}
        self._objects: dict[str, Any] = {}
        self._pending_parent: str | None = None
        #: Revisions marked as sent to boards, oldest mark first (see sent_marks.py).
        self.marks: list[SentMark] = []

    def __len__(self) -> int:
        return len(self.revisions)

    def __bool__(self) -> bool:
        return bool(self.revisions)

    # -- reading -------------------------------------------------------------

    def revision(self, rev_id: str) -> Revision:
        return self._by_id[rev_id]

    def number(self, rev_id: str) -> int:
        """1 for the first revision: the number people see and can type."""
        return next(i for i, r in enumerate(self.revisions, 1) if r.id == rev_id)

    def find(self, text: str) -> Revision:
        """A revision by its number ("3") or the start of its id ("4f2a")."""
        text = text.strip().lower()
        if text.isdigit() and len(text) < 6:
            number = int(text)
            if 1 <= number <= len(self.revisions):
                return self.revisions[number - 1]
            raise HistoryError(
                f"There is no revision {number}: this draft has {_count(len(self.revisions))}."
            )
        found = [r for r in self.revisions if text and r.id.startswith(text)]
        if len(found) == 1:
            return found[0]
        if not found:
            raise HistoryError(f"No revision in this draft's history starts with “{text[:20]}”.")
        raise HistoryError(
            f"More than one revision starts with “{text}”; please give more of its id."
        )

    def snapshot(self, rev_id: str) -> Charter:
        """The charter exactly as it was saved in that revision."""
        skeleton = self._skeletons[rev_id]
        try:
            return Charter.model_validate(_inflate(skeleton, self._objects), context=FROM_FILE)
        except (ValidationError, KeyError, TypeError) as error:
            number = self.number(rev_id)
            raise HistoryError(
                f"Revision {number} in this draft's history is damaged and cannot be shown."
            ) from error

    def ancestors(self, rev_id: str) -> set[str]:
        """The revision and every revision it was built from."""
        seen: set[str] = set()
        waiting = [rev_id]
        while waiting:
            current = waiting.pop()
            if current in seen or current not in self._by_id:
                continue
            seen.add(current)
            waiting.extend(self._by_id[current].parents)
        return seen

    def last_sent(self) -> SentMark | None:
        """The newest mark: the revision the partners' boards saw last."""
        return max(self.marks, key=lambda m: m.time, default=None)

    def marks_of(self, rev_id: str) -> list[SentMark]:
        return [m for m in self.marks if m.revision == rev_id]

    def parent_of(self, rev_id: str) -> str | None:
        parents = self._by_id[rev_id].parents
        return parents[0] if parents else None

    # -- writing ---------------------------------------------------------------

    def record(
        self,
        charter: Charter,
        author: str,
        organisation: str,
        *,
        now: datetime | None = None,
        summary: str | None = None,
    ) -> Revision | None:
        """Add a revision for `charter` unless it is what the head already holds."""
        skeleton, objects = _deflate(charter)
        merging = self._pending_parent is not None and self._pending_parent != self.head
        if self.head is not None and not merging and self._skeletons[self.head] == skeleton:
            return None
        parents = tuple(p for p in (self.head, self._pending_parent if merging else None) if p)
        if summary is None:
            summary = self._summary(charter, merging)
        revision = Revision(
            id=self._new_id(),
            parents=parents,
            author=author.strip()[:_MAX_NAME],
            organisation=organisation.strip()[:_MAX_NAME],
            time=(now or datetime.now(UTC)).astimezone(UTC),
            summary=summary[:_MAX_SUMMARY],
        )
        self._objects.update(objects)
        self._add(revision, skeleton)
        self.head = revision.id
        self._pending_parent = None
        return revision

    def mark_sent(
        self, rev_id: str, author: str, organisation: str, *, now: datetime | None = None
    ) -> SentMark:
        """Record that revision `rev_id` was sent to boards; the charter is not changed."""
        if rev_id not in self._by_id:
            raise HistoryError("That revision is not in this draft's history.")
        mark = new_mark(rev_id, author, organisation, now)
        self.marks = joined(self.marks, [mark])
        return mark

    def forget(self, revision: Revision) -> None:
        """Take back the newest revision (a save that failed must not leave one behind)."""
        if not self.revisions or self.revisions[-1].id != revision.id:
            raise ValueError("only the newest revision can be taken back")
        self.revisions.pop()
        del self._by_id[revision.id]
        del self._skeletons[revision.id]
        self.head = revision.parents[0] if revision.parents else None
        if revision.is_merge:
            self._pending_parent = revision.parents[1]

    def mark_merged(self, other_head: str | None) -> None:
        """The next revision records that it joins in another copy's work."""
        self._pending_parent = other_head

    @property
    def pending_merge(self) -> str | None:
        return self._pending_parent

    def absorb(self, other: History) -> None:
        """Take in every revision the other copy has that this one lacks."""
        for revision in other.revisions:
            if revision.id not in self._by_id:
                self._add(revision, other._skeletons[revision.id])
        for key, value in other._objects.items():
            self._objects.setdefault(key, value)
        self.marks = joined(self.marks, other.marks)

    def copy(self) -> History:
        twin = History()
        twin.absorb(self)
        twin.head = self.head
        twin._pending_parent = self._pending_parent
        return twin

    def newest(self, max_revisions: int, max_bytes: int) -> tuple[History, bytes]:
        """A copy keeping only as many of the newest revisions as fit, and its JSON.

        A draft saved over months could otherwise grow past what a draft may hold and
        then fail to save, or to open: the oldest revisions are let go first, and the
        newest kept revision loses any parent that went with them. Nothing in memory
        changes; this is what goes into the file.
        """
        kept = self.revisions[-max_revisions:] if max_revisions > 0 else []
        while True:
            trimmed = self._keeping(kept)
            data = trimmed.to_json()
            if len(data) <= max_bytes or not kept:
                return trimmed, data
            kept = kept[max(1, len(kept) // 10) :]

    def _keeping(self, revisions: list[Revision]) -> History:
        twin = History()
        ids = {r.id for r in revisions}
        for revision in revisions:
            parents = tuple(p for p in revision.parents if p in ids)
            twin._add(replace(revision, parents=parents), self._skeletons[revision.id])
        twin._objects = self._objects
        twin.marks = [m for m in self.marks if m.revision in ids]
        twin.head = self.head if self.head in ids else None
        if self._pending_parent in ids:
            twin._pending_parent = self._pending_parent
        return twin

    def _add(self, revision: Revision, skeleton: dict[str, Any]) -> None:
        self.revisions.append(revision)
        self._by_id[revision.id] = revision
        self._skeletons[revision.id] = skeleton

    def _new_id(self) -> str:
        while (candidate := secrets.token_hex(6)) in self._by_id:
            pass
        return candidate

    def readable(self, rev_id: str) -> bool:
        """Whether that revision's snapshot can be read (a damaged one is kept, never shown)."""
        try:
            self.snapshot(rev_id)
        except HistoryError:
            return False
        return True

    def _summary(self, charter: Charter, merging: bool) -> str:
        from charter_builder.drafts.diff import diff_charters, summarise

        if self.head is None:
            return "First saved version"
        prefix = ""
        if merging:
            other = self._by_id.get(self._pending_parent or "")
            prefix = f"Merged with {other.who}'s copy: " if other else "Merged with another copy: "
        try:
            previous = self.snapshot(self.head)
        except HistoryError:
            # A damaged snapshot must never stop a save: the draft itself is whole, so it
            # is kept with every earlier revision, and this one says what happened.
            return prefix + damaged_summary(self.number(self.head))
        changes = diff_charters(previous, charter)
        if merging:
            return prefix + summarise(changes, limit=max(40, 140 - len(prefix)))
        return summarise(changes)

    # -- the file --------------------------------------------------------------

    def to_json(self) -> bytes:
        document: dict[str, Any] = {
            "head": self.head,
            "revisions": [
                {
                    "id": r.id,
                    "parents": list(r.parents),
                    "author": r.author,
                    "organisation": r.organisation,
                    "time": r.time.isoformat(),
                    "summary": r.summary,
                    "snapshot": self._skeletons[r.id],
                }
                for r in self.revisions
            ],
            "objects": {key: self._objects[key] for key in sorted(self._used_objects())},
        }
        if self.marks:  # without marks, exactly what earlier versions wrote and read
            document[MARKS_KEY] = marks_to_json(self.marks)
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()

    def _used_objects(self) -> set[str]:
        used: set[str] = set()
        for skeleton in self._skeletons.values():
            for value in skeleton.values():
                if isinstance(value, dict) and "objects" in value:
                    used.update(value["objects"])
        return used

    @classmethod
    def from_document(cls, document: Any) -> History:
        """Rebuild a history from its parsed JSON; HistoryError if anything is out of place."""
        keys = {"head", "revisions", "objects"}
        if not isinstance(document, dict) or set(document) - {MARKS_KEY} != keys:
            raise HistoryError(_DAMAGED)
        records, objects, head = document["revisions"], document["objects"], document["head"]
        if not isinstance(records, list) or not isinstance(objects, dict):
            raise HistoryError(_DAMAGED)
        if len(records) > MAX_REVISIONS:
            raise HistoryError("its history is far longer than any draft's, so it may be damaged.")
        if not all(isinstance(k, str) and _OBJECT_ID.fullmatch(k) for k in objects):
            raise HistoryError(_DAMAGED)
        history = cls()
        history._objects = objects
        for record in records:
            revision, skeleton = _read_record(record, history._by_id, objects)
            history._add(revision, skeleton)
        if head is not None and (not isinstance(head, str) or head not in history._by_id):
            raise HistoryError(_DAMAGED)
        if head is None and history.revisions:
            raise HistoryError(_DAMAGED)
        history.head = head
        if MARKS_KEY in document:
            try:
                history.marks = read_marks(document[MARKS_KEY], history._by_id)
            except MarkError as error:
                raise HistoryError(error.message) from error
        return history


def common_ancestor(history: History, a: str | None, b: str | None) -> str | None:
    """The newest revision both `a` and `b` were built from, if they share one."""
    if a is None or b is None:
        return None
    shared = history.ancestors(a) & history.ancestors(b)
    if not shared:
        return None
    # Of the shared revisions, keep those no other shared revision was built from.
    beneath = {p for rev in shared for p in history.ancestors(rev) - {rev}}
    best = [rev for rev in shared if rev not in beneath]
    order = {r.id: i for i, r in enumerate(history.revisions)}
    return max(best, key=lambda rev: (history.revision(rev).time, order[rev]))


# -- snapshots ---------------------------------------------------------------------

_DAMAGED = "its history of earlier versions is damaged."


def _object_key(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:24]


def _deflate(charter: Charter) -> tuple[dict[str, Any], dict[str, Any]]:
    """The charter as JSON whose list items are stored once, by their content."""
    skeleton: dict[str, Any] = {}
    objects: dict[str, Any] = {}
    for name, value in charter.model_dump(mode="json").items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            keys = []
            for item in value:
                key = _object_key(item)
                objects[key] = item
                keys.append(key)
            skeleton[name] = {"objects": keys}
        else:
            skeleton[name] = value
    return skeleton, objects


def _inflate(skeleton: dict[str, Any], objects: dict[str, Any]) -> dict[str, Any]:
    return {
        name: [objects[key] for key in value["objects"]]
        if isinstance(value, dict) and "objects" in value
        else value
        for name, value in skeleton.items()
    }


def _read_record(
    record: Any, known: dict[str, Revision], objects: dict[str, Any]
) -> tuple[Revision, dict[str, Any]]:
    fields = {"id", "parents", "author", "organisation", "time", "summary", "snapshot"}
    if not isinstance(record, dict) or set(record) != fields:
        raise HistoryError(_DAMAGED)
    rev_id, parents, snapshot = record["id"], record["parents"], record["snapshot"]
    texts = [record["author"], record["organisation"], record["summary"]]
    if (
        not isinstance(rev_id, str)
        or not _REVISION_ID.fullmatch(rev_id)
        or rev_id in known
        or not isinstance(parents, list)
        or len(parents) > 2
        or not all(isinstance(p, str) and p in known for p in parents)  # parents come first
        or not all(isinstance(t, str) and len(t) <= _MAX_SUMMARY for t in texts)
        or not isinstance(snapshot, dict)
        or not isinstance(record["time"], str)
    ):
        raise HistoryError(_DAMAGED)
    for value in snapshot.values():
        if isinstance(value, dict) and "objects" in value:
            keys = value["objects"]
            if not isinstance(keys, list) or not all(
                isinstance(k, str) and k in objects for k in keys
            ):
                raise HistoryError(_DAMAGED)
    try:
        parsed = datetime.fromisoformat(record["time"])
        # Aware, and convertible to UTC and local time (9999-12-31T23:59:59-23:59 is not).
        time = to_moment(parsed) if parsed.tzinfo is not None else None
    except (ValueError, UnrepresentableMoment) as error:
        raise HistoryError(_DAMAGED) from error
    if time is None:
        raise HistoryError(_DAMAGED)
    revision = Revision(
        id=rev_id,
        parents=tuple(parents),
        author=texts[0],
        organisation=texts[1],
        time=time.astimezone(UTC),
        summary=texts[2],
    )
    return revision, snapshot


def damaged_summary(number: int) -> str:
    """The summary of a revision saved over one whose copy in the history is damaged."""
    return (
        f"Saved after revision {number}, whose copy in the history is damaged, so what "
        "changed since then cannot be listed (the draft itself was not affected)."
    )


def _count(n: int) -> str:
    return plural(n, "revision")

"""A history that has grown past what a draft may hold never stops a save.

A draft saved over months, with long sections rewritten again and again, can
grow a history larger than a draft may hold (draft_file.MAX_HISTORY_BYTES) or
longer than a reader accepts (history.MAX_REVISIONS). Refusing the save then
would trap the board's work; instead the oldest revisions are let go.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from charter_builder.drafts.draft_file import MAX_HISTORY_BYTES, load_draft, save_draft
from charter_builder.drafts.history import History
from charter_builder.drafts.starters import load_starter

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def rewrite_why(charter, n: int) -> None:
    """A long section rewritten: every revision holds its own 200,000-character copy."""
    charter.purpose.why = (f"Draft {n} of why we work together. " * 6_000)[:200_000]


@pytest.mark.slow  # about 6 s: a history grown past its size limit
def test_a_history_grown_past_its_limit_still_saves_keeping_the_newest(tmp_path):
    draft = load_starter("example")
    revisions = MAX_HISTORY_BYTES // 200_000 + 10
    for n in range(revisions):
        rewrite_why(draft.charter, n)
        draft.history.record(draft.charter, "Asha Patel", "Leeds", now=T0 + timedelta(days=n))
    assert len(draft.history.to_json()) > MAX_HISTORY_BYTES
    in_memory = draft.history.to_json()
    path = tmp_path / "long-lived.charter"

    save_draft(draft, path)

    assert draft.history.to_json() == in_memory  # saving changed nothing in memory
    reopened = load_draft(path)
    assert reopened.charter == draft.charter
    kept = reopened.history.revisions
    assert 0 < len(kept) < revisions
    assert kept[-1].id == draft.history.head  # the newest revision, with its snapshot
    assert reopened.history.snapshot(kept[-1].id) == draft.charter
    assert kept[0].id != draft.history.revisions[0].id  # the oldest went first
    assert kept[0].parents == ()
    # ...and the next save, and the one after, still work and keep their revisions.
    rewrite_why(reopened.charter, revisions)
    reopened.history.record(reopened.charter, "Ben Okafor", "Wyvern", now=T0 + timedelta(days=999))
    save_draft(reopened, path)
    assert load_draft(path).history.head == reopened.history.head


def test_only_the_newest_revisions_are_kept_when_there_are_too_many():
    charter = load_starter("example").charter
    history = History()
    for n in range(12):
        charter.partnership.name = f"Partnership {n}"
        history.record(charter, "Asha", "Leeds", now=T0 + timedelta(hours=n))

    kept, data = history.newest(max_revisions=5, max_bytes=10**9)

    assert [r.id for r in kept.revisions] == [r.id for r in history.revisions[-5:]]
    assert kept.revisions[0].parents == ()
    assert kept.head == history.head
    assert History.from_document(json.loads(data)).head == history.head
    assert len(history) == 12  # the history itself is untouched

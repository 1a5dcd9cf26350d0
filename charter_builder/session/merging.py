"""Merge bookkeeping: where the history stands before and after another copy is joined in.

A merge changes three things besides the charter: the history's head, the
revision the next save will join in (its second parent), and which version of
the file on disk we last took account of. Undoing a merge that was not saved
since puts all three back, so the next save asks about their changes again.
"""

from __future__ import annotations

from dataclasses import dataclass

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_lock import FileStamp
from charter_builder.drafts.history import History
from charter_builder.session.open_draft import OpenDraft


@dataclass(frozen=True)
class MergePoint:
    """The history's head, its pending merge, and the stamp of the file taken account of."""

    head: str | None
    pending: str | None
    stamp: FileStamp | None


def merge_point(history: History, stamp: FileStamp | None) -> MergePoint:
    return MergePoint(history.head, history.pending_merge, stamp)


def return_to(history: History, point: MergePoint) -> FileStamp | None:
    """Put the history back at `point`; the stamp to keep with it."""
    history.head = point.head
    history.mark_merged(point.pending)
    return point.stamp


def after_merge(merged: Draft, disk: FileStamp | None, stamp: FileStamp | None) -> MergePoint:
    """Where things stand once `merged` is taken in: `disk` is the file version merged with."""
    return MergePoint(
        merged.history.head, merged.history.pending_merge, disk if disk is not None else stamp
    )


def rejoin(history: History, merged: Draft) -> None:
    """Redoing a merge after a save: join their work onto that save instead."""
    other = merged.history.pending_merge or merged.history.head
    if other and other not in history.ancestors(history.head or ""):
        history.mark_merged(other)


def take_merged(open_draft: OpenDraft, merged: Draft, disk: FileStamp | None = None) -> None:
    """Make `merged` (from draft_merge.merge_drafts) the open draft, as a command does.

    Its history already carries both copies' revisions and the pending join; `disk`
    is the stamp of the file merged with when that was this draft's own file on disk.
    """
    open_draft.draft = merged
    if disk is not None:
        open_draft.stamp = disk

"""One open draft: where it lives, what was read, whose lock, and saving it safely."""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import save_draft
from charter_builder.drafts.draft_lock import DraftLock, FileStamp, changed_since
from charter_builder.drafts.history import Revision
from charter_builder.paths import same_file
from charter_builder.session.reading import read_draft
from charter_builder.session.refusals import DraftChangedOnDisk

log = logging.getLogger(__name__)

__all__ = ["OpenDraft", "read_draft", "same_file"]


@dataclass
class OpenDraft:
    """A draft and its file: the path, the stamp of what was read, our lock, read-only.

    Saving records a revision, writes the whole file or nothing, and takes the
    revision back if writing fails; it never changes anything else in memory.
    """

    draft: Draft = field(default_factory=Draft)
    #: Where it is saved (None: never saved).
    path: Path | None = None
    #: The file as we last read or wrote it; a different file on disk means someone saved.
    stamp: FileStamp | None = None
    #: Our lock on the file, while we hold one.
    lock: DraftLock | None = None
    #: Opened to look at only: saving it asks for a new name.
    read_only: bool = False

    @classmethod
    def read(
        cls, path: Path, *, lock: DraftLock | None = None, read_only: bool = False
    ) -> OpenDraft:
        """The draft at `path`, stamped from the very bytes read (DraftFileError if unreadable)."""
        draft, opened = read_draft(path)
        return cls(draft, Path(path), opened, lock, read_only)

    # -- the lock ----------------------------------------------------------------
    def set_lock(self, lock: DraftLock | None) -> None:
        """Hold `lock` from now on, releasing the one held before (if it is another)."""
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock = lock

    def release_lock(self) -> None:
        self.set_lock(None)

    # -- the file on disk ------------------------------------------------------------
    def changed_on_disk(self) -> bool:
        """Whether someone else has written the draft's file since we read or saved it."""
        if self.path is None or self.stamp is None:
            return False
        try:
            return changed_since(self.path, self.stamp)
        except OSError:
            return False  # unreadable now: saving will say plainly what is wrong

    def ensure_unchanged(self, advice: str = "") -> None:
        """Raise DraftChangedOnDisk (in the window's words, then `advice`) if someone saved."""
        if self.path is not None and self.changed_on_disk():
            raise DraftChangedOnDisk(self.path, advice)

    def is_saved_at(self, path: Path) -> bool:
        return self.path is not None and same_file(Path(path), self.path)

    # -- saving ------------------------------------------------------------------------
    def save(
        self,
        path: Path | None = None,
        *,
        author: tuple[str, str] = ("", ""),
        summary: str | None = None,
        lock: DraftLock | None = None,
        advice: str = "",
    ) -> Revision | None:
        """Save to `path` (or the draft's own file), recording a revision by `author`.

        Over our own file, first checks nobody else saved it since we read it: if
        they did, DraftChangedOnDisk is raised and nothing is written nor recorded.
        Saving elsewhere hands over to `lock`, the caller's lock on the new file.
        If writing fails (DraftFileError) the revision is taken back. The stamp is
        taken from the bytes written, so a change made a moment later is noticed.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("save needs a path for a new draft")
        same = self.is_saved_at(target)
        if same:
            self.ensure_unchanged(advice)
        history = self.draft.history
        revision = history.record(self.draft.charter, *author, summary=summary)
        try:
            written = save_draft(self.draft, target)
        except BaseException:
            if revision is not None:
                history.forget(revision)
            raise
        self.stamp = _stamp_of(written, target)
        if lock is not None or not same:
            self.set_lock(lock)
        self.path = target
        self.read_only = False
        log.info("saved %s", target)
        return revision


def _stamp_of(written: bytes, path: Path) -> FileStamp | None:
    """The stamp of the bytes we wrote: their size and hash, the file's time."""
    try:
        mtime_ns = os.stat(path).st_mtime_ns
    except OSError:
        return None
    return FileStamp(len(written), mtime_ns, hashlib.sha256(written).hexdigest())

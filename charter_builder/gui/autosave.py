"""Autosave: a recovery copy of the open draft, written quietly while it has unsaved changes.

A copy is written a few seconds after the user stops typing, and at least once
a minute while they keep going, so a crash loses very little. The draft is
turned into bytes here on the GUI thread (fast, and the model is only ever
touched there); writing them to disk happens on a worker thread so a slow disk
never makes the window stutter. Saving, closing or undoing back to the saved
state removes the copy.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QStandardPaths, QThreadPool, QTimer, Signal

from charter_builder.drafts.draft_file import dumps_draft
from charter_builder.drafts.recovery import (
    Recovery,
    RecoveryNote,
    RecoveryStore,
    new_recovery_id,
)
from charter_builder.errors import CharterError
from charter_builder.gui.document import CharterDocument

log = logging.getLogger(__name__)

#: Quiet time after the last change before a copy is written.
DEBOUNCE_MS = 3_000
#: Longest wait between copies while changes keep coming.
MAX_WAIT_MS = 60_000


def recovery_folder() -> Path:
    """Where recovery copies live: the application's own data folder on this computer.

    The local (not roaming) folder: a copy belongs to the computer whose process wrote it.
    """
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base) / "recovery"


class _Reporter(QObject):
    """Carries a worker's result back to the GUI thread (queued across threads)."""

    done = Signal(int, str)  # generation written, error message ("" when it worked)


class _WriteJob(QRunnable):
    """Writes one recovery copy's bytes; touches nothing but the disk."""

    def __init__(
        self, saver: Autosaver, generation: int, recovery_id: str, data: bytes, note: RecoveryNote
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._store = saver.store
        self._guard = saver._guard
        self._saver_generation = saver._current_generation
        self._reporter = saver._reporter
        self._generation = generation
        self._id = recovery_id
        self._data = data
        self._note = note

    def run(self) -> None:
        message = ""
        with self._guard:
            # Discarded (saved, closed) since this job was queued: write nothing.
            if self._saver_generation() != self._generation:
                return
            try:
                self._store.write(self._id, self._data, self._note)
            except CharterError as error:
                message = error.message
            except Exception as error:  # never let a worker thread take the app down
                log.exception("writing a recovery copy failed")
                message = f"Charter Builder could not keep a recovery copy ({error})."
        self._reporter.done.emit(self._generation, message)


class Autosaver(QObject):
    """Keeps a recovery copy of one document while it has unsaved changes."""

    #: A recovery copy was written (its draft file).
    written = Signal(Path)
    #: Writing failed; the message is in plain words.
    failed = Signal(str)

    def __init__(
        self,
        document: CharterDocument,
        store: RecoveryStore | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.store = store or RecoveryStore(recovery_folder())
        self.recovery_id = new_recovery_id()
        #: Intervals in milliseconds; tests shorten them.
        self.debounce_ms = DEBOUNCE_MS
        self.max_wait_ms = MAX_WAIT_MS
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # Held by the worker while writing and by discard() while removing, so a
        # write queued before a save can never bring back the copy the save removed.
        self._guard = threading.Lock()
        self._generation = 0
        self._busy = False
        self._again = False
        self._exists = False
        self._last_failure = ""
        self._reporter = _Reporter(self)
        self._reporter.done.connect(self._job_done)

        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.timeout.connect(self.write_now)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self.write_now)

        document.changed.connect(self._document_changed)
        document.reset.connect(self._document_changed)
        document.status_changed.connect(self._document_changed)

    def _current_generation(self) -> int:
        return self._generation

    @property
    def pending(self) -> bool:
        """Changes not yet in a recovery copy."""
        return self._quiet.isActive() or self._deadline.isActive() or self._again

    def _document_changed(self, *_args: object) -> None:
        if not self.document.is_modified:
            self.discard()  # saved, closed, or undone back to the saved state
            return
        self._quiet.start(self.debounce_ms)
        if not self._deadline.isActive():
            self._deadline.start(self.max_wait_ms)

    def write_now(self) -> None:
        """Write the copy now (on the worker), if the draft still has unsaved changes."""
        self._quiet.stop()
        self._deadline.stop()
        document = self.document
        if not document.is_modified:
            return
        if self._busy:  # one write at a time, in order; the newest follows this one
            self._again = True
            return
        try:
            data = dumps_draft(document.draft)
        except CharterError as error:
            self._report_failure(error.message)
            return
        note = RecoveryNote.for_this_process(
            document.path,
            document.display_name,
            document.charter.partnership.name,
            stamp=document.stamp,
            read_only=document.read_only,
        )
        self._busy = True
        self._again = False
        self._pool.start(_WriteJob(self, self._generation, self.recovery_id, data, note))

    def _job_done(self, generation: int, message: str) -> None:
        self._busy = False
        if generation == self._generation:
            if message:
                self._report_failure(message)
            else:
                self._exists = True
                self._last_failure = ""
                self.written.emit(self.store.folder / f"{self.recovery_id}.charter")
        if self._again:
            self.write_now()

    def _report_failure(self, message: str) -> None:
        log.warning("recovery copy not written: %s", message)
        if message != self._last_failure:  # say it once, not every few seconds
            self._last_failure = message
            self.failed.emit(message)

    def discard(self) -> None:
        """Remove the copy: the draft was saved, closed, or its changes thrown away."""
        self._quiet.stop()
        self._deadline.stop()
        self._again = False
        with self._guard:
            self._generation += 1
            if self._exists or self._busy:
                self.store.discard(self.recovery_id)
            self._exists = False

    def adopt(self, recovery: Recovery) -> None:
        """Carry on from a restored copy: it becomes this window's, kept until saved."""
        self.discard()
        self.store.claim(recovery)
        self.recovery_id = recovery.id
        self._exists = True

    def shutdown(self) -> None:
        """Stop for good (the window is closing cleanly): remove the copy, finish the worker."""
        self.discard()
        self._pool.waitForDone(5_000)
        self.store.discard(self.recovery_id)

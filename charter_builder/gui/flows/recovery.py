"""Unsaved work a crashed session left: offered at start-up, restored as unsaved changes.

Restoring locks the original file exactly as opening it does (the same ladder,
`FilesFlow.settle_lock`); the lock our own crashed session left is simply taken
back. Saving then goes through the usual check that nobody else saved meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from charter_builder.drafts.recovery import Recovery
from charter_builder.errors import CharterError
from charter_builder.gui.autosave import Autosaver
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.flows.files import FilesFlow
from charter_builder.gui.prompts import Prompts


class RecoveryFlow(QObject):
    """Offer the recovery copies left behind, and restore the one the user picks."""

    #: A word for the status bar, and for how long to show it (milliseconds).
    status = Signal(str, int)
    #: Unsaved work was restored: the review step shows where it stands.
    restored = Signal()

    def __init__(
        self,
        document: CharterDocument,
        prompts: Prompts,
        files: FilesFlow,
        autosaver: Autosaver,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.prompts = prompts
        self.files = files
        self.autosaver = autosaver

    def offer_recoveries(self) -> bool:
        """At start-up: offer unsaved work a crashed session left. True if one was restored."""
        store = self.autosaver.store
        recoveries = store.left_behind()
        if not recoveries:
            return False
        choice = self.prompts.ask_recover(recoveries)
        for recovery in choice.discard:
            store.discard(recovery.id)
        if choice.restore is None:
            return False
        return self.restore_recovery(choice.restore)

    def restore_recovery(self, recovery: Recovery) -> bool:
        """Open a recovery copy as unsaved changes to its original file.

        Save then writes to the original, through the usual check that nobody else
        saved it meanwhile (and the offer to merge if they did).
        """
        if not self.files.maybe_save():
            return False
        try:
            draft = self.autosaver.store.load(recovery)
        except CharterError as error:
            self.prompts.show_error("The unsaved work could not be restored", error.message)
            return False
        note = recovery.note
        path = note.original
        lock, read_only, save_copy = None, note.read_only, False
        if path is not None and path.is_file() and not read_only:
            opening = self.files.settle_lock(path, crashed_session=(note.pid, note.machine))
            if opening.cancelled:
                return False
            lock, read_only, save_copy = opening.lock, opening.read_only, opening.save_copy
        self.document.replace(
            draft, path, modified=True, lock=lock, stamp=note.stamp, read_only=read_only
        )
        self.autosaver.adopt(recovery)
        self.restored.emit()
        self.status.emit(
            f"Restored your unsaved changes to {self.document.display_name}, kept "
            f"{recovery.saved_when()}. Save to keep them.",
            10000,
        )
        if save_copy:  # someone else has the original: keep this work under a name of its own
            self.files.save_as()
        return True

"""The draft's file: new, open, open as a copy, save, save as, changed on disk, close.

Unsaved work is never dropped without asking, and nobody else's work is ever
overwritten: the lock policy and the save itself are the session's (Qt-free,
shared with the command line); this flow only asks the questions they raise.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from charter_builder.drafts.draft_file import save_draft
from charter_builder.drafts.starters import STARTERS, load_starter
from charter_builder.errors import CharterError
from charter_builder.gui import settings
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.flows.coediting import CoeditingFlow
from charter_builder.gui.lock_dialog import ChangedChoice
from charter_builder.gui.prompts import DRAFT_FILTER, Prompts
from charter_builder.paths import same_file
from charter_builder.session.lease import (
    NOT_TAKEN_OVER,
    Opening,
    SavingLease,
    lease_for_opening,
    lease_for_saving,
    let_go,
    settle_opening,
)
from charter_builder.session.reading import read_draft
from charter_builder.session.refusals import CHOOSE_ANOTHER_NAME, DraftChangedOnDisk, saved_by
from charter_builder.when import local_date_time

SAVE_FAILED = "The draft could not be saved"


class FilesFlow(QObject):
    """One draft at a time: opening, saving and closing it, asking only through `prompts`."""

    #: A word for the status bar, and for how long to show it (milliseconds).
    status = Signal(str, int)
    #: A new charter was started from a starter: its first step is shown.
    started = Signal()
    #: A draft was opened from disk: the review step shows where it stands.
    opened = Signal()
    #: The draft was closed: back to the welcome step.
    closed = Signal()
    #: The recent drafts list changed.
    recent_changed = Signal()
    #: The draft was saved to its file.
    saved = Signal()

    def __init__(
        self,
        document: CharterDocument,
        prompts: Prompts,
        coediting: CoeditingFlow,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.prompts = prompts
        self.coediting = coediting
        document.confirm_agreed_change = self.confirm_agreed_change

    def confirm_agreed_change(self) -> bool:
        """Signing has begun: changing agreed text means signers must sign again."""
        allowed = self.prompts.confirm_agreed_change()
        self.document.allow_agreed_changes(allowed)
        return allowed

    # -- asking before work is lost ----------------------------------------------
    def maybe_save(self) -> bool:
        """Ask before unsaved work could be lost. False means: stay as we are."""
        if not self.document.is_modified:
            return True
        answer = self.prompts.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_from_starter(self, name: str) -> None:
        if not self.maybe_save():
            return
        self.document.replace(load_starter(name), None, modified=True)
        self.started.emit()
        self.status.emit(f"Started a new charter: {STARTERS[name].title}.", 5000)

    def close_draft(self) -> bool:
        if not self.maybe_save():
            return False
        self.document.replace(load_starter("blank"), None)
        self.closed.emit()
        self.status.emit("Closed the draft.", 5000)
        return True

    # -- opening -------------------------------------------------------------------
    def settle_lock(self, path: Path, crashed_session: tuple[int, str] | None = None) -> Opening:
        """The one lock ladder for opening a draft and restoring unsaved work to it.

        Locks `path`, or asks what to do when someone else has it open; what the
        user must be told (read-only, not taken over) is shown here.
        """
        identity = settings.user_identity()
        lease = lease_for_opening(path, identity, held=self.document.lock)
        opening = settle_opening(
            lease,
            path,
            identity,
            lambda locked: self.prompts.ask_locked(locked, path),
            crashed_session=crashed_session,
        )
        if opening.notice is not None:
            self.prompts.show_error(opening.notice.title, opening.notice.message)
        return opening

    def open(self, path: Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        path = path or self.prompts.ask_open_path()
        if path is None:
            return False
        opening = Opening()
        if path.is_file():
            opening = self.settle_lock(path)
            if opening.save_copy:
                return self.open_as_copy(path)
            if opening.cancelled:
                return False
        try:
            self.document.open(path, lock=opening.lock, read_only=opening.read_only)
        except CharterError as error:
            let_go(opening.lock, self.document.lock)
            if not path.exists():
                settings.remove_recent_file(path)
                self.recent_changed.emit()
            self.prompts.show_error("The draft could not be opened", error.message)
            return False
        self._remember(path)
        self.opened.emit()
        how = " to look at (read-only): to keep changes, save them under a new name" if (
            opening.read_only
        ) else ""
        self.status.emit(f"Opened {path.name}{how}.", 8000)
        return True

    def open_as_copy(self, original: Path) -> bool:
        """Someone else has the draft: save a copy of it under a new name and open that."""
        target = self.ask_draft_path(
            "Save a copy of the draft", f"{original.stem} (copy).charter"
        )
        if target is None:
            return False
        if same_file(target, original):
            self.prompts.show_error(
                "The copy could not be saved",
                "Please choose a different name for your copy, so the original is left as it is.",
            )
            return False
        lease = self._lease_for_saving(target)
        if lease is None:
            return False
        try:
            draft, _opened = read_draft(original)
            save_draft(draft, target)
            self.document.open(target, lock=lease.lock)
        except CharterError as error:
            let_go(lease.lock, self.document.lock)
            self.prompts.show_error("The copy could not be saved", error.message)
            return False
        self._remember(target)
        self.opened.emit()
        self.status.emit(
            f"Saved a copy as {target.name} and opened it; {original.name} is unchanged.", 8000
        )
        return True

    # -- saving ----------------------------------------------------------------------
    def save(self) -> bool:
        if self.document.path is None or self.document.read_only:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        suggested = self.document.display_name
        if self.document.path is None:
            name = self.document.charter.partnership.name.strip() or "System charter"
            suggested = f"{safe_file_name(name)}.charter"
        elif self.document.read_only:
            suggested = f"{self.document.path.stem} (my copy).charter"
        path = self.ask_draft_path("Save the draft", suggested)
        if path is None:
            return False
        return self.save_to(path)

    def mark_sent_to_boards(self) -> bool:
        """File > Mark as Sent to Boards…: the boards saw the draft as it is saved now.

        A mark belongs to a saved revision, so unsaved changes are saved first; the
        mark is saved straight away, so it travels with the file to every partner.
        """
        if (self.document.is_modified or self.document.read_only) and not self.save():
            return False
        if self.document.path is None and not self.save():
            return False
        history = self.document.draft.history
        head = history.head
        if head is None or self.document.path is None:
            return False
        number = history.number(head)
        if history.marks_of(head):
            self.status.emit(f"Revision {number} is already marked as sent to boards.", 8000)
            return True
        revision = history.revision(head)
        if not self.prompts.confirm_mark_sent(
            number, f"saved {local_date_time(revision.time)} by {revision.who}"
        ):
            return False
        before = list(history.marks)
        history.mark_sent(head, *settings.user_identity())
        if self.save_to(self.document.path, f"Marked revision {number} as sent to boards. "):
            return True
        history.marks = before  # not saved, so not sent: the mark is taken back
        return False

    def ask_draft_path(self, title: str, suggested: str) -> Path | None:
        path = self.prompts.ask_save_path(title, suggested, DRAFT_FILTER)
        if path is not None and path.suffix.lower() != ".charter":
            path = path.with_name(path.name + ".charter")
        return path

    def save_to(self, path: Path, done: str = "") -> bool:
        """Save, never over someone else's work: a changed file is merged with, not replaced."""
        in_place = self.document.path is not None and same_file(path, self.document.path)
        lease = SavingLease(True)
        if not in_place or self.document.read_only:
            # A new file (or the read-only one, chosen again): mark it as ours first.
            found = self._lease_for_saving(path)
            if found is None:
                return False
            lease = found
        try:
            self.document.save(path, author=settings.user_identity(), lock=lease.lock)
        except CharterError as error:
            let_go(lease.lock, self.document.lock)
            if isinstance(error, DraftChangedOnDisk):
                return self.changed_on_disk(path)
            self.prompts.show_error(SAVE_FAILED, error.message)
            return False
        self._remember(path)
        self.status.emit(f"{done}Saved {path.name}.", 8000)
        self.saved.emit()
        return True

    def _lease_for_saving(self, path: Path) -> SavingLease | None:
        """The session's lease for writing `path` (None, with the user told, if refused)."""
        lease = lease_for_saving(path, settings.user_identity(), held=self.document.lock)
        if lease.allowed:
            return lease
        if lease.locked is not None:
            self.prompts.show_error(SAVE_FAILED, f"{lease.locked.message} {CHOOSE_ANOTHER_NAME}")
        elif lease.failure is not None:
            self.prompts.show_error(NOT_TAKEN_OVER, lease.failure.message)
        return None

    def changed_on_disk(self, path: Path) -> bool:
        """Someone else saved the draft since we read it: merge, save a copy, or stop."""
        choice = self.prompts.ask_changed_on_disk(path, saved_by(path))
        if choice is ChangedChoice.MERGE:
            merged = self.coediting.merge_from(path, from_disk=True)
            if merged is None:
                return False
            return self.save_to(path, done=f"{merged} ")
        if choice is ChangedChoice.SAVE_COPY:
            return self.save_as()
        self.status.emit(
            f"Not saved: {path.name} was changed by someone else. Your changes are still here.",
            8000,
        )
        return False

    def _remember(self, path: Path) -> None:
        settings.add_recent_file(path)
        settings.set_last_folder(path)
        self.recent_changed.emit()


def safe_file_name(text: str) -> str:
    """A file name from a partnership's name, without characters file systems refuse."""
    cleaned = "".join(c for c in text if c.isalnum() or c in " -_&'(),.")
    return " ".join(cleaned.split())[:80] or "System charter"

"""The main window: menus, the wizard, and everything to do with files.

Pages edit the draft; this window decides when a draft is opened, saved or
closed, and makes sure unsaved work is never dropped without asking.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from charter_builder.charter.model import Charter
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import save_draft
from charter_builder.drafts.draft_lock import (
    REFRESH_INTERVAL,
    DraftLock,
    DraftLocked,
    DraftLockError,
    FileStamp,
)
from charter_builder.drafts.recovery import Recovery
from charter_builder.drafts.starters import STARTERS, guidance, load_starter
from charter_builder.errors import CharterError
from charter_builder.gui import settings
from charter_builder.gui.autosave import Autosaver
from charter_builder.gui.binding import cut_message
from charter_builder.gui.document import CharterDocument, DraftChangedOnDisk, read_draft
from charter_builder.gui.export_dialog import export_pdf
from charter_builder.gui.export_options import ExportChoice, ask_export_options
from charter_builder.gui.lock_dialog import (
    ChangedChoice,
    LockChoice,
    ask_about_lock,
    ask_changed_on_disk,
)
from charter_builder.gui.menus import add_action, build_menus
from charter_builder.gui.pages.base import WizardPage
from charter_builder.gui.pages.commitments import CommitmentsPage
from charter_builder.gui.pages.contributions import ContributionsPage
from charter_builder.gui.pages.governance import GovernancePage
from charter_builder.gui.pages.partnership import PartnershipPage
from charter_builder.gui.pages.principles import PrinciplesPage
from charter_builder.gui.pages.purpose import PurposePage
from charter_builder.gui.pages.review import ReviewPage
from charter_builder.gui.pages.sign_off import SignOffPage
from charter_builder.gui.pages.welcome import WelcomePage
from charter_builder.gui.recovery_dialog import RecoveryChoice, ask_recovery
from charter_builder.gui.render_service import RenderService
from charter_builder.gui.wizard import CharterWizard
from charter_builder.paths import same_file
from charter_builder.when import clock_on_day
from charter_builder.words import plural

if TYPE_CHECKING:
    from charter_builder.drafts.draft_merge import DraftMerge

log = logging.getLogger(__name__)
P = TypeVar("P", bound=WizardPage)

APP_NAME = "Charter Builder"
DRAFT_FILTER = "Charter drafts (*.charter)"
PDF_FILTER = "PDF documents (*.pdf)"


class MainWindow(QMainWindow):
    """One window, one draft at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = CharterDocument(self)
        self.render_service = RenderService(self)

        kinds = [
            WelcomePage,
            PartnershipPage,
            PurposePage,
            PrinciplesPage,
            CommitmentsPage,
            ContributionsPage,
            GovernancePage,
            ReviewPage,
            # Last: boards sign once the text is agreed; Next here exports the signed PDF.
            SignOffPage,
        ]
        # Each step is built when first shown (see PageList), so start-up builds only Welcome.
        self.wizard = CharterWizard(self.document, kinds, self._build_page)
        self.setCentralWidget(self.wizard)

        # Dialogs are attributes so that tests can answer them.
        self.ask_open_path: Callable[[], Path | None] = self._ask_open_path
        self.ask_save_path: Callable[[str, str, str], Path | None] = self._ask_save_path
        self.ask_unsaved: Callable[[], QMessageBox.StandardButton] = self._ask_unsaved
        self.show_error: Callable[[str, str], None] = self._show_error
        self.ask_export_options: Callable[[], ExportChoice | None] = (
            lambda: ask_export_options(self)
        )
        #: Someone else has the draft open: read-only, save a copy, take over, or None.
        self.ask_locked: Callable[[DraftLocked, Path], LockChoice | None] = (
            lambda locked, path: ask_about_lock(locked, path.name, self)
        )
        #: Someone else saved the draft since we opened it: merge, save a copy, or None.
        self.ask_changed_on_disk: Callable[[Path, str], ChangedChoice | None] = (
            lambda path, saved_by: ask_changed_on_disk(path.name, saved_by, self)
        )
        #: Decide a merge's conflicts: the merged draft, or None if the user cancels.
        self.resolve_conflicts: Callable[[DraftMerge, QWidget], Draft | None] = (
            _resolve_conflicts
        )
        self.ask_merge_path: Callable[[], Path | None] = self._ask_merge_path
        #: Unsaved work left by a session that ended unexpectedly: restore or discard.
        self.ask_recover: Callable[[list[Recovery]], RecoveryChoice] = (
            lambda recoveries: ask_recovery(recoveries, self)
        )

        # A recovery copy of unsaved changes, a few seconds after each pause in typing.
        self.autosaver = Autosaver(self.document, parent=self)
        self.autosaver.failed.connect(lambda message: self.statusBar().showMessage(message))
        self.document.text_cut.connect(
            lambda _path, limit: self.statusBar().showMessage(cut_message(limit), 10_000)
        )

        # While a draft is open, its lock is refreshed so others can see we are still here.
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(int(REFRESH_INTERVAL.total_seconds() * 1000))
        self.lock_timer.timeout.connect(self.refresh_lock)

        self.document.confirm_agreed_change = self._confirm_agreed_change
        self.wizard.finished.connect(self.export)
        self.document.status_changed.connect(self._update_title)

        build_menus(self)
        self._update_title()
        self._refresh_recent()
        self.statusBar().showMessage("Start a new charter, or open a draft.")
        geometry = settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1180, 800)

    # -- the steps ---------------------------------------------------------
    def _build_page(self, kind: type[WizardPage], parent: QWidget) -> WizardPage:
        page = kind(self.document, parent)
        if isinstance(page, WelcomePage):
            page.new_requested.connect(self.new_from_starter)
            page.open_requested.connect(self._open_requested)
            page.set_recent(settings.recent_files())
        elif isinstance(page, ReviewPage):
            page.set_render_service(self.render_service)
            page.problem_activated.connect(self.wizard.show_problem)
            page.export_requested.connect(self.export)
        return page

    @property
    def welcome(self) -> WelcomePage:
        return self._page(WelcomePage)

    @property
    def review(self) -> ReviewPage:
        return self._page(ReviewPage)

    @property
    def sign_off(self) -> SignOffPage:
        return self._page(SignOffPage)

    def _page(self, kind: type[P]) -> P:
        page = self.wizard.pages[self.wizard.page_index(kind)]
        assert isinstance(page, kind)
        return page

    # -- menus -------------------------------------------------------------
    def _edit_identity(self) -> None:
        """Edit > Your name and organisation…: recorded with versions saved from now on."""
        from charter_builder.gui.identity_dialog import edit_identity

        edit_identity(self)

    # -- title and recent files --------------------------------------------
    def _update_title(self) -> None:
        read_only = " (read-only)" if self.document.read_only else ""
        self.setWindowTitle(f"{self.document.display_name}{read_only}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified)
        if self.document.lock is not None:
            self.lock_timer.start()
        else:
            self.lock_timer.stop()

    def _refresh_recent(self) -> None:
        files = settings.recent_files()
        welcome = self.wizard.pages.built(self.wizard.page_index(WelcomePage))
        if welcome is not None:
            assert isinstance(welcome, WelcomePage)
            welcome.set_recent(files)
        self.recent_menu.clear()
        for path in files:
            add_action(self, self.recent_menu, str(path), lambda p=path: self.open(p))
        self.recent_menu.setEnabled(bool(files))

    # -- dialogs (replaceable in tests) --------------------------------------
    def _ask_open_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open a draft", settings.last_folder(), DRAFT_FILTER
        )
        return Path(name) if name else None

    def _ask_merge_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Merge with a copy of this draft", settings.last_folder(), DRAFT_FILTER
        )
        return Path(name) if name else None

    def _ask_save_path(self, title: str, suggested: str, file_filter: str) -> Path | None:
        start = str(Path(settings.last_folder() or Path.home()) / suggested)
        name, _ = QFileDialog.getSaveFileName(self, title, start, file_filter)
        return Path(name) if name else None

    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(APP_NAME)
        box.setText(f"Do you want to save the changes to “{self.document.display_name}”?")
        box.setInformativeText("If you don't save, your changes since the last save will be lost.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.button(QMessageBox.StandardButton.Discard).setText("&Don't save")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return QMessageBox.StandardButton(box.exec())

    def _confirm_agreed_change(self) -> bool:
        """Signing has begun: changing agreed text means signers must sign again."""
        answer = QMessageBox.question(
            self,
            "The charter is frozen for signing",
            "Partners have started to sign this text. If you change it, everyone who has "
            "signed will need to sign again.\n\nDo you want to change the agreed text?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        allowed = answer == QMessageBox.StandardButton.Yes
        self.document.allow_agreed_changes(allowed)
        return allowed

    def _show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    # -- the draft's life ----------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask before unsaved work could be lost. False means: stay as we are."""
        if not self.document.is_modified:
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_from_starter(self, name: str) -> None:
        if not self.maybe_save():
            return
        self.document.replace(load_starter(name), None, modified=True)
        self.wizard.go_to(1)
        self.statusBar().showMessage(f"Started a new charter: {STARTERS[name].title}.", 5000)

    def _open_requested(self, path: Path | None) -> None:
        self.open(path)

    def open(self, path: Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        path = path or self.ask_open_path()
        if path is None:
            return False
        read_only, lock = False, None
        if path.is_file():
            try:
                lock = self._lock_for_opening(path)
            except DraftLocked as locked:
                choice = self.ask_locked(locked, path)
                if choice is LockChoice.SAVE_COPY:
                    return self._open_as_copy(path)
                if choice is LockChoice.TAKE_OVER:
                    lock = self._take_over(path)
                    if lock is None:
                        return False
                elif choice is LockChoice.READ_ONLY:
                    read_only = True
                else:
                    return False
            except DraftLockError as error:
                # A folder we may not change (a read-only share): look, but save elsewhere.
                self.show_error("The draft will open read-only", error.message)
                read_only = True
        try:
            self.document.open(path, lock=lock, read_only=read_only)
        except CharterError as error:
            if lock is not None and lock is not self.document.lock:
                lock.release()
            if not path.exists():
                settings.remove_recent_file(path)
                self._refresh_recent()
            self.show_error("The draft could not be opened", error.message)
            return False
        settings.add_recent_file(path)
        settings.set_last_folder(path)
        self._refresh_recent()
        self._land_after_open()
        how = " to look at (read-only): to keep changes, save them under a new name" if (
            read_only
        ) else ""
        self.statusBar().showMessage(f"Opened {path.name}{how}.", 8000)
        return True

    def _new_lock(self, path: Path) -> DraftLock:
        name, organisation = settings.user_identity()
        return DraftLock(path, name, organisation)

    def _lock_for_opening(self, path: Path) -> DraftLock:
        """Our lock on `path`: the one we hold already, or a new one (DraftLocked if taken)."""
        current = self.document.lock
        if current is not None and self.document.path is not None and same_file(
            path, self.document.path
        ) and current.is_ours():
            return current
        lock = self._new_lock(path)
        lock.acquire()
        return lock

    def _take_over(self, path: Path) -> DraftLock | None:
        lock = self._new_lock(path)
        try:
            lock.take_over()
        except CharterError as error:
            self.show_error("The draft could not be taken over", error.message)
            return None
        return lock

    def _open_as_copy(self, original: Path) -> bool:
        """Someone else has the draft: save a copy of it under a new name and open that."""
        target = self._ask_draft_path("Save a copy of the draft", f"{original.stem} (copy).charter")
        if target is None:
            return False
        if same_file(target, original):
            self.show_error(
                "The copy could not be saved",
                "Please choose a different name for your copy, so the original is left as it is.",
            )
            return False
        allowed, lock = self._lock_for_saving(target)
        if not allowed:
            return False
        try:
            draft, _opened = read_draft(original)
            save_draft(draft, target)
            self.document.open(target, lock=lock)
        except CharterError as error:
            if lock is not None and lock is not self.document.lock:
                lock.release()
            self.show_error("The copy could not be saved", error.message)
            return False
        settings.add_recent_file(target)
        settings.set_last_folder(target)
        self._refresh_recent()
        self._land_after_open()
        self.statusBar().showMessage(
            f"Saved a copy as {target.name} and opened it; {original.name} is unchanged.", 8000
        )
        return True

    def _lock_for_saving(self, path: Path) -> tuple[bool, DraftLock | None]:
        """(may we save there, our lock on it) for a file about to be saved under a new name.

        Not allowed when someone else has it open (the user is told). Allowed without
        a lock when none could be placed (the folder may not allow it): saving goes
        ahead and says plainly if it fails.
        """
        current = self.document.lock
        if current is not None and same_file(path, current.draft) and current.is_ours():
            return True, current
        lock = self._new_lock(path)
        try:
            lock.acquire()
        except DraftLocked as locked:
            if locked.stale:  # left behind: nobody is working on it
                taken = self._take_over(path)
                return taken is not None, taken
            self.show_error(
                "The draft could not be saved",
                f"{locked.message} Please choose a different name, or ask them to close it "
                "first.",
            )
            return False, None
        except DraftLockError:
            return True, None
        return True, lock

    def _land_after_open(self) -> None:
        """The review step shows where a reopened draft stands: what is left, and the PDF."""
        self.wizard.go_to(self.wizard.page_index(ReviewPage))

    def save(self) -> bool:
        if self.document.path is None or self.document.read_only:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        suggested = self.document.display_name
        if self.document.path is None:
            name = self.document.charter.partnership.name.strip() or "System charter"
            suggested = f"{_safe_file_name(name)}.charter"
        elif self.document.read_only:
            suggested = f"{self.document.path.stem} (my copy).charter"
        path = self._ask_draft_path("Save the draft", suggested)
        if path is None:
            return False
        return self._save_to(path)

    def _ask_draft_path(self, title: str, suggested: str) -> Path | None:
        path = self.ask_save_path(title, suggested, DRAFT_FILTER)
        if path is not None and path.suffix.lower() != ".charter":
            path = path.with_name(path.name + ".charter")
        return path

    def _save_to(self, path: Path, done: str = "") -> bool:
        """Save, never over someone else's work: a changed file is merged with, not replaced."""
        current = self.document.path
        in_place = current is not None and same_file(path, current)
        lock: DraftLock | None = None
        if not in_place or self.document.read_only:
            # A new file (or the read-only one, chosen again): mark it as ours first.
            allowed, lock = self._lock_for_saving(path)
            if not allowed:
                return False
        try:
            self.document.save(path, author=settings.user_identity(), lock=lock)
        except CharterError as error:
            if lock is not None and lock is not self.document.lock:
                lock.release()
            if isinstance(error, DraftChangedOnDisk):
                return self._changed_on_disk(path)
            self.show_error("The draft could not be saved", error.message)
            return False
        settings.add_recent_file(path)
        settings.set_last_folder(path)
        self._refresh_recent()
        self.statusBar().showMessage(f"{done}Saved {path.name}.", 8000)
        return True

    def _changed_on_disk(self, path: Path) -> bool:
        """Someone else saved the draft since we read it: merge, save a copy, or stop."""
        choice = self.ask_changed_on_disk(path, _saved_by(path))
        if choice is ChangedChoice.MERGE:
            merged = self._merge_from(path, from_disk=True)
            if merged is None:
                return False
            return self._save_to(path, done=f"{merged} ")
        if choice is ChangedChoice.SAVE_COPY:
            return self.save_as()
        self.statusBar().showMessage(
            f"Not saved: {path.name} was changed by someone else. Your changes are still here.",
            8000,
        )
        return False

    def show_history(self) -> None:
        """The draft's saved revisions, and what changed between any two."""
        from charter_builder.gui.history_dialog import show_history

        show_history(self.document.draft.history, self.document.charter, self)

    def merge_with_copy(self) -> bool:
        """File > Merge with a Copy…: bring another copy's changes in, as one undoable step."""
        path = self.ask_merge_path()
        if path is None:
            return False
        message = self._merge_from(path, from_disk=False)
        if message is None:
            return False
        self.statusBar().showMessage(message, 10000)
        return True

    def _merge_from(self, path: Path, *, from_disk: bool) -> str | None:
        """Merge the draft at `path` into ours; what was merged, in words (None: nothing)."""
        from charter_builder.drafts.draft_merge import merge_drafts

        try:
            theirs, their_stamp = read_draft(path)
            merge = merge_drafts(self.document.draft, theirs)
        except CharterError as error:
            self.show_error("The copies could not be merged", error.message)
            return None
        conflicts = len(merge.result.conflicts)
        merged = merge.draft if merge.result.clean else self.resolve_conflicts(merge, self)
        if merged is None:
            self.statusBar().showMessage("Merge cancelled: nothing was changed.", 8000)
            return None
        mine = self.document.charter.model_copy(deep=True)
        disk: FileStamp | None = their_stamp if from_disk else None
        self.document.merge_in(merged, disk=disk, text=f"merge changes from {path.name}")
        return _merge_message(mine, merged, path.name, conflicts)

    # -- recovery after a crash ---------------------------------------------------
    def offer_recoveries(self) -> bool:
        """At start-up: offer unsaved work a crashed session left. True if one was restored."""
        store = self.autosaver.store
        recoveries = store.left_behind()
        if not recoveries:
            return False
        choice = self.ask_recover(recoveries)
        for recovery in choice.discard:
            store.discard(recovery.id)
        if choice.restore is None:
            return False
        return self.restore_recovery(choice.restore)

    def restore_recovery(self, recovery: Recovery) -> bool:
        """Open a recovery copy as unsaved changes to its original file.

        Save then writes to the original, through the usual check that nobody else
        saved it meanwhile (and the offer to merge if they did). The original is
        locked just as opening it would; the lock our own crashed session left is
        simply taken back.
        """
        if not self.maybe_save():
            return False
        try:
            draft = self.autosaver.store.load(recovery)
        except CharterError as error:
            self.show_error("The unsaved work could not be restored", error.message)
            return False
        note = recovery.note
        path = note.original
        read_only, lock, save_copy = note.read_only, None, False
        if path is not None and path.is_file() and not read_only:
            try:
                lock = self._lock_for_opening(path)
            except DraftLocked as locked:
                holder = locked.holder
                if locked.stale and (holder.pid, holder.machine) == (note.pid, note.machine):
                    lock = self._take_over(path)  # our own session's, left by the crash
                    read_only = lock is None
                else:
                    choice = self.ask_locked(locked, path)
                    if choice is LockChoice.TAKE_OVER:
                        lock = self._take_over(path)
                        if lock is None:
                            return False
                    elif choice in (LockChoice.READ_ONLY, LockChoice.SAVE_COPY):
                        read_only, save_copy = True, choice is LockChoice.SAVE_COPY
                    else:
                        return False
            except DraftLockError as error:
                self.show_error("The draft will open read-only", error.message)
                read_only = True
        self.document.replace(
            draft, path, modified=True, lock=lock, stamp=note.stamp, read_only=read_only
        )
        self.autosaver.adopt(recovery)
        self._land_after_open()
        self.statusBar().showMessage(
            f"Restored your unsaved changes to {self.document.display_name}, kept "
            f"{recovery.saved_when()}. Save to keep them.",
            10000,
        )
        if save_copy:  # someone else has the original: keep this work under a name of its own
            self.save_as()
        return True

    def refresh_lock(self) -> None:
        """Every few minutes: show others we are still here, and notice a take-over."""
        lock = self.document.lock
        if lock is None or lock.refresh():
            return
        state = lock.current_holder()
        self.document.lock = None
        self._update_title()
        who = state.holder.who if state is not None else "Someone else"
        self.show_error(
            "Someone else has taken over this draft",
            f"{who} has taken over “{self.document.display_name}”. Your changes are still "
            "here. When you save, Charter Builder will check for their changes and offer "
            "to merge them with yours, so neither of you loses work.",
        )

    def close_draft(self) -> bool:
        if not self.maybe_save():
            return False
        self.document.replace(load_starter("blank"), None)
        self.wizard.go_to(0)
        self.statusBar().showMessage("Closed the draft.", 5000)
        return True

    def export(self) -> None:
        choice = self.ask_export_options()
        if choice is None:
            return
        charter = self.document.charter
        base = self.document.path.stem if self.document.path else (
            _safe_file_name(charter.partnership.name.strip() or "System charter")
        )
        path = self.ask_save_path("Export the charter as a PDF", f"{base}.pdf", PDF_FILTER)
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        settings.set_last_folder(path)
        export_pdf(self, self.render_service, self.document, path, choice.options, choice.seal)

    def add_seal_to_pdf(self) -> None:
        """File > Add Our Seal to a PDF…: seal a charter PDF, e.g. one another partner sent."""
        from charter_builder.gui.seal_dialog import SealDialog

        names = [p.name for p in self.document.charter.partners]
        self.seal_dialog = SealDialog(names, settings.user_identity()[1], self)
        self.seal_dialog.sealed.connect(
            lambda path: self.statusBar().showMessage(
                f"Added your seal: saved as {Path(path).name}.", 8000
            )
        )
        self.seal_dialog.open()

    def check_signed_pdf(self) -> None:
        """File > Check a Signed PDF…: its seals, and who signed which text."""
        from charter_builder.gui.check_pdf_dialog import CheckPdfDialog

        self.check_dialog = CheckPdfDialog(parent=self)
        self.check_dialog.open()

    # -- help ----------------------------------------------------------------
    def show_guidance(self) -> None:
        page = self.wizard.current_page()
        text = guidance(page.guidance_key) or "This step has no extra guidance."
        QMessageBox.information(self, f"Guidance: {page.title}", text)

    def show_about(self) -> None:
        from charter_builder.gui.about_dialog import AboutDialog

        self.about_dialog = AboutDialog(self)
        self.about_dialog.open()

    # -- closing ---------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.lock_timer.stop()
        self.autosaver.shutdown()
        self.document.release_lock()
        settings.set_window_geometry(self.saveGeometry())
        self.render_service.shutdown()
        event.accept()


def _resolve_conflicts(merge: DraftMerge, parent: QWidget) -> Draft | None:
    from charter_builder.gui.merge_dialog import resolve_conflicts

    return resolve_conflicts(merge, parent)



def _saved_by(path: Path) -> str:
    """Who saved the draft on disk last, from its own history ("" if it does not say)."""
    try:
        draft, _stamp = read_draft(path)
        head = draft.history.head
        if head is None:
            return ""
        revision = draft.history.revision(head)
    except (CharterError, KeyError):
        return ""
    return f"{revision.who} saved it at {clock_on_day(revision.time)}."


def _merge_message(mine: Charter, merged: Draft, name: str, conflicts: int) -> str:
    """ "Merged 4 changes from copy.charter; 1 conflict decided by you." """
    from charter_builder.drafts.diff import diff_charters

    count = len(diff_charters(mine, merged.charter))
    if count == 0:
        text = f"Merged {name}: it had nothing your copy did not have already"
    else:
        text = f"Merged {plural(count, 'change')} from {name}"
    if conflicts:
        text += f"; {plural(conflicts, 'conflict')} decided by you"
    return text + "."



def _safe_file_name(text: str) -> str:
    """A file name from a partnership's name, without characters file systems refuse."""
    cleaned = "".join(c for c in text if c.isalnum() or c in " -_&'(),.")
    return " ".join(cleaned.split())[:80] or "System charter"


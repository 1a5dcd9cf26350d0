"""Every question the window's flows ask the user, in one interface, and the real dialogs.

Flows never open a dialog themselves: they ask a `Prompts`. The window gives
them `QtPrompts`; tests give them a small class that answers from a script, so
a flow can be driven without a window, timers or clicks.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QDir, QProcess, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from charter_builder.gui import settings
from charter_builder.session.lease import LockChoice
from charter_builder.when import revision_time
from charter_builder.words import plural

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from charter_builder.drafts.draft import Draft
    from charter_builder.drafts.draft_lock import DraftLocked
    from charter_builder.drafts.draft_merge import DraftMerge
    from charter_builder.drafts.history import Revision
    from charter_builder.drafts.recovery import Recovery
    from charter_builder.gui.export_options import ExportChoice
    from charter_builder.gui.lock_dialog import ChangedChoice
    from charter_builder.gui.recovery_dialog import RecoveryChoice

APP_NAME = "Charter Builder"
DRAFT_FILTER = "Charter drafts (*.charter)"
PDF_FILTER = "PDF documents (*.pdf)"


class Prompts(Protocol):
    """The questions a flow may ask; each answer None (or Cancel) means: do nothing."""

    def ask_open_path(self) -> Path | None: ...

    def ask_merge_path(self) -> Path | None: ...

    def ask_save_path(self, title: str, suggested: str, file_filter: str) -> Path | None: ...

    #: Save, Discard or Cancel, for unsaved changes about to be lost.
    def ask_unsaved(self) -> QMessageBox.StandardButton: ...

    def show_error(self, title: str, message: str) -> None: ...

    def ask_export_options(self) -> ExportChoice | None: ...

    #: Someone else has the draft open: read-only, save a copy, take over, or None.
    def ask_locked(self, locked: DraftLocked, path: Path) -> LockChoice | None: ...

    #: Someone else saved the draft since we opened it: merge, save a copy, or None.
    def ask_changed_on_disk(self, path: Path, saved_by: str) -> ChangedChoice | None: ...

    #: Decide a merge's conflicts: the merged draft, or None if the user cancels.
    def resolve_conflicts(self, merge: DraftMerge) -> Draft | None: ...

    #: Unsaved work left by a session that ended unexpectedly: restore or discard.
    def ask_recover(self, recoveries: list[Recovery]) -> RecoveryChoice: ...

    #: Signing has begun: may agreed text change (signers must then sign again)?
    def confirm_agreed_change(self) -> bool: ...

    #: Whether to record that the partners' boards were sent revision `number`.
    def confirm_mark_sent(self, number: int, saved: str) -> bool: ...

    #: Which saved revision a paper of changes starts from: its id, or None.
    def ask_revision(self, revisions: list[Revision], default: str) -> str | None: ...

    #: The printer to print on, set up by the user, or None.
    def ask_printer(self) -> QPrinter | None: ...

    #: Open a file (or folder) in the program the computer uses for it.
    def open_url(self, url: QUrl) -> None: ...

    #: Show a file in its folder, selected where the computer can.
    def show_in_folder(self, path: Path) -> None: ...

    #: A sync client's copy of this draft has `new` revisions ours lacks: merge it now?
    def ask_merge_copy(self, path: Path, new: int) -> bool: ...

    #: The copy is merged and saved: move it to the recycle bin?
    def ask_trash_copy(self, path: Path) -> bool: ...

    #: Once per folder: a sync client keeps it, so the lock cannot warn other computers.
    def tell_sync_folder(self, client: str, message: str) -> None: ...


class DesktopOpener:
    """Opens files and folders as the computer would: the real thing behind Open buttons.

    Showing a file in its folder goes through :meth:`open_url` except on Windows,
    where Explorer can select the file too; so a test that replaces `open_url`
    sees every folder and file the user would have had opened.
    """

    def open_url(self, url: QUrl) -> None:
        QDesktopServices.openUrl(url)

    def show_in_folder(self, path: Path) -> None:
        if sys.platform == "win32":
            QProcess.startDetached("explorer.exe", ["/select,", QDir.toNativeSeparators(str(path))])
        else:
            self.open_url(QUrl.fromLocalFile(str(Path(path).parent)))


class QtPrompts(DesktopOpener):
    """The real dialogs, over `parent`. Each method may be replaced on the instance in tests."""

    def __init__(self, parent: QWidget, draft_name: Callable[[], str]) -> None:
        self.parent = parent
        self.draft_name = draft_name

    def ask_open_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.parent, "Open a draft", settings.last_folder(), DRAFT_FILTER
        )
        return Path(name) if name else None

    def ask_merge_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.parent, "Merge with a copy of this draft", settings.last_folder(), DRAFT_FILTER
        )
        return Path(name) if name else None

    def ask_save_path(self, title: str, suggested: str, file_filter: str) -> Path | None:
        start = str(Path(settings.last_folder() or Path.home()) / suggested)
        name, _ = QFileDialog.getSaveFileName(self.parent, title, start, file_filter)
        return Path(name) if name else None

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(APP_NAME)
        box.setText(f"Do you want to save the changes to “{self.draft_name()}”?")
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

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self.parent, title, message)

    def ask_export_options(self) -> ExportChoice | None:
        from charter_builder.gui.export_options import ask_export_options

        return ask_export_options(self.parent)

    def ask_locked(self, locked: DraftLocked, path: Path) -> LockChoice | None:
        from charter_builder.gui.lock_dialog import ask_about_lock

        return ask_about_lock(locked, path.name, self.parent)

    def ask_changed_on_disk(self, path: Path, saved_by: str) -> ChangedChoice | None:
        from charter_builder.gui.lock_dialog import ask_changed_on_disk

        return ask_changed_on_disk(path.name, saved_by, self.parent)

    def resolve_conflicts(self, merge: DraftMerge) -> Draft | None:
        from charter_builder.gui.merge_dialog import resolve_conflicts

        return resolve_conflicts(merge, self.parent)

    def ask_recover(self, recoveries: list[Recovery]) -> RecoveryChoice:
        from charter_builder.gui.recovery_dialog import ask_recovery

        return ask_recovery(recoveries, self.parent)

    def confirm_agreed_change(self) -> bool:
        answer = QMessageBox.question(
            self.parent,
            "The charter is frozen for signing",
            "Partners have started to sign this text. If you change it, everyone who has "
            "signed will need to sign again.\n\nDo you want to change the agreed text?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_mark_sent(self, number: int, saved: str) -> bool:
        answer = QMessageBox.question(
            self.parent,
            "Mark as sent to boards",
            f"Record that revision {number} ({saved}) is the version sent to the partners' "
            "boards?\n\nThe mark is saved in the draft, so everyone who opens it can see it, "
            "and the next paper of the changes starts from this revision.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_revision(self, revisions: list[Revision], default: str) -> str | None:
        names = [
            f"Revision {number}: {revision_time(revision.time)}, {revision.who}"
            + (f": {revision.summary}" if revision.summary else "")
            for number, revision in enumerate(revisions, 1)
        ]
        ids = [revision.id for revision in revisions]
        name, chosen = QInputDialog.getItem(
            self.parent,
            "A paper of the changes",
            "Show every change since:",
            names,
            ids.index(default) if default in ids else len(ids) - 1,
            False,
        )
        return ids[names.index(name)] if chosen and name in names else None

    def ask_merge_copy(self, path: Path, new: int) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Another copy of this draft",
            f"“{path.name}” is another copy of this draft, with {plural(new, 'saved version')} "
            "yours does not have: probably someone changed it on another computer at the same "
            "time as you.\n\nMerge its changes into your draft now? You will be asked about "
            "anything you both changed.",
            QMessageBox.StandardButton.Cancel,
            self.parent,
        )
        merge = box.addButton("&Merge with this copy", QMessageBox.ButtonRole.AcceptRole)
        box.button(QMessageBox.StandardButton.Cancel).setText("&Not now")
        box.setDefaultButton(merge)
        box.exec()
        return box.clickedButton() is merge

    def ask_trash_copy(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self.parent,
            "Move the copy to the recycle bin?",
            f"The changes in “{path.name}” are now saved in your draft. Move the copy to the "
            "recycle bin, so nobody opens the old copy by mistake?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def tell_sync_folder(self, client: str, message: str) -> None:
        QMessageBox.information(self.parent, f"A folder kept by {client}", message)

    def ask_printer(self) -> QPrinter | None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.parent)
        dialog.setWindowTitle("Print the charter")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        return printer

"""The main window: menus, the wizard, and everything to do with files.

Pages edit the draft; this window decides when a draft is opened, saved or
closed, and makes sure unsaved work is never dropped without asking.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from charter_builder import __version__
from charter_builder.errors import CharterError
from charter_builder.gui import settings
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.export_dialog import export_pdf
from charter_builder.gui.export_options import ExportChoice, ask_export_options
from charter_builder.gui.pages.commitments import CommitmentsPage
from charter_builder.gui.pages.contributions import ContributionsPage
from charter_builder.gui.pages.governance import GovernancePage
from charter_builder.gui.pages.partnership import PartnershipPage
from charter_builder.gui.pages.principles import PrinciplesPage
from charter_builder.gui.pages.purpose import PurposePage
from charter_builder.gui.pages.review import ReviewPage
from charter_builder.gui.pages.sign_off import SignOffPage
from charter_builder.gui.pages.welcome import WelcomePage
from charter_builder.gui.render_service import RenderService
from charter_builder.gui.wizard import CharterWizard
from charter_builder.starters import STARTERS, guidance, load_starter

log = logging.getLogger(__name__)

APP_NAME = "Charter Builder"
DRAFT_FILTER = "Charter drafts (*.charter)"
PDF_FILTER = "PDF documents (*.pdf)"


class MainWindow(QMainWindow):
    """One window, one draft at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = CharterDocument(self)
        self.render_service = RenderService(self)

        self.welcome = WelcomePage(self.document)
        self.review = ReviewPage(self.document)
        self.sign_off = SignOffPage(self.document)
        self.review.set_render_service(self.render_service)
        pages = [
            self.welcome,
            PartnershipPage(self.document),
            PurposePage(self.document),
            PrinciplesPage(self.document),
            CommitmentsPage(self.document),
            ContributionsPage(self.document),
            GovernancePage(self.document),
            self.review,
            # Last: boards sign once the text is agreed; Next here exports the signed PDF.
            self.sign_off,
        ]
        self.wizard = CharterWizard(self.document, pages)
        self.setCentralWidget(self.wizard)

        # Dialogs are attributes so that tests can answer them.
        self.ask_open_path: Callable[[], Path | None] = self._ask_open_path
        self.ask_save_path: Callable[[str, str, str], Path | None] = self._ask_save_path
        self.ask_unsaved: Callable[[], QMessageBox.StandardButton] = self._ask_unsaved
        self.show_error: Callable[[str, str], None] = self._show_error
        self.ask_export_options: Callable[[], ExportChoice | None] = (
            lambda: ask_export_options(self)
        )

        self.document.confirm_agreed_change = self._confirm_agreed_change
        self.welcome.new_requested.connect(self.new_from_starter)
        self.welcome.open_requested.connect(self._open_requested)
        self.review.problem_activated.connect(self.wizard.show_problem)
        self.review.export_requested.connect(self.export)
        self.wizard.finished.connect(self.export)
        self.document.status_changed.connect(self._update_title)

        self._build_menus()
        self._update_title()
        self._refresh_recent()
        self.statusBar().showMessage("Start a new charter, or open a draft.")
        geometry = settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1180, 800)

    # -- menus -------------------------------------------------------------
    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        new_menu = file_menu.addMenu("&New")
        for number, starter in enumerate(STARTERS.values()):
            self._action(
                new_menu,
                starter.title,
                lambda name=starter.name: self.new_from_starter(name),
                QKeySequence.StandardKey.New if number == 0 else None,
                starter.description,
            )
        self.open_action = self._action(
            file_menu, "&Open…", self.open, QKeySequence.StandardKey.Open, "Open a saved draft"
        )
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addSeparator()
        self.save_action = self._action(
            file_menu, "&Save", self.save, QKeySequence.StandardKey.Save, "Save the draft"
        )
        self.save_as_action = self._action(
            file_menu,
            "Save &As…",
            self.save_as,
            QKeySequence.StandardKey.SaveAs,
            "Save the draft under a new name",
        )
        self.export_action = self._action(
            file_menu, "&Export PDF…", self.export, "Ctrl+E", "Make the charter's PDF"
        )
        file_menu.addSeparator()
        self.close_action = self._action(
            file_menu, "&Close", self.close_draft, QKeySequence.StandardKey.Close, "Close the draft"
        )
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.document.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.document.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        go_menu = bar.addMenu("&Go")
        self._action(
            go_menu, "&Next step", lambda: self.wizard.go_to(self.wizard.current_index() + 1),
            "Ctrl+PgDown",
        )
        self._action(
            go_menu, "&Previous step",
            lambda: self.wizard.go_to(self.wizard.current_index() - 1), "Ctrl+PgUp",
        )
        go_menu.addSeparator()
        for index, page in enumerate(self.wizard.pages):
            shortcut = f"Alt+{index}" if index < 10 else None
            self._action(go_menu, page.title, lambda i=index: self.wizard.go_to(i), shortcut)

        help_menu = bar.addMenu("&Help")
        self._action(
            help_menu, "&Guidance for this step", self.show_guidance,
            QKeySequence.StandardKey.HelpContents,
        )
        self._action(help_menu, "&About Charter Builder", self.show_about)

    # -- title and recent files --------------------------------------------
    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.display_name}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified)

    def _refresh_recent(self) -> None:
        files = settings.recent_files()
        self.welcome.set_recent(files)
        self.recent_menu.clear()
        for path in files:
            self._action(self.recent_menu, str(path), lambda p=path: self.open(p))
        self.recent_menu.setEnabled(bool(files))

    # -- dialogs (replaceable in tests) --------------------------------------
    def _ask_open_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open a draft", settings.last_folder(), DRAFT_FILTER
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
        try:
            self.document.open(path)
        except CharterError as error:
            if not path.exists():
                settings.remove_recent_file(path)
                self._refresh_recent()
            self.show_error("The draft could not be opened", error.message)
            return False
        settings.add_recent_file(path)
        settings.set_last_folder(path)
        self._refresh_recent()
        self._land_after_open()
        self.statusBar().showMessage(f"Opened {path.name}.", 5000)
        return True

    def _land_after_open(self) -> None:
        """The review step shows where a reopened draft stands: what is left, and the PDF."""
        self.wizard.go_to(self.wizard.page_index(ReviewPage))

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        suggested = self.document.display_name
        if self.document.path is None:
            name = self.document.charter.partnership.name.strip() or "System charter"
            suggested = f"{_safe_file_name(name)}.charter"
        path = self.ask_save_path("Save the draft", suggested, DRAFT_FILTER)
        if path is None:
            return False
        if path.suffix.lower() != ".charter":
            path = path.with_name(path.name + ".charter")
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except CharterError as error:
            self.show_error("The draft could not be saved", error.message)
            return False
        settings.add_recent_file(path)
        settings.set_last_folder(path)
        self._refresh_recent()
        self.statusBar().showMessage(f"Saved {path.name}.", 5000)
        return True

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

    # -- help ----------------------------------------------------------------
    def show_guidance(self) -> None:
        page = self.wizard.current_page()
        text = guidance(page.guidance_key) or "This step has no extra guidance."
        QMessageBox.information(self, f"Guidance: {page.title}", text)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Helps the partners of an integrated care system agree why they work "
            "together, how they will behave, and what they commit to, and turns it into "
            "a charter their boards can sign.</p>",
        )

    # -- closing ---------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        settings.set_window_geometry(self.saveGeometry())
        self.render_service.shutdown()
        event.accept()


def _safe_file_name(text: str) -> str:
    """A file name from a partnership's name, without characters file systems refuse."""
    cleaned = "".join(c for c in text if c.isalnum() or c in " -_&'(),.")
    return " ".join(cleaned.split())[:80] or "System charter"


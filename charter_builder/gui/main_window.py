"""The main window: it builds the wizard, the menus and the flows, then listens.

What a user does with a draft (open, save, merge, restore, export) lives in
the flows (`gui.flows`), which ask only through `self.prompts` and report by
signals; the window turns those signals into the step shown, the title and
the status bar.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from charter_builder.charter.editing import touches
from charter_builder.drafts.starters import guidance
from charter_builder.gui import settings
from charter_builder.gui.autosave import Autosaver
from charter_builder.gui.binding import cut_message
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.flows.coediting import CoeditingFlow
from charter_builder.gui.flows.export import ExportFlow
from charter_builder.gui.flows.files import FilesFlow
from charter_builder.gui.flows.recovery import RecoveryFlow
from charter_builder.gui.flows.sync import SyncFlow
from charter_builder.gui.menus import WindowActions, build_menus, fill_recent
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
from charter_builder.gui.prompts import APP_NAME, QtPrompts
from charter_builder.gui.render_service import RenderService
from charter_builder.gui.wizard import CharterWizard
from charter_builder.paths import same_file

log = logging.getLogger(__name__)
P = TypeVar("P", bound=WizardPage)


class MainWindow(QMainWindow):
    """One window, one draft at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = CharterDocument(self)
        self.render_service = RenderService(self)
        #: Every question the flows ask; tests replace its methods to answer them.
        self.prompts = QtPrompts(self, lambda: self.document.display_name)

        # A recovery copy of unsaved changes, a few seconds after each pause in typing.
        self.autosaver = Autosaver(self.document, parent=self)
        self.autosaver.failed.connect(lambda message: self.statusBar().showMessage(message))
        self.document.text_cut.connect(
            lambda _path, limit: self.statusBar().showMessage(cut_message(limit), 10_000)
        )

        # The flows do the work; the window listens.
        self.coediting = CoeditingFlow(self.document, self.prompts, self)
        self.files = FilesFlow(self.document, self.prompts, self.coediting, self)
        self.recovery = RecoveryFlow(self.document, self.prompts, self.files, self.autosaver, self)
        self.exporting = ExportFlow(self.document, self.render_service, self.prompts, self)
        self.sync = SyncFlow(self.document, self.prompts, self.files, self.coediting, self)
        for flow in (self.coediting, self.files, self.recovery, self.exporting, self.sync):
            flow.status.connect(self.statusBar().showMessage)
        # Back in front: a sync client may have left a copy of the draft meanwhile.
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._application_state_changed)
        self.setAcceptDrops(True)

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

        self.files.started.connect(lambda: self.wizard.go_to(1))
        self.files.opened.connect(self._land_after_open)
        self.recovery.restored.connect(self._land_after_open)
        self.files.closed.connect(lambda: self.wizard.go_to(0))
        self.files.recent_changed.connect(self._refresh_recent)
        self.lock_timer = self.coediting.lock_timer

        # What scripts, the start-up and tests call the window for.
        self.new_from_starter = self.files.new_from_starter
        self.open = self.files.open
        self.save = self.files.save
        self.save_as = self.files.save_as
        self.close_draft = self.files.close_draft
        self.maybe_save = self.files.maybe_save
        self.merge_with_copy = self.coediting.merge_with_copy
        self.refresh_lock = self.coediting.refresh_lock
        self.offer_recoveries = self.recovery.offer_recoveries
        self.restore_recovery = self.recovery.restore_recovery
        self.export = self.exporting.export

        self.wizard.finished.connect(self.exporting.export)
        self.document.status_changed.connect(self._update_title)
        self.document.changed.connect(self._title_may_change)

        self.menus = build_menus(
            self,
            files=self.files,
            coediting=self.coediting,
            exporting=self.exporting,
            wizard=self.wizard,
            undo_stack=self.document.undo_stack,
            actions=WindowActions(
                self.show_history, self._edit_identity, self.show_guidance, self.show_about
            ),
        )
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
            page.new_requested.connect(self.files.new_from_starter)
            page.open_requested.connect(self.files.open)
            page.set_recent(settings.recent_files())
        elif isinstance(page, ReviewPage):
            page.set_render_service(self.render_service)
            page.problem_activated.connect(self.wizard.show_problem)
            page.export_requested.connect(self.exporting.export)
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

    def _land_after_open(self) -> None:
        """The review step shows where a reopened draft stands: what is left, and the PDF."""
        self.wizard.go_to(self.wizard.page_index(ReviewPage))

    # -- title and recent files --------------------------------------------
    def _title_may_change(self, path: tuple) -> None:
        if self.document.path is None and touches(path, ("partnership", "name")):
            self._update_title()

    def _update_title(self) -> None:
        read_only = " (read-only)" if self.document.read_only else ""
        self.setWindowTitle(f"{self.document.window_name}{read_only}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified)

    def _refresh_recent(self) -> None:
        files = settings.recent_files()
        welcome = self.wizard.pages.built(self.wizard.page_index(WelcomePage))
        if welcome is not None:
            assert isinstance(welcome, WelcomePage)
            welcome.set_recent(files)
        fill_recent(self, self.menus.recent_menu, files, self.files.open)

    # -- window actions the menus run ----------------------------------------
    def _edit_identity(self) -> None:
        """Edit > Your name and organisation…: recorded with versions saved from now on."""
        from charter_builder.gui.identity_dialog import edit_identity

        edit_identity(self)

    def show_history(self) -> None:
        """The draft's saved revisions, and what changed between any two."""
        from charter_builder.gui.history_dialog import show_history

        show_history(self.document.draft.history, self.document.charter, self)

    def show_guidance(self) -> None:
        page = self.wizard.current_page()
        text = guidance(page.guidance_key) or "This step has no extra guidance."
        QMessageBox.information(self, f"Guidance: {page.title}", text)

    def show_about(self) -> None:
        from charter_builder.gui.about_dialog import AboutDialog

        self.about_dialog = AboutDialog(self)
        self.about_dialog.open()

    def _application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and self.isVisible():
            self.sync.look()

    # -- a draft dropped on the window -------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_draft(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_draft(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        if self.document.path is not None and same_file(self.document.path, path):
            # Opening it again would read it back from disk and drop what is typed since.
            self.statusBar().showMessage(f"{path.name} is already open here.", 8000)
            return
        self.files.open(path)  # which asks about unsaved changes first

    # -- closing ---------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.lock_timer.stop()
        self.autosaver.shutdown()
        self.document.release_lock()
        settings.set_window_geometry(self.saveGeometry())
        self.render_service.shutdown()
        event.accept()


def dropped_draft(mime: QMimeData) -> Path | None:
    """The one local .charter file being dragged, or None (so the drop is refused)."""
    files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    if len(files) != 1 or not files[0].lower().endswith(".charter"):
        return None
    return Path(files[0])

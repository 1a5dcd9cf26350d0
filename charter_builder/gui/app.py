"""Starting the application: settings, look, first-start questions, the window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStandardPaths, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from charter_builder import __version__
from charter_builder.gui import single_instance
from charter_builder.gui.identity_dialog import ask_first_identity
from charter_builder.gui.start_screen import show_start_screen
from charter_builder.gui.style import apply_style
from charter_builder.logging_setup import configure_logging
from charter_builder.paths import resources_dir, same_file

if TYPE_CHECKING:
    from charter_builder.gui.error_dialog import ErrorReporter
    from charter_builder.gui.main_window import MainWindow

log = logging.getLogger(__name__)


def configure_application(app: QApplication) -> None:
    """Names for QSettings and the platform, the icon, and our look."""
    QCoreApplication.setOrganizationName("Charter Builder")
    QCoreApplication.setOrganizationDomain("charter-builder.example")
    QCoreApplication.setApplicationName("Charter Builder")
    icon = resources_dir() / "icons" / "charter-builder.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    apply_style(app)


def ensure_identity(parent=None) -> bool:
    """On first start, ask the user's name and organisation.

    True if the user gave them; False if they skipped the question, in which case
    their computer login name stands in until they give theirs from the Edit menu.
    Either way the application carries on: skipping a question is not quitting.
    """
    return ask_first_identity(parent)


def log_folder() -> Path:
    """The application's data folder + "/logs" (needs configure_application's names)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "logs"


def install_error_handling(
    app: QApplication, folder: Path | None, *, verbose: bool = False
) -> ErrorReporter:
    """The rotating log in `folder`, and the dialog for errors nobody foresaw."""
    from charter_builder.gui.error_dialog import ErrorReporter

    reporter = ErrorReporter(configure_logging(folder, verbose), app)
    reporter.install()
    return reporter


def run_app(path: Path | None = None, *, verbose: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    # Already open for this user? Hand it the draft and leave: one window, one set of locks.
    claimed = single_instance.claim(path)
    if claimed.outcome is single_instance.Outcome.HANDED_OVER:
        return 0
    if claimed.outcome is single_instance.Outcome.NOT_ANSWERING:
        QMessageBox.information(
            None,
            "Charter Builder",
            "Charter Builder is already open, but it is busy and did not answer.\n\n"
            "Wait a moment and try again. If it still does not answer, close it and "
            "start it again.",
        )
        return 1
    # Only Qt so far: the card appears before the model, the checks and the steps load.
    card = show_start_screen(app)
    install_error_handling(app, log_folder(), verbose=verbose)
    log.info("Charter Builder %s started", __version__)
    from charter_builder.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    preload_spelling()
    # Not QSplashScreen.finish: it waits (up to a second) for the window to be exposed,
    # running the event loop early, which is neither needed nor safe before app.exec().
    card.close()
    ensure_identity(window)  # skipped: the login name stands in, and work goes on
    window.offer_recoveries()  # unsaved work a crashed session left behind
    if path is not None:
        window.open(path)

    def requested(draft: Path | None) -> None:
        open_from_another_start(window, draft)

    app.installEventFilter(single_instance.FileOpenRequests(requested, app))
    if claimed.server is not None:
        claimed.server.handle_with(requested)
        app.aboutToQuit.connect(claimed.server.close)
    return app.exec()


def preload_spelling() -> None:
    """Load the dictionary on a worker thread while the user reads the Welcome step.

    Half a second after the window shows, so its first paint never shares the time.
    """
    from charter_builder.charter.spelling import preload
    from charter_builder.gui.background import BackgroundTask

    QTimer.singleShot(500, lambda: BackgroundTask(preload).start())


def open_from_another_start(window: MainWindow, path: Path | None) -> None:
    """A later start asked for this window: bring it forward and open its draft as Open does.

    While a dialog is waiting for an answer, the request waits too, so it never stacks a
    second question on top of the one the user is reading.
    """
    modal = QApplication.activeModalWidget()
    if modal is not None:
        modal.raise_()
        modal.activateWindow()
        QTimer.singleShot(300, lambda: open_from_another_start(window, path))
        return
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    if path is None:
        return
    if _is_open_already(window, path):
        # Opening it again would read it back from disk and drop what is typed since.
        window.statusBar().showMessage(f"{path.name} is already open here.", 8000)
        return
    window.open(path)  # asks about unsaved changes and locks, as File › Open does


def _is_open_already(window: MainWindow, path: Path) -> bool:
    current = window.document.path
    if current is None:
        return False
    return same_file(current, path)

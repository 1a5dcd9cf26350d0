"""Starting the application: settings, look, first-start questions, the window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog

from charter_builder import __version__
from charter_builder.gui import settings
from charter_builder.gui.error_dialog import ErrorReporter
from charter_builder.gui.identity_dialog import IdentityDialog
from charter_builder.gui.style import apply_style
from charter_builder.logging_setup import configure_logging
from charter_builder.paths import resources_dir

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
    """On first start, ask the user's name and organisation. False if they cancelled."""
    name, organisation = settings.user_identity()
    if name and organisation:
        return True
    dialog = IdentityDialog(name, organisation, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    settings.set_user_identity(*dialog.values())
    return True


def log_folder() -> Path:
    """The application's data folder + "/logs" (needs configure_application's names)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "logs"


def install_error_handling(
    app: QApplication, folder: Path | None, *, verbose: bool = False
) -> ErrorReporter:
    """The rotating log in `folder`, and the dialog for errors nobody foresaw."""
    reporter = ErrorReporter(configure_logging(folder, verbose), app)
    reporter.install()
    return reporter


def run_app(path: Path | None = None, *, verbose: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    install_error_handling(app, log_folder(), verbose=verbose)
    log.info("Charter Builder %s started", __version__)
    from charter_builder.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if not ensure_identity(window):
        return 0
    window.offer_recoveries()  # unsaved work a crashed session left behind
    if path is not None:
        window.open(path)
    return app.exec()

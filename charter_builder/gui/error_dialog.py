"""When something goes wrong that nobody foresaw: keep the user's work safe, log the details.

An unexpected error is written to the log with its traceback, then one calm
dialog offers to save a copy of the open draft and shows where the log is, so
the person can carry on and whoever supports them can see what happened.
Errors that repeat (a broken redraw fails on every repaint) go to the log only:
a stack of dialogs would trap the user exactly when they need to save.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from charter_builder.drafts.draft_file import save_draft
from charter_builder.errors import CharterError
from charter_builder.gui import settings
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.style import theme
from charter_builder.paths import same_file

log = logging.getLogger(__name__)

APP_NAME = "Charter Builder"
HEADING = "Something went wrong that Charter Builder did not expect"
BODY = "Your work has not been lost. To be safe, save a copy of it now."
DRAFT_FILTER = "Charter drafts (*.charter)"
#: After the dialog is closed, errors this soon afterwards are only logged.
QUIET_SECONDS = 30.0

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def find_open_document() -> CharterDocument | None:
    """The draft open in the main window (the window is found without importing it)."""
    for widget in QApplication.topLevelWidgets():
        document = getattr(widget, "document", None)
        if isinstance(document, CharterDocument):
            return document
    return None


class UnexpectedErrorDialog(QDialog):
    """Save a copy, show the log folder, or carry on."""

    def __init__(
        self, summary: str, log_file: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        self.setObjectName("unexpectedErrorDialog")
        self.log_file = log_file
        #: Asked for the copy's file name (given a suggestion); None: the user cancelled.
        self.ask_copy_path: Callable[[str], Path | None] = self._ask_copy_path
        #: Opens a folder in the file manager; tests replace it.
        self.open_folder: Callable[[Path], bool] = _open_folder

        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.heading = QLabel(HEADING)
        self.heading.setWordWrap(True)  # one line at the usual size; wraps, not clips, if large
        font = QFont(self.heading.font())
        font.setPointSizeF(12)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.heading.setStyleSheet(f"color: {theme().heading};")
        self.body = QLabel(BODY)
        self.body.setWordWrap(True)
        #: What happened when the user saved a copy (or why it could not be saved).
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.hide()

        self.log_intro = QLabel(
            "For whoever helps you with Charter Builder, the details are in this log file:"
            if log_file is not None
            else "The details could not be written to a log file on this computer."
        )
        self.log_intro.setWordWrap(True)
        self.log_intro.setStyleSheet(f"color: {theme().secondary};")
        #: The log file's path, selectable so it can be copied into an email.
        self.log_label = QLabel(str(log_file) if log_file is not None else "")
        self.log_label.setWordWrap(True)
        self.log_label.setVisible(log_file is not None)
        self.log_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )

        self.details_button = QToolButton()
        self.details_button.setText("Details")
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setAutoRaise(True)
        self.details_button.setStyleSheet("QToolButton { border: none; padding: 2px 0; }")
        self.details = QLabel(summary)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setStyleSheet(f"color: {theme().secondary}; font-family: monospace;")
        self.details.hide()
        self.details_button.toggled.connect(self._show_details)

        self.save_button = QPushButton("&Save a Copy…")
        self.save_button.setToolTip("Save a copy of the open draft under a new name")
        self.log_button = QPushButton("Show &Log Folder")
        self.log_button.setToolTip("Open the folder that holds the log file")
        self.continue_button = QPushButton("&Continue")
        self.save_button.setDefault(True)
        self.save_button.setEnabled(find_open_document() is not None)
        self.log_button.setVisible(log_file is not None)
        self.save_button.clicked.connect(self.save_copy)
        self.log_button.clicked.connect(self.show_log_folder)
        self.continue_button.clicked.connect(self.accept)

        text = QVBoxLayout()
        text.setSpacing(10)
        text.addWidget(self.heading)
        text.addWidget(self.body)
        text.addWidget(self.outcome)
        text.addSpacing(4)
        where = QVBoxLayout()
        where.setSpacing(4)
        where.addWidget(self.log_intro)
        where.addWidget(self.log_label)
        text.addLayout(where)
        text.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        text.addWidget(self.details)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.log_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(18)
        layout.addLayout(top)
        layout.addLayout(buttons)
        self.setMinimumWidth(700)

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self.adjustSize()

    # -- the buttons -------------------------------------------------------
    def save_copy(self) -> bool:
        """Save the open draft to a new file, leaving the window's own file as it was."""
        document = find_open_document()
        if document is None:
            self._say("There is no open draft to save.", problem=True)
            return False
        path = self.ask_copy_path(str(_suggested_copy(document)))
        if path is None:
            return False
        path = Path(path)
        if path.suffix.lower() != ".charter":
            path = path.with_name(path.name + ".charter")
        if document.path is not None and same_file(path, document.path):
            self._say(
                "That is the draft's own file. Choose another name, so that the copy is kept "
                "separately.",
                problem=True,
            )
            return False
        try:
            save_draft(document.draft, path)
        except CharterError as error:
            self._say(f"The copy was not saved. {error.message}", problem=True)
            return False
        except Exception:
            log.exception("saving a copy after an unexpected error failed")
            self._say(
                "The copy could not be saved. Try another folder, such as your Documents folder.",
                problem=True,
            )
            return False
        log.info("saved a copy of the open draft to %s after an unexpected error", path)
        self._say(f"A copy of your work was saved as {path}")
        self.continue_button.setDefault(True)
        return True

    def show_log_folder(self) -> None:
        if self.log_file is not None and not self.open_folder(self.log_file.parent):
            self._say(
                "The log folder could not be opened. Its location is shown below.", problem=True
            )

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.outcome.setText(text)
        colour = theme().danger if problem else theme().success  # NHS red and green
        self.outcome.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.outcome.show()
        self.adjustSize()

    def _ask_copy_path(self, suggested: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save a copy of your work", suggested, DRAFT_FILTER
        )
        return Path(chosen) if chosen else None


class ErrorReporter(QObject):
    """Catches errors nobody handled (in the window or in a worker thread) and reports them.

    The hooks only log and post a request; the dialog is shown from the event
    loop afterwards, so it never opens in the middle of a repaint or from a thread.
    """

    _report = Signal(str)

    def __init__(self, log_file: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        #: The dialog on screen, if one is.
        self.dialog: UnexpectedErrorDialog | None = None
        self.quiet_seconds = QUIET_SECONDS
        self._closed_at: float | None = None
        self._previous: tuple[Any, Any] | None = None
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def excepthook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        self.report((kind, error, tb))

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        self.report((args.exc_type, args.exc_value, args.exc_traceback), args.thread)

    def report(self, exc_info: ExcInfo, thread: threading.Thread | None = None) -> None:
        """Log the error with its traceback, then ask for the dialog (from any thread)."""
        where = f" in {thread.name}" if thread is not None else ""
        with suppress(Exception):  # logging must never make matters worse
            log.critical("unexpected error%s", where, exc_info=exc_info)
        kind, error, _ = exc_info
        summary = f"{kind.__name__}: {error}" if str(error) else kind.__name__
        with suppress(RuntimeError):  # the application is closing: the log has it
            self._report.emit(summary)

    def _show(self, summary: str) -> None:
        if self.dialog is not None:
            log.info("another unexpected error while the error dialog is open; not shown")
            return
        if self._closed_at is not None and time.monotonic() - self._closed_at < self.quiet_seconds:
            log.info("another unexpected error soon after the last; not shown")
            return
        try:
            dialog = UnexpectedErrorDialog(summary, self.log_file, QApplication.activeWindow())
            dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            dialog.finished.connect(self._closed)
            self.dialog = dialog
            dialog.show()
        except Exception:
            self.dialog = None
            log.exception("the error dialog itself could not be shown")

    def _closed(self) -> None:
        self._closed_at = time.monotonic()
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None


def _suggested_copy(document: CharterDocument) -> Path:
    stem = document.path.stem if document.path else "Untitled"
    if document.path is not None:
        folder = document.path.parent
    else:
        folder = Path(settings.last_folder() or Path.home())
    return folder / f"{stem} (copy).charter"



def _open_folder(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

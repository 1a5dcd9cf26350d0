"""Exporting: a progress dialog with Cancel, then where the file went, to open or find.

The export flow asks where to save; this module makes the file there through
the render service and keeps the user informed without freezing the window.
When it is done, a small dialog offers to open the file or show it in its folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charter_builder.gui.document import CharterDocument
from charter_builder.gui.prompts import DesktopOpener
from charter_builder.gui.render_service import RenderService
from charter_builder.render.formats import FORMATS, PDF
from charter_builder.words import plural

#: Below this, a quick export finishes without a dialog flashing up.
SHOW_AFTER_MS = 400
FAILED_TITLE = "The PDF could not be made"


class ExportProgress(QProgressDialog):
    """Follows one export job; Cancel stops it and leaves any earlier PDF as it was."""

    #: The PDF was written: its path and number of pages.
    exported = Signal(str, int)

    def __init__(
        self,
        service: RenderService,
        job: int,
        output: Path,
        parent: QWidget | None = None,
        *,
        export_format: str = PDF,
        opener: DesktopOpener | None = None,
        announce: bool = True,
        title: str = "Exporting the charter",
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.job = job
        self.output = Path(output)
        self.export_format = export_format
        #: Opens the file or its folder for the Open and Show in folder buttons.
        self.opener = opener or DesktopOpener()
        #: Say where the file went (status line and the done dialog); printing does not.
        self.announce = announce
        self.message_box: QMessageBox | None = None
        self.done_dialog: ExportDone | None = None
        self._over = False
        self.setWindowTitle(title)
        self.setLabelText(f"Making “{self.output.name}”…")
        self.setCancelButtonText("&Cancel")
        self.setAccessibleName("Export progress")
        self.setRange(0, 100)
        self.setValue(0)
        self.setAutoReset(False)
        self.setAutoClose(False)
        self.setMinimumDuration(SHOW_AFTER_MS)
        self.setMinimumWidth(420)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.canceled.connect(self._cancel)
        service.progress.connect(self._progress)
        service.finished.connect(self._finished)
        service.failed.connect(self._failed)
        service.cancelled.connect(self._cancelled)

    def _progress(self, job: int, stage: str, percent: int) -> None:
        if job == self.job and not self._over:
            self.setLabelText(f"Making “{self.output.name}”\n{stage}")
            self.setValue(percent)

    def _finished(self, job: int, path: str, pages: int) -> None:
        if job != self.job or self._over:
            return
        self._end()
        if self.announce:
            said = saved_message(self.export_format, Path(path), pages)
            window = self.parentWidget().window() if self.parentWidget() else None
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(said, 15000)
            self.done_dialog = ExportDone(said, Path(path), self.opener, self.parentWidget())
            self.done_dialog.show()  # not modal: the window is free to carry on behind it
        self.exported.emit(path, pages)

    def _failed(self, job: int, message: str) -> None:
        if job != self.job or self._over:
            return
        self._end()
        title = FAILED_TITLE
        if self.export_format != PDF and self.export_format in FORMATS:
            title = f"The {FORMATS[self.export_format].noun} could not be made"
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
            self.parentWidget(),
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()  # not exec(): the rest of the window keeps running behind it

    def _cancelled(self, job: int) -> None:
        if job == self.job and not self._over:
            self._end()

    def _cancel(self) -> None:
        """Cancel or Escape pressed (QProgressDialog also says this when it closes)."""
        if not self._over:
            self._over = True
            self.service.cancel(self.job)
            self._end()

    def _end(self) -> None:
        self._over = True
        for signal, slot in (
            (self.service.progress, self._progress),
            (self.service.finished, self._finished),
            (self.service.failed, self._failed),
            (self.service.cancelled, self._cancelled),
        ):
            signal.disconnect(slot)
        self.close()


def saved_message(export_format: str, path: Path, pages: int = 0) -> str:
    """ "Saved the PDF (12 pages) to C:\\Papers\\Charter.pdf.", for the status line."""
    noun = FORMATS[export_format].noun if export_format in FORMATS else "file"
    count = f" ({plural(pages, 'page')})" if pages else ""
    return f"Saved the {noun}{count} to {QDir.toNativeSeparators(str(path))}."


class ExportDone(QDialog):
    """The file is made: open it, show it in its folder, or close and carry on."""

    def __init__(
        self, said: str, path: Path, opener: DesktopOpener, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.opener = opener
        self.setObjectName("exportDone")
        self.setModal(False)
        self.setWindowTitle("Export finished")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(420)
        label = QLabel(said)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open the file")
        self.folder_button = QPushButton("Show in &folder")
        self.folder_button.setAccessibleName("Show the file in its folder")
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("&Close")
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self._open)
        self.folder_button.clicked.connect(self._show_in_folder)
        self.open_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)

    def _open(self) -> None:
        self.opener.open_url(QUrl.fromLocalFile(str(self.path)))
        self.accept()

    def _show_in_folder(self) -> None:
        self.opener.show_in_folder(self.path)
        self.accept()


def export_pdf(
    parent: QWidget | None,
    service: RenderService,
    document: CharterDocument,
    path: Path,
    options: Any = None,
    seal: dict[str, str] | None = None,
    *,
    export_format: str = PDF,
    since: str | None = None,
    opener: DesktopOpener | None = None,
) -> int:
    """Make the charter's file at `path` with a progress dialog; returns the job's number.

    With `seal` (certificate file and passphrase) the worker seals the PDF too;
    `export_format` and `since` say what to make instead of a PDF (see render.formats).
    """
    job = service.render(
        document.draft, path, options, seal=seal, export_format=export_format, since=since
    )
    dialog = ExportProgress(
        service, job, path, parent, export_format=export_format, opener=opener
    )
    dialog.setObjectName("exportProgress")
    return job

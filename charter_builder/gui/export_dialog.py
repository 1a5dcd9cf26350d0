"""Exporting the PDF: a progress dialog with Cancel, then a word on how it went.

The main window asks where to save; this module makes the PDF there through
the render service and keeps the user informed without freezing the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog, QWidget

from charter_builder.gui.document import CharterDocument
from charter_builder.gui.render_service import RenderService
from charter_builder.words import plural

#: Below this, a quick export finishes without a dialog flashing up.
SHOW_AFTER_MS = 400
FAILED_TITLE = "The PDF could not be made"


class ExportProgress(QProgressDialog):
    """Follows one export job; Cancel stops it and leaves any earlier PDF as it was."""

    #: The PDF was written: its path and number of pages.
    exported = Signal(str, int)

    def __init__(
        self, service: RenderService, job: int, output: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.job = job
        self.output = Path(output)
        self.message_box: QMessageBox | None = None
        self._over = False
        self.setWindowTitle("Exporting the charter")
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
        window = self.parentWidget().window() if self.parentWidget() else None
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(
                f"Exported the charter ({plural(pages, 'page')}) "
                f"to {Path(path).name}.",
                8000,
            )
        self.exported.emit(path, pages)

    def _failed(self, job: int, message: str) -> None:
        if job != self.job or self._over:
            return
        self._end()
        box = QMessageBox(
            QMessageBox.Icon.Warning, FAILED_TITLE, message, QMessageBox.StandardButton.Ok,
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


def export_pdf(
    parent: QWidget | None,
    service: RenderService,
    document: CharterDocument,
    path: Path,
    options: Any = None,
    seal: dict[str, str] | None = None,
) -> int:
    """Make the charter's PDF at `path` with a progress dialog; returns the job's number.

    With `seal` (certificate file and passphrase) the worker seals the PDF too.
    """
    job = service.render(document.draft, path, options, seal=seal)
    dialog = ExportProgress(service, job, path, parent)
    dialog.setObjectName("exportProgress")
    return job

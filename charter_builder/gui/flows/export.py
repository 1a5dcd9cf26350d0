"""Exporting and printing the charter, sealing a PDF, and checking a signed one.

Export asks for the format and options and a file name, then hands the draft to
the render service, whose worker makes the file (and, with a seal, seals the PDF)
while a progress dialog keeps the user informed. Print asks for the printer,
has the worker make the PDF in a temporary folder, and draws its pages on the printer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from charter_builder.drafts.history import History
from charter_builder.gui import settings
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.export_dialog import ExportProgress, export_pdf
from charter_builder.gui.flows.files import safe_file_name
from charter_builder.gui.prompts import Prompts
from charter_builder.gui.render_service import RenderService
from charter_builder.render.formats import CHANGES, FORMATS, with_extension
from charter_builder.words import plural

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from charter_builder.gui.check_pdf_dialog import CheckPdfDialog
    from charter_builder.gui.seal_dialog import SealDialog


class ExportFlow(QObject):
    """File > Export…, Print…, Add Our Seal to a PDF… and Check a Signed PDF…."""

    #: A word for the status bar, and for how long to show it (milliseconds).
    status = Signal(str, int)

    def __init__(
        self,
        document: CharterDocument,
        service: RenderService,
        prompts: Prompts,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.service = service
        self.prompts = prompts
        #: Where the progress and PDF dialogs open (the window).
        self.dialog_parent = parent
        self.seal_dialog: SealDialog | None = None
        self.check_dialog: CheckPdfDialog | None = None
        #: The print job's progress dialog while the worker makes its PDF.
        self.print_progress: ExportProgress | None = None
        self._prints = 0

    def export(self) -> int | None:
        """Ask for the format, options and a file name, then make it; the job's number, or None."""
        choice = self.prompts.ask_export_options()
        if choice is None:
            return None
        export_format = FORMATS[choice.format]
        since = None
        if export_format.key == CHANGES:
            since = self.ask_since()
            if since is None:
                return None
        charter = self.document.charter
        base = self.document.path.stem if self.document.path else (
            safe_file_name(charter.partnership.name.strip() or "System charter")
        )
        if export_format.key == CHANGES:
            number = self.document.draft.history.number(since)
            title, base = "Save the paper of the changes", f"{base} changes since revision {number}"
        else:
            title = f"Export the charter as a {export_format.noun}"
        path = self.prompts.ask_save_path(
            title, f"{base}{export_format.extension}", export_format.file_filter
        )
        if path is None:
            return None
        path = with_extension(path, export_format)
        settings.set_last_folder(path)
        return export_pdf(
            self.dialog_parent,
            self.service,
            self.document,
            path,
            choice.options,
            choice.seal,
            export_format=export_format.key,
            since=since,
            opener=self.prompts,
        )

    def ask_since(self) -> str | None:
        """The revision a paper of changes starts from, asked with a sensible default."""
        history = self.document.draft.history
        if not history:
            self.prompts.show_error(
                "No saved revision to compare with",
                "A paper of the changes shows what changed since a saved revision, and this "
                "draft has none yet. Please save the draft first.",
            )
            return None
        return self.prompts.ask_revision(list(history.revisions), default_revision(history))

    def print_charter(self) -> int | None:
        """Ask for the printer, then have the worker make the PDF to print; the job, or None."""
        printer = self.prompts.ask_printer()
        if printer is None:
            return None
        from charter_builder.gui.export_options import remembered_options

        self._prints += 1
        output = self.service.scratch_path(f"print-{self._prints}.pdf")
        options = remembered_options()
        job = self.service.render(self.document.draft, output, options)
        progress = ExportProgress(
            self.service, job, output, self.dialog_parent,
            announce=False, title="Getting the charter ready to print",
        )
        progress.setLabelText("Getting the charter ready to print…")
        progress.setObjectName("printProgress")
        progress.exported.connect(lambda path, _pages: self._print(Path(path), printer))
        self.print_progress = progress
        return job

    def _print(self, pdf: Path, printer: QPrinter) -> None:
        """The PDF is ready: draw its pages on the printer, then tidy it away."""
        from charter_builder.gui.printing import PrintError, print_pdf

        self.print_progress = None
        try:
            printed = print_pdf(pdf, printer, self.dialog_parent)
        except PrintError as error:
            self.prompts.show_error("The charter could not be printed", error.message)
            return
        finally:
            pdf.unlink(missing_ok=True)
        where = printer.outputFileName() or printer.printerName() or "the printer"
        self.status.emit(f"Sent {plural(printed, 'page')} of the charter to {where}.", 10000)

    def add_seal_to_pdf(self) -> None:
        """Seal a charter PDF, e.g. one another partner sent."""
        from charter_builder.gui.seal_dialog import SealDialog

        names = [p.name for p in self.document.charter.partners]
        self.seal_dialog = SealDialog(names, settings.user_identity()[1], self.dialog_parent)
        self.seal_dialog.sealed.connect(
            lambda path: self.status.emit(f"Added your seal: saved as {Path(path).name}.", 8000)
        )
        self.seal_dialog.open()

    def check_signed_pdf(self) -> None:
        """Its seals, and who signed which text."""
        from charter_builder.gui.check_pdf_dialog import CheckPdfDialog

        self.check_dialog = CheckPdfDialog(parent=self.dialog_parent)
        self.check_dialog.open()


def default_revision(history: History) -> str:
    """Where a paper of changes starts unless the user says otherwise: the revision last
    sent to boards, or the newest revision when none has been marked."""
    mark = history.last_sent()
    return mark.revision if mark is not None else history.revisions[-1].id

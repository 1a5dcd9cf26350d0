"""Making the charter's PDF, sealing a PDF, and checking a signed one.

Export asks for the options and a file name, then hands the draft to the render
service, whose worker makes (and, with a seal, seals) the PDF while a progress
dialog keeps the user informed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from charter_builder.gui import settings
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.export_dialog import export_pdf
from charter_builder.gui.flows.files import safe_file_name
from charter_builder.gui.prompts import PDF_FILTER, Prompts
from charter_builder.gui.render_service import RenderService

if TYPE_CHECKING:
    from charter_builder.gui.check_pdf_dialog import CheckPdfDialog
    from charter_builder.gui.seal_dialog import SealDialog


class ExportFlow(QObject):
    """File > Export PDF…, Add Our Seal to a PDF… and Check a Signed PDF…."""

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

    def export(self) -> int | None:
        """Ask for the options and a file name, then make the PDF; the job's number, or None."""
        choice = self.prompts.ask_export_options()
        if choice is None:
            return None
        charter = self.document.charter
        base = self.document.path.stem if self.document.path else (
            safe_file_name(charter.partnership.name.strip() or "System charter")
        )
        path = self.prompts.ask_save_path("Export the charter as a PDF", f"{base}.pdf", PDF_FILTER)
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        settings.set_last_folder(path)
        return export_pdf(
            self.dialog_parent, self.service, self.document, path, choice.options, choice.seal
        )

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

"""File > Add Our Seal to a PDF…: a partner seals a charter's PDF it received.

Each partner's secretary adds their organisation's seal to the same PDF in
turn; every seal is an incremental update, so the seals added before stay
valid. Sealing runs on a thread (charter_builder.signatures.seal does the work), and
what goes wrong is said in plain words.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from charter_builder.gui.background import BackgroundTask
from charter_builder.gui.dialog_parts import action_buttons, add_file_row, busy_bar
from charter_builder.gui.style import theme
from charter_builder.gui.widgets import add_row, make_form, muted_label
from charter_builder.paths import same_file
from charter_builder.signatures.seal import PassphraseNeeded, SealError, seal_pdf
from charter_builder.storage.safe_write import temp_path_for

PDF_FILTER = "PDF documents (*.pdf)"
CERTIFICATE_FILTER = "Certificates (*.p12 *.pfx)"
INTRO = (
    "Add your organisation's digital seal to a charter PDF made by Charter Builder. "
    "The seal shows that the file has not been changed since. Seals that other partners "
    "added before stay valid."
)


def suggested_output(pdf: Path) -> Path:
    """Where the sealed copy goes unless the user says otherwise: "NAME-sealed.pdf"."""
    return pdf.with_name(f"{pdf.stem}-sealed.pdf")


def seal_to(pdf: Path, output: Path, certificate: Path, passphrase: str, name: str) -> Path:
    """Seal `pdf` into `output`, which may be `pdf` itself; no widgets, so it runs on a thread.

    In place, the sealed file is made beside it first and only then takes its
    place, so a failure leaves the original as it was.
    """
    secret = passphrase.encode("utf-8") if passphrase else None
    in_place = output.exists() and same_file(pdf, output)
    # Named by safe_write's one rule, so one an interrupted seal left is tidied by the next save.
    target = temp_path_for(output) if in_place else output
    try:
        seal_pdf(pdf, target, certificate, secret, signer_name=name.strip() or None)
    except PassphraseNeeded:
        raise SealError(
            f"The certificate file “{certificate.name}” is protected by a passphrase. "
            "Please type it in the Passphrase box."
        ) from None
    if in_place:
        try:
            os.replace(target, output)
        except OSError as error:
            target.unlink(missing_ok=True)
            raise SealError(
                f"“{output.name}” could not be replaced with the sealed PDF. It may be open "
                "in another program; please close it and try again."
            ) from error
    return output



class SealDialog(QDialog):
    """Choose the PDF, the certificate and its passphrase, and who is sealing; then seal."""

    #: The sealed PDF was written: its path.
    sealed = Signal(str)

    def __init__(
        self,
        partner_names: Sequence[str] = (),
        organisation: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add our seal to a PDF")
        self.setMinimumWidth(560)
        self.task: BackgroundTask | None = None
        #: Plain-words outcome of the last attempt ("" until there is one).
        self.outcome = ""
        # Replaceable in tests, like the window's other file choices.
        self.choose_pdf: Callable[[], str] = lambda: QFileDialog.getOpenFileName(
            self, "Choose the PDF to seal", "", PDF_FILTER
        )[0]
        self.choose_certificate: Callable[[], str] = lambda: QFileDialog.getOpenFileName(
            self, "Choose your organisation's certificate", "", CERTIFICATE_FILTER
        )[0]
        self.choose_output: Callable[[Path], str] = lambda suggested: QFileDialog.getSaveFileName(
            self, "Save the sealed PDF as", str(suggested), PDF_FILTER
        )[0]

        form = make_form()
        self.pdf = QLineEdit()
        self.pdf.setPlaceholderText("the charter's PDF, made by Charter Builder")
        self.pdf_button = add_file_row(
            form, "&PDF to seal", self.pdf, "&Browse…", "Choose the PDF", lambda: self.choose_pdf()
        )

        self.certificate = QLineEdit()
        self.certificate.setPlaceholderText("ends .p12 or .pfx")
        self.certificate_button = add_file_row(
            form,
            "&Certificate file",
            self.certificate,
            "Br&owse…",
            "Choose the certificate file",
            lambda: self.choose_certificate(),
        )

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        add_row(
            form,
            "Pa&ssphrase",
            self.passphrase,
            hint="The passphrase that protects the certificate file. It is not kept.",
        )

        self.partner = QComboBox()
        self.partner.setEditable(True)
        self.partner.addItems([name for name in partner_names if name.strip()])
        self.partner.setCurrentText(organisation)
        self.partner.lineEdit().setPlaceholderText("your organisation, as the seal should name it")
        add_row(
            form,
            "Sealing pa&rtner",
            self.partner,
            hint="The organisation adding this seal. Left empty, the certificate's own name "
            "is used.",
        )

        self.busy = busy_bar("Sealing")
        self.status = QLabel()
        self.status.setObjectName("sealStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What happened")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()

        buttons, self.seal_button = action_buttons(self, "&Add the seal", self.start_sealing)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(muted_label(INTRO))
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(buttons)

    # -- sealing ----------------------------------------------------------
    def start_sealing(self) -> bool:
        """Check the choices, ask where to save, and seal on a thread; False if not started."""
        if self.task is not None:
            return False
        pdf = Path(self.pdf.text().strip()) if self.pdf.text().strip() else None
        certificate = self.certificate.text().strip()
        if pdf is None:
            return self._refuse("Choose the PDF to seal.", self.pdf)
        if not pdf.is_file():
            return self._refuse(
                f"“{pdf.name}” could not be found. It may have been moved, renamed or deleted.",
                self.pdf,
            )
        if not certificate:
            return self._refuse(
                "Choose your organisation's certificate file (ending .p12 or .pfx).",
                self.certificate,
            )
        chosen = self.choose_output(suggested_output(pdf))
        if not chosen:
            return False
        output = Path(chosen)
        if output.suffix.lower() != ".pdf":
            output = output.with_name(output.name + ".pdf")
        passphrase, name = self.passphrase.text(), self.partner.currentText()
        task = BackgroundTask(lambda: seal_to(pdf, output, Path(certificate), passphrase, name))
        task.succeeded.connect(self._sealed)
        task.failed.connect(self._failed)
        self._set_busy(True)
        self._say(f"Sealing “{pdf.name}”…")
        self.task = task.start()
        return True

    def _sealed(self, output: object) -> None:
        self.task = None
        self._set_busy(False)
        path = Path(str(output))
        self.passphrase.clear()  # never kept longer than needed
        self._say(f"Your seal was added. The sealed PDF is saved as “{path.name}”.")
        self.sealed.emit(str(path))

    def _failed(self, message: str) -> None:
        self.task = None
        self._set_busy(False)
        self._say(message, error=True)
        wrong_passphrase = "passphrase" in message.lower()
        (self.passphrase if wrong_passphrase else self.seal_button).setFocus()

    def _refuse(self, message: str, field: QWidget) -> bool:
        self._say(message, error=True)
        field.setFocus()
        return False

    def _say(self, text: str, *, error: bool = False) -> None:
        self.outcome = text
        self.status.setText(text)
        self.status.setProperty("error", error)
        self.status.setStyleSheet(f"color: {theme().danger}; font-weight: bold;" if error else "")
        self.status.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (
            self.pdf, self.pdf_button, self.certificate, self.certificate_button,
            self.passphrase, self.partner, self.seal_button,
        ):
            widget.setEnabled(not busy)

    def reject(self) -> None:
        if self.task is not None:
            return  # the seal is being written: closing now would hide how it went
        super().reject()

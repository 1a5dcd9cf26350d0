"""Signing a record with the organisation's certificate (.p12), off the GUI thread.

Loading the certificate and signing run on the thread pool (BackgroundTask)
on a copy of the charter; the signed record is placed in the charter only
if the text is still the one it was made for, so a change made meanwhile is
never signed over. The dialogs that ask for the file and its passphrase are
here too; the sign-off page calls them through its replaceable hooks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from charter_builder.charter.model import Charter, Signature
from charter_builder.gui.background import BackgroundTask
from charter_builder.gui.document import CharterDocument
from charter_builder.signatures.seal import PassphraseNeeded, load_certificate
from charter_builder.signatures.signing import place_signed, stamped

CERTIFICATE_FILTER = "Organisation certificates (*.p12 *.pfx)"
CHANGED_MEANWHILE = (
    "The charter's text changed while the certificate was signing, so the "
    "signature was not recorded. Please sign again."
)


def choose_certificate_file(parent: QWidget) -> str:
    """The certificate file the user picks, or "" if they cancel."""
    return QFileDialog.getOpenFileName(
        parent, "Choose your organisation's certificate", "", CERTIFICATE_FILTER
    )[0]


def ask_passphrase(parent: QWidget, name: str) -> str | None:
    """The passphrase typed for the certificate named, "" for none, or None if cancelled."""
    text, ok = QInputDialog.getText(
        parent,
        "Certificate passphrase",
        f"The passphrase for “{name}” (leave it blank if it has none):",
        QLineEdit.EchoMode.Password,
    )
    return text if ok else None


def stamp_with_certificate(
    charter: Charter, prepared: Signature, certificate: Path, secret: bytes | None
) -> Signature:
    """On the worker thread: the record for `charter`, signed with the certificate."""
    try:
        signer = load_certificate(certificate, secret)
    except PassphraseNeeded as needed:
        raise PassphraseNeeded(
            f"The certificate file “{certificate.name}” is protected by a passphrase. "
            "Please sign again and type it when asked."
        ) from needed
    return stamped(charter, prepared, signer)


class CertificateSigning(QObject):
    """One certificate signing at a time, placed in the document when it comes back."""

    #: True while the signing runs, False once it has come back either way.
    busy = Signal(bool)
    #: What went wrong, in plain words; nothing was recorded.
    failed = Signal(str)

    def __init__(self, document: CharterDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        #: The signing, while it runs on the thread pool.
        self.task: BackgroundTask | None = None

    def start(self, prepared: Signature, certificate: Path, passphrase: str) -> None:
        """Sign `prepared` with the certificate, on a copy of the charter as it is now."""
        secret = passphrase.encode("utf-8") if passphrase else None
        snapshot = self.document.charter.model_copy(deep=True)
        task = BackgroundTask(
            lambda: stamp_with_certificate(snapshot, prepared, certificate, secret)
        )
        task.succeeded.connect(self._signed)
        task.failed.connect(self._failed)
        self.task = task
        self.busy.emit(True)
        task.start()

    def _signed(self, record: object) -> None:
        self._done()
        assert isinstance(record, Signature)
        try:
            edit = place_signed(self.document.charter, record)
        except ValueError:
            self.failed.emit(CHANGED_MEANWHILE)
            return
        self.document.apply(edit)

    def _failed(self, message: str) -> None:
        self._done()
        self.failed.emit(message)

    def _done(self) -> None:
        self.task = None
        self.busy.emit(False)

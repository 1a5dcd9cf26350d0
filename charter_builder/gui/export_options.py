"""Before exporting: what kind of PDF, and whether to include the candid section.

The choices are remembered, because a board secretary exports the same kind
of PDF for every set of board papers.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from charter_builder.gui.widgets import add_row, make_form
from charter_builder.render.options import RenderOptions

ACCESSIBLE_TEXT = "&Accessible PDF (recommended for board papers and publishing)"
ACCESSIBLE_HINT = (
    "Tagged for screen readers (PDF/UA), so everyone can read the charter."
)
ARCHIVE_TEXT = "A&rchive PDF, with the charter's data attached"
ARCHIVE_HINT = (
    "For your records (PDF/A-3u): made to be readable for decades, and it carries the "
    "charter itself, so it can be checked or reopened later."
)
CONTRIBUTIONS_TEXT = "&Include “Contributions and losses”"
CONTRIBUTIONS_HINT = (
    "Some boards keep what each partner gives up, and the losses people may feel, "
    "among the partners. Untick this to leave that section out."
)


SEAL_TEXT = "&Seal the PDF with our organisation's certificate"
SEAL_HINT = (
    "A digital seal shows that the file has not been changed since. Each partner can add "
    "its own seal to the same PDF. You need a certificate file (.p12 or .pfx) from your "
    "organisation."
)


@dataclass(frozen=True)
class ExportChoice:
    """What to make, and whether to seal it (certificate file and passphrase)."""

    options: RenderOptions
    seal: dict[str, str] | None = None


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("fieldHint")
    label.setWordWrap(True)
    label.setContentsMargins(24, 0, 0, 6)
    return label


class ExportOptionsDialog(QDialog):
    """Asks what the PDF should be; Continue goes on to choose where to save it."""

    def __init__(self, options: RenderOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export the charter as a PDF")
        self.setMinimumWidth(520)

        kind = QGroupBox("What kind of PDF?")
        kind_layout = QVBoxLayout(kind)
        self.accessible = QRadioButton(ACCESSIBLE_TEXT)
        self.accessible.setAccessibleName(ACCESSIBLE_TEXT.replace("&", ""))
        self.accessible.setAccessibleDescription(ACCESSIBLE_HINT)
        self.archive = QRadioButton(ARCHIVE_TEXT)
        self.archive.setAccessibleName(ARCHIVE_TEXT.replace("&", ""))
        self.archive.setAccessibleDescription(ARCHIVE_HINT)
        group = QButtonGroup(self)
        group.addButton(self.accessible)
        group.addButton(self.archive)
        (self.archive if options.archive else self.accessible).setChecked(True)
        kind_layout.addWidget(self.accessible)
        kind_layout.addWidget(_hint(ACCESSIBLE_HINT))
        kind_layout.addWidget(self.archive)
        kind_layout.addWidget(_hint(ARCHIVE_HINT))

        self.contributions = QCheckBox(CONTRIBUTIONS_TEXT)
        self.contributions.setAccessibleName(CONTRIBUTIONS_TEXT.replace("&", ""))
        self.contributions.setAccessibleDescription(CONTRIBUTIONS_HINT)
        self.contributions.setChecked(options.include_contributions)

        self.seal = QGroupBox(SEAL_TEXT.replace("&", ""))
        self.seal.setCheckable(True)
        self.seal.setChecked(False)
        self.seal.setAccessibleName(SEAL_TEXT.replace("&", ""))
        self.seal.setAccessibleDescription(SEAL_HINT)
        seal_layout = QVBoxLayout(self.seal)
        seal_layout.addWidget(_hint(SEAL_HINT))
        seal_form = make_form()
        self.certificate = QLineEdit(str(QSettings().value("export/certificate", "") or ""))
        self.certificate.setPlaceholderText("the certificate file, ending .p12 or .pfx")
        browse = QPushButton("&Browse…")
        browse.setAccessibleName("Choose the certificate file")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.certificate, 1)
        row.addWidget(browse)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Certificate")
        label.setBuddy(self.certificate)
        self.certificate.setAccessibleName("Certificate")
        seal_form.addRow(label, row)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        add_row(seal_form, "&Passphrase", self.passphrase)
        seal_layout.addLayout(seal_form)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.continue_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.continue_button.setText("&Continue…")
        self.continue_button.setAccessibleName("Continue")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(kind)
        layout.addWidget(self.contributions)
        layout.addWidget(_hint(CONTRIBUTIONS_HINT))
        layout.addWidget(self.seal)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose the certificate", "", "Certificates (*.p12 *.pfx)"
        )
        if name:
            self.certificate.setText(name)

    def choice(self) -> ExportChoice:
        seal = None
        if self.seal.isChecked() and self.certificate.text().strip():
            seal = {
                "certificate": self.certificate.text().strip(),
                "passphrase": self.passphrase.text(),
            }
        return ExportChoice(self.options(), seal)

    def options(self) -> RenderOptions:
        return RenderOptions(
            include_contributions=self.contributions.isChecked(),
            archive=self.archive.isChecked(),
        )


def remembered_options() -> RenderOptions:
    settings = QSettings()
    return RenderOptions(
        include_contributions=_bool(settings.value("export/includeContributions", True)),
        archive=_bool(settings.value("export/archive", False)),
    )


def remember_options(options: RenderOptions) -> None:
    settings = QSettings()
    settings.setValue("export/includeContributions", options.include_contributions)
    settings.setValue("export/archive", options.archive)


def _bool(value: object) -> bool:
    """QSettings' INI files hand booleans back as the strings "true" and "false"."""
    return value if isinstance(value, bool) else str(value).lower() == "true"


def ask_export_options(parent: QWidget | None = None) -> ExportChoice | None:
    """The user's choices, remembered for next time (never the passphrase); None if cancelled."""
    dialog = ExportOptionsDialog(remembered_options(), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    choice = dialog.choice()
    remember_options(choice.options)
    if choice.seal:
        QSettings().setValue("export/certificate", choice.seal["certificate"])
    return choice

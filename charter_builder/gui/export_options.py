"""Before exporting: PDF, Word or web page, what kind of PDF, and the candid section.

The choices are remembered, because a board secretary exports the same kind
of file for every set of board papers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QSettings
from PySide6.QtGui import QShowEvent
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
from charter_builder.render.formats import CHANGES, FORMATS, PDF, WEB, WORD
from charter_builder.render.options import RenderOptions

#: Each format's Alt key, in the words render.formats gives it.
MNEMONIC = {PDF: "D", WORD: "W", WEB: "g", CHANGES: "v"}
#: The formats as the dialog offers them: "P&DF", "&Word document (.docx)", …
FORMAT_TEXT = {
    key: FORMATS[key].label.replace(letter, f"&{letter}", 1) for key, letter in MNEMONIC.items()
}
FORMAT_HINT = {
    PDF: "For printing, sending round and signing.",
    WORD: "For board papers that go round in Word; your board's own styles can restyle it.",
    WEB: "One page for your website: it reads well on a phone and with a screen reader.",
    CHANGES: "What changed since the version a board last saw, section by section.",
}

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
    """What to make, and whether to seal it (certificate file and passphrase).

    `format` is a key of render.formats.FORMATS.
    """

    options: RenderOptions
    seal: dict[str, str] | None = None
    format: str = PDF


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("fieldHint")
    label.setWordWrap(True)
    label.setContentsMargins(24, 0, 0, 6)
    return label


class ExportOptionsDialog(QDialog):
    """Asks what the PDF should be; Continue goes on to choose where to save it."""

    def __init__(
        self, options: RenderOptions, parent: QWidget | None = None, export_format: str = PDF
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export the charter")
        self.setMinimumWidth(520)

        made = QGroupBox("What would you like to make?")
        made_layout = QVBoxLayout(made)
        self.formats: dict[str, QRadioButton] = {}
        chosen = QButtonGroup(self)
        for key, text in FORMAT_TEXT.items():
            button = QRadioButton(text)
            button.setAccessibleName(text.replace("&", ""))
            button.setAccessibleDescription(FORMAT_HINT[key])
            button.setToolTip(FORMAT_HINT[key])
            button.toggled.connect(self._format_changed)
            chosen.addButton(button)
            made_layout.addWidget(button)
            self.formats[key] = button
        self.format_hint = _hint("")
        made_layout.addWidget(self.format_hint)

        kind = QGroupBox("What kind of PDF?")
        self.pdf_kind = kind
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
        layout.addWidget(made)
        layout.addWidget(kind)
        layout.addWidget(self.contributions)
        layout.addWidget(_hint(CONTRIBUTIONS_HINT))
        layout.addWidget(self.seal)
        layout.addWidget(buttons)
        self.formats.get(export_format, self.formats[PDF]).setChecked(True)
        self._format_changed()

    def showEvent(self, event: QShowEvent) -> None:
        """Wrapped hints inside group boxes get their full height: Qt would clip them."""
        super().showEvent(event)
        self.layout().activate()
        for label in self.findChildren(QLabel, "fieldHint"):
            label.setMinimumHeight(label.heightForWidth(label.width()))
        self.adjustSize()

    def export_format(self) -> str:
        return next(key for key, button in self.formats.items() if button.isChecked())

    def _format_changed(self) -> None:
        """Only a PDF has kinds and a seal; the rest are greyed out, not hidden, to stay put."""
        if not any(button.isChecked() for button in self.formats.values()):
            return
        key = self.export_format()
        self.format_hint.setText(FORMAT_HINT[key])
        if self.isVisible():
            self.format_hint.setMinimumHeight(
                self.format_hint.heightForWidth(self.format_hint.width())
            )
        pdf = key == PDF
        self.pdf_kind.setEnabled(pdf)
        self.seal.setEnabled(pdf)
        self.contributions.setEnabled(key != CHANGES)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose the certificate", "", "Certificates (*.p12 *.pfx)"
        )
        if name:
            self.certificate.setText(name)

    def choice(self) -> ExportChoice:
        seal = None
        key = self.export_format()
        if key == PDF and self.seal.isChecked() and self.certificate.text().strip():
            seal = {
                "certificate": self.certificate.text().strip(),
                "passphrase": self.passphrase.text(),
            }
        options = self.options()
        if key != PDF:
            options = replace(options, archive=False)
        return ExportChoice(options, seal, key)

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
    settings = QSettings()
    remembered = str(settings.value("export/format", PDF) or PDF)
    dialog = ExportOptionsDialog(remembered_options(), parent, remembered)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    choice = dialog.choice()
    settings.setValue("export/format", choice.format)
    if choice.format == PDF:
        remember_options(choice.options)
    else:
        settings.setValue("export/includeContributions", choice.options.include_contributions)
    if choice.seal:
        QSettings().setValue("export/certificate", choice.seal["certificate"])
    return choice

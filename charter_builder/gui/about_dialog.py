"""Help › About Charter Builder: what this copy is, what it is built on, and the notices.

Support asks "which version are you on?" first, so the versions are shown as text that
can be selected and copied in one go. The licences of everything the package carries
are a button away, shown in a window of their own (the file opener may be missing on a
managed laptop, and there is no screen at all in the tests).
"""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charter_builder import __version__, notices
from charter_builder.paths import resources_dir

APP_NAME = "Charter Builder"
ABOUT = (
    "Helps the partners of an integrated care system agree why they work together, how "
    "they will behave, and what they commit to, and turns it into a charter their boards "
    "can sign."
)
#: (shown as, distribution, module holding the version if the metadata was not packed)
LIBRARIES = [
    ("WeasyPrint", "weasyprint", "weasyprint"),
    ("pyHanko", "pyhanko", "pyhanko.version"),
]
ICON_SIZE = 64


def library_version(distribution: str, module: str) -> str:
    """The installed version: from the distribution's metadata, else the module's own."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        pass
    try:
        return str(importlib.import_module(module).__version__)
    except (ImportError, AttributeError):
        return "unknown"


def versions() -> list[tuple[str, str]]:
    """(name, version) for Charter Builder and what a support officer needs to know."""
    return [
        (APP_NAME, __version__),
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", pyside_version),
        *[(name, library_version(dist, module)) for name, dist, module in LIBRARIES],
    ]


def versions_text() -> str:
    return "\n".join(f"{name} {version}" for name, version in versions())


class AboutDialog(QDialog):
    """The version, a sentence on what Charter Builder is for, versions, and the notices."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.notices_dialog: NoticesDialog | None = None

        icon = QLabel()
        picture = resources_dir() / "icons" / "charter-builder.png"
        if picture.is_file():
            from PySide6.QtGui import QPixmap

            icon.setPixmap(
                QPixmap(str(picture)).scaled(
                    ICON_SIZE, ICON_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        heading = QLabel(f"<h2>{APP_NAME} {__version__}</h2>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        about = QLabel(ABOUT)
        about.setWordWrap(True)

        rows = "".join(
            f"<tr><td>{name}</td><td style='padding-left:16px'>{version}</td></tr>"
            for name, version in versions()[1:]
        )
        self.versions = QLabel(f"<p>Built with:</p><table>{rows}</table>")
        self.versions.setTextFormat(Qt.TextFormat.RichText)
        self.versions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.versions.setAccessibleName("Versions")
        self.versions.setAccessibleDescription(versions_text())

        licence = QLabel(
            f"{APP_NAME} is free software. It includes Qt and PySide6, used under the GNU "
            "Lesser General Public License version 3, fonts under the SIL Open Font "
            "License, and other open-source libraries: the notices list them all."
        )
        licence.setWordWrap(True)

        text = QVBoxLayout()
        for widget in (heading, about, self.versions, licence):
            text.addWidget(widget)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.notices_button = QPushButton("Third-party &notices…")
        self.notices_button.setToolTip("The licences of the software and fonts it uses")
        self.copy_button = QPushButton("&Copy versions")
        self.copy_button.setToolTip("Copy the versions above, to paste into a message to support")
        buttons.addButton(self.notices_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.notices_button.clicked.connect(self.show_notices)
        self.copy_button.clicked.connect(self.copy_versions)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        for button in (self.notices_button, self.copy_button):
            button.setAutoDefault(False)
        self.close_button.setDefault(True)  # Enter closes, as in any About box

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def show_notices(self) -> None:
        if self.notices_dialog is None:
            self.notices_dialog = NoticesDialog(self)
        self.notices_dialog.show()
        self.notices_dialog.raise_()
        self.notices_dialog.activateWindow()

    def copy_versions(self) -> None:
        QGuiApplication.clipboard().setText(versions_text())
        self.copy_button.setText("&Copied")


class NoticesDialog(QDialog):
    """The third-party notices, read-only, to scroll through or copy from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Third-party notices")
        shipped = notices.shipped_notices()
        intro = QLabel(
            "The software and fonts Charter Builder is built on, their versions and their "
            "licences."
            + (f" This text is also in the file {shipped}." if shipped else "")
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName("Third-party notices")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.text.setPlainText(notices.notices_text())
        finally:
            QGuiApplication.restoreOverrideCursor()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        width = self.text.fontMetrics().horizontalAdvance("M" * 84)
        self.resize(width, 560)

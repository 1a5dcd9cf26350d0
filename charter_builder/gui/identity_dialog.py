"""Asked once, on first start: who is using Charter Builder on this computer."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from charter_builder.gui.widgets import add_row, make_form


class IdentityDialog(QDialog):
    """Name and organisation, so co-editors can see who changed what."""

    def __init__(self, name: str = "", organisation: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Welcome to Charter Builder")
        intro = QLabel(
            "Before you start, tell us who you are. Your name and organisation are kept on "
            "this computer and recorded with the changes you make to a draft, so the other "
            "partners can see who wrote what."
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(name)
        self.name.setPlaceholderText("for example, Sam Patel")
        self.organisation = QLineEdit(organisation)
        self.organisation.setPlaceholderText("for example, Wyvern County Council")
        form = make_form()
        add_row(form, "Your &name:", self.name)
        add_row(form, "Your &organisation:", self.organisation)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Continue")
        self.buttons.accepted.connect(self.accept)
        self.name.textChanged.connect(self._update)
        self.organisation.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._update()

    def _update(self) -> None:
        ready = bool(self.name.text().strip() and self.organisation.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), self.organisation.text().strip()

"""Who is using Charter Builder on this computer: asked on first start, changed from Edit."""

from __future__ import annotations

import getpass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from charter_builder.gui import settings
from charter_builder.gui.widgets import add_row, make_form

WHY = (
    "Your name and organisation are kept on this computer. They are recorded with each "
    "version of a draft you save and with each signature you add, so the other partners "
    "can see who wrote and agreed what."
)
MENU_PATH = "Edit › Your name and organisation…"


def login_name() -> str:
    """The computer's name for the user: better than nothing on a saved version."""
    try:
        return getpass.getuser().strip()
    except (OSError, KeyError, ImportError):  # no login name to be had
        return ""


class IdentityDialog(QDialog):
    """Name and organisation, so co-editors can see who changed what."""

    def __init__(
        self,
        name: str = "",
        organisation: str = "",
        parent: QWidget | None = None,
        *,
        first_start: bool = True,
    ):
        super().__init__(parent)
        self.setWindowTitle("Welcome to Charter Builder" if first_start else "Your name")
        lead = "Before you start, tell us who you are. " if first_start else ""
        intro = QLabel(lead + WHY)
        intro.setWordWrap(True)
        self.name = QLineEdit(name)
        self.name.setPlaceholderText("for example, Sam Patel")
        self.organisation = QLineEdit(organisation)
        self.organisation.setPlaceholderText("for example, Wyvern County Council")
        form = make_form()
        add_row(form, "Your &name:", self.name)
        add_row(form, "Your &organisation:", self.organisation)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        if first_start:
            later = QLabel(
                f"If you skip this, your computer login name ({login_name() or 'unknown'}) "
                f"is used for now. You can change it at any time under {MENU_PATH}"
            )
            later.setObjectName("fieldHint")
            later.setWordWrap(True)
            layout.addWidget(later)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(
            "&Continue" if first_start else "&Save", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.skip_button = self.buttons.addButton(
            "&Skip for now" if first_start else "Cancel", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._update)
        self.organisation.textChanged.connect(self._update)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._update()

    def _update(self) -> None:
        ready = bool(self.name.text().strip() and self.organisation.text().strip())
        self.ok_button.setEnabled(ready)

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), self.organisation.text().strip()


def ask_first_identity(parent: QWidget | None = None) -> bool:
    """On first start, ask who the user is. False if they skipped it.

    Skipping (or Esc, or closing the dialog) is not leaving the application: the
    computer's login name stands in, with no organisation, until the user gives
    theirs under Edit › Your name and organisation…, and they are not asked again.
    """
    name, organisation = settings.user_identity()
    if name:
        return True
    dialog = IdentityDialog(name, organisation, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        settings.set_user_identity(*dialog.values())
        return True
    settings.set_user_identity(login_name(), "")
    return False


def edit_identity(parent: QWidget | None = None) -> bool:
    """Change the name and organisation recorded from now on. True if they changed."""
    name, organisation = settings.user_identity()
    dialog = IdentityDialog(name, organisation, parent, first_start=False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    settings.set_user_identity(*dialog.values())
    return True

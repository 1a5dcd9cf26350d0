"""Parts the file-choosing dialogs share: a path box with Browse, a busy bar, the buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)


def add_file_row(
    form: QFormLayout,
    text: str,
    line: QLineEdit,
    button_text: str,
    accessible: str,
    choose: Callable[[], str],
) -> QPushButton:
    """A labelled path box with its Browse button beside it; returns the button.

    ``choose`` asks for the file (a file dialog, or a test's answer); what it
    returns, if anything, goes into the box.
    """
    button = QPushButton(button_text)
    button.setAccessibleName(accessible)
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(line, 1)
    row.addWidget(button)
    label = QLabel(text)
    label.setBuddy(line)
    line.setAccessibleName(text.replace("&", ""))
    form.addRow(label, holder)

    def browse() -> None:
        name = choose()
        if name:
            line.setText(name)

    button.clicked.connect(browse)
    return button


def busy_bar(accessible: str) -> QProgressBar:
    """A moving bar for work with no percentage to give; hidden until the work starts."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setAccessibleName(accessible)
    bar.setTextVisible(False)
    bar.hide()
    return bar


def action_buttons(
    dialog: QDialog, text: str, act: Callable[[], object]
) -> tuple[QDialogButtonBox, QPushButton]:
    """The dialog's own action (the default button) beside Close."""
    buttons = QDialogButtonBox()
    action = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
    action.setAccessibleName(text.replace("&", ""))
    action.setDefault(True)
    action.clicked.connect(act)
    buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(dialog.reject)
    return buttons, action

"""The first step: start a new charter from a starter, or carry on with a draft."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charter_builder.drafts.starters import STARTERS
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.base import WizardPage

PATH_ROLE = Qt.ItemDataRole.UserRole


class WelcomePage(WizardPage):
    title = "Welcome"
    guidance_key = "welcome"

    #: The user chose a starter (its name).
    new_requested = Signal(str)
    #: The user wants to open a draft: a recent file, or None to choose one.
    open_requested = Signal(object)

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        start = QGroupBox("Start a new charter")
        start_layout = QVBoxLayout(start)
        self.starter_buttons: dict[str, QCommandLinkButton] = {}
        for starter in STARTERS.values():
            button = QCommandLinkButton(starter.title, starter.description)
            button.setAccessibleName(starter.title)
            button.setAccessibleDescription(starter.description)
            button.clicked.connect(lambda _=False, name=starter.name: self.new_requested.emit(name))
            start_layout.addWidget(button)
            self.starter_buttons[starter.name] = button

        carry_on = QGroupBox("Carry on with a draft")
        carry_layout = QVBoxLayout(carry_on)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent drafts")
        self.recent.itemActivated.connect(self._recent_activated)
        self.no_recent = QLabel("Drafts you open or save will be listed here.")
        self.no_recent.setObjectName("emptyHint")
        self.open_button = QPushButton("&Open a draft…")
        self.open_button.setAccessibleName("Open a draft")
        self.open_button.clicked.connect(lambda: self.open_requested.emit(None))
        recent_label = QLabel("&Recent drafts")
        recent_label.setBuddy(self.recent)
        carry_layout.addWidget(recent_label)
        carry_layout.addWidget(self.recent, 1)
        carry_layout.addWidget(self.no_recent)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        carry_layout.addLayout(row)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(start, 1)
        columns.addWidget(carry_on, 1)
        self.body.addLayout(columns)
        self.body.addStretch(1)

    def set_recent(self, paths: list[Path]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.name}\n{path.parent}")
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            self.recent.addItem(item)
        self.no_recent.setVisible(not paths)
        self.recent.setVisible(bool(paths))

    def _recent_activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(Path(item.data(PATH_ROLE)))

"""What the page tests share: opening one step on a draft, and finding its inputs."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from charter_builder.drafts.starters import load_starter
from charter_builder.gui.document import CharterDocument

FIELDS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def open_page(qtbot, page_type: type, starter: str = "example", document=None):
    """A step shown in its own active window, on a draft from a starter."""
    if document is None:
        document = CharterDocument()
        document.replace(load_starter(starter), None)
    page = page_type(document)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def inputs_on(page: QWidget, *, buttons: bool = False) -> list[QWidget]:
    """What a user tabs to: not the parts inside an input (a date's text, a drop-down's list)."""
    kinds = (*FIELDS, QAbstractButton) if buttons else FIELDS

    def reachable(widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, kinds):
                return False
            parent = parent.parentWidget()
        return True

    return [w for w in page.findChildren(QWidget) if isinstance(w, kinds) and reachable(w)]


def rows(view: QListWidget) -> list[str]:
    return [view.item(r).text() for r in range(view.count())]

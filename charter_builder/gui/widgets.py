"""Small widgets the pages share: labelled form rows, optional dates, guidance."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

NOT_SET = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date that may be left blank: drafts often have no dates yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMMM yyyy")
        self.setMinimumDate(NOT_SET)
        self.setSpecialValueText("Not set")
        self.setDate(NOT_SET)

    def value(self) -> date | None:
        qdate = self.date()
        return None if qdate == NOT_SET else date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(NOT_SET if value is None else QDate(value.year, value.month, value.day))


class ProseEdit(QPlainTextEdit):
    """Multi-line text where Tab moves on, as in every other field."""

    def __init__(self, parent: QWidget | None = None, *, lines: int = 4) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 16
        self.setMinimumHeight(height)


def plain_label(text: str) -> str:
    return text.replace("&", "").rstrip(":").strip()


def add_row(form: QFormLayout, text: str, widget: QWidget, *, hint: str = "") -> QLabel:
    """A form row whose label is the field's accessible name and keyboard buddy."""
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(plain_label(text))
    if hint:
        widget.setAccessibleDescription(hint)
        widget.setToolTip(hint)
    form.addRow(label, widget)
    return label


def make_form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setVerticalSpacing(10)
    return form


class GuidancePanel(QFrame):
    """The short advice at the top of each page, in the board's words."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidance")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.label)

    def set_text(self, text: str) -> None:
        self.label.setText(text)

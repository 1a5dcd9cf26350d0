"""Small widgets the pages share: labelled form rows, prose boxes, guidance."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from charter_builder.gui import spelling
from charter_builder.gui.date_edit import DATE_HINT, OptionalDateEdit
from charter_builder.words import plural


class ProseEdit(QPlainTextEdit):
    """Multi-line text where Tab moves on, as in every other field."""

    def __init__(self, parent: QWidget | None = None, *, lines: int = 4) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.spelling = spelling.attach(self)
        # The word count, small and muted in a strip along the box's foot.
        self.word_count = QLabel(self)
        self.word_count.setObjectName("fieldHint")
        self.word_count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        small = self.word_count.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.word_count.setFont(small)
        # The strip is part of the box: the box's own background, in any theme or dialog.
        self.word_count.setContentsMargins(4, 0, 4, 0)
        self.word_count.setBackgroundRole(QPalette.ColorRole.Base)
        self.word_count.setAutoFillBackground(True)
        self._strip = QFontMetrics(small).height() + 2
        self.setViewportMargins(0, 0, 0, self._strip)
        height = self.fontMetrics().lineSpacing() * lines + 16 + self._strip
        self.setMinimumHeight(height)
        # Counted after a pause in typing: a megabyte of text is not split on every key.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(250)
        self._count_timer.timeout.connect(self._count_words)
        self.textChanged.connect(self._count_timer.start)
        self._count_words()

    def _count_words(self) -> None:
        count = len(self.toPlainText().split())
        self.word_count.setText(plural(count, "word"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_count()

    def viewportEvent(self, event: QEvent) -> bool:
        # The viewport narrows when a scroll bar appears without the box itself resizing;
        # the count follows it, or its last letters would sit under the scroll bar.
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize:
            self._place_count()
        return handled

    def _place_count(self) -> None:
        text = self.viewport().geometry()
        self.word_count.setGeometry(text.left(), text.bottom() + 1, text.width(), self._strip)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = spelling.context_menu(self, event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()


def plain_label(text: str) -> str:
    return text.replace("&", "").rstrip(":").strip()


def add_row(form: QFormLayout, text: str, widget: QWidget, *, hint: str = "") -> QLabel:
    """A form row whose label is the field's accessible name and keyboard buddy."""
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(plain_label(text))
    if hint:
        if isinstance(widget, OptionalDateEdit):
            hint = f"{hint} {DATE_HINT}"  # how to type and clear a date is worth keeping
        widget.setAccessibleDescription(hint)
        widget.setToolTip(hint)
    form.addRow(label, widget)
    return label


def make_form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    # Label beside input; on a narrow window, a wide input goes under its label instead.
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
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


def muted_label(text: str) -> QLabel:
    """Short advice under a field, in the window's muted hint style."""
    label = QLabel(text)
    label.setObjectName("fieldHint")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class GrowingProseEdit(ProseEdit):
    """Prose that grows with its text, so a long "why" is read whole, not through a slot."""

    def __init__(self, *, lines: int, most_lines: int = 22) -> None:
        super().__init__(lines=lines)
        self._least = self.minimumHeight()
        self._most_lines = most_lines
        self._fitting = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self._least)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def _fit(self) -> None:
        """Grow to the text, up to the cap, measuring only as many paragraphs as fit in it.

        A megabyte of text must not be measured paragraph by paragraph on every change,
        and changing our own height must not start another fit while this one runs.
        """
        if self._fitting:
            return
        chrome = 2 * (self.document().documentMargin() + self.frameWidth()) + 4 + self._strip
        most = self._most_lines * (self.fontMetrics().lineSpacing() + 1) + chrome
        block = self.document().firstBlock()
        text_height = 0.0
        while block.isValid() and text_height + chrome < most:
            text_height += self.blockBoundingRect(block).height()
            block = block.next()
        height = int(max(self._least, min(text_height + chrome, most)))
        if height == self.height() and self.minimumHeight() == self.maximumHeight() == height:
            return
        self._fitting = True
        try:
            self.setFixedHeight(height)
        finally:
            self._fitting = False


def stacked_form() -> QFormLayout:
    """A form with each label above its input: beside a list there is no room for both."""
    form = make_form()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
    form.setContentsMargins(20, 0, 0, 0)
    form.setVerticalSpacing(6)
    return form


def detail_form() -> tuple[QWidget, QFormLayout]:
    """The panel beside a list: a stacked form, with spare height below it, not between rows."""
    detail = QWidget()
    form = stacked_form()
    stack = QVBoxLayout(detail)
    stack.setContentsMargins(0, 0, 0, 0)
    stack.addLayout(form)
    stack.addStretch(1)
    return detail, form


def embolden_labels(form: QFormLayout) -> None:
    """Labels above their inputs stand out from the words typed into them, with air above."""
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if item is not None and item.widget() is not None:
            label = item.widget()
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            label.setContentsMargins(0, 8 if row else 0, 0, 0)


class DetailStack(QStackedWidget):
    """The chosen item's form, or, when nothing is chosen, a word on what to do."""

    def __init__(self, form: QWidget, noun: str) -> None:
        super().__init__()
        self.form = form
        self.hint = QLabel(
            f"No {noun}s yet. Choose “Add {noun}” to write the first one; "
            f"its details will appear here."
        )
        self.hint.setObjectName("emptyHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hint.setContentsMargins(20, 4, 0, 0)
        self.addWidget(form)
        self.addWidget(self.hint)

    def show_form(self, shown: bool) -> None:
        self.setCurrentWidget(self.form if shown else self.hint)


def labelled_column(text: str, widget: QWidget) -> QWidget:
    """A bold label over the widget it names (its buddy, so Alt and screen readers find it)."""
    label = QLabel(text)
    label.setBuddy(widget)
    label.setStyleSheet("font-weight: 600;")
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    layout.addWidget(widget, 1)
    return column

"""Small widgets the pages share: labelled form rows, optional dates, guidance."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPointF, QRect, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
    QVBoxLayout,
    QWidget,
)

NOT_SET = QDate(1900, 1, 1)
#: Read easily on the page; typed easily as day/month/year while the date has the focus.
SHOW_FORMAT = "d MMMM yyyy"
EDIT_FORMAT = "dd/MM/yyyy"
#: Told to screen-reader users and shown as a tip: how to type, choose and clear a date.
DATE_HINT = (
    "Type the date as day/month/year, for example 15/03/2027, or press Alt+Down for a "
    "calendar. Press Delete to clear the date."
)
_SEPARATORS = frozenset("/.- ")
_STEP_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})


class OptionalDateEdit(QDateEdit):
    """A date that may be left blank: drafts often have no dates yet.

    Qt's date box makes the day, month and year separate Tab stops, keeps the
    keyboard in a blank "Not set" that cannot be typed over, and starts blank
    dates in January 1900. This one behaves like the other fields: Tab always
    moves on, the first key, arrow or calendar on a blank date starts from
    today, Delete clears the date, and Alt+Down (or F4) opens the calendar.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(SHOW_FORMAT)
        self.setMinimumDate(NOT_SET)
        self.setSpecialValueText("Not set")
        self.setDate(NOT_SET)
        self.setToolTip(DATE_HINT)
        self.setAccessibleDescription(DATE_HINT)
        self._advanced = False  # the last digit filled a section and moved on by itself
        self._watching_calendar = False  # Qt makes the calendar when it is first opened

    def value(self) -> date | None:
        qdate = self.date()
        return None if qdate == NOT_SET else date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(NOT_SET if value is None else QDate(value.year, value.month, value.day))

    def is_set(self) -> bool:
        return self.date() != NOT_SET

    def clear_date(self) -> None:
        """Back to "Not set"."""
        self.setDate(NOT_SET)
        self.selectAll()

    def _start_from_today(self) -> None:
        """A blank date becomes today, with the day ready to be typed over."""
        self.setDate(QDate.currentDate())
        self.setCurrentSection(QDateEdit.Section.DaySection)
        self.setSelectedSection(QDateEdit.Section.DaySection)

    # -- the keyboard ------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # Tab leaves the date, as it leaves every other field: not section by section.
        # (Qt's own section stepping stays for the "/" typed between day, month and year.)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            ):
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                event.accept()
                QWidget.focusNextPrevChild(self, key == Qt.Key.Key_Tab and not shift)
                return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.setDisplayFormat(EDIT_FORMAT)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.setDisplayFormat(SHOW_FORMAT)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        advanced, self._advanced = self._advanced, False
        text = event.text()
        if key == Qt.Key.Key_F4 or (
            key == Qt.Key.Key_Down and modifiers & Qt.KeyboardModifier.AltModifier
        ):
            event.accept()
            self.open_calendar()
        elif key == Qt.Key.Key_Delete or (key == Qt.Key.Key_Backspace and self._all_selected()):
            event.accept()
            self.clear_date()
        elif not self.is_set() and key in _STEP_KEYS and not modifiers:
            event.accept()
            self._start_from_today()
        elif text and text in _SEPARATORS and not modifiers & ~Qt.KeyboardModifier.ShiftModifier:
            # "15/03/2027" and "15 3 2027" both work: a separator right after a section
            # filled itself is not a second move on.
            event.accept()
            last = self.currentSectionIndex() >= self.sectionCount() - 1
            if not advanced and self.is_set() and not last:  # after the year, stay put
                no_keys = Qt.KeyboardModifier.NoModifier
                super().keyPressEvent(QKeyEvent(event.type(), Qt.Key.Key_Slash, no_keys, "/"))
        elif text and text.isprintable() and not self.is_set():
            event.accept()
            self._start_from_today()
            if text.isdigit():
                self._type_digit(event)
        elif text.isdigit():
            self._type_digit(event)
        else:
            super().keyPressEvent(event)

    def _type_digit(self, event: QKeyEvent) -> None:
        section = self.currentSection()
        super().keyPressEvent(event)
        self._advanced = self.currentSection() != section

    def _all_selected(self) -> bool:
        line = self.lineEdit()
        return bool(line.text()) and line.selectedText() == line.text()

    def stepBy(self, steps: int) -> None:
        # The wheel and arrows start a blank date from today, not from 2 January 1900.
        if not self.is_set():
            self._start_from_today()
            return
        super().stepBy(steps)

    # -- the calendar --------------------------------------------------------
    def open_calendar(self) -> None:
        """Open the calendar, as a click on the arrow does: Qt offers no key for it."""
        at = QPointF(self._arrow().center())
        press = QMouseEvent(
            QEvent.Type.MouseButtonPress, at, self.mapToGlobal(at),
            Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        )
        self.mousePressEvent(press)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._watch_calendar()  # a click on the arrow opens it
        super().mousePressEvent(event)

    def _watch_calendar(self) -> None:
        if not self._watching_calendar:
            self._watching_calendar = True
            self.calendarWidget().parentWidget().installEventFilter(self)

    def _arrow(self) -> QRect:
        """Where the calendar's arrow is drawn (found as Qt finds it when clicked)."""
        option = QStyleOptionSpinBox()
        self.initStyleOption(option)
        combo = QStyleOptionComboBox()
        combo.initFrom(self)
        combo.editable = True
        combo.frame = option.frame
        combo.subControls = QStyle.SubControl.SC_All
        arrow = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, combo, QStyle.SubControl.SC_ComboBoxArrow, self
        )
        if arrow.isEmpty():
            arrow = QRect(self.width() - 16, 0, 16, self.height())
        return arrow

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and not self.is_set():
            # The calendar opens on this month with today ready to choose; closing it
            # without choosing leaves the date blank.
            calendar = self.calendarWidget()
            today = QDate.currentDate()
            blocked = calendar.blockSignals(True)
            try:
                calendar.setSelectedDate(today)
                calendar.setCurrentPage(today.year(), today.month())
            finally:
                calendar.blockSignals(blocked)
        return super().eventFilter(watched, event)


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
        chrome = 2 * (self.document().documentMargin() + self.frameWidth()) + 4
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

"""A date box that may be left blank and behaves like every other field at the keyboard."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPointF, QRect, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
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

"""The one delegate that shows a long row whole, wrapped over as many lines as it needs.

Qt's lists and trees cut a long row short ("NHS Trust…") or give it one line's
height. The in-place lists (behaviours, measures, steps, numbered or not), the
problems on the Review page (a tree, headings in bold) and the partners on the
Sign-off page (with a state icon) all wrap their rows through this one class.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

#: Room above and below the wrapped text, together.
PADDING = 12


class WrappingDelegate(QStyledItemDelegate):
    """Each row wrapped over as many lines as it needs, never cut short.

    ``numbered`` puts "1. ", "2. " before each row. ``icons`` is for rows with an
    icon: Qt's own delegate measures a wrapped item without its icon, then paints
    it in less room and drops the last line, so those rows paint their own text.
    """

    MARGIN = 6

    def __init__(
        self,
        view: QAbstractItemView,
        *,
        numbered: bool = False,
        icons: bool = False,
        spelling: bool = False,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.numbered = numbered
        self.icons = icons
        self.spelling = spelling
        if isinstance(view, QListView):
            # A list lays its rows out again on a change of width only if it wraps. Without
            # this, rows measured before the list had its final width (a reopened draft)
            # keep those heights, and a long row is drawn over the next.
            view.setWordWrap(True)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if self.spelling and isinstance(editor, QLineEdit):
            # A row edited in place (a measure, a behaviour) is prose like any other box.
            from charter_builder.gui.spelling import attach_line

            attach_line(editor)
        return editor

    def _shown(self, index: QModelIndex, text: str) -> str:
        return f"{index.row() + 1}.  {text}" if self.numbered else text

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.text = self._shown(index, option.text)
        if not self.icons:  # rows with an icon paint their own wrapped text
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText

    def _text_height(self, metrics: QFontMetrics, width: int, text: str) -> int:
        flags = int(Qt.TextFlag.TextWordWrap)
        return metrics.boundingRect(QRect(0, 0, width, 100_000), flags, text).height()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        if isinstance(self.view, QTreeView):
            return self._tree_row_size(option, index)
        if self.icons:
            self.initStyleOption(option, index)
            width = self._icon_row_text_width(option)
            text = self._text_height(option.fontMetrics, width, option.text)
            height = max(text, option.decorationSize.height()) + 2 * self.MARGIN
            return QSize(width, height)
        width = max(120, self.view.viewport().width() - 16)
        text = self._text_height(option.fontMetrics, width, self._shown(index, index.data() or ""))
        return QSize(width, max(30, text + PADDING))

    def _tree_row_size(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        """A row under a heading is indented (and has its icon); a heading is bold."""
        size = super().sizeHint(option, index)
        view = self.view
        assert isinstance(view, QTreeView)
        is_child = index.parent().isValid()
        inset = view.indentation() + option.decorationSize.width() + 8 if is_child else 0
        width = view.viewport().width() - inset - 12
        if width <= 40:
            return size
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        text = str(index.data(Qt.ItemDataRole.DisplayRole))
        height = self._text_height(QFontMetrics(font), width, text)
        return QSize(size.width(), max(size.height(), height + PADDING))

    def _icon_row_text_width(self, option: QStyleOptionViewItem) -> int:
        width = self.view.viewport().width()
        icon = option.decorationSize.width() + 3 * self.MARGIN
        return max(80, width - icon - 2 * self.MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if not self.icons:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        text, option.text = option.text, ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(role))
        painter.drawText(
            rect.adjusted(self.MARGIN // 2, 0, -self.MARGIN // 2, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            | int(Qt.TextFlag.TextWordWrap),
            text,
        )
        painter.restore()

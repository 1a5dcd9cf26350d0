"""In-place lists that show every sentence whole: behaviours, measures, conflict steps.

Qt's lists cut long rows short and scroll; these rows wrap, and the list grows
with them (between two limits), so the sentences are read as a whole.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
)

from charter_builder.gui.wrapping import WrappingDelegate

#: Padding for the rows of a main list: titles are read, chosen and compared there.
ROOMY_ROWS = "QListWidget::item { padding: 5px 6px; }"
MIN_ROWS_HEIGHT = 110
MAX_ROWS_HEIGHT = 420


class _RowsFitter(QObject):
    """Keeps a list as tall as its rows, so none hides behind a scroll bar."""

    def __init__(self, view: QListWidget, least: int, most: int) -> None:
        super().__init__(view)
        self.view = view
        self.least = least
        self.most = most
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged, model.modelReset):
            signal.connect(self.fit)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self, *_args: object) -> None:
        view = self.view
        if not shiboken6.isValid(view):  # the list is being destroyed
            return
        gap = 2 * view.spacing()
        rows = sum(view.sizeHintForRow(row) + gap for row in range(view.count()))
        height = min(self.most, max(self.least, rows + view.frameWidth() * 2 + 6))
        if (view.minimumHeight(), view.maximumHeight()) != (height, height):
            view.setFixedHeight(height)


def fit_rows(view: QListWidget, least: int = MIN_ROWS_HEIGHT, most: int = MAX_ROWS_HEIGHT) -> None:
    """Keep a list as tall as its rows, between `least` and `most` pixels."""
    _RowsFitter(view, least, most)


def wrap_rows(
    view: QListWidget,
    *,
    numbered: bool = False,
    least: int = MIN_ROWS_HEIGHT,
    most: int = MAX_ROWS_HEIGHT,
) -> None:
    """Make an in-place list show its sentences in full."""
    view.setItemDelegate(WrappingDelegate(view, numbered=numbered, spelling=True))
    fit_rows(view, least, most)

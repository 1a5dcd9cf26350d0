"""Principles: how partners behave towards one another, and what that looks like.

Each principle has a meaning and concrete behaviours "in practice"; the
behaviours are edited in place, in a list that follows the chosen principle.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from charter_builder.gui.binding import FieldBinder
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.list_editor import ListEditor
from charter_builder.gui.pages.base import Location, WizardPage
from charter_builder.gui.pages.purpose import GrowingProseEdit, muted_label
from charter_builder.gui.widgets import add_row, make_form
from charter_builder.model import Behaviour, Principle
from charter_builder.starters import guidance

LIST_PATH = ("principles",)
EDIT_HINT = "Double-click a behaviour, or press F2, to change its words."
#: Padding for the rows of the main list: titles are read, chosen and compared there.
ROOMY_ROWS = "QListWidget::item { padding: 5px 6px; }"
MIN_ROWS_HEIGHT = 110
MAX_ROWS_HEIGHT = 420


class WrappingDelegate(QStyledItemDelegate):
    """Shows each sentence of an in-place list whole, wrapped over as many lines as it needs."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self.view = view

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        width = max(120, self.view.viewport().width() - 16)
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), index.data() or ""
        )
        return QSize(width, max(30, bounds.height() + 12))


class _RowsFitter(QObject):
    """Grows an in-place list to show every row, up to a limit, so none hides behind a scroll."""

    def __init__(
        self, view: QListWidget, least: int = MIN_ROWS_HEIGHT, most: int = MAX_ROWS_HEIGHT
    ) -> None:
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


def stacked_form() -> QFormLayout:
    """A form with each label above its input: beside a list there is no room for both."""
    form = make_form()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
    form.setContentsMargins(20, 0, 0, 0)
    form.setVerticalSpacing(6)
    return form


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


def fit_rows(view: QListWidget, least: int = MIN_ROWS_HEIGHT, most: int = MAX_ROWS_HEIGHT) -> None:
    """Keep a list as tall as its rows, between `least` and `most` pixels."""
    _RowsFitter(view, least, most)


def wrap_rows(view: QListWidget) -> None:
    """Make an in-place list show its sentences in full."""
    view.setItemDelegate(WrappingDelegate(view))
    fit_rows(view)


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


class PrinciplesPage(WizardPage):
    title = "Principles"
    sections = ("principles",)
    guidance_key = "principles"

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.binder = FieldBinder(document, None)
        # The binder dies with the page, not with the document it listens to.
        self.binder.setParent(self)

        detail = QWidget()
        form = stacked_form()
        stack = QVBoxLayout(detail)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addLayout(form)
        # Spare height goes below the form, not between its rows.
        stack.addStretch(1)

        self.title_edit = self.binder.line_edit(QLineEdit(), "title")
        self.title_edit.setPlaceholderText("For example, “Surface and resolve conflict”")
        add_row(form, "&Title", self.title_edit, hint=guidance("principles.title"))

        self.meaning_edit = self.binder.text_edit(GrowingProseEdit(lines=4), "meaning")
        add_row(form, "What it &means", self.meaning_edit, hint=guidance("principles.meaning"))

        self.behaviours = ListEditor(
            document, None, noun="behaviour", new_item=Behaviour, inline_field="text"
        )
        self.behaviours.setFocusProxy(self.behaviours.list)
        wrap_rows(self.behaviours.list)
        practice = QWidget()
        column = QVBoxLayout(practice)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(muted_label(guidance("principles.behaviours")))
        column.addWidget(self.behaviours)
        column.addWidget(muted_label(EDIT_HINT))
        add_row(form, "In &practice", practice)
        embolden_labels(form)
        self.detail = DetailStack(detail, "principle")
        practice.setFocusProxy(self.behaviours.list)
        self.behaviours.list.setAccessibleName("In practice")
        self.behaviours.list.setAccessibleDescription(
            "Behaviours that show this principle in practice. " + EDIT_HINT
        )

        self.principles = ListEditor(
            document,
            LIST_PATH,
            noun="principle",
            new_item=Principle,
            binder=self.binder,
            detail=self.detail,
        )
        self.principles.list.setAccessibleName("Principles")
        self.principles.list.setStyleSheet(ROOMY_ROWS)
        self.principles.empty_label.setWordWrap(True)
        self.body.addWidget(self.principles, 1)

        self.principles.current_changed.connect(self._follow_selection)
        # An undo or a new draft can change the chosen principle without a selection change.
        document.changed.connect(self._follow_selection)
        document.reset.connect(self._follow_selection)
        self._follow_selection()

    def _follow_selection(self, *_args: object) -> None:
        """Show the chosen principle's behaviours, or say how to add a principle."""
        principle_id = self.principles.current_id()
        path = None if principle_id is None else (*LIST_PATH, principle_id, "behaviours")
        self.behaviours.set_list_path(path)
        self.detail.show_form(principle_id is not None)

    def widget_for(self, location: Location, item_id: str | None) -> QWidget | None:
        if not location or location[0] != "principles":
            return None
        if len(location) < 3:
            return self.principles.add_button
        principle_id = item_id or item_id_at(self.document.charter.principles, location[1])
        if principle_id is None:
            return None
        self.principles.select(principle_id)
        self._follow_selection()
        field = location[2]
        if field == "title":
            return self.title_edit
        if field == "meaning":
            return self.meaning_edit
        if field == "behaviours":
            return self.behaviours.list
        return None


def item_id_at(items: list, index: str | int) -> str | None:
    """The id of the item at a problem's list index, if there is one."""
    if isinstance(index, int) and 0 <= index < len(items):
        return items[index].id
    return None

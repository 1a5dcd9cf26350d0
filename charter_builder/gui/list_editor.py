"""One list editor for every list in the charter.

Partners, principles and commitments show a list beside a form for the chosen
item; behaviours, measures and conflict steps are edited in place. Adding,
removing and moving go through the document as core edits, so all undo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from charter_builder.charter.editing import Edit, InsertItem, MoveItem, RemoveItem, resolve, touches
from charter_builder.charter.model import Charter, Item
from charter_builder.gui.binding import FieldBinder
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.inline_rows import ROOMY_ROWS
from charter_builder.gui.wrapping import WrappingDelegate

Path = tuple[str, ...]
ID_ROLE = Qt.ItemDataRole.UserRole


class ListEditor(QWidget):
    """A list of items with Add, Remove, Move up and Move down.

    With a `binder` and a `detail` form the chosen item is edited in the form;
    with `inline_field` each row is itself the text being edited.
    """

    current_changed = Signal(object)

    def __init__(
        self,
        document: CharterDocument,
        list_path: Path | None,
        *,
        noun: str,
        title_of: Callable[[Item], str] | None = None,
        new_item: Callable[[], Item],
        binder: FieldBinder | None = None,
        detail: QWidget | None = None,
        inline_field: str | None = None,
        add_edit: Callable[[Charter, Item, int], Edit] | None = None,
        remove_edit: Callable[[Charter, str], Edit] | None = None,
        move_edit: Callable[[Charter, str, int], Edit] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.list_path = list_path
        self.noun = noun
        self.inline_field = inline_field
        self.title_of = title_of or (lambda item: getattr(item, inline_field or "title", ""))
        self.new_item = new_item
        self.binder = binder
        self._add_edit = add_edit or (lambda _c, item, at: InsertItem(self.list_path, at, item))
        self._remove_edit = remove_edit or (lambda _c, item_id: RemoveItem(self.list_path, item_id))
        self._move_edit = move_edit or (
            lambda _c, item_id, to: MoveItem(self.list_path, item_id, to)
        )
        self._rebuilding = False

        self.list = QListWidget()
        self.list.setAccessibleName(f"{noun.capitalize()}s")
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.currentItemChanged.connect(self._current_item_changed)
        if inline_field:
            self.list.setEditTriggers(
                QAbstractItemView.EditTrigger.DoubleClicked
                | QAbstractItemView.EditTrigger.EditKeyPressed
                | QAbstractItemView.EditTrigger.AnyKeyPressed
            )
            self.list.itemChanged.connect(self._inline_changed)
            self.list.setWordWrap(True)
            self.list.setMinimumHeight(110)
        else:
            self.list.setMinimumWidth(220)
            # Titles are read, chosen and compared here: give each row some air, and wrap a
            # long name rather than hide its end behind a sideways scroll bar.
            self.list.setStyleSheet(ROOMY_ROWS)
            self.list.setItemDelegate(WrappingDelegate(self.list))
            self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.list.setResizeMode(QListView.ResizeMode.Adjust)
            self.list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        self.add_button = self._button(f"&Add {noun}", self.add, f"Add a new {noun}")
        self.remove_button = self._button(
            "&Remove", self.remove_current, f"Remove this {noun} (Delete)"
        )
        self.up_button = self._button(
            "Move &up", lambda: self.move_current(-1), f"Move this {noun} up (Ctrl+Up)"
        )
        self.down_button = self._button(
            "Move do&wn", lambda: self.move_current(1), f"Move this {noun} down (Ctrl+Down)"
        )
        if inline_field:
            # Several inline editors share a page: keep their buttons free of clashing mnemonics.
            for button, text in (
                (self.add_button, f"Add {noun}"),
                (self.remove_button, "Remove"),
                (self.up_button, "Up"),
                (self.down_button, "Down"),
            ):
                button.setText(text)
                button.setAccessibleName(text)
        for keys, action in (
            (QKeySequence.StandardKey.Delete, self.remove_current),
            ("Ctrl+Up", lambda: self.move_current(-1)),
            ("Ctrl+Down", lambda: self.move_current(1)),
            ("Insert", self.add),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(action)

        buttons = QGridLayout()
        buttons.setHorizontalSpacing(6)
        buttons.setVerticalSpacing(6)
        if inline_field:
            # Short words, in one row under the sentences they act on.
            for column, button in enumerate(
                (self.add_button, self.remove_button, self.up_button, self.down_button)
            ):
                buttons.addWidget(button, 0, column)
            buttons.setColumnStretch(4, 1)
        else:
            # Two by two, so the list beside its form stays narrow enough for a small screen.
            buttons.addWidget(self.add_button, 0, 0)
            buttons.addWidget(self.remove_button, 0, 1)
            buttons.addWidget(self.up_button, 1, 0)
            buttons.addWidget(self.down_button, 1, 1)
            buttons.setColumnStretch(2, 1)

        self.empty_label = QLabel(f"No {noun}s yet. Choose “Add {noun}” to add one.")
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setWordWrap(True)

        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addWidget(self.empty_label)
        column.addLayout(buttons)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if detail is not None:
            left = QWidget()
            left.setLayout(column)
            layout.addWidget(left, 2)
            layout.addWidget(detail, 5)
        else:
            layout.addLayout(column)

        document.changed.connect(self._document_changed)
        document.reset.connect(self.rebuild)
        self.rebuild()

    def _button(self, text: str, slot: Callable[[], None], tip: str) -> QPushButton:
        """A button announced by the words on it; the tip says more."""
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", ""))
        button.setToolTip(tip)
        button.setAccessibleDescription(tip)
        button.clicked.connect(slot)
        return button

    # -- what is shown ---------------------------------------------------
    def items(self) -> list[Item]:
        if self.list_path is None:
            return []
        try:
            return resolve(self.document.charter, self.list_path)
        except (KeyError, AttributeError):
            return []

    def current_id(self) -> str | None:
        row = self.list.currentItem()
        return None if row is None else row.data(ID_ROLE)

    def set_list_path(self, list_path: Path | None) -> None:
        """Show another list, e.g. the behaviours of another principle."""
        if list_path != self.list_path:
            self.list_path = list_path
            self.rebuild()

    def select(self, item_id: str | None) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == item_id:
                self.list.setCurrentRow(row)
                return

    def rebuild(self) -> None:
        keep = self.current_id()
        self._rebuilding = True
        try:
            self.list.clear()
            for item in self.items():
                row = QListWidgetItem(self._row_text(item))
                row.setData(ID_ROLE, item.id)
                if self.inline_field:
                    row.setFlags(row.flags() | Qt.ItemFlag.ItemIsEditable)
                    row.setSizeHint(QSize(0, 30))
                self.list.addItem(row)
        finally:
            self._rebuilding = False
        ids = [item.id for item in self.items()]
        if keep in ids:
            self.select(keep)
        elif ids:
            self.list.setCurrentRow(0)
        self._update_state()

    def _row_text(self, item: Item) -> str:
        title = self.title_of(item).strip()
        if self.inline_field:
            return title
        return title or f"New {self.noun}"

    def _update_state(self) -> None:
        has_list = self.list_path is not None
        count = self.list.count()
        row = self.list.currentRow()
        self.add_button.setEnabled(has_list)
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.empty_label.setVisible(has_list and count == 0)
        self.list.setEnabled(has_list)
        if self.binder is not None:
            current = self.current_id()
            self.binder.set_base(None if current is None else (*self.list_path, current))

    def _document_changed(self, path: tuple) -> None:
        if self.list_path is None:
            return
        path = tuple(path)
        n = len(self.list_path)
        if not touches(path, self.list_path):
            return  # an edit elsewhere in the charter
        if len(path) <= n:  # the list itself, or what holds it, was edited: redraw it
            self.rebuild()
            return
        item_id = path[n]
        for row in range(self.list.count()):
            widget_item = self.list.item(row)
            if widget_item.data(ID_ROLE) == item_id:
                try:
                    item = resolve(self.document.charter, (*self.list_path, item_id))
                except KeyError:
                    self.rebuild()
                    return
                text = self._row_text(item)
                if widget_item.text() != text:
                    self._rebuilding = True
                    widget_item.setText(text)
                    self._rebuilding = False
                return

    # -- what the user does ----------------------------------------------
    def _current_item_changed(self, *_args) -> None:
        if self._rebuilding:
            return
        self._update_state()
        self.current_changed.emit(self.current_id())

    def _inline_changed(self, row: QListWidgetItem) -> None:
        if self._rebuilding or self.list_path is None or not self.inline_field:
            return
        path = (*self.list_path, row.data(ID_ROLE), self.inline_field)
        self.document.set_value(path, row.text())

    def add(self) -> None:
        if self.list_path is None:
            return
        item = self.new_item()
        at = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        self.document.apply(self._add_edit(self.document.charter, item, at))
        self.select(item.id)
        self._update_state()
        self.current_changed.emit(item.id)
        if self.inline_field:
            row = self.list.currentItem()
            if row is not None:
                self.list.editItem(row)

    def remove_current(self) -> None:
        current = self.current_id()
        if current is None:
            return
        row = self.list.currentRow()
        self.document.apply(self._remove_edit(self.document.charter, current))
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self._update_state()

    def move_current(self, step: int) -> None:
        current = self.current_id()
        row = self.list.currentRow()
        if current is None or not 0 <= row + step < self.list.count():
            return
        self.document.apply(self._move_edit(self.document.charter, current, row + step))
        self.select(current)
        self._update_state()

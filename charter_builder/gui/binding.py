"""Two-way links between input widgets and fields of the charter.

A page builds its form once and binds each input to a path relative to a
base (the partner or principle being shown). Changing the base re-points the
whole form; edits go through the document, so they are undoable.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QToolTip, QWidget

from charter_builder.charter.editing import touches
from charter_builder.gui import spelling
from charter_builder.gui.date_edit import OptionalDateEdit
from charter_builder.gui.document import CharterDocument

Path = tuple[str, ...]

#: One-line fields that hold no words to spell: addresses and version numbers.
_NOT_WORDS = frozenset({"email", "version"})


class _Binding:
    def __init__(
        self,
        widget: QWidget,
        relative: Path,
        read: Callable[[], Any],
        write: Callable[[Any], None],
        merge: bool,
        empty: Any,
    ) -> None:
        self.empty = empty
        self.widget = widget
        self.relative = relative
        self.read = read
        self.write = write
        self.merge = merge


class FieldBinder(QObject):
    """Keeps a group of inputs and the fields they edit in step."""

    def __init__(
        self,
        document: CharterDocument,
        base: Path | None = (),
        parent: QObject | None = None,
        *,
        listen: bool = True,
    ) -> None:
        """With `listen` False the owner passes on the document's changes (`show_changed`):
        two hundred partners' cards need not each hear every keystroke."""
        # Owned by the form it serves, so it goes when the form goes.
        super().__init__(parent if parent is not None else document)
        self.document = document
        self.base: Path | None = base
        self._bindings: list[_Binding] = []
        self._updating = False
        # Bound methods, not lambdas: a binder deleted with its form stops listening.
        if listen:
            document.changed.connect(self.show_changed)
        document.reset.connect(self.refresh)
        document.text_cut.connect(self._text_cut)

    # -- binding inputs --------------------------------------------------
    def line_edit(self, widget: QLineEdit, *relative: str) -> QLineEdit:
        def write(value: str) -> None:
            widget.setText(value)
            if not widget.hasFocus():  # a long name shown from its start, as people read it
                widget.setCursorPosition(0)

        binding = self._add(widget, relative, widget.text, write, merge=True, empty="")
        widget.textEdited.connect(lambda _text: self._push(binding))
        if relative[-1] not in _NOT_WORDS:
            spelling.attach_line(widget)
        return widget

    def text_edit(self, widget: QPlainTextEdit, *relative: str) -> QPlainTextEdit:
        def write(value: str) -> None:
            if widget.toPlainText() != value:
                widget.setPlainText(value)

        binding = self._add(widget, relative, widget.toPlainText, write, merge=True, empty="")
        widget.textChanged.connect(lambda: self._push(binding))
        return widget

    def date_edit(self, widget: OptionalDateEdit, *relative: str) -> OptionalDateEdit:
        # Typing a date passes through several valid ones: one undo step for them all.
        binding = self._add(widget, relative, widget.value, widget.set_value, merge=True)
        widget.dateChanged.connect(lambda _date: self._push(binding))
        return widget

    def combo(self, widget: QComboBox, *relative: str) -> QComboBox:
        """A choice whose items carry the stored value as their data."""

        def write(value: Any) -> None:
            stored = value.value if isinstance(value, StrEnum) else value
            widget.setCurrentIndex(max(0, widget.findData(stored)))

        binding = self._add(widget, relative, widget.currentData, write, merge=False)
        widget.activated.connect(lambda _index: self._push(binding))
        return widget

    def _add(
        self,
        widget: QWidget,
        relative: Path,
        read: Callable[[], Any],
        write: Callable[[Any], None],
        *,
        merge: bool,
        empty: Any = None,
    ) -> _Binding:
        binding = _Binding(widget, tuple(relative), read, write, merge, empty)
        self._bindings.append(binding)
        self._show(binding)
        return binding

    # -- keeping in step -------------------------------------------------
    def set_base(self, base: Path | None) -> None:
        """Point every bound input at another item; None empties and disables them."""
        self.base = base
        self.refresh()

    def full_path(self, binding: _Binding) -> Path | None:
        return None if self.base is None else (*self.base, *binding.relative)

    def show_changed(self, path: tuple) -> None:
        """Show again only the inputs an edit at `path` can have changed."""
        if self.base is None or not touches(path, self.base):
            return  # nothing bound here, or an edit elsewhere in the charter
        for binding in self._bindings:
            if touches(path, (*self.base, *binding.relative)):
                self._show(binding)

    def refresh(self) -> None:
        for binding in self._bindings:
            self._show(binding)

    def _show(self, binding: _Binding) -> None:
        path = self.full_path(binding)
        value: Any = binding.empty
        if path is not None:
            try:
                value = _plain(self.document.value(path))
            except (KeyError, AttributeError):
                path = None
        binding.widget.setEnabled(path is not None)
        if binding.read() == value:
            return
        self._updating = True
        try:
            binding.write(value)
        finally:
            self._updating = False

    def _push(self, binding: _Binding) -> None:
        if self._updating:
            return
        path = self.full_path(binding)
        if path is None:
            return
        self.document.set_value(path, binding.read(), merge=binding.merge)

    def _text_cut(self, path: tuple, limit: int) -> None:
        for binding in self._bindings:
            if self.full_path(binding) == path:
                _show_cut(binding.widget, limit)


def cut_message(limit: int) -> str:
    return f"This box holds up to {limit:,} characters, so the text after that was not added."


def _show_cut(widget: QWidget, limit: int) -> None:
    """Keep the cursor at the end of what fits, and say why the rest is not there."""
    if isinstance(widget, QPlainTextEdit):
        widget.moveCursor(QTextCursor.MoveOperation.End)
    elif isinstance(widget, QLineEdit):
        widget.end(False)
    QToolTip.showText(widget.mapToGlobal(widget.rect().center()), cut_message(limit), widget)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, StrEnum) else value

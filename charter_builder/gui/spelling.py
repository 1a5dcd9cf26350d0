"""Misspellings underlined as the user types, with suggestions in the context menu.

The checking itself is the Qt-free `charter.spelling`; this module holds the one
checker the window shares, the highlighter on each prose box and the menu entries.
QSyntaxHighlighter re-checks only the paragraph that changed, and every word's answer
is cached, so a key in a long box costs a few cached lookups.
"""

from __future__ import annotations

import weakref
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QStandardPaths
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QInputMethodEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit

from charter_builder.charter.spelling import (
    USER_WORDS_NAME,
    WORD,
    SpellChecker,
    charter_names,
)

_checker: SpellChecker | None = None
#: The open charter's names, kept here until a box needs the checker: making it loads the
#: dictionary, which the window's start must not wait for.
_names: list[str] = []
_highlighters: weakref.WeakSet[SpellingHighlighter | LineSpelling] = weakref.WeakSet()


def user_words_file() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / USER_WORDS_NAME


def checker(*, look_again: bool = False) -> SpellChecker:
    """The window's one checker, made on first use (the dictionary takes half a second).

    `look_again`: make a new one if the data folder has moved (new boxes and menus ask).
    """
    global _checker
    if _checker is None or (look_again and _checker.user_file != user_words_file()):
        _checker = SpellChecker(user_words_file())
        _checker.set_names(_names)
    return _checker


def forget_checker() -> None:
    """Start afresh, as a new run of the application would: ignored words forgotten."""
    global _checker
    _checker = None


def recheck_all() -> None:
    """Underline again in every box (a word added, ignored, or a name changed)."""
    for highlighter in list(_highlighters):
        if shiboken6.isValid(highlighter):
            highlighter.recheck()
        else:  # its box has closed
            _highlighters.discard(highlighter)


def misspelt_format() -> QTextCharFormat:
    form = QTextCharFormat()
    form.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    form.setUnderlineColor(QColor("#d5281b"))  # NHS red: a misspelling, as every editor shows
    return form


class SpellingHighlighter(QSyntaxHighlighter):
    """Underlines each misspelt word of a paragraph when that paragraph changes."""

    def __init__(self, document: QTextDocument, edit: QPlainTextEdit | None = None) -> None:
        super().__init__(document)
        self._format = misspelt_format()
        self._edit = weakref.ref(edit) if edit is not None else None
        _highlighters.add(self)

    def recheck(self) -> None:
        """Check every paragraph again without the box reporting its text as typed.

        Re-highlighting marks the document changed, which a box reports as textChanged:
        its binding would then write the box's text into the charter (stale, mid-reset).
        """
        edit = self._edit() if self._edit is not None else None
        if edit is not None and not shiboken6.isValid(edit):
            return
        was = edit.blockSignals(True) if edit is not None else False
        try:
            self.rehighlight()
        finally:
            if edit is not None:
                edit.blockSignals(was)

    def highlightBlock(self, text: str) -> None:
        if not text:
            return
        for start, length, _word in checker().misspelt(text):
            self.setFormat(start, length, self._format)


def attach(edit: QPlainTextEdit) -> SpellingHighlighter:
    checker(look_again=True)
    return SpellingHighlighter(edit.document(), edit)


def word_at(edit: QPlainTextEdit, pos: QPoint) -> QTextCursor | None:
    """A cursor selecting the word under `pos` (viewport coordinates), if any."""
    cursor = edit.cursorForPosition(pos)
    block = cursor.block()
    offset = cursor.position() - block.position()
    for match in WORD.finditer(block.text()):
        if match.start() <= offset <= match.end():
            selected = QTextCursor(block)
            selected.setPosition(block.position() + match.start())
            selected.setPosition(block.position() + match.end(), QTextCursor.MoveMode.KeepAnchor)
            return selected
    return None


def context_menu(edit: QPlainTextEdit, pos: QPoint) -> QMenu:
    """The editor's usual menu, with suggestions, Add to dictionary and Ignore on a misspelling."""
    menu = edit.createStandardContextMenu(pos)
    selected = word_at(edit, pos)
    if selected is not None and not edit.isReadOnly():
        _offer(menu, selected.selectedText(), lambda s: _replace(selected, s))
    return menu


def _offer(menu: QMenu, word: str, replace) -> None:
    """Suggestions, Add to dictionary and Ignore at the top of `menu`, if `word` is unknown."""
    spell = checker(look_again=True)
    if spell.is_correct(word):
        return
    first = menu.actions()[0] if menu.actions() else None
    entries: list[QAction] = []
    suggestions = spell.suggestions(word)
    for suggestion in suggestions:
        action = QAction(suggestion, menu)
        bold = action.font()
        bold.setBold(True)  # the words to choose from stand out, as in Word
        action.setFont(bold)
        action.triggered.connect(lambda _=False, s=suggestion: replace(s))
        entries.append(action)
    if not suggestions:
        none = QAction("No suggestions", menu)
        none.setEnabled(False)
        entries.append(none)
    between = QAction(menu)
    between.setSeparator(True)
    entries.append(between)
    add = QAction("&Add to dictionary", menu)
    add.triggered.connect(lambda: (spell.add_to_dictionary(word), recheck_all()))
    ignore = QAction("&Ignore", menu)
    ignore.triggered.connect(lambda: (spell.ignore(word), recheck_all()))
    entries += [add, ignore]
    menu.insertActions(first, entries)
    menu.insertSeparator(first)


def _replace(selected: QTextCursor, text: str) -> None:
    selected.beginEditBlock()
    selected.insertText(text)
    selected.endEditBlock()


class LineSpelling(QObject):
    """Underlines and the spelling menu for a one-line box (a title, a name, a role).

    A QLineEdit has no document for a highlighter, so the underlines go in as the text
    formats an input method uses to mark the words it is composing: Qt draws them
    without touching the text, the undo history or the box's signals.
    """

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self._edit = edit
        self._format = misspelt_format()
        _highlighters.add(self)
        edit.textChanged.connect(self.recheck)
        edit.installEventFilter(self)
        self.recheck()

    def recheck(self) -> None:
        edit = self._edit
        if not shiboken6.isValid(edit) or edit.isReadOnly():
            return
        here = edit.cursorPosition()
        attributes = [
            QInputMethodEvent.Attribute(
                QInputMethodEvent.AttributeType.TextFormat, start - here, length, self._format
            )
            for start, length, _word in checker().misspelt(edit.text())
        ]
        QCoreApplication.sendEvent(edit, QInputMethodEvent("", attributes))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._edit and event.type() == QEvent.Type.ContextMenu:
            assert isinstance(event, QContextMenuEvent)
            # From the keyboard (the menu key, Shift+F10) the word is the one at the cursor.
            keyboard = event.reason() == QContextMenuEvent.Reason.Keyboard
            menu = self.context_menu(self._edit.cursorRect().center() if keyboard else event.pos())
            menu.exec(event.globalPos())
            menu.deleteLater()
            return True
        return super().eventFilter(watched, event)

    def context_menu(self, pos: QPoint) -> QMenu:
        edit = self._edit
        menu = edit.createStandardContextMenu()
        offset = edit.cursorPositionAt(pos)
        for match in WORD.finditer(edit.text()):
            if match.start() <= offset <= match.end() and not edit.isReadOnly():
                _offer(menu, match.group(), _line_replacer(edit, match.start(), len(match.group())))
                break
        return menu


def _line_replacer(edit: QLineEdit, start: int, length: int):
    def replace(text: str) -> None:
        edit.setSelection(start, length)
        edit.insert(text)  # one step of the box's own undo, reported as typed

    return replace


def attach_line(edit: QLineEdit) -> LineSpelling:
    checker(look_again=True)
    return LineSpelling(edit)


def follow_document(document: QObject) -> None:
    """Keep the checker's names (partners, places, people) in step with the charter."""

    def refresh(path: tuple = ()) -> None:
        if path and not any(isinstance(p, str) and _names_path(p) for p in path):
            return
        global _names
        try:
            _names = charter_names(document.charter)
        except Exception:
            return
        if _checker is None:
            return  # the checker takes the names when it is made
        spell = checker(look_again=True)
        before = spell.names_key()
        spell.set_names(_names)
        if spell.names_key() != before:
            recheck_all()

    document.changed.connect(refresh)
    document.reset.connect(refresh)
    refresh()


def _names_path(part: str) -> bool:
    return part in {"partners", "partnership", "signatures"} or "name" in part

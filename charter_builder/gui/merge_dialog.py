"""Deciding, one by one, the places where your copy and theirs changed the same thing.

A merge never chooses silently: every conflict stays undecided until the user
keeps theirs, keeps their own, or writes a new text, and nothing is applied until
all of them are decided. Cancel leaves both copies exactly as they were.
"""

from __future__ import annotations

import html
import re
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from charter_builder.charter.sequences import opcodes
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_merge import DraftMerge
from charter_builder.drafts.merge import Conflict, describe_value
from charter_builder.errors import CharterError
from charter_builder.gui.style import theme
from charter_builder.gui.widgets import ProseEdit, labelled_column

THEIRS, YOURS, EDITED = "theirs", "yours", "edited"
CHOICE_WORDS = {
    THEIRS: "Keeping theirs",
    YOURS: "Keeping yours",
    EDITED: "Keeping your edited text",
}
NOT_IN_BASE = "(not in the earlier version)"
EMPTY = "(empty)"


def chosen_style() -> str:
    """The button of the choice made stands out, so nobody has to guess what was picked."""
    t = theme()
    return (
        f"QPushButton:checked {{ background: {t.selected}; color: {t.selected_text};"
        f" border: 1px solid {t.selected}; border-radius: 3px; font-weight: 600; }}"
    )

_TOKEN = re.compile(r"\S+\s*|\s+")


def is_text(value: Any) -> bool:
    """Only text can be edited by hand; choices from a list or dates are kept whole."""
    return isinstance(value, str) and not isinstance(value, Enum)


def plain_value(value: Any) -> str:
    if value is None:
        return describe_value(None)
    if is_text(value) and not value.strip():
        return EMPTY
    return describe_value(value)


def marked_html(text: str, other: str, colour: str) -> str:
    """`text` as HTML with the words `other` lacks shaded, so the difference stands out."""
    words, others = _TOKEN.findall(text), _TOKEN.findall(other)
    out: list[str] = []
    for tag, _i1, _i2, j1, j2 in opcodes([w.strip() for w in others], [w.strip() for w in words]):
        run = "".join(words[j1:j2])
        if tag in ("replace", "insert") and run.strip():
            # One shaded stretch per run of changed words; the space after it stays plain.
            body = run.rstrip()
            shade = f"background-color:{colour}; color:{theme().mark_text};"
            out.append(f'<span style="{shade}">{html.escape(body)}</span>')
            out.append(html.escape(run[len(body) :]))
        else:
            out.append(html.escape(run))
    return _paragraph("".join(out))


def _paragraph(inner: str, *, muted: bool = False) -> str:
    style = "white-space:pre-wrap;"
    if muted:
        style += f" color:{theme().secondary}; font-style:italic;"
    return f'<p style="{style}">{inner}</p>'


class ValuePanel(QWidget):
    """One read-only version of the conflicting value, with its heading above."""

    def __init__(self, title: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(f"<b>{html.escape(title)}</b>")
        self.heading.setStyleSheet(f"color: {theme().heading};")
        note = QLabel(hint)
        note.setObjectName("fieldHint")
        note.setWordWrap(True)
        self.view = QTextBrowser()
        self.view.setReadOnly(True)
        self.view.setOpenLinks(False)
        self.view.setAccessibleName(title)
        self.view.setTabChangesFocus(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)

    def show_html(self, body: str) -> None:
        self.view.setHtml(body)

    def text(self) -> str:
        return self.view.toPlainText()


class MergeDialog(QDialog):
    """Lists the conflicts of one merge and collects a decision for each."""

    def __init__(self, merge: DraftMerge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.merge = merge
        self.conflicts: list[Conflict] = list(merge.result.conflicts)
        #: conflict index -> (which choice, the value to keep)
        self.choices: dict[int, tuple[str, Any]] = {}
        self.merged: Draft | None = None
        self.setWindowTitle("Combine the two copies")
        self.resize(1000, 650)
        self._build()
        self._refresh_list()
        if self.conflicts:
            self.conflict_list.setCurrentRow(0)
        self._update_apply()

    # -- building ------------------------------------------------------------

    def _build(self) -> None:
        count = len(self.conflicts)
        things = "1 thing" if count == 1 else f"{count} things"
        each = "it" if count == 1 else "each"
        heading = QLabel(
            f"Your copy and theirs both changed {things}. Choose what to keep for {each}; "
            "nothing is saved until every one is decided."
        )
        heading.setObjectName("mergeHeading")
        heading.setWordWrap(True)
        heading.setStyleSheet(f"font-size: 12pt; color: {theme().heading};")
        self.heading = heading

        self.conflict_list = QListWidget()
        self.conflict_list.setAccessibleName("Things to decide")
        self.conflict_list.setWordWrap(True)
        self.conflict_list.setSpacing(2)
        self.conflict_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.conflict_list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.conflict_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conflict_list.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        self.conflict_list.currentRowChanged.connect(self._show_conflict)
        left = labelled_column("&Things to decide", self.conflict_list)

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet(
            f"font-size: 11pt; font-weight: 600; color: {theme().heading};"
        )
        self.theirs_panel = ValuePanel("Theirs", "In the copy you are bringing in")
        self.yours_panel = ValuePanel("Yours", "In the copy open here")
        self.base_panel = ValuePanel("Before either change", "When you last shared the draft")
        panels = QSplitter(Qt.Orientation.Horizontal)
        panels.setChildrenCollapsible(False)
        for panel in (self.theirs_panel, self.yours_panel, self.base_panel):
            panels.addWidget(panel)

        self.keep_theirs = QPushButton("Keep &theirs")
        self.keep_yours = QPushButton("Keep &yours")
        self.edit_button = QPushButton("&Edit…")
        self.keep_theirs.setToolTip("Use the text from the copy you are bringing in")
        self.keep_yours.setToolTip("Use the text from the copy open here")
        self.edit_button.setToolTip("Write the text yourself, starting from yours")
        for button in (self.keep_theirs, self.keep_yours, self.edit_button):
            button.setCheckable(True)
            button.setStyleSheet(chosen_style())
        self.keep_theirs.clicked.connect(lambda: self._choose(THEIRS))
        self.keep_yours.clicked.connect(lambda: self._choose(YOURS))
        self.edit_button.clicked.connect(self._start_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_theirs)
        buttons.addWidget(self.keep_yours)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)

        self.choice_label = QLabel()
        self.choice_label.setObjectName("fieldHint")
        self.choice_label.setWordWrap(True)
        self.edit_label = QLabel("Your &wording (this is what will be kept):")
        # The wording kept goes into the charter, so it is spelling-checked like every step.
        self.editor = ProseEdit(lines=4)
        self.editor.setAccessibleName("Your wording")
        line = self.fontMetrics().lineSpacing()
        self.editor.setMinimumHeight(line * 4 + 16)
        self.editor.setMaximumHeight(line * 9 + 16)
        self.edit_label.setBuddy(self.editor)
        self.editor.textChanged.connect(self._edited)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.setSpacing(8)
        right_layout.addWidget(self.title)
        right_layout.addWidget(panels, 3)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.choice_label)
        right_layout.addWidget(self.edit_label)
        right_layout.addWidget(self.editor, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([290, 710])

        self.remaining = QLabel()
        self.remaining.setObjectName("fieldHint")
        self.button_box = QDialogButtonBox()
        self.apply_button = self.button_box.addButton(
            "&Apply merge", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.button_box.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setToolTip("Close without combining; both copies stay as they were")
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        for button in self.findChildren(QPushButton):
            # No default button: Enter presses only the button that has the focus.
            button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remaining, 1)
        bottom.addWidget(self.button_box)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.setTabOrder(self.conflict_list, self.theirs_panel.view)
        self.setTabOrder(self.theirs_panel.view, self.yours_panel.view)
        self.setTabOrder(self.yours_panel.view, self.base_panel.view)
        self.setTabOrder(self.base_panel.view, self.keep_theirs)
        self.setTabOrder(self.keep_theirs, self.keep_yours)
        self.setTabOrder(self.keep_yours, self.edit_button)
        self.setTabOrder(self.edit_button, self.editor)

    # -- showing -------------------------------------------------------------

    def current_index(self) -> int:
        return self.conflict_list.currentRow()

    def _refresh_list(self) -> None:
        current = self.conflict_list.currentRow()
        self.conflict_list.blockSignals(True)
        self.conflict_list.clear()
        for index, conflict in enumerate(self.conflicts):
            choice = self.choices.get(index)
            state = f"✓ {CHOICE_WORDS[choice[0]]}" if choice else "○ Still to decide"
            item = QListWidgetItem(f"{conflict.description}\n{state}")
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setToolTip(conflict.description)
            if not choice:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.conflict_list.addItem(item)
        self.conflict_list.setCurrentRow(current)
        self.conflict_list.blockSignals(False)

    def _show_conflict(self, index: int) -> None:
        if not 0 <= index < len(self.conflicts):
            return
        conflict = self.conflicts[index]
        self.title.setText(html.escape(conflict.description))
        theirs, yours = plain_value(conflict.theirs), plain_value(conflict.mine)
        t = theme()  # words one side has and the other lacks, shaded softly
        self.theirs_panel.show_html(self._side_html(conflict.theirs, theirs, yours, t.theirs_mark))
        self.yours_panel.show_html(self._side_html(conflict.mine, yours, theirs, t.yours_mark))
        if conflict.base is None:
            base = _paragraph(html.escape(NOT_IN_BASE), muted=True)
        else:
            base = _paragraph(html.escape(plain_value(conflict.base)))
        self.base_panel.show_html(base)
        editable = is_text(conflict.mine) or is_text(conflict.theirs)
        self.edit_button.setVisible(editable)
        self._show_choice(index)

    def _side_html(self, value: Any, text: str, other: str, colour: str) -> str:
        if value is None or (is_text(value) and not value.strip()):
            return _paragraph(html.escape(text), muted=True)
        return marked_html(text, other, colour)

    def _show_choice(self, index: int) -> None:
        choice = self.choices.get(index)
        kind = choice[0] if choice else None
        self.keep_theirs.setChecked(kind == THEIRS)
        self.keep_yours.setChecked(kind == YOURS)
        self.edit_button.setChecked(kind == EDITED)
        editing = kind == EDITED
        self.edit_label.setVisible(editing)
        self.editor.setVisible(editing)
        if editing and self.editor.toPlainText() != choice[1]:
            self.editor.blockSignals(True)
            self.editor.setPlainText(choice[1])
            self.editor.blockSignals(False)
        if choice:
            self.choice_label.setText(f"Decided: {CHOICE_WORDS[kind].lower()}.")
        else:
            self.choice_label.setText("Not decided yet: choose one of the buttons above.")

    def _update_apply(self) -> None:
        left = len(self.conflicts) - len(self.choices)
        self.apply_button.setEnabled(left == 0)
        if left:
            words = "1 thing" if left == 1 else f"{left} things"
            text = f"{words} still to decide before you can apply the merge."
        else:
            text = "Everything is decided. Apply the merge to combine the copies."
        self.remaining.setText(text)
        self.apply_button.setToolTip(text)

    # -- choosing ------------------------------------------------------------

    def _choose(self, kind: str, value: Any = None) -> None:
        index = self.current_index()
        if index < 0:
            return
        conflict = self.conflicts[index]
        if kind == THEIRS:
            value = conflict.theirs
        elif kind == YOURS:
            value = conflict.mine
        self.choices[index] = (kind, value)
        self._refresh_list()
        self._show_choice(index)
        self._update_apply()

    def _start_edit(self) -> None:
        index = self.current_index()
        if index < 0:
            return
        choice = self.choices.get(index)
        if choice and choice[0] == EDITED:
            start = choice[1]
        else:
            conflict = self.conflicts[index]
            start = conflict.mine if is_text(conflict.mine) else conflict.theirs
        self._choose(EDITED, start or "")
        self.editor.setFocus()

    def _edited(self) -> None:
        index = self.current_index()
        choice = self.choices.get(index)
        if choice and choice[0] == EDITED:
            self.choices[index] = (EDITED, self.editor.toPlainText())

    def choice_values(self) -> dict[int, Any]:
        return {index: value for index, (_kind, value) in self.choices.items()}

    # -- finishing -----------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The button box makes Apply the default when shown; Enter must not apply by surprise.
        self.apply_button.setDefault(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # Enter presses a focused button; anywhere else it does nothing
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        if len(self.choices) < len(self.conflicts):
            return
        try:
            self.merged = self.merge.finish(self.choice_values())
        except (ValueError, CharterError) as error:
            QMessageBox.warning(self, "The copies could not be combined", str(error))
            return
        super().accept()


def resolve_conflicts(merge: DraftMerge, parent: QWidget | None) -> Draft | None:
    """Ask the user to decide every conflict; the merged Draft, or None if they cancel."""
    if merge.result.clean:
        return merge.draft
    dialog = MergeDialog(merge, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.merged
        return None
    finally:
        dialog.deleteLater()

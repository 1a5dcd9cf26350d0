"""The draft's history: who saved what and when, and what each save changed.

Boards co-edit for weeks; before signing, people want to see how the wording
got where it is. One revision shows what it changed; two show everything that
changed between them; and any revision can be compared with the draft as it is now.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from charter_builder.charter.model import Charter
from charter_builder.drafts.diff import Change, diff_charters
from charter_builder.drafts.history import History, Revision
from charter_builder.errors import CharterError
from charter_builder.gui.style import theme
from charter_builder.gui.widgets import labelled_column
from charter_builder.when import revision_time

EMPTY_HISTORY = "This draft has no saved history yet. Each save records a revision."


def removed_style() -> str:
    """Struck-through words, in a red that reads on the theme's background."""
    return f"color:{theme().removed}; text-decoration:line-through;"


def added_style() -> str:
    """Underlined words, in a green that reads on the theme's background."""
    return f"color:{theme().added}; text-decoration:underline;"


KIND_WORDS = {"added": "Added", "removed": "Removed", "changed": "Changed", "moved": "Moved"}
#: Unchanged stretches longer than this many words are shortened to their ends.
LONG_RUN = 40
KEEP_WORDS = 12
#: Below this share of unchanged text, a change is shown as old text then new text.
REWRITTEN = 0.4


# -- differences as rich text --------------------------------------------------------


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _shorten(text: str) -> str:
    """Keep the ends of a long unchanged stretch so the change itself is easy to find."""
    words = text.split(" ")
    if len(words) <= LONG_RUN:
        return _esc(text)
    head, tail = " ".join(words[:KEEP_WORDS]), " ".join(words[-KEEP_WORDS:])
    gap = f'<span style="color:{theme().secondary};"> … </span>'
    return f"{_esc(head)}{gap}{_esc(tail)}"


def words_html(words: Sequence[tuple[str, str]]) -> str:
    """Removed words struck through in red, added words underlined in green."""
    out: list[str] = []
    previous, previous_text = "", ""
    for kind, text in words:
        changes = {kind, previous} == {"removed", "added"}
        if changes and not previous_text[-1:].isspace() and not text[:1].isspace():
            out.append(" ")  # "hospital" struck and "first" added must not run together
        if kind in ("removed", "added"):
            body = text.rstrip()  # the space after a word is not part of the change
            style = removed_style() if kind == "removed" else added_style()
            out.append(f'<span style="{style}">{_esc(body)}</span>{_esc(text[len(body) :])}')
        else:
            out.append(_shorten(text))
        previous, previous_text = kind, text
    return "".join(out)


def readable_words(change: Change) -> Sequence[tuple[str, str]]:
    """Word by word when the text was edited; old then new when it was rewritten.

    A rewrite shares only words like "the" and "to" with what it replaced, and
    threading those through two texts makes both unreadable.
    """
    kept = sum(len(text) for kind, text in change.words if kind == "same")
    if kept >= REWRITTEN * max(len(change.old), len(change.new), 1):
        return change.words
    return [("removed", change.old), ("added", change.new)]


def change_html(change: Change) -> str:
    where = change.where or "The whole section"
    kind = KIND_WORDS.get(change.kind, change.kind.capitalize())
    title = (
        f'<p style="margin-top:8px; margin-bottom:2px;"><b>{_esc(where)}</b> '
        f'<span style="color:{theme().secondary};">· {_esc(kind.lower())}</span></p>'
    )
    if change.kind == "changed" and change.words:
        body = words_html(readable_words(change))
    elif change.kind == "changed":
        body = words_html([("removed", change.old), ("same", " → "), ("added", change.new)])
    elif change.kind == "added":
        body = words_html([("added", change.new)])
    elif change.kind == "removed":
        body = words_html([("removed", change.old)])
    else:
        body = f"Now in this order: {_esc(change.new)}" if change.new else _esc(change.old)
    if not body.strip():
        return title
    return f'{title}<p style="white-space:pre-wrap; margin-left:14px;">{body}</p>'


def changes_html(heading: str, changes: list[Change]) -> str:
    parts = [f'<h2 style="color:{theme().heading};">{_esc(heading)}</h2>']
    if not changes:
        parts.append(f'<p style="color:{theme().secondary};">Nothing in the charter changed.</p>')
    section = None
    for change in changes:
        if change.section != section:
            section = change.section
            parts.append(
                f'<h3 style="color:{theme().heading}; margin-top:14px;">{_esc(section)}</h3>'
            )
        parts.append(change_html(change))
    return "".join(parts)


def message_html(text: str) -> str:
    return f'<p style="color:{theme().secondary};">{_esc(text)}</p>'


# -- the dialog ---------------------------------------------------------------------------


class HistoryDialog(QDialog):
    """Revisions newest first on the left; what changed, in words, on the right."""

    def __init__(self, history: History, charter: Charter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.charter = charter
        self.setWindowTitle("History of this draft")
        self.resize(1000, 650)
        self._build()
        self._fill()

    def _build(self) -> None:
        intro = QLabel(
            "Each save is kept as a revision. Select one to see what it changed, or select two "
            "(hold Ctrl) to see everything that changed between them."
        )
        intro.setWordWrap(True)
        self.revision_list = QTreeWidget()
        self.revision_list.setColumnCount(4)
        self.revision_list.setHeaderLabels(["No.", "Saved", "By", "What changed"])
        self.revision_list.setRootIsDecorated(False)
        self.revision_list.setUniformRowHeights(True)
        self.revision_list.setStyleSheet("QTreeWidget::item { padding: 3px 2px; }")
        self.revision_list.setAlternatingRowColors(True)
        self.revision_list.setAccessibleName("Revisions")
        self.revision_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.revision_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.revision_list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.revision_list.itemSelectionChanged.connect(self._show_selection)
        left = labelled_column("&Revisions, newest first", self.revision_list)

        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.setAccessibleName("Differences")
        self.view.document().setDocumentMargin(12)
        view_label = QLabel("&Differences")
        view_label.setBuddy(self.view)
        view_label.setStyleSheet("font-weight: 600;")
        legend = QLabel(
            f'<span style="{removed_style()}">removed words</span> &nbsp; '
            f'<span style="{added_style()}">added words</span>'
        )
        top = QHBoxLayout()
        top.addWidget(view_label)
        top.addStretch(1)
        top.addWidget(legend)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 6, 0, 0)
        right_layout.addLayout(top)
        right_layout.addWidget(self.view, 1)

        # Revisions above, differences below: both get the full width they need.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([180, 370])

        self.compare_button = QPushButton("Compare with the &current draft")
        self.compare_button.setToolTip(
            "Show what has changed since the selected revision, including unsaved changes"
        )
        self.compare_button.clicked.connect(self.compare_with_current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("C&lose")
        bottom = QHBoxLayout()
        bottom.addWidget(self.compare_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    def _fill(self) -> None:
        revisions = list(self.history.revisions)
        for number, revision in reversed(list(enumerate(revisions, 1))):
            summary = revision.summary or "Saved"
            if revision.is_merge:
                summary = f"merged · {summary}"
            if self.history.marks_of(revision.id):
                summary = f"sent to boards · {summary}"
            when = revision_time(revision.time)
            row = QTreeWidgetItem([str(number), when, revision.who, summary])
            row.setData(0, Qt.ItemDataRole.UserRole, revision.id)
            row.setToolTip(3, summary)
            row.setToolTip(2, revision.who)
            row.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.revision_list.addTopLevelItem(row)
        self.revision_list.setColumnWidth(2, 340)
        if not revisions:
            self.revision_list.setEnabled(False)
            self.compare_button.setEnabled(False)
            self.view.setHtml(message_html(EMPTY_HISTORY))
            return
        self.revision_list.setCurrentItem(self.revision_list.topLevelItem(0))
        self.revision_list.setFocus()

    # -- showing differences ------------------------------------------------------------

    def selected(self) -> list[Revision]:
        """The selected revisions, oldest first."""
        ids = {row.data(0, Qt.ItemDataRole.UserRole) for row in self.revision_list.selectedItems()}
        return [r for r in self.history.revisions if r.id in ids]

    def select(self, *numbers: int) -> None:
        """Select revisions by their numbers, as a user would by clicking them."""
        self.revision_list.clearSelection()
        for row in range(self.revision_list.topLevelItemCount()):
            item = self.revision_list.topLevelItem(row)
            if int(item.text(0)) in numbers:
                item.setSelected(True)

    def text(self) -> str:
        return self.view.toPlainText()

    def _show_selection(self) -> None:
        chosen = self.selected()
        self.compare_button.setEnabled(len(chosen) == 1)
        if not chosen:
            self.view.setHtml(message_html("Select a revision to see what it changed."))
        elif len(chosen) == 1:
            self._show_one(chosen[0])
        elif len(chosen) == 2:
            self._show_between(*chosen)
        else:
            self.view.setHtml(
                message_html("Select one revision, or two to see what changed between them.")
            )

    def _show_one(self, revision: Revision) -> None:
        number = self.history.number(revision.id)
        heading = f"Revision {number}, saved {revision_time(revision.time)} by {revision.who}"
        parent = self.history.parent_of(revision.id)
        if parent is None:
            self._show(
                heading,
                Charter(),
                revision,
                note="The first saved version: everything in it is shown as added.",
            )
            return
        older = self.history.revision(parent)
        note = f"Compared with revision {self.history.number(parent)}."
        for mark in self.history.marks_of(revision.id):
            note += f" Sent to boards: marked {revision_time(mark.time)} by {mark.who}."
        if revision.is_merge:
            note = (
                f"This revision merged in another copy. Compared with revision "
                f"{self.history.number(parent)}, the copy it was saved from."
            )
        self._show(heading, older, revision, note=note)

    def _show_between(self, older: Revision, newer: Revision) -> None:
        first, second = self.history.number(older.id), self.history.number(newer.id)
        self._show(
            f"From revision {first} to revision {second}",
            older,
            newer,
            note=f"Everything that changed between {revision_time(older.time)} "
            f"and {revision_time(newer.time)}.",
        )

    def compare_with_current(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        revision = chosen[-1]
        number = self.history.number(revision.id)
        self._show(
            f"From revision {number} to the current draft",
            revision,
            self.charter,
            note="Includes any changes not saved yet.",
        )

    def _show(
        self,
        heading: str,
        old: Revision | Charter,
        new: Revision | Charter,
        *,
        note: str = "",
    ) -> None:
        try:
            before = old if isinstance(old, Charter) else self.history.snapshot(old.id)
            after = new if isinstance(new, Charter) else self.history.snapshot(new.id)
        except CharterError as error:
            self.view.setHtml(message_html(str(error)))
            return
        body = changes_html(heading, diff_charters(before, after))
        if note:
            body = body.replace("</h2>", f"</h2>{message_html(note)}", 1)
        self.view.setHtml(body)


def show_history(history: History, charter: Charter, parent: QWidget | None) -> None:
    """Show the draft's history modally; nothing in it changes the draft."""
    dialog = HistoryDialog(history, charter, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()

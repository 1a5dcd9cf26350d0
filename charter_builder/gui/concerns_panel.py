"""Concerns on a step: raise one, see who raised what and when, resolve or accept it.

Each wizard step shows a one-line bar beside its heading (how many concerns
are open, and "Raise a concern…"), and under its guidance the concerns
themselves, only when there are any. The review step lists every open concern
with a way to go to it, because they hold up freezing the text for signing.
Every change goes through the document, so it can be undone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charter_builder.charter.concerns import (
    accept_concern,
    concerns_on,
    find_concern,
    open_concerns,
    raise_concern,
    reopen_concern,
    resolve_concern,
    section_label,
)
from charter_builder.charter.editing import touches
from charter_builder.charter.model import MAX_TEXT, SHORT_TEXT, Charter, Concern, ConcernStatus
from charter_builder.charter.problems import Problem
from charter_builder.drafts.starters import guidance
from charter_builder.errors import CharterError
from charter_builder.gui import settings
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.style import concerns_style
from charter_builder.gui.widgets import ProseEdit, add_row, make_form, muted_label
from charter_builder.when import local_date_time, local_day
from charter_builder.words import plural


def who_text(name: str, organisation: str) -> str:
    if name and organisation:
        return f"{name}, {organisation}"
    return name or organisation or "someone"


def raised_text(concern: Concern) -> str:
    who = who_text(concern.raised_by_name, concern.raised_by_organisation)
    on = local_day(concern.raised_on)
    return f"Raised by {who}" + (f" on {on}" if on else "")


def settled_text(concern: Concern) -> str:
    if concern.status is ConcernStatus.OPEN:
        return ""
    verb = "Resolved" if concern.status is ConcernStatus.RESOLVED else "Accepted as it stands"
    who = who_text(concern.resolved_by_name, concern.resolved_by_organisation)
    on = local_day(concern.resolved_on)
    head = f"{verb} by {who}" + (f" on {on}" if on else "")
    return f"{head}: {concern.resolution}" if concern.resolution else f"{head}."


def _organisation_box(charter: Charter, organisation: str) -> QComboBox:
    """The user's organisation, offering the partners' names; a partner's own spelling wins."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    names = [p.name for p in charter.partners if p.name.strip()]
    box.addItems(names)
    match = next((n for n in names if n.strip().casefold() == organisation.strip().casefold()), "")
    box.setEditText(match or organisation)
    return box


class _ConcernDialog(QDialog):
    """Asks for the words of a concern or of its settling, and who is writing them."""

    def __init__(
        self,
        parent: QWidget,
        charter: Charter,
        *,
        title: str,
        intro: str,
        prompt: str,
        button: str,
        sections: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        name, organisation = settings.user_identity()
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        if intro:
            lead = QLabel(intro)
            lead.setWordWrap(True)
            lead.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(lead)
        form = make_form()
        self.section: QComboBox | None = None
        if len(sections) > 1:
            self.section = QComboBox()
            for section in sections:
                self.section.addItem(section_label(section), section)
            add_row(form, "&About", self.section)
        self.text = ProseEdit(lines=4)
        add_row(form, prompt, self.text)
        self.name = QLineEdit(name)
        self.name.setMaxLength(SHORT_TEXT)
        add_row(form, "Your &name", self.name)
        self.organisation = _organisation_box(charter, organisation)
        line = self.organisation.lineEdit()
        if line is not None:
            line.setMaxLength(SHORT_TEXT)
        add_row(form, "Your &organisation", self.organisation)
        layout.addLayout(form)
        self.too_long = muted_label(
            f"This is longer than the {MAX_TEXT:,} characters a concern can hold; "
            "please shorten it."
        )
        self.too_long.hide()
        layout.addWidget(self.too_long)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(button)
        self.ok_button.setAccessibleName(button.replace("&", ""))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._update)
        self.name.textChanged.connect(self._update)
        self._update()
        self.text.setFocus()

    def _update(self) -> None:
        text = self.text.toPlainText()
        fits = len(text.strip()) <= MAX_TEXT
        self.too_long.setVisible(not fits)
        self.ok_button.setEnabled(bool(text.strip() and self.name.text().strip()) and fits)

    def values(self) -> tuple[str, str, str]:
        return (
            self.text.toPlainText().strip(),
            self.name.text().strip(),
            self.organisation.currentText().strip(),
        )

    def chosen_section(self, default: str) -> str:
        return default if self.section is None else str(self.section.currentData())


class ConcernRow(QFrame):
    """One concern: its words, who raised it and when, where it stands, and what to do."""

    def __init__(self, concern: Concern, *, show_section: bool, first: bool) -> None:
        super().__init__()
        self.concern_id = concern.id
        self.setObjectName("concernRow")
        self.setProperty("first", first)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(12)

        badge = QLabel(concern.status.label)
        badge.setObjectName("concernBadge")
        badge.setProperty("status", concern.status.value)
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge = badge

        words = QVBoxLayout()
        words.setSpacing(2)
        prefix = f"{section_label(concern.section)}: " if show_section else ""
        self.text = QLabel(f"{prefix}{concern.text}")
        self.text.setObjectName("concernText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = muted_label(raised_text(concern))
        self.meta.setObjectName("concernMeta")
        if concern.raised_on is not None:
            self.meta.setToolTip(local_date_time(concern.raised_on))
        words.addWidget(self.text)
        words.addWidget(self.meta)
        self.settled = muted_label(settled_text(concern))
        self.settled.setObjectName("concernMeta")
        self.settled.setVisible(concern.status is not ConcernStatus.OPEN)
        words.addWidget(self.settled)

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        actions.setSpacing(6)
        if concern.status is ConcernStatus.OPEN:
            wanted = [("resolve", "Resolve…"), ("accept", "Accept as it stands…")]
        else:
            wanted = [("reopen", "Reopen")]
        for key, text in wanted:
            button = QPushButton(text)
            button.setAccessibleName(text.rstrip("…"))
            button.setAccessibleDescription(f"Concern: {concern.text}")
            button.setAutoDefault(False)
            self.buttons[key] = button
            actions.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(words, 1)
        layout.addLayout(actions)


class ConcernsPanel(QFrame):
    """The concerns about one step's sections; `bar` goes beside the step's heading."""

    def __init__(
        self,
        document: CharterDocument,
        sections: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.sections = sections
        self.setObjectName("concerns")
        self.setStyleSheet(concerns_style())
        self.dialog: _ConcernDialog | None = None
        self.show_error: Callable[[str], None] = self._default_error
        self.rows: dict[str, ConcernRow] = {}

        # The bar: a count and the way to raise one, small enough to sit by the heading.
        self.bar = QWidget()
        self.bar.setStyleSheet(concerns_style())
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(10)
        self.count = QLabel()
        self.count.setObjectName("concernCount")
        self.show_settled = QPushButton()
        self.show_settled.setObjectName("concernLink")
        self.show_settled.setCheckable(True)
        self.show_settled.setCursor(Qt.CursorShape.PointingHandCursor)
        self.show_settled.toggled.connect(lambda _on: self.refresh())
        self.raise_button = QPushButton("Raise a concern…")
        self.raise_button.setAccessibleName("Raise a concern")
        self.raise_button.setAccessibleDescription(guidance("concerns"))
        self.raise_button.setToolTip(guidance("concerns"))
        self.raise_button.setAutoDefault(False)
        self.raise_button.clicked.connect(self.start_raising)
        bar.addWidget(self.count)
        bar.addWidget(self.show_settled)
        bar.addWidget(self.raise_button)

        # The list, under the guidance: only there when there is something to show.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 6, 14, 6)
        layout.setSpacing(0)
        self.rows_layout = layout

        document.changed.connect(self._document_changed)
        document.reset.connect(self.refresh)
        self.refresh()

    # -- showing ---------------------------------------------------------------
    def concerns(self) -> list[Concern]:
        return concerns_on(self.document.charter, self.sections)

    def open_count(self) -> int:
        return len(open_concerns(self.document.charter, self.sections))

    def _document_changed(self, path: tuple) -> None:
        if touches(path, ("concerns",)) or touches(path, ("partners",)):
            self.refresh()

    def refresh(self) -> None:
        concerns = self.concerns()
        waiting = [c for c in concerns if c.status is ConcernStatus.OPEN]
        settled = [c for c in concerns if c.status is not ConcernStatus.OPEN]
        if waiting:
            self.count.setText(plural(len(waiting), "open concern"))
        elif settled:
            self.count.setText("No open concerns")
        else:
            self.count.setText("No concerns raised")
        self.count.setProperty("open", bool(waiting))
        self._repolish(self.count)
        self.count.setAccessibleName(self.count.text())

        self.show_settled.setVisible(bool(settled))
        shown_settled = self.show_settled.isChecked() and bool(settled)
        label = "Hide settled" if shown_settled else f"Show settled ({len(settled)})"
        self.show_settled.setText(label)
        self.show_settled.setAccessibleName(label)

        for row in self.rows.values():
            self.rows_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = {}
        shown = waiting + (settled if shown_settled else [])
        for index, concern in enumerate(shown):
            row = ConcernRow(concern, show_section=len(self.sections) > 1, first=index == 0)
            for key, button in row.buttons.items():
                button.clicked.connect(lambda _c=False, k=key, i=concern.id: self._act(k, i))
            self.rows_layout.addWidget(row)
            self.rows[concern.id] = row
        self.setProperty("settled", not waiting)
        self._repolish(self)
        self.setVisible(bool(shown))

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def focus_concern(self, concern_id: str) -> QWidget | None:
        """The first button of a concern's row (shown, settled ones too), for the keyboard."""
        if concern_id not in self.rows and any(c.id == concern_id for c in self.concerns()):
            self.show_settled.setChecked(True)
        row = self.rows.get(concern_id)
        if row is None:
            return None
        return next(iter(row.buttons.values()))

    # -- acting ----------------------------------------------------------------
    def start_raising(self) -> None:
        """Open the dialog that asks what the concern is (it stays open while typing)."""
        charter = self.document.charter
        dialog = _ConcernDialog(
            self.window(),
            charter,
            title="Raise a concern",
            intro=(
                "Say what you are not yet happy with and why. Every partner will see it "
                "on this step and on the review step, and the text cannot be frozen for "
                "signing until the concern is resolved or accepted."
            ),
            prompt="What is the &concern?",
            button="&Raise the concern",
            sections=self.sections,
        )
        dialog.accepted.connect(lambda: self._raise_from(dialog))
        self._show_dialog(dialog)

    def _raise_from(self, dialog: _ConcernDialog) -> None:
        text, name, organisation = dialog.values()
        section = dialog.chosen_section(self.sections[0])
        self._apply(lambda c: raise_concern(c, section, text, name, organisation))

    def _act(self, key: str, concern_id: str) -> None:
        if key == "reopen":
            self._apply(lambda c: reopen_concern(c, concern_id))
            return
        concern = find_concern(self.document.charter, concern_id)
        if key == "resolve":
            title, prompt = "Resolve a concern", "&How was it resolved?"
            button = "&Mark as resolved"
            make = resolve_concern
        else:
            title, prompt, button = (
                "Accept as it stands",
                "&Why does it stand?",
                "&Accept as it stands",
            )
            make = accept_concern
        dialog = _ConcernDialog(
            self.window(),
            self.document.charter,
            title=title,
            intro=f"{raised_text(concern)}:\n“{concern.text}”",
            prompt=prompt,
            button=button,
        )

        def settle() -> None:
            note, name, organisation = dialog.values()
            self._apply(lambda c: make(c, concern_id, note, name, organisation))

        dialog.accepted.connect(settle)
        self._show_dialog(dialog)

    def _show_dialog(self, dialog: _ConcernDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _apply(self, make_edit: Callable[[Charter], object]) -> None:
        try:
            edit = make_edit(self.document.charter)
        except CharterError as error:
            self.show_error(error.message)
            return
        self.document.apply(edit)  # type: ignore[arg-type]

    def _default_error(self, text: str) -> None:
        QMessageBox.warning(self, "Concerns", text)


class OpenConcernsList(QFrame):
    """The review step's list of every open concern, each with a way to go to it."""

    #: The user wants to see a concern where it was raised: a Problem pointing at it.
    go_to = Signal(object)

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setObjectName("concerns")
        self.setStyleSheet(concerns_style())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        self.heading = QLabel()
        self.heading.setObjectName("concernsHeading")
        self.explanation = muted_label(
            "Freezing the text for signing waits until each concern is resolved, or the "
            "partners accept the section as it stands."
        )
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setSpacing(0)
        layout.addLayout(self.rows_layout)
        self.links: dict[str, QPushButton] = {}
        self._rows: list[QWidget] = []
        self.refresh()

    def refresh(self) -> None:
        waiting = open_concerns(self.document.charter)
        for row in self._rows:
            row.hide()
            row.deleteLater()
        self._rows = []
        self.links = {}
        self.heading.setText(f"Open concerns ({len(waiting)})")
        for index, concern in enumerate(waiting):
            row = QFrame()
            row.setObjectName("concernRow")
            row.setProperty("first", index == 0)
            words = QVBoxLayout(row)
            words.setContentsMargins(0, 8, 0, 6)
            words.setSpacing(2)
            text = QLabel(concern.text)
            text.setObjectName("concernText")
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            meta = muted_label(f"{section_label(concern.section)} · {raised_text(concern)}")
            meta.setObjectName("concernMeta")
            label = f"Go to {section_label(concern.section)}"
            link = QPushButton(label)
            link.setObjectName("concernLink")
            link.setCursor(Qt.CursorShape.PointingHandCursor)
            link.setAccessibleName(label)
            link.setAccessibleDescription(f"Concern: {concern.text}")
            link.setAutoDefault(False)
            problem = Problem((concern.section,), concern.text, concern.id)
            link.clicked.connect(lambda _c=False, p=problem: self.go_to.emit(p))
            words.addWidget(text)
            words.addWidget(meta)
            words.addWidget(link, 0, Qt.AlignmentFlag.AlignLeft)
            self.rows_layout.addWidget(row)
            self._rows.append(row)
            self.links[concern.id] = link
        self.setVisible(bool(waiting))

"""How the partnership board meets, decides, visits, settles conflict and changes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QWidget,
)

from charter_builder.charter.labels import SECTION_LABELS
from charter_builder.charter.model import EscalationStep
from charter_builder.drafts.starters import guidance
from charter_builder.gui.binding import FieldBinder
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.inline_rows import wrap_rows
from charter_builder.gui.list_editor import ListEditor
from charter_builder.gui.pages.base import Location, WizardPage
from charter_builder.gui.widgets import ProseEdit, add_row, make_form, muted_label

#: (field, visible label, lines, example shown while empty); the order of the page and PDF.
PROSE_FIELDS: tuple[tuple[str, str, int, str], ...] = (
    (
        "decision_making",
        "How &decisions are made",
        4,
        "For example: the board decides by consensus; each partner's own board keeps "
        "the decisions the law gives it.",
    ),
    (
        "meeting_rhythm",
        "&Meeting rhythm",
        3,
        "For example: every other month, with an independent chair and papers a week ahead.",
    ),
    (
        "gemba_visits",
        "Go to gemba &visits",
        4,
        "For example: each board member spends half a day a quarter with a front-line team.",
    ),
)
LATER_FIELDS: tuple[tuple[str, str, int, str], ...] = (
    (
        "review_and_variation",
        "Rev&iew and variation",
        4,
        "For example: reviewed every year; changed only with every partner's written consent.",
    ),
    (
        "joining_and_leaving",
        "&Joining and leaving",
        4,
        "For example: an organisation joins when its board approves the charter; a partner "
        "may leave with six months' notice.",
    ),
)
CONFLICT_LABEL = "Surfacing and resolving conflict"
MIN_STEPS_HEIGHT = 110
MAX_STEPS_HEIGHT = 480


class GovernancePage(WizardPage):
    """The board's ways of working; it sits beside each partner's own governance."""

    title = SECTION_LABELS["governance"]
    sections = ("governance",)
    guidance_key = "governance"

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.binder = FieldBinder(document, ("governance",), self)
        self.fields: dict[str, QWidget] = {}

        group = QGroupBox("How the partnership board works")
        form = make_form()
        form.setVerticalSpacing(8)
        group.setLayout(form)
        for row in PROSE_FIELDS:
            self._prose_row(form, *row)
        self._conflict_row(form)
        for row in LATER_FIELDS:
            self._prose_row(form, *row)
        self.body.addWidget(group)
        self.body.addStretch(1)

    def _prose_row(
        self, form: QFormLayout, field: str, label: str, lines: int, example: str
    ) -> None:
        edit = self.binder.text_edit(ProseEdit(lines=lines), field)
        edit.setPlaceholderText(example)
        advice = guidance(f"governance.{field}")
        add_row(form, label, edit, hint=advice)
        if field == "gemba_visits" and advice:
            # Few boards know the term: say what it means under the field itself.
            self.gemba_hint = muted_label(advice)
            form.addRow(QLabel(""), self.gemba_hint)
        self.fields[field] = edit

    def _conflict_row(self, form: QFormLayout) -> None:
        self.conflict_steps = ListEditor(
            self.document,
            ("governance", "conflict_steps"),
            noun="step",
            new_item=EscalationStep,
            inline_field="text",
        )
        steps = self.conflict_steps
        wrap_rows(steps.list, numbered=True, least=MIN_STEPS_HEIGHT, most=MAX_STEPS_HEIGHT)
        steps.setFocusProxy(steps.list)
        steps.empty_label.setText("No steps yet. Choose “Add step”, then type who does what first.")
        advice = guidance("governance.conflict_steps")
        add_row(form, "Surfacing and resolving &conflict", steps, hint=advice)
        if advice:
            form.addRow(QLabel(""), muted_label(advice))
        steps.list.setAccessibleName(CONFLICT_LABEL)
        steps.list.setAccessibleDescription(advice)
        self.fields["conflict_steps"] = steps.list

    # -- problems --------------------------------------------------------
    def widget_for(self, location: Location, item_id: str | None) -> QWidget | None:
        if location[:1] != ("governance",):
            return None
        field = str(location[1]) if len(location) > 1 else "decision_making"
        if field == "conflict_steps":
            steps = self.conflict_steps
            if len(location) > 2 and item_id:
                steps.select(item_id)
                return steps.list
            # Too few steps: the way forward is to add one.
            return steps.list if steps.list.count() >= 2 else steps.add_button
        return self.fields.get(field)

"""Principles: how partners behave towards one another, and what that looks like.

Each principle has a meaning and concrete behaviours "in practice"; the
behaviours are edited in place, in a list that follows the chosen principle.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from charter_builder.charter.editing import touches
from charter_builder.charter.labels import SECTION_LABELS
from charter_builder.charter.model import Behaviour, Principle
from charter_builder.drafts.starters import guidance
from charter_builder.gui.binding import FieldBinder
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.inline_rows import wrap_rows
from charter_builder.gui.list_editor import ListEditor
from charter_builder.gui.pages.base import Location, WizardPage
from charter_builder.gui.widgets import (
    DetailStack,
    GrowingProseEdit,
    add_row,
    detail_form,
    embolden_labels,
    muted_label,
)

LIST_PATH = ("principles",)
EDIT_HINT = "Double-click a behaviour, or press F2, to change its words."


class PrinciplesPage(WizardPage):
    title = SECTION_LABELS["principles"]
    sections = ("principles",)
    guidance_key = "principles"

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.binder = FieldBinder(document, None, self)

        detail, form = detail_form()

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
        self.body.addWidget(self.principles, 1)

        self.principles.current_changed.connect(self._follow_selection)
        # An undo or a new draft can change the chosen principle without a selection change.
        document.changed.connect(self._principles_changed)
        document.reset.connect(self._follow_selection)
        self._follow_selection()

    def _principles_changed(self, path: tuple) -> None:
        if touches(path, LIST_PATH):  # only then can the principle shown change
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

"""Commitments: what partners promise to achieve together over the long term.

Each commitment has owners (ticked from the partner list), a horizon, measures
of success edited in place, and a review date.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from charter_builder.charter.editing import touches
from charter_builder.charter.labels import SECTION_LABELS
from charter_builder.charter.model import HORIZON_LABELS, Commitment, Measure
from charter_builder.drafts.starters import guidance
from charter_builder.gui.binding import FieldBinder
from charter_builder.gui.date_edit import OptionalDateEdit
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.inline_rows import fit_rows, wrap_rows
from charter_builder.gui.list_editor import ID_ROLE, ListEditor
from charter_builder.gui.pages.base import Location, WizardPage
from charter_builder.gui.pages.partnership import PartnershipPage
from charter_builder.gui.pages.principles import item_id_at
from charter_builder.gui.widgets import (
    DetailStack,
    GrowingProseEdit,
    add_row,
    detail_form,
    embolden_labels,
    muted_label,
)

LIST_PATH = ("commitments",)
MEASURE_HINT = "Double-click a measure, or press F2, to change its words."
NO_PARTNERS = (
    f"No partners yet. Add partners on the “{PartnershipPage.title}” step first, "
    "then tick the ones who own this commitment."
)


class OwnersList(QListWidget):
    """The partners, each with a tick box; the ticked ones own the commitment.

    Each tick is one undoable edit that stores the ticked partners' ids in the
    partners' own order, so the PDF lists owners the way it lists partners.
    """

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.commitment_id: str | None = None
        self._updating = False
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setSpacing(1)
        self.itemChanged.connect(self._ticked)
        document.changed.connect(self._document_changed)
        document.reset.connect(self.refresh)

    def owners_path(self) -> tuple[str, ...] | None:
        if self.commitment_id is None:
            return None
        return (*LIST_PATH, self.commitment_id, "owners")

    def show_commitment(self, commitment_id: str | None) -> None:
        self.commitment_id = commitment_id
        self.refresh()

    def owners(self) -> list[str]:
        path = self.owners_path()
        if path is None:
            return []
        try:
            return list(self.document.value(path))
        except KeyError:
            return []

    def refresh(self) -> None:
        """Show the partners as they are now, ticked as the model says."""
        partners = [(p.id, p.name.strip() or "New partner") for p in self.document.charter.partners]
        owners = set(self.owners())
        shown = [(self.item(r).data(ID_ROLE), self.item(r).text()) for r in range(self.count())]
        self._updating = True
        try:
            if shown != partners:
                keep = self.currentItem().data(ID_ROLE) if self.currentItem() else None
                self.clear()
                for partner_id, name in partners:
                    row = QListWidgetItem(name)
                    row.setData(ID_ROLE, partner_id)
                    row.setFlags(
                        Qt.ItemFlag.ItemIsEnabled
                        | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsUserCheckable
                    )
                    row.setCheckState(Qt.CheckState.Unchecked)
                    self.addItem(row)
                    if partner_id == keep:
                        self.setCurrentItem(row)
            for r in range(self.count()):
                row = self.item(r)
                owns = row.data(ID_ROLE) in owners
                state = Qt.CheckState.Checked if owns else Qt.CheckState.Unchecked
                if row.checkState() != state:
                    row.setCheckState(state)
        finally:
            self._updating = False
        self.setEnabled(self.commitment_id is not None)

    def ticked(self) -> list[str]:
        return [
            self.item(r).data(ID_ROLE)
            for r in range(self.count())
            if self.item(r).checkState() == Qt.CheckState.Checked
        ]

    def _ticked(self, _row: QListWidgetItem) -> None:
        path = self.owners_path()
        if self._updating or path is None:
            return
        self.document.set_value(path, self.ticked())

    def _document_changed(self, path: tuple) -> None:
        if touches(path, ("partners",)) or touches(path, LIST_PATH):
            self.refresh()


class CommitmentsPage(WizardPage):
    title = SECTION_LABELS["commitments"]
    sections = ("commitments",)
    guidance_key = "commitments"

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.binder = FieldBinder(document, None, self)

        detail, form = detail_form()

        self.title_edit = self.binder.line_edit(QLineEdit(), "title")
        self.title_edit.setPlaceholderText("For example, “Care closer to home”")
        add_row(form, "&Title", self.title_edit, hint=guidance("commitments.title"))

        self.description_edit = self.binder.text_edit(GrowingProseEdit(lines=4), "description")
        add_row(
            form, "&Description", self.description_edit, hint=guidance("commitments.description")
        )

        self.owners = OwnersList(document)
        fit_rows(self.owners, least=56, most=300)
        self.no_partners = muted_label(NO_PARTNERS)
        owners_box = QWidget()
        column = QVBoxLayout(owners_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.owners)
        column.addWidget(self.no_partners)
        owners_box.setFocusProxy(self.owners)
        add_row(form, "&Owners", owners_box)
        self.owners.setAccessibleName("Owners")
        self.owners.setAccessibleDescription(guidance("commitments.owners"))
        self.owners.setToolTip(guidance("commitments.owners"))

        self.horizon = QComboBox()
        self.horizon.setMaximumWidth(320)
        self.horizon.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.horizon.setMinimumContentsLength(14)
        for horizon, label in HORIZON_LABELS.items():
            self.horizon.addItem(label, horizon.value)
        self.binder.combo(self.horizon, "horizon")
        add_row(form, "Hori&zon", self.horizon, hint=guidance("commitments.horizon"))

        self.measures = ListEditor(
            document, None, noun="measure", new_item=Measure, inline_field="text"
        )
        self.measures.setFocusProxy(self.measures.list)
        wrap_rows(self.measures.list)
        measures_box = QWidget()
        column = QVBoxLayout(measures_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.measures)
        column.addWidget(muted_label(MEASURE_HINT))
        measures_box.setFocusProxy(self.measures.list)
        add_row(form, "&Measures of success", measures_box)
        self.measures.list.setAccessibleName("Measures of success")
        self.measures.list.setAccessibleDescription(guidance("commitments.measures"))
        self.measures.list.setToolTip(guidance("commitments.measures"))

        self.review_date = self.binder.date_edit(OptionalDateEdit(), "review_date")
        self.review_date.setMinimumWidth(200)
        self.review_date.setMaximumWidth(260)
        add_row(form, "Rev&iew date", self.review_date, hint=guidance("commitments.review_date"))
        embolden_labels(form)
        self.detail = DetailStack(detail, "commitment")

        self.commitments = ListEditor(
            document,
            LIST_PATH,
            noun="commitment",
            new_item=Commitment,
            binder=self.binder,
            detail=self.detail,
        )
        self.body.addWidget(self.commitments, 1)

        self.commitments.current_changed.connect(self._follow_selection)
        # An undo or a new draft can change the chosen commitment without a selection change.
        document.changed.connect(self._commitments_changed)
        document.reset.connect(self._follow_selection)
        self._follow_selection()

    def _commitments_changed(self, path: tuple) -> None:
        # The chosen commitment, or whether there are partners to own it.
        if touches(path, LIST_PATH) or touches(path, ("partners",)):
            self._follow_selection()

    def _follow_selection(self, *_args: object) -> None:
        """Point the measures and owners at the chosen commitment, or say how to add one."""
        commitment_id = self.commitments.current_id()
        path = None if commitment_id is None else (*LIST_PATH, commitment_id, "measures")
        self.measures.set_list_path(path)
        if commitment_id != self.owners.commitment_id:
            self.owners.show_commitment(commitment_id)
        self.no_partners.setVisible(not self.document.charter.partners)
        self.detail.show_form(commitment_id is not None)

    def widget_for(self, location: Location, item_id: str | None) -> QWidget | None:
        if not location or location[0] != "commitments":
            return None
        if len(location) < 3:
            return self.commitments.add_button
        commitment_id = item_id or item_id_at(self.document.charter.commitments, location[1])
        if commitment_id is None:
            return None
        self.commitments.select(commitment_id)
        self._follow_selection()
        return {
            "title": self.title_edit,
            "description": self.description_edit,
            "owners": self.owners,
            "horizon": self.horizon,
            "measures": self.measures.list,
            "review_date": self.review_date,
        }.get(str(location[2]))

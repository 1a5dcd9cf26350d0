"""Step one: who the partnership is, and the organisations that make it up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from charter_builder.charter import editing
from charter_builder.charter.model import Partner, PartnerKind
from charter_builder.drafts.starters import guidance
from charter_builder.gui.binding import FieldBinder
from charter_builder.gui.date_edit import OptionalDateEdit
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.list_editor import ListEditor
from charter_builder.gui.logo_picker import LogoPicker
from charter_builder.gui.pages.base import Location, WizardPage
from charter_builder.gui.widgets import ProseEdit, add_row, make_form


class PartnershipPage(WizardPage):
    """The charter's name, the partnership's place and dates, and its partners."""

    title = "Partnership and partners"
    sections = ("partnership", "partners")
    guidance_key = "partnership"

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.body.addWidget(self._partnership_group())
        self.body.addWidget(self._partners_group(), 1)

    # -- the partnership -------------------------------------------------
    def _partnership_group(self) -> QGroupBox:
        group = QGroupBox("The partnership")
        form = make_form()
        group.setLayout(form)
        binder = FieldBinder(self.document, (), self)
        self.binder = binder

        self.title_edit = binder.line_edit(QLineEdit(), "title")
        self.title_edit.setPlaceholderText("For example, Wyvern Vale system charter")
        self.version_edit = binder.line_edit(QLineEdit(), "version")
        self.version_edit.setMaximumWidth(120)
        self.name_edit = binder.line_edit(QLineEdit(), "partnership", "name")
        self.name_edit.setPlaceholderText("For example, Wyvern Vale Health and Care Partnership")
        self.place_edit = binder.line_edit(QLineEdit(), "partnership", "place")
        self.place_edit.setPlaceholderText("The area the partnership serves")
        self.population_edit = binder.text_edit(ProseEdit(lines=3), "partnership", "population")
        self.population_edit.setPlaceholderText(
            "Who lives here and whom the partners serve, in a few sentences"
        )
        self.scope_edit = binder.text_edit(ProseEdit(lines=5), "partnership", "scope")
        self.scope_edit.setPlaceholderText("What this charter covers, and what it does not")
        self.effective_edit = binder.date_edit(OptionalDateEdit(), "partnership", "effective_date")
        self.review_edit = binder.date_edit(OptionalDateEdit(), "partnership", "review_date")
        for date_edit in (self.effective_edit, self.review_edit):
            date_edit.setMinimumWidth(200)
            date_edit.setMaximumWidth(260)

        self.partnership_fields: dict[str, QWidget] = {
            "name": self.name_edit,
            "place": self.place_edit,
            "population": self.population_edit,
            "scope": self.scope_edit,
            "effective_date": self.effective_edit,
            "review_date": self.review_edit,
        }
        add_row(form, "Charter &title", self.title_edit, hint=guidance("title"))
        add_row(form, "&Version", self.version_edit, hint=guidance("version"))
        for label, field in (
            ("Partnership na&me", "name"),
            ("&Place", "place"),
            ("Pop&ulation served", "population"),
            ("S&cope", "scope"),
            ("Effective &date", "effective_date"),
            ("Revie&w date", "review_date"),
        ):
            add_row(
                form, label, self.partnership_fields[field], hint=guidance(f"partnership.{field}")
            )
        return group

    # -- the partners ----------------------------------------------------
    def _partners_group(self) -> QGroupBox:
        group = QGroupBox("Partners")
        layout = QVBoxLayout(group)
        layout.setSpacing(10)
        advice = guidance("partners")
        if advice:
            hint = QLabel(advice)
            hint.setObjectName("fieldHint")
            hint.setWordWrap(True)
            hint.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(hint)

        self.partner_binder = FieldBinder(self.document, None, self)
        detail = self._partner_form()
        self.partners = ListEditor(
            self.document,
            ("partners",),
            noun="partner",
            title_of=lambda partner: partner.name,
            new_item=Partner,
            binder=self.partner_binder,
            detail=detail,
            add_edit=editing.add_partner,
            remove_edit=editing.remove_partner,
            move_edit=editing.move_partner,
        )
        self.partners.list.setMinimumHeight(300)
        # This step has more labels than free letters: the partner's fields keep the Alt
        # keys, and the list's own buttons keep Delete, Ctrl+Up and Ctrl+Down in the list.
        editor = self.partners
        for button in (editor.remove_button, editor.up_button, editor.down_button):
            button.setText(button.text().replace("&", ""))
        layout.addWidget(self.partners, 1)

        # The logo follows whichever partner the form shows.
        # Bound methods, not lambdas, so the page can be deleted cleanly.
        self.partners.current_changed.connect(self._follow_partner)
        self.document.changed.connect(self._partners_changed)
        self.document.reset.connect(self._follow_partner)
        self._follow_partner()
        return group

    def _partner_form(self) -> QWidget:
        detail = QWidget()
        form = make_form()
        form.setContentsMargins(16, 0, 0, 0)
        detail.setLayout(form)
        binder = self.partner_binder

        self.partner_name_edit = binder.line_edit(QLineEdit(), "name")
        self.partner_name_edit.setPlaceholderText("The organisation's full name")
        self.kind_combo = QComboBox()
        # The longest kind is long: let the box narrow with the window rather than clip the page.
        self.kind_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_combo.setMinimumContentsLength(14)
        for kind in PartnerKind:
            self.kind_combo.addItem(kind.label, kind.value)
        binder.combo(self.kind_combo, "kind")
        self.rep_name_edit = binder.line_edit(QLineEdit(), "representative", "name")
        self.rep_name_edit.setPlaceholderText("Who speaks for the organisation on the board")
        self.rep_role_edit = binder.line_edit(QLineEdit(), "representative", "role")
        self.rep_role_edit.setPlaceholderText("For example, Chief Executive")
        self.rep_email_edit = binder.line_edit(QLineEdit(), "representative", "email")
        self.rep_email_edit.setPlaceholderText("name@organisation.nhs.uk")
        self.logo = LogoPicker(self.document)

        add_row(form, "&Organisation name", self.partner_name_edit)
        add_row(form, "&Kind of organisation", self.kind_combo, hint=guidance("partners.kind"))
        add_row(
            form, "Repre&sentative", self.rep_name_edit, hint=guidance("partners.representative")
        )
        add_row(form, "Representative's &role", self.rep_role_edit)
        add_row(form, "Representative's ema&il", self.rep_email_edit)
        self.logo.setToolTip(guidance("partners.logo"))
        self.logo.choose_button.setAccessibleDescription(guidance("partners.logo"))
        logo_label = QLabel("&Logo")
        logo_label.setBuddy(self.logo.choose_button)
        form.addRow(logo_label, self.logo)

        self.partner_fields: dict[tuple[str, ...], QWidget] = {
            ("name",): self.partner_name_edit,
            ("kind",): self.kind_combo,
            ("representative",): self.rep_name_edit,
            ("representative", "name"): self.rep_name_edit,
            ("representative", "role"): self.rep_role_edit,
            ("representative", "email"): self.rep_email_edit,
            ("logo",): self.logo.choose_button,
        }
        return detail

    def _partners_changed(self, path: tuple) -> None:
        if editing.touches(path, ("partners",)):  # only then can the partner shown change
            self._follow_partner()

    def _follow_partner(self, *_args: object) -> None:
        base = self.partner_binder.base
        self.logo.set_path(None if base is None else (*base, "logo"))

    # -- problems --------------------------------------------------------
    def widget_for(self, location: Location, item_id: str | None) -> QWidget | None:
        head = location[:1]
        if head == ("title",):
            return self.title_edit
        if head == ("version",):
            return self.version_edit
        if head == ("partnership",):
            field = str(location[1]) if len(location) > 1 else "name"
            return self.partnership_fields.get(field, self.name_edit)
        if head != ("partners",):
            return None
        if len(location) == 1:
            return self.partners.add_button
        partner_id = item_id or _id_at(self.document, location[1])
        if partner_id is None:
            return self.partners.list
        self.partners.select(partner_id)
        field = tuple(str(part) for part in location[2:])
        return self.partner_fields.get(field, self.partner_name_edit)


def _id_at(document: CharterDocument, index: str | int) -> str | None:
    partners = document.charter.partners
    if isinstance(index, int) and 0 <= index < len(partners):
        return partners[index].id
    return None

"""Sign-off: each partner's board approves, then its signatory signs this exact text.

The form holds a signature being prepared; "Sign this version" records it
against the charter as it is now (its content digest). A later change to the
agreed text shows the signature as given for an earlier version.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from charter_builder.concerns import can_freeze
from charter_builder.errors import ImageError
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.logo_picker import add_image_file
from charter_builder.gui.pages.base import Location, WizardPage
from charter_builder.gui.signature_pad import SignaturePad
from charter_builder.gui.widgets import OptionalDateEdit, add_row, make_form, muted_label
from charter_builder.model import BoardApproval, Signature, SignatureMethod
from charter_builder.signing import (
    SignatureState,
    sign,
    signature_for,
    signature_states,
    why_not_ready,
    withdraw,
)
from charter_builder.starters import guidance

PARTNER_ROLE = Qt.ItemDataRole.UserRole
METHOD_TEXT = {
    SignatureMethod.DRAWN: "&Draw my signature",
    SignatureMethod.TYPED: "T&ype my name (shown as /s/ Name)",
    SignatureMethod.IMAGE: "Use a &picture of my signature",
}


class SignOffPage(WizardPage):
    title = "Sign-off"
    sections = ()
    guidance_key = "signatures"
    concern_sections = ("signatures",)

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.image_name: str | None = None
        # Replaceable in tests, like the window's own dialogs.
        self.choose_image_file = lambda: QFileDialog.getOpenFileName(
            self, "Choose a picture of the signature", "", "Pictures (*.png *.jpg *.jpeg)"
        )[0]
        self.show_error = lambda text: QMessageBox.warning(self, "Sign-off", text)

        self.summary = QLabel()
        self.summary.setObjectName("signOffSummary")
        self.summary.setWordWrap(True)
        self.freeze = QCheckBox("&Freeze the text for signing")
        self.freeze.setAccessibleName("Freeze the text for signing")
        self.freeze.setAccessibleDescription(guidance("frozen_for_signing"))
        self.freeze.setToolTip(guidance("frozen_for_signing"))
        self.freeze.toggled.connect(self._freeze_toggled)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.freeze)
        self.body.addLayout(top)
        # Why the freeze waits, when it does: open concerns must be settled first.
        self.freeze_note = muted_label("")
        self.freeze_note.setObjectName("freezeNote")
        self.freeze_note.setAccessibleName("Why the text cannot be frozen yet")
        self.freeze_note.hide()
        self.body.addWidget(self.freeze_note)

        self.partners = QListWidget()
        self.partners.setAccessibleName("Partners signing")
        self.partners.setMinimumWidth(260)
        self.partners.setWordWrap(True)
        self.partners.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.partners.setStyleSheet("QListWidget::item { padding: 6px; }")
        self.partners.currentItemChanged.connect(lambda *_: self._show_partner())

        self.form_box = QGroupBox("Signature")
        form_layout = QVBoxLayout(self.form_box)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setObjectName("signatureState")
        form_layout.addWidget(self.state)

        form = make_form()
        self.meeting_date = OptionalDateEdit()
        add_row(form, "Board approved &on", self.meeting_date)
        self.minute_reference = QLineEdit()
        self.minute_reference.setPlaceholderText("for example, minute 24/117")
        add_row(form, "&Minute reference", self.minute_reference)
        self.signatory_name = QLineEdit()
        add_row(form, "Signatory's &name", self.signatory_name)
        self.signatory_role = QLineEdit()
        add_row(form, "Signatory's &role", self.signatory_role)
        self.signed_on = OptionalDateEdit()
        add_row(form, "Date &signed", self.signed_on)
        form_layout.addLayout(form)

        self.methods = QButtonGroup(self)
        self.method_buttons: dict[SignatureMethod, QRadioButton] = {}
        methods_row = QVBoxLayout()
        for method, text in METHOD_TEXT.items():
            button = QRadioButton(text)
            button.setAccessibleName(text.replace("&", ""))
            self.methods.addButton(button)
            self.method_buttons[method] = button
            methods_row.addWidget(button)
            button.toggled.connect(self._method_changed)
        form_layout.addLayout(methods_row)

        self.pad = SignaturePad()
        self.clear_button = QPushButton("C&lear the pad")
        self.clear_button.setAccessibleName("Clear the pad")
        self.clear_button.clicked.connect(self.pad.clear)
        self.typed_preview = QLabel()
        self.typed_preview.setObjectName("typedSignature")
        self.typed_preview.setStyleSheet("font-size: 18pt; font-style: italic; color: #003087;")
        self.signatory_name.textChanged.connect(self._update_typed)
        self.image_preview = QLabel("No picture chosen yet.")
        self.image_preview.setAccessibleName("Signature picture")
        self.image_button = QPushButton("Choose a pi&cture…")
        self.image_button.setAccessibleName("Choose a picture")
        self.image_button.clicked.connect(self._choose_image)
        form_layout.addWidget(self.pad)
        form_layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        form_layout.addWidget(self.typed_preview)
        form_layout.addWidget(self.image_preview)
        form_layout.addWidget(self.image_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.sign_button = QPushButton("Si&gn this version")
        self.sign_button.setAccessibleName("Sign this version")
        self.sign_button.clicked.connect(self.sign_current)
        self.withdraw_button = QPushButton("Remo&ve this signature")
        self.withdraw_button.setAccessibleName("Remove this signature")
        self.withdraw_button.clicked.connect(self.withdraw_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        form_layout.addLayout(buttons)
        form_layout.addWidget(
            muted_label(
                "Signing records the signature against the text exactly as it is now. "
                "If the text changes later, this signature will show as given for an "
                "earlier version, and the partner can sign again."
            )
        )

        columns = QHBoxLayout()
        columns.addWidget(self.partners, 2)
        columns.addWidget(self.form_box, 5)
        self.body.addLayout(columns, 1)

        document.changed.connect(self._document_changed)
        document.reset.connect(self.refresh)
        self.refresh()

    # -- showing the state ----------------------------------------------------
    def refresh(self) -> None:
        charter = self.document.charter
        keep = self.current_partner_id()
        states = signature_states(charter)
        style = self.style()
        icons = {
            SignatureState.CURRENT: style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
            SignatureState.EARLIER: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            SignatureState.UNSIGNED: style.standardIcon(QStyle.StandardPixmap.SP_FileIcon),
        }
        self.partners.blockSignals(True)
        self.partners.clear()
        for partner in charter.partners:
            state = states[partner.id]
            item = QListWidgetItem(icons[state], f"{partner.name or 'New partner'}\n{state.label}")
            item.setData(PARTNER_ROLE, partner.id)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, state.label)
            self.partners.addItem(item)
        self.partners.blockSignals(False)
        ids = [p.id for p in charter.partners]
        if ids:
            self.select_partner(keep if keep in ids else ids[0])
        self._show_summary(states)
        self.freeze.blockSignals(True)
        self.freeze.setChecked(charter.frozen_for_signing)
        self.freeze.blockSignals(False)
        self._show_freeze_state()
        self._show_partner()

    def _show_freeze_state(self) -> None:
        """Freezing waits for open concerns; unfreezing never does."""
        charter = self.document.charter
        reason = None if charter.frozen_for_signing else can_freeze(charter)
        self.freeze.setEnabled(reason is None)
        self.freeze.setToolTip(reason or guidance("frozen_for_signing"))
        self.freeze_note.setText(
            f"{reason} The open concerns are listed on the “Review and export” step."
            if reason
            else ""
        )
        self.freeze_note.setVisible(reason is not None)

    def _show_summary(self, states: dict[str, SignatureState]) -> None:
        if not states:
            self.summary.setText("Add the partners on the “Partnership and partners” step first.")
            return
        current = sum(s is SignatureState.CURRENT for s in states.values())
        earlier = sum(s is SignatureState.EARLIER for s in states.values())
        text = f"{current} of {len(states)} partners have signed this version."
        if earlier:
            text += f" {earlier} signed an earlier version and need to sign again."
        if current == len(states):
            text = "Every partner has signed this version. The charter is agreed."
        self.summary.setText(text)

    def current_partner_id(self) -> str | None:
        item = self.partners.currentItem()
        return None if item is None else item.data(PARTNER_ROLE)

    def select_partner(self, partner_id: str) -> None:
        for row in range(self.partners.count()):
            if self.partners.item(row).data(PARTNER_ROLE) == partner_id:
                self.partners.setCurrentRow(row)
                return

    def _show_partner(self) -> None:
        charter = self.document.charter
        partner_id = self.current_partner_id()
        partner = charter.partner(partner_id) if partner_id else None
        self.form_box.setEnabled(partner is not None)
        if partner is None:
            return
        self.form_box.setTitle(f"Signature for {partner.name or 'this partner'}")
        signature = signature_for(charter, partner.id)
        state = signature_states(charter)[partner.id]
        self.state.setText(state.label + ("." if state is SignatureState.CURRENT else (
            ": the text has changed since, so please sign again."
            if state is SignatureState.EARLIER else ": fill in the details below, then sign."
        )))
        rep = partner.representative
        source = signature or Signature(
            partner_id=partner.id,
            signatory_name=rep.name,
            signatory_role=rep.role,
            signed_on=date.today(),
        )
        self.meeting_date.set_value(source.approval.meeting_date)
        self.minute_reference.setText(source.approval.minute_reference)
        self.signatory_name.setText(source.signatory_name)
        self.signatory_role.setText(source.signatory_role)
        self.signed_on.set_value(source.signed_on)
        self.pad.set_strokes(source.strokes)
        self.image_name = source.image
        self.image_preview.setText(
            "A picture is chosen." if source.image else "No picture chosen yet."
        )
        self.method_buttons[source.method].setChecked(True)
        self.withdraw_button.setEnabled(signature is not None)
        self._method_changed()
        self._update_typed()

    def _document_changed(self, path: tuple) -> None:
        self.refresh()

    def _update_typed(self) -> None:
        name = self.signatory_name.text().strip()
        self.typed_preview.setText(f"/s/ {name}" if name else "")

    def _method_changed(self, *_args: object) -> None:
        method = self.method()
        self.pad.setVisible(method is SignatureMethod.DRAWN)
        self.clear_button.setVisible(method is SignatureMethod.DRAWN)
        self.typed_preview.setVisible(method is SignatureMethod.TYPED)
        self.image_preview.setVisible(method is SignatureMethod.IMAGE)
        self.image_button.setVisible(method is SignatureMethod.IMAGE)

    def method(self) -> SignatureMethod:
        for method, button in self.method_buttons.items():
            if button.isChecked():
                return method
        return SignatureMethod.TYPED

    # -- what the user does ---------------------------------------------------
    def _choose_image(self) -> None:
        path = self.choose_image_file()
        if not path:
            return
        try:
            self.image_name = add_image_file(self.document.draft, path)
        except ImageError as error:
            self.show_error(error.message)
            return
        self.image_preview.setText("A picture is chosen.")

    def prepared_signature(self) -> Signature | str:
        """The signature as the form has it, or what is missing, in plain words."""
        method = self.method()
        signature = Signature(
            partner_id=self.current_partner_id(),
            signatory_name=self.signatory_name.text().strip(),
            signatory_role=self.signatory_role.text().strip(),
            signed_on=self.signed_on.value(),
            approval=BoardApproval(
                meeting_date=self.meeting_date.value(),
                minute_reference=self.minute_reference.text().strip(),
            ),
            method=method,
            strokes=self.pad.strokes() if method is SignatureMethod.DRAWN else [],
            image=self.image_name if method is SignatureMethod.IMAGE else None,
        )
        return why_not_ready(signature) or signature

    def sign_current(self) -> None:
        if self.current_partner_id() is None:
            return
        prepared = self.prepared_signature()
        if isinstance(prepared, str):
            self.show_error(prepared)
            return
        self.document.apply(sign(self.document.charter, prepared))

    def withdraw_current(self) -> None:
        partner_id = self.current_partner_id()
        if partner_id and signature_for(self.document.charter, partner_id):
            self.document.apply(withdraw(self.document.charter, partner_id))

    def _freeze_toggled(self, frozen: bool) -> None:
        reason = can_freeze(self.document.charter) if frozen else None
        if reason is not None:
            self.freeze.blockSignals(True)
            self.freeze.setChecked(False)
            self.freeze.blockSignals(False)
            self.show_error(reason)
            return
        self.document.set_value(("frozen_for_signing",), frozen)

    def widget_for(self, location: Location, item_id: str | None) -> QWidget | None:
        return self.partners

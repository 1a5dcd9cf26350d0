"""Sign-off: each partner's board approves, then its signatory signs this exact text.

The form holds a signature being prepared; "Sign this version" records it
against the charter as it is now (its content digest). A later change to the
agreed text shows the signature as given for an earlier version.

A board often approves weeks before its representative signs, so for a
partner who has not signed, every change to the form goes straight into the
charter as an unsigned record (signing.prepare): it is saved, undoable, and
counts as not signed. Once a partner has signed, changes to their form wait
in the page until they sign again, so a given signature is never altered.

A partner with an organisation certificate (.p12) can sign with it: the
record then also carries a CMS signature over its fingerprint and details,
made off the GUI thread (certificate_signing), and placed in the charter only
if the text is still the one it was made for. A record its certificate
signature does not fit is shown as forged and counts as not signed.

The page keeps one form per partner (prepared_form.PreparedForms): choosing
another partner, or any other edit to the charter, leaves it as it was. A
partner's form is only refilled from the charter when that partner's record
itself changes (prepared, signed, removed, or any of these undone) or the
partner leaves. The form itself is signature_form.SignatureForm; this page
holds the partner list, the freeze and what the buttons do.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QStyle,
    QWidget,
)

from charter_builder.charter.concerns import can_freeze
from charter_builder.charter.editing import touches
from charter_builder.charter.model import Charter, Signature, SignatureMethod
from charter_builder.drafts.starters import guidance
from charter_builder.errors import ImageError
from charter_builder.gui.background import BackgroundTask
from charter_builder.gui.certificate_signing import (
    CertificateSigning,
    ask_passphrase,
    choose_certificate_file,
)
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.base import Location, WizardPage
from charter_builder.gui.prepared_form import PreparedForm, PreparedForms
from charter_builder.gui.signature_form import SignatureForm, state_sentence
from charter_builder.gui.widgets import muted_label
from charter_builder.gui.wrapping import WrappingDelegate
from charter_builder.signatures.sign_off_status import SignOffStatus, sign_off_status
from charter_builder.signatures.sign_proof import ProofKind, proof_of
from charter_builder.signatures.signing import (
    SignatureState,
    changes_agreed_text,
    prepare,
    sign,
    signature_for,
    signature_states,
    why_not_ready,
    withdraw,
)

PARTNER_ROLE = Qt.ItemDataRole.UserRole
#: What the step shows, besides the signatures' states (any agreed text can change those).
SHOWN = (("partners",), ("signatures",), ("frozen_for_signing",), ("concerns",))
#: Mnemonics avoid the menu bar's F, E, G and H, and the wizard's B and N.
FREEZE_TEXT = "Free&ze the text for signing"
MISSING_PICTURE = "The picture of the signature is missing. Please choose it again."


class SignOffPage(WizardPage):
    title = "Sign-off"
    sections = ()
    guidance_key = "signatures"
    concern_sections = ("signatures",)

    @staticmethod
    def step_status(charter: Charter) -> SignOffStatus:
        """What the step list and status line say about this step (see sign_off_status)."""
        return sign_off_status(charter)

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        #: Each partner's form as the user left it.
        self._forms = PreparedForms()
        #: The partner whose form is on screen.
        self._shown: str | None = None
        # Replaceable in tests, like the window's own dialogs.
        self.choose_image_file = lambda: QFileDialog.getOpenFileName(
            self, "Choose a picture of the signature", "", "Pictures (*.png *.jpg *.jpeg)"
        )[0]
        self.show_error = lambda text: QMessageBox.warning(self, "Sign-off", text)
        self.choose_certificate_file = lambda: choose_certificate_file(self)
        #: The passphrase typed for the certificate named, "" for none, or None if cancelled.
        self.ask_passphrase = lambda name: ask_passphrase(self, name)

        self.summary = QLabel()
        self.summary.setObjectName("signOffSummary")
        self.summary.setWordWrap(True)
        self.freeze = QCheckBox(FREEZE_TEXT)
        self.freeze.setAccessibleName(FREEZE_TEXT.replace("&", ""))
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
        self.partners.setMinimumWidth(190)
        self.partners.setWordWrap(True)
        # Re-wrap the names when the list's width changes, so no line is cut short.
        self.partners.setResizeMode(QListView.ResizeMode.Adjust)
        self.partners.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.partners.setSpacing(2)
        self.partners.setItemDelegate(WrappingDelegate(self.partners, icons=True))
        self.partners.currentItemChanged.connect(lambda *_: self._show_form())

        self.form = SignatureForm(document)
        # The form's parts, where the tests and docs/make_screenshots.py reach them.
        self.state = self.form.state
        self.meeting_date = self.form.meeting_date
        self.minute_reference = self.form.minute_reference
        self.signatory_name = self.form.signatory_name
        self.signatory_role = self.form.signatory_role
        self.signed_on = self.form.signed_on
        self.method_buttons = self.form.method_buttons
        self.pad = self.form.pad
        self.clear_button = self.form.clear_button
        self.image_preview = self.form.image_preview
        self.image_button = self.form.image_button
        self.sign_button = self.form.sign_button
        self.withdraw_button = self.form.withdraw_button
        self.certificate_button = self.form.certificate_button
        self.image_button.clicked.connect(self._choose_image)
        self.sign_button.clicked.connect(self.sign_current)
        self.withdraw_button.clicked.connect(self.withdraw_current)
        self.certificate_button.clicked.connect(self.sign_with_certificate)

        columns = QHBoxLayout()
        columns.addWidget(self.partners, 2)
        columns.addWidget(self.form, 5)
        self.body.addLayout(columns, 1)

        #: Signing with a certificate, on the thread pool.
        self.certificate_signing = CertificateSigning(document, self)
        self.certificate_signing.busy.connect(self.form.set_signing)
        self.certificate_signing.failed.connect(lambda message: self.show_error(message))

        # Every change to the form is kept (see _form_edited); typing merges per field.
        self.form.edited.connect(self._form_edited)
        self.form.picture_dropped.connect(self._use_image)
        document.changed.connect(self._document_changed)
        document.reset.connect(self._document_reset)
        self.refresh()

    @property
    def signing_task(self) -> BackgroundTask | None:
        """Signing with a certificate, while it runs on the thread pool."""
        return self.certificate_signing.task

    # -- showing the state ----------------------------------------------------
    def refresh(self) -> None:
        charter = self.document.charter
        keep = self.current_partner_id()
        states = self._states = signature_states(charter)
        style = self.style()
        icons = {
            SignatureState.CURRENT: style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
            SignatureState.EARLIER: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            SignatureState.UNSIGNED: style.standardIcon(QStyle.StandardPixmap.SP_FileIcon),
            SignatureState.FORGED: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
        }
        ids = [p.id for p in charter.partners]
        self.partners.blockSignals(True)
        self.partners.clear()
        for partner in charter.partners:
            state = states[partner.id]
            label = self.state_label(charter, partner.id, state)
            item = QListWidgetItem(icons[state], f"{partner.name or 'New partner'}\n{label}")
            item.setData(PARTNER_ROLE, partner.id)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, label)
            self.partners.addItem(item)
        if ids:
            self.select_partner(keep if keep in ids else ids[0])
        self.partners.blockSignals(False)
        self.summary.setText(sign_off_status(charter, states).sentence)
        self.freeze.blockSignals(True)
        self.freeze.setChecked(charter.frozen_for_signing)
        self.freeze.blockSignals(False)
        self._show_freeze_state()
        self._show_form(states)

    @staticmethod
    def state_label(charter: Charter, partner_id: str, state: SignatureState) -> str:
        """The partner list's second line: the state, and for a signature what it proves."""
        if state not in (SignatureState.CURRENT, SignatureState.EARLIER):
            return state.label
        signature = signature_for(charter, partner_id)
        certified = signature is not None and proof_of(charter, signature).kind is (
            ProofKind.CERTIFICATE
        )
        return state.label + (
            " with certificate" if certified else " (not cryptographically signed)"
        )

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

    def current_partner_id(self) -> str | None:
        item = self.partners.currentItem()
        return None if item is None else item.data(PARTNER_ROLE)

    def select_partner(self, partner_id: str) -> None:
        for row in range(self.partners.count()):
            if self.partners.item(row).data(PARTNER_ROLE) == partner_id:
                self.partners.setCurrentRow(row)
                return

    def _show_form(self, states: dict[str, SignatureState] | None = None) -> None:
        """Show the chosen partner's form, keeping what was entered for the one shown before."""
        charter = self.document.charter
        if self._shown is not None:
            self._forms.keep(self._shown, self.read_form())
        self._forms.forget_all_but({p.id for p in charter.partners})
        partner_id = self.current_partner_id()
        partner = charter.partner(partner_id) if partner_id else None
        self.form.setEnabled(partner is not None)
        if partner is None:
            self._shown = None
            self.form.show_nobody()
            return
        signature = signature_for(charter, partner.id)
        form = self._forms.to_show(partner, signature)
        if partner.id != self._shown or form != self.read_form():
            self.form.fill(form)
        self._shown = partner.id
        state = (states if states is not None else signature_states(charter))[partner.id]
        self.form.show_partner(
            partner.name,
            state_sentence(charter, signature, state),
            signed=signature is not None and bool(signature.digest),
        )

    def read_form(self) -> PreparedForm:
        """The form exactly as entered, whichever way of signing is chosen."""
        return self.form.read()

    def method(self) -> SignatureMethod:
        return self.form.method()

    def _form_edited(self, field_name: str, typing: bool = False) -> None:
        """Keep what the user just entered in the charter, unless the partner has signed.

        `typing` merges consecutive changes to one field of one partner into
        one undo step, as in every other form; a stroke, a method or a picture
        is a step of its own.
        """
        partner_id = self.current_partner_id()
        if partner_id is None or partner_id != self._shown:
            return
        charter = self.document.charter
        existing = signature_for(charter, partner_id)
        if existing is not None and existing.digest:
            return  # signed: the changes wait in the form until they sign again
        try:
            record = self.read_form().record(partner_id)
        except ValidationError:
            return  # more than the model keeps (hundreds of strokes): left in the form
        if existing is not None and record == existing.model_copy(update={"id": record.id}):
            return
        if record.image and not self.form.keep_picture(record.image):
            return
        edit = prepare(charter, record)
        edit.merge = typing
        self.document.apply(edit, merge_key=("prepare", partner_id, field_name))

    def _document_changed(self, path: tuple) -> None:
        """Rebuild the partner list only when what it shows may have changed.

        Typing elsewhere leaves it alone (its selection and scroll stay put), unless
        the edit changed agreed text and with it a signature's state.
        """
        if any(touches(path, shown) for shown in SHOWN) or (
            changes_agreed_text(tuple(path))
            and signature_states(self.document.charter) != self._states
        ):
            self.refresh()

    def _document_reset(self) -> None:
        """Another draft: nothing prepared for the last one belongs to it."""
        self._forms.clear()
        self._shown = None
        self.refresh()

    # -- what the user does ---------------------------------------------------
    def _choose_image(self) -> None:
        path = self.choose_image_file()
        if path:
            self._use_image(path)

    def _use_image(self, path: str) -> None:
        """A picture of a signature, chosen or dropped: the same checks either way."""
        try:
            self.form.add_picture_file(path)
        except ImageError as error:
            self.show_error(error.message)
            return
        self._form_edited("image")

    def prepared_signature(self) -> Signature | str:
        """The signature as the form has it, or what is missing, in plain words."""
        partner_id = self.current_partner_id()
        if partner_id is None:
            return "Choose the partner who is signing."
        signature = self.read_form().signature(partner_id)
        return why_not_ready(signature) or signature

    def _ready_to_sign(self) -> Signature | None:
        """The signature to give, or None, having said what is missing (if a partner is chosen)."""
        if self.current_partner_id() is None:
            return None
        prepared = self.prepared_signature()
        if isinstance(prepared, str):
            self.show_error(prepared)
            return None
        if prepared.image and not self.form.keep_picture(prepared.image):
            # Chosen before a save pruned it, and not kept here either.
            self.show_error(MISSING_PICTURE)
            return None
        return prepared

    def sign_current(self) -> None:
        prepared = self._ready_to_sign()
        if prepared is not None:
            self.document.apply(sign(self.document.charter, prepared))

    def sign_with_certificate(self) -> None:
        """Sign this version, and sign the record with the organisation's certificate.

        The file and the passphrase are asked for here; the signing itself runs
        on the thread pool (see certificate_signing).
        """
        if self.signing_task is not None:
            return
        prepared = self._ready_to_sign()
        if prepared is None:
            return
        chosen = self.choose_certificate_file()
        if not chosen:
            return
        certificate = Path(chosen)
        passphrase = self.ask_passphrase(certificate.name)
        if passphrase is None:
            return
        self.certificate_signing.start(prepared, certificate, passphrase)

    def withdraw_current(self) -> None:
        partner_id = self.current_partner_id()
        signature = signature_for(self.document.charter, partner_id) if partner_id else None
        if partner_id and signature is not None and signature.digest:
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

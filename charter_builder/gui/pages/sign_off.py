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
made off the GUI thread (BackgroundTask), and placed in the charter only if
the text is still the one it was made for. A record its certificate
signature does not fit is shown as forged and counts as not signed.

The page keeps one form per partner: choosing another partner, or any other
edit to the charter, leaves it as it was. A partner's form is only refilled
from the charter when that partner's record itself changes (prepared, signed,
removed, or any of these undone) or the partner leaves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from charter_builder.charter.concerns import can_freeze
from charter_builder.charter.editing import touches
from charter_builder.charter.model import (
    SHORT_TEXT,
    BoardApproval,
    Charter,
    Partner,
    Signature,
    SignatureMethod,
)
from charter_builder.drafts.starters import guidance
from charter_builder.errors import ImageError
from charter_builder.gui.background import BackgroundTask
from charter_builder.gui.date_edit import OptionalDateEdit
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.logo_picker import add_image_file
from charter_builder.gui.pages.base import Location, WizardPage
from charter_builder.gui.signature_pad import SignaturePad
from charter_builder.gui.widgets import add_row, make_form, muted_label
from charter_builder.gui.wrapping import WrappingDelegate
from charter_builder.signatures.seal import PassphraseNeeded, load_certificate
from charter_builder.signatures.sign_off_status import SignOffStatus, sign_off_status
from charter_builder.signatures.sign_proof import NOT_CRYPTOGRAPHIC, ProofKind, proof_of
from charter_builder.signatures.signing import (
    SignatureState,
    changes_agreed_text,
    place_signed,
    prepare,
    sign,
    signature_for,
    signature_states,
    stamped,
    why_not_ready,
    withdraw,
)

PARTNER_ROLE = Qt.ItemDataRole.UserRole
#: What the step shows, besides the signatures' states (any agreed text can change those).
SHOWN = (("partners",), ("signatures",), ("frozen_for_signing",), ("concerns",))
METHOD_TEXT = {
    SignatureMethod.DRAWN: "&Draw my signature",
    SignatureMethod.TYPED: "T&ype my name (shown as /s/ Name)",
    SignatureMethod.IMAGE: "Use a &picture of my signature",
}
#: Mnemonics avoid the menu bar's F, E, G and H, and the wizard's B and N.
FREEZE_TEXT = "Free&ze the text for signing"
SIGN_TEXT = "Sign &this version"
WITHDRAW_TEXT = "Remo&ve this signature"
CERTIFICATE_TEXT = "Sign &with our organisation's certificate (.p12)…"
CERTIFICATE_FILTER = "Organisation certificates (*.p12 *.pfx)"
SIGNING_NOTE = "Signing with the certificate…"
CLEAR_TEXT = "C&lear the pad"
CHOOSE_PICTURE_TEXT = "Choose a pi&cture…"
CHANGE_PICTURE_TEXT = "Choose another pi&cture…"
NO_PICTURE = "No picture chosen yet."
#: The largest the chosen picture is shown, in pixels (it keeps its shape).
PICTURE_PREVIEW = (240, 90)


@dataclass
class PreparedForm:
    """Everything the form holds for one partner, signed or not, exactly as entered."""

    meeting_date: date | None = None
    minute_reference: str = ""
    signatory_name: str = ""
    signatory_role: str = ""
    signed_on: date | None = None
    method: SignatureMethod = SignatureMethod.TYPED
    strokes: list[list[float]] = field(default_factory=list)
    image: str | None = None

    @classmethod
    def from_signature(cls, signature: Signature) -> PreparedForm:
        # Details kept before signing say nothing of the day it will happen: that is today.
        signed_on = signature.signed_on if signature.digest else date.today()
        return cls(
            meeting_date=signature.approval.meeting_date,
            minute_reference=signature.approval.minute_reference,
            signatory_name=signature.signatory_name,
            signatory_role=signature.signatory_role,
            signed_on=signed_on,
            method=signature.method,
            strokes=[list(stroke) for stroke in signature.strokes],
            image=signature.image,
        )

    @classmethod
    def for_partner(cls, partner: Partner) -> PreparedForm:
        """A fresh form: the representative signs, today."""
        rep = partner.representative
        return cls(signatory_name=rep.name, signatory_role=rep.role, signed_on=date.today())

    def signature(self, partner_id: str) -> Signature:
        """The signature this form gives: only the drawing or picture its method uses."""
        return Signature(
            partner_id=partner_id,
            signatory_name=self.signatory_name.strip(),
            signatory_role=self.signatory_role.strip(),
            signed_on=self.signed_on,
            approval=BoardApproval(
                meeting_date=self.meeting_date,
                minute_reference=self.minute_reference.strip(),
            ),
            method=self.method,
            strokes=self.strokes if self.method is SignatureMethod.DRAWN else [],
            image=self.image if self.method is SignatureMethod.IMAGE else None,
        )

    def record(self, partner_id: str) -> Signature:
        """Everything in the form, exactly as entered, to keep before signing.

        Nothing is trimmed or dropped, so the form read back from the record is
        this very form: the page never refills (and moves the cursor) as you type,
        and a drawing survives trying another way of signing. The one exception is
        the date signed: kept weeks before the signing it would be wrong by then,
        so the form shows the day it is opened and signing takes what it shows.
        """
        return Signature(
            partner_id=partner_id,
            signatory_name=self.signatory_name,
            signatory_role=self.signatory_role,
            signed_on=None,
            approval=BoardApproval(
                meeting_date=self.meeting_date, minute_reference=self.minute_reference
            ),
            method=self.method,
            strokes=self.strokes,
            image=self.image,
        )


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
        self.image_name: str | None = None
        #: Each partner's form as the user left it, and the signature it was filled from.
        self._forms: dict[str, PreparedForm] = {}
        self._filled_from: dict[str, Signature | None] = {}
        #: The partner whose form is on screen.
        self._shown: str | None = None
        #: True while the form is being filled from the charter, not changed by the user.
        self._filling = False
        #: Pictures chosen here, by media name: saving prunes pictures no record refers to.
        self._pictures: dict[str, bytes] = {}
        # Replaceable in tests, like the window's own dialogs.
        self.choose_image_file = lambda: QFileDialog.getOpenFileName(
            self, "Choose a picture of the signature", "", "Pictures (*.png *.jpg *.jpeg)"
        )[0]
        self.show_error = lambda text: QMessageBox.warning(self, "Sign-off", text)
        self.choose_certificate_file = lambda: QFileDialog.getOpenFileName(
            self, "Choose your organisation's certificate", "", CERTIFICATE_FILTER
        )[0]
        #: The passphrase typed for the certificate named, "" for none, or None if cancelled.
        self.ask_passphrase = self._ask_passphrase
        #: Signing with a certificate, while it runs on the thread pool.
        self.signing_task: BackgroundTask | None = None

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

        self.form_box = QGroupBox("Signature")
        form_layout = QVBoxLayout(self.form_box)
        form_layout.setSpacing(10)
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
        add_row(form, "Signatory's n&ame", self.signatory_name)
        self.signatory_role = QLineEdit()
        add_row(form, "Signatory's &role", self.signatory_role)
        for line in (self.minute_reference, self.signatory_name, self.signatory_role):
            line.setMaxLength(SHORT_TEXT)
        self.signed_on = OptionalDateEdit()
        add_row(form, "Date &signed", self.signed_on)

        self.methods = QButtonGroup(self)
        self.method_buttons: dict[SignatureMethod, QRadioButton] = {}
        methods_column = QVBoxLayout()
        methods_column.setSpacing(4)
        for method, text in METHOD_TEXT.items():
            button = QRadioButton(text)
            button.setAccessibleName(text.replace("&", ""))
            self.methods.addButton(button)
            self.method_buttons[method] = button
            methods_column.addWidget(button)
            button.toggled.connect(self._method_changed)
        form.addRow(QLabel("How to sign"), methods_column)

        self.pad = SignaturePad()
        self.clear_button = QPushButton(CLEAR_TEXT)
        self.clear_button.setAccessibleName(CLEAR_TEXT.replace("&", ""))
        self.clear_button.clicked.connect(self.pad.clear)
        self.typed_preview = QLabel()
        self.typed_preview.setObjectName("typedSignature")
        self.typed_preview.setStyleSheet("font-size: 18pt; font-style: italic; color: #003087;")
        self.signatory_name.textChanged.connect(self._update_typed)
        self.image_preview = QLabel(NO_PICTURE)
        self.image_preview.setObjectName("signaturePicture")
        # Framed like the pad, so a picture on white still reads as a picture.
        self.image_preview.setStyleSheet(
            "QLabel#signaturePicture { border: 1px dashed #768692; padding: 6px; }"
        )
        self.image_preview.setAccessibleName("Signature picture")
        self.image_button = QPushButton(CHOOSE_PICTURE_TEXT)
        self.image_button.setAccessibleName(CHOOSE_PICTURE_TEXT.replace("&", ""))
        self.image_button.clicked.connect(self._choose_image)
        area = QVBoxLayout()
        area.setSpacing(6)
        area.addWidget(self.pad)
        area.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        area.addWidget(self.typed_preview)
        area.addWidget(self.image_preview, 0, Qt.AlignmentFlag.AlignLeft)
        area.addWidget(self.image_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(QLabel("Signature"), area)
        form_layout.addLayout(form)

        self.sign_button = QPushButton(SIGN_TEXT)
        self.sign_button.setAccessibleName(SIGN_TEXT.replace("&", ""))
        self.sign_button.clicked.connect(self.sign_current)
        self.withdraw_button = QPushButton(WITHDRAW_TEXT)
        self.withdraw_button.setAccessibleName(WITHDRAW_TEXT.replace("&", ""))
        self.withdraw_button.clicked.connect(self.withdraw_current)
        self.certificate_button = QPushButton(CERTIFICATE_TEXT)
        self.certificate_button.setAccessibleName(CERTIFICATE_TEXT.replace("&", ""))
        self.certificate_button.setAccessibleDescription(
            "Sign this version and also sign the record with your organisation's certificate, "
            "so anyone can check that the record was made by its holder and not changed since."
        )
        self.certificate_button.clicked.connect(self.sign_with_certificate)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        certificate_row = QHBoxLayout()
        certificate_row.addWidget(self.certificate_button)
        certificate_row.addStretch(1)
        form_layout.addSpacing(4)
        form_layout.addLayout(buttons)
        form_layout.addLayout(certificate_row)
        self.signing_note = muted_label(SIGNING_NOTE)
        self.signing_note.setObjectName("certificateSigning")
        self.signing_note.hide()
        form_layout.addWidget(self.signing_note)
        form_layout.addWidget(
            muted_label(
                "Signing records the signature against the text exactly as it is now. "
                "If the text changes later, this signature will show as given for an "
                "earlier version, and the partner can sign again. A record signed only "
                "here proves nothing by itself: anyone who can edit the draft could write "
                "one. Signed with your organisation's certificate, it can be checked."
            )
        )
        # Spare height goes below the form, not between its lines.
        form_layout.addStretch(1)

        columns = QHBoxLayout()
        columns.addWidget(self.partners, 2)
        columns.addWidget(self.form_box, 5)
        self.body.addLayout(columns, 1)

        # Every change to the form is kept (see _form_edited); typing merges per field.
        self.meeting_date.dateChanged.connect(lambda _d: self._form_edited("meeting_date", True))
        self.signed_on.dateChanged.connect(lambda _d: self._form_edited("signed_on", True))
        for name in ("minute_reference", "signatory_name", "signatory_role"):
            line = getattr(self, name)
            line.textChanged.connect(lambda _t, name=name: self._form_edited(name, True))
        for button in self.method_buttons.values():
            button.toggled.connect(lambda on: on and self._form_edited("method"))
        self.pad.changed.connect(lambda: self._form_edited("strokes"))

        document.changed.connect(self._document_changed)
        document.reset.connect(self._document_reset)
        self.refresh()

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
        self._keep_shown_form()
        known = {p.id for p in charter.partners}
        for gone in set(self._forms) - known:
            del self._forms[gone]
            self._filled_from.pop(gone, None)
        partner_id = self.current_partner_id()
        partner = charter.partner(partner_id) if partner_id else None
        self.form_box.setEnabled(partner is not None)
        if partner is None:
            self._shown = None
            self.form_box.setTitle("Signature")
            self.state.setText("")
            return
        signature = signature_for(charter, partner.id)
        form = self._form_for(partner, signature)
        self._filled_from[partner.id] = signature
        if partner.id != self._shown or form != self.read_form():
            self._fill(form)
        self._shown = partner.id
        self.form_box.setTitle(f"Signature for {partner.name or 'this partner'}")
        state = (states if states is not None else signature_states(charter))[partner.id]
        self.state.setText(self._state_sentence(charter, signature, state))
        self.withdraw_button.setEnabled(signature is not None and bool(signature.digest))
        self._show_picture()

    @staticmethod
    def _state_sentence(
        charter: Charter, signature: Signature | None, state: SignatureState
    ) -> str:
        """What the form's first line says: the state, and what the record proves."""
        if state is SignatureState.UNSIGNED or signature is None:
            return f"{state.label}: fill in the details below, then sign."
        proof = proof_of(charter, signature)
        if state is SignatureState.FORGED:
            return (
                f"Forged, not signed: {proof.reason.rstrip('.')}, so it does not count. "
                "Remove this signature, then sign again."
            )
        if state is SignatureState.EARLIER:
            how = (
                f"It was signed with {proof.signer}'s certificate."
                if proof.kind is ProofKind.CERTIFICATE
                else f"It was {NOT_CRYPTOGRAPHIC}."
            )
            return f"{state.label}: the text has changed since, so please sign again. {how}"
        if proof.kind is ProofKind.CERTIFICATE:
            return (
                f"Signed with {proof.signer}'s certificate (certificate fingerprint "
                f"{proof.short_fingerprint})."
            )
        return f"Signed: {NOT_CRYPTOGRAPHIC}."

    def _form_for(self, partner: Partner, signature: Signature | None) -> PreparedForm:
        """What the partner's form shows: as left, unless their signature changed since."""
        kept = self._forms.get(partner.id)
        filled_from = self._filled_from.get(partner.id)
        if kept is not None and filled_from == signature:
            untouched = kept == self._fresh_form(partner, filled_from)
            # An untouched form follows the charter (a representative renamed meanwhile).
            return self._fresh_form(partner, signature) if untouched else kept
        if signature is None and filled_from is not None and filled_from.digest:
            # Its signing undone, with nothing recorded before: offer what was signed.
            return PreparedForm.from_signature(filled_from)
        return self._fresh_form(partner, signature)

    @staticmethod
    def _fresh_form(partner: Partner, signature: Signature | None) -> PreparedForm:
        if signature is not None:
            return PreparedForm.from_signature(signature)
        return PreparedForm.for_partner(partner)

    def _keep_shown_form(self) -> None:
        if self._shown is not None:
            self._forms[self._shown] = self.read_form()

    def read_form(self) -> PreparedForm:
        """The form exactly as entered, whichever way of signing is chosen."""
        return PreparedForm(
            meeting_date=self.meeting_date.value(),
            minute_reference=self.minute_reference.text(),
            signatory_name=self.signatory_name.text(),
            signatory_role=self.signatory_role.text(),
            signed_on=self.signed_on.value(),
            method=self.method(),
            strokes=self.pad.strokes(),
            image=self.image_name,
        )

    def _fill(self, form: PreparedForm) -> None:
        self._filling = True
        try:
            self.meeting_date.set_value(form.meeting_date)
            self.minute_reference.setText(form.minute_reference)
            self.signatory_name.setText(form.signatory_name)
            self.signatory_role.setText(form.signatory_role)
            self.signed_on.set_value(form.signed_on)
            self.pad.set_strokes(form.strokes)
            self.image_name = form.image
            self.method_buttons[form.method].setChecked(True)
        finally:
            self._filling = False
        self._method_changed()
        self._update_typed()

    def _form_edited(self, field_name: str, typing: bool = False) -> None:
        """Keep what the user just entered in the charter, unless the partner has signed.

        `typing` merges consecutive changes to one field of one partner into
        one undo step, as in every other form; a stroke, a method or a picture
        is a step of its own.
        """
        partner_id = self.current_partner_id()
        if self._filling or partner_id is None or partner_id != self._shown:
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
        if record.image and not self._keep_picture(record.image):
            return
        edit = prepare(charter, record)
        edit.merge = typing
        self.document.apply(edit, merge_key=("prepare", partner_id, field_name))

    def _keep_picture(self, name: str) -> bool:
        """Whether the chosen picture is in the draft, putting it back if a save pruned it."""
        if self.document.draft.image(name) is not None:
            return True
        data = self._pictures.get(name)
        if data is None:
            return False
        self.document.draft.add_image(data)
        return True

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
        self._filled_from.clear()
        self._shown = None
        self.refresh()

    def _update_typed(self) -> None:
        name = self.signatory_name.text().strip()
        self.typed_preview.setText(f"/s/ {name}" if name else "")

    def _show_picture(self) -> None:
        """A thumbnail of the chosen picture, described for screen readers."""
        data = self._picture_bytes(self.image_name)
        pixmap = QPixmap()
        if data is None or not pixmap.loadFromData(data):
            self.image_preview.setPixmap(QPixmap())
            self.image_preview.setText(NO_PICTURE)
            self.image_preview.setAccessibleDescription(NO_PICTURE)
            self.image_preview.setToolTip("")
            self._set_picture_button(CHOOSE_PICTURE_TEXT)
            return
        width, height = PICTURE_PREVIEW
        if pixmap.width() > width or pixmap.height() > height:
            pixmap = pixmap.scaled(
                width,
                height,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.image_preview.setPixmap(pixmap)
        who = self.signatory_name.text().strip() or "the signatory"
        text = f"The chosen picture of {who}'s signature."
        self.image_preview.setAccessibleDescription(text)
        self.image_preview.setToolTip(text)
        self._set_picture_button(CHANGE_PICTURE_TEXT)

    def _set_picture_button(self, text: str) -> None:
        self.image_button.setText(text)
        self.image_button.setAccessibleName(text.replace("&", ""))

    def _picture_bytes(self, name: str | None) -> bytes | None:
        if not name:
            return None
        data = self.document.draft.image(name)
        if data is not None:
            self._pictures.setdefault(name, data)
            return data
        return self._pictures.get(name)

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
        self._show_picture()
        self._form_edited("image")

    def prepared_signature(self) -> Signature | str:
        """The signature as the form has it, or what is missing, in plain words."""
        partner_id = self.current_partner_id()
        if partner_id is None:
            return "Choose the partner who is signing."
        signature = self.read_form().signature(partner_id)
        return why_not_ready(signature) or signature

    def sign_current(self) -> None:
        if self.current_partner_id() is None:
            return
        prepared = self.prepared_signature()
        if isinstance(prepared, str):
            self.show_error(prepared)
            return
        if prepared.image and not self._keep_picture(prepared.image):
            # Chosen before a save pruned it, and not kept here either.
            self.show_error("The picture of the signature is missing. Please choose it again.")
            return
        self.document.apply(sign(self.document.charter, prepared))

    def sign_with_certificate(self) -> None:
        """Sign this version, and sign the record with the organisation's certificate.

        The file and the passphrase are asked for here; loading the certificate
        and signing run on the thread pool on a copy of the charter, and the
        record is placed only if the text has not changed meanwhile.
        """
        partner_id = self.current_partner_id()
        if partner_id is None or self.signing_task is not None:
            return
        prepared = self.prepared_signature()
        if isinstance(prepared, str):
            self.show_error(prepared)
            return
        if prepared.image and not self._keep_picture(prepared.image):
            self.show_error("The picture of the signature is missing. Please choose it again.")
            return
        chosen = self.choose_certificate_file()
        if not chosen:
            return
        certificate = Path(chosen)
        passphrase = self.ask_passphrase(certificate.name)
        if passphrase is None:
            return
        secret = passphrase.encode("utf-8") if passphrase else None
        snapshot = self.document.charter.model_copy(deep=True)

        def work() -> Signature:
            try:
                signer = load_certificate(certificate, secret)
            except PassphraseNeeded as needed:
                raise PassphraseNeeded(
                    f"The certificate file “{certificate.name}” is protected by a passphrase. "
                    "Please sign again and type it when asked."
                ) from needed
            return stamped(snapshot, prepared, signer)

        task = BackgroundTask(work)
        task.succeeded.connect(self._certificate_signed)
        task.failed.connect(self._certificate_failed)
        self.signing_task = task
        self._set_signing(True)
        task.start()

    def _certificate_signed(self, record: object) -> None:
        self._set_signing(False)
        assert isinstance(record, Signature)
        try:
            edit = place_signed(self.document.charter, record)
        except ValueError:
            self.show_error(
                "The charter's text changed while the certificate was signing, so the "
                "signature was not recorded. Please sign again."
            )
            return
        self.document.apply(edit)

    def _certificate_failed(self, message: str) -> None:
        self._set_signing(False)
        self.show_error(message)

    def _set_signing(self, busy: bool) -> None:
        if not busy:
            self.signing_task = None
        self.signing_note.setVisible(busy)
        for button in (self.sign_button, self.certificate_button):
            button.setEnabled(not busy)

    def _ask_passphrase(self, name: str) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            "Certificate passphrase",
            f"The passphrase for “{name}” (leave it blank if it has none):",
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

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

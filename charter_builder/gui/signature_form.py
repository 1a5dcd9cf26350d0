"""The sign-off step's form for one partner: the board's approval, the signatory, the signature.

It shows and reads a PreparedForm; what to do with it (keep it in the
charter, sign, withdraw) is the page's. Each change the user makes is told
by `edited`, never a change made by filling the form from the charter. The
signature is drawn on a pad, typed (shown as /s/ Name) or a chosen picture;
a picture is kept here as well as in the draft, since saving prunes the
draft's pictures that no record refers to yet.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from charter_builder.charter.model import SHORT_TEXT, Charter, Signature, SignatureMethod
from charter_builder.gui import spelling
from charter_builder.gui.date_edit import OptionalDateEdit
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.logo_picker import add_image_file
from charter_builder.gui.prepared_form import PreparedForm
from charter_builder.gui.signature_pad import SignaturePad
from charter_builder.gui.style import theme
from charter_builder.gui.widgets import add_row, make_form, muted_label
from charter_builder.signatures.sign_proof import NOT_CRYPTOGRAPHIC, ProofKind, proof_of
from charter_builder.signatures.signing import SignatureState

METHOD_TEXT = {
    SignatureMethod.DRAWN: "&Draw my signature",
    SignatureMethod.TYPED: "T&ype my name (shown as /s/ Name)",
    SignatureMethod.IMAGE: "Use a &picture of my signature",
}
#: Mnemonics avoid the menu bar's F, E, G and H, the wizard's B and N, and the page's Z.
SIGN_TEXT = "Sign &this version"
WITHDRAW_TEXT = "Remo&ve this signature"
CERTIFICATE_TEXT = "Sign &with our organisation's certificate (.p12)…"
SIGNING_NOTE = "Signing with the certificate…"
CLEAR_TEXT = "C&lear the pad"
CHOOSE_PICTURE_TEXT = "Choose a pi&cture…"
CHANGE_PICTURE_TEXT = "Choose another pi&cture…"
NO_PICTURE = "No picture chosen yet."
#: The largest the chosen picture is shown, in pixels (it keeps its shape).
PICTURE_PREVIEW = (240, 90)


def state_sentence(charter: Charter, signature: Signature | None, state: SignatureState) -> str:
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


class SignatureForm(QGroupBox):
    """One partner's signature form, with the buttons that sign it and take it back."""

    #: The user changed a field (its PreparedForm name) and whether typing goes on in it.
    edited = Signal(str, bool)
    #: A file was dropped on the signature picture: the page uses it as if chosen.
    picture_dropped = Signal(str)

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__("Signature", parent)
        self.document = document
        #: The chosen picture's media name in the draft.
        self.image_name: str | None = None
        #: Pictures chosen here, by media name: saving prunes pictures no record refers to.
        self._pictures: dict[str, bytes] = {}
        #: True while the form is being filled from the charter, not changed by the user.
        self._filling = False

        form_layout = QVBoxLayout(self)
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
        spelling.attach_line(self.signatory_role)
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
        self.typed_preview.setStyleSheet(
            f"font-size: 18pt; font-style: italic; color: {theme().heading};"
        )
        self.signatory_name.textChanged.connect(self._update_typed)
        self.image_preview = QLabel(NO_PICTURE)
        self.image_preview.setObjectName("signaturePicture")
        # Framed like the pad, so a picture on white still reads as a picture.
        self.image_preview.setStyleSheet(
            f"QLabel#signaturePicture {{ border: 1px dashed {theme().paper_edge}; padding: 6px; }}"
        )
        self.image_preview.setAccessibleName("Signature picture")
        self.image_preview.setAcceptDrops(True)
        self.image_preview.installEventFilter(self)
        self.image_button = QPushButton(CHOOSE_PICTURE_TEXT)
        self.image_button.setAccessibleName(CHOOSE_PICTURE_TEXT.replace("&", ""))
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
        self.withdraw_button = QPushButton(WITHDRAW_TEXT)
        self.withdraw_button.setAccessibleName(WITHDRAW_TEXT.replace("&", ""))
        self.certificate_button = QPushButton(CERTIFICATE_TEXT)
        self.certificate_button.setAccessibleName(CERTIFICATE_TEXT.replace("&", ""))
        self.certificate_button.setAccessibleDescription(
            "Sign this version and also sign the record with your organisation's certificate, "
            "so anyone can check that the record was made by its holder and not changed since."
        )
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

        # Every change to the form is told; typing merges per field.
        self.meeting_date.dateChanged.connect(lambda _d: self._edited("meeting_date", True))
        self.signed_on.dateChanged.connect(lambda _d: self._edited("signed_on", True))
        for name in ("minute_reference", "signatory_name", "signatory_role"):
            line = getattr(self, name)
            line.textChanged.connect(lambda _t, name=name: self._edited(name, True))
        for button in self.method_buttons.values():
            button.toggled.connect(lambda on: on and self._edited("method"))
        self.pad.changed.connect(lambda: self._edited("strokes"))

    def _edited(self, field_name: str, typing: bool = False) -> None:
        if not self._filling:
            self.edited.emit(field_name, typing)

    # -- the form's contents --------------------------------------------------
    def read(self) -> PreparedForm:
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

    def fill(self, form: PreparedForm) -> None:
        """Show `form`, without telling it as the user's edit."""
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

    def method(self) -> SignatureMethod:
        for method, button in self.method_buttons.items():
            if button.isChecked():
                return method
        return SignatureMethod.TYPED

    def show_nobody(self) -> None:
        """No partner chosen: a plain heading and no state."""
        self.setTitle("Signature")
        self.state.setText("")

    def show_partner(self, name: str, sentence: str, signed: bool) -> None:
        """The heading, state and buttons for the partner whose form this is."""
        self.setTitle(f"Signature for {name or 'this partner'}")
        self.state.setText(sentence)
        self.withdraw_button.setEnabled(signed)
        self.show_picture()

    def set_signing(self, busy: bool) -> None:
        """While a certificate signs, say so and offer no second signing."""
        self.signing_note.setVisible(busy)
        for button in (self.sign_button, self.certificate_button):
            button.setEnabled(not busy)

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

    # -- the picture of a signature -------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A single file dragged onto the signature picture is offered to the page."""
        if watched is self.image_preview and isinstance(event, QDragEnterEvent | QDropEvent):
            files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            if len(files) != 1 or not self.image_button.isEnabled():
                event.ignore()
                return True
            event.acceptProposedAction()
            if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
                self.picture_dropped.emit(files[0])
            return True
        return super().eventFilter(watched, event)

    def add_picture_file(self, path: str) -> None:
        """Put the picture at `path` in the draft and show it (ImageError if it is not one)."""
        self.image_name = add_image_file(self.document.draft, path)
        self.show_picture()

    def keep_picture(self, name: str) -> bool:
        """Whether the chosen picture is in the draft, putting it back if a save pruned it."""
        if self.document.draft.image(name) is not None:
            return True
        data = self._pictures.get(name)
        if data is None:
            return False
        self.document.draft.add_image(data)
        return True

    def show_picture(self) -> None:
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

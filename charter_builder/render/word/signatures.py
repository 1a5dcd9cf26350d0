"""The signatures page and the verification panel, as in the PDF.

The signature states come from ``render.html`` (the same judgement the PDF
prints): a forged record prints as not signed, details recorded before signing
print on the blank lines.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from charter_builder.charter.model import SignatureMethod
from charter_builder.render.html import SignatureView, partner_name
from charter_builder.render.word import document as word
from charter_builder.render.word import pictures
from charter_builder.render.word.sections import Part, date_text, heading
from charter_builder.signatures.signing import SignatureState

LEAD = (
    "Each partner’s board approves this charter and authorises the person who signs it "
    "on the partner’s behalf."
)
BLANK = "_" * 28
FORGED = (
    "Not signed: the signature record for this partner is forged (it does not match its "
    "certificate signature), so it is not counted."
)


def signatures(
    doc: DocumentObject, part: Part, views: list[SignatureView], digest: str, number: int
) -> None:
    heading(doc, "Signatures", 1, "signatures", number)
    doc.add_paragraph(LEAD)
    if not views:
        word.add_text(doc, "")
    body = doc.element.body
    for view in views:
        before = body[-2]  # new paragraphs go after it, before the closing w:sectPr
        heading(doc, partner_name(view.partner), 2)
        if view.signature is not None:
            _signed(doc, part, view)
        else:
            _unsigned(doc, view)
        _keep_together(list(before.itersiblings())[:-2])
    _verification(doc, views, digest)


def _keep_together(block: list) -> None:
    """One partner's block on one page: a signature parted from its name means little.

    ``block`` is every paragraph of the block but its last, as XML elements (asking
    python-docx for the document's paragraphs walks the whole body every time).
    """
    for element in block:
        if element.tag == qn("w:p"):
            element.get_or_add_pPr().keepNext_val = True


def _signed(doc: DocumentObject, part: Part, view: SignatureView) -> None:
    signature = view.signature
    mark = doc.add_paragraph()
    picture = _signature_picture(part, view)
    if picture:
        pictures.add_picture(mark.add_run(), picture, view.picture_alt, height=Cm(1.6))
    else:
        run = mark.add_run(f"/s/ {word.clean(view.name) or 'Name not given'}")
        run.italic, run.font.size = True, Pt(16)
    word.labelled(doc, "Name", view.name)
    word.labelled(doc, "Role", signature.signatory_role)
    word.labelled(doc, "Date", date_text(signature.signed_on))
    _approval(
        doc, date_text(signature.approval.meeting_date), signature.approval.minute_reference.strip()
    )
    state = doc.add_paragraph()
    if view.state is SignatureState.CURRENT:
        state.add_run("Signed").bold = True
    else:
        run = state.add_run("Signed an earlier version — needs to sign again")
        run.bold, run.font.color.rgb = True, word.RED
    label = view.proof.label
    doc.add_paragraph(label[:1].upper() + label[1:])


def _signature_picture(part: Part, view: SignatureView) -> bytes | None:
    """The drawn or imported signature the PDF shows; None for typed ones (``/s/ name``)."""
    if not view.picture:
        return None
    signature = view.signature
    if signature.method is SignatureMethod.DRAWN:
        return pictures.drawn_signature_png(signature.strokes)
    if signature.method is SignatureMethod.IMAGE and signature.image:
        return part.draft.media.get(signature.image)
    return None


def _unsigned(doc: DocumentObject, view: SignatureView) -> None:
    """Blank lines to sign on, with whatever was recorded beforehand printed on them."""
    if view.forged:
        run = doc.add_paragraph().add_run(FORGED)
        run.bold, run.font.color.rgb = True, word.RED
    recorded = view.recorded
    name = recorded.signatory_name.strip() if recorded else ""
    role = recorded.signatory_role.strip() if recorded else ""
    for label, value in (("Signature", ""), ("Name", name), ("Role", role), ("Date", "")):
        line = doc.add_paragraph()
        line.paragraph_format.space_before = Pt(10)
        line.add_run(f"{label}: ").bold = True
        line.add_run(word.clean(value) if value else BLANK)
    meeting = date_text(recorded.approval.meeting_date) if recorded else ""
    minute = recorded.approval.minute_reference.strip() if recorded else ""
    _approval(doc, meeting, minute)


def _approval(doc: DocumentObject, meeting: str, minute: str) -> None:
    line = doc.add_paragraph()
    line.paragraph_format.space_before = Pt(6)
    line.add_run("Approved by the board on ")
    line.add_run(word.clean(meeting) if meeting else "_" * 16)
    line.add_run(", minute ref ")
    line.add_run(word.clean(minute) if minute else "_" * 10)


def _verification(doc: DocumentObject, views: list[SignatureView], digest: str) -> None:
    heading(doc, "Verification", 2)
    doc.add_paragraph(
        "This fingerprint identifies the exact text agreed. Any change to the text gives "
        "a different fingerprint."
    )
    fingerprint = doc.add_paragraph()
    fingerprint.add_run("Fingerprint of this text  ").bold = True
    fingerprint.add_run(digest).font.name = "Courier New"
    signed = [view for view in views if view.signed_digest]
    if not signed:
        doc.add_paragraph("No partner has signed yet.")
        return
    doc.add_paragraph(
        "A signature record on its own proves nothing: anyone who can edit the draft could "
        "write one. A record signed with the partner’s organisation certificate carries a "
        "digital signature only that certificate can make, over this fingerprint and the "
        "record’s own details."
    ).paragraph_format.keep_with_next = True
    rows = []
    for view in signed:
        earlier = " (an earlier version)" if view.state is SignatureState.EARLIER else ""
        proof = view.proof.label[:1].upper() + view.proof.label[1:]
        if view.forged:
            proof += ": not counted as signed"
        elif view.certified:
            proof += f", certificate {view.proof.short_fingerprint}"
        rows.append([partner_name(view.partner), f"{view.signed_digest}…{earlier}", proof])
    word.table(
        doc,
        ["Partner", "Signed the text with fingerprint", "What the record proves"],
        rows,
        [5.2, 5.4, 6.0],
    )

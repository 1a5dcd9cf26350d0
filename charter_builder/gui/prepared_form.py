"""A signature being prepared on the sign-off step, and each partner's form as it was left.

Plain data, no widgets: the sign-off form (signature_form) shows a
PreparedForm, and the page keeps one per partner in PreparedForms so that
choosing another partner, or any other edit to the charter, leaves a form
as it was. A partner's form only follows the charter again when that
partner's record itself changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from charter_builder.charter.model import BoardApproval, Partner, Signature, SignatureMethod


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

    @classmethod
    def fresh(cls, partner: Partner, signature: Signature | None) -> PreparedForm:
        """The form as the charter has it: the partner's record, or a new one."""
        if signature is not None:
            return cls.from_signature(signature)
        return cls.for_partner(partner)

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


class PreparedForms:
    """Each partner's form as the user left it, and the signature it was filled from."""

    def __init__(self) -> None:
        self._kept: dict[str, PreparedForm] = {}
        self._filled_from: dict[str, Signature | None] = {}

    def keep(self, partner_id: str, form: PreparedForm) -> None:
        self._kept[partner_id] = form

    def forget_all_but(self, partner_ids: set[str]) -> None:
        """Partners who left take their forms with them."""
        for gone in set(self._kept) - partner_ids:
            del self._kept[gone]
            self._filled_from.pop(gone, None)

    def clear(self) -> None:
        self._kept.clear()
        self._filled_from.clear()

    def to_show(self, partner: Partner, signature: Signature | None) -> PreparedForm:
        """What the partner's form shows: as left, unless their signature changed since."""
        kept = self._kept.get(partner.id)
        filled_from = self._filled_from.get(partner.id)
        self._filled_from[partner.id] = signature
        if kept is not None and filled_from == signature:
            untouched = kept == PreparedForm.fresh(partner, filled_from)
            # An untouched form follows the charter (a representative renamed meanwhile).
            return PreparedForm.fresh(partner, signature) if untouched else kept
        if signature is None and filled_from is not None and filled_from.digest:
            # Its signing undone, with nothing recorded before: offer what was signed.
            return PreparedForm.from_signature(filled_from)
        return PreparedForm.fresh(partner, signature)

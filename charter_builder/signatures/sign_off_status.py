"""Where the signing stands, in the few words the step list and status line have room for.

The Sign-off step edits no section, so "complete / N to do" from the problem
list says nothing about it; what a board secretary needs there is how many
partners have signed this text, and how many must sign again. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

from charter_builder.charter.model import Charter
from charter_builder.signatures.signing import SignatureState, signature_states


@dataclass(frozen=True)
class SignOffStatus:
    """Counts of partners by where their signature stands."""

    partners: int
    signed: int
    earlier: int
    #: Records whose certificate signature does not fit them: counted as not signed.
    forged: int = 0

    @property
    def unsigned(self) -> int:
        return self.partners - self.signed - self.earlier - self.forged

    @property
    def complete(self) -> bool:
        """Every partner has signed this very text: the charter is agreed."""
        return self.partners > 0 and self.signed == self.partners

    @property
    def short(self) -> str:
        """For the step list: "3 of 9 signed", "3 of 9 signed, 2 to sign again"."""
        if not self.partners:
            return "no partners yet"
        if self.complete:
            return "all signed" if self.partners > 1 else "signed"
        text = f"{self.signed} of {self.partners} signed"
        if self.earlier:
            text += f", {self.earlier} to sign again"
        if self.forged:
            text += f", {self.forged} forged"
        return text

    @property
    def sentence(self) -> str:
        """For the page and the status line, as a full sentence."""
        if not self.partners:
            return "Add the partners on the “Partnership and partners” step first."
        if self.complete:
            return "Every partner has signed this version. The charter is agreed."
        text = f"{self.signed} of {self.partners} partners have signed this version."
        if self.earlier:
            one = self.earlier == 1
            text += (
                f" {self.earlier} signed an earlier version and "
                f"{'needs' if one else 'need'} to sign again."
            )
        if self.forged:
            one = self.forged == 1
            text += (
                f" {self.forged} signature record{'' if one else 's'} "
                f"{'does' if one else 'do'} not match {'its' if one else 'their'} certificate "
                f"signature{'' if one else 's'}: forged, and not counted as signed."
            )
        return text


def sign_off_status(
    charter: Charter, states: dict[str, SignatureState] | None = None
) -> SignOffStatus:
    """How many partners have signed this text, an earlier one, or not at all.

    ``states`` saves working out the digest again when the caller has them already.
    """
    states = list((states if states is not None else signature_states(charter)).values())
    return SignOffStatus(
        partners=len(states),
        signed=states.count(SignatureState.CURRENT),
        earlier=states.count(SignatureState.EARLIER),
        forged=states.count(SignatureState.FORGED),
    )

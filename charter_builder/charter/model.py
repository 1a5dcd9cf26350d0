"""The charter: what a partnership agrees, as plain data with no Qt.

Drafts are incomplete for weeks, so the model accepts empty text; what a
finished charter still lacks is reported by :mod:`charter_builder.charter.problems`.
The model only refuses data that could never be a charter (wrong types,
duplicate ids, unknown keys), which is what a damaged or hostile file looks like.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from charter_builder.charter.moments import Moment

# Maxima, set from what a real charter needs with room to spare: an integrated care
# system has 10 to 60 partners, a dozen principles, some dozens of commitments, and
# sections a few pages long. Within them the largest charter still prints within the
# budget in the README (tests/test_limits.py renders it); see render/limits.py for
# the cap on the printed length as a whole.
#: Longest text a single field may hold: about 30,000 words, sixty pages of prose.
MAX_TEXT = 200_000
#: Most items any list without a tighter maximum below may hold (concerns).
MAX_ITEMS = 2_000
#: Partners; also their contribution cards, signatures and a commitment's owners.
MAX_PARTNERS = 500
MAX_PRINCIPLES = 50
#: Behaviours of one principle.
MAX_BEHAVIOURS = 12
MAX_COMMITMENTS = 200
#: Measures of one commitment.
MAX_MEASURES = 12
#: Steps for surfacing and resolving conflict.
MAX_CONFLICT_STEPS = 50

Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
#: Longest name, role or title: a line, however long an organisation's name.
SHORT_TEXT = 2_000

#: The blank starter's title, which the review step asks the user to replace.
DEFAULT_TITLE = "System charter"
ShortText = Annotated[str, StringConstraints(max_length=SHORT_TEXT)]
ItemId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
MediaName = Annotated[str, StringConstraints(pattern=r"^media/[0-9a-f]{64}\.(png|jpg)$")]


def new_id() -> str:
    """A fresh stable id: merges later match list items by it."""
    return uuid.uuid4().hex


class Strict(BaseModel):
    """Base for every part: unknown keys are refused, edits are re-validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)


#: Validation context for data read from a file: there, every item must bring its own id.
FROM_FILE = {"from_file": True}


class Item(Strict):
    """Anything that lives in a list and must keep its identity across edits."""

    id: ItemId = Field(default_factory=new_id)

    @model_validator(mode="before")
    @classmethod
    def _file_items_keep_their_id(cls, data: Any, info: ValidationInfo) -> Any:
        """A fresh id for an item read from a file would change on every opening and
        break merging, so an item that has lost its id is a sign of damage."""
        from_file = bool(info.context and info.context.get("from_file"))
        if from_file and isinstance(data, dict) and "id" not in data:
            raise ValueError("has lost the identifier that matches it between copies of the draft")
        return data


class PartnerKind(StrEnum):
    NHS_TRUST = "nhs_trust"
    INTEGRATED_CARE_BOARD = "integrated_care_board"
    LOCAL_AUTHORITY = "local_authority"
    PRIMARY_CARE = "primary_care"
    VCSE = "vcse"
    SOCIAL_CARE_PROVIDER = "social_care_provider"
    HEALTHWATCH = "healthwatch"
    OTHER = "other"

    @property
    def label(self) -> str:
        return PARTNER_KIND_LABELS[self]


PARTNER_KIND_LABELS: dict[PartnerKind, str] = {
    PartnerKind.NHS_TRUST: "NHS trust",
    PartnerKind.INTEGRATED_CARE_BOARD: "Integrated care board",
    PartnerKind.LOCAL_AUTHORITY: "Local authority",
    PartnerKind.PRIMARY_CARE: "Primary care",
    PartnerKind.VCSE: "Voluntary, community or social enterprise",
    PartnerKind.SOCIAL_CARE_PROVIDER: "Social care provider",
    PartnerKind.HEALTHWATCH: "Healthwatch",
    PartnerKind.OTHER: "Other",
}


class Horizon(StrEnum):
    """How far ahead a commitment looks; the charter is about the long term."""

    ONE_YEAR = "one_year"
    THREE_YEARS = "three_years"
    FIVE_YEARS = "five_years"
    TEN_YEARS = "ten_years"

    @property
    def label(self) -> str:
        return HORIZON_LABELS[self]


HORIZON_LABELS: dict[Horizon, str] = {
    Horizon.ONE_YEAR: "Within a year",
    Horizon.THREE_YEARS: "Within three years",
    Horizon.FIVE_YEARS: "Within five years",
    Horizon.TEN_YEARS: "Within ten years",
}


class Partnership(Strict):
    name: ShortText = ""
    place: ShortText = ""
    population: Text = ""
    scope: Text = ""
    effective_date: date | None = None
    review_date: date | None = None


class Representative(Strict):
    name: ShortText = ""
    role: ShortText = ""
    email: ShortText = ""


class Partner(Item):
    name: ShortText = ""
    kind: PartnerKind = PartnerKind.OTHER
    representative: Representative = Field(default_factory=Representative)
    logo: MediaName | None = None


class SharedPurpose(Strict):
    """The golden circle: why first, then how, then what."""

    vision: Text = ""
    why: Text = ""
    how: Text = ""
    what: Text = ""


class Behaviour(Item):
    text: Text = ""


class Principle(Item):
    title: ShortText = ""
    meaning: Text = ""
    behaviours: list[Behaviour] = Field(default_factory=list, max_length=MAX_BEHAVIOURS)


class Measure(Item):
    text: Text = ""


class Commitment(Item):
    title: ShortText = ""
    description: Text = ""
    owners: list[ItemId] = Field(default_factory=list, max_length=MAX_PARTNERS)
    horizon: Horizon = Horizon.FIVE_YEARS
    measures: list[Measure] = Field(default_factory=list, max_length=MAX_MEASURES)
    review_date: date | None = None


class Contribution(Item):
    """One partner's give and take: adaptive change means naming the losses."""

    partner_id: ItemId
    brings: Text = ""
    autonomy_given_up: Text = ""
    losses: Text = ""
    support: Text = ""


class EscalationStep(Item):
    text: Text = ""


class Governance(Strict):
    decision_making: Text = ""
    meeting_rhythm: Text = ""
    gemba_visits: Text = ""
    conflict_steps: list[EscalationStep] = Field(
        default_factory=list, max_length=MAX_CONFLICT_STEPS
    )
    review_and_variation: Text = ""
    joining_and_leaving: Text = ""


class SignatureMethod(StrEnum):
    """How a signatory signed: drawn by hand, typed (the accessible choice), or a picture."""

    DRAWN = "drawn"
    TYPED = "typed"
    IMAGE = "image"


#: A drawn stroke: x, y pairs flattened, in a 1000 × 400 box (the pad's shape).
Stroke = Annotated[list[float], Field(max_length=20_000)]
Digest = Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{64})?$")]


class BoardApproval(Strict):
    """Each partner's own board approves the charter before its representative signs."""

    meeting_date: date | None = None
    minute_reference: ShortText = ""


class Signature(Item):
    """One partner's signature, bound to the exact text it was given against."""

    partner_id: ItemId
    signatory_name: ShortText = ""
    signatory_role: ShortText = ""
    signed_on: date | None = None
    approval: BoardApproval = Field(default_factory=BoardApproval)
    method: SignatureMethod = SignatureMethod.TYPED
    strokes: list[Stroke] = Field(default_factory=list, max_length=500)
    image: MediaName | None = None
    #: SHA-256 of the agreed content when this signature was given (see signing.py).
    digest: Digest = ""
    #: A detached CMS signature (base64 DER) made with the partner's organisation
    #: certificate over this record's statement (see sign_proof.py): the one part of a
    #: record that cannot be recomputed by whoever edits the draft. Empty when the record
    #: is not cryptographically signed. Base64: a few kilobytes with its certificate chain.
    certificate_signature: Annotated[
        str, StringConstraints(max_length=64_000, pattern=r"^[A-Za-z0-9+/]*={0,2}$")
    ] = ""


class ConcernStatus(StrEnum):
    """Where a concern stands: still open, settled by a change, or accepted as it is."""

    OPEN = "open"
    RESOLVED = "resolved"
    ACCEPTED = "accepted"

    @property
    def label(self) -> str:
        return CONCERN_STATUS_LABELS[self]


CONCERN_STATUS_LABELS: dict[ConcernStatus, str] = {
    ConcernStatus.OPEN: "Open",
    ConcernStatus.RESOLVED: "Resolved",
    ConcernStatus.ACCEPTED: "Accepted as it stands",
}

#: The parts of the charter a concern can be about: the wizard's sections and the sign-off.
ConcernSection = Literal[
    "partnership",
    "partners",
    "purpose",
    "principles",
    "commitments",
    "contributions",
    "governance",
    "signatures",
]


class Concern(Item):
    """A partner's worry about a section, raised and settled in the open.

    Surfacing and resolving conflict is one of the charter's own principles;
    concerns are how the partners do it while writing. They are about the
    process, not the agreed text, so they are left out of the content digest.
    """

    section: ConcernSection
    text: Text = ""
    raised_by_name: ShortText = ""
    raised_by_organisation: ShortText = ""
    raised_on: Moment | None = None
    status: ConcernStatus = ConcernStatus.OPEN
    #: The note saying how it was resolved, or why the section stands as it is.
    resolution: Text = ""
    resolved_by_name: ShortText = ""
    resolved_by_organisation: ShortText = ""
    resolved_on: Moment | None = None


class Charter(Strict):
    title: ShortText = DEFAULT_TITLE
    version: ShortText = "0.1"
    partnership: Partnership = Field(default_factory=Partnership)
    partners: list[Partner] = Field(default_factory=list, max_length=MAX_PARTNERS)
    purpose: SharedPurpose = Field(default_factory=SharedPurpose)
    principles: list[Principle] = Field(default_factory=list, max_length=MAX_PRINCIPLES)
    commitments: list[Commitment] = Field(default_factory=list, max_length=MAX_COMMITMENTS)
    contributions: list[Contribution] = Field(default_factory=list, max_length=MAX_PARTNERS)
    governance: Governance = Field(default_factory=Governance)
    #: Not part of what is agreed: recorded against it, and left out of its digest.
    signatures: list[Signature] = Field(default_factory=list, max_length=MAX_PARTNERS)
    #: Signing has begun: the wizard warns before agreed text changes.
    frozen_for_signing: bool = False
    #: Raised against sections while writing; not agreed content, left out of the digest.
    concerns: list[Concern] = Field(default_factory=list, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Self:
        seen: set[str] = set()
        for item in self.iter_items():
            if item.id in seen:
                raise ValueError(f"the id {item.id!r} is used by more than one item")
            seen.add(item.id)
        return self

    def iter_items(self):
        """Every identified item in the charter, nested ones included."""
        yield from self.partners
        for principle in self.principles:
            yield principle
            yield from principle.behaviours
        for commitment in self.commitments:
            yield commitment
            yield from commitment.measures
        yield from self.contributions
        yield from self.governance.conflict_steps
        yield from self.signatures
        yield from self.concerns

    def partner(self, partner_id: str) -> Partner | None:
        return next((p for p in self.partners if p.id == partner_id), None)

    def contribution_for(self, partner_id: str) -> Contribution | None:
        return next((c for c in self.contributions if c.partner_id == partner_id), None)

    def with_contribution_cards(self) -> Charter:
        """A copy with exactly one contribution per partner, in partner order.

        Cards of partners that left are dropped and new partners get an empty
        card; the wizard calls this whenever the partner list changes.
        """
        by_partner = {c.partner_id: c for c in self.contributions}
        cards = [by_partner.get(p.id) or Contribution(partner_id=p.id) for p in self.partners]
        return self.model_copy(update={"contributions": cards})

    def media_names(self) -> set[str]:
        """Every media entry the charter refers to."""
        logos = {p.logo for p in self.partners if p.logo}
        return logos | {s.image for s in self.signatures if s.image}

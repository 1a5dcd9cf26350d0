"""The words a board uses for each part of the charter.

One place for them, so the wizard's labels, the problems list and error
messages all name a field the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

SECTION_LABELS: dict[str, str] = {
    "title": "Charter details",
    "version": "Charter details",
    "partnership": "Partnership",
    "partners": "Partners",
    "purpose": "Shared purpose",
    "principles": "Principles",
    "commitments": "Commitments",
    "contributions": "Contributions and losses",
    "governance": "Governance",
    "signatures": "Signatures",
    "concerns": "Concerns",
}

FIELD_LABELS: dict[str, str] = {
    # charter
    "title": "Title",
    "version": "Version",
    # partnership
    "name": "Name",
    "place": "Place",
    "population": "Population served",
    "scope": "Scope",
    "effective_date": "Effective date",
    "review_date": "Review date",
    # partner
    "kind": "Kind of organisation",
    "representative": "Representative",
    "role": "Role",
    "email": "Email",
    "logo": "Logo",
    # purpose
    "vision": "Vision",
    "why": "Why",
    "how": "How",
    "what": "What",
    # principle
    "meaning": "What it means",
    "behaviours": "In practice",
    "text": "Text",
    # commitment
    "description": "Description",
    "owners": "Owners",
    "horizon": "Horizon",
    "measures": "Measures of success",
    # contribution
    "partner_id": "Partner",
    "brings": "What we bring",
    "autonomy_given_up": "Autonomy we give up",
    "losses": "Losses people may feel",
    "support": "Support we offer each other",
    # governance
    "decision_making": "How decisions are made",
    "meeting_rhythm": "Meeting rhythm",
    "gemba_visits": "Go to gemba visits",
    "conflict_steps": "Surfacing and resolving conflict",
    "review_and_variation": "Review and variation",
    "joining_and_leaving": "Joining and leaving",
    # concern
    "section": "Section",
    "raised_by_name": "Raised by",
    "raised_by_organisation": "Organisation",
    "raised_on": "Raised on",
    "status": "Status",
    "resolution": "Resolution note",
    "resolved_by_name": "Settled by",
    "resolved_by_organisation": "Organisation",
    "resolved_on": "Settled on",
    "id": "Identifier",
}

#: Where a field's form label says more than its name alone, keyed by what holds it
#: (the section or the part above it): the problems list then uses the form's words.
LABELS_IN_CONTEXT: dict[tuple[str, str], str] = {
    ("", "title"): "Charter title",
    ("partnership", "name"): "Partnership name",
    ("partners", "name"): "Organisation name",
    ("representative", "name"): "Representative's name",
    ("representative", "role"): "Representative's role",
    ("representative", "email"): "Representative's email",
    ("contributions", "autonomy_given_up"): "Autonomy we give up for the population's good",
}

ITEM_NOUNS: dict[str, str] = {
    "partners": "partner",
    "principles": "principle",
    "commitments": "commitment",
    "contributions": "contribution",
    "behaviours": "behaviour",
    "measures": "measure",
    "conflict_steps": "step",
    "concerns": "concern",
    "signatures": "signature",
}

#: Parts of the charter no form shows, named when a change or a conflict touches them
#: (the history, "Compare" and merging).
RECORD_SECTION_LABELS: dict[str, str] = {"frozen_for_signing": "Charter details"}
RECORD_FIELD_LABELS: dict[str, str] = {
    "strokes": "Drawn signature",
    "image": "Signature image",
    "digest": "Text signed against",
    "certificate_signature": "Signed with a certificate",
    "signatory_name": "Signatory",
    "signatory_role": "Signatory’s role",
    "signed_on": "Signed on",
    "approval": "Board approval",
    "meeting_date": "Board meeting date",
    "minute_reference": "Minute reference",
    "method": "How it was signed",
    "frozen_for_signing": "Signing has begun",
}


def plain_name(name: str) -> str:
    """A name no list above knows, made readable: "meeting_rhythm" → "Meeting rhythm"."""
    return name.replace("_", " ").capitalize()


def section_name(name: str) -> str:
    """The section a top-level part of the charter belongs to, in the board's words."""
    return SECTION_LABELS.get(name) or RECORD_SECTION_LABELS.get(name) or plain_name(name)


def field_name(name: str) -> str:
    """A field's own name, wherever it sits ("Vision", "Signatory")."""
    return FIELD_LABELS.get(name) or RECORD_FIELD_LABELS.get(name) or plain_name(name)


def item_noun(list_name: str, default: str = "item") -> str:
    """What one item of a list is called: "partner", "step", "signature"."""
    return ITEM_NOUNS.get(list_name, default)


def field_label(loc: Sequence[str | int]) -> str:
    """The label the wizard shows for the field at the end of ``loc``."""
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return "The charter"
    field, holder = names[-1], (names[-2] if len(names) > 1 else "")
    return LABELS_IN_CONTEXT.get((holder, field)) or FIELD_LABELS.get(
        field, field.replace("_", " ").capitalize()
    )


def describe_location(loc: Sequence[str | int]) -> str:
    """Turn a path like ("partners", 2, "representative", "email") into words.

    The result reads "Partners › partner 3 › Representative's email".
    """
    words: list[str] = []
    previous: str | int | None = None
    holder = ""  # the last name before this part: what holds the field
    for part in loc:
        if isinstance(part, int):
            noun = ITEM_NOUNS.get(str(previous), "item")
            words.append(f"{noun} {part + 1}")
        elif not words and part in SECTION_LABELS:
            words.append(SECTION_LABELS[part])
        elif part == "representative" and len(loc) > loc.index(part) + 1:
            pass  # "Representative's email" says it already
        else:
            words.append(field_label((holder, part) if holder else (part,)))
        if isinstance(part, str):
            holder = part
        previous = part
    return " › ".join(words) if words else "The charter"

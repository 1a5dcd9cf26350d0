"""What a charter still needs before a board can sign it, in plain words.

A draft may be incomplete for weeks; these checks say what is missing or
inconsistent without refusing the draft. Each problem carries the location
of the field, so the wizard can take the user straight to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from charter_builder.charter.labels import FIELD_LABELS, field_label
from charter_builder.charter.model import DEFAULT_TITLE, Charter
from charter_builder.charter.printable import unprintable_problems
from charter_builder.charter.problem import Location, Problem

__all__ = ["SECTION_ORDER", "Location", "Problem", "find_problems"]

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

#: The order sections appear in the wizard and the PDF.
SECTION_ORDER = (
    "partnership",
    "partners",
    "purpose",
    "principles",
    "commitments",
    "contributions",
    "governance",
)

def _blank(text: str) -> bool:
    return not text.strip()


def _missing(location: Location, what: str = "", item_id: str | None = None) -> Problem:
    """`what` names the item (“Partner 2 (Healthwatch)”); section fields need no name."""
    label = field_label(location)
    prefix = f"{what}: " if what else ""
    return Problem(location, f"{prefix}“{label}” is empty.", item_id)


def _named(kind: str, index: int, name: str) -> str:
    return f"{kind} {index + 1} ({name.strip()})" if name.strip() else f"{kind} {index + 1}"


def _partnership(charter: Charter) -> Iterator[Problem]:
    p = charter.partnership
    for field in ("name", "place", "population"):
        if _blank(getattr(p, field)):
            yield _missing(("partnership", field))
    if p.effective_date is None:
        yield Problem(("partnership", "effective_date"), "Give the date the charter takes effect.")
    if p.review_date is None:
        yield Problem(("partnership", "review_date"), "Give the date the charter will be reviewed.")
    if p.effective_date and p.review_date and p.review_date <= p.effective_date:
        yield Problem(
            ("partnership", "review_date"),
            "The review date must come after the date the charter takes effect.",
        )


def _partners(charter: Charter) -> Iterator[Problem]:
    if len(charter.partners) < 2:
        yield Problem(("partners",), "A partnership needs at least two partner organisations.")
    seen: dict[str, int] = {}
    for i, partner in enumerate(charter.partners):
        who = _named("Partner", i, partner.name)
        if _blank(partner.name):
            yield _missing(("partners", i, "name"), who, partner.id)
        key = partner.name.strip().casefold()
        if key and key in seen:
            yield Problem(
                ("partners", i, "name"),
                f"{who} has the same name as partner {seen[key] + 1}.",
                partner.id,
            )
        seen.setdefault(key, i)
        rep = partner.representative
        for field in ("name", "role"):
            if _blank(getattr(rep, field)):
                yield Problem(
                    ("partners", i, "representative", field),
                    f"{who}: the representative's {FIELD_LABELS[field].lower()} is empty.",
                    partner.id,
                )
        if rep.email.strip() and not EMAIL.match(rep.email.strip()):
            yield Problem(
                ("partners", i, "representative", "email"),
                f"{who}: “{rep.email.strip()}” does not look like an email address.",
                partner.id,
            )


def _purpose(charter: Charter) -> Iterator[Problem]:
    for field in ("vision", "why", "how", "what"):
        if _blank(getattr(charter.purpose, field)):
            yield _missing(("purpose", field))


def _principles(charter: Charter) -> Iterator[Problem]:
    if not charter.principles:
        yield Problem(("principles",), "Agree at least one principle.")
    for i, principle in enumerate(charter.principles):
        who = _named("Principle", i, principle.title)
        for field in ("title", "meaning"):
            if _blank(getattr(principle, field)):
                yield _missing(("principles", i, field), who, principle.id)
        if not any(b.text.strip() for b in principle.behaviours):
            yield Problem(
                ("principles", i, "behaviours"),
                f"{who}: describe at least one behaviour in practice.",
                principle.id,
            )


def _commitments(charter: Charter) -> Iterator[Problem]:
    if not charter.commitments:
        yield Problem(("commitments",), "Make at least one long-term commitment.")
    partner_ids = {p.id for p in charter.partners}
    effective = charter.partnership.effective_date
    for i, commitment in enumerate(charter.commitments):
        who = _named("Commitment", i, commitment.title)
        for field in ("title", "description"):
            if _blank(getattr(commitment, field)):
                yield _missing(("commitments", i, field), who, commitment.id)
        if not commitment.owners:
            yield Problem(
                ("commitments", i, "owners"),
                f"{who}: choose at least one partner to own it.",
                commitment.id,
            )
        gone = [o for o in commitment.owners if o not in partner_ids]
        if gone:
            yield Problem(
                ("commitments", i, "owners"),
                f"{who} is owned by a partner that is no longer in the partnership.",
                commitment.id,
            )
        if not any(m.text.strip() for m in commitment.measures):
            yield Problem(
                ("commitments", i, "measures"),
                f"{who}: say how you will know it has succeeded.",
                commitment.id,
            )
        if effective and commitment.review_date and commitment.review_date <= effective:
            yield Problem(
                ("commitments", i, "review_date"),
                f"{who}: the review date must come after the date the charter takes effect.",
                commitment.id,
            )


def _contributions(charter: Charter) -> Iterator[Problem]:
    partners = {p.id: p for p in charter.partners}
    covered: set[str] = set()
    for i, card in enumerate(charter.contributions):
        partner = partners.get(card.partner_id)
        if partner is None:
            yield Problem(
                ("contributions", i, "partner_id"),
                f"Contribution {i + 1} belongs to a partner that is no longer in the partnership.",
                card.id,
            )
            continue
        if card.partner_id in covered:
            yield Problem(
                ("contributions", i, "partner_id"),
                f"{partner.name or 'A partner'} has more than one contribution.",
                card.id,
            )
        covered.add(card.partner_id)
        who = partner.name.strip() or "A partner"
        for field in ("brings", "autonomy_given_up", "losses", "support"):
            if _blank(getattr(card, field)):
                yield _missing(("contributions", i, field), who, card.id)
    for partner in charter.partners:
        if partner.id not in covered:
            yield Problem(
                ("contributions",),
                f"{partner.name.strip() or 'A partner'} has not yet said what it brings "
                "and gives up.",
                partner.id,
            )


def _governance(charter: Charter) -> Iterator[Problem]:
    g = charter.governance
    for field in (
        "decision_making",
        "meeting_rhythm",
        "gemba_visits",
        "review_and_variation",
        "joining_and_leaving",
    ):
        if _blank(getattr(g, field)):
            yield _missing(("governance", field))
    steps = [s for s in g.conflict_steps if s.text.strip()]
    if len(steps) < 2:
        yield Problem(
            ("governance", "conflict_steps"),
            "Set out at least two steps for surfacing and resolving conflict.",
        )


_CHECKS = {
    "partnership": _partnership,
    "partners": _partners,
    "purpose": _purpose,
    "principles": _principles,
    "commitments": _commitments,
    "contributions": _contributions,
    "governance": _governance,
}


def find_problems(charter: Charter) -> list[Problem]:
    """Everything still missing or inconsistent, in the order of the wizard."""
    unprintable = unprintable_problems(charter)
    problems: list[Problem] = []
    if _blank(charter.title):
        problems.append(Problem(("title",), "The charter needs a title."))
    problems.extend(p for p in unprintable if p.section not in SECTION_ORDER)
    for section in SECTION_ORDER:
        problems.extend(_CHECKS[section](charter))
        problems.extend(p for p in unprintable if p.section == section)
        if section == "partnership" and charter.title.strip() == DEFAULT_TITLE:
            # A nudge, not a gap: listed after what the partnership step still lacks.
            problems.append(
                Problem(
                    ("title",),
                    f"The charter is still called “{DEFAULT_TITLE}”. Give it its own title.",
                )
            )
    return problems


def problems_by_section(charter: Charter) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = {section: [] for section in SECTION_ORDER}
    for problem in find_problems(charter):
        grouped.setdefault(problem.section, []).append(problem)
    return grouped

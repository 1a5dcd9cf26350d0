"""The charters the benchmarks time: the worked example, a medium one and a large one.

The medium and large charters are generated, not stored, so their size is
exactly what the figures say (60 partners and 40 commitments; 200 partners,
100 commitments and 30 logos). The text is varied prose built from a seeded
random generator, so WeasyPrint lays out real paragraphs of different lengths
rather than one sentence repeated (which would flatter its caches), and every
run of the benchmarks sees the very same charters.

Logos are drawn with Pillow (a coloured shape with initials, each one distinct)
and enter the draft through :meth:`Draft.import_image`, the same normalising
path a logo chosen in the wizard takes.

Run it on its own to write the three drafts to a folder::

    .venv/bin/python -m benchmarks.make_charters /tmp/charters
"""

from __future__ import annotations

import io
import random
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from charter_builder.charter.model import (
    Behaviour,
    Charter,
    Commitment,
    Contribution,
    EscalationStep,
    Governance,
    Horizon,
    Measure,
    Partner,
    PartnerKind,
    Partnership,
    Principle,
    Representative,
    SharedPurpose,
)
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import save_draft
from charter_builder.drafts.starters import load_starter

#: Who edits the benchmark drafts' histories.
AUTHOR, ORGANISATION = "Benchmark Secretary", "Wyvern Vale Integrated Care Board"


@dataclass(frozen=True)
class Size:
    name: str
    partners: int
    commitments: int
    logos: int


MEDIUM = Size("medium", partners=60, commitments=40, logos=0)
LARGE = Size("large", partners=200, commitments=100, logos=30)

PLACES = (
    "Ferrisdale", "Hollin Cross", "Brackenmoor", "Saltmere", "Elderford", "Kestleford",
    "Ashby Wold", "Marrowgate", "Thornbury Vale", "Pellow", "Skelby", "Redhithe", "Carrow",
    "Longmere", "Dunstow", "Wickham Fen", "Orlestone", "Bramcote", "Hatherley", "Yarwood",
)  # fmt: skip
KINDS = (
    (PartnerKind.NHS_TRUST, ("{place} Hospitals NHS Foundation Trust",
                             "{place} Community Health NHS Trust",
                             "{place} and District Mental Health NHS Trust")),
    (PartnerKind.LOCAL_AUTHORITY, ("{place} Borough Council", "{place} District Council",
                                   "{place} City Council")),
    (PartnerKind.PRIMARY_CARE, ("{place} Primary Care Network", "{place} GP Federation",
                                "{place} Health Centre Partnership")),
    (PartnerKind.VCSE, ("{place} Community Action", "Age Concern {place}",
                        "{place} Carers' Centre", "{place} Food Bank and Advice Café CIC")),
    (PartnerKind.SOCIAL_CARE_PROVIDER, ("{place} Home Care Co-operative",
                                        "{place} Care Homes Association")),
    (PartnerKind.HEALTHWATCH, ("Healthwatch {place}",)),
    (PartnerKind.OTHER, ("{place} Housing Association", "{place} College",
                         "{place} Fire and Rescue Service")),
)  # fmt: skip
FIRST = (
    "Aisha", "Bryn", "Catrin", "Dev", "Eleanor", "Farid", "Grace", "Hamza", "Imogen", "Jonah",
    "Kiran", "Lowri", "Mohammed", "Niamh", "Olu", "Priya", "Rhys", "Siobhan", "Tomasz", "Yusuf",
)  # fmt: skip
LAST = (
    "Shah", "Jones", "Okafor", "Marsh", "Nowak", "Patel", "O'Neill", "Hughes", "Begum",
    "Campbell", "Evans", "Kowalski", "Adeyemi", "Price", "Fraser", "Chaudhry", "Doyle", "Reid",
)  # fmt: skip
ROLES = (
    "Chief Executive", "Leader of the Council", "Clinical Director", "Chair",
    "Director of Adult Social Care", "Managing Director", "Chief Officer", "Head of Service",
)  # fmt: skip

SUBJECTS = (
    "older people living with frailty", "children waiting for mental health support",
    "carers who look after a family member", "people with several long-term conditions",
    "people leaving hospital who need care at home", "families in temporary housing",
    "young people moving into adult services", "people with a learning disability",
    "people who sleep rough", "people living in our most deprived neighbourhoods",
)  # fmt: skip
ACTIONS = (
    "bring together general practice, community nursing and social care",
    "share one care record that every professional can see",
    "agree one plan, written with the person and their family",
    "meet every week in each neighbourhood to plan care",
    "pool the money we each spend on the same people",
    "train our staff together, so they know what each partner does",
    "publish what we find each quarter, in plain words",
    "ask residents what matters to them before we decide",
    "move staff and money closer to where people live",
    "stop doing the same assessment three times",
)  # fmt: skip
OUTCOMES = (
    "fewer people are admitted to hospital in an emergency",
    "people wait less time for the help they need",
    "carers tell us they feel listened to",
    "the gap in healthy life expectancy between our areas narrows",
    "staff turnover falls in every partner",
    "people are helped at home rather than in a care home",
    "fewer children are referred on without being seen",
    "people tell their story once, not six times",
)  # fmt: skip
CONNECTIVES = (
    "Over the life of this charter,", "From April,", "Starting in {place},", "Together,",
    "Where it helps residents,", "Within two years,", "Step by step,", "As a first step,",
)  # fmt: skip
METRICS = (
    "Emergency admissions of {subject} fall by {n} per cent against 2025/26.",
    "{n} in 100 {subject} have a care plan they helped to write.",
    "Waiting times for a first appointment fall to under {n} days in every neighbourhood.",
    "Every partner reports progress on this commitment to its own board at least {n} times "
    "a year.",
    "Satisfaction among {subject} rises by {n} points in the annual survey.",
)  # fmt: skip
PRINCIPLES = (
    "A shared purpose and vision", "Relationships built on trust", "Shared leadership",
    "Working with our communities", "Learning together", "Equity before efficiency",
)  # fmt: skip
COLOURS = (
    "#005EB8", "#003087", "#00857C", "#5B2C83", "#A6192E", "#2E7D32", "#D9650B", "#0E7490",
    "#8C3B6B", "#425563", "#7C2855", "#006747", "#ED8B00", "#330072", "#00A499",
)  # fmt: skip


class Prose:
    """Varied, plausible sentences from a seeded generator."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def pick(self, items: tuple[str, ...]) -> str:
        return self.random.choice(items)

    def sentence(self) -> str:
        opener = self.pick(CONNECTIVES).format(place=self.pick(PLACES))
        return (
            f"{opener} we will {self.pick(ACTIONS)} for {self.pick(SUBJECTS)}, "
            f"so that {self.pick(OUTCOMES)}."
        )

    def paragraph(self, low: int = 2, high: int = 5) -> str:
        return " ".join(self.sentence() for _ in range(self.random.randint(low, high)))

    def text(self, paragraphs: int = 2) -> str:
        return "\n\n".join(self.paragraph() for _ in range(paragraphs))

    def measure(self) -> str:
        return self.pick(METRICS).format(subject=self.pick(SUBJECTS), n=self.random.randint(2, 60))

    def person(self) -> Representative:
        name = f"{self.pick(FIRST)} {self.pick(LAST)}"
        email = name.lower().replace(" ", ".").replace("'", "") + "@partner.nhs.example"
        return Representative(name=name, role=self.pick(ROLES), email=email)


def logo_png(number: int, name: str) -> bytes:
    """A distinct 600 × 240 logo: a coloured shape with initials, and the name beside it."""
    rng = random.Random(number)
    image = Image.new("RGBA", (600, 240), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    colour = COLOURS[number % len(COLOURS)]
    box = (24, 30, 204, 210)
    if number % 3 == 0:
        draw.ellipse(box, fill=colour)
    elif number % 3 == 1:
        draw.rounded_rectangle(box, radius=30 + number % 40, fill=colour)
    else:
        draw.polygon([(114, 30), (204, 120), (114, 210), (24, 120)], fill=colour)
    # A little texture, different for every logo, so no two compress alike.
    for _ in range(40):
        x, y = rng.randint(30, 190), rng.randint(40, 200)
        draw.point((x, y), fill=(255, 255, 255, rng.randint(60, 200)))
    initials = "".join(word[0] for word in name.split() if word[0].isupper())[:3] or "P"
    font = ImageFont.load_default(56)
    draw.text((114, 120), initials, font=font, fill="white", anchor="mm")
    small = ImageFont.load_default(24)
    for line, words in enumerate(_wrap(name, 22)):
        draw.text((228, 80 + 32 * line), words, font=small, fill=(35, 41, 48, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:4]


def generated_draft(size: Size, seed: int = 2026) -> Draft:
    """A complete charter of the given size, with text in every section."""
    prose = Prose(seed + size.partners)
    draft = Draft()
    partners = []
    for number in range(size.partners):
        kind, patterns = KINDS[number % len(KINDS)]
        place = PLACES[(number // len(KINDS)) % len(PLACES)]
        suffix = f" ({number // (len(KINDS) * len(PLACES)) + 1})" if number >= 140 else ""
        name = prose.pick(patterns).format(place=place) + suffix
        partner = Partner(name=name, kind=kind, representative=prose.person())
        if number < size.logos:
            partner.logo = draft.import_image(logo_png(number, name))
        partners.append(partner)
    ids = [p.id for p in partners]
    commitments = [
        Commitment(
            title=f"{prose.pick(ACTIONS).capitalize()} ({number + 1})",
            description=prose.text(prose.random.randint(1, 2)),
            owners=prose.random.sample(ids, prose.random.randint(2, min(8, len(ids)))),
            horizon=prose.random.choice(list(Horizon)),
            measures=[Measure(text=prose.measure()) for _ in range(prose.random.randint(1, 4))],
            review_date=date(2027, 1 + number % 12, 1),
        )
        for number in range(size.commitments)
    ]
    principles = [
        Principle(
            title=title,
            meaning=prose.paragraph(2, 4),
            behaviours=[
                Behaviour(text=prose.sentence()) for _ in range(prose.random.randint(3, 5))
            ],
        )
        for title in PRINCIPLES
    ]
    contributions = [
        Contribution(
            partner_id=p.id,
            brings=prose.paragraph(1, 3),
            autonomy_given_up=prose.paragraph(1, 2),
            losses=prose.paragraph(1, 2),
            support=prose.paragraph(1, 2),
        )
        for p in partners
    ]
    draft.charter = Charter(
        title="Wyvern Vale system charter",
        version="2.4",
        partnership=Partnership(
            name=f"Greater Wyvern Health and Care Partnership ({size.name})",
            place="Wyvernshire, Kestleford and the Brackenmoor uplands",
            population=prose.text(2),
            scope=prose.text(2),
            effective_date=date(2026, 4, 1),
            review_date=date(2028, 3, 31),
        ),
        partners=partners,
        purpose=SharedPurpose(
            vision="By 2036, where you were born will no longer decide how long you live.",
            why=prose.paragraph(2, 3),
            how=prose.paragraph(2, 3),
            what=prose.paragraph(2, 3),
        ),
        principles=principles,
        commitments=commitments,
        contributions=contributions,
        governance=Governance(
            decision_making=prose.text(2),
            meeting_rhythm=prose.text(1),
            gemba_visits=prose.text(1),
            conflict_steps=[EscalationStep(text=prose.sentence()) for _ in range(4)],
            review_and_variation=prose.text(1),
            joining_and_leaving=prose.text(1),
        ),
    )
    return draft


def worked_example() -> Draft:
    """The "Worked example: Wyvern Vale" starter, nine partners with their logos."""
    return load_starter("example")


def charters() -> dict[str, Draft]:
    """The three charters the render benchmark times, smallest first."""
    return {
        "example": worked_example(),
        MEDIUM.name: generated_draft(MEDIUM),
        LARGE.name: generated_draft(LARGE),
    }


def with_history(draft: Draft, revisions: int = 50, seed: int = 7) -> Draft:
    """The draft after `revisions` saves, each a small edit a secretary might make."""
    prose = Prose(seed)
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    charter = draft.charter.model_copy(deep=True)
    for number in range(revisions):
        charter = edited(charter, prose, number)
        draft.history.record(charter, AUTHOR, ORGANISATION, now=start + timedelta(hours=6 * number))
    draft.charter = charter
    return draft


def edited(charter: Charter, prose: Prose, number: int) -> Charter:
    """A copy of `charter` with one realistic edit, chosen by `number`."""
    charter = charter.model_copy(deep=True)
    kind = number % 4
    if kind == 0 and charter.commitments:
        item = charter.commitments[prose.random.randrange(len(charter.commitments))]
        item.description = prose.text(2)
    elif kind == 1 and charter.commitments:
        item = charter.commitments[prose.random.randrange(len(charter.commitments))]
        item.measures = [*item.measures, Measure(text=prose.measure())]
    elif kind == 2 and charter.partners:
        partner = charter.partners[prose.random.randrange(len(charter.partners))]
        partner.representative = prose.person()
    else:
        charter.governance.meeting_rhythm = prose.text(1)
        charter.version = f"2.{number + 5}"
    return charter


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else ".")
    folder.mkdir(parents=True, exist_ok=True)
    for name, draft in charters().items():
        path = folder / f"{name}.charter"
        save_draft(draft, path)
        print(
            f"{path}: {len(draft.charter.partners)} partners, "
            f"{len(draft.charter.commitments)} commitments, {len(draft.media)} pictures"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Each part of the charter in Word, in the PDF's order and with the PDF's words.

Every value goes in as text through python-docx, which escapes it for XML: markup,
template syntax and ``file://`` addresses in a field print as typed, and nothing
they name is ever fetched.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from charter_builder.charter.labels import FIELD_LABELS, SECTION_LABELS
from charter_builder.charter.model import Charter
from charter_builder.drafts.draft import Draft
from charter_builder.render import golden_circle
from charter_builder.render.html import (
    COVER_TILES,
    ROOMY_TILES,
    ContentsEntry,
    owned_by_all,
    owner_names,
    partner_name,
)
from charter_builder.render.options import RenderOptions
from charter_builder.render.word import document as word
from charter_builder.render.word import pictures
from charter_builder.when import long_date
from charter_builder.words import shorten

CONTRIBUTIONS_LEAD = (
    "Working as one system asks each partner to give as well as gain. Naming what we bring, "
    "and what we and our people may lose, lets us support each other through the change."
)


@dataclass(frozen=True)
class Part:
    """What every section needs: the charter as printed, its draft (for pictures), the choices."""

    charter: Charter
    draft: Draft
    options: RenderOptions
    status: str
    unsigned: bool


def date_text(value) -> str:
    return long_date(value) if value else ""


def heading(doc: DocumentObject, text: str, level: int, anchor: str = "", number: int = 0):
    paragraph = word.styled(doc, word.clean(text), f"Heading {level}")
    if anchor:
        word.bookmark(paragraph, anchor, number)
    return paragraph


def bullets(doc: DocumentObject, items: list, style: str = "List Bullet") -> None:
    """Written items as a bulleted (or numbered) list; "Not yet written" when there are none."""
    written = [item for item in items if item.text.strip()]
    if not written:
        word.add_text(doc, "")
        return
    for item in written:
        word.add_text(doc, item.text, style)


def cover(doc: DocumentObject, part: Part) -> None:
    """Title, partnership, the facts, the DRAFT line and the partners' tiles with logos."""
    charter = part.charter
    p = charter.partnership
    word.styled(doc, "Partnership charter", word.EYEBROW)
    word.styled(doc, word.clean(shorten(charter.title, 160)) or "Untitled charter", "Title")
    name = word.styled(doc, "", "Subtitle")
    name.add_run(word.clean(shorten(p.name, 160)) or "Partnership not yet named")
    if p.place.strip():
        doc.add_paragraph(word.clean(shorten(p.place, 160)))
    facts = doc.add_paragraph()
    for index, (label, value) in enumerate((
        ("Version", shorten(charter.version, 60)),
        ("Effective date", date_text(p.effective_date)),
        ("Status", part.status),
    )):  # fmt: skip
        if index:
            facts.add_run("     ")
        facts.add_run(f"{label}  ").bold = True
        facts.add_run(word.clean(value) or "Not yet written")
    if part.unsigned:
        mark = doc.add_paragraph()
        run = mark.add_run(word.DRAFT_WORDS)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(16), word.RED
    partners = charter.partners[:COVER_TILES]
    if partners:
        word.styled(doc, "In partnership", word.EYEBROW)
        _tiles(doc, part, partners)
        more = len(charter.partners) - len(partners)
        if more:
            noun = "partner" if more == 1 else "partners"
            doc.add_paragraph(f"and {more} more {noun}, listed in “The partnership”")


def _tiles(doc: DocumentObject, part: Part, partners: list) -> None:
    """Partners in rows, each with its logo (when the draft holds it) above its name.

    Above ``ROOMY_TILES`` partners the tiles are smaller, five to a row, as in the
    PDF, so the cover stays one page.
    """
    compact = len(part.charter.partners) > ROOMY_TILES
    per_row = 5 if compact else 4
    logo_box, name_size, gap = ((2.8, 1.0), 8, 4) if compact else ((3.4, 1.5), 9, 10)
    grid = doc.add_table(rows=-(-len(partners) // per_row), cols=per_row)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, partner in enumerate(partners):
        cell = grid.cell(index // per_row, index % per_row)
        cell.width = Cm(16.6 / per_row)
        logo = part.draft.media.get(partner.logo) if partner.logo else None
        first = cell.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if logo is not None:
            width, height = pictures.fitted(logo, *logo_box)
            pictures.add_picture(
                first.add_run(), logo, f"{partner_name(partner)} logo", width, height
            )
            first.paragraph_format.space_after = Pt(2)
            label = cell.add_paragraph()
        else:
            label = first
        label.alignment = WD_ALIGN_PARAGRAPH.CENTER
        label.paragraph_format.line_spacing = 1.0
        run = label.add_run(word.clean(shorten(partner_name(partner), 80)))
        run.font.size, run.bold = Pt(name_size), True
        label.paragraph_format.space_after = Pt(gap)


def contents(doc: DocumentObject, sections: list[ContentsEntry]) -> None:
    """The parts in order, each a link to its heading."""
    heading(doc, "Contents", 1)
    for number, section in enumerate(sections, start=1):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(8)
        paragraph.add_run(f"{number}.  ")
        word.internal_link(paragraph, section.title, section.anchor)


def partnership(doc: DocumentObject, part: Part, number: int) -> None:
    p = part.charter.partnership
    heading(doc, "The partnership", 1, "partnership", number)
    for field, value in (
        ("name", p.name),
        ("place", p.place),
        ("effective_date", date_text(p.effective_date)),
        ("review_date", date_text(p.review_date)),
    ):
        word.labelled(doc, FIELD_LABELS[field], value)
    for field in ("population", "scope"):
        heading(doc, FIELD_LABELS[field], 2)
        word.add_text(doc, getattr(p, field))
    heading(doc, "Partners", 2)
    if not part.charter.partners:
        word.add_text(doc, "")
        return
    rows = []
    for partner in part.charter.partners:
        rep = partner.representative
        who = "\n".join(x.strip() for x in (rep.name, rep.role, rep.email) if x.strip())
        rows.append(
            [partner_name(partner), partner.kind.label, who or "Representative not yet named"]
        )
    word.table(doc, ["Organisation", "Type", "Representative"], rows, [6.6, 4.2, 5.8])


def purpose(doc: DocumentObject, part: Part, number: int) -> None:
    purpose = part.charter.purpose
    heading(doc, SECTION_LABELS["purpose"], 1, "purpose", number)
    word.styled(doc, "Our vision", word.EYEBROW)
    word.add_text(doc, purpose.vision)
    picture = pictures.golden_circle_png(purpose.why, purpose.how, purpose.what)
    holder = doc.add_paragraph()
    holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pictures.add_picture(
        holder.add_run(), picture,
        golden_circle.alt_text(purpose.why, purpose.how, purpose.what), width=Cm(16.0),
    )  # fmt: skip
    word.styled(doc, "Our golden circle: we start with why. The full text follows.", "Caption")
    for ring, text in zip(
        golden_circle.RINGS, (purpose.why, purpose.how, purpose.what), strict=True
    ):
        head = heading(doc, ring.label.capitalize() + " ", 2)
        subtitle = head.add_run(ring.question)
        subtitle.bold, subtitle.font.size = False, Pt(11)
        word.add_text(doc, text)


def principles(doc: DocumentObject, part: Part, number: int) -> None:
    heading(doc, SECTION_LABELS["principles"], 1, "principles", number)
    if not part.charter.principles:
        word.add_text(doc, "")
    for index, principle in enumerate(part.charter.principles, start=1):
        word.styled(doc, f"Principle {index}", word.EYEBROW)
        heading(doc, principle.title.strip() or "Untitled principle", 2)
        heading(doc, FIELD_LABELS["meaning"], 3)
        word.add_text(doc, principle.meaning)
        heading(doc, FIELD_LABELS["behaviours"], 3)
        bullets(doc, principle.behaviours)


def commitments(doc: DocumentObject, part: Part, number: int) -> None:
    charter = part.charter
    heading(doc, SECTION_LABELS["commitments"], 1, "commitments", number)
    if not charter.commitments:
        word.add_text(doc, "")
        return
    word.styled(doc, "At a glance", word.EYEBROW)
    everyone = owned_by_all(charter)
    owners = {c.id: owner_names(charter, c) for c in charter.commitments}
    rows = [
        [str(index), c.title.strip() or "Untitled commitment",
         "All partners" if c.id in everyone else ", ".join(owners[c.id]) or "Not yet written",
         c.horizon.label, date_text(c.review_date) or "Not yet written"]
        for index, c in enumerate(charter.commitments, start=1)
    ]  # fmt: skip
    word.table(
        doc, ["No.", "Commitment", FIELD_LABELS["owners"], FIELD_LABELS["horizon"],
              FIELD_LABELS["review_date"]], rows, [1.2, 5.6, 4.4, 2.6, 2.8],
    )  # fmt: skip
    for index, commitment in enumerate(charter.commitments, start=1):
        word.styled(doc, f"Commitment {index}", word.EYEBROW)
        heading(doc, commitment.title.strip() or "Untitled commitment", 2)
        word.labelled(doc, FIELD_LABELS["owners"], ", ".join(owners[commitment.id]))
        word.labelled(doc, FIELD_LABELS["horizon"], commitment.horizon.label)
        word.labelled(doc, FIELD_LABELS["review_date"], date_text(commitment.review_date))
        word.add_text(doc, commitment.description)
        heading(doc, FIELD_LABELS["measures"], 3)
        bullets(doc, commitment.measures)


def contributions(doc: DocumentObject, part: Part, number: int) -> None:
    charter = part.charter
    heading(doc, SECTION_LABELS["contributions"], 1, "contributions", number)
    doc.add_paragraph(CONTRIBUTIONS_LEAD)
    if not charter.partners:
        word.add_text(doc, "")
    for partner in charter.partners:
        card = charter.contribution_for(partner.id)
        heading(doc, partner_name(partner), 2)
        fields = ("brings", "autonomy_given_up", "losses", "support")
        if not "".join(getattr(card, f) for f in fields).strip():
            word.add_text(doc, "")
            continue
        for field in fields:
            heading(doc, FIELD_LABELS[field], 3)
            word.add_text(doc, getattr(card, field))


def governance(doc: DocumentObject, part: Part, number: int) -> None:
    g = part.charter.governance
    heading(doc, SECTION_LABELS["governance"], 1, "governance", number)
    for field in ("decision_making", "meeting_rhythm", "gemba_visits"):
        heading(doc, FIELD_LABELS[field], 2)
        word.add_text(doc, getattr(g, field))
    heading(doc, FIELD_LABELS["conflict_steps"], 2)
    bullets(doc, g.conflict_steps, "List Number")
    for field in ("review_and_variation", "joining_and_leaving"):
        heading(doc, FIELD_LABELS[field], 2)
        word.add_text(doc, getattr(g, field))


def page_break(doc: DocumentObject) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

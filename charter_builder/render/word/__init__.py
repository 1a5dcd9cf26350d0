"""The charter as a Word document (.docx), for boards that circulate their papers in Word.

Same content and order as the PDF, built with python-docx from the same
judgements as the PDF (status, signature states, contents) in ``render.html``:
``document`` sets up styles, language and properties, ``sections`` and
``signatures`` write each part, ``pictures`` draws the golden circle and drawn
signatures and gives every picture its alternative text.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx

from charter_builder.charter.labels import SECTION_LABELS
from charter_builder.drafts.draft import Draft
from charter_builder.render.html import (
    ContentsEntry,
    charter_status,
    digest_groups,
    running_foot,
    running_head,
    signature_views,
)
from charter_builder.render.metadata import pdf_metadata
from charter_builder.render.options import RenderOptions
from charter_builder.render.word import document, sections
from charter_builder.render.word.signatures import signatures
from charter_builder.signatures import signing
from charter_builder.storage.safe_write import write_bytes

__all__ = ["docx_bytes", "write_docx"]


def contents_entries(options: RenderOptions) -> list[ContentsEntry]:
    """The parts after the cover, in order; contributions only when included."""
    entries = [
        ContentsEntry("partnership", "The partnership"),
        ContentsEntry("purpose", SECTION_LABELS["purpose"]),
        ContentsEntry("principles", SECTION_LABELS["principles"]),
        ContentsEntry("commitments", SECTION_LABELS["commitments"]),
    ]
    if options.include_contributions:
        entries.append(ContentsEntry("contributions", SECTION_LABELS["contributions"]))
    entries.append(ContentsEntry("governance", SECTION_LABELS["governance"]))
    entries.append(ContentsEntry("signatures", "Signatures"))
    return entries


def docx_bytes(draft: Draft, options: RenderOptions | None = None) -> bytes:
    """The Word file for ``draft``, as bytes."""
    options = options or RenderOptions()
    charter = draft.charter.with_contribution_cards()
    # Judged on the charter as saved, as the PDF does.
    status = charter_status(draft.charter)
    part = sections.Part(charter, draft, options, status, unsigned=status != "Signed")
    doc = docx.Document()
    document.set_up(doc)
    document.set_properties(doc, pdf_metadata(charter))
    document.header_and_footer(
        doc, running_head(charter), running_foot(charter, status), part.unsigned
    )
    sections.cover(doc, part)
    entries = contents_entries(options)
    sections.contents(doc, entries)
    writers = {
        "partnership": sections.partnership,
        "purpose": sections.purpose,
        "principles": sections.principles,
        "commitments": sections.commitments,
        "contributions": sections.contributions,
        "governance": sections.governance,
    }
    for number, entry in enumerate(entries, start=1):
        if entry.anchor == "signatures":
            signatures(
                doc, part, signature_views(charter, draft),
                digest_groups(signing.content_digest(draft.charter)), number,
            )  # fmt: skip
        else:
            writers[entry.anchor](doc, part, number)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_docx(draft: Draft, path: Path, options: RenderOptions | None = None) -> None:
    """Write the Word file whole (temporary file, then rename), so a failure leaves no half file."""
    write_bytes(path, docx_bytes(draft, options))

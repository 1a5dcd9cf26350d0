"""The printed text of honest charters matches their attached data; a changed one does not.

Each starter, and the community-language charter of test_scripts_in_pdf, is
rendered for real and read back through charter_builder.signatures.pdf_text, the same way
`verify` reads it.
"""

from __future__ import annotations

import io
import time

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from test_scripts_in_pdf import BENGALI, GUJARATI, GURMUKHI, HINDI, TAMIL

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.starters import STARTERS, load_starter
from charter_builder.render import RenderOptions, render_pdf
from charter_builder.signatures.pdf_text import missing_fields, page_texts, printed_fields, skeleton
from charter_builder.signatures.signing import content_digest


def missing(draft: Draft, options: RenderOptions | None = None) -> list[str]:
    pdf = render_pdf(draft, options or RenderOptions())
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    charter = draft.charter
    if options is not None and not options.include_contributions:
        charter = charter.model_copy(update={"contributions": []})
    return [f.where for f in missing_fields(printed_fields(charter, content_digest(charter)),
                                            page_texts(reader))]


@pytest.mark.parametrize("name", sorted(STARTERS))
def test_every_starter_prints_every_agreed_field(name) -> None:
    assert missing(load_starter(name)) == []


def test_without_contributions_the_rest_is_still_found() -> None:
    assert missing(load_starter("example"), RenderOptions(include_contributions=False)) == []


def test_community_languages_and_right_to_left_text_are_found() -> None:
    draft = load_starter("example")
    charter = draft.charter
    charter.partners[0].name = BENGALI
    charter.partners[1].name = GURMUKHI
    charter.partners[2].name = GUJARATI
    charter.purpose.vision = f"{HINDI} {TAMIL}"
    charter.principles[0].title = f"একসাথে — {TAMIL}"
    charter.purpose.why = "مرحبا بكم في الشراكة 2026 and שלום עולם, emoji 😀 and ﬁne, naïve"
    charter.governance.decision_making = "partner\u00adship, a long-term co-operative plan"
    assert missing(draft, RenderOptions(archive=True)) == []


def test_a_field_that_is_not_printed_is_named() -> None:
    draft = load_starter("example")
    pdf = render_pdf(draft)
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    changed = draft.charter.model_copy(deep=True)
    changed.governance.meeting_rhythm = "We meet whenever the chair feels like it."
    found = missing_fields(printed_fields(changed, content_digest(changed)), page_texts(reader))
    assert [f.where for f in found][:2] == [
        "the governance section's “Meeting rhythm”",
        "the fingerprint printed in the verification panel",
    ]


def test_reading_the_example_back_is_quick() -> None:
    draft = load_starter("example")
    reader = PdfFileReader(io.BytesIO(render_pdf(draft)), strict=False)
    started = time.perf_counter()
    pages = page_texts(reader)
    assert not missing_fields(printed_fields(draft.charter, content_digest(draft.charter)), pages)
    assert time.perf_counter() - started < 0.5


def test_the_skeleton_ignores_what_honest_printing_changes() -> None:
    assert skeleton("partner-\nship  ﬁne") == skeleton("partner\u00adship fine")
    assert skeleton("long\u200bword") == skeleton("longword")
    assert skeleton("কি") == skeleton("িক")  # a vowel sign drawn before its consonant
    assert skeleton("Commitment") != skeleton("Comment")

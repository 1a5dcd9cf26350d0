"""The signatures page as a board sees it: who signed, how, and whether the text has changed since.

Two real renders of the worked example, shared by the module: everyone signed
(typed, drawn and picture signatures), then the same charter after a
commitment was edited.
"""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET
from datetime import date

import pikepdf
import pypdf
import pytest
from pdf_structure import figure_alts
from PIL import Image, ImageDraw

from charter_builder.charter.model import BoardApproval, Signature, SignatureMethod
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import dumps_charter
from charter_builder.drafts.starters import load_starter
from charter_builder.render import CharterFetcher, render_html, render_pdf, signature_svg
from charter_builder.render.html import charter_status
from charter_builder.signatures.signing import content_digest, sign

HOSTILE_NAME = '<img src="http://example.com/x.png"> {{ 7*7 }} & Zoë'
METHODS = (SignatureMethod.TYPED, SignatureMethod.DRAWN, SignatureMethod.IMAGE)
STROKES = [[100.0, 300.0, 300.0, 100.0, 500.0, 300.0, 700.0, 100.0], [820.5, 200.25]]


def pages_text(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def handwriting_png() -> bytes:
    """A scanned signature, as a partner might import one."""
    picture = Image.new("RGB", (360, 120), "white")
    ImageDraw.Draw(picture).line((20, 90, 120, 30, 220, 95, 340, 25), fill="black", width=6)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def signatory(index: int) -> str:
    return HOSTILE_NAME if index == 0 else f"Signatory Number{index}"


def signed_example() -> Draft:
    """The worked example signed by every partner, each third one by each method."""
    draft = load_starter("example")
    picture = draft.import_image(handwriting_png())
    digest = content_digest(draft.charter)
    draft.charter.signatures = [
        Signature(
            partner_id=partner.id,
            signatory_name=signatory(index),
            signatory_role="Chair of the board",
            signed_on=date(2026, 5, 1),
            approval=BoardApproval(
                meeting_date=date(2026, 4, 20), minute_reference=f"B/26/{index}"
            ),
            method=METHODS[index % 3],
            strokes=STROKES if METHODS[index % 3] is SignatureMethod.DRAWN else [],
            image=picture if METHODS[index % 3] is SignatureMethod.IMAGE else None,
            digest=digest,
        )
        for index, partner in enumerate(draft.charter.partners)
    ]
    return draft


def edited(draft: Draft) -> Draft:
    charter = draft.charter.model_copy(deep=True)
    charter.commitments[0].description += " We will report on this every quarter."
    return Draft(charter=charter, media=dict(draft.media))


@pytest.fixture(scope="module")
def signed() -> tuple[Draft, bytes, list[str], CharterFetcher]:
    draft = signed_example()
    fetcher = CharterFetcher(draft.media)
    pdf = render_pdf(draft, fetcher=fetcher)
    return draft, pdf, pages_text(pdf), fetcher


@pytest.fixture(scope="module")
def changed(signed) -> tuple[Draft, list[str]]:
    draft = edited(signed[0])
    return draft, pages_text(render_pdf(draft))


def signatures_part(pages: list[str]) -> str:
    start = next(i for i, text in enumerate(pages) if "authorises the person who signs" in text)
    return " ".join(pages[start:])


def verification_panel(pages: list[str]) -> str:
    return pages[-1][pages[-1].index("Verification") :]


# --- everyone signed -----------------------------------------------------------------------


def test_a_fully_signed_charter_has_no_draft_mark_and_says_signed(signed):
    draft, _, pages, _ = signed
    assert charter_status(draft.charter) == "Signed"
    assert not any("DRAFT" in text for text in pages)
    assert "status signed" in pages[0].lower()
    assert all(f"Version {draft.charter.version} · Signed" in text for text in pages[1:])


def test_every_partner_shows_its_signatory_role_date_approval_and_signed(signed):
    draft, _, pages, _ = signed
    part = signatures_part(pages)
    for index, partner in enumerate(draft.charter.partners):
        block = part[part.index(partner.name) :]
        assert block.index(signatory(index)) < block.index("Signed")
        assert f"minute ref B/26/{index}" in part
    assert part.count("Chair of the board") == len(draft.charter.partners)
    assert part.count("Approved by the board on 20 April 2026") == len(draft.charter.partners)
    assert "needs to sign again" not in part


def test_typed_signatures_read_slash_s_name(signed):
    draft, _, pages, _ = signed
    part = signatures_part(pages)
    typed = [signatory(i) for i in range(0, len(draft.charter.partners), 3)]
    for name in typed:
        assert f"/s/ {name}" in part
    assert part.count("/s/ ") == len(typed)


def test_drawn_and_imported_signatures_are_pictures_described_for_screen_readers(signed):
    draft, pdf, _, fetcher = signed
    html = render_html(draft)
    drawn = re.findall(r'<img class="signature-picture" src="data:[^"]+" alt="([^"]+)"', html)
    imported = re.findall(
        r'<img class="signature-picture" src="charter-media:[^"]+" alt="([^"]+)"', html
    )
    partners = draft.charter.partners
    assert drawn == [f"Signature of {signatory(i)}, drawn" for i in range(1, len(partners), 3)]
    assert imported == [f"Signature of {signatory(i)}" for i in range(2, len(partners), 3)]
    # The imported picture was drawn from the draft itself, and nothing was refused.
    assert fetcher.refused == []
    assert any(url.startswith("charter-media:") for url in fetcher.fetched)
    document = pikepdf.open(io.BytesIO(pdf))
    alts = set(figure_alts(document))
    assert f"Signature of {signatory(1)}, drawn" in alts
    assert f"Signature of {signatory(2)}" in alts


def test_verification_panel_prints_the_digest_and_what_each_partner_signed(signed):
    draft, _, pages, _ = signed
    panel = verification_panel(pages)
    digest = content_digest(draft.charter)
    assert "This fingerprint identifies the exact text agreed." in panel
    assert "Any change to the text gives a different fingerprint." in panel
    printed = re.search(r"((?:[0-9a-f]{8} ){7}[0-9a-f]{8})", panel)
    assert printed is not None and squash(printed.group(1)) == digest
    # Groups of eight, so the fingerprint can wrap and be read out.
    assert f"{digest[:8]} {digest[8:16]}" in panel
    short = f"{digest[:8]} {digest[8:16]}…"
    for partner in draft.charter.partners:
        assert f"{partner.name} {short}" in panel


def test_hostile_signatory_names_print_literally(signed):
    _, _, pages, fetcher = signed
    part = signatures_part(pages)
    assert f"/s/ {HOSTILE_NAME}" in part
    assert not any("example.com" in url for url in fetcher.fetched + fetcher.refused)


def test_every_pdf_carries_the_charter_it_shows_with_its_signatures(signed):
    draft, pdf, _, _ = signed
    document = pikepdf.open(io.BytesIO(pdf))
    assert list(document.attachments) == ["charter.json"]
    data = document.attachments["charter.json"].get_file().read_bytes()
    assert data == dumps_charter(draft.charter)


# --- the text changed after signing --------------------------------------------------------


def test_after_an_edit_every_partner_must_sign_again_and_draft_returns(changed):
    draft, pages = changed
    partners = draft.charter.partners
    assert charter_status(draft.charter) == "Draft"
    assert [text.count("DRAFT") for text in pages] == [1] * len(pages)
    part = signatures_part(pages)
    assert part.count("Signed an earlier version — needs to sign again") == len(partners)
    panel = verification_panel(pages)
    new = content_digest(draft.charter)
    assert f"{new[:8]} {new[8:16]}" in panel
    assert panel.count("(an earlier version)") == len(partners)


def test_once_every_partner_signs_again_the_pdf_is_signed_once_more(changed):
    draft, _ = changed
    charter = draft.charter.model_copy(deep=True)
    for signature in list(charter.signatures):
        sign(charter, signature).apply(charter)
    pages = pages_text(render_pdf(Draft(charter=charter, media=dict(draft.media))))
    assert charter_status(charter) == "Signed"
    assert not any("DRAFT" in text for text in pages)
    assert "earlier version" not in " ".join(pages)
    new = content_digest(charter)
    assert verification_panel(pages).count(f"{new[:8]} {new[8:16]}") >= 1


# --- the drawn signature's SVG -------------------------------------------------------------


def test_drawn_svg_holds_only_the_numbers_from_the_strokes():
    document = signature_svg.svg(STROKES)
    root = ET.fromstring(document)
    tags = {element.tag.split("}")[1] for element in root.iter()}
    assert tags == {"svg", "g", "polyline"}
    assert all(not (element.text or "").strip() for element in root.iter())
    points = [line.get("points") for line in root.iter("{http://www.w3.org/2000/svg}polyline")]
    assert points == [
        "100.0,300.0 300.0,100.0 500.0,300.0 700.0,100.0",
        "820.5,200.2 820.5,200.2",  # a dot
    ]


def test_drawn_svg_keeps_strokes_in_the_box_and_drops_what_is_not_a_number():
    document = signature_svg.svg([[-50, 900, 2000, 20, float("nan"), 5, 40], []])
    points = [line.get("points") for line in ET.fromstring(document).iter() if line.get("points")]
    assert points == ["0.0,400.0 1000.0,20.0"]
    assert signature_svg.usable_strokes([[], [float("inf"), 1]]) == []


def test_drawn_signature_in_the_page_is_built_from_numbers_not_names(signed):
    draft, *_ = signed
    html = render_html(draft)
    documents = [
        base64.b64decode(url).decode("utf-8")
        for url in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    ]
    # The golden circle is the other SVG on the pages; it is the one with words.
    drawn = [document for document in documents if "<text" not in document]
    assert len(drawn) == len(range(1, len(draft.charter.partners), 3))
    assert set(drawn) == {signature_svg.svg(STROKES)}
    # Take the numbers away and only fixed markup is left, whatever the strokes were.
    assert numbers_blanked(drawn[0]) == numbers_blanked(signature_svg.svg([[1, 2, 3, 4], [5, 6]]))


def numbers_blanked(document: str) -> str:
    return re.sub(r"[\d.,]+( [\d.,]+)*", "N", document)

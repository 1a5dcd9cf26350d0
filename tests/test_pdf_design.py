"""The printed charter looks like a communications team made it, and stays legible.

Every test here renders with the real WeasyPrint and reads the PDF back with
pypdf or pikepdf, as a reader's software would.
"""

from __future__ import annotations

import base64
import io
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pypdf
import pytest
import tinycss2
from pdf_structure import figure_alts

from charter_builder import paths
from charter_builder.charter.model import Partner, PartnerKind, Representative, SharedPurpose
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.starters import load_starter
from charter_builder.render import CharterFetcher, render_html, render_pdf
from charter_builder.render import golden_circle as gc
from charter_builder.render import html as render_module
from charter_builder.render.html import charter_status, long_date

# --- helpers -------------------------------------------------------------------------------


def tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_text(pdf: bytes) -> list[str]:
    return [tidy(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def in_bundle(url: str) -> bool:
    if url.startswith(("data:", "charter-media:")):
        return True
    path = Path(url.removeprefix("file://")).resolve()
    roots = (paths.templates_dir().resolve(), paths.resources_dir().resolve())
    return url.startswith("file:") and any(path.is_relative_to(root) for root in roots)


def timed_render(draft: Draft) -> tuple[bytes, CharterFetcher, float]:
    fetcher = CharterFetcher(draft.media)
    start = time.perf_counter()
    pdf = render_pdf(draft, fetcher=fetcher)
    return pdf, fetcher, time.perf_counter() - start


def with_partners(count: int) -> Draft:
    """The worked example with ``count`` partners, every third with a logo."""
    draft = load_starter("example")
    logo = next(p.logo for p in draft.charter.partners if p.logo)
    partners = [
        Partner(
            name=f"Partner {n:03d}",
            kind=PartnerKind.VCSE,
            representative=Representative(name=f"Person {n}", role="Director"),
            logo=logo if n % 3 == 0 else None,
        )
        for n in range(count)
    ]
    draft.charter = draft.charter.model_copy(update={"partners": partners, "contributions": []})
    return draft


def section_pages(pages: list[str], first_marker: str, next_heading: str) -> list[int]:
    """Indexes of the pages from the one holding ``first_marker`` up to the next section."""
    start = next(i for i, text in enumerate(pages) if first_marker in text and i > 1)
    end = next(i for i in range(start + 1, len(pages)) if pages[i].find(next_heading) != -1)
    return list(range(start, end))


@pytest.fixture(scope="module")
def example() -> tuple[Draft, list[str], bytes, CharterFetcher, float]:
    render_pdf(Draft())  # load fonts and templates first, so the timing is the charter's own
    draft = load_starter("example")
    pdf, fetcher, seconds = timed_render(draft)
    return draft, pages_text(pdf), pdf, fetcher, seconds


@pytest.fixture(scope="module")
def two_hundred(example) -> tuple[list[str], float]:
    """Two hundred partners: long tables, many signature blocks. Slow (about 8 s)."""
    pdf, fetcher, seconds = timed_render(with_partners(200))
    assert fetcher.refused == []
    return pages_text(pdf), seconds


# --- cover, footer, DRAFT mark -------------------------------------------------------------


def test_cover_shows_title_partnership_place_version_date_and_status(example):
    draft, pages, *_ = example
    charter = draft.charter
    cover = pages[0]
    for words in (
        charter.title,
        charter.partnership.name,
        charter.partnership.place,
        long_date(charter.partnership.effective_date),
    ):
        assert tidy(words) in cover, words
    # The labels are set in small capitals, so read them without regard to case.
    assert f"version {charter.version} effective date" in cover.lower()
    assert "status draft" in cover.lower()
    assert charter_status(charter) == "Draft"


def test_every_page_after_the_cover_has_version_status_and_page_n_of_m(example):
    draft, pages, *_ = example
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        assert f"Version {draft.charter.version} · Draft" in text, number
        assert f"Page {number} of {total}" in text


def test_a_draft_charter_says_draft_once_on_every_page_cover_included(example):
    _, pages, *_ = example
    assert [text.count("DRAFT") for text in pages] == [1] * len(pages)


def test_a_signed_charter_loses_the_draft_mark_and_says_signed(monkeypatch):
    monkeypatch.setattr(render_module, "charter_status", lambda charter: "Signed")
    pages = pages_text(render_pdf(Draft()))
    assert not any("DRAFT" in text for text in pages)
    assert "Signed" in pages[0]
    assert all("· Signed" in text for text in pages[1:])


def test_bookmarks_name_each_principle_and_commitment_by_number_and_title(example):
    draft, _, pdf, *_ = example
    titles: list[str] = []
    stack = list(pypdf.PdfReader(io.BytesIO(pdf)).outline)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            titles.append(item.title)
    first_principle = draft.charter.principles[0].title
    last_commitment = draft.charter.commitments[-1].title
    assert f"Principle 1 {first_principle}" in titles
    assert f"Commitment {len(draft.charter.commitments)} {last_commitment}" in titles


# --- golden circle -------------------------------------------------------------------------


def purpose_page(pages: list[str]) -> str:
    return next(text for text in pages[2:] if "Shared purpose" in text and "OUR VISION" in text)


def test_golden_circle_is_drawn_from_the_charters_why_how_and_what(example):
    draft, pages, pdf, *_ = example
    purpose = purpose_page(pages)
    # Ring labels are in capitals only in the diagram; the headings below say Why, How, What.
    for label in ("WHY", "HOW", "WHAT"):
        assert label in purpose, label
    first_why = gc.excerpt(draft.charter.purpose.why)[0]
    assert purpose.count(first_why) >= 1
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    index = pages.index(purpose)
    xobjects = reader.pages[index]["/Resources"]["/XObject"]
    assert any(x.get_object()["/Subtype"] == "/Form" for x in xobjects.values())


def test_golden_circle_has_alternative_text_for_screen_readers(example):
    draft, _, pdf, *_ = example
    purpose = draft.charter.purpose
    with pikepdf.open(io.BytesIO(pdf)) as document:
        alts = figure_alts(document)
    circle = [alt for alt in alts if alt.startswith("Golden circle: why — ")]
    assert len(circle) == 1, alts
    assert gc.first_sentence(purpose.how) in circle[0]
    assert "; what — " in circle[0]


HOSTILE_WHY = '</text><script>alert(1)</script><image href="file:///etc/passwd"/>'
HOSTILE_HOW = '<![CDATA[ ]]><svg onload="alert(1)">&amp; &lt;b&gt;\x01'
HOSTILE_WHAT = ']]><use href="http://127.0.0.1:9/x.svg#a"/><!--'


def hostile_purpose() -> Draft:
    draft = load_starter("example")
    purpose = SharedPurpose(vision="Ours.", why=HOSTILE_WHY, how=HOSTILE_HOW, what=HOSTILE_WHAT)
    draft.charter = draft.charter.model_copy(update={"purpose": purpose})
    return draft


def test_golden_circle_svg_holds_hostile_text_as_text_only():
    document = gc.svg(HOSTILE_WHY, HOSTILE_HOW, HOSTILE_WHAT)
    root = ET.fromstring(document)
    tags = {element.tag.split("}")[-1] for element in root.iter()}
    assert tags <= {"svg", "title", "circle", "text", "tspan", "line"}, tags
    assert not [e for e in root.iter() if any("href" in name for name in e.attrib)]
    words = "".join(root.itertext())
    assert HOSTILE_WHY in words
    assert "<![CDATA[ ]]><svg onload" in words and "\x01" not in words
    # What the renderer embeds is exactly this document.
    html = render_html(hostile_purpose())
    encoded = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    embedded = ET.fromstring(base64.b64decode(encoded))
    assert HOSTILE_WHY in "".join(embedded.itertext())


def test_hostile_why_how_and_what_print_literally_and_fetch_nothing():
    draft = hostile_purpose()
    pdf, fetcher, _ = timed_render(draft)
    purpose = squash(purpose_page(pages_text(pdf)))
    assert squash(HOSTILE_WHY) in purpose
    assert squash("<![CDATA[ ]]><svg onload=") in purpose
    assert squash('<use href="http://127.0.0.1:9/x.svg#a"/>') in purpose
    assert fetcher.refused == []
    assert all(in_bundle(url) for url in fetcher.fetched), fetcher.fetched


def test_excerpts_are_first_sentences_shortened_to_three_lines():
    text = "We exist for everyone. " + "Second sentence never shown."
    assert gc.excerpt(text) == ["We exist for everyone."]
    long = " ".join(["wellbeing"] * 60) + "."
    lines = gc.excerpt(long)
    assert len(lines) == gc.MAX_LINES and lines[-1].endswith("…")
    assert all(gc.text_ems(line) <= gc.LINE_EMS for line in lines)
    unbroken = "x" * 400
    assert all(gc.text_ems(line) <= gc.LINE_EMS for line in gc.excerpt(unbroken))
    assert gc.excerpt("   \n ") == []


# --- tables across pages, and speed --------------------------------------------------------


def test_partners_table_repeats_its_header_on_every_page_it_spans(two_hundred):
    pages, _ = two_hundred
    spanned = section_pages(pages, "Partner 000", "Shared purpose")
    assert len(spanned) >= 4
    for index in spanned:
        assert "Organisation Type Representative" in pages[index], index


def test_signature_blocks_never_split_across_pages(two_hundred):
    pages, _ = two_hundred
    start = next(i for i, text in enumerate(pages) if "Signatures" in text and "authorises" in text)
    signed = 0
    for text in pages[start:]:
        names = len(re.findall(r"Partner \d{3}", text))
        assert names == text.count("Approved by the board on") == text.count("minute ref")
        signed += names
    assert signed == 200


def test_two_hundred_partners_take_about_as_long_per_page_as_the_example(example, two_hundred):
    _, example_pages, _, _, example_seconds = example
    pages, seconds = two_hundred
    per_page = seconds / len(pages)
    example_per_page = example_seconds / len(example_pages)
    # Linear layout: a long charter's pages cost what a short one's do (generous for shared CI).
    assert per_page < 3 * example_per_page + 0.05, (per_page, example_per_page)


# --- colour contrast -----------------------------------------------------------------------

CSS = paths.templates_dir() / "charter.css"
BODY, LARGE = 4.5, 3.0

#: Which text colour sits on which background, by CSS variable name (WCAG AA).
TEXT_ON_BACKGROUND = [
    ("text", "white", BODY),  # body text
    ("secondary", "white", BODY),  # labels, running header and footer, captions
    ("heading", "white", BODY),  # headings, table titles
    ("accent", "white", BODY),  # status, numbers
    ("nhs-dark-blue", "white", BODY),
    ("white", "nhs-blue", BODY),  # cover band, table header rows
    ("text", "panel", BODY),  # commitment details
    ("secondary", "panel", BODY),
    ("nhs-dark-blue", "panel", BODY),  # the vision
]

#: The diagram's own pairs: ring label on ring, callout text on the page.
DIAGRAM_TEXT_ON_FILL = [(ring.text, ring.fill, LARGE) for ring in gc.RINGS] + [
    (gc.NHS_BLACK, gc.WHITE, BODY),
    (gc.NHS_DARK_GREY, gc.WHITE, BODY),
    (gc.NHS_DARK_BLUE, gc.WHITE, BODY),
]


def css_variables() -> dict[str, str]:
    """Every custom property in the stylesheet, with var() references resolved."""
    raw = dict(re.findall(r"--([\w-]+)\s*:\s*([^;]+);", CSS.read_text(encoding="utf-8")))

    def resolve(value: str) -> str:
        found = re.fullmatch(r"var\(--([\w-]+)\)", value.strip())
        return resolve(raw[found.group(1)]) if found else value.strip()

    return {name: resolve(value) for name, value in raw.items()}


def declarations(rules) -> list[tuple[str, str]]:
    """(property, value) for every declaration, inside @page margin boxes too."""
    found = []
    for rule in rules:
        if rule.type not in ("qualified-rule", "at-rule") or rule.content is None:
            continue
        for item in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True):
            if item.type == "declaration":
                found.append((item.lower_name, tinycss2.serialize(item.value).strip()))
            elif item.type in ("at-rule", "qualified-rule"):
                found.extend(declarations([item]))
    return found


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_sums_match_wcag_reference_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


def test_palette_is_the_nhs_identity_palette():
    colours = css_variables()
    assert {
        colours["nhs-blue"], colours["nhs-dark-blue"], colours["nhs-bright-blue"],
        colours["nhs-light-blue"], colours["nhs-aqua-blue"], colours["nhs-black"],
        colours["nhs-dark-grey"], colours["nhs-mid-grey"], colours["nhs-pale-grey"],
    } == {
        "#005EB8", "#003087", "#0072CE", "#41B6E6", "#00A9CE",
        "#231F20", "#425563", "#768692", "#E8EDEE",
    }  # fmt: skip
    # The diagram draws with the same colours as the pages.
    page_colours = (colours["nhs-blue"], colours["nhs-dark-blue"], colours["nhs-light-blue"])
    assert page_colours == (gc.NHS_BLUE, gc.NHS_DARK_BLUE, gc.NHS_LIGHT_BLUE)


@pytest.mark.parametrize(("text", "background", "needed"), TEXT_ON_BACKGROUND)
def test_every_text_colour_is_legible_on_its_background(text, background, needed):
    colours = css_variables()
    ratio = contrast(colours[text], colours[background])
    assert ratio >= needed, f"--{text} on --{background}: {ratio:.2f}:1, needs {needed}:1"


@pytest.mark.parametrize(("text", "fill", "needed"), DIAGRAM_TEXT_ON_FILL)
def test_golden_circle_words_are_legible(text, fill, needed):
    assert contrast(text, fill) >= needed, (text, fill, contrast(text, fill))


def test_the_stylesheet_uses_only_colours_whose_contrast_is_checked():
    sheet = tinycss2.parse_stylesheet(
        CSS.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
    )
    checked_text = {text for text, _, _ in TEXT_ON_BACKGROUND}
    checked_backgrounds = {background for _, background, _ in TEXT_ON_BACKGROUND}
    for name, value in declarations(sheet):
        if name == "color":
            assert value in {f"var(--{c})" for c in checked_text} | {"inherit"}, value
        elif name in ("background", "background-color") and "url(" not in value:
            used = re.findall(r"var\(--([\w-]+)\)", value)
            assert used and set(used) <= checked_backgrounds, value

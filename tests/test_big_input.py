"""Big and unusual charters: the longest field allowed, 500 partners, Arabic, Hebrew and emoji.

Each must open, change, save and print. The PDF may run to hundreds of pages,
and it must still use only the fonts we ship, so it prints the same everywhere.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest
from fontTools.ttLib import TTFont

from charter_builder import paths
from charter_builder.charter.editing import add_partner
from charter_builder.charter.model import MAX_TEXT, Partner, PartnerKind, Representative
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.render import render_pdf
from charter_builder.render.fallback_fonts import needed_faces

MEGABYTE = 1_000_000
ARABIC = "مجلس مدينة برادفورد"
HEBREW = "יחד לבריאות טובה יותר"
URDU = "ہم مل کر کام کریں گے"
EMOJI = "🤝❤️🏥👩🏽‍⚕️"


def megabyte_of_prose(end: str, size: int = MEGABYTE) -> str:
    words = [
        "partners",
        "agree",
        "to",
        "share",
        "budgets",
        "staff",
        "buildings",
        "and",
        "data",
        "across",
        "the",
        "whole",
        "system",
        "so",
        "that",
        "people",
        "get",
        "joined",
        "up",
        "care",
        "close",
        "to",
        "home",
    ]
    rnd = random.Random(7)
    parts: list[str] = []
    len_so_far = 0
    while len_so_far < size - len(end):
        sentence = " ".join(rnd.choice(words) for _ in range(15)).capitalize() + ". "
        if rnd.random() < 0.08:
            sentence += "\n\n"
        parts.append(sentence)
        len_so_far += len(sentence)
    return "".join(parts)[: size - len(end)] + end


def pdf_text(pdf: bytes) -> str:
    """The words of the PDF: poppler when it is there (fast for long files), else pypdf."""
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        )
        return done.stdout.decode("utf-8")
    return " ".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def bundled_font_names() -> set[str]:
    fonts = paths.resources_dir() / "fonts"
    files = [*fonts.glob("*.ttf"), *(fonts / "fallback").glob("*.woff")]
    return {TTFont(path)["name"].getDebugName(6) for path in files}


def embedded_font_names(pdf: bytes) -> set[str]:
    names = set()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for obj in document.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/FontDescriptor":
                continue
            program = next(obj[k] for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in obj)
            names.add(TTFont(io.BytesIO(program.read_bytes()))["name"].getDebugName(6))
    return names


def round_trip(draft: Draft, tmp_path: Path) -> Draft:
    path = tmp_path / "big.charter"
    draft.history.record(draft.charter, "Sam Patel", "Wyvern County Council")
    save_draft(draft, path)
    return load_draft(path)


LATER = " One more line, added later."


@pytest.mark.timeout(900)  # about 6 s alone; longer on a busy machine
def test_the_longest_field_allowed_opens_changes_saves_and_prints_whole(tmp_path):
    draft = load_starter("example")
    end = "The very last sentence of the megabyte."
    draft.charter.purpose.why = megabyte_of_prose(end, MAX_TEXT - len(LATER))
    opened = round_trip(draft, tmp_path)
    assert opened.charter == draft.charter
    opened.charter.purpose.why += LATER
    again = round_trip(opened, tmp_path)
    assert again.charter.purpose.why.endswith("One more line, added later.")
    assert len(again.history) == 2

    pdf = render_pdf(again)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert pages > 40  # long, as it should be: nothing was cut off
    text = " ".join(pdf_text(pdf).split())
    assert "The very last sentence of the megabyte. One more line, added later." in text
    assert again.charter.commitments[-1].title in text  # what follows it is there too


def test_five_hundred_partners_open_and_save(tmp_path):
    draft = load_starter("example")
    while len(draft.charter.partners) < 500:
        n = len(draft.charter.partners) + 1
        partner = Partner(
            name=f"Partner organisation {n:03d}",
            kind=PartnerKind.VCSE,
            representative=Representative(name=f"Representative {n:03d}", role="Chair"),
        )
        add_partner(draft.charter, partner).apply(draft.charter)
    opened = round_trip(draft, tmp_path)
    assert len(opened.charter.partners) == 500
    assert len(opened.charter.contributions) == 500
    # tests/gui/test_big_input_gui.py prints this charter from the window and reads it back.


def test_arabic_hebrew_urdu_and_emoji_survive_saving_and_print_in_our_own_fonts(tmp_path):
    draft = load_starter("example")
    draft.charter.partners[0].name = ARABIC
    draft.charter.purpose.vision = f"{HEBREW} — {URDU} {EMOJI} together"
    draft.charter.principles[0].title = f"Kindness {EMOJI}"
    opened = round_trip(draft, tmp_path)
    assert opened.charter.partners[0].name == ARABIC
    assert opened.charter.purpose.vision == f"{HEBREW} — {URDU} {EMOJI} together"

    pdf = render_pdf(opened)
    assert embedded_font_names(pdf) <= bundled_font_names()
    families = {face.family for face in needed_faces(opened.charter.model_dump_json())}
    assert {"Charter Arabic", "Charter Hebrew"} <= families
    assert any(family.startswith("Charter Emoji") for family in families)
    text = pdf_text(pdf)
    for word in HEBREW.split():
        assert word in text or word[::-1] in text  # extraction may give visual order


def test_an_ordinary_english_charter_loads_no_extra_fonts():
    charter = load_starter("example").charter
    assert needed_faces(charter.model_dump_json()) == []


@pytest.mark.parametrize("character", ["😀", "🇬🇧", "א", "ب", "€", "ŵ"])
def test_each_character_is_drawn_by_our_font_or_exactly_the_fallback_that_has_it(character):
    faces = needed_faces(character)
    primary = TTFont(paths.resources_dir() / "fonts" / "SourceSans3-Regular.ttf").getBestCmap()
    if ord(character[0]) in primary:
        assert faces == []
    else:
        assert faces and all(ord(character[0]) in TTFont(f.path).getBestCmap() for f in faces[:1])


def test_arabic_and_hebrew_paragraphs_are_set_right_to_left_and_english_ones_left_to_right():
    from charter_builder.render import render_html

    draft = load_starter("example")
    draft.charter.purpose.why = f"{ARABIC} نعمل معًا.\n\nThen a paragraph in English."
    draft.charter.purpose.vision = f"{HEBREW} {EMOJI}"
    html = render_html(draft)
    assert f'<p dir="rtl">{ARABIC} نعمل معًا.</p>' in html
    assert "<p>Then a paragraph in English.</p>" in html
    assert f'<p dir="rtl">{HEBREW} {EMOJI}</p>' in html


def test_the_diagram_does_not_quote_right_to_left_text_it_cannot_join_up():
    draft = load_starter("example")
    draft.charter.purpose.why = f"{ARABIC} نعمل معًا من أجل صحة أفضل."
    text = " ".join(pdf_text(render_pdf(draft)).split())
    assert "Why the purpose that brings us together Written in full below." in text

"""Bengali, Punjabi, Gujarati, Hindi and Tamil print in the PDF, in fonts we ship.

These are common community languages in NHS areas. Each is drawn by a bundled
Noto font (never a font the computer happens to have), so a partner's name in
its own script prints the same on every machine, joined up, not as empty boxes.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pikepdf
import pypdf
import pytest
from fontTools.ttLib import TTFont

from charter_builder import paths
from charter_builder.charter.printable import unprintable_text
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.starters import load_starter
from charter_builder.render import render_pdf
from charter_builder.render.fallback_fonts import needed_faces

BENGALI = "বাংলা কমিউনিটি স্বাস্থ্য"
GURMUKHI = "ਪੰਜਾਬੀ ਸਿਹਤ ਭਾਈਚਾਰਾ"
GUJARATI = "ગુજરાતી સમુદાય આરોગ્ય"
HINDI = "सबके लिए बेहतर स्वास्थ्य।"
TAMIL = "அனைவருக்கும் சிறந்த ஆரோக்கியம்"
#: Words that survive the trip through the PDF's text layer exactly (some Bengali
#: conjuncts come back reordered by every extractor, though they print correctly).
READ_BACK = {
    "Charter-Bengali": "বাংলা",
    "Charter-Gurmukhi": "ਪੰਜਾਬੀ",
    "Charter-Gujarati": "ગુજરાતી",
    "Charter-Devanagari": "स्वास्थ्य",
    "Charter-Tamil": "அனைவருக்கும்",
}


@pytest.fixture(scope="module")
def draft() -> Draft:
    draft = load_starter("example")
    charter = draft.charter
    charter.partners[0].name = BENGALI
    charter.partners[1].name = GURMUKHI
    charter.partners[2].name = GUJARATI
    charter.purpose.vision = f"{HINDI} {TAMIL}"
    charter.principles[0].title = f"একসাথে — {TAMIL}"  # bold: the headings' weight
    return draft


@pytest.fixture(scope="module")
def pdf_bytes(draft: Draft) -> bytes:
    return render_pdf(draft)


def _bundled_names() -> set[str]:
    fonts = paths.resources_dir() / "fonts"
    files = [*fonts.glob("*.ttf"), *(fonts / "fallback").glob("*.woff")]
    return {TTFont(path)["name"].getDebugName(6) for path in files}


def _embedded(pdf_bytes: bytes) -> dict[str, str]:
    """Base font name (without subset tag) to the embedded program's PostScript name."""
    found = {}
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                key = next(k for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in obj)
                program = TTFont(io.BytesIO(obj[key].read_bytes()))
                found[str(obj.FontName).lstrip("/").split("+", 1)[-1]] = program[
                    "name"
                ].getDebugName(6)
    return found


def test_every_script_prints_in_its_bundled_font_and_nothing_else(pdf_bytes) -> None:
    embedded = _embedded(pdf_bytes)
    assert set(embedded.values()) <= _bundled_names(), embedded
    for family in READ_BACK:
        assert family in embedded, f"{family} was not used"
    # The principle's title is a bold heading: bold Bengali and Tamil, not a faked bold.
    assert {"Charter-Bengali-Bold", "Charter-Tamil-Bold"} <= set(embedded)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler's pdffonts is not installed")
def test_pdffonts_lists_only_our_fonts_all_embedded(pdf_bytes, tmp_path) -> None:
    path = tmp_path / "scripts.pdf"
    path.write_bytes(pdf_bytes)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]
    names = {row[0].split("+", 1)[-1] for row in rows}
    assert all(name.startswith("Charter-") for name in names), names
    assert {row[-5] for row in rows} == {"yes"}, "a font is not embedded"
    assert set(READ_BACK) <= names


def test_the_words_read_back_from_the_pdf(pdf_bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    text = "".join("".join((page.extract_text() or "").split()) for page in reader.pages)
    for word in READ_BACK.values():
        assert word in text
    assert "\ufffd" not in text  # nothing printed as an unknown glyph


def test_none_of_it_is_reported_as_unprintable(draft) -> None:
    assert unprintable_text(draft.charter) == []


def test_a_hindi_paragraph_loads_devanagari_alone() -> None:
    # The danda "।" is in every Indian font: it must not pull all of them in.
    assert {face.family for face in needed_faces(HINDI)} == {"Charter Devanagari"}
    assert {face.family for face in needed_faces(f"{BENGALI}।")} == {"Charter Bengali"}


def test_each_script_font_has_regular_and_bold() -> None:
    for script in ("Bengali", "Devanagari", "Gujarati", "Gurmukhi", "Tamil"):
        faces = needed_faces(
            {
                "Bengali": BENGALI,
                "Devanagari": HINDI,
                "Gujarati": GUJARATI,
                "Gurmukhi": GURMUKHI,
                "Tamil": TAMIL,
            }[script]
        )
        assert sorted(f.weight for f in faces) == [400, 700]
        assert all(f.path.is_file() for f in faces)

"""The Word export, read back with python-docx as Word and a screen reader would see it.

Real exports of the worked example: unsigned (the DRAFT state), signed by every
partner (typed, drawn and picture signatures), and with hostile text in every field.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from test_pdf_signatures import signed_example

from charter_builder.charter.model import Charter, Partner
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.starters import load_starter
from charter_builder.render.options import RenderOptions
from charter_builder.render.word import docx_bytes, write_docx
from charter_builder.render.word.document import DRAFT_WORDS, FONT

SECTIONS = [
    "Contents",
    "The partnership",
    "Shared purpose",
    "Principles",
    "Commitments",
    "Contributions and losses",
    "Governance",
    "Signatures",
]
HOSTILE = "<b>x</b> {{ 7*7 }} {% if 1 %} file:///etc/passwd"
#: Fields that hold the board's own words (not ids, dates, choices or picture names).
TEXT_FIELDS = {
    "title", "version", "name", "place", "population", "scope", "role", "email",
    "vision", "why", "how", "what", "text", "meaning", "description", "brings",
    "autonomy_given_up", "losses", "support", "decision_making", "meeting_rhythm",
    "gemba_visits", "review_and_variation", "joining_and_leaving",
}  # fmt: skip
#: The worked example's documents for LibreOffice: at least this many pages.
MIN_PAGES = 20


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def paragraph_texts(element) -> list[str]:
    """Every paragraph's text (tables included), as Word shows it."""
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in element.iter(qn("w:p"))]


def all_text(document) -> str:
    """The body, and the header and footer of every section, as one string."""
    parts = paragraph_texts(document.element.body)
    for section in document.sections:
        parts += paragraph_texts(section.header._element)
        parts += paragraph_texts(section.footer._element)
    return "\n".join(parts)


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


@pytest.fixture(scope="module")
def example() -> tuple[Draft, bytes]:
    draft = load_starter("example")
    return draft, docx_bytes(draft)


@pytest.fixture(scope="module")
def signed() -> tuple[Draft, bytes]:
    draft = signed_example()
    return draft, docx_bytes(draft)


def test_every_section_is_a_heading_1_in_the_pdf_order(example):
    assert headings(read(example[1]), 1) == SECTIONS


def test_leaving_out_contributions_leaves_out_their_section():
    document = read(docx_bytes(load_starter("example"), RenderOptions(include_contributions=False)))
    assert headings(document, 1) == [s for s in SECTIONS if s != "Contributions and losses"]


def test_every_partner_principle_and_commitment_title_is_there(example):
    draft, data = example
    document = read(data)
    text = all_text(document)
    level_2 = headings(document, 2)
    for partner in draft.charter.partners:
        assert partner.name in text
        assert partner.name in level_2  # contributions and signatures
    for item in draft.charter.principles + draft.charter.commitments:
        assert item.title in level_2


def test_language_is_british_english_and_the_bundled_font_is_named(example):
    document = read(example[1])
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == FONT
    with zipfile.ZipFile(io.BytesIO(example[1])) as package:
        font_table = package.read("word/fontTable.xml").decode()
    assert f'w:name="{FONT}"' in font_table and 'w:altName w:val="Arial"' in font_table


def test_title_and_author_are_the_charter_and_the_partnership(example):
    draft, data = example
    properties = read(data).core_properties
    assert properties.title == draft.charter.title
    assert properties.author == draft.charter.partnership.name
    assert properties.language == "en-GB"


def test_every_picture_has_alternative_text(example, signed):
    for draft, data in (example, signed):
        document = read(data)
        described = [pr.get("descr", "") for pr in document.element.body.iter(qn("wp:docPr"))]
        logos = sum(1 for p in draft.charter.partners if p.logo in draft.media)
        assert logos == 9
        assert all(text.strip() for text in described)
        assert sum(text.startswith("Golden circle: why — ") for text in described) == 1
        assert sum(text.endswith(" logo") for text in described) == logos
    # Drawn and imported signatures are pictures too, each described.
    signatures = [t for t in described if t.startswith("Signature of ")]
    assert len(signatures) == 6


def test_table_header_rows_repeat_on_every_page(example):
    document = read(example[1])
    by_first_cell = {table.rows[0].cells[0].text: table for table in document.tables}
    for first in ("Organisation", "No."):
        row = by_first_cell[first].rows[0]._tr
        assert row.trPr is not None and row.trPr.find(qn("w:tblHeader")) is not None
    assert by_first_cell["Organisation"].style.name == "Light List Accent 1"


def test_draft_is_shown_on_every_page_while_unsigned(example):
    document = read(example[1])
    header = paragraph_texts(document.sections[0].header._element)
    assert DRAFT_WORDS in header
    cover = paragraph_texts(document.element.body)[:8]
    assert DRAFT_WORDS in cover


def test_no_draft_mark_once_every_partner_has_signed(signed):
    document = read(signed[1])
    assert DRAFT_WORDS not in all_text(document)
    assert "Draft" not in paragraph_texts(document.sections[0].footer._element)[0]
    assert any(
        line.endswith("Status  Signed") for line in paragraph_texts(document.element.body)[:8]
    )


def test_signatures_page_has_the_recorded_approvals_and_signatures(signed):
    draft, data = signed
    text = all_text(read(data))
    for index in range(len(draft.charter.partners)):
        assert f"minute ref B/26/{index}" in text
    assert '/s/ <img src="http://example.com/x.png"> {{ 7*7 }} & Zoë' in text
    assert "Approved by the board on 20 April 2026" in text
    assert "No partner has signed yet." not in text


def hostile_draft() -> tuple[Draft, list[str]]:
    """The worked example with markup, template syntax and a file address in every field."""
    draft = load_starter("example")
    values: list[str] = []

    def spoil(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in TEXT_FIELDS and isinstance(value, str):
                    node[key] = f"{HOSTILE}\x01 #{len(values)}"
                    values.append(f"{HOSTILE} #{len(values)}")
                else:
                    spoil(value)
        elif isinstance(node, list):
            for item in node:
                spoil(item)

    data = draft.charter.model_dump(mode="json")
    spoil(data)
    draft.charter = Charter.model_validate(data)
    return draft, values


def test_markup_template_syntax_and_file_addresses_stay_literal(tmp_path):
    draft, values = hostile_draft()
    path = tmp_path / "charter.docx"
    write_docx(draft, path)
    document = docx.Document(str(path))
    text = all_text(document)
    missing = [value for value in values if value not in text]
    assert not missing
    assert document.core_properties.title == f"{HOSTILE} #0"
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        xml = "".join(package.read(n).decode() for n in names if n.endswith((".xml", ".rels")))
    # Nothing points outside the file, and only our own pictures are inside it.
    assert 'TargetMode="External"' not in xml
    assert not re.search(r'(Target|instr|r:link|r:id|href)="[^"]*(file:|https?:)', xml)
    assert "INCLUDEPICTURE" not in xml and "INCLUDETEXT" not in xml
    assert "<b>x</b>" not in xml  # escaped, never markup
    pictures = [n for n in names if n.startswith("word/media/")]
    assert len(pictures) == len(draft.media) + 1  # the logos and the golden circle


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice (soffice) is not installed, so the Word file was not converted to PDF",
)
def test_libreoffice_converts_the_word_file_to_pdf(tmp_path, example):
    source = tmp_path / "charter.docx"
    source.write_bytes(example[1])
    office = shutil.which("soffice") or shutil.which("libreoffice")
    began = time.perf_counter()
    finished = subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    pages = len(pypdf.PdfReader(tmp_path / "charter.pdf").pages)
    assert pages >= MIN_PAGES, f"{pages} pages in {time.perf_counter() - began:.1f} s"


def test_write_docx_replaces_an_older_export_whole(tmp_path, example):
    path = Path(tmp_path / "charter.docx")
    path.write_bytes(b"an older export")
    write_docx(example[0], path)
    assert path.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["charter.docx"]


def test_a_paragraph_in_arabic_reads_right_to_left():
    draft = load_starter("example")
    draft.charter.purpose.vision = "Our vision in English.\n\nرؤيتنا: صحة أفضل للجميع."
    document = read(docx_bytes(draft))
    english, arabic = (
        p for p in document.paragraphs if "vision in English" in p.text or "رؤيتنا" in p.text
    )
    assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None
    assert arabic._p.pPr.find(qn("w:bidi")) is not None
    assert all(run._r.rPr.find(qn("w:rtl")) is not None for run in arabic.runs)


def test_a_long_partner_list_is_named_in_full_and_the_cover_says_how_many_more():
    draft = load_starter("blank")
    draft.charter.partners = [Partner(name=f"Partner organisation {n}") for n in range(40)]
    document = read(docx_bytes(draft))
    partners_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Organisation")
    assert [row.cells[0].text for row in partners_table.rows[1:]] == [
        f"Partner organisation {n}" for n in range(40)
    ]
    assert "and 15 more partners, listed in “The partnership”" in all_text(document)

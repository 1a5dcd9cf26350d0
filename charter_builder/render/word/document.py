"""The Word document itself: page, styles, language, fonts, properties, header and footer.

Boards restyle board papers with their own Word template, so everything here is a
real Word style (Title, Heading 1–3, List Bullet, a table style) rather than
direct formatting; the navigation pane and a Word table of contents then work.
The text is British English (``w:lang`` in the styles' defaults) and names the
bundled typeface, with Arial as the fallback Word uses where it is not installed.
"""

from __future__ import annotations

import re
from datetime import datetime

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from charter_builder.render.html import NOT_WRITTEN, right_to_left
from charter_builder.render.metadata import PdfMetadata

#: The family name of the bundled typeface (resources/fonts), as installed from its files.
FONT = "Source Sans 3"
#: What Word and LibreOffice use on a computer without it: a plain sans that every system has.
FALLBACK_FONT = "Arial"
LANGUAGE = "en-GB"
#: NHS identity colours, as in the PDF.
DARK_BLUE = RGBColor(0x00, 0x30, 0x87)
BLUE = RGBColor(0x00, 0x5E, 0xB8)
DARK_GREY = RGBColor(0x42, 0x55, 0x63)
RED = RGBColor(0xDA, 0x29, 0x1C)
TABLE_STYLE = "Light List Accent 1"
EYEBROW = "Eyebrow"
NOT_WRITTEN_STYLE = "Not Written"
TABLE_TEXT = "Table Text"
DRAFT_WORDS = "DRAFT — not yet signed"
#: Characters XML cannot hold (python-docx refuses them) and stray control codes.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def clean(text: str) -> str:
    """``text`` without control characters, which a pasted field may carry."""
    return _CONTROL.sub("", text)


def set_up(document: DocumentObject) -> None:
    """A4 pages, the styles the sections use, the language and the fonts."""
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
        section.header_distance = section.footer_distance = Cm(1.0)
    _defaults(document)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(11)
    normal.font.color.rgb = RGBColor(0x23, 0x1F, 0x20)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, colour in (
        ("Title", 30, DARK_BLUE),
        ("Heading 1", 22, DARK_BLUE),
        ("Heading 2", 15, DARK_BLUE),
        ("Heading 3", 12, BLUE),
    ):
        style = styles[name]
        style.font.size, style.font.color.rgb, style.font.bold = Pt(size), colour, True
        style.font.name = FONT
        _theme_fonts_off(style.element)
        style.paragraph_format.space_before = Pt(14 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["Heading 1"].paragraph_format.space_before = Pt(0)
    styles["Heading 1"].paragraph_format.space_after = Pt(12)
    _drop_title_border(styles["Title"].element)
    eyebrow = styles.add_style(EYEBROW, WD_STYLE_TYPE.PARAGRAPH)
    eyebrow.base_style = normal
    eyebrow.font.size, eyebrow.font.bold, eyebrow.font.color.rgb = Pt(9.5), True, BLUE
    eyebrow.font.all_caps = True
    eyebrow.paragraph_format.space_before = Pt(14)
    eyebrow.paragraph_format.space_after = Pt(0)
    eyebrow.paragraph_format.keep_with_next = True
    subtitle = styles["Subtitle"]
    subtitle.font.size, subtitle.font.italic, subtitle.font.color.rgb = Pt(16), False, BLUE
    subtitle.font.name = FONT
    _theme_fonts_off(subtitle.element)
    _plain_spacing(subtitle.element)
    blank = styles.add_style(NOT_WRITTEN_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    blank.base_style = normal
    blank.font.italic, blank.font.color.rgb = True, DARK_GREY
    cells = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = normal
    cells.font.size = Pt(10)
    cells.paragraph_format.space_before = Pt(2)
    cells.paragraph_format.space_after = Pt(2)
    cells.paragraph_format.line_spacing = 1.0
    for name in ("Header", "Footer"):
        styles[name].font.size, styles[name].font.color.rgb = Pt(8.5), DARK_GREY
    _font_table(document)
    _forget_template_thumbnail(document)
    _template_leftovers(document)


def _defaults(document: DocumentObject) -> None:
    """The language and typeface every style inherits (``w:docDefaults``)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:rFonts", "w:lang"):
        for old in r_pr.findall(qn(tag)):
            r_pr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    lang = OxmlElement("w:lang")
    # Right-to-left text keeps Word's own language for it (``w:bidi`` is left unset).
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), LANGUAGE)
    r_pr.insert(0, fonts)
    r_pr.append(lang)


def _theme_fonts_off(style_element) -> None:
    """Headings in the template use the theme's heading font; ours name the bundled one."""
    fonts = style_element.find(qn("w:rPr")).find(qn("w:rFonts"))
    if fonts is not None:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attribute), FONT)


def _plain_spacing(style_element) -> None:
    """The template's Subtitle spreads its letters out; ours reads as ordinary words."""
    r_pr = style_element.find(qn("w:rPr"))
    for spacing in r_pr.findall(qn("w:spacing")):
        r_pr.remove(spacing)


def _drop_title_border(style_element) -> None:
    p_pr = style_element.find(qn("w:pPr"))
    if p_pr is not None:
        for border in p_pr.findall(qn("w:pBdr")):
            p_pr.remove(border)


def _font_table(document: DocumentObject) -> None:
    """Tell Word the bundled font is a plain sans and which font stands in for it."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            table = rel.target_part
            break
    else:
        return
    from docx.oxml.parser import parse_xml

    root = parse_xml(table.blob)
    font = OxmlElement("w:font")
    font.set(qn("w:name"), FONT)
    for tag, value in (
        ("w:altName", FALLBACK_FONT),
        ("w:family", "swiss"),
        ("w:pitch", "variable"),
    ):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        font.append(child)
    root.insert(0, font)
    from lxml import etree

    table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _forget_template_thumbnail(document: DocumentObject) -> None:
    """python-docx's template carries a thumbnail of a blank page; a file manager would show it."""
    package = document.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[key]


def _template_leftovers(document: DocumentObject) -> None:
    """python-docx's blank template says it is American English and made by Word for Mac."""
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)
    for rel in document.part.package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            part = rel.target_part
            part._blob = re.sub(
                rb"<Application>[^<]*</Application>",
                b"<Application>Charter Builder</Application>",
                part.blob,
            )


def set_properties(document: DocumentObject, metadata: PdfMetadata) -> None:
    """Title, author (the partnership) and the rest, as the PDF's properties say."""
    core = document.core_properties
    core.title = clean(metadata.title)
    core.author = clean(metadata.author)
    core.last_modified_by = clean(metadata.author)
    core.subject = clean(metadata.subject)
    core.keywords = clean(metadata.keywords)
    core.comments = metadata.creator
    core.category = "Partnership charter"
    core.language = LANGUAGE
    core.revision = 1
    when = datetime.fromisoformat(metadata.created.replace("Z", "+00:00")).replace(tzinfo=None)
    core.created = core.modified = when


def header_and_footer(
    document: DocumentObject, running_head: str, running_foot: str, draft: bool
) -> None:
    """The running head (with the DRAFT line while unsigned) and the footer with page numbers."""
    section = document.sections[0]
    head = section.header.paragraphs[0]
    head.add_run(clean(running_head))
    if draft:
        mark = section.header.add_paragraph()
        run = mark.add_run(DRAFT_WORDS)
        run.bold, run.font.color.rgb, run.font.size = True, RED, Pt(10)
    foot = section.footer.paragraphs[0]
    foot.add_run(clean(running_foot) + " · Page ")
    _field(foot, "PAGE")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES")


def _field(paragraph: Paragraph, instruction: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def style_id(name: str) -> str:
    """The id Word files use for a style: its name without spaces, in python-docx's template.

    Setting a paragraph's style by name makes python-docx search every style in the
    document, twice; for a 200-partner charter that was half the export's time.
    """
    return name.replace(" ", "")


def styled(container, text: str = "", style: str | None = None) -> Paragraph:
    """A new paragraph in ``container`` (the document, a cell) with ``text`` and ``style``."""
    paragraph = container.add_paragraph(text)
    if style:
        paragraph._p.style = style_id(style)
    return paragraph


def add_text(
    document, text: str, style: str | None = None, blank: str = NOT_WRITTEN
) -> list[Paragraph]:
    """Multi-line text as one paragraph per blank-line-separated block, line breaks kept.

    ``document`` is anything with ``add_paragraph`` (the document, a table cell).
    Empty text prints ``blank`` in the "Not Written" style, as in the PDF.
    """
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return [styled(document, blank, NOT_WRITTEN_STYLE)]
    added = []
    for block in _BLANK_LINES.split(text):
        paragraph = styled(document, "", style)
        for index, line in enumerate(block.split("\n")):
            if index:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            paragraph.add_run(line)
        if right_to_left(block):
            right_to_left_paragraph(paragraph)
        added.append(paragraph)
    return added


def right_to_left_paragraph(paragraph: Paragraph) -> None:
    """Arabic, Hebrew or Urdu text reads right to left, as HTML's dir="auto" would set it."""
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def labelled(document, label: str, value: str, blank: str = NOT_WRITTEN) -> Paragraph:
    """One line "Label: value", the label bold, the value (or "Not yet written") after it."""
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    value = clean(value).strip()
    run = paragraph.add_run(value or blank)
    if not value:
        run.italic, run.font.color.rgb = True, DARK_GREY
    return paragraph


def table(document, headings: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    """A table in the table style whose header row repeats at the top of every page."""
    grid = document.add_table(rows=1, cols=len(headings))
    grid.style = document.styles[TABLE_STYLE]
    grid.autofit = False
    header = grid.rows[0]
    for cell, heading in zip(header.cells, headings, strict=True):
        cell.paragraphs[0]._p.style = style_id(TABLE_TEXT)
        cell.paragraphs[0].add_run(heading).bold = True
    repeat_header(grid)
    for values in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.paragraphs[0]._p.style = style_id(TABLE_TEXT)
            cell.paragraphs[0].add_run(clean(value))
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)  # the grid LibreOffice goes by
        for cell in column.cells:
            cell.width = Cm(width)  # the cell widths Word goes by
    for row in grid.rows[1:]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    document.add_paragraph()
    return grid


def repeat_header(grid: Table) -> None:
    """Mark the first row as a header row (``w:tblHeader``): Word repeats it after page breaks."""
    tr_pr = grid.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)


def bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """A bookmark round a heading, for the contents' links to jump to."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def internal_link(paragraph: Paragraph, text: str, anchor: str) -> None:
    """A link to a bookmark in this document, looking like a link."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = paragraph.add_run(text)
    run.font.color.rgb, run.font.underline = BLUE, True
    link.append(run._r)
    paragraph._p.append(link)

"""The changes paper as a Word document whose changes are real tracked changes.

Each removed run of words is a ``w:del`` and each added one a ``w:ins``, with
the author and date of the revision that made it, so Word's Review pane lists
them and a board secretary can step through, accept or reject them. The rest
is ordinary Word: Title and Heading 1/2 styles (the navigation pane and a
table of contents work, and a board's own template can restyle it), the
document language en-GB and the title in the document's properties.

Text from a draft goes into the XML as text, never as markup, so nothing in a
field can add elements or fetch anything.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from charter_builder.drafts.changes_since import ChangesPaper, PaperChange
from charter_builder.drafts.diff import ADDED, REMOVED
from charter_builder.errors import RenderError
from charter_builder.render.metadata import build_time
from charter_builder.storage.safe_write import replace_file, saving_reason
from charter_builder.when import local_date_time

logger = logging.getLogger(__name__)

LANGUAGE = "en-GB"
#: Characters XML 1.0 cannot hold at all; a pasted control code is dropped, not fatal.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GREY = RGBColor(0x42, 0x55, 0x63)
KEY = (
    "Each change is a tracked change: in Word, choose Review to step through them. "
    "Removed words are struck through and added words underlined."
)


def changes_docx(paper: ChangesPaper) -> bytes:
    """The changes paper as the bytes of a .docx file."""
    try:
        document = _build(paper)
        buffer = io.BytesIO()
        document.save(buffer)
    except (MemoryError, RecursionError) as error:
        logger.exception("Changes paper too large for Word")
        raise RenderError(
            "There are too many changes to put in one paper. Please choose a later revision "
            "to compare with."
        ) from error
    except Exception as error:
        logger.exception("Changes paper in Word failed")
        raise RenderError(
            "Charter Builder could not make the changes paper in Word. Please try again; if it "
            "keeps happening, save your draft and send it to your support team."
        ) from error
    return buffer.getvalue()


def write_changes_docx(paper: ChangesPaper, path: Path) -> None:
    """Save the Word changes paper at ``path``, never leaving half a file behind."""
    path = Path(path)
    if not path.parent.is_dir():
        raise RenderError(f"The folder for “{path.name}” does not exist. Please choose another.")
    if path.is_dir():
        raise RenderError(
            f"The paper could not be saved as “{path.name}”: there is already a folder with "
            "that name. Please choose a file name."
        )
    data = changes_docx(paper)
    try:
        replace_file(path, lambda stream: stream.write(data))
    except OSError as error:
        logger.exception("Could not save the changes paper to %s", path)
        if isinstance(error, PermissionError):
            reason = (
                "you do not have permission to write there, or the file is open in Word. "
                "Please close it or choose another place."
            )
        else:
            reason = saving_reason(error, path.parent)
        raise RenderError(f"The paper could not be saved as “{path.name}”: {reason}") from error


def _build(paper: ChangesPaper) -> WordDocument:
    document = Document()
    _set_language(document)
    _set_properties(document, paper)
    document.add_paragraph(_text(paper.title), style="Title")
    document.add_paragraph(_text(paper.since_line)).runs[0].bold = True
    _note(document.add_paragraph(), paper.made_line)
    _note(document.add_paragraph(), KEY)
    if paper.empty:
        document.add_paragraph(f"Nothing has changed since revision {paper.since_number}.")
    ids = iter(range(1, 1_000_000_000))
    for section, items in paper.sections:
        document.add_heading(_text(section), level=1)
        for item in items:
            _add_change(document, item, ids)
    return document


def _add_change(document: WordDocument, item: PaperChange, ids: Iterator[int]) -> None:
    document.add_heading(_text(f"{item.heading} ({item.kind_words.lower()})"), level=2)
    if item.segments:
        paragraph = document.add_paragraph()
        when = item.time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        author = _text(item.author)
        for kind, text in item.segments:
            if kind == REMOVED:
                paragraph._p.append(_tracked("w:del", text, author, when, next(ids)))
            elif kind == ADDED:
                paragraph._p.append(_tracked("w:ins", text, author, when, next(ids)))
            else:
                paragraph._p.append(_run(text, deleted=False))
    _note(document.add_paragraph(), f"{item.author}, {local_date_time(item.time)}")


def _tracked(tag: str, text: str, author: str, when: str, number: int) -> Any:
    """A ``w:ins`` or ``w:del`` holding the words, as Word writes its own tracked changes."""
    change = OxmlElement(tag)
    change.set(qn("w:id"), str(number))
    change.set(qn("w:author"), author or "Someone")
    change.set(qn("w:date"), when)
    change.append(_run(text, deleted=tag == "w:del"))
    return change


def _run(text: str, *, deleted: bool) -> Any:
    """A ``w:r`` with the text (``w:delText`` when deleted); line breaks become ``w:br``."""
    run = OxmlElement("w:r")
    for index, line in enumerate(_text(text).split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        if line:
            piece = OxmlElement("w:delText" if deleted else "w:t")
            piece.set(qn("xml:space"), "preserve")
            piece.text = line
            run.append(piece)
    return run


def _note(paragraph: Paragraph, text: str) -> None:
    run = paragraph.add_run(_text(text))
    run.font.size = Pt(9)
    run.font.color.rgb = _GREY


def _text(text: str) -> str:
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _set_language(document: WordDocument) -> None:
    """en-GB for the whole document (the defaults every style builds on), so spelling is
    checked in British English and screen readers speak it so."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    language = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)
    properties.append(language)


def _set_properties(document: WordDocument, paper: ChangesPaper) -> None:
    made = build_time()
    properties = document.core_properties
    properties.title = _text(f"{paper.title}: changes since revision {paper.since_number}")[:255]
    properties.subject = _text(paper.since_line)[:255]
    properties.author = _text(paper.saved_by)[:255] or "Charter Builder"
    properties.last_modified_by = properties.author
    properties.comments = ""
    properties.keywords = "partnership charter; changes"
    properties.created = made.astimezone(UTC).replace(tzinfo=None)  # python-docx: naive UTC
    properties.modified = properties.created
    properties.revision = 1
    properties.language = LANGUAGE
    properties.category = "Board paper"

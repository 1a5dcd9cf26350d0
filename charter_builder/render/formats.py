"""Every kind of file the charter can be exported as, in one list.

The export dialog, the render worker and (later) the command line all look a
format up here, so a new format is added in one place. The Word and web page
writers are imported only when used: they bring libraries the PDF never needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from charter_builder.errors import RenderError

if TYPE_CHECKING:
    from charter_builder.drafts.draft import Draft
    from charter_builder.render.options import RenderOptions

#: Writes `draft` to `path`; extra keywords (such as ``since``) come from the job.
Writer = Callable[..., None]

PDF, WORD, WEB, CHANGES = "pdf", "docx", "html", "changes"


@dataclass(frozen=True)
class ExportFormat:
    """One kind of file: what users call it, its file name ending, and what writes it."""

    key: str
    #: As the export dialog and the status line say it.
    label: str
    #: The short name for sentences: "Saved the PDF to …".
    noun: str
    extension: str
    #: The file dialog's filter for it.
    file_filter: str
    write: Writer


def write_pdf(draft: Draft, path: Path, options: RenderOptions | None = None, **_: Any) -> None:
    """The PDF, as everywhere else (the worker uses its own steps, to report pages)."""
    from charter_builder.render import write_pdf as write

    write(draft, path, options)


def write_docx(draft: Draft, path: Path, options: RenderOptions | None = None, **_: Any) -> None:
    """The Word document: python-docx is loaded only for this."""
    from charter_builder.render.word import write_docx as write

    write(draft, path, options)


def write_html(draft: Draft, path: Path, options: RenderOptions | None = None, **_: Any) -> None:
    """The self-contained web page."""
    from charter_builder.render.web_page import write_html as write

    write(draft, path, options)


#: Said when this copy of Charter Builder has no paper of changes to make.
NO_CHANGES_PAPER = (
    "This version of Charter Builder cannot make a paper of the changes yet. "
    "Please export the charter as a PDF or Word document instead."
)


def write_changes(
    draft: Draft,
    path: Path,
    options: RenderOptions | None = None,
    *,
    since: str | None = None,
    **_: Any,
) -> None:
    """A paper of every change since revision `since`: PDF or Word, by the file's ending.

    The one place the changes paper is connected to the export dialog and the worker.
    """
    if not since:
        raise RenderError("Please choose the revision the paper of changes should start from.")
    raise RenderError(NO_CHANGES_PAPER)


FORMATS: dict[str, ExportFormat] = {
    PDF: ExportFormat(PDF, "PDF", "PDF", ".pdf", "PDF documents (*.pdf)", write_pdf),
    WORD: ExportFormat(
        WORD,
        "Word document (.docx)",
        "Word document",
        ".docx",
        "Word documents (*.docx)",
        write_docx,
    ),
    WEB: ExportFormat(
        WEB, "Web page (.html)", "web page", ".html", "Web pages (*.html *.htm)", write_html
    ),
    CHANGES: ExportFormat(
        CHANGES,
        "A paper of the changes since a revision",
        "paper of the changes",
        ".pdf",
        "PDF documents (*.pdf);;Word documents (*.docx)",
        write_changes,
    ),
}

#: The formats a whole charter can be exported as, in the order the dialog offers them.
CHARTER_FORMATS = (PDF, WORD, WEB)


def format_for_path(path: Path | str) -> ExportFormat:
    """The charter format a file name asks for by its ending (.pdf, .docx, .html or .htm)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".htm":
        suffix = ".html"
    for key in CHARTER_FORMATS:
        if FORMATS[key].extension == suffix:
            return FORMATS[key]
    raise RenderError(
        f"Charter Builder cannot tell what kind of file “{Path(path).name}” should be. "
        "Please end its name with .pdf, .docx or .html."
    )


def with_extension(path: Path, export_format: ExportFormat) -> Path:
    """`path` ending as the format's files do (a changes paper may be .pdf or .docx)."""
    endings = {export_format.extension}
    if export_format.key == CHANGES:
        endings |= {".pdf", ".docx"}
    if export_format.key == WEB:
        endings.add(".htm")
    if path.suffix.lower() in endings:
        return path
    return path.with_name(path.name + export_format.extension)

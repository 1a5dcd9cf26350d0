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
    from charter_builder.drafts.changes_since import ChangesPaper
    from charter_builder.drafts.draft import Draft
    from charter_builder.render.options import RenderOptions

#: Writes `draft` to `path`; extra keywords (such as ``since``) come from the job.
Writer = Callable[..., object]

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


#: The endings a paper of the changes can have.
CHANGES_ENDINGS = (".pdf", ".docx")


def write_changes(
    draft: Draft,
    path: Path,
    options: RenderOptions | None = None,
    *,
    since: str | None = None,
    **_: Any,
) -> ChangesPaper:
    """A paper of every change since revision `since`: PDF or Word, by the file's ending.

    The one place the changes paper is made, for the export dialog, the worker and the
    command line. `since` is a revision's number or id, or None or "sent" for the last
    revision marked as sent to boards.
    """
    from charter_builder.drafts.changes_since import changes_since

    if path.suffix.lower() not in CHANGES_ENDINGS:
        raise RenderError(
            "The paper of the changes can be made as a PDF (.pdf) or a Word document "
            f"(.docx); “{path.name}” is neither. Please end its name in .pdf or .docx."
        )
    include = options.include_contributions if options is not None else True
    paper = changes_since(draft, since, include_contributions=include)
    if path.suffix.lower() == ".docx":
        from charter_builder.render.changes_word import write_changes_docx

        write_changes_docx(paper, path)
    else:
        from charter_builder.render.changes_pdf import write_changes_pdf

        write_changes_pdf(paper, path)
    return paper


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

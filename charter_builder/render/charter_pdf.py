"""Turn a draft into a finished PDF: HTML from Jinja2, paged by WeasyPrint.

Imported through :mod:`charter_builder.render`, which loads it only when needed.

Everything here raises :class:`RenderError` with a message fit to show a board
secretary; the technical detail goes to the log.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import TemplateError

from charter_builder.drafts.draft import Draft
from charter_builder.errors import RenderError
from charter_builder.render import html as _html
from charter_builder.render.fetcher import CharterFetcher
from charter_builder.render.limits import MAX_PRINTED_CHARS, TOO_LONG, printed_chars
from charter_builder.render.options import RenderOptions
from charter_builder.render.pdf import html_to_pdf
from charter_builder.storage.safe_write import replace_file, saving_reason

logger = logging.getLogger(__name__)


def render_html(draft: Draft, options: RenderOptions | None = None) -> str:
    """The charter as HTML; useful for previews and for checking what the PDF will say.

    A charter too long to print within the time and memory budget is refused here,
    before any work, in words that say what to do.
    """
    printed = printed_chars(draft.charter)
    if printed > MAX_PRINTED_CHARS:
        raise RenderError(TOO_LONG.format(printed=printed, limit=MAX_PRINTED_CHARS))
    try:
        return _html.render_html(draft, options)
    except TemplateError as error:
        logger.exception("Charter template failed")
        raise RenderError(
            "Charter Builder could not lay out the charter because its page templates are "
            "damaged. Please reinstall Charter Builder."
        ) from error


def render_pdf(
    draft: Draft,
    options: RenderOptions | None = None,
    *,
    fetcher: CharterFetcher | None = None,
) -> bytes:
    """The charter as PDF bytes.

    ``fetcher`` is for tests that want to see every file the renderer asked for.
    """
    html = render_html(draft, options)
    fetcher = fetcher if fetcher is not None else CharterFetcher(draft.media)
    try:
        return html_to_pdf(html, fetcher, options, charter=draft.charter)
    except (MemoryError, RecursionError) as error:
        logger.exception("Charter too large to render")
        raise RenderError(
            "The charter is too large to turn into a PDF. Please shorten the longest sections "
            "and try again."
        ) from error
    except Exception as error:
        logger.exception("PDF rendering failed")
        raise RenderError(
            "Charter Builder could not make the PDF. Please try again; if it keeps happening, "
            "save your draft and send it to your support team."
        ) from error


def write_pdf(draft: Draft, path: Path, options: RenderOptions | None = None) -> None:
    """Save the charter as a PDF at ``path``, never leaving a half-written file behind."""
    path = Path(path)
    if not path.parent.is_dir():
        raise RenderError(f"The folder for “{path.name}” does not exist. Please choose another.")
    write_pdf_bytes(render_pdf(draft, options), path)


def write_pdf_bytes(data: bytes, path: Path) -> None:
    """Replace ``path`` in one step, so a reader never sees half a PDF.

    The PDF gets the same permissions a document saved from Word would, so
    colleagues on a shared drive can open it.
    """
    path = Path(path)
    if path.is_dir():
        raise RenderError(
            f"The PDF could not be saved as “{path.name}”: there is already a folder with "
            "that name. Please choose a file name."
        )
    try:
        replace_file(path, lambda stream: stream.write(data))
    except OSError as error:
        logger.exception("Could not save PDF to %s", path)
        if isinstance(error, PermissionError):
            reason = (
                "you do not have permission to write there, or the PDF is open in another "
                "program. Please close it or choose another place."
            )
        else:
            reason = saving_reason(error, path.parent)
        raise RenderError(f"The PDF could not be saved as “{path.name}”: {reason}") from error

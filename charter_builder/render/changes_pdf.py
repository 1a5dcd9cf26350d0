"""The changes paper as a PDF: the project's Jinja2 environment, then WeasyPrint.

The same escaping and the same fenced fetcher as the charter's PDF (see
``html.py`` and ``fetcher.py``): text from a draft is printed, never obeyed,
and nothing outside our own files is read. Removed words are struck through
(``<del>``) and added words underlined (``<ins>``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import TemplateError

from charter_builder import __version__
from charter_builder.drafts.changes_since import ChangesPaper
from charter_builder.errors import RenderError
from charter_builder.render import fallback_fonts
from charter_builder.render.charter_pdf import write_pdf_bytes
from charter_builder.render.fetcher import CharterFetcher
from charter_builder.render.html import environment
from charter_builder.render.metadata import build_time
from charter_builder.render.pdf import html_to_pdf
from charter_builder.when import local_date_time
from charter_builder.words import shorten

TEMPLATE = "changes.html.j2"

logger = logging.getLogger(__name__)


def changes_html(paper: ChangesPaper) -> str:
    """The changes paper as one HTML document, ready for WeasyPrint."""
    words = " ".join(
        f"{item.heading} {item.author} {text}"
        for _, items in paper.sections
        for item in items
        for _, text in item.segments
    )
    faces = fallback_fonts.needed_faces(f"{paper.title} {paper.since_line} {words}")
    try:
        return (
            environment()
            .get_template(TEMPLATE)
            .render(
                paper=paper,
                document_title=f"{shorten(paper.title, 200)}: changes since revision "
                f"{paper.since_number}",
                running_head=shorten(f"{paper.title} · {paper.since_line}", 110),
                generator=f"Charter Builder {__version__}",
                created=build_time().strftime("%Y-%m-%dT%H:%M:%SZ"),
                moment=local_date_time,
                fallback_fonts_url=fallback_fonts.stylesheet_url(faces),
            )
        )
    except TemplateError as error:
        logger.exception("Changes paper template failed")
        raise RenderError(
            "Charter Builder could not lay out the changes paper because its page templates "
            "are damaged. Please reinstall Charter Builder."
        ) from error


def changes_pdf(paper: ChangesPaper, *, fetcher: CharterFetcher | None = None) -> bytes:
    """The changes paper as PDF bytes (an accessible PDF/UA-1, like the charter's).

    ``fetcher`` is for tests that want to see every file the renderer asked for.
    """
    html = changes_html(paper)
    try:
        return html_to_pdf(html, fetcher if fetcher is not None else CharterFetcher())
    except (MemoryError, RecursionError) as error:
        logger.exception("Changes paper too large to render")
        raise RenderError(
            "There are too many changes to put in one paper. Please choose a later revision "
            "to compare with."
        ) from error
    except Exception as error:
        logger.exception("Changes paper rendering failed")
        raise RenderError(
            "Charter Builder could not make the changes paper. Please try again; if it keeps "
            "happening, save your draft and send it to your support team."
        ) from error


def write_changes_pdf(paper: ChangesPaper, path: Path) -> None:
    """Save the changes paper as a PDF at ``path``, never leaving half a file behind."""
    path = Path(path)
    if not path.parent.is_dir():
        raise RenderError(f"The folder for “{path.name}” does not exist. Please choose another.")
    write_pdf_bytes(changes_pdf(paper), path)

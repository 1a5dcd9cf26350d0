"""The charter as one web page: a single, self-contained, accessible ``.html`` file.

Public bodies publish on their websites, where the accessibility rules prefer an
HTML page to a PDF. The page comes from the PDF's own template and context
(``charter_context(web=True)``), so it says exactly what the PDF says; only the
wrapping differs: landmarks, one ``h1``, a skip link, and a screen stylesheet
(templates/web.css) in place of the A4 one.

Nothing is fetched, ever: the stylesheet is inline, every picture (logos, the
golden circle, signatures) travels inside the page as a ``data:`` address, and
the page names no web fonts (the bundled fonts are 1.5 MB, so the reader's own
system font is used). Every piece of charter text is escaped, as in the PDF.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from jinja2 import TemplateError

from charter_builder import paths
from charter_builder.drafts.draft import Draft
from charter_builder.errors import RenderError
from charter_builder.render import html as _html
from charter_builder.render.options import RenderOptions
from charter_builder.storage.safe_write import replace_file, saving_reason

logger = logging.getLogger(__name__)

WEB_CSS = "web.css"


@cache
def web_css() -> _html.Whole:
    """Our own screen stylesheet, to print as it is inside ``<style>``.

    Marked whole (no break points in long runs) and trusted: it is a bundled file,
    never charter text; a stray ``</style`` in it would be a bug, so it is refused.
    """
    css = (paths.templates_dir() / WEB_CSS).read_text(encoding="utf-8")
    if "</" in css:
        raise ValueError(f"{WEB_CSS} may not contain '</'")
    return _html.Whole(css)


def html_text(draft: Draft, options: RenderOptions | None = None) -> str:
    """The charter as the text of one self-contained web page."""
    context = _html.charter_context(draft, options, web=True)
    context["web_css"] = web_css()
    try:
        return _html.environment().get_template(_html.TEMPLATE).render(context)
    except TemplateError as error:
        logger.exception("Charter template failed")
        raise RenderError(
            "Charter Builder could not make the web page because its page templates are "
            "damaged. Please reinstall Charter Builder."
        ) from error


def write_html(draft: Draft, path: Path, options: RenderOptions | None = None) -> None:
    """Save the charter as a web page at ``path``, never leaving a half-written file behind."""
    path = Path(path)
    if not path.parent.is_dir():
        raise RenderError(f"The folder for “{path.name}” does not exist. Please choose another.")
    if path.is_dir():
        raise RenderError(
            f"The web page could not be saved as “{path.name}”: there is already a folder "
            "with that name. Please choose a file name."
        )
    data = html_text(draft, options).encode("utf-8")
    try:
        replace_file(path, lambda stream: stream.write(data))
    except OSError as error:
        logger.exception("Could not save web page to %s", path)
        if isinstance(error, PermissionError):
            reason = (
                "you do not have permission to write there, or the file is open in another "
                "program. Please close it or choose another place."
            )
        else:
            reason = saving_reason(error, path.parent)
        raise RenderError(
            f"The web page could not be saved as “{path.name}”: {reason}"
        ) from error

"""The WeasyPrint call, fenced by :class:`CharterFetcher` so nothing outside the bundle is read."""

from __future__ import annotations

import logging

import weasyprint
from weasyprint.urls import path2url

from charter_builder import paths
from charter_builder.render.fetcher import CharterFetcher

logger = logging.getLogger(__name__)


def html_to_document(html: str, fetcher: CharterFetcher) -> weasyprint.Document:
    """The laid-out pages for ``html``; relative links resolve inside the templates folder.

    Separate from :func:`document_to_pdf` so the render worker can report
    "laying out" and "writing" as the two real steps they are.
    """
    document = weasyprint.HTML(
        string=html,
        base_url=path2url(str(paths.templates_dir()) + "/"),
        url_fetcher=fetcher,
    )
    return document.render()


def document_to_pdf(document: weasyprint.Document) -> bytes:
    """PDF bytes for laid-out pages."""
    return document.write_pdf()


def html_to_pdf(html: str, fetcher: CharterFetcher) -> bytes:
    """PDF bytes for ``html``."""
    return document_to_pdf(html_to_document(html, fetcher))

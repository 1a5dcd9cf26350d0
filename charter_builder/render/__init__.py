"""Turn a draft into a finished PDF: HTML from Jinja2, paged by WeasyPrint.

WeasyPrint takes most of a second to import, and the window only needs
:class:`RenderOptions` (rendering happens in the worker process), so the heavy
parts load on first use rather than with the package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from charter_builder.render.options import RenderOptions

if TYPE_CHECKING:
    from charter_builder.render.charter_pdf import (
        render_html,
        render_pdf,
        write_pdf,
        write_pdf_bytes,
    )
    from charter_builder.render.fetcher import CharterFetcher

_LAZY = {
    "CharterFetcher": "charter_builder.render.fetcher",
    "render_html": "charter_builder.render.charter_pdf",
    "render_pdf": "charter_builder.render.charter_pdf",
    "write_pdf": "charter_builder.render.charter_pdf",
    "write_pdf_bytes": "charter_builder.render.charter_pdf",
}

__all__ = [
    "CharterFetcher",
    "RenderOptions",
    "render_html",
    "render_pdf",
    "write_pdf",
    "write_pdf_bytes",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

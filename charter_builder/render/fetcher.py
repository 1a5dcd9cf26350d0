"""The only way the PDF engine may read anything: bundled files, data: URLs and logos.

Charter text comes from other organisations' drafts. Even though it is always
escaped, the renderer must never be able to reach the network or the reader's
disk, so every URL WeasyPrint asks for passes through :class:`CharterFetcher`.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request, url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from charter_builder import paths
from charter_builder.charter.images import check_picture
from charter_builder.errors import ImageError

logger = logging.getLogger(__name__)

#: The private scheme for a draft's images: ``charter-media:media/<sha256>.png``.
MEDIA_SCHEME = "charter-media"
_MEDIA_NAME = re.compile(r"^media/[0-9a-f]{64}\.(png|jpg)$")
_MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def media_url(name: str) -> str:
    """The URL a template uses for a draft image."""
    return f"{MEDIA_SCHEME}:{name}"


class RefusedURLError(ValueError):
    """A URL the renderer may not read; WeasyPrint logs it and carries on without it."""


class CharterFetcher(URLFetcher):
    """Serve bundled files, ``data:`` URLs and the draft's own images; refuse the rest.

    ``fetched`` and ``refused`` list every URL asked for, so tests can prove that
    nothing outside the bundle was read.
    """

    def __init__(
        self,
        media: Mapping[str, bytes] | None = None,
        allowed_dirs: Iterable[Path] | None = None,
    ) -> None:
        super().__init__(allow_redirects=False, fail_on_errors=False)
        self._media = dict(media or {})
        dirs = allowed_dirs if allowed_dirs is not None else _bundled_dirs()
        self._roots = [Path(d).resolve() for d in dirs]
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        try:
            response = self._serve(url)
        except RefusedURLError:
            self.refused.append(url)
            logger.warning("Refused to read %.200s", url)
            raise
        self.fetched.append(url)
        return response

    def _serve(self, url: str) -> URLFetcherResponse:
        scheme, _, rest = url.partition(":")
        scheme = scheme.lower()
        if scheme == "data":
            return self._serve_data(url)
        if scheme == "file":
            return self._serve_file(url)
        if scheme == MEDIA_SCHEME:
            return self._serve_media(url, rest)
        raise RefusedURLError(f"only bundled files and the draft's images may be used: {url:.200}")

    def _serve_data(self, url: str) -> URLFetcherResponse:
        # urllib's own data: decoder: no I/O, and it rejects malformed URLs.
        opened = DataHandler().data_open(Request(url))
        return URLFetcherResponse(url, body=opened.read(), headers=dict(opened.headers.items()))

    def _serve_file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURLError(f"files on other computers may not be used: {url:.200}")
        try:
            real = Path(url2pathname(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError, ValueError) as error:
            raise RefusedURLError(f"no such bundled file: {url:.200}") from error
        if not any(real.is_relative_to(root) for root in self._roots) or not real.is_file():
            raise RefusedURLError(
                f"only files bundled with Charter Builder may be used: {url:.200}"
            )
        content_type = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            real.as_uri(), body=real.read_bytes(), headers={"Content-Type": content_type}
        )

    def _serve_media(self, url: str, name: str) -> URLFetcherResponse:
        name = unquote(name)
        match = _MEDIA_NAME.match(name)
        data = self._media.get(name) if match else None
        if match is None or data is None:
            raise RefusedURLError(f"this draft has no image called {name:.200}")
        try:  # the same checks as opening a draft, however WeasyPrint has set Pillow up
            check_picture(data)
        except ImageError as error:
            raise RefusedURLError(f"{name:.200}: {error.message}") from None
        return URLFetcherResponse(
            url, body=data, headers={"Content-Type": _MEDIA_TYPES[match.group(1)]}
        )


def _bundled_dirs() -> list[Path]:
    return [paths.templates_dir(), paths.resources_dir()]

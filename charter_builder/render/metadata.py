"""What the PDF says about itself: title, author, subject, keywords, creator and dates.

PDF readers show these under "Document properties", search tools and records
systems index them, and PDF/A insists the two copies (the Info dictionary and
XMP) agree. WeasyPrint writes both from the ``<head>``, so the template puts
these values there and nothing else sets them.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime

from charter_builder import __version__
from charter_builder.charter.model import Charter
from charter_builder.words import shorten

logger = logging.getLogger(__name__)

#: The reproducible-builds convention: seconds since 1970 to use instead of "now".
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
UNTITLED = "System charter"
DEFAULT_SUBJECT = "Partnership charter"
SUBJECT_CHARS = 500


@dataclass(frozen=True)
class PdfMetadata:
    """The document properties, as plain text ready for ``<meta>`` tags."""

    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    #: W3C date-time in UTC, e.g. ``2026-04-01T09:30:00Z``; also the modification date.
    created: str


def pdf_metadata(charter: Charter, when: datetime | None = None) -> PdfMetadata:
    """The properties of ``charter``'s PDF, made at ``when`` (default: :func:`build_time`)."""
    when = (when or build_time()).astimezone(UTC)
    place = _one_line(charter.partnership.place)
    keywords = ["partnership charter", "integrated care system"] + ([place] if place else [])
    return PdfMetadata(
        title=_one_line(charter.title) or UNTITLED,
        author=_one_line(charter.partnership.name),
        subject=shorten(_one_line(charter.purpose.vision), SUBJECT_CHARS) or DEFAULT_SUBJECT,
        keywords="; ".join(keywords),
        creator=f"Charter Builder {__version__}",
        created=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def build_time() -> datetime:
    """Now, unless ``SOURCE_DATE_EPOCH`` fixes the moment so two builds are byte-identical."""
    fixed = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if fixed:
        try:
            return datetime.fromtimestamp(int(fixed), UTC)
        except (ValueError, OverflowError, OSError):
            logger.warning("Ignoring %s=%.40r: not a number of seconds", SOURCE_DATE_EPOCH, fixed)
    return datetime.now(UTC).replace(microsecond=0)


def parse_created(created: str | None) -> datetime:
    """The moment a :class:`PdfMetadata` ``created`` stands for, so attachments can match it."""
    if created:
        try:
            return datetime.fromisoformat(created).astimezone(UTC)
        except ValueError:
            logger.warning("Unreadable creation date %.40r; using the build time", created)
    return build_time()


def _one_line(text: str) -> str:
    return " ".join(text.split())


"""Choices about what goes into the PDF, kept apart so later features can add to them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderOptions:
    """What to include when rendering a charter, and which kind of PDF to make.

    ``include_contributions`` lets a partnership share the charter without the
    candid "losses people may feel" section, which some boards prefer to keep
    among partners.

    ``archive`` makes a PDF/A-3u file for the records, with the charter's own
    data attached so it can be checked or reopened years later. Without it the
    PDF is PDF/UA-1: tagged for screen readers, the right choice for board
    papers and publishing.
    """

    include_contributions: bool = True
    archive: bool = False

"""Choices about what goes into the PDF, kept apart so later features can add to them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderOptions:
    """What to include when rendering a charter.

    ``include_contributions`` lets a partnership share the charter without the
    candid "losses people may feel" section, which some boards prefer to keep
    among partners.
    """

    include_contributions: bool = True

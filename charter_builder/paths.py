"""Where the bundled resources and templates live, installed or in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _bundled_root() -> Path:
    # A wheel carries them inside the package; a checkout keeps them at the top.
    inside = _PACKAGE / "_bundled"
    if (inside / "templates").is_dir():
        return inside
    return _PACKAGE.parent


def resources_dir() -> Path:
    return _bundled_root() / "resources"


def templates_dir() -> Path:
    return _bundled_root() / "templates"

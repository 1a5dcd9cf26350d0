"""Where the bundled resources and templates live, and whether two paths name one file."""

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


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (a link, another spelling, a mapped drive).

    A file that is not there (yet) is compared by its full path.
    """
    try:
        return a.samefile(b)
    except OSError:
        return a.absolute() == b.absolute()

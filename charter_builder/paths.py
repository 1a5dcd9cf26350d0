"""Where the bundled resources, the templates and the user's data live; whether two paths
name one file."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

#: The names Qt's folders are made from (gui/app.py sets the same on the application).
ORGANISATION_NAME = "Charter Builder"
APPLICATION_NAME = "Charter Builder"

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


def user_data_folder() -> Path:
    """The user's data folder without Qt: the folder Qt's AppDataLocation names.

    The command line cannot ask QStandardPaths (the core has no Qt), so this repeats
    Qt's rule for our organisation and application names; a test compares the two.
    """
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / ORGANISATION_NAME / APPLICATION_NAME


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (a link, another spelling, a mapped drive).

    A file that is not there (yet) is compared by its full path.
    """
    try:
        return a.samefile(b)
    except OSError:
        return a.absolute() == b.absolute()

"""How Charter Builder starts a copy of itself to do work in another process.

From a virtual environment the child is ``python -m <module>``. A frozen
(packaged) application has no ``python``: ``sys.executable`` is the
application itself, so the child is the same program with ``--child NAME``,
which every entry point recognises before anything else. No Qt here.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

#: The first word on a child's command line.
CHILD_FLAG = "--child"

#: The children we start, by the name on their command line: module and function.
CHILDREN = {
    "render-worker": ("charter_builder.render.worker", "main"),
    # Opens the example in a real window, previews and exports it: checks an installation.
    "window-check": ("charter_builder.gui.self_check", "main"),
    # Starts the window and says when it is ready: `make bench` times the frozen build.
    "start-up-check": ("charter_builder.gui.start_up_check", "main"),
}


def is_frozen() -> bool:
    """True in a packaged application (PyInstaller sets ``sys.frozen``)."""
    return bool(getattr(sys, "frozen", False))


def child_command(name: str) -> tuple[str, list[str]]:
    """The program and arguments that start the child called `name`."""
    module, _function = CHILDREN[name]
    if is_frozen():
        return sys.executable, [CHILD_FLAG, name]
    return sys.executable, ["-m", module]


def source_root() -> Path:
    """The folder holding this copy of the package, for a child's PYTHONPATH in a venv."""
    return Path(__file__).resolve().parent.parent


def run_child_if_asked(argv: Sequence[str]) -> int | None:
    """Run the child `argv` asks for and return its exit code; None if it asks for none."""
    if len(argv) < 2 or argv[0] != CHILD_FLAG:
        return None
    target = CHILDREN.get(argv[1])
    if target is None:
        print(f"Charter Builder has no part called {argv[1]!r}.", file=sys.stderr)
        return 2
    module, function = target
    return int(getattr(importlib.import_module(module), function)() or 0)

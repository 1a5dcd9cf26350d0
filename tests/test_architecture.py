"""The shape of the code: imports go one way, and modules stay small enough to read.

Read from the source (every import, at the top or inside a function), so a
shortcut that would only show at run time on some path is caught here.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "charter_builder"
#: Import cycles still to untangle, each named once: the menus are set up by reaching
#: into the window, until the window's work moves into flows (issue 14).
STILL_TO_UNTANGLE = {frozenset({"charter_builder.gui.main_window", "charter_builder.gui.menus"})}
#: The command line starts the window when given no command: the one way in, at run time.
LAUNCHES = {"charter_builder.cli": {"charter_builder.gui.app"}}
#: Modules already over the length limit, which may shrink but not grow in number.
LONGEST_LINES = 500
STILL_TOO_LONG = {
    "charter_builder.draft_file",
    "charter_builder.gui.main_window",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module (ours or not) that `path` imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            submodules = {f"{base}.{a.name}" for a in node.names} & known
            found.update(submodules)
            if len(submodules) < len(node.names):  # names from the module itself
                found.add(base)
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(name, path, set(mods)) for name, path in mods.items()}


def cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """Groups of our modules that reach each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges[node] & edges.keys():
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for node in edges:
        if node not in index:
            visit(node)
    return found


def test_the_core_never_imports_qt_or_the_window() -> None:
    offenders = {
        name: sorted(
            i
            for i in imported - LAUNCHES.get(name, set())
            if i.startswith(("PySide6", "charter_builder.gui"))
        )
        for name, imported in graph().items()
        if not name.startswith("charter_builder.gui")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_rendering_never_imports_the_window() -> None:
    for name, imported in graph().items():
        if name.startswith("charter_builder.render"):
            assert not [i for i in imported if i.startswith("charter_builder.gui")], name


def test_no_new_import_cycles() -> None:
    assert set(cycles(graph())) <= STILL_TO_UNTANGLE


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [frozenset({"a", "b", "c"})]


def test_no_module_grows_past_the_length_limit() -> None:
    long = {
        name
        for name, path in modules().items()
        if len(path.read_text(encoding="utf-8").splitlines()) > LONGEST_LINES
    }
    assert long <= STILL_TOO_LONG, sorted(long - STILL_TOO_LONG)

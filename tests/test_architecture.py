"""The shape of the code: imports go one way, and modules stay small enough to read.

Read from the source (every import, at the top or inside a function), so a
shortcut that would only show at run time on some path is caught here.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "charter_builder"
#: Import cycles still to untangle, each named once (none left: the menus are built from
#: the flows, not by reaching into the window).
STILL_TO_UNTANGLE: set[frozenset[str]] = set()
#: The command line starts the window when given no command: the one way in, at run time.
LAUNCHES = {"charter_builder.cli": {"charter_builder.gui.app"}}
#: Modules already over the length limit, which may shrink but not grow in number.
LONGEST_LINES = 500
STILL_TOO_LONG: set[str] = set()


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


#: The core's packages in the order they build on each other: a module may import from
#: its own layer and the layers above it, never below. Shared helpers sit at the top.
LAYERS = (
    ("shared helpers", ("errors", "paths", "when", "words", "terminal", "logging_setup",
                        "child_process", "notices", "storage")),
    ("the charter", ("charter",)),
    ("draft files", ("drafts",)),
    ("signatures", ("signatures",)),
    ("rendering", ("render",)),
    ("the open draft", ("session",)),
    ("the command line", ("cli", "cli_coediting", "cli_sign_off")),
    ("the window", ("gui",)),
)


def layer_of(name: str) -> int | None:
    """Which layer a module of ours belongs to (the package's own __init__ belongs to none)."""
    parts = name.split(".")
    if len(parts) < 2:
        return None
    for number, (_, members) in enumerate(LAYERS):
        if parts[1] in members:
            return number
    raise AssertionError(f"{name} is in no layer: add it to LAYERS")


def test_imports_go_one_way_through_the_layers() -> None:
    upward = sorted(
        f"{name} ({LAYERS[layer_of(name)][0]}) imports {other} ({LAYERS[layer_of(other)][0]})"
        for name, imported in graph().items()
        if layer_of(name) is not None
        for other in imported - LAUNCHES.get(name, set())
        if other.startswith("charter_builder.") and layer_of(other) is not None
        and layer_of(other) > layer_of(name)
    )
    assert upward == []


def test_the_root_holds_only_the_command_line_and_shared_helpers() -> None:
    """New work goes in a package named for what it is, so the layout keeps telling the truth."""
    root = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    allowed = set(LAYERS[0][1]) | set(LAYERS[-2][1])
    assert root <= allowed, sorted(root - allowed)


def test_the_main_window_only_builds_and_listens() -> None:
    """Its file, lock, merge, recovery and export work lives in gui.flows (issue 14)."""
    window = modules()["charter_builder.gui.main_window"]
    assert len(window.read_text(encoding="utf-8").splitlines()) < 350

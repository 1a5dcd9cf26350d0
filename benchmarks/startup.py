"""Start-up: from launch to the main window shown and idle, against a bare QWizard.

Each run is a fresh interpreter (see startup_child.py), so nothing is cached in
the process; the runs of ours and of the baseline alternate, so a busy moment
on the machine falls on both. One untimed run of each warms the disk cache.
"""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks.figures import Figure, Target
from benchmarks.isolation import ROOT, child_env, time_until_line

CHILD = str(Path(__file__).with_name("startup_child.py"))
BASELINE = "a bare PySide6 script showing an empty QWizard, timed the same way"
#: The packaged window program `make package` builds; timed too when it is there.
FROZEN = Path(
    os.environ.get("CHARTER_BUILDER_FROZEN", ROOT / "dist" / "charter-builder")
) / "Charter Builder"


def run(scratch: Path, runs: int) -> tuple[list[Figure], dict[str, list[float]]]:
    """The start-up figures (the packaged build's too, if built), and peak memory samples
    (MB) for the memory group."""
    env = child_env(scratch)
    ours: list[float] = []
    bare: list[float] = []
    peaks: dict[str, list[float]] = {"app": [], "bare": []}
    frozen: list[float] = []
    frozen_bare: list[float] = []
    starts = {
        "bare": lambda: time_until_line([CHILD, "bare"], env),
        "app": lambda: time_until_line([CHILD, "app"], env),
    }
    if FROZEN.exists():
        starts["frozen"] = lambda: time_until_line(
            ["--child", "start-up-check"], env, program=str(FROZEN)
        )
    for start in starts.values():  # warm the disk cache; not timed
        start()
    for _ in range(runs):
        for kind, start in starts.items():
            elapsed, line = start()
            {"bare": bare, "app": ours, "frozen": frozen}[kind].append(elapsed)
            if kind == "frozen":
                frozen_bare.append(bare[-1])  # paired with this round's baseline
            else:
                peaks[kind].append(int(line.split()[1]) / 1024)
    figures = [_figure("Start-up", "launch to main window shown and idle", ours, bare)]
    if frozen:
        figures.append(
            _figure(
                "Start-up, packaged",
                "the frozen build (make package): launch to window shown and idle",
                frozen,
                frozen_bare,
            )
        )
    return figures, peaks


def _figure(name: str, what: str, ours: list[float], bare: list[float]) -> Figure:
    return Figure(
        name,
        what,
        "s",
        ours,
        bare,
        BASELINE,
        Target(2.0, "ratio"),
        "ratio: median of each pair's (runs alternate)",
        paired=True,
    )

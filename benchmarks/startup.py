"""Start-up: from launch to the main window shown and idle, against a bare QWizard.

Each run is a fresh interpreter (see startup_child.py), so nothing is cached in
the process; the runs of ours and of the baseline alternate, so a busy moment
on the machine falls on both. One untimed run of each warms the disk cache.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.figures import Figure, Target
from benchmarks.isolation import child_env, time_until_line

CHILD = str(Path(__file__).with_name("startup_child.py"))
BASELINE = "a bare PySide6 script showing an empty QWizard, timed the same way"


def run(scratch: Path, runs: int) -> tuple[list[Figure], dict[str, list[float]]]:
    """The start-up figure, and peak memory samples (MB) for the memory group."""
    env = child_env(scratch)
    ours: list[float] = []
    bare: list[float] = []
    peaks: dict[str, list[float]] = {"app": [], "bare": []}
    for _ in range(1):  # warm the disk cache; not timed
        time_until_line([CHILD, "bare"], env)
        time_until_line([CHILD, "app"], env)
    for _ in range(runs):
        for kind, samples in (("bare", bare), ("app", ours)):
            elapsed, line = time_until_line([CHILD, kind], env)
            samples.append(elapsed)
            peaks[kind].append(int(line.split()[1]) / 1024)
    figure = Figure(
        "Start-up",
        "launch to main window shown and idle",
        "s",
        ours,
        bare,
        BASELINE,
        Target(2.0, "ratio"),
        "ratio: median of each pair's (runs alternate)",
        paired=True,
    )
    return [figure], peaks

"""Sessions of the real window exporting the large charter, for responsiveness and memory.

Each session is a fresh interpreter running window_child.py; see that module
for what it does. Each session is one run of every figure here.

What each session measures is described in window_child.py; the figures are
made in responsiveness.py and memory.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.isolation import run_child

P99_LIMIT_MS = 50.0
WINDOW_LIMIT_MB = 250.0
WORKER_LIMIT_MB = 300.0
IDLE = "the same window idle for 2 s just before the export (timer jitter)"
BARE_WINDOW = "a bare PySide6 script showing an empty QWizard (start-up runs)"
BARE_WORKER = "a bare Python importing WeasyPrint and making a one-line PDF"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def session(scratch: Path, draft: Path, number: int) -> dict:
    folder = scratch / f"session-{number}"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / draft.name  # each session takes its own lock on its own copy
    shutil.copyfile(draft, copy)
    result = folder / "result.json"
    return run_child(
        "benchmarks.window_child", [str(copy), str(folder / "out.pdf"), str(result)], scratch,
        result, "window", 600,
    )


def sessions(scratch: Path, draft: Path, count: int) -> list[dict]:
    """`count` window sessions, one after another; each is one run of every figure."""
    return [session(scratch, draft, number) for number in range(count)]

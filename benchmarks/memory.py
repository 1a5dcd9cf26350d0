"""Memory: peak resident memory (VmHWM) of the window and of the render worker.

From the window sessions (window.py, window_child.py), read from /proc once
the export is written: the window process has opened the large charter, shown
its preview and exported it; the worker has laid out and written it twice
(preview and export). Baselines: the bare QWizard process of the start-up
benchmark, and a bare Python that imports WeasyPrint and makes a one-line PDF
(the worker's fixed cost).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.figures import Figure, Target
from benchmarks.isolation import child_env
from benchmarks.window import BARE_WINDOW, BARE_WORKER, WINDOW_LIMIT_MB, WORKER_LIMIT_MB

_BARE_WORKER_CODE = (
    "import weasyprint\n"
    "weasyprint.HTML(string='<p>Charter</p>').write_pdf()\n"
    "for line in open('/proc/self/status'):\n"
    "    if line.startswith('VmHWM:'): print(int(line.split()[1]) / 1024)\n"
)


def bare_worker_peak(scratch: Path) -> float:
    completed = subprocess.run(
        [sys.executable, "-c", _BARE_WORKER_CODE],
        env=child_env(scratch),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return float(completed.stdout.split()[-1])


def figures(scratch: Path, reports: list[dict], bare_window_mb: list[float]) -> list[Figure]:
    bare_workers = [bare_worker_peak(scratch) for _ in reports]
    return [
        Figure(
            "Memory",
            "window: peak RSS, large charter opened, previewed, exported",
            "MB",
            [r["window_peak_mb"] for r in reports],
            bare_window_mb,
            BARE_WINDOW,
            Target(WINDOW_LIMIT_MB),
        ),
        Figure(
            "Memory",
            "render worker: peak RSS, large charter",
            "MB",
            [r["worker_peak_mb"] for r in reports if r["worker_peak_mb"]],
            bare_workers,
            BARE_WORKER,
            Target(WORKER_LIMIT_MB),
        ),
    ]

"""Sessions of the real window exporting the large charter, for responsiveness and memory.

Each session is a fresh interpreter running window_child.py; see that module
for what it does. Each session is one run of every figure here.

What each session measures is described in window_child.py; the figures are
made in responsiveness.py and memory.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.isolation import ROOT, child_env

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
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.window_child",
            str(copy),
            str(folder / "out.pdf"),
            str(result),
        ],
        env=child_env(scratch),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=600,
    )
    if completed.returncode != 0 or not result.exists():
        tail = "\n".join(completed.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"the window session failed:\n{tail}")
    return json.loads(result.read_text())


def sessions(scratch: Path, draft: Path, count: int) -> list[dict]:
    """`count` window sessions, one after another; each is one run of every figure."""
    return [session(scratch, draft, number) for number in range(count)]

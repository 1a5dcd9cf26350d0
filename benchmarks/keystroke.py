"""Keystroke: what one key typed in the Vision box costs with every step built.

Each session is a fresh interpreter running keystroke_child.py (see there for
what it does) with its own settings (isolation.py). The figure is the median
keystroke of all sessions' keys, with its spread; the baseline is the same key
in a plain QPlainTextEdit with nothing connected, typed right after each of
ours, so the ratio is the median of each pair's ratio.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.figures import Figure, Target
from benchmarks.isolation import run_child
from benchmarks.window import percentile

#: A key should feel instant: well under one frame at 60 Hz (16 ms).
KEYSTROKE_LIMIT_US = 16_000.0
PLAIN = "the same key in a plain QPlainTextEdit, nothing connected (same process)"


def session(scratch: Path, draft: Path, keys: int) -> dict:
    folder = scratch / "keystroke"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / draft.name  # its own lock on its own copy
    shutil.copyfile(draft, copy)
    result = folder / "result.json"
    return run_child(
        "benchmarks.keystroke_child", [str(copy), str(result), str(keys)], scratch, result,
        "keystroke", 900,
    )


def figures(report: dict) -> list[Figure]:
    # In microseconds: after the routing of issue 14 a key takes a fraction of a millisecond.
    ours = [ms * 1000 for ms in report["keystroke_ms"]]
    base = [ms * 1000 for ms in report["baseline_ms"]]
    where = (
        f"Vision box, {report['partners']} partners, {report['steps_built']} steps built; "
        f"{len(ours)} keys"
    )
    return [
        Figure(
            "Keystroke",
            "one key in the Vision box, every step built",
            "µs",
            ours,
            base,
            PLAIN,
            Target(KEYSTROKE_LIMIT_US),
            where,
            paired=True,
        ),
        Figure(
            "Keystroke",
            "one key in the Vision box: 95th percentile",
            "µs",
            [percentile(ours, 0.95)],
            [percentile(base, 0.95)],
            PLAIN,
            None,
            "reported, no target",
        ),
    ]

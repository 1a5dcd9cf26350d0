"""Spelling: one key in a 5,000-word Vision box with the check on, against the same box without.

Runs spelling_child.py in a fresh interpreter with its own settings (isolation.py).
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.figures import Figure, Target
from benchmarks.isolation import run_child
from benchmarks.keystroke import KEYSTROKE_LIMIT_US

PLAIN = "the same key in the same kind of box, spelling check off (same process)"


def session(scratch: Path, keys: int) -> dict:
    scratch.mkdir(parents=True, exist_ok=True)
    result = scratch / "spelling.json"
    return run_child(
        "benchmarks.spelling_child", [str(result), str(keys)], scratch, result, "spelling", 600
    )


def figures(report: dict) -> list[Figure]:
    ours = [ms * 1000 for ms in report["keystroke_ms"]]
    base = [ms * 1000 for ms in report["baseline_ms"]]
    where = f"{report['words']} words in one paragraph (the worst case); {len(ours)} keys"
    return [
        Figure(
            "Spelling",
            "one key in a 5,000-word Vision box, spelling on",
            "µs",
            ours,
            base,
            PLAIN,
            Target(KEYSTROKE_LIMIT_US),
            where,
            paired=True,
        ),
        Figure(
            "Spelling",
            "loading the en-GB dictionary (once, on the first prose box)",
            "ms",
            [report["dictionary_load_ms"]],
            note="reported, no target",
        ),
    ]

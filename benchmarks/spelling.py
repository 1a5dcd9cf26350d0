"""Spelling: one key in a 5,000-word Vision box with the check on, against the same box without.

Runs spelling_child.py in a fresh interpreter with its own settings (isolation.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.figures import Figure, Target
from benchmarks.isolation import ROOT, child_env
from benchmarks.keystroke import KEYSTROKE_LIMIT_US

PLAIN = "the same key in the same kind of box, spelling check off (same process)"


def session(scratch: Path, keys: int) -> dict:
    scratch.mkdir(parents=True, exist_ok=True)
    result = scratch / "spelling.json"
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.spelling_child", str(result), str(keys)],
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
        raise RuntimeError(f"the spelling session failed:\n{tail}")
    return json.loads(result.read_text())


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

"""Responsiveness: the longest the window stops answering while the large charter exports.

From the window sessions (window.py, window_child.py): the gaps between ticks
of a 2 ms timer from File > Export PDF… until the PDF is written, 99th
percentile and maximum. The baseline is the same window idle for two seconds
just before the export: the timer's own jitter on this machine at that moment.
"""

from __future__ import annotations

from benchmarks.figures import Figure, Target
from benchmarks.window import IDLE, P99_LIMIT_MS, percentile


def figures(reports: list[dict]) -> list[Figure]:
    pages = reports[0]["pages"]
    export_note = f"{pages} pages; preview made first, as on opening"
    return [
        Figure(
            "Responsiveness",
            "largest gaps during export: 99th percentile",
            "ms",
            [percentile(r["export_gaps_ms"], 0.99) for r in reports],
            [percentile(r["idle_gaps_ms"], 0.99) for r in reports],
            IDLE,
            Target(P99_LIMIT_MS),
            paired=True,
        ),
        Figure(
            "Responsiveness",
            "largest gaps during export: maximum",
            "ms",
            [max(r["export_gaps_ms"]) for r in reports],
            [max(r["idle_gaps_ms"]) for r in reports],
            IDLE,
            None,
            "reported, no target",
            paired=True,
        ),
        Figure(
            "Responsiveness",
            "export from the window, wall time",
            "s",
            [r["export_s"] for r in reports],
            note=f"File > Export PDF… to the PDF written; {export_note}; no target",
        ),
        Figure(
            "Responsiveness",
            "opening the large charter in the window, wall time",
            "s",
            [r["open_s"] for r in reports],
            note="MainWindow.open: read, lock, refresh the steps built so far; the window is busy "
            "throughout; no target",
        ),
    ]

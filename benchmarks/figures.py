"""Figures, their targets, the printed table and results.json.

Every figure is the median of several runs, shown with its spread (fastest to
slowest), beside a baseline measured in the same run, so a busy machine slows
both and the ratio stays meaningful.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Target:
    """``limit`` on the figure's median (``on="value"``) or on its ratio to the baseline."""

    limit: float
    on: str = "value"
    text: str = ""

    def met(self, figure: Figure) -> bool | None:
        judged = figure.ratio if self.on == "ratio" else figure.median
        if judged is None:
            return None
        return judged <= self.limit

    def describe(self, unit: str) -> str:
        if self.text:
            return self.text
        if self.on == "ratio":
            return f"≤ {self.limit:g}×"
        return f"≤ {format_value(self.limit, unit)}"


@dataclass
class Figure:
    group: str
    name: str
    unit: str
    samples: list[float]
    baseline: list[float] = field(default_factory=list)
    baseline_name: str = ""
    target: Target | None = None
    note: str = ""
    #: Samples and baseline were taken in pairs, one right after the other: the ratio is
    #: the median of each pair's ratio, which cancels the machine's slower and faster spells.
    paired: bool = False

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        if self.paired and self.samples and len(self.samples) == len(self.baseline):
            pairs = zip(self.samples, self.baseline, strict=True)
            return statistics.median(a / b for a, b in pairs if b)
        mine, base = self.median, self.baseline_median
        if mine is None or not base:
            return None
        return mine / base

    @property
    def met(self) -> bool | None:
        return self.target.met(self) if self.target else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "figure": self.name,
            "unit": self.unit,
            "median": self.median,
            "min": min(self.samples) if self.samples else None,
            "max": max(self.samples) if self.samples else None,
            "runs": len(self.samples),
            "samples": self.samples,
            "baseline": self.baseline_name or None,
            "baseline_median": self.baseline_median,
            "baseline_samples": self.baseline,
            "ratio": self.ratio,
            "ratio_of": "median of paired runs" if self.paired else "medians",
            "target": self.target.describe(self.unit) if self.target else None,
            "target_limit": self.target.limit if self.target else None,
            "target_on": self.target.on if self.target else None,
            "met": self.met,
            "note": self.note or None,
        }


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "µs":
        return f"{value:.0f} µs" if value < 10_000 else f"{value / 1000:.0f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "pages/s":
        return f"{value:.1f} p/s"
    if unit == "s/page":
        return f"{value * 1000:.0f} ms/p"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:.3g} {unit}".strip()


def spread(figure: Figure) -> str:
    if len(figure.samples) < 2:
        return "(1 run)"
    low, high = min(figure.samples), max(figure.samples)
    return f"{format_value(low, figure.unit)}–{format_value(high, figure.unit)}"


def table(figures: list[Figure]) -> str:
    """The figures as an aligned plain-text table, grouped as the issue lists them."""
    header = ("figure", "median", "spread (min–max)", "baseline", "ratio", "target", "met?")
    rows: list[tuple[str, ...]] = []
    group = None
    for figure in figures:
        if figure.group != group:
            group = figure.group
            rows.append((f"[{group}]", "", "", "", "", "", ""))
        met = {True: "yes", False: "NO", None: ""}[figure.met]
        rows.append(
            (
                f"  {figure.name}",
                format_value(figure.median, figure.unit),
                spread(figure),
                format_value(figure.baseline_median, figure.unit) if figure.baseline else "",
                f"{figure.ratio:.2f}×" if figure.ratio is not None else "",
                figure.target.describe(figure.unit) if figure.target else "",
                met,
            )
        )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        return " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def baselines_text(figures: list[Figure]) -> str:
    """What each baseline was, once per distinct baseline."""
    seen: dict[str, None] = {}
    for figure in figures:
        if figure.baseline_name:
            seen.setdefault(f"  {figure.name}: {figure.baseline_name}", None)
    return "Baselines:\n" + "\n".join(seen)


def notes_text(figures: list[Figure]) -> str:
    lines = [f"  {figure.name}: {figure.note}" for figure in figures if figure.note]
    return "Notes:\n" + "\n".join(lines) if lines else ""


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "load_average_at_start": list(load) if load else None,
        "python": platform.python_version(),
        "pyside6": _version("PySide6"),
        "weasyprint": _version("weasyprint"),
        "pydyf": _version("pydyf"),
        "pillow": _version("pillow"),
        "qt_qpa_platform": os.environ.get("QT_QPA_PLATFORM"),
    }


def write_results(path: Path, figures: list[Figure], info: dict[str, Any]) -> None:
    document = {"machine": info, "figures": [figure.as_dict() for figure in figures]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def proc_peak_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory (VmHWM) of a live process, in MB; None if it cannot be read."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None

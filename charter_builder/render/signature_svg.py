"""A drawn signature as SVG, built from its numbers alone.

Drawn strokes arrive in draft files from other organisations, so nothing in
them is trusted: each coordinate must be a finite number, is clamped to the
signing pad's 1000 × 400 box and printed with a fixed format. No text from the
charter (not even the signatory's name) ever goes into the SVG; the name is
only in the ``alt`` text, which the template escapes.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterable, Sequence

#: The signing pad's shape, in the model's units (see model.Stroke).
WIDTH, HEIGHT = 1000, 400
INK = "#231F20"  # NHS black, as for body text
#: Most points drawn for one signature. A signature drawn by hand has a few hundred;
#: a file may hold millions, which would make the PDF slow to make and to open, so
#: beyond this every few points are left out (the shape, a few centimetres wide, is kept).
MAX_POINTS = 1_000


def _number(value: object, limit: int) -> float | None:
    """A coordinate inside the box, or None for anything that is not a real number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value):
        return None
    return min(max(float(value), 0.0), float(limit))


def _points(stroke: Sequence[object]) -> list[tuple[float, float]]:
    pairs = []
    for index in range(0, len(stroke) - 1, 2):
        x, y = _number(stroke[index], WIDTH), _number(stroke[index + 1], HEIGHT)
        if x is not None and y is not None:
            pairs.append((x, y))
    return pairs


def usable_strokes(strokes: Iterable[Sequence[object]]) -> list[list[tuple[float, float]]]:
    """Strokes with at least one point; a single point is drawn as a dot."""
    return [points for points in (_points(s) for s in strokes) if points]


def _thinned(strokes: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    """At most about :data:`MAX_POINTS` points in all, each stroke keeping its ends."""
    total = sum(len(points) for points in strokes)
    if total <= MAX_POINTS:
        return strokes
    step = math.ceil(total / MAX_POINTS)
    kept = []
    for points in strokes:
        few = points[::step]
        if few[-1] != points[-1]:
            few.append(points[-1])
        kept.append(few)
    return kept


def svg(strokes: Iterable[Sequence[object]]) -> str:
    """The SVG document for ``strokes``: only fixed markup and formatted numbers."""
    lines = []
    for points in _thinned(usable_strokes(strokes)):
        if len(points) == 1:  # a dot: a zero-length line with round caps shows it
            points = points * 2
        coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        lines.append(f'<polyline points="{coordinates}"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">'
        f'<g fill="none" stroke="{INK}" stroke-width="6" stroke-linecap="round" '
        f'stroke-linejoin="round">{"".join(lines)}</g></svg>'
    )


def data_url(strokes: Iterable[Sequence[object]]) -> str:
    """An ``<img src>`` for the drawn signature; the fetcher lets ``data:`` URLs through."""
    encoded = base64.b64encode(svg(strokes).encode("ascii")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"

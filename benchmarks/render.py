"""Render: our whole PDF path against WeasyPrint rendering the very same HTML directly.

Ours is :func:`charter_builder.render.charter_pdf.write_pdf`, the path the
render worker takes: build the HTML (Jinja2, golden-circle SVG, signature
states), fence every URL through :class:`CharterFetcher`, lay out and write the
PDF with WeasyPrint, repair it (``pdf_fixes``), attach ``charter.json``, and
replace the file in one step (temporary file, fsync, rename).

The baseline is ``weasyprint.HTML(string=html, base_url=…, url_fetcher=…)
.write_pdf(target=…, **settings)`` with the HTML our path builds (made before
the clock starts), the same base URL, a fresh fetcher of the same kind, and the
same PDF settings (PDF/UA-1, tags, identifier, the charter.json attachment),
less our finisher. The ratio is therefore our overhead on top of WeasyPrint.

Runs alternate between ours and the baseline in one process, after one untimed
render that loads fonts and templates (as the worker's warm-up does).
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from types import SimpleNamespace

import weasyprint
from weasyprint.urls import path2url

from benchmarks.figures import Figure, Target
from benchmarks.make_charters import charters
from charter_builder import paths
from charter_builder.drafts.draft import Draft
from charter_builder.render import CharterFetcher, RenderOptions, render_html
from charter_builder.render.charter_pdf import write_pdf
from charter_builder.render.pdf import pdf_settings

BASELINE = "WeasyPrint alone: HTML(string=<same HTML>).write_pdf(<same settings>)"
#: The large charter must be made within this many seconds on this machine.
LARGE_LIMIT_S = 5.0
OVERHEAD_LIMIT = 1.15
#: "Roughly constant" time per page: the large charter within this factor of the example's.
PER_PAGE_LIMIT = 1.5
_PAGE = re.compile(rb"/Type\s*/Page\b")


def page_count(pdf: bytes) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf comes with the test extra; a rough count will do without it
        return len(_PAGE.findall(pdf))
    return len(PdfReader(io.BytesIO(pdf)).pages)


def ours(draft: Draft, options: RenderOptions, output: Path) -> None:
    write_pdf(draft, output, options)


def baseline_settings(draft: Draft, options: RenderOptions) -> dict:
    """Our PDF settings (with a fresh attachment), without our finisher."""
    stand_in = SimpleNamespace(metadata=SimpleNamespace(created=None))
    settings = pdf_settings(stand_in, options, draft.charter)  # type: ignore[arg-type]
    settings.pop("finisher")
    return settings


def weasyprint_alone(draft: Draft, html: str, settings: dict, output: Path) -> None:
    weasyprint.HTML(
        string=html,
        base_url=path2url(str(paths.templates_dir()) + "/"),
        url_fetcher=CharterFetcher(draft.media),
    ).write_pdf(target=str(output), **settings)


def _timed(action) -> tuple[float, float]:
    """Wall-clock and CPU seconds; CPU time is what a busy, shared machine does not inflate."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def run(scratch: Path, runs: dict[str, int], budget_s: float = 330.0) -> list[Figure]:
    """Render figures, `runs` per charter; beyond `budget_s`, the rest get two runs each."""
    began = time.perf_counter()
    options = RenderOptions()
    drafts = charters()
    warm = scratch / "warm.pdf"
    ours(drafts["example"], options, warm)  # fonts, templates, WeasyPrint's own caches
    figures: list[Figure] = []
    per_page: dict[str, list[float]] = {}
    for name, draft in drafts.items():
        html = render_html(draft, options)
        mine, base = scratch / f"{name}-ours.pdf", scratch / f"{name}-weasyprint.pdf"
        ours_s: list[float] = []
        base_s: list[float] = []
        ours_cpu: list[float] = []
        base_cpu: list[float] = []
        for number in range(runs[name]):
            if number >= 2 and time.perf_counter() - began > budget_s:
                break
            settings = baseline_settings(draft, options)
            pair = [
                (lambda d=draft, m=mine: ours(d, options, m), ours_s, ours_cpu),
                (
                    lambda d=draft, h=html, s=settings, b=base: weasyprint_alone(d, h, s, b),
                    base_s,
                    base_cpu,
                ),
            ]
            # ABBA order: whichever goes second may find caches warmer.
            for action, walls, cpus in pair if number % 2 == 0 else reversed(pair):
                wall, cpu = _timed(action)
                walls.append(wall)
                cpus.append(cpu)
        pages = page_count(mine.read_bytes())
        base_pages = page_count(base.read_bytes())
        note = (
            f"{len(draft.charter.partners)} partners, {len(draft.charter.commitments)} "
            f"commitments, {len(draft.media)} logos, {pages} pages"
        )
        if pages != base_pages:
            note += f"; WeasyPrint alone made {base_pages}"
        figures.append(
            Figure(
                "Render",
                f"{name}: time",
                "s",
                ours_s,
                base_s,
                BASELINE,
                Target(LARGE_LIMIT_S) if name == "large" else None,
                note,
                paired=True,
            )
        )
        figures.append(
            Figure(
                "Render",
                f"{name}: overhead (CPU time)",
                "s",
                ours_cpu,
                base_cpu,
                BASELINE + ", CPU time",
                Target(OVERHEAD_LIMIT, "ratio"),
                "ratio: median of each pair's (runs alternate, ABBA)",
                paired=True,
            )
        )
        figures.append(
            Figure(
                "Render",
                f"{name}: pages per second",
                "pages/s",
                [pages / s for s in ours_s],
                [base_pages / s for s in base_s],
                BASELINE,
                paired=True,
            )
        )
        per_page[name] = [s / pages for s in ours_cpu]
    for name in ("medium", "large"):
        figures.append(
            Figure(
                "Render",
                f"time per page, {name} vs example (CPU)",
                "s/page",
                per_page[name],
                per_page["example"],
                "CPU time per page of the worked example, same run",
                Target(PER_PAGE_LIMIT, "ratio", f"≤ {PER_PAGE_LIMIT:g}× (roughly constant)"),
            )
        )
    return figures

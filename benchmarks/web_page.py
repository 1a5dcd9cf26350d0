"""Web page: saving the charter as one ``.html`` file against making its PDF, in the same run.

Ours is :func:`charter_builder.render.web_page.write_html`: the PDF's own template
and context (``charter_context(web=True)``), every picture encoded as a ``data:``
address, the screen stylesheet inline, and the file replaced in one step. The
baseline is :func:`charter_builder.render.charter_pdf.write_pdf` on the same
draft, the export a user would otherwise choose. Runs alternate (ABBA) after one
untimed export of each, and the ratio is the median of each pair's ratio.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.figures import Figure, Target
from benchmarks.make_charters import LARGE, generated_draft, worked_example
from charter_builder.render.charter_pdf import write_pdf
from charter_builder.render.web_page import write_html

BASELINE = "write_pdf on the same charter, same run"
#: The web page needs no layout into pages, so it should take a small part of the PDF's time.
RATIO_LIMIT = 0.25


def run(scratch: Path, runs: dict[str, int]) -> list[Figure]:
    """Web page and PDF times for the worked example and the 200-partner charter."""
    drafts = {"example": worked_example(), "large": generated_draft(LARGE)}
    write_html(drafts["example"], scratch / "warm.html")
    write_pdf(drafts["example"], scratch / "warm.pdf")
    figures: list[Figure] = []
    for name, draft in drafts.items():
        page, pdf = scratch / f"{name}.html", scratch / f"{name}.pdf"
        web_s: list[float] = []
        pdf_s: list[float] = []
        pair = [
            (lambda d=draft, p=page: write_html(d, p), web_s),
            (lambda d=draft, p=pdf: write_pdf(d, p), pdf_s),
        ]
        for number in range(runs[name]):
            for action, times in pair if number % 2 == 0 else reversed(pair):
                began = time.perf_counter()
                action()
                times.append(time.perf_counter() - began)
        note = (
            f"{len(draft.charter.partners)} partners; page {page.stat().st_size / 1e6:.2f} MB, "
            f"PDF {pdf.stat().st_size / 1e6:.2f} MB"
        )
        figures.append(
            Figure(
                "Web page",
                f"{name}: time",
                "s",
                web_s,
                pdf_s,
                BASELINE,
                Target(RATIO_LIMIT, "ratio", f"≤ {RATIO_LIMIT:g}× the PDF"),
                note,
                paired=True,
            )
        )
    return figures

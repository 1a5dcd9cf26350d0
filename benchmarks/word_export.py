"""Word export: ``charter_builder.render.word.write_docx`` against two baselines in the same run.

* **Bare python-docx**: a blank ``docx.Document()`` with the same paragraphs our
  export writes (their text, read from our file before the clock starts) added
  with ``add_paragraph`` and saved to a file. The ratio is what our styles,
  tables, pictures, golden circle and safe writing cost over python-docx itself.
* **The PDF**: ``write_pdf`` of the same charter, the export a board would
  otherwise make; the ratio says how the Word file's wait compares.

One untimed export of each kind first (imports, fonts); then runs alternate
(ABBA) and each ratio is the median of each pair's.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import docx
from docx.oxml.ns import qn

from benchmarks.figures import Figure, Target
from benchmarks.make_charters import LARGE, generated_draft, worked_example
from charter_builder.drafts.draft import Draft
from charter_builder.render import RenderOptions
from charter_builder.render.charter_pdf import write_pdf
from charter_builder.render.word import docx_bytes, write_docx

GROUP = "Word export"
BARE = "python-docx alone: the same paragraphs' text, no styles, tables or pictures"
PDF = "our PDF of the same charter (write_pdf), same run"
#: The Word file should never keep a board secretary waiting longer than the PDF does.
PDF_LIMIT = 1.0


def paragraphs_of(draft: Draft) -> list[str]:
    """Every paragraph's text in our export, tables' cells included, in order."""
    body = docx.Document(io.BytesIO(docx_bytes(draft))).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def bare(texts: list[str], output: Path) -> None:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    document.save(str(output))


def _timed(action) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def _pairs(first, second, runs: int) -> tuple[list[float], list[float]]:
    """``runs`` timings of each, alternating ABBA so neither always goes second."""
    a: list[float] = []
    b: list[float] = []
    for number in range(runs):
        order = [(first, a), (second, b)]
        for action, times in order if number % 2 == 0 else reversed(order):
            times.append(_timed(action))
    return a, b


def run(scratch: Path, runs: dict[str, int]) -> list[Figure]:
    """Figures for the worked example and the large charter; ``runs`` per charter and baseline."""
    options = RenderOptions()
    drafts = {"example": worked_example(), "large": generated_draft(LARGE)}
    write_docx(drafts["example"], scratch / "warm.docx", options)
    write_pdf(drafts["example"], scratch / "warm.pdf", options)
    figures: list[Figure] = []
    for name, draft in drafts.items():
        texts = paragraphs_of(draft)
        mine, plain, pdf = (scratch / f"{name}{ext}" for ext in (".docx", "-bare.docx", ".pdf"))

        def ours(d=draft, m=mine) -> None:
            write_docx(d, m, options)

        ours_s, bare_s = _pairs(ours, lambda t=texts, p=plain: bare(t, p), runs[name])
        word_s, pdf_s = _pairs(
            ours, lambda d=draft, p=pdf: write_pdf(d, p, options), max(2, runs[name] // 2)
        )
        size = mine.stat().st_size / 1e6
        note = (
            f"{len(draft.charter.partners)} partners, {len(draft.charter.commitments)} "
            f"commitments, {len(texts)} paragraphs, {size:.1f} MB"
        )
        figures.append(
            Figure(GROUP, f"{name}: against bare python-docx", "s", ours_s, bare_s, BARE,
                   note=note, paired=True)
        )  # fmt: skip
        figures.append(
            Figure(GROUP, f"{name}: against the PDF", "s", word_s, pdf_s, PDF,
                   Target(PDF_LIMIT, "ratio"), "ratio: median of each pair's", paired=True)
        )  # fmt: skip
    return figures

"""``python -m benchmarks`` (``make bench``): run every benchmark, print the table, save JSON.

Options: ``--only start-up,render,window,keystroke,spelling,drafts,web,word`` runs some
groups;
``--quick``
does fewer runs (for trying the benchmarks out, not for figures to quote).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import (
    drafts,
    keystroke,
    memory,
    render,
    responsiveness,
    spelling,
    startup,
    web_page,
    window,
    word_export,
)
from benchmarks.figures import (
    Figure,
    baselines_text,
    machine,
    notes_text,
    table,
    write_results,
)
from benchmarks.make_charters import LARGE, generated_draft
from charter_builder.drafts.draft_file import save_draft

RESULTS = Path(__file__).with_name("results.json")
GROUPS = ("start-up", "render", "window", "keystroke", "spelling", "drafts", "web", "word")


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", default=",".join(GROUPS), help="groups, comma-separated")
    parser.add_argument("--quick", action="store_true", help="fewer runs, for trying it out")
    parser.add_argument(
        "--output", type=Path, default=None,
        help="where to write the JSON (a run of some groups never replaces the full results.json)",
    )
    args = parser.parse_args(argv)
    chosen = [g.strip() for g in args.only.split(",") if g.strip()]
    if args.output is None:
        whole = set(chosen) >= set(GROUPS)
        args.output = RESULTS if whole else RESULTS.with_name(f"results-{'-'.join(chosen)}.json")
    unknown = set(chosen) - set(GROUPS)
    if unknown:
        parser.error(f"unknown groups: {', '.join(sorted(unknown))}; choose from {GROUPS}")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    runs = (
        {"start-up": 2, "render": 1, "window": 1, "keystroke": 40, "spelling": 20, "drafts": 3,
         "web": 1, "word": 2}
        if args.quick
        else {
            "start-up": 7,
            "render": 3,
            "window": 2,
            "keystroke": 200,
            "spelling": 200,
            "drafts": 9,
            "web": 3,
            "word": 6,
        }
    )
    info = machine()
    began = time.perf_counter()
    figures: list[Figure] = []
    bare_window_mb: list[float] = []
    with tempfile.TemporaryDirectory(prefix="charter-bench-") as folder:
        scratch = Path(folder)
        if "start-up" in chosen or "window" in chosen:
            _log(f"Start-up: {runs['start-up']} runs each of ours and the bare QWizard…")
            started, peaks = startup.run(scratch / "start-up", runs["start-up"])
            bare_window_mb = peaks["bare"]
            if "start-up" in chosen:
                figures += started
        if "render" in chosen:
            _log(f"Render: {runs['render']} runs each, ours and WeasyPrint alone, 3 charters…")
            figures += render.run(
                _folder(scratch / "render"),
                {"example": runs["render"] + 4, "medium": runs["render"], "large": runs["render"]},
            )
        if "window" in chosen:
            _log(f"Responsiveness and memory: {runs['window']} window sessions, large charter…")
            large = _folder(scratch / "window") / "large.charter"
            save_draft(generated_draft(LARGE), large)
            reports = window.sessions(scratch / "window", large, runs["window"])
            figures += responsiveness.figures(reports)
            figures += memory.figures(scratch / "window", reports, bare_window_mb)
        if "keystroke" in chosen:
            _log(f"Keystroke: {runs['keystroke']} keys in the Vision box, large charter…")
            large = _folder(scratch / "keystroke") / "large.charter"
            save_draft(generated_draft(LARGE), large)
            typed = keystroke.session(scratch / "keystroke", large, runs["keystroke"])
            figures += keystroke.figures(typed)
        if "spelling" in chosen:
            _log(f"Spelling: {runs['spelling']} keys in a 5,000-word box, check on and off…")
            figures += spelling.figures(spelling.session(scratch / "spelling", runs["spelling"]))
        if "drafts" in chosen:
            _log(f"Drafts: {runs['drafts']} runs each of open, save and merge…")
            figures += drafts.run(_folder(scratch / "drafts"), runs["drafts"])
        if "web" in chosen:
            _log(f"Web page: {runs['web']} runs each of the web page and the PDF, 2 charters…")
            figures += web_page.run(
                _folder(scratch / "web"), {"example": runs["web"] + 4, "large": runs["web"]}
            )
        if "word" in chosen:
            _log(f"Word export: {runs['word']} runs each, ours, bare python-docx and the PDF…")
            figures += word_export.run(
                _folder(scratch / "word"), {"example": runs["word"] + 3, "large": runs["word"]}
            )
    elapsed = time.perf_counter() - began
    info["elapsed_s"] = round(elapsed, 1)
    info["load_average_at_end"] = list(os.getloadavg())
    info["runs"] = runs
    write_results(args.output, figures, info)

    print()
    print(table(figures))
    print()
    print(baselines_text(figures))
    print(notes_text(figures))
    missed = [f for f in figures if f.met is False]
    print()
    print(
        f"{sum(f.met is True for f in figures)} targets met, {len(missed)} missed; "
        f"took {elapsed / 60:.1f} min on {info['cpu_count']} CPUs "
        f"(load average {info['load_average_at_start'][0]:.1f} at start, "
        f"{info['load_average_at_end'][0]:.1f} at end). Saved {args.output}."
    )
    return 0


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Why is it slow? Profile one benchmarked action with pyinstrument (the ``bench`` extra).

    .venv/bin/pip install -e '.[bench]'
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.profiling render-large
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.profiling start-up

Actions: ``start-up`` (imports, configure_application, MainWindow, shown),
``render-example``, ``render-medium``, ``render-large`` (our whole PDF path),
``open``, ``save``, ``merge`` (the large charter with 50 revisions). The
profile is printed as text; ``--html FILE`` also saves pyinstrument's page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ACTIONS = (
    "start-up", "render-example", "render-medium", "render-large", "open", "save", "merge",
)  # fmt: skip


def _start_up() -> Callable[[], None]:
    def action() -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])
        from charter_builder.gui.app import configure_application

        configure_application(app)
        from charter_builder.gui.main_window import MainWindow

        window = MainWindow()
        window.show()
        app.processEvents()

    return action


def _render(name: str, folder: Path) -> Callable[[], None]:
    from benchmarks.make_charters import charters
    from charter_builder.render import RenderOptions
    from charter_builder.render.charter_pdf import write_pdf

    drafts = charters()
    write_pdf(drafts["example"], folder / "warm.pdf", RenderOptions())
    return lambda: write_pdf(drafts[name], folder / f"{name}.pdf", RenderOptions())


def _drafts(name: str, folder: Path) -> Callable[[], None]:
    from benchmarks.drafts import REVISIONS, copy_with_edits, save_like_the_window
    from benchmarks.make_charters import LARGE, Prose, edited, generated_draft, with_history
    from charter_builder.drafts.draft_file import load_draft, save_draft
    from charter_builder.drafts.draft_merge import merge_drafts

    path = folder / "large-history.charter"
    save_draft(with_history(generated_draft(LARGE), REVISIONS), path)
    if name == "open":
        return lambda: [load_draft(path) for _ in range(20)] and None
    if name == "save":
        prose = Prose(3)

        def save() -> None:
            for number in range(20):
                draft = load_draft(path)
                changed = edited(draft.charter, prose, number)
                save_like_the_window(draft, changed, folder / "saved.charter")

        return save
    mine, theirs = copy_with_edits(path, 1), copy_with_edits(path, 2)
    return lambda: [merge_drafts(mine, theirs) for _ in range(20)] and None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profiling")
    parser.add_argument("action", choices=ACTIONS)
    parser.add_argument("--html", type=Path, help="also save pyinstrument's HTML page here")
    args = parser.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument is needed: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="charter-profile-") as folder:
        if args.action == "start-up":
            action = _start_up()
        elif args.action.startswith("render-"):
            action = _render(args.action.removeprefix("render-"), Path(folder))
        else:
            action = _drafts(args.action, Path(folder))
        profiler = Profiler(interval=0.001)
        profiler.start()
        action()
        profiler.stop()
    print(profiler.output_text(unicode=True, color=sys.stdout.isatty()))
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

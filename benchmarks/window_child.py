"""One window session, in a fresh interpreter: open a draft and export it as a user would.

``python -m benchmarks.window_child DRAFT.charter OUT.pdf RESULT.json``

Starts Charter Builder's real window (configure_application, MainWindow),
opens the draft with File > Open's own method (which lands on the review step
and makes its preview), waits for the preview, then measures:

* idle: gaps between ticks of a 2 ms timer for two seconds with nothing to do,
  the baseline for the timer's own jitter on this machine;
* export: the same gaps from asking for the export (``MainWindow.export``, the
  File > Export PDF… action, its two dialogs answered in code) until the
  render service reports the PDF written;
* the peak resident memory (VmHWM) of this process and of the render worker.

Writes the figures as JSON to RESULT.json.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.figures import proc_peak_mb

TICK_MS = 2
IDLE_S = 2.0
#: Give up on a stage after this long, rather than hang the benchmarks.
STAGE_TIMEOUT_S = 240.0


class Ticks:
    """Records when a fast precise timer fires; gaps show how long the event loop was busy."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(lambda: self.times.append(time.perf_counter()))

    def start(self) -> None:
        self.times = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> list[float]:
        """Gaps in milliseconds, the last one up to now."""
        self.timer.stop()
        self.times.append(time.perf_counter())
        return [(b - a) * 1000 for a, b in zip(self.times, self.times[1:], strict=False)]


def wait_until(done, timeout: float = STAGE_TIMEOUT_S) -> None:
    """Run a real event loop (not processEvents) until `done()`.

    A QEventLoop rather than app.exec(): quitting the application would stop the worker.
    """
    deadline = time.perf_counter() + timeout
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(10)
    check.timeout.connect(lambda: loop.quit() if done() or time.perf_counter() > deadline else None)
    check.start()
    loop.exec()
    check.stop()
    if not done():
        raise TimeoutError("the window did not get there in time")


def main(draft: Path, output: Path, result: Path) -> int:
    app = QApplication(sys.argv[:1])
    from charter_builder.gui.app import configure_application, ensure_identity
    from charter_builder.gui.export_options import ExportChoice
    from charter_builder.gui.main_window import MainWindow
    from charter_builder.render.options import RenderOptions

    configure_application(app)
    window = MainWindow()
    window.show()
    if not ensure_identity(window):
        raise RuntimeError("the identity prompt would have blocked")
    window.prompts.ask_export_options = lambda: ExportChoice(RenderOptions())
    window.prompts.ask_save_path = lambda *_args: output
    window.prompts.show_error = lambda title, message: print(title, message, file=sys.stderr)
    service, review = window.render_service, window.review

    opened = time.perf_counter()
    if not window.open(draft):
        raise RuntimeError(f"could not open {draft}")
    open_s = time.perf_counter() - opened
    # The review step asks for a preview; let it finish and show, as a user would.
    wait_until(lambda: review._previews_made >= 1)
    wait_until(lambda: review.preview_job is None and not service.is_busy())
    preview_s = time.perf_counter() - opened
    settle = time.perf_counter() + 0.5
    wait_until(lambda: time.perf_counter() > settle)

    ticks = Ticks()
    ticks.start()
    end_idle = time.perf_counter() + IDLE_S
    wait_until(lambda: time.perf_counter() > end_idle)
    idle_gaps = ticks.stop()

    outcome: dict[str, object] = {}

    def finished(_job: int, path: str, pages: int) -> None:
        if Path(path) == output:
            outcome.update(done=time.perf_counter(), pages=pages)

    def failed(_job: int, message: str) -> None:
        outcome.update(done=time.perf_counter(), error=message)

    service.finished.connect(finished)
    service.failed.connect(failed)
    ticks.start()
    started = time.perf_counter()
    window.export()
    wait_until(lambda: "done" in outcome)
    export_gaps = ticks.stop()
    if "error" in outcome:
        raise RuntimeError(f"export failed: {outcome['error']}")
    worker = service._process.processId() if service._process is not None else 0
    report = {
        "open_s": open_s,
        "preview_s": preview_s,
        "export_s": float(outcome["done"]) - started,  # type: ignore[arg-type]
        "pages": outcome["pages"],
        "idle_gaps_ms": idle_gaps,
        "export_gaps_ms": export_gaps,
        "window_peak_mb": proc_peak_mb(),
        "worker_peak_mb": proc_peak_mb(worker) if worker else None,
    }
    result.write_text(json.dumps(report))
    window.document.release_lock()
    service.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))

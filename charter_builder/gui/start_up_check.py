"""Time the window's start the same way in every build: ``--child start-up-check``.

Prints ``ready <peak kB>`` once the main window is shown and its event loop is
idle, then quits. `make bench` times from launch to that line: from a virtual
environment (benchmarks/startup_child.py) and from the frozen build, whose only
way in is its own command line. The baseline, a bare QWizard, uses the same
watcher, so both are timed alike; nothing here imports the rest of Charter Builder.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def peak_kb() -> str:
    """The process's peak resident memory (Linux's VmHWM), or 0 where there is none."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return line.split()[1]
    except OSError:
        pass
    return "0"


def report_when_idle(app: QApplication, shown: Callable[[], bool]) -> None:
    """Once `shown()` is true and pending events are handled, say so and quit."""

    def check() -> None:
        if not shown():
            QTimer.singleShot(0, check)
            return
        app.processEvents()
        sys.stdout.write(f"ready {peak_kb()}\n")
        sys.stdout.flush()
        app.quit()

    QTimer.singleShot(0, check)


def main() -> int:
    """Start Charter Builder as its command does with no draft, and report when ready."""
    # The QApplication run_app would make: made here so the watcher is set first.
    app = QApplication.instance() or QApplication(sys.argv[:1])

    def shown() -> bool:
        return any(
            w.isVisible() and type(w).__name__ == "MainWindow" for w in app.topLevelWidgets()
        )

    report_when_idle(app, shown)  # type: ignore[arg-type]
    from charter_builder.cli import main as command_line

    return command_line([])

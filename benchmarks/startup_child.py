"""One start-up, in a fresh interpreter: ``python startup_child.py app|bare``.

Prints ``ready <VmHWM kB>`` on stdout once the window is shown and the event
loop is idle, then quits. The parent times from spawning this process to that
line, so interpreter start-up, imports and building the window all count.

``app`` starts Charter Builder exactly as the ``charter-builder`` command does
with no draft (``charter_builder.cli.main([])``: configure_application, the
MainWindow with nothing open, the first-start identity check). ``bare`` is the
baseline: the least a PySide6 program can do to show an empty QWizard.

Run as a file, not as ``-m benchmarks.…``, so the baseline imports nothing of ours.
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def _peak_kb() -> str:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return line.split()[1]
    return "0"


def _when_idle(app: QApplication, shown) -> None:
    """Once `shown()` is true and pending events are handled, say so and quit."""

    def check() -> None:
        if not shown():
            QTimer.singleShot(0, check)
            return
        app.processEvents()
        sys.stdout.write(f"ready {_peak_kb()}\n")
        sys.stdout.flush()
        app.quit()

    QTimer.singleShot(0, check)


def bare() -> int:
    app = QApplication(sys.argv[:1])
    from PySide6.QtWidgets import QWizard

    wizard = QWizard()
    wizard.show()
    _when_idle(app, wizard.isVisible)
    return app.exec()


def charter_builder() -> int:
    # As the console script: QApplication(sys.argv[:1]) is what run_app would create.
    app = QApplication(sys.argv[:1])

    def shown() -> bool:
        return any(
            w.isVisible() and type(w).__name__ == "MainWindow" for w in app.topLevelWidgets()
        )

    _when_idle(app, shown)
    from charter_builder.cli import main

    return main([])


if __name__ == "__main__":
    sys.exit(bare() if sys.argv[1:] == ["bare"] else charter_builder())

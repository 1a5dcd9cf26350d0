"""One start-up, in a fresh interpreter: ``python startup_child.py app|bare``.

Prints ``ready <VmHWM kB>`` on stdout once the window is shown and the event
loop is idle, then quits. The parent times from spawning this process to that
line, so interpreter start-up, imports and building the window all count.

``app`` starts Charter Builder exactly as the ``charter-builder`` command does
with no draft (charter_builder/gui/start_up_check.py, which the frozen build
runs as ``--child start-up-check``). ``bare`` is the baseline: the least a
PySide6 program can do to show an empty QWizard, watched the same way (the
watcher module imports nothing else of ours).

Run as a file, not as ``-m benchmarks.…``.
"""

import sys


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QWizard

    from charter_builder.gui.start_up_check import report_when_idle

    app = QApplication(sys.argv[:1])
    wizard = QWizard()
    wizard.show()
    report_when_idle(app, wizard.isVisible)
    return app.exec()


def charter_builder() -> int:
    from charter_builder.gui.start_up_check import main

    return main()


if __name__ == "__main__":
    sys.exit(bare() if sys.argv[1:] == ["bare"] else charter_builder())

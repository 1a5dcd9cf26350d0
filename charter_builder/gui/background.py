"""Run slow core work (sealing, checking a PDF) on a thread, so the window keeps responding.

The work is a plain function of the core: it never touches a widget. Its
result, or its plain-words failure, comes back to the GUI thread as a signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from charter_builder.errors import CharterError

log = logging.getLogger(__name__)

UNEXPECTED = (
    "Something went wrong that Charter Builder did not expect. Please try again; if it "
    "keeps happening, send the file to your support team."
)


class BackgroundTask(QObject):
    """One piece of work on the shared thread pool; exactly one of its signals fires."""

    #: The work's return value.
    succeeded = Signal(object)
    #: What went wrong, in plain words.
    failed = Signal(str)

    #: Tasks still running: kept alive here, not by a dialog that may close meanwhile.
    _running: ClassVar[set[BackgroundTask]] = set()

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()  # no parent: it outlives whoever started it until it reports
        self._work = work

    def start(self) -> BackgroundTask:
        """Start the work; connect to the signals first."""
        # Connected last, so whoever started the task hears of it before it is let go.
        self.succeeded.connect(self._over)
        self.failed.connect(self._over)
        BackgroundTask._running.add(self)
        QThreadPool.globalInstance().start(self._run)
        return self

    @property
    def running(self) -> bool:
        return self in BackgroundTask._running

    def _run(self) -> None:
        """On the worker thread: only the core's function and a signal."""
        try:
            result = self._work()
        except CharterError as error:
            self.failed.emit(error.message)
        except Exception:  # never let a worker thread take the app down
            log.exception("background work failed")
            self.failed.emit(UNEXPECTED)
        else:
            self.succeeded.emit(result)

    def _over(self, *_args: object) -> None:
        # Let go once this signal has been delivered everywhere.
        QTimer.singleShot(0, lambda: BackgroundTask._running.discard(self))

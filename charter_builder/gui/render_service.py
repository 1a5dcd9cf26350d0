"""PDFs made by a worker process, so the window keeps responding while WeasyPrint works.

WeasyPrint holds Python's interpreter lock for seconds, so a thread would
still freeze the window. The service keeps one worker process
(``charter_builder.render.worker``, started as child_process says; see that module for the
protocol), starts it when the first PDF is wanted and again if it dies, and
turns its replies into signals. It hands the worker one job at a time, so a
job still waiting can be dropped without disturbing the one being made.

Work can always be stopped. WeasyPrint cannot be interrupted part-way, so a job
that is no longer wanted (cancelled, or a preview made stale by a newer one)
ends the worker process, and the next job starts at once in a fresh one. An
export never waits behind a preview: the preview is stopped and made again
afterwards. No job may run past :data:`TIME_LIMIT_S`; the worker keeps the same
limit and says so itself, and the service ends a worker that has not.

Nothing here touches widgets: pages and dialogs listen to the signals.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QProcessEnvironment, QTimer, Signal

from charter_builder.child_process import child_command, is_frozen, source_root
from charter_builder.drafts.draft import Draft
from charter_builder.render.formats import FORMATS, PDF
from charter_builder.render.job_copy import write_job_copy
from charter_builder.render.limits import TIME_LIMIT_S, TOO_SLOW
from charter_builder.storage.safe_write import remove_stale_temps

log = logging.getLogger(__name__)

WORKER = "render-worker"

#: The worker's stage names, as the progress dialog and the preview say them.
STAGE_TEXT = {
    "reading": "Reading the draft…",
    "styling": "Applying the page styles…",
    "arranging": "Arranging the text…",
    "laying out": "Laying out the pages…",
    "numbering": "Checking the page numbers…",
    "writing": "Writing the file…",
    "sealing": "Sealing it with your certificate…",
}


def stage_text(message: Mapping[str, Any], export_format: str = PDF) -> str:
    """A worker's progress reply in plain words: "Laying out page 7…"."""
    stage = str(message.get("stage"))
    page = message.get("page")
    if stage == "laying out" and isinstance(page, int) and not isinstance(page, bool):
        return f"Laying out page {page}…"
    if stage == "writing" and export_format in FORMATS:
        return f"Writing the {FORMATS[export_format].noun}…"
    return STAGE_TEXT.get(stage, stage)

WORKER_STOPPED = (
    "The part of Charter Builder that makes PDFs stopped unexpectedly. Please try again; "
    "if it keeps happening, save your draft and send it to your support team."
)
WORKER_WONT_START = (
    "Charter Builder could not start the part of itself that makes PDFs. Please close "
    "Charter Builder and open it again; if it keeps happening, it may need reinstalling."
)
#: The worker may fail to start this many times in a row before jobs are refused.
MAX_FAILED_STARTS = 3
#: How long a worker may take to finish its current PDF when the application quits.
SHUTDOWN_GRACE_MS = 1500
#: How long past the limit the service waits for the worker to say so, before ending it.
TIME_LIMIT_GRACE_MS = 5000
JOB_COPY_FAILED = (
    "Charter Builder could not make a working copy of the draft for the PDF: there may be "
    "no room left on this computer. Please free some space and try again."
)


@dataclass
class _Job:
    id: int
    draft_path: Path
    output: Path
    options: dict[str, Any]
    preview: bool
    #: Certificate file and passphrase, for an export to be sealed once written.
    seal: dict[str, str] | None = None
    #: Which kind of file (a key of render.formats.FORMATS), and for a paper of changes
    #: the revision it starts from.
    format: str = PDF
    since: str | None = None


class RenderService(QObject):
    """Renders drafts to PDF files in a worker process, one job at a time."""

    #: job, what the worker is doing in plain words, percent done.
    progress = Signal(int, str, int)
    #: job, the PDF's path, its number of pages.
    finished = Signal(int, str, int)
    #: job, a plain-words message saying what went wrong.
    failed = Signal(int, str)
    #: job: cancelled by the user, or a newer preview made it pointless.
    cancelled = Signal(int)

    def __init__(
        self, parent: QObject | None = None, *, time_limit_s: float = TIME_LIMIT_S
    ) -> None:
        super().__init__(parent)
        #: Longest one job may run, in seconds; tests shorten it.
        self.time_limit_s = time_limit_s
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._too_slow)
        self._process: QProcess | None = None
        self._ready = False
        self._stdout = bytearray()
        self._stderr = bytearray()
        self._queue: list[_Job] = []
        self._current: _Job | None = None
        self._last_id = 0
        self._failed_starts = 0
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- asking for PDFs ---------------------------------------------------
    def render(
        self,
        draft: Draft,
        output_path: Path | str,
        options: Any = None,
        *,
        preview: bool = False,
        seal: dict[str, str] | None = None,
        export_format: str = PDF,
        since: str | None = None,
    ) -> int:
        """Start making a PDF of `draft` at `output_path`; returns the job's number.

        The draft is copied to a file now, so later edits do not change this PDF.
        `options` is a RenderOptions or a mapping of its fields. A `preview` job
        replaces any older preview: only the latest one is worth making.
        `export_format` makes another kind of file instead (see render.formats);
        `since` is the revision a paper of changes starts from.
        """
        self._last_id += 1
        job_id = self._last_id
        draft_path = self.scratch_path(f"job-{job_id}.charter")
        message = _missing_pictures(draft)
        if message is None:
            try:
                write_job_copy(draft, draft_path, with_history=since is not None)
            except (OSError, ValueError):
                log.exception("could not write the copy of the draft for job %s", job_id)
                with contextlib.suppress(OSError):
                    draft_path.unlink(missing_ok=True)
                message = JOB_COPY_FAILED
        if message is not None:
            # Answer after the caller has the job number, as for any other failure.
            QTimer.singleShot(0, self, lambda: self.failed.emit(job_id, message))
            return job_id
        if preview:
            self._supersede_previews()
        job = _Job(job_id, draft_path, Path(output_path), _options_dict(options), preview)
        job.seal = seal
        job.format, job.since = export_format, since
        if preview:
            self._queue.append(job)
        else:
            # Someone is waiting for an export; a preview can wait a little longer.
            waiting = [i for i, queued in enumerate(self._queue) if queued.preview]
            self._queue.insert(waiting[0] if waiting else len(self._queue), job)
            self._set_preview_aside()
        self._pump()
        return job_id

    def cancel(self, job_id: int) -> bool:
        """Stop a job. A job being made stops the worker; the next job starts a new one."""
        for job in self._queue:
            if job.id == job_id:
                self._queue.remove(job)
                self._forget(job)
                self.cancelled.emit(job_id)
                return True
        job = self._current
        if job is None or job.id != job_id:
            return False
        self._end_current()
        self._forget(job, output_too=True)
        self.cancelled.emit(job_id)
        self._pump()
        return True

    def scratch_path(self, name: str) -> Path:
        """A path in the service's own temporary folder, removed when the service shuts down."""
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="charter-builder-")
        return Path(self._scratch.name) / name

    def is_busy(self) -> bool:
        return self._current is not None or bool(self._queue)

    def shutdown(self) -> None:
        """Stop the worker and remove temporary files (on quit): queued jobs are dropped."""
        for job in self._queue:
            self._forget(job)
        self._queue.clear()
        job, self._current = self._current, None
        self._deadline.stop()
        self._stop_worker(grace_ms=SHUTDOWN_GRACE_MS)
        if job is not None:
            self._forget(job, output_too=job.preview)
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    # -- the worker process ----------------------------------------------
    def _pump(self) -> None:
        """Hand the next job to the worker, starting the worker if need be."""
        if self._current is not None or not self._queue:
            return
        if self._process is None:
            self._start_worker()
            return
        if not self._ready:
            return
        self._current = self._queue.pop(0)
        job = self._current
        line = json.dumps(
            {
                "job": job.id,
                "draft": str(job.draft_path),
                "output": str(job.output),
                "options": job.options,
                "time_limit": self.time_limit_s,
                **({"seal": job.seal} if job.seal else {}),
                **({"format": job.format} if job.format != PDF else {}),
                **({"since": job.since} if job.since else {}),
            },
            ensure_ascii=True,
        )
        self._process.write(line.encode("ascii") + b"\n")
        self._deadline.start(int(self.time_limit_s * 1000) + TIME_LIMIT_GRACE_MS)

    def _start_worker(self) -> None:
        process = QProcess(self)
        environment = QProcessEnvironment.systemEnvironment()
        if not is_frozen():
            # The worker must import this very copy of the package, installed or not.
            python_path = environment.value("PYTHONPATH", "")
            environment.insert(
                "PYTHONPATH", os.pathsep.join(p for p in (str(source_root()), python_path) if p)
            )
        environment.insert("PYTHONIOENCODING", "utf-8")
        process.setProcessEnvironment(environment)
        program, arguments = child_command(WORKER)
        process.setProgram(program)
        process.setArguments(arguments)
        process.readyReadStandardOutput.connect(self._read_stdout)
        process.readyReadStandardError.connect(self._read_stderr)
        process.finished.connect(self._worker_finished)
        process.errorOccurred.connect(self._worker_error)
        self._process = process
        self._ready = False
        self._stdout.clear()
        self._stderr.clear()
        log.info("starting the render worker")
        process.start()

    def _stop_worker(self, *, grace_ms: int) -> None:
        """End the worker: ask politely (close its input) for `grace_ms`, then kill it."""
        process, self._process = self._process, None
        self._ready = False
        if process is None:
            return
        for signal in (
            process.readyReadStandardOutput,
            process.readyReadStandardError,
            process.finished,
            process.errorOccurred,
        ):
            with contextlib.suppress(RuntimeError):
                signal.disconnect()
        if process.state() != QProcess.ProcessState.NotRunning:
            process.closeWriteChannel()
            if grace_ms <= 0 or not process.waitForFinished(grace_ms):
                process.kill()
                process.waitForFinished(2000)
        process.deleteLater()

    def _read_stdout(self) -> None:
        if self._process is None:
            return
        self._stdout += self._process.readAllStandardOutput().data()
        for line in _complete_lines(self._stdout):
            try:
                message = json.loads(line)
            except ValueError:
                log.warning("render worker said something unexpected: %.200r", line)
                continue
            if isinstance(message, dict):
                self._handle(message)

    def _read_stderr(self) -> None:
        if self._process is None:
            return
        self._stderr += self._process.readAllStandardError().data()
        for line in _complete_lines(self._stderr):
            log.info("%s", line.decode("utf-8", "replace"))

    def _handle(self, message: dict[str, Any]) -> None:
        if message.get("ready"):
            self._ready = True
            self._failed_starts = 0
            log.info("render worker ready")
            self._pump()
            return
        job = self._current
        if job is None or message.get("job") != job.id:
            if "error" in message and job is not None and message.get("job") is None:
                message = {**message, "job": job.id}  # the worker could not read the job
            else:
                log.warning("reply for a job no longer wanted: %.200r", message)
                return
        if "stage" in message:
            percent = int(message.get("progress", 0))
            self.progress.emit(job.id, stage_text(message, job.format), percent)
            return
        self._current = None
        self._deadline.stop()
        self._forget(job)
        if message.get("stopping"):
            # The worker is ending itself (its job ran too long): the next job needs a new one.
            self._stop_worker(grace_ms=0)
        if "done" in message:
            self.finished.emit(job.id, str(message["done"]), int(message.get("pages", 0)))
        else:
            self.failed.emit(job.id, str(message.get("error") or WORKER_STOPPED))
        self._pump()

    def _worker_finished(self, exit_code: int, exit_status: QProcess.ExitStatus) -> None:
        log.warning("render worker stopped (exit code %s, %s)", exit_code, exit_status.name)
        self._worker_lost()

    def _worker_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            log.error("render worker could not be started: %s", sys.executable)
            self._worker_lost()

    def _worker_lost(self) -> None:
        """The worker died: fail its job, and start another for the jobs still waiting."""
        was_ready = self._ready
        self._stop_worker(grace_ms=0)
        self._deadline.stop()
        job, self._current = self._current, None
        if job is not None:
            self._forget(job, output_too=True)
            self.failed.emit(job.id, WORKER_STOPPED)
        if not was_ready:
            self._failed_starts += 1
            if self._failed_starts >= MAX_FAILED_STARTS:
                self._failed_starts = 0
                waiting, self._queue = self._queue, []
                for queued in waiting:
                    self._forget(queued)
                    self.failed.emit(queued.id, WORKER_WONT_START)
                return
        # Start again from the event loop, never from inside the dying process's signal.
        QTimer.singleShot(0, self, self._pump)

    def _end_current(self) -> None:
        """Stop the job being made, now: the worker cannot drop it part-way, so it ends."""
        self._deadline.stop()
        self._current = None
        self._stop_worker(grace_ms=0)

    def _too_slow(self) -> None:
        """A job ran past its limit and the worker did not end it itself: end the worker."""
        job = self._current
        if job is None:
            return
        log.error("job %s ran past %s s; ending the render worker", job.id, self.time_limit_s)
        self._end_current()
        self._forget(job, output_too=True)
        self.failed.emit(job.id, TOO_SLOW)
        self._pump()

    # -- tidying -----------------------------------------------------------
    def _supersede_previews(self) -> None:
        """A newer preview is wanted: older ones are dropped, and one being made is stopped."""
        for job in [j for j in self._queue if j.preview]:
            self._queue.remove(job)
            self._forget(job)
            self.cancelled.emit(job.id)
        job = self._current
        if job is not None and job.preview:
            self._end_current()
            self._forget(job, output_too=True)
            self.cancelled.emit(job.id)

    def _set_preview_aside(self) -> None:
        """An export was asked for: a preview being made stops, to be made again after it."""
        job = self._current
        if job is None or not job.preview:
            return
        log.info("preview %s set aside for an export", job.id)
        self._end_current()
        self._forget_output(job)
        self._queue.append(job)

    def _forget(self, job: _Job, *, output_too: bool = False) -> None:
        """Remove a job's draft copy, and any PDF or half-written file it left."""
        with contextlib.suppress(OSError):
            job.draft_path.unlink(missing_ok=True)
        self._forget_output(job, output_too=output_too)

    def _forget_output(self, job: _Job, *, output_too: bool = False) -> None:
        # A worker stopped while writing leaves its temporary file beside the PDF
        # (named by safe_write's one rule), or the unsealed PDF it was about to seal.
        unsealed = job.output.with_name(f".{job.output.name}.unsealed")
        for written in (job.output, unsealed):
            remove_stale_temps(written, older_than=None)
        with contextlib.suppress(OSError):
            unsealed.unlink(missing_ok=True)
        if output_too and self._owns(job.output):
            with contextlib.suppress(OSError):
                job.output.unlink(missing_ok=True)

    def _owns(self, path: Path) -> bool:
        """Only PDFs in the service's own folder are ever deleted, never a user's file."""
        return self._scratch is not None and path.parent == Path(self._scratch.name)


def _missing_pictures(draft: Draft) -> str | None:
    """Why the draft cannot be printed as it stands: a picture it names is not in it."""
    missing = draft.charter.media_names() - draft.media.keys()
    if not missing:
        return None
    return (
        "The PDF could not be made: a logo or signature picture is missing from the draft. "
        "Please choose it again, or remove it, and try again."
    )


def _options_dict(options: Any) -> dict[str, Any]:
    """RenderOptions (or a mapping of its fields) as JSON for the worker."""
    if options is None:
        return {}
    if dataclasses.is_dataclass(options) and not isinstance(options, type):
        return dataclasses.asdict(options)
    if isinstance(options, Mapping):
        return dict(options)
    raise TypeError(f"render options must be RenderOptions or a mapping, not {type(options)!r}")


def _complete_lines(buffer: bytearray) -> list[bytes]:
    """Take every finished line out of `buffer`, leaving a partial last line in it."""
    end = buffer.rfind(b"\n")
    if end < 0:
        return []
    lines = bytes(buffer[:end]).split(b"\n")
    del buffer[: end + 1]
    return [line.rstrip(b"\r") for line in lines if line.strip()]

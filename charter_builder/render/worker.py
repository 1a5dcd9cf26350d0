"""Make PDFs in a process of their own, so the window never freezes while WeasyPrint works.

WeasyPrint holds Python's interpreter lock for seconds at a time, so in a
thread it would still freeze the window. The wizard starts this module once
(``python -m charter_builder.render.worker``) and keeps it: WeasyPrint is
imported and warmed up a single time, and every later PDF is quick.

The protocol is one JSON object per line. The wizard writes jobs to stdin::

    {"job": 1, "draft": "/tmp/…/job-1.charter", "output": "/home/…/charter.pdf", "options": {}}

and the worker answers on stdout::

    {"ready": true}                                          once, at start-up
    {"job": 1, "stage": "reading", "progress": 5}            then "styling", "arranging",
    {"job": 1, "stage": "laying out", "page": 7, "progress": 41}   one for each page,
    {"job": 1, "stage": "writing", "progress": 80}           ("numbering", if pages move)
    {"job": 1, "done": "/home/…/charter.pdf", "pages": 14}   or
    {"job": 1, "error": "The PDF could not be saved as …"}

A job may carry ``"format"`` (a key of :data:`~charter_builder.render.formats.FORMATS`;
"pdf" if absent) and, for the paper of changes, ``"since"`` (a revision). The
page-by-page progress comes from WeasyPrint's own ``weasyprint.progress`` log,
which the worker catches (:class:`PageProgress`) and keeps out of the log file.

A job may carry ``"time_limit"`` (seconds, at most
:data:`~charter_builder.render.limits.TIME_LIMIT_S`): a job
still running then is answered with
``{"job": 1, "error": TOO_SLOW, "stopping": true}`` and the worker ends
itself, since WeasyPrint cannot be stopped part-way; the wizard starts a fresh
one. The wizard writes each job's draft with
:func:`charter_builder.render.job_copy.write_job_copy`.

Stdout carries the protocol and nothing else: anything a library prints is
sent to stderr, which the wizard copies into its log with the tracebacks.
Closing stdin ends the worker.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from charter_builder.drafts.draft_file import load_draft
from charter_builder.errors import CharterError, RenderError
from charter_builder.render import render_html, write_pdf_bytes
from charter_builder.render.fetcher import CharterFetcher
from charter_builder.render.formats import FORMATS, PDF
from charter_builder.render.limits import TIME_LIMIT_S, TOO_SLOW
from charter_builder.render.options import RenderOptions
from charter_builder.render.pdf import document_to_pdf, html_to_document

log = logging.getLogger("charter_builder.render.worker")

Reply = Callable[[dict[str, Any]], None]

#: Stage names and how far along each one starts; laying out is most of the work.
READING, LAYING_OUT, WRITING, SEALING = "reading", "laying out", "writing", "sealing"
STYLING, ARRANGING, NUMBERING = "styling", "arranging", "numbering"
PROGRESS = {
    READING: 5,
    STYLING: 8,
    ARRANGING: 11,
    LAYING_OUT: 15,
    NUMBERING: 76,
    WRITING: 80,
    SEALING: 92,
}
#: WeasyPrint's progress messages, and the stage each one starts.
WEASYPRINT_STEPS = (
    ("Step 3 ", STYLING),
    ("Step 4 ", ARRANGING),
    ("Step 5 - Creating layout - Repagination", NUMBERING),
)

UNEXPECTED = (
    "Charter Builder could not make the PDF because of a problem it did not expect. "
    "Please try again; if it keeps happening, save your draft and send it to your support team."
)
TOO_LARGE = (
    "The charter is too large to turn into a PDF. Please shorten the longest sections "
    "and try again."
)
#: The worker's exit status when it ended itself over a job past its time limit.
EXIT_TOO_SLOW = 3


def options_from(raw: Mapping[str, Any] | None) -> RenderOptions:
    """RenderOptions from a job; names this version does not know are ignored."""
    known = {f.name for f in dataclasses.fields(RenderOptions)}
    chosen = {key: value for key, value in (raw or {}).items() if key in known}
    ignored = set(raw or {}) - known
    if ignored:
        log.warning("ignoring unknown render options: %s", ", ".join(sorted(ignored)))
    return RenderOptions(**chosen)


def seal_into(
    job: int, unsealed: Path, output: Path, seal: Mapping[str, Any], reply: Reply
) -> None:
    """Seal the freshly made PDF into `output`; the PDF appears there only once sealed."""
    from charter_builder.signatures.seal import seal_pdf

    reply({"job": job, "stage": SEALING, "progress": PROGRESS[SEALING]})
    passphrase = seal.get("passphrase")
    seal_pdf(
        unsealed,
        output,
        Path(str(seal.get("certificate", ""))),
        passphrase.encode("utf-8") if isinstance(passphrase, str) and passphrase else None,
    )


class PageProgress(logging.Handler):
    """Turns WeasyPrint's progress log into replies: a page laid out is a step forward.

    Installed on the ``weasyprint.progress`` logger, which then no longer passes its
    lines on: a render would otherwise write dozens of them into the log file.
    """

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.job: int | None = None
        self.reply: Reply | None = None
        self.percent = 0
        self.page = 0

    def start(self, job: int, reply: Reply) -> None:
        self.job, self.reply, self.percent, self.page = job, reply, PROGRESS[LAYING_OUT], 0

    def stop(self) -> None:
        self.job, self.reply = None, None

    def emit(self, record: logging.LogRecord) -> None:
        if self.reply is None or self.job is None:
            return
        try:
            message = record.getMessage()
            if message.startswith("Step 5 - Creating layout - Page "):
                self._page(int(message.split("Page ", 1)[1].split()[0]))
                return
            for start, stage in WEASYPRINT_STEPS:
                if message.startswith(start):
                    self._say(stage, PROGRESS[stage])
        except Exception:  # progress is a courtesy: it must never stop the PDF
            self.handleError(record)

    def _page(self, page: int) -> None:
        """A page laid out; pages laid out again when numbering settles say nothing new."""
        if page <= self.page:
            return
        self.page = page
        # The page count is not known ahead, so each page moves a share of what is left.
        span = PROGRESS[NUMBERING] - PROGRESS[LAYING_OUT]
        percent = PROGRESS[LAYING_OUT] + int(span * (1 - 0.93**page))
        self._say(LAYING_OUT, percent, page=page)

    def _say(self, stage: str, percent: int, **extra: Any) -> None:
        assert self.reply is not None
        self.percent = max(self.percent, percent)
        self.reply({"job": self.job, "stage": stage, "progress": self.percent, **extra})


#: The one handler, on WeasyPrint's progress logger for the worker's whole life.
PAGE_PROGRESS = PageProgress()


def catch_weasyprint_progress() -> None:
    """Send WeasyPrint's progress to :data:`PAGE_PROGRESS` only, never to the log."""
    logger = logging.getLogger("weasyprint.progress")
    if PAGE_PROGRESS not in logger.handlers:
        logger.addHandler(PAGE_PROGRESS)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def make_pdf(job: int, draft_path: Path, output: Path, options: RenderOptions, reply: Reply) -> int:
    """Render one draft file to ``output``, reporting each stage. Returns the page count."""
    reply({"job": job, "stage": READING, "progress": PROGRESS[READING]})
    check_folder(output)
    draft = load_draft(draft_path)
    html = render_html(draft, options)
    catch_weasyprint_progress()
    PAGE_PROGRESS.start(job, reply)
    try:
        document = html_to_document(html, CharterFetcher(draft.media))
    finally:
        PAGE_PROGRESS.stop()
    reply({"job": job, "stage": WRITING, "progress": PROGRESS[WRITING]})
    write_pdf_bytes(document_to_pdf(document, options, charter=draft.charter), output)
    return len(document.pages)


def make_other(
    job: int, key: str, draft_path: Path, output: Path, options: RenderOptions, reply: Reply,
    since: str | None,
) -> None:
    """Write a Word document, web page or paper of changes: no pages to count on the way."""
    reply({"job": job, "stage": READING, "progress": PROGRESS[READING]})
    check_folder(output)
    draft = load_draft(draft_path)
    reply({"job": job, "stage": WRITING, "progress": PROGRESS[WRITING] // 2})
    FORMATS[key].write(draft, output, options, since=since)


def check_folder(output: Path) -> None:
    if not output.parent.is_dir():
        raise RenderError(
            f"The folder for “{output.name}” does not exist. Please choose another place."
        )


def job_time_limit(message: Mapping[str, Any]) -> float:
    """The job's own time limit in seconds, never more than :data:`TIME_LIMIT_S`."""
    asked = message.get("time_limit")
    if isinstance(asked, int | float) and not isinstance(asked, bool) and asked > 0:
        return min(float(asked), TIME_LIMIT_S)
    return TIME_LIMIT_S


def run_job_in_time(message: Any, reply: Reply, on_timeout: Callable[[], None]) -> None:
    """:func:`run_job`, with `on_timeout` called (from another thread) if it runs too long."""
    limit = job_time_limit(message) if isinstance(message, dict) else TIME_LIMIT_S
    timer = threading.Timer(limit, on_timeout)
    timer.daemon = True
    timer.start()
    try:
        run_job(message, reply)
    finally:
        timer.cancel()


def run_job(message: Any, reply: Reply) -> None:
    """Carry out one job; every outcome, even a malformed job, gets exactly one final reply."""
    job = message.get("job") if isinstance(message, dict) else None
    if not isinstance(job, int) or isinstance(job, bool):
        log.error("malformed job: %.300r", message)
        reply({"job": None, "error": UNEXPECTED})
        return
    draft, output = message.get("draft"), message.get("output")
    options = message.get("options") or {}
    key = message.get("format") or PDF
    since = message.get("since")
    if not (
        isinstance(draft, str)
        and isinstance(output, str)
        and isinstance(options, dict)
        and key in FORMATS
        and (since is None or isinstance(since, str))
    ):
        log.error("malformed job %s: %.300r", job, message)
        reply({"job": job, "error": UNEXPECTED})
        return
    started = time.perf_counter()
    try:
        seal = message.get("seal")
        if key != PDF:
            make_other(job, key, Path(draft), Path(output), options_from(options), reply, since)
            pages = 0
        elif isinstance(seal, dict):
            target = Path(output)
            unsealed = target.with_name(f".{target.name}.unsealed")
            try:
                pages = make_pdf(job, Path(draft), unsealed, options_from(options), reply)
                seal_into(job, unsealed, target, seal, reply)
            finally:
                with contextlib.suppress(OSError):
                    unsealed.unlink()
        else:
            pages = make_pdf(job, Path(draft), Path(output), options_from(options), reply)
    except CharterError as error:
        log.info("job %s refused: %s", job, error.message)
        reply({"job": job, "error": error.message})
    except (MemoryError, RecursionError):
        log.exception("job %s: the charter is too large to render", job)
        reply({"job": job, "error": TOO_LARGE})
    except Exception:
        log.exception("job %s failed unexpectedly", job)
        reply({"job": job, "error": UNEXPECTED})
    else:
        log.info("job %s: %d pages in %.2f s", job, pages, time.perf_counter() - started)
        reply({"job": job, "done": output, "pages": pages})


def serve(
    lines: Iterable[str], reply: Reply, too_slow: Callable[[Any], None] | None = None
) -> None:
    """Answer jobs until the input ends; `too_slow(job)` is called for a job past its limit."""
    for line in lines:
        if not line.strip():
            continue
        try:
            message = json.loads(line)
        except ValueError:
            log.error("not a JSON line: %.300r", line)
            reply({"job": None, "error": UNEXPECTED})
            continue
        if too_slow is None:
            run_job(message, reply)
        else:
            job = message.get("job") if isinstance(message, dict) else None
            run_job_in_time(message, reply, lambda job=job: too_slow(job))


def warm_up() -> None:
    """Load fonts and templates now, so the user's first PDF is not the slow one."""
    started = time.perf_counter()
    catch_weasyprint_progress()
    try:
        html_to_document("<p>Charter</p>", CharterFetcher())
    except Exception:  # a failed warm-up only makes the first job slower
        log.exception("warm-up failed")
    log.info("worker ready in %.2f s", time.perf_counter() - started)


def _protocol_stream() -> IO[str]:
    """A private copy of stdout for replies; fd 1 itself then points at stderr.

    Fonts libraries and WeasyPrint may print warnings; they must never be
    mistaken for a reply.
    """
    sys.stdout.flush()
    stream = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return stream


def main() -> int:
    # WeasyPrint and fontTools narrate every page at INFO; only their warnings matter here.
    logging.basicConfig(
        stream=sys.stderr, level=logging.WARNING, format="render worker %(levelname)s: %(message)s"
    )
    logging.getLogger("charter_builder").setLevel(logging.INFO)
    protocol = _protocol_stream()
    # The time limit's thread replies too; a line must never be cut by another.
    writing = threading.Lock()

    def reply(message: dict[str, Any]) -> None:
        with writing:
            protocol.write(json.dumps(message, ensure_ascii=True) + "\n")
            protocol.flush()

    def too_slow(job: Any) -> None:
        """WeasyPrint cannot be interrupted part-way: answer, then end this process."""
        log.error("job %s ran past its time limit; the worker is ending itself", job)
        with contextlib.suppress(Exception):
            reply({"job": job, "error": TOO_SLOW, "stopping": True})
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os._exit(EXIT_TOO_SLOW)

    warm_up()
    reply({"ready": True})
    stdin = open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    try:
        serve(iter(stdin.readline, ""), reply, too_slow)
    except (BrokenPipeError, KeyboardInterrupt):
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

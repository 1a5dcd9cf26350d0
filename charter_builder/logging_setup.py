"""The program's log: a small rotating file for support, and the terminal with --verbose.

When something goes wrong that nobody foresaw, the person helping a board
secretary needs to know what happened without asking them to reproduce it.
So the log file is always written (INFO and up; DEBUG too with --verbose), kept
small by rotation, and lives in the application's data folder. Logging must
never be the thing that breaks the program: an unwritable folder, a full disk
or a log file another copy of the program is rotating only loses log lines.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from charter_builder.paths import user_data_folder

LOG_FILE_NAME = "charter-builder.log"
MAX_LOG_BYTES = 1024 * 1024
BACKUP_COUNT = 3

FILE_FORMAT = "%(asctime)s %(levelname)-7s [%(process)d %(threadName)s] %(name)s: %(message)s"
TERMINAL_FORMAT = "%(levelname)s %(name)s: %(message)s"

#: WeasyPrint logs every stage of every page here (about 60 lines a PDF): the render
#: worker turns them into progress, and they are noise in the log and the terminal.
WEASYPRINT_PROGRESS = "weasyprint.progress"

#: Marks the handlers configure_logging added, so calling it again replaces them.
_OURS = "_charter_builder_handler"
#: The root logger's level before configure_logging, for stop_logging to put back.
_level_before: int | None = None


class _QuietRotatingFileHandler(RotatingFileHandler):
    """A rotating file whose failures (disk full, a rename refused) lose only the line.

    The standard handler prints "--- Logging error ---" and a traceback to the
    terminal instead, which is exactly what users must never see.
    """

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def _not_weasyprint_progress(record: logging.LogRecord) -> bool:
    """Keep every line but WeasyPrint's progress, whichever path made the PDF."""
    name = record.name
    return not (name == WEASYPRINT_PROGRESS or name.startswith(WEASYPRINT_PROGRESS + "."))


def user_log_folder() -> Path:
    """Where the log goes without Qt: Qt's AppDataLocation + "/logs" (see paths.py)."""
    return user_data_folder() / "logs"


def configure_logging(log_folder: Path | None, verbose: bool) -> Path | None:
    """Send the log to a rotating file in `log_folder`, and to the terminal if `verbose`.

    Calling it again replaces what an earlier call set up, so handlers never
    double. Returns the log file in use, or None if there is none (no folder
    given, or it could not be written: then, if verbose, the terminal says so).
    """
    global _level_before
    root = logging.getLogger()
    _remove_our_handlers(root)
    if _level_before is None:
        _level_before = root.level
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    # Our own debug messages with --verbose; other libraries' (fontTools...) would drown them.
    logging.getLogger("charter_builder").setLevel(logging.DEBUG if verbose else logging.NOTSET)
    level = logging.DEBUG if verbose else logging.INFO

    terminal: logging.Handler | None = None
    if verbose:
        terminal = logging.StreamHandler(sys.stderr)
        terminal.setFormatter(logging.Formatter(TERMINAL_FORMAT))
        _add(root, terminal, logging.DEBUG)

    log_file: Path | None = None
    if log_folder is not None:
        log_file = Path(log_folder) / LOG_FILE_NAME
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            handler = _QuietRotatingFileHandler(
                log_file, maxBytes=MAX_LOG_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
            )
        except OSError as error:
            if terminal is not None:
                print(
                    f"Charter Builder could not write its log file in {log_folder} "
                    f"({error.strerror or error}); the log goes to this terminal only.",
                    file=sys.stderr,
                )
            log_file = None
        else:
            handler.setFormatter(logging.Formatter(FILE_FORMAT))
            _add(root, handler, level)
    # Libraries' warnings (Pillow, WeasyPrint...) are for the log, not for a board secretary.
    logging.captureWarnings(log_file is not None or terminal is not None)
    return log_file


def stop_logging() -> None:
    """Take away what configure_logging set up, leaving logging as it was found.

    The command line does this when a command ends, so calling main() from a
    script (or a test) has no lasting effect on that program's logging.
    """
    global _level_before
    root = logging.getLogger()
    _remove_our_handlers(root)
    logging.captureWarnings(False)
    if _level_before is not None:
        root.setLevel(_level_before)
        _level_before = None
    logging.getLogger("charter_builder").setLevel(logging.NOTSET)


def current_log_file() -> Path | None:
    """The log file configure_logging set up, if any."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, _OURS, False) and isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None


def _add(root: logging.Logger, handler: logging.Handler, level: int) -> None:
    handler.setLevel(level)
    handler.addFilter(_not_weasyprint_progress)
    setattr(handler, _OURS, True)
    root.addHandler(handler)


def _remove_our_handlers(root: logging.Logger) -> None:
    for handler in list(root.handlers):
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
            handler.close()

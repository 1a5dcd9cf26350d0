"""Replacing a file so that either the old one or the new one is there, whole.

The one way Charter Builder writes a file: drafts, PDFs, seals, recovery copies
and the lock file. They live on shared drives: a new file gets the user's usual
permissions (so colleagues can open it), a replaced one keeps its own, and an
interrupted write never leaves half a file under the real name. The temporary
file's name follows one rule (``temp_name_pattern``), so whoever tidies up after
an interrupted write (the next save, the recovery folder, the render service)
finds exactly these files and nothing of the user's.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

#: A temporary file of ours older than this was left by an interrupted save (a crash or a
#: power cut), not one still being written, so the next save of that file removes it.
STALE_TEMP_SECONDS = 10 * 60

#: The ending of every temporary file written on the way to replacing a file.
TEMP_SUFFIX = ".saving"


def write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; raises OSError."""
    replace_file(path, lambda stream: stream.write(data))


def replace_file(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a new ``path`` through ``write`` beside it, then swap it in; raises OSError."""
    old_mode = existing_mode(path)
    temp: Path | None = None
    try:
        descriptor, temp = _create_temp(path)
        with os.fdopen(descriptor, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        if old_mode is not None:
            with suppress(OSError):  # some shared drives do not keep permissions
                os.chmod(temp, old_mode)
        os.replace(temp, path)
        temp = None
        _fsync_folder(path.parent)
        remove_stale_temps(path)
    finally:
        if temp is not None:
            with suppress(OSError):
                os.unlink(temp)


def existing_mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def temp_path_for(path: Path) -> Path:
    """A fresh name beside ``path`` for a file on its way to replacing it (one rule for all)."""
    return path.with_name(f"{_temp_prefix(path)}{secrets.token_hex(6)}{TEMP_SUFFIX}")


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new file beside the target, created with the user's usual permissions (umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = temp_path_for(path)
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(path.parent))


def _temp_prefix(path: Path) -> str:
    return f".{path.name[:100]}."


def temp_name_pattern(path: Path | None = None) -> re.Pattern[str]:
    """The names of the temporary files written on the way to ``path`` (None: to any file)."""
    prefix = re.escape(_temp_prefix(path)) if path is not None else r"\..+\."
    return re.compile(prefix + r"[0-9a-f]{12}" + re.escape(TEMP_SUFFIX))


def remove_stale_temps(path: Path, older_than: float | None = STALE_TEMP_SECONDS) -> None:
    """Remove temporary files that interrupted saves of this file left beside it.

    On a shared drive they would puzzle people. Only our own names for this file, and
    only old ones: a recent one may be another computer's save still in progress.
    ``older_than=None`` removes them whatever their age, for a caller that knows
    the write that left them has stopped.
    """
    _remove_temps(path.parent, temp_name_pattern(path), older_than)


def remove_stale_temps_in(folder: Path, older_than: float | None = STALE_TEMP_SECONDS) -> None:
    """Remove the temporary files interrupted saves of any file left in ``folder``."""
    _remove_temps(folder, temp_name_pattern(), older_than)


def _remove_temps(folder: Path, ours: re.Pattern[str], older_than: float | None) -> None:
    cutoff = time.time() - older_than if older_than is not None else None
    with suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not ours.fullmatch(entry.name):
                continue
            with suppress(OSError):
                found = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(found.st_mode) and (cutoff is None or found.st_mtime < cutoff):
                    os.unlink(entry.path)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder for this."""
    directory_flag = getattr(os, "O_DIRECTORY", None)
    if directory_flag is None:
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | directory_flag)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def saving_reason(error: OSError, folder: Path) -> str:
    """Why a write into ``folder`` failed, as a sentence a board secretary can act on."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full. Please free some space or save it somewhere else."
    if code == errno.EROFS:
        return "that disk or folder can only be read, not written to. Please save it elsewhere."
    if isinstance(error, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return (
            "you do not have permission to write to that folder, or the file is open in "
            "another program. Please save it somewhere else."
        )
    if isinstance(error, FileNotFoundError):
        if folder.is_dir():
            return "that folder does not accept new files. Please save it somewhere else."
        return "the folder to save it in could not be found. It may have been moved or deleted."
    if isinstance(error, IsADirectoryError):
        return "there is already a folder with that name."
    if code == errno.ENAMETOOLONG:
        return "the file name is too long. Please choose a shorter name."
    return "the disk could not be written to. Please check it is still connected and try again."

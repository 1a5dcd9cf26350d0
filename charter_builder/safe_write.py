"""Replacing a file so that either the old one or the new one is there, whole.

Drafts and exported PDFs both live on shared drives: a new file gets the
user's usual permissions (so colleagues can open it), a replaced one keeps
its own, and an interrupted write never leaves half a file under the real name.
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


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new file beside the target, created with the user's usual permissions (umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = path.with_name(f".{path.name[:100]}.{secrets.token_hex(6)}.saving")
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(path.parent))


def remove_stale_temps(path: Path) -> None:
    """Remove temporary files that interrupted saves of this file left beside it.

    On a shared drive they would puzzle people. Only our own names for this file, and
    only old ones: a recent one may be another computer's save still in progress.
    """
    ours = re.compile(re.escape(f".{path.name[:100]}.") + r"[0-9a-f]{12}\.saving")
    cutoff = time.time() - STALE_TEMP_SECONDS
    with suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if not ours.fullmatch(entry.name):
                continue
            with suppress(OSError):
                found = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(found.st_mode) and found.st_mtime < cutoff:
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

"""Reading a file someone gave us, with a limit, and only if it is an ordinary file.

A path can name a pipe (which waits for ever for a writer), a device such as
``/dev/zero`` (which never ends) or a folder, and it can be swapped between a
check and the read. So the file is opened without waiting (``O_NONBLOCK``),
then the *opened* descriptor is checked with ``fstat`` (what we read is what we
checked), and at most ``limit + 1`` bytes are ever read. Every refusal is an
``OSError`` subclass carrying a plain-words reason, so callers that already
turn ``OSError`` into a message keep working.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_CHUNK = 1024 * 1024


class NotARegularFile(OSError):
    """The path names a folder, pipe, device or socket, never read."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(f"not a regular file: {path}")
        self.kind = kind_of(mode)

    @property
    def reason(self) -> str:
        """Why, in words that complete "… could not be opened: "."""
        if self.kind == "folder":
            return "it is a folder, not a file."
        return (
            f"it is not an ordinary file (it is a {self.kind}), so Charter Builder has not "
            "read it."
        )


class FileTooLarge(OSError):
    """The file is larger than anything of its kind ever is; refused unread."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(f"larger than {limit} bytes: {path}")
        self.limit = limit

    @property
    def reason(self) -> str:
        return f"it is larger than {describe_size(self.limit)}, far larger than it could be."


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def describe_size(size: int) -> str:
    """ "20 MB", "16 KB": sizes as people say them (1 MB = 1,048,576 bytes here)."""
    if size >= 1024 * 1024:
        return f"{size // (1024 * 1024):,} MB"
    return f"{max(1, size // 1024):,} KB"


def open_regular(path: Path, *, follow_symlinks: bool = True) -> tuple[int, os.stat_result]:
    """An open descriptor for `path` and its fstat, or OSError; the caller closes it.

    With `follow_symlinks` false a symbolic link is refused (ELOOP) rather than
    followed: for files only we write (locks, recovery copies), a link is never ours.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except IsADirectoryError:
        raise NotARegularFile(Path(path), stat.S_IFDIR) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(Path(path), info.st_mode)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor, info


def read_limited(path: Path, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The whole of an ordinary file at `path`, refused (FileTooLarge) past `limit` bytes."""
    return read_limited_with_stat(path, limit, follow_symlinks=follow_symlinks)[0]


def read_limited_with_stat(
    path: Path, limit: int, *, follow_symlinks: bool = True
) -> tuple[bytes, os.stat_result]:
    """The file's bytes and the fstat of the very descriptor they were read from."""
    descriptor, info = open_regular(path, follow_symlinks=follow_symlinks)
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        if info.st_size > limit:
            raise FileTooLarge(Path(path), limit)
        # The size can change while we read (a file still being written); count as we go.
        parts: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = stream.read(min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileTooLarge(Path(path), limit)
    return b"".join(parts), info


def reading_reason(error: OSError) -> str | None:
    """The plain-words reason for a refusal made here, or None for other errors."""
    if isinstance(error, NotARegularFile | FileTooLarge):
        return error.reason
    return None

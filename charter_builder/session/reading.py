"""Reading a draft together with the stamp of the very bytes read."""

from __future__ import annotations

import os
from pathlib import Path

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import load_draft, loads_draft
from charter_builder.drafts.draft_lock import FileStamp, read_with_stamp

#: Larger than any draft the file format accepts; such a file is refused unread.
_MAX_READ = 256 * 1024 * 1024


def read_draft(path: Path) -> tuple[Draft, FileStamp]:
    """A draft and the stamp of the very bytes it was read from (DraftFileError if unreadable).

    The stamp is what a later save compares the disk with, so it must describe
    exactly what was read, not the file a moment later.
    """
    try:
        too_large = os.stat(path).st_size > _MAX_READ
    except OSError:
        too_large = False
    if too_large:
        load_draft(path)  # refuses it without reading it all into memory
    try:
        data, opened = read_with_stamp(path)
    except OSError:
        load_draft(path)  # says in plain words why the file cannot be read
        raise
    return loads_draft(data, Path(path).name), opened


def real_path(path: Path) -> Path:
    """The file a path names, following a shortcut (symbolic link) to it.

    Saving follows links too (see draft_file.save_draft), so the lock belongs
    beside the real file: a second name must not be a way round someone's lock.
    """
    path = Path(path)
    return path.resolve() if path.is_symlink() else path

"""Copies of a draft left beside it by a sync client, found by history, not by name.

When two people edit a synced draft offline, OneDrive, Dropbox or Google Drive
keep both versions by saving one under another name ("wyvern-DESKTOP-AB12CD.charter",
"wyvern (Sam's conflicted copy).charter"). Names vary by client and language, so a
copy is recognised by its history instead: it shares at least one revision with
ours and holds revisions ours lacks. Every candidate is read with the draft's own
hostile-input checks; files that cannot be read are skipped quietly, and only a
bounded number of files is looked at, so a crowded folder cannot slow the window.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePath

from charter_builder.drafts.draft_file import MAX_FILE_BYTES, load_draft
from charter_builder.drafts.history import History
from charter_builder.errors import CharterError

#: At most this many other .charter files in a folder are opened when looking.
MAX_LOOKED_AT = 24

#: "Name-DESKTOP-AB12CD.charter": how OneDrive names the copy it could not merge.
ONEDRIVE_CONFLICT = re.compile(r"-[A-Z0-9][A-Z0-9-]{1,14}(?:-\d+)?$")

#: Folder names (one path component, compared case-insensitively) that a sync client keeps.
_SYNC_FOLDERS: tuple[tuple[str, str], ...] = (
    ("onedrive", "OneDrive"),  # "OneDrive", "OneDrive - NHS England" (SharePoint, Teams)
    ("dropbox", "Dropbox"),  # "Dropbox", "Dropbox (NHS)"
    ("google drive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("shared drives", "Google Drive"),
    ("googledrive", "Google Drive"),  # macOS: ~/Library/CloudStorage/GoogleDrive-me@...
)


@dataclass(frozen=True)
class SyncCopy:
    """Another copy of our draft, and the file's stamp (so it is offered again if it changes)."""

    path: Path
    stamp: tuple[int, int]
    #: How many revisions it holds that ours lacks.
    new_revisions: int


def sync_client(folder: Path | PurePath) -> str | None:
    """The sync client that keeps `folder` ("OneDrive", "Dropbox", "Google Drive"), or None.

    Recognised by the usual folder names on Windows and macOS, anywhere in the path:
    a component starting "OneDrive" (so SharePoint and Teams libraries too), "Dropbox",
    "Google Drive", "My Drive" or "Shared drives".
    """
    for part in PurePath(folder).parts:
        lowered = part.lower()
        if lowered.startswith("sharepoint"):
            return "SharePoint"
        for start, client in _SYNC_FOLDERS:
            if lowered.startswith(start):
                return client
    return None


def looks_like_conflict_copy(path: Path) -> bool:
    """Whether the name is OneDrive's for a conflict copy ("Name-DESKTOP-AB12CD.charter")."""
    return bool(ONEDRIVE_CONFLICT.search(Path(path).stem))


#: Windows marks a OneDrive or SharePoint file kept only online ("files on demand"):
#: opening it downloads it first.
_CLOUD_ONLY = 0x00400000 | 0x00040000 | 0x00001000  # recall on data access, on open; offline


def in_the_cloud_only(info: os.stat_result) -> bool:
    """Whether the file is a placeholder whose contents are still online (Windows only)."""
    return bool(getattr(info, "st_file_attributes", 0) & _CLOUD_ONLY)


def _stamp(info: os.stat_result) -> tuple[int, int]:
    return info.st_mtime_ns, info.st_size


#: What a file held when last read: its revision ids, or None if it was not a draft.
Known = dict[tuple[str, int, int], frozenset[str] | None]


def find_copies(
    path: Path,
    history: History | frozenset[str],
    limit: int = MAX_LOOKED_AT,
    known: Known | None = None,
) -> list[SyncCopy]:
    """Other .charter files beside `path` that share its history and hold revisions it lacks.

    A copy with no revision in common is a different draft and never offered. Files
    that are not ordinary files, are too large, or cannot be read as drafts are
    skipped without a word; at most `limit` files are opened, OneDrive's conflict
    names first, so the most likely copies are looked at before the rest. With
    `known`, a file unchanged since an earlier look (same size and time) is not read
    again, so looking each time the window comes back to the front costs little.
    """
    # The revision ids may be given instead: a worker thread must not read a live history.
    ours = history if isinstance(history, frozenset) else {r.id for r in history.revisions}
    if not ours:
        return []
    path = Path(path)
    try:
        entries = [
            entry
            for entry in os.scandir(path.parent)
            if entry.name.lower().endswith(".charter") and entry.name != path.name
        ]
    except OSError:
        return []
    entries.sort(key=lambda entry: (not looks_like_conflict_copy(Path(entry.name)), entry.name))
    found: list[SyncCopy] = []
    for entry in entries[:limit]:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            continue
        if in_the_cloud_only(info) and not looks_like_conflict_copy(Path(entry.name)):
            continue  # reading it would download it, for a file that is rarely a copy
        key = (entry.path, *_stamp(info))
        if known is not None and key in known:
            theirs = known[key]
        else:
            theirs = _revision_ids(Path(entry.path))
            if known is not None:
                if len(known) >= 4 * MAX_LOOKED_AT:
                    known.clear()
                known[key] = theirs
        if theirs and theirs & ours and theirs - ours:
            found.append(SyncCopy(Path(entry.path), _stamp(info), len(theirs - ours)))
    return found


def _revision_ids(path: Path) -> frozenset[str] | None:
    try:
        return frozenset(revision.id for revision in load_draft(path).history.revisions)
    except (CharterError, OSError, ValueError):
        return None

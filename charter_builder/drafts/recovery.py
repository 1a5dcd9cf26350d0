"""Recovery copies: unsaved work kept aside, so a crash or power cut loses almost nothing.

While a draft has unsaved changes the window writes a copy of it here every few
seconds. A clean close removes it; a copy still here when the application next
starts was left by a session that ended unexpectedly, and is offered back.

Each copy is two files in the recovery folder, named by a random id: the draft
itself (``<id>.charter``, the ordinary file format) and a small note
(``<id>.json``) saying what it belongs to, when it was written, and by which
process on which computer. Both are written aside and renamed into place, so
either the old or the new version is there, whole. A copy whose process is
still running belongs to another open window and is never offered.

This module must not import Qt: the window decides *when* to write; this decides how.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from charter_builder.charter.moments import to_moment
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import loads_draft
from charter_builder.drafts.draft_lock import (
    STALE_AFTER,
    FileStamp,
    process_running,
    this_machine,
)
from charter_builder.errors import CharterError
from charter_builder.storage.bounded_read import FileTooLarge, read_limited
from charter_builder.storage.safe_write import remove_stale_temps_in, write_bytes
from charter_builder.when import day_at_clock

log = logging.getLogger(__name__)

#: Bumped if the note's layout ever changes incompatibly.
NOTE_VERSION = 1
_ID = re.compile(r"[0-9a-f]{16,64}")
_MAX_NOTE_BYTES = 64 * 1024
_OLD_TEMP_SECONDS = 3600
#: A recovery copy is a draft; the file format refuses anything much larger anyway.
_MAX_DRAFT_BYTES = 256 * 1024 * 1024


class RecoveryError(CharterError):
    """A recovery copy could not be written or read; the message says why in plain words."""


def new_recovery_id() -> str:
    return secrets.token_hex(12)


@dataclass(frozen=True)
class RecoveryNote:
    """What a recovery copy belongs to, and who wrote it when."""

    #: The draft's own file (None: a new draft, never saved).
    original: Path | None
    #: The name the window showed ("wyvern.charter", "Untitled.charter").
    display_name: str
    #: The partnership's name at the time, so a never-saved draft can be recognised.
    title: str
    saved_at: datetime
    pid: int
    machine: str
    #: The original file as the session last read or wrote it; saving the restored
    #: draft compares the disk with this, so someone else's later save is merged, not lost.
    stamp: FileStamp | None = None
    read_only: bool = False

    @classmethod
    def for_this_process(
        cls,
        original: Path | None,
        display_name: str,
        title: str = "",
        *,
        stamp: FileStamp | None = None,
        read_only: bool = False,
        now: datetime | None = None,
    ) -> RecoveryNote:
        return cls(
            original=Path(original).absolute() if original is not None else None,
            display_name=display_name,
            title=title.strip()[:200],
            saved_at=now or datetime.now(UTC),
            pid=os.getpid(),
            machine=this_machine(),
            stamp=stamp,
            read_only=read_only,
        )

    def to_json(self) -> bytes:
        stamp = self.stamp
        record = {
            "version": NOTE_VERSION,
            "original": str(self.original) if self.original is not None else None,
            "display_name": self.display_name,
            "title": self.title,
            "saved_at": self.saved_at.astimezone(UTC).isoformat(),
            "pid": self.pid,
            "machine": self.machine,
            "stamp": (
                {"size": stamp.size, "mtime_ns": stamp.mtime_ns, "sha256": stamp.sha256}
                if stamp is not None
                else None
            ),
            "read_only": self.read_only,
        }
        return json.dumps(record, ensure_ascii=False, indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> RecoveryNote:
        """Read a note; ValueError (or TypeError, KeyError) if it is not one."""
        record: Any = json.loads(data.decode("utf-8"))
        if not isinstance(record, dict) or record.get("version") != NOTE_VERSION:
            raise ValueError("not a recovery note this version understands")
        saved_at = to_moment(str(record["saved_at"]))  # ValueError if it cannot be right
        original = record.get("original")
        raw_stamp = record.get("stamp")
        stamp = None
        if isinstance(raw_stamp, dict):
            stamp = FileStamp(
                int(raw_stamp["size"]), int(raw_stamp["mtime_ns"]), str(raw_stamp["sha256"])
            )
        return cls(
            original=Path(str(original)) if original else None,
            display_name=str(record.get("display_name") or "Untitled.charter"),
            title=str(record.get("title") or ""),
            saved_at=saved_at,
            pid=int(record["pid"]),
            machine=str(record.get("machine") or ""),
            stamp=stamp,
            read_only=bool(record.get("read_only", False)),
        )


@dataclass(frozen=True)
class Recovery:
    """A recovery copy found in the folder."""

    id: str
    note: RecoveryNote
    draft_path: Path

    def belongs_to(self) -> str:
        """ "wyvern.charter in /shared/ics", or "a new draft not yet saved"."""
        original = self.note.original
        if original is None:
            return "a new draft not yet saved"
        return f"{original.name} in {original.parent}"

    def saved_when(self, now: datetime | None = None) -> str:
        return day_at_clock(self.note.saved_at, now)


class RecoveryStore:
    """The folder of recovery copies (created when first written to)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _paths(self, recovery_id: str) -> tuple[Path, Path]:
        if not _ID.fullmatch(recovery_id):
            raise ValueError(f"not a recovery id: {recovery_id!r}")
        return self.folder / f"{recovery_id}.charter", self.folder / f"{recovery_id}.json"

    # -- writing (may run on a worker thread: it touches only the disk) -------------------

    def write(self, recovery_id: str, data: bytes, note: RecoveryNote) -> None:
        """Keep `data` (a draft's bytes, from dumps_draft) as recovery copy `recovery_id`.

        The draft goes first, then the note: a crash between the two leaves the
        newer draft with the older note, never a note promising a draft not there.
        Raises RecoveryError if the folder cannot be written.
        """
        draft_path, note_path = self._paths(recovery_id)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_bytes(draft_path, data)
            write_bytes(note_path, note.to_json())
        except OSError as error:
            raise RecoveryError(
                "Charter Builder could not keep a recovery copy of your unsaved changes "
                f"({error.strerror or 'the disk could not be written to'}). Please save "
                "your work."
            ) from error

    def claim(self, recovery: Recovery) -> None:
        """Mark a left-behind copy as this process's: it is no longer offered elsewhere."""
        _draft_path, note_path = self._paths(recovery.id)
        note = recovery.note
        mine = RecoveryNote(
            original=note.original,
            display_name=note.display_name,
            title=note.title,
            saved_at=note.saved_at,
            pid=os.getpid(),
            machine=this_machine(),
            stamp=note.stamp,
            read_only=note.read_only,
        )
        try:
            write_bytes(note_path, mine.to_json())
        except OSError as error:
            log.warning("could not claim recovery copy %s: %s", recovery.id, error)

    def discard(self, recovery_id: str) -> None:
        """Remove a recovery copy (nothing happens if it is not there)."""
        draft_path, note_path = self._paths(recovery_id)
        for path in (note_path, draft_path):  # the note first: no note, no offer
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                log.warning("could not remove recovery file %s: %s", path, error)

    # -- after a crash -------------------------------------------------------------

    def left_behind(self, *, now: datetime | None = None) -> list[Recovery]:
        """Recovery copies whose writer is no longer running, newest first.

        Damaged or half-written copies are skipped (and logged), never a reason
        not to start.
        """
        now = now or datetime.now(UTC)
        found: list[Recovery] = []
        try:
            notes = sorted(self.folder.glob("*.json"))
        except OSError as error:
            log.warning("could not look in the recovery folder %s: %s", self.folder, error)
            return []
        for note_path in notes:
            recovery = self._read(note_path)
            if recovery is not None and not _still_running(recovery.note, now):
                found.append(recovery)
        found.sort(key=lambda r: r.note.saved_at, reverse=True)
        self._remove_old_temps()
        return found

    def _remove_old_temps(self) -> None:
        """Half-written files a crash left mid-write; recent ones may be a live write."""
        remove_stale_temps_in(self.folder, _OLD_TEMP_SECONDS)

    def _read(self, note_path: Path) -> Recovery | None:
        recovery_id = note_path.stem
        if not _ID.fullmatch(recovery_id):
            return None  # not one of ours
        draft_path = note_path.with_suffix(".charter")
        try:
            # Only ordinary files: a pipe here would stop the app starting, a device flood it.
            data = read_limited(note_path, _MAX_NOTE_BYTES, follow_symlinks=False)
            note = RecoveryNote.from_json(data)
            if not draft_path.is_file():
                raise ValueError("its draft is missing")
        except (OSError, ValueError, TypeError, KeyError, OverflowError) as error:
            log.warning("skipping damaged recovery copy %s: %s", note_path, error)
            return None
        return Recovery(recovery_id, note, draft_path)

    def load(self, recovery: Recovery) -> Draft:
        """The recovered draft; RecoveryError in plain words if it cannot be read."""
        what = recovery.note.display_name
        try:
            data = read_limited(recovery.draft_path, _MAX_DRAFT_BYTES, follow_symlinks=False)
        except FileTooLarge:
            raise RecoveryError(
                f"The recovery copy of “{what}” is far too large to be a draft, so it "
                "could not be restored."
            ) from None
        except OSError as error:
            log.warning("could not read recovery copy %s: %s", recovery.draft_path, error)
            raise RecoveryError(
                f"The recovery copy of “{what}” could not be read (it may have been removed). "
                "Nothing has been changed."
            ) from error
        try:
            return loads_draft(data, what)
        except CharterError as error:
            log.warning("damaged recovery copy %s: %s", recovery.draft_path, error.message)
            raise RecoveryError(
                f"The recovery copy of “{what}” is damaged and could not be restored. "
                "Nothing has been changed; your last saved copy is as it was."
            ) from error


def _still_running(note: RecoveryNote, now: datetime) -> bool:
    """Whether the process that wrote `note` may still be running (its window still open)."""
    if note.machine == this_machine():
        return note.pid > 0 and process_running(note.pid)
    # Another computer (a roaming profile): we cannot ask, so go by how fresh it is.
    # A window with pending changes rewrites its copy at least once a minute.
    return now - note.saved_at < STALE_AFTER


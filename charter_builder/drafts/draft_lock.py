"""Shared-drive safety: who has a draft open, and whether the file changed under us.

Drafts live on shared drives and several officers may open the same one. A
lock file beside the draft says who has it open, on which computer, and since
when, so a second person is told rather than silently overwriting the first.
Qt's QLockFile cannot carry a name and organisation (and the core must not
import Qt), so the lock is our own small JSON file.

The lock is called ``.~lock.<draft name>#``, next to the draft: the convention
LibreOffice and OpenOffice use, so IT staff and backup or sync tools that know
it already leave it alone; the leading dot hides it on macOS and Linux, and on
Windows it is marked hidden. Being in the same folder means everyone who can
see the draft sees the lock, whatever drive letter or path they reach it by.

A lock proves nothing on its own: people copy files, drives disconnect, and
some never open the app at all. So before every save the file on disk is also
compared with the one that was opened (its FileStamp), and a change by anyone
else stops the save.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import secrets
import socket
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from charter_builder.charter.moments import to_moment
from charter_builder.errors import CharterError
from charter_builder.storage.bounded_read import (
    NotARegularFile,
    open_regular,
    read_limited_with_stat,
)
from charter_builder.storage.safe_write import write_bytes
from charter_builder.when import clock_on_day

#: The holder rewrites its lock this often while the draft is open.
REFRESH_INTERVAL = timedelta(minutes=2)
#: A lock not refreshed for this long was left behind (a crash, a lost connection,
#: a laptop closed). Generous, because clocks on different computers disagree a little.
STALE_AFTER = timedelta(minutes=10)
#: A lock file can be caught between being created and being written; wait this long.
_PARTIAL_WAIT = 0.5
_MAX_LOCK_BYTES = 16 * 1024
_MAX_TEXT = 200
_NOT_A_LOCK = (
    "The note Charter Builder keeps beside the draft is not an ordinary file, so it "
    "cannot be anyone's lock."
)


class DraftLockError(CharterError):
    """The lock could not be placed or read, for a reason other than someone holding it."""


@dataclass(frozen=True)
class LockHolder:
    """What a lock file says about the person who has the draft open."""

    name: str
    organisation: str
    machine: str
    pid: int
    since: datetime
    refreshed: datetime
    token: str = ""

    @property
    def who(self) -> str:
        """ "Jane Smith (Leeds City Council)", or whichever of the two is known."""
        if self.name and self.organisation:
            return f"{self.name} ({self.organisation})"
        return self.name or self.organisation or "Someone"

    def to_json(self) -> bytes:
        record = {
            "name": self.name,
            "organisation": self.organisation,
            "machine": self.machine,
            "pid": self.pid,
            "since": self.since.isoformat(),
            "refreshed": self.refreshed.isoformat(),
            "token": self.token,
        }
        return json.dumps(record, ensure_ascii=False, indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> LockHolder:
        """Read a lock record; ValueError if it is not one (damaged, or half written)."""
        record: Any = json.loads(data.decode("utf-8"))
        if not isinstance(record, dict):
            raise ValueError("not a lock record")
        since = _utc(record.get("since"))
        return cls(
            name=_text(record.get("name")),
            organisation=_text(record.get("organisation")),
            machine=_text(record.get("machine")),
            pid=int(record.get("pid") or 0),
            since=since,
            refreshed=_utc(record.get("refreshed") or record.get("since")),
            token=_text(record.get("token")),
        )


@dataclass(frozen=True)
class LockState:
    """A lock someone else holds: who, and whether it looks left behind."""

    holder: LockHolder
    stale: bool
    #: Why it looks left behind, in words ("" when it does not).
    stale_reason: str = ""


class DraftLocked(CharterError):
    """Someone else has the draft open. The message names them in plain words."""

    def __init__(self, path: Path, state: LockState, *, now: datetime | None = None) -> None:
        super().__init__(describe_holder(state, now=now))
        self.path = path
        self.state = state

    @property
    def holder(self) -> LockHolder:
        return self.state.holder

    @property
    def stale(self) -> bool:
        return self.state.stale


def lock_path_for(draft: Path) -> Path:
    """Where the lock for `draft` lives: beside it, hidden."""
    draft = Path(draft)
    return draft.with_name(f".~lock.{draft.name}#")


def this_machine() -> str:
    return socket.gethostname() or "this computer"


class DraftLock:
    """Our lock on one draft. Acquire it on opening, refresh it while open, release on closing."""

    def __init__(self, draft: Path, name: str, organisation: str) -> None:
        self.draft = Path(draft).absolute()
        self.path = lock_path_for(self.draft)
        self.name = name.strip() or _login_name()
        self.organisation = organisation.strip()
        self.token = secrets.token_hex(12)
        self.held = False
        self._since = datetime.now(UTC)

    def _record(self, now: datetime | None = None) -> LockHolder:
        return LockHolder(
            name=self.name[:_MAX_TEXT],
            organisation=self.organisation[:_MAX_TEXT],
            machine=this_machine(),
            pid=os.getpid(),
            since=self._since,
            refreshed=now or datetime.now(UTC),
            token=self.token,
        )

    # -- acquiring -------------------------------------------------------------

    def acquire(self) -> None:
        """Place the lock, or raise DraftLocked naming who holds it.

        O_CREAT|O_EXCL makes creating the file the test: of two people opening at
        once, exactly one creates it; the other is told who.
        """
        self._since = datetime.now(UTC)
        for attempt in range(2):
            try:
                descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                state = read_lock(self.draft)
                if state is None and attempt == 0:
                    continue  # released between our try and our look: try once more
                if state is None:
                    raise DraftLockError(_cannot_lock(self.draft, None)) from None
                if state.holder.token == self.token:
                    self.held = True
                    return
                raise DraftLocked(self.draft, state) from None
            except OSError as error:
                raise DraftLockError(_cannot_lock(self.draft, error)) from error
            try:
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(self._record().to_json())
                    stream.flush()
                    os.fsync(stream.fileno())
            except OSError as error:
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
                raise DraftLockError(_cannot_lock(self.draft, error)) from error
            _hide(self.path)
            self.held = True
            return

    def take_over(self) -> None:
        """Replace whoever's lock is there with ours (the user chose to, having been told)."""
        self._since = datetime.now(UTC)
        self._write()
        state = read_lock(self.draft)
        if state is None or state.holder.token != self.token:
            # Someone else took it over in the same moment: they win, and we say so.
            if state is not None:
                raise DraftLocked(self.draft, state)
            raise DraftLockError(_cannot_lock(self.draft, None))
        self.held = True

    # -- while open -------------------------------------------------------------

    def refresh(self) -> bool:
        """Show we are still here. False if the lock is no longer ours (someone took over)."""
        if not self.held:
            return False
        state = read_lock(self.draft)
        if state is None:
            # Someone tidied the folder and removed it: put it back, if nobody else has.
            self.held = False
            with contextlib.suppress(CharterError):
                self.acquire()
            return self.held
        if state.holder.token != self.token:
            self.held = False
            return False
        try:
            self._write()
        except DraftLockError:
            return True  # the drive may be briefly away; the lock is still ours
        return True

    def is_ours(self) -> bool:
        state = read_lock(self.draft)
        return state is not None and state.holder.token == self.token

    def current_holder(self) -> LockState | None:
        """Who holds the lock now (None: nobody) — after a take-over, the other person."""
        return read_lock(self.draft)

    def release(self) -> None:
        """Remove the lock if it is still ours; someone who took over keeps theirs."""
        if self.held and self.is_ours():
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        self.held = False

    def _write(self) -> None:
        """Rewrite the lock in one step (write aside, then replace), never half-written."""
        try:
            _unhide(self.path)
            write_bytes(self.path, self._record().to_json())
        except OSError as error:
            raise DraftLockError(_cannot_lock(self.draft, error)) from error
        _hide(self.path)


def read_lock(draft: Path, *, now: datetime | None = None) -> LockState | None:
    """The lock beside `draft`, if there is one, and whether it looks left behind."""
    path = lock_path_for(Path(draft))
    deadline = time.monotonic() + _PARTIAL_WAIT
    while True:
        try:
            # Never wait on a pipe or read a device: only an ordinary file can be a lock.
            data, info = read_limited_with_stat(path, _MAX_LOCK_BYTES, follow_symlinks=False)
            modified = datetime.fromtimestamp(info.st_mtime, UTC)
        except FileNotFoundError:
            return None
        except NotARegularFile:
            now = now or datetime.now(UTC)
            return LockState(LockHolder("", "", "", 0, now, now), True, _NOT_A_LOCK)
        except OSError:
            data, modified = b"", datetime.now(UTC)
        try:
            holder = LockHolder.from_json(data)
            break
        except (ValueError, TypeError, UnicodeDecodeError, OverflowError):
            if time.monotonic() >= deadline:
                # Damaged or abandoned mid-write: nobody we can name.
                holder = LockHolder("", "", "", 0, modified, modified)
                break
            time.sleep(0.05)
    return LockState(holder, *_staleness(holder, modified, now or datetime.now(UTC)))


def _staleness(holder: LockHolder, modified: datetime, now: datetime) -> tuple[bool, str]:
    same_machine = bool(holder.machine) and holder.machine == this_machine()
    if same_machine and holder.pid and not process_running(holder.pid):
        return True, (
            "That copy of Charter Builder is no longer running on this computer, so it "
            "looks as if the draft was left open when it closed unexpectedly."
        )
    # Either the holder's clock (refreshed) or the drive's (the file's time) may be
    # right; a lock is live if either says it was touched recently.
    last_seen = max(holder.refreshed, modified)
    if now - last_seen > STALE_AFTER:
        return True, (
            f"Nobody has been active in it since {clock_on_day(last_seen, now)}, so it looks as if "
            "it was left behind (perhaps the computer was switched off or lost its connection)."
        )
    return False, ""


def describe_holder(state: LockState, *, now: datetime | None = None) -> str:
    """ "Jane Smith (Leeds City Council) has had this draft open on LAPTOP-7 since 14:05 today." """
    holder = state.holder
    now = now or datetime.now(UTC)
    if not (holder.name or holder.organisation or holder.machine):
        return (
            "Someone has this draft open (Charter Builder cannot tell who: the note it "
            f"keeps beside the draft is unreadable), since {clock_on_day(holder.since, now)}."
        )
    where = f" on {holder.machine}" if holder.machine else ""
    return f"{holder.who} has had this draft open{where} since {clock_on_day(holder.since, now)}."



def process_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process on Windows
        import ctypes

        synchronize, still_active = 0x00100000 | 0x1000, 259
        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(synchronize, False, pid)
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == still_active
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    except OSError:
        return True
    return True


def _hide(path: Path) -> None:
    if sys.platform == "win32":
        import ctypes

        with contextlib.suppress(Exception):
            ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # type: ignore[attr-defined]


def _unhide(path: Path) -> None:
    """Windows refuses to replace a hidden file; show it for the moment of replacing."""
    if sys.platform == "win32":
        import ctypes

        with contextlib.suppress(Exception):
            ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x80)  # type: ignore[attr-defined]


def _cannot_lock(draft: Path, error: OSError | None) -> str:
    reason = ""
    if isinstance(error, PermissionError):
        reason = " You may not have permission to change files in that folder."
    return (
        f"Charter Builder could not mark “{draft.name}” as open by you, so other people "
        f"would not know you are editing it.{reason}"
    )


def _login_name() -> str:
    with contextlib.suppress(Exception):
        return getpass.getuser()
    return ""


def _text(value: Any) -> str:
    return str(value)[:_MAX_TEXT] if isinstance(value, str) else ""


def _utc(value: Any) -> datetime:
    """A time from the lock; ValueError (the lock is damaged) if it is none we can use."""
    if not isinstance(value, str):
        raise ValueError("no time")
    return to_moment(value)  # a time that cannot be converted is damage, not a crash


# ---------------------------------------------------------------- the file on disk


@dataclass(frozen=True)
class FileStamp:
    """What a draft file was when we last read or wrote it."""

    size: int
    mtime_ns: int
    sha256: str


def stamp_bytes(data: bytes, path: Path) -> FileStamp:
    """The stamp for bytes just read from (or written to) `path`."""
    info = os.stat(path)
    return FileStamp(len(data), info.st_mtime_ns, hashlib.sha256(data).hexdigest())


def stamp(path: Path) -> FileStamp:
    """Size, modification time and content hash of the file at `path` (OSError if unreadable)."""
    descriptor, info = open_regular(path)  # never a pipe or a device, which never end
    with os.fdopen(descriptor, "rb") as stream:
        digest = hashlib.sha256()
        for chunk in iter(lambda: stream.read(1 << 16), b""):
            digest.update(chunk)
    return FileStamp(info.st_size, info.st_mtime_ns, digest.hexdigest())


def read_with_stamp(path: Path) -> tuple[bytes, FileStamp]:
    """A draft's bytes and their stamp, from one read, so the two always agree."""
    from charter_builder.drafts.draft_file import MAX_FILE_BYTES

    data, info = read_limited_with_stat(path, MAX_FILE_BYTES)
    return data, FileStamp(len(data), info.st_mtime_ns, hashlib.sha256(data).hexdigest())


def changed_since(path: Path, opened: FileStamp) -> bool:
    """Whether the file at `path` is no longer what was opened (or last saved).

    The content decides. A different size is a change without reading further.
    Otherwise the file is always hashed: an equal size and time do not prove equal
    content (a copy tool can restore the old time; coarse network-drive clocks can
    hide a quick second save), and a different time alone is no change either (a
    sync client re-downloading identical bytes). Drafts are small, so hashing on
    each save costs milliseconds. A file that has gone is not "changed": saving
    puts it back and overwrites nobody's work.
    """
    try:
        if os.stat(path).st_size != opened.size:
            return True
        return stamp(path).sha256 != opened.sha256
    except FileNotFoundError:
        return False

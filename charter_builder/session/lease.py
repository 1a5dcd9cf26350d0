"""The lock policy for opening, saving and taking over a draft, as results, not dialogs.

Whoever shows the choices (the window's dialogs, or a command's refusal) reads
the result and decides how to say it; the policy itself is written once here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from charter_builder.drafts.draft_lock import DraftLock, DraftLocked, DraftLockError
from charter_builder.errors import CharterError
from charter_builder.paths import same_file
from charter_builder.session.reading import real_path

#: (name, organisation), as recorded in the lock and in each revision.
Identity = tuple[str, str]

OPENS_READ_ONLY = "The draft will open read-only"
NOT_TAKEN_OVER = "The draft could not be taken over"


class LockChoice(Enum):
    """What the user chose about a draft someone else has open."""

    READ_ONLY = "read-only"
    SAVE_COPY = "save a copy"
    TAKE_OVER = "take over"


@dataclass(frozen=True)
class Notice:
    """Something the user is told, though the action carries on or stops quietly."""

    title: str
    message: str


@dataclass(frozen=True)
class OpeningLease:
    """What trying to lock a draft for opening found: exactly one of the three is set."""

    #: Ours now (or already).
    lock: DraftLock | None = None
    #: Someone else has it open: the user chooses what to do.
    locked: DraftLocked | None = None
    #: No lock could be placed (a read-only share): the draft can be looked at only.
    unavailable: DraftLockError | None = None


@dataclass(frozen=True)
class Opening:
    """How to open a draft once any question about its lock is answered."""

    lock: DraftLock | None = None
    read_only: bool = False
    #: The user chose to keep their work under a name of their own.
    save_copy: bool = False
    cancelled: bool = False
    notice: Notice | None = None


@dataclass(frozen=True)
class SavingLease:
    """Whether a file may be written, and our lock on it while we do (None: none possible)."""

    allowed: bool
    lock: DraftLock | None = None
    #: Not allowed because someone else has it open.
    locked: DraftLocked | None = None
    #: Not allowed because their left-behind lock could not be taken over.
    failure: CharterError | None = None


def new_lock(path: Path, identity: Identity) -> DraftLock:
    """An unplaced lock for the file `path` names (beside the real file, not a shortcut)."""
    return DraftLock(real_path(path), *identity)


def _already_ours(path: Path, held: DraftLock | None) -> bool:
    return held is not None and same_file(path, held.draft) and held.is_ours()


def lease_for_opening(
    path: Path, identity: Identity, held: DraftLock | None = None
) -> OpeningLease:
    """Lock `path` for opening, or say who has it, or that no lock can be placed."""
    if held is not None and _already_ours(path, held):
        return OpeningLease(lock=held)
    lock = new_lock(path, identity)
    try:
        lock.acquire()
    except DraftLocked as locked:
        return OpeningLease(locked=locked)
    except DraftLockError as error:
        return OpeningLease(unavailable=error)
    return OpeningLease(lock=lock)


def take_over(path: Path, identity: Identity) -> DraftLock:
    """Replace whoever's lock is on `path` with ours (CharterError if that fails)."""
    lock = new_lock(path, identity)
    lock.take_over()
    return lock


def _try_take_over(path: Path, identity: Identity) -> tuple[DraftLock | None, Notice | None]:
    try:
        return take_over(path, identity), None
    except CharterError as error:
        return None, Notice(NOT_TAKEN_OVER, error.message)


def settle_opening(
    lease: OpeningLease,
    path: Path,
    identity: Identity,
    ask: Callable[[DraftLocked], LockChoice | None],
    *,
    crashed_session: tuple[int, str] | None = None,
) -> Opening:
    """The lock-choice ladder that opening a draft and restoring unsaved work share.

    `ask` is asked only when someone else has the draft open. `crashed_session`
    (process id, computer) is the session whose unsaved work is being restored:
    its own lock, left behind by the crash, is simply taken back.
    """
    if lease.lock is not None:
        return Opening(lock=lease.lock)
    if lease.unavailable is not None or lease.locked is None:
        message = lease.unavailable.message if lease.unavailable is not None else ""
        return Opening(read_only=True, notice=Notice(OPENS_READ_ONLY, message))
    locked = lease.locked
    holder = locked.holder
    if crashed_session is not None and locked.stale and (
        (holder.pid, holder.machine) == crashed_session
    ):
        lock, notice = _try_take_over(path, identity)
        return Opening(lock=lock, read_only=lock is None, notice=notice)
    choice = ask(locked)
    if choice is LockChoice.TAKE_OVER:
        lock, notice = _try_take_over(path, identity)
        return Opening(lock=lock, cancelled=lock is None, notice=notice)
    if choice is LockChoice.READ_ONLY:
        return Opening(read_only=True)
    if choice is LockChoice.SAVE_COPY:
        return Opening(read_only=True, save_copy=True)
    return Opening(cancelled=True)


def lease_for_saving(path: Path, identity: Identity, held: DraftLock | None = None) -> SavingLease:
    """May we write `path`, and with which lock?

    Not while someone else has it open. A lock left behind (a crash, a laptop
    closed) is taken over: nobody is working on it. Allowed without a lock when
    none can be placed (the folder may not allow it): the save then says
    plainly if it fails.
    """
    if held is not None and _already_ours(path, held):
        return SavingLease(True, held)
    lock = new_lock(path, identity)
    try:
        lock.acquire()
    except DraftLocked as locked:
        if not locked.stale:
            return SavingLease(False, locked=locked)
        taken, notice = _try_take_over(path, identity)
        if taken is None:
            assert notice is not None
            return SavingLease(False, failure=CharterError(notice.message))
        return SavingLease(True, taken)
    except DraftLockError:
        return SavingLease(True, None)
    return SavingLease(True, lock)


def let_go(lock: DraftLock | None, kept: DraftLock | None = None) -> None:
    """Release a lock taken for an action, unless the draft kept it (it is now the draft's)."""
    if lock is not None and lock is not kept:
        lock.release()

"""How a command saves a draft: exactly as the window does, with nobody to ask.

Where the window would ask (someone has the draft open; someone saved it since
it was read), a command refuses in the same words, writes nothing, and the
terminal exits 1. Every lock a command takes is let go when it finishes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.history import Revision
from charter_builder.errors import CharterError
from charter_builder.session.lease import Identity, SavingLease, lease_for_saving, let_go
from charter_builder.session.open_draft import OpenDraft
from charter_builder.session.refusals import CHOOSE_ANOTHER_NAME, SaveRefused

#: When a command writes over its own draft, and someone has that draft open.
ASK_TO_CLOSE = "Please ask them to close it first, then run the command again."


@contextmanager
def open_for_writing(
    path: Path, identity: Identity, *, locked_advice: str = ASK_TO_CLOSE
) -> Iterator[OpenDraft]:
    """Lock the draft at `path` (refusing if someone else has it open), then read it.

    The lock is held while the command works, so colleagues opening it meanwhile
    are told, and let go when the command ends, however it ends.
    """
    lease = lease_for_saving(path, identity)
    if not lease.allowed:
        _refuse(path, lease, locked_advice)
    try:
        session = OpenDraft.read(path, lock=lease.lock)
    except BaseException:
        let_go(lease.lock)
        raise
    try:
        yield session
    finally:
        session.release_lock()
        let_go(lease.lock)


def save_from_command(
    session: OpenDraft,
    target: Path,
    identity: Identity,
    *,
    summary: str | None = None,
    changed_advice: str = "",
    locked_advice: str = CHOOSE_ANOTHER_NAME,
) -> Revision | None:
    """Save `session` to `target` as the window would, then let go of any lock taken."""
    lease = lease_for_saving(target, identity, held=session.lock)
    if not lease.allowed:
        _refuse(target, lease, locked_advice)
    try:
        return session.save(
            target, author=identity, summary=summary, lock=lease.lock, advice=changed_advice
        )
    finally:
        if lease.lock is not None and lease.lock is session.lock:
            session.release_lock()
        let_go(lease.lock, session.lock)


def save_new(draft: Draft, target: Path, identity: Identity, *, summary: str) -> Revision | None:
    """Save a draft that has no file yet (`new`): nothing on disk is taken account of."""
    return save_from_command(OpenDraft(draft), target, identity, summary=summary)


def _refuse(path: Path, lease: SavingLease, advice: str) -> NoReturn:
    if lease.locked is not None:
        raise SaveRefused(path, lease.locked, advice)
    raise lease.failure or CharterError(f"“{Path(path).name}” could not be saved.")

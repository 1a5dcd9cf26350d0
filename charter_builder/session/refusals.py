"""The plain words for a save that was refused, the same in the window and the terminal."""

from __future__ import annotations

from pathlib import Path

from charter_builder.drafts.draft_lock import DraftLocked
from charter_builder.errors import CharterError
from charter_builder.session.reading import read_draft
from charter_builder.when import clock_on_day


class DraftChangedOnDisk(CharterError):
    """The draft's file was changed by someone else since it was read; nothing was written."""

    def __init__(self, path: Path, advice: str = "") -> None:
        self.path = Path(path)
        super().__init__(changed_on_disk_message(self.path, advice))


class SaveRefused(CharterError):
    """Someone else has the file open; nothing was written."""

    def __init__(self, path: Path, locked: DraftLocked, advice: str) -> None:
        self.path = Path(path)
        self.locked = locked
        super().__init__(f"{locked.message} {advice}".strip())


#: What the window adds when saving under a name someone else has open.
CHOOSE_ANOTHER_NAME = "Please choose a different name, or ask them to close it first."


def changed_on_disk_message(path: Path, advice: str = "") -> str:
    """The window's words (see gui.lock_dialog.changed_question), then what to do here.

    Without `advice` it is the window's own one-line refusal, unchanged.
    """
    heading = f"“{path.name}” has been changed by someone else since you opened it"
    if not advice:
        return f"{heading}, so it was not saved."
    who = saved_by(path)
    return f"{heading}. {who + ' ' if who else ''}Nothing has been overwritten. {advice}"


def saved_by(path: Path) -> str:
    """Who saved the draft on disk last, from its own history ("" if it does not say)."""
    try:
        draft, _stamp = read_draft(path)
        head = draft.history.head
        if head is None:
            return ""
        revision = draft.history.revision(head)
    except (CharterError, KeyError, OSError):
        return ""
    return f"{revision.who} saved it at {clock_on_day(revision.time)}."

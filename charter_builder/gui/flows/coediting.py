"""Working on a draft with others: merging a copy in, and keeping our lock fresh.

While a draft is open its lock is refreshed every few minutes so colleagues
can see we are still here; if someone took it over meanwhile, the user is told,
and the next save checks for their changes instead of overwriting them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from charter_builder.charter.model import Charter
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_lock import REFRESH_INTERVAL, FileStamp
from charter_builder.errors import CharterError
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.prompts import Prompts
from charter_builder.session.reading import read_draft
from charter_builder.words import plural


class CoeditingFlow(QObject):
    """Merge with a copy (File menu, or when saving finds the file changed); the lock's care."""

    #: A word for the status bar, and for how long to show it (milliseconds).
    status = Signal(str, int)

    def __init__(
        self, document: CharterDocument, prompts: Prompts, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.prompts = prompts
        #: While a draft is open with our lock, it is refreshed so others see we are here.
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(int(REFRESH_INTERVAL.total_seconds() * 1000))
        self.lock_timer.timeout.connect(self.refresh_lock)
        document.status_changed.connect(self._follow_lock)
        self._follow_lock()

    def _follow_lock(self) -> None:
        if self.document.lock is not None:
            self.lock_timer.start()
        else:
            self.lock_timer.stop()

    def merge_with_copy(self) -> bool:
        """File > Merge with a Copy…: bring another copy's changes in, as one undoable step."""
        path = self.prompts.ask_merge_path()
        if path is None:
            return False
        message = self.merge_from(path, from_disk=False)
        if message is None:
            return False
        self.status.emit(message, 10000)
        return True

    def merge_from(self, path: Path, *, from_disk: bool) -> str | None:
        """Merge the draft at `path` into ours; what was merged, in words (None: nothing).

        `from_disk`: `path` is this draft's own file, changed by someone else; the
        next save then knows their version was taken account of.
        """
        from charter_builder.drafts.draft_merge import merge_drafts

        try:
            theirs, their_stamp = read_draft(path)
            merge = merge_drafts(self.document.draft, theirs)
        except CharterError as error:
            self.prompts.show_error("The copies could not be merged", error.message)
            return None
        conflicts = len(merge.result.conflicts)
        merged = merge.draft if merge.result.clean else self.prompts.resolve_conflicts(merge)
        if merged is None:
            self.status.emit("Merge cancelled: nothing was changed.", 8000)
            return None
        mine = self.document.charter.model_copy(deep=True)
        disk: FileStamp | None = their_stamp if from_disk else None
        self.document.merge_in(merged, disk=disk, text=f"merge changes from {path.name}")
        return merge_message(mine, merged, path.name, conflicts)

    def refresh_lock(self) -> None:
        """Every few minutes: show others we are still here, and notice a take-over."""
        lock = self.document.lock
        if lock is None or lock.refresh():
            return
        state = lock.current_holder()
        self.document.lock = None
        self._follow_lock()
        who = state.holder.who if state is not None else "Someone else"
        self.prompts.show_error(
            "Someone else has taken over this draft",
            f"{who} has taken over “{self.document.display_name}”. Your changes are still "
            "here. When you save, Charter Builder will check for their changes and offer "
            "to merge them with yours, so neither of you loses work.",
        )


def merge_message(mine: Charter, merged: Draft, name: str, conflicts: int) -> str:
    """ "Merged 4 changes from copy.charter; 1 conflict decided by you." """
    from charter_builder.drafts.diff import diff_charters

    count = len(diff_charters(mine, merged.charter))
    if count == 0:
        text = f"Merged {name}: it had nothing your copy did not have already"
    else:
        text = f"Merged {plural(count, 'change')} from {name}"
    if conflicts:
        text += f"; {plural(conflicts, 'conflict')} decided by you"
    return text + "."

"""Copies a sync client left beside the open draft: offered for merging, then for the bin.

OneDrive, SharePoint, Dropbox and Google Drive keep both sides of an offline edit
as two files, and the lock syncs too late to prevent it. So when a draft is
opened, saved, or the window comes back to the front, its folder is looked at
(`drafts.sync_copies`, by shared history, never by name) and each copy with
changes ours lacks is offered once per session (again only if the file changes).
A merged copy is offered for the recycle bin only after the merged draft is saved,
so nothing is ever thrown away that is not safely in the draft.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFile, QObject, QSettings, Signal

from charter_builder.drafts.sync_copies import Known, SyncCopy, find_copies, sync_client
from charter_builder.gui.background import BackgroundTask
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.flows.coediting import CoeditingFlow
from charter_builder.gui.flows.files import FilesFlow
from charter_builder.gui.prompts import Prompts

#: QSettings key: folders whose sync client the user has been told about.
TOLD_KEY = "sync/toldFolders"


def sync_folder_message(client: str) -> str:
    """What a user is told, once per folder, about a draft kept by a sync client."""
    return (
        f"This draft is in a folder kept by {client}. Charter Builder marks a draft as open "
        "so colleagues are warned, but that mark reaches other computers only when "
        f"{client} copies it across, so it cannot warn people working on other computers "
        f"at the same time. If two people change the draft at once, {client} keeps both "
        "versions as separate files; Charter Builder will notice such copies in this folder "
        "and offer to merge them into your draft, so nobody's changes are lost."
    )


class SyncFlow(QObject):
    """Looks for the open draft's sync copies and offers to merge each, then to bin it."""

    #: A word for the status bar, and for how long to show it (milliseconds).
    status = Signal(str, int)
    #: A look at the folder has finished, with any questions it asked answered.
    looked = Signal()

    def __init__(
        self,
        document: CharterDocument,
        prompts: Prompts,
        files: FilesFlow,
        coediting: CoeditingFlow,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.prompts = prompts
        self.files = files
        self.coediting = coediting
        #: Each copy offered this session, with its stamp then: offered again only if changed.
        self.offered: dict[Path, tuple[int, int]] = {}
        self._busy = False
        #: Files already read, by size and time: coming back to the window rereads none.
        self._known: Known = {}
        files.opened.connect(self.look)
        files.saved.connect(self.look)

    def look(self) -> None:
        """Opened, saved or back in front: offer any new copy of this draft in its folder.

        The folder is read on a worker thread (on a network drive, or with several large
        drafts beside this one, that takes a while); the questions come when it is done.
        """
        path = self.document.path
        if path is None or self._busy or self.document.read_only:
            return
        self._busy = True
        self._tell_about_folder(path.parent)
        ours = frozenset(revision.id for revision in self.document.draft.history.revisions)
        known = self._known  # only the worker touches it while a look is under way
        task = BackgroundTask(lambda: (path, find_copies(path, ours, known=known)))
        # Bound methods of this QObject: if the window closes first, nothing is delivered.
        task.succeeded.connect(self._found)
        task.failed.connect(self._not_found)
        task.start()

    @property
    def looking(self) -> bool:
        """A look at the folder is under way (its questions may still be to come)."""
        return self._busy

    def _found(self, result: tuple[Path, list[SyncCopy]]) -> None:
        path, copies = result
        try:
            if self.document.path != path or self.document.read_only:
                return  # another draft is open now: these copies are not its copies
            for copy in copies:
                if self.offered.get(copy.path) == copy.stamp:
                    continue
                self.offered[copy.path] = copy.stamp
                if self.prompts.ask_merge_copy(copy.path, copy.new_revisions):
                    self.merge_copy(copy.path)
        finally:
            self._busy = False
            self.looked.emit()

    def _not_found(self, _message: str) -> None:
        self._busy = False
        self.looked.emit()

    def merge_copy(self, copy: Path) -> bool:
        """Merge `copy` in, save, and only then offer to move it to the recycle bin."""
        message = self.coediting.merge_from(copy, from_disk=False)
        if message is None:
            return False
        if not self.files.save():
            self.status.emit(f"{message} Not saved yet, so {copy.name} was kept.", 10000)
            return False
        self.status.emit(message, 10000)
        if self.prompts.ask_trash_copy(copy):
            self.move_to_trash(copy)
        return True

    def move_to_trash(self, copy: Path) -> bool:
        """The recycle bin (trash) takes the copy; where there is none, the user is told."""
        # PySide6 answers a bool, or (bool, where it went), depending on its version.
        answer = QFile.moveToTrash(str(copy))
        moved = answer[0] if isinstance(answer, tuple) else bool(answer)
        if moved and not copy.exists():
            self.status.emit(f"Moved {copy.name} to the recycle bin.", 8000)
            return True
        self.prompts.show_error(
            "The copy was not moved to the recycle bin",
            f"“{copy.name}” could not be moved to the recycle bin on this computer. Its "
            "changes are safely in your draft now, so you can delete the copy yourself.",
        )
        return False

    def _tell_about_folder(self, folder: Path) -> None:
        client = sync_client(folder.resolve())
        if client is None:
            return
        settings = QSettings()
        value = settings.value(TOLD_KEY, []) or []
        told = [value] if isinstance(value, str) else [str(f) for f in value]
        if str(folder) in told:
            return
        settings.setValue(TOLD_KEY, [*told, str(folder)][-200:])
        self.prompts.tell_sync_folder(client, sync_folder_message(client))

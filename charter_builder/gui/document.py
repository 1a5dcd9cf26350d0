"""The open draft: the charter being edited, its file, and its undo history.

Pages never change the model directly; they ask the document to apply a core
edit, which goes on the QUndoStack, so every change can be undone and every
page hears about it through `changed`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from charter_builder.charter.editing import (
    CompoundEdit,
    Edit,
    ReplaceCharter,
    SetField,
    longest_text,
    replace_charter,
    resolve,
    set_field,
)
from charter_builder.charter.model import Charter
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_lock import DraftLock, FileStamp
from charter_builder.gui import spelling
from charter_builder.session.merging import after_merge, merge_point, rejoin, return_to
from charter_builder.session.open_draft import OpenDraft
from charter_builder.signatures.signing import changes_agreed_text

log = logging.getLogger(__name__)

_SET_FIELD_ID = 1


def menu_phrase(text: str) -> str:
    """An edit's words as they follow "Undo " in a menu: sentence case, so a lower-case start.

    A leading word in capitals (an acronym such as "PDF") keeps its capitals.
    """
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


class EditCommand(QUndoCommand):
    """A core edit on the undo stack. Typing into one field merges into one step."""

    def __init__(self, document: CharterDocument, edit: Edit, merge_key: object = None) -> None:
        # In the Edit menu's words after "Undo" / "Redo", so in lower case: "Undo sign the charter".
        super().__init__(menu_phrase(edit.text))
        self.document = document
        self.edit = edit
        #: Edits of one path merge only with the same key: one partner's sign-off field, say.
        self.merge_key = merge_key

    def redo(self) -> None:
        self.edit.apply(self.document.charter)
        self.document._edited(self.edit)

    def undo(self) -> None:
        self.edit.undo(self.document.charter)
        self.document._edited(self.edit)

    def id(self) -> int:
        return _SET_FIELD_ID if isinstance(self.edit, SetField) and self.edit.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand):
            return False
        mine, theirs = self.edit, other.edit
        if not (isinstance(mine, SetField) and isinstance(theirs, SetField)):
            return False
        if mine.path != theirs.path or not theirs.merge or self.merge_key != other.merge_key:
            return False
        mine.new = theirs.new
        return True


class MergeCommand(QUndoCommand):
    """Someone else's changes merged in, as one step the user can undo.

    Undo puts the charter back and, unless the draft was saved since, also the
    note of what was on disk: saving then asks about their changes again rather
    than quietly overwriting them. The history only ever grows: revisions taken
    in from the other copy stay, whatever is undone.
    """

    def __init__(
        self, document: CharterDocument, merged: Draft, disk: FileStamp | None, text: str
    ) -> None:
        super().__init__(menu_phrase(text))
        self.document = document
        self.edit: ReplaceCharter = replace_charter(document.charter, merged.charter, text)
        self.merged = merged
        self.disk = disk
        self._before = merge_point(document.draft.history, document.stamp)
        self._after = after_merge(merged, disk, document.stamp)

    def redo(self) -> None:
        document = self.document
        self.edit.apply(document.charter)
        document.draft.media.update(self.merged.media)
        history = document.draft.history
        history.absorb(self.merged.history)
        if merge_point(history, document.stamp) == self._before:
            document.stamp = return_to(history, self._after)
        else:  # saved since this merge was undone: join their work onto that save
            rejoin(history, self.merged)
        document._edited(self.edit)

    def undo(self) -> None:
        document = self.document
        self.edit.undo(document.charter)
        history = document.draft.history
        if merge_point(history, document.stamp) == self._after:  # not saved since
            document.stamp = return_to(history, self._before)
        document._edited(self.edit)


class CharterDocument(QObject):
    """One draft, open in the window: the session's OpenDraft, with undo and signals.

    The draft, its path, stamp, lock and read-only state live in `open_draft`
    (Qt-free, shared with the command line); saving goes through it, so the
    window and the commands save the same way.
    """

    #: A part of the charter changed; the argument is the path edited (empty: everything).
    changed = Signal(tuple)
    #: A different draft was loaded, or the same one reloaded: every page refreshes.
    reset = Signal()
    #: The file name or the saved/unsaved state changed.
    status_changed = Signal()
    #: Text typed or pasted went past a field's limit (path, the limit) and was cut.
    text_cut = Signal(tuple, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.open_draft = OpenDraft()
        self.undo_stack = QUndoStack(self)
        self._never_saved = False
        self._agreed_change_allowed = False
        #: Asked before agreed text changes after signing began; the window sets a dialog.
        self.confirm_agreed_change: Callable[[], bool] = lambda: True
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        # The charter's own names (partners, places, people) are never misspellings.
        spelling.follow_document(self)

    def _clean_changed(self, _clean: bool) -> None:
        self.status_changed.emit()

    # -- the session's state, read and set through it --------------------
    @property
    def draft(self) -> Draft:
        return self.open_draft.draft

    @draft.setter
    def draft(self, draft: Draft) -> None:
        self.open_draft.draft = draft

    @property
    def path(self) -> Path | None:
        return self.open_draft.path

    @path.setter
    def path(self, path: Path | None) -> None:
        self.open_draft.path = path

    @property
    def lock(self) -> DraftLock | None:
        """Our lock on the file, while we hold one (None: a new draft, or read-only)."""
        return self.open_draft.lock

    @lock.setter
    def lock(self, lock: DraftLock | None) -> None:
        self.open_draft.lock = lock

    @property
    def stamp(self) -> FileStamp | None:
        """The file as we last read or wrote it; a different file on disk means someone saved."""
        return self.open_draft.stamp

    @stamp.setter
    def stamp(self, stamp: FileStamp | None) -> None:
        self.open_draft.stamp = stamp

    @property
    def read_only(self) -> bool:
        """Opened to look at only: no lock is held, and saving asks for a new name."""
        return self.open_draft.read_only

    @read_only.setter
    def read_only(self, read_only: bool) -> None:
        self.open_draft.read_only = read_only

    # -- the model -------------------------------------------------------
    @property
    def charter(self) -> Charter:
        return self.draft.charter

    def value(self, path: tuple[str, ...]) -> Any:
        return resolve(self.charter, path)

    def apply(self, edit: Edit, *, merge_key: object = None) -> None:
        """Make an edit the user asked for, undoably.

        Once the charter is frozen for signing and someone has signed, changing
        agreed text asks first (once per freeze), because signers must re-sign.
        A SetField with `merge` joins the step before only if that step edited
        the same path with the same `merge_key` (None for ordinary fields).
        """
        paths = _paths(edit)
        if self._needs_confirmation(paths) and not self.confirm_agreed_change():
            for path in paths:  # inputs go back to what the model still says
                self.changed.emit(path)
            return
        self.undo_stack.push(EditCommand(self, edit, merge_key))

    def _needs_confirmation(self, paths: list[tuple[str, ...]]) -> bool:
        charter = self.charter
        if not charter.frozen_for_signing or self._agreed_change_allowed:
            return False
        if not any(s.digest for s in charter.signatures):
            return False
        return any(changes_agreed_text(path) for path in paths)

    def allow_agreed_changes(self, allowed: bool) -> None:
        """Remember the user's answer until the charter is frozen again."""
        self._agreed_change_allowed = allowed

    def set_value(self, path: tuple[str, ...], value: Any, *, merge: bool = False) -> None:
        """Set one field; with `merge`, consecutive typing becomes one undo step.

        Text past the field's limit is cut to it, and `text_cut` says so, so no edit
        can make a charter that cannot be saved.
        """
        limit = longest_text(self.charter, path) if isinstance(value, str) else None
        cut = limit is not None and len(value) > limit
        if cut:
            value = value[:limit]
        if self.value(path) != value:
            edit = set_field(self.charter, path, value)
            edit.merge = merge
            self.apply(edit)
        elif cut:
            self.changed.emit(tuple(path))  # the input still shows the longer text
        if cut:
            self.text_cut.emit(tuple(path), limit)

    def _edited(self, edit: Edit) -> None:
        if getattr(edit, "path", None) == ("frozen_for_signing",):
            self._agreed_change_allowed = False
        if isinstance(edit, CompoundEdit):
            for part in edit.edits:
                self._edited(part)
            return
        path = getattr(edit, "path", None) or getattr(edit, "list_path", None) or ()
        self.changed.emit(tuple(path))

    # -- the file --------------------------------------------------------
    @property
    def is_modified(self) -> bool:
        return self._never_saved or not self.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled.charter"

    @property
    def window_name(self) -> str:
        """The title bar's name: the file's, or before a first save the partnership's.

        Save As already suggests the partnership's name, so the title bar says it
        too rather than an “Untitled” that no file will ever be called.
        """
        if self.path is not None:
            return self.path.name
        name = " ".join(self.charter.partnership.name.split())
        if not name:
            return self.display_name
        return f"{name[:80].rstrip()}{'…' if len(name) > 80 else ''} (not saved)"

    def replace(
        self,
        draft: Draft,
        path: Path | None,
        *,
        modified: bool = False,
        lock: DraftLock | None = None,
        stamp: FileStamp | None = None,
        read_only: bool = False,
    ) -> None:
        """Show another draft: the undo history starts afresh, and the old file's lock goes."""
        self.set_lock(lock)
        self.stamp = stamp
        self.read_only = read_only
        self.draft = draft
        self.draft.charter = draft.charter.with_contribution_cards()
        self.path = path
        self.undo_stack.clear()
        # A draft made from a starter has not been saved anywhere yet.
        self._never_saved = modified
        self._agreed_change_allowed = False
        self.reset.emit()
        self.status_changed.emit()

    def open(
        self, path: Path, *, lock: DraftLock | None = None, read_only: bool = False
    ) -> None:
        """Open a draft from disk. Raises DraftFileError, leaving this document as it was.

        `lock` is the caller's lock on the file (the document releases it when the
        draft closes); the stamp taken from the very bytes read is what later saves
        compare the disk with.
        """
        read = OpenDraft.read(path)
        self.replace(read.draft, read.path, lock=lock, stamp=read.stamp, read_only=read_only)

    def set_lock(self, lock: DraftLock | None) -> None:
        """Hold `lock` from now on, releasing the one held before (if it is another)."""
        self.open_draft.set_lock(lock)

    def release_lock(self) -> None:
        self.set_lock(None)

    def changed_on_disk(self) -> bool:
        """Whether someone else has written the draft's file since we opened or saved it."""
        return self.open_draft.changed_on_disk()

    def save(
        self,
        path: Path | None = None,
        *,
        author: tuple[str, str] = ("", ""),
        lock: DraftLock | None = None,
    ) -> None:
        """Save to `path` (or the current file), recording a revision by `author`.

        Saving over our own file first checks nobody else saved it since we read
        it: if they did, DraftChangedOnDisk is raised and nothing is written (nor
        recorded). Saving elsewhere hands over to `lock`, the caller's lock on the
        new file. Raises DraftFileError if writing fails, and then the revision
        recorded for it is taken back, so a refused save leaves no trace.
        """
        self.open_draft.save(path, author=author, lock=lock)
        self._never_saved = False
        self.undo_stack.setClean()
        self.status_changed.emit()

    def merge_in(self, merged: Draft, *, disk: FileStamp | None = None, text: str) -> None:
        """Take a merged draft as one undoable step; `disk`: the file version merged with."""
        self.undo_stack.push(MergeCommand(self, merged, disk, text))



def _paths(edit: Edit) -> list[tuple[str, ...]]:
    if isinstance(edit, CompoundEdit):
        return [path for part in edit.edits for path in _paths(part)]
    path = getattr(edit, "path", None) or getattr(edit, "list_path", None) or ()
    return [tuple(path)]

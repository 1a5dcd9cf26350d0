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

from charter_builder.draft import Draft
from charter_builder.draft_file import load_draft, save_draft
from charter_builder.editing import CompoundEdit, Edit, SetField, resolve, set_field
from charter_builder.model import Charter
from charter_builder.signing import changes_agreed_text

log = logging.getLogger(__name__)

_SET_FIELD_ID = 1


class EditCommand(QUndoCommand):
    """A core edit on the undo stack. Typing into one field merges into one step."""

    def __init__(self, document: CharterDocument, edit: Edit) -> None:
        super().__init__(edit.text[:1].upper() + edit.text[1:])
        self.document = document
        self.edit = edit

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
        if mine.path != theirs.path or not theirs.merge:
            return False
        mine.new = theirs.new
        return True


class CharterDocument(QObject):
    """One draft, open in the window."""

    #: A part of the charter changed; the argument is the path edited (empty: everything).
    changed = Signal(tuple)
    #: A different draft was loaded, or the same one reloaded: every page refreshes.
    reset = Signal()
    #: The file name or the saved/unsaved state changed.
    status_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.draft = Draft()
        self.path: Path | None = None
        self.undo_stack = QUndoStack(self)
        self._never_saved = False
        self._agreed_change_allowed = False
        #: Asked before agreed text changes after signing began; the window sets a dialog.
        self.confirm_agreed_change: Callable[[], bool] = lambda: True
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    def _clean_changed(self, _clean: bool) -> None:
        self.status_changed.emit()

    # -- the model -------------------------------------------------------
    @property
    def charter(self) -> Charter:
        return self.draft.charter

    def value(self, path: tuple[str, ...]) -> Any:
        return resolve(self.charter, path)

    def apply(self, edit: Edit) -> None:
        """Make an edit the user asked for, undoably.

        Once the charter is frozen for signing and someone has signed, changing
        agreed text asks first (once per freeze), because signers must re-sign.
        """
        paths = _paths(edit)
        if self._needs_confirmation(paths) and not self.confirm_agreed_change():
            for path in paths:  # inputs go back to what the model still says
                self.changed.emit(path)
            return
        self.undo_stack.push(EditCommand(self, edit))

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
        """Set one field; with `merge`, consecutive typing becomes one undo step."""
        if self.value(path) == value:
            return
        edit = set_field(self.charter, path, value)
        edit.merge = merge
        self.apply(edit)

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

    def replace(self, draft: Draft, path: Path | None, *, modified: bool = False) -> None:
        """Show another draft: the undo history starts afresh."""
        self.draft = draft
        self.draft.charter = draft.charter.with_contribution_cards()
        self.path = path
        self.undo_stack.clear()
        # A draft made from a starter has not been saved anywhere yet.
        self._never_saved = modified
        self._agreed_change_allowed = False
        self.reset.emit()
        self.status_changed.emit()

    def open(self, path: Path) -> None:
        """Open a draft from disk. Raises DraftFileError, leaving this document as it was."""
        self.replace(load_draft(path), path)

    def save(self, path: Path | None = None) -> None:
        """Save to `path` (or the current file). Raises DraftFileError if it fails."""
        target = path or self.path
        if target is None:
            raise ValueError("save needs a path for a new draft")
        self.draft.prune_media()
        save_draft(self.draft, target)
        self.path = target
        self._never_saved = False
        self.undo_stack.setClean()
        self.status_changed.emit()
        log.info("saved %s", target)


def _paths(edit: Edit) -> list[tuple[str, ...]]:
    if isinstance(edit, CompoundEdit):
        return [path for part in edit.edits for path in _paths(part)]
    path = getattr(edit, "path", None) or getattr(edit, "list_path", None) or ()
    return [tuple(path)]

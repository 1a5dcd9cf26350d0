"""The two questions shared drives raise: someone else has this draft open, or saved it.

Both are asked in plain words with the safe answer first. Nobody's work is lost
without them being told: taking over warns that the other person may still be
editing, and a draft someone else saved is never overwritten.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from charter_builder.drafts.draft_lock import DraftLocked
from charter_builder.session.lease import LockChoice

__all__ = ["ChangedChoice", "LockChoice", "ask_about_lock", "ask_changed_on_disk"]

APP_NAME = "Charter Builder"


class ChangedChoice(Enum):
    MERGE = "merge"
    SAVE_COPY = "save a copy"


def lock_question(locked: DraftLocked, file_name: str) -> tuple[str, str]:
    """The heading and the explanation for a draft someone else holds."""
    who = _holder_name(locked)
    if locked.stale:
        heading = f"“{file_name}” was left open by {who}"
        advice = (
            f"{locked.state.stale_reason}\n\n"
            "You can take it over and carry on. If you are not sure, open it read-only or "
            "save a copy of your own to work on."
        )
    else:
        heading = f"{who} is working on “{file_name}”"
        advice = (
            "You can look at it without changing it, save a copy of your own to work on, "
            "or take it over.\n\n"
            "Only take it over if you know they have finished: if they are still editing, "
            "they may lose work."
        )
    return heading, f"{locked.message}\n\n{advice}"


def ask_about_lock(
    locked: DraftLocked, file_name: str, parent: QWidget | None
) -> LockChoice | None:
    """What to do about a draft someone else has open; None means don't open it."""
    heading, text = lock_question(locked, file_name)
    box = _message_box(parent)
    box.setIcon(QMessageBox.Icon.Warning if not locked.stale else QMessageBox.Icon.Question)
    box.setWindowTitle("This draft is already open")
    box.setText(f"<b>{_escape(heading)}</b>")
    box.setInformativeText(text)
    # All "action" buttons so they stay in this order, safest first, on every platform.
    read_only = box.addButton("Open &read-only", QMessageBox.ButtonRole.ActionRole)
    copy = box.addButton("Save a &copy…", QMessageBox.ButtonRole.ActionRole)
    take_over = box.addButton("&Take over", QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    read_only.setToolTip("Look at the draft; to keep changes you will save them under a new name")
    copy.setToolTip("Save your own copy under a new name and work on that")
    take_over.setToolTip(
        f"Mark the draft as open by you instead of {_holder_name(locked)}"
    )
    box.setDefaultButton(take_over if locked.stale else read_only)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is read_only:
        return LockChoice.READ_ONLY
    if clicked is copy:
        return LockChoice.SAVE_COPY
    if clicked is take_over:
        return LockChoice.TAKE_OVER
    return None


def changed_question(file_name: str, saved_by: str) -> tuple[str, str]:
    """The heading and explanation when the file was saved by someone else meanwhile."""
    heading = f"“{file_name}” has been changed by someone else since you opened it"
    who = f"{saved_by}\n\n" if saved_by else ""
    text = (
        f"{who}Your changes have not been saved yet, and nothing has been overwritten.\n\n"
        "Merge their changes with yours to keep both (where you both changed the same "
        "thing, you choose), or save yours as a separate copy."
    )
    return heading, text


def ask_changed_on_disk(
    file_name: str, saved_by: str, parent: QWidget | None
) -> ChangedChoice | None:
    """Merge, save a copy, or neither (None: nothing is saved)."""
    heading, text = changed_question(file_name, saved_by)
    box = _message_box(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("The draft has changed")
    box.setText(f"<b>{_escape(heading)}</b>")
    box.setInformativeText(text)
    merge = box.addButton("&Merge their changes", QMessageBox.ButtonRole.AcceptRole)
    copy = box.addButton("Save as a &copy…", QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(merge)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is merge:
        return ChangedChoice.MERGE
    if clicked is copy:
        return ChangedChoice.SAVE_COPY
    return None


def _message_box(parent: QWidget | None) -> QMessageBox:
    box = QMessageBox(parent)
    # Wide enough that a paragraph reads as a paragraph, not a column of short lines.
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 460px; }")
    return box


def _holder_name(locked: DraftLocked) -> str:
    return locked.holder.name or locked.holder.organisation or "Someone else"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""The start-up offer: unsaved work from a session that ended unexpectedly.

Each copy says what it belongs to and when it was kept, in words, with Restore
and Discard beside it. "Decide later" leaves everything as it is, so nothing is
ever lost by closing the question in a hurry. Discarding asks once more, since
it cannot be undone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charter_builder.drafts.recovery import Recovery

APP_NAME = "Charter Builder"


@dataclass
class RecoveryChoice:
    """What the user decided: at most one copy to restore, and the copies to throw away."""

    restore: Recovery | None = None
    discard: list[Recovery] = field(default_factory=list)


def describe(recovery: Recovery) -> tuple[str, str, str]:
    """The heading, what the copy belongs to, and when it was kept, for one recovery copy."""
    note = recovery.note
    if note.original is None:
        heading = note.title or "A new charter"
        belongs = "A new draft not yet saved"
    else:
        heading = note.original.name
        belongs = f"{note.original.name} in {note.original.parent}"
    return heading, belongs, f"Unsaved changes kept {recovery.saved_when()}"


class RecoveryDialog(QDialog):
    """Lists the copies; each row can be restored or discarded."""

    def __init__(self, recoveries: list[Recovery], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self.choice = RecoveryChoice()
        #: Asked before a copy is thrown away (replaceable in tests).
        self.confirm_discard: Callable[[str], bool] = self._confirm_discard
        self._rows: dict[str, QFrame] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        heading = QLabel("<b>Charter Builder closed before your changes were saved</b>")
        heading.setStyleSheet("font-size: 15pt;")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        intro = QLabel(
            "It kept a copy of your unsaved work. Restore it to carry on where you left "
            "off, then save as usual. If you restore a draft someone else has saved since, "
            "saving offers to merge their changes with yours."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        for recovery in recoveries:
            row = self._row(recovery)
            self._rows[recovery.id] = row
            layout.addWidget(row)

        layout.addStretch(1)
        buttons = QDialogButtonBox(self)
        self.later_button = buttons.addButton(
            "Decide &later", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.later_button.setToolTip("Keep the copies; you will be asked again next time")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(680)
        # Word-wrapped text: size the height for the width actually shown, with no gap.
        self.resize(680, layout.totalHeightForWidth(680))
        first = next(iter(self._rows.values()), None)
        if first is not None:
            button = first.findChild(QPushButton, "restore")
            if button is not None:
                button.setDefault(True)
                button.setFocus()

    def _row(self, recovery: Recovery) -> QFrame:
        heading, belongs, when = describe(recovery)
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setObjectName("recoveryRow")
        frame.setStyleSheet(
            "#recoveryRow { border: 1px solid palette(mid); border-radius: 6px; }"
        )
        row = QHBoxLayout(frame)
        row.setContentsMargins(14, 10, 10, 10)
        row.setSpacing(10)
        text = QLabel(
            f"<b>{escape(heading)}</b><br>{escape(belongs)}<br>{escape(when)}", frame
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        row.addWidget(text, 1)
        restore = QPushButton("&Restore", frame)
        restore.setObjectName("restore")
        restore.setAccessibleName(f"Restore {heading}")
        restore.setToolTip("Open this copy with its unsaved changes")
        restore.clicked.connect(lambda: self._restore(recovery))
        discard = QPushButton("&Discard…", frame)
        discard.setObjectName("discard")
        discard.setAccessibleName(f"Discard {heading}")
        discard.setToolTip("Throw these unsaved changes away")
        discard.clicked.connect(lambda: self._discard(recovery))
        row.addWidget(restore, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(discard, 0, Qt.AlignmentFlag.AlignVCenter)
        return frame

    def _confirm_discard(self, heading: str) -> bool:
        answer = QMessageBox.question(
            self,
            APP_NAME,
            f"Throw away the unsaved changes to “{heading}”?\n\n"
            "This cannot be undone. Your last saved copy is not affected.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _restore(self, recovery: Recovery) -> None:
        self.choice.restore = recovery
        self.accept()

    def _discard(self, recovery: Recovery) -> None:
        heading, _belongs, _when = describe(recovery)
        if not self.confirm_discard(heading):
            return
        self.choice.discard.append(recovery)
        row = self._rows.pop(recovery.id)
        row.hide()
        row.deleteLater()
        if not self._rows:
            self.accept()
        else:
            self.resize(self.width(), self.layout().totalHeightForWidth(self.width()))


def ask_recovery(recoveries: list[Recovery], parent: QWidget | None) -> RecoveryChoice:
    """Offer the copies; whatever was decided (Decide later keeps what was not discarded)."""
    dialog = RecoveryDialog(recoveries, parent)
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()
    return choice

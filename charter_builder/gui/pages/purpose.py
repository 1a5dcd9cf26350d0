"""Shared purpose: the one-sentence vision, then the golden circle, why first.

Starting with why keeps a partnership from leaping to structures and money;
the diagram beside the fields shows which ring is being written.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from charter_builder.charter.labels import SECTION_LABELS
from charter_builder.drafts.starters import guidance
from charter_builder.gui.binding import FieldBinder
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.golden_circle import GoldenCircle
from charter_builder.gui.pages.base import Location, WizardPage
from charter_builder.gui.widgets import GrowingProseEdit, muted_label, plain_label

#: Visible labels, with mnemonics that do not clash with Back, Next or the menus.
LABELS = {"vision": "Vi&sion", "why": "&Why", "how": "H&ow", "what": "Wh&at"}


class PurposePage(WizardPage):
    title = SECTION_LABELS["purpose"]
    sections = ("purpose",)
    guidance_key = "purpose"

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.binder = FieldBinder(document, ("purpose",))
        # The binder dies with the page, not with the document it listens to.
        self.binder.setParent(self)
        self.edits: dict[str, GrowingProseEdit] = {}

        self.vision_edit = self._field("vision", lines=2)
        self.body.addLayout(self._block("vision"))
        self.body.addSpacing(8)

        rings = QVBoxLayout()
        rings.setSpacing(18)
        for field in ("why", "how", "what"):
            self._field(field, lines=6)
            rings.addLayout(self._block(field))

        self.circle = GoldenCircle()
        self.circle.follow_focus(
            {"": self.vision_edit, **{ring: self.edits[ring] for ring in ("why", "how", "what")}}
        )
        self.circle.ring_clicked.connect(self._ring_clicked)
        caption = muted_label(
            "Start at the centre: why you work together, then how, then what you will do."
        )
        caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        caption.setFixedWidth(self.circle.sizeHint().width())
        side = QVBoxLayout()
        side.setSpacing(8)
        side.addWidget(self.circle, 0, Qt.AlignmentFlag.AlignHCenter)
        side.addWidget(caption, 0, Qt.AlignmentFlag.AlignHCenter)
        side.addStretch(1)

        columns = QHBoxLayout()
        columns.setSpacing(32)
        columns.addLayout(rings, 1)
        columns.addLayout(side)
        self.body.addLayout(columns)
        self.body.addStretch(1)

    def _ring_clicked(self, ring: str) -> None:
        self.edits[ring].setFocus(Qt.FocusReason.MouseFocusReason)

    def _field(self, field: str, *, lines: int) -> GrowingProseEdit:
        edit = GrowingProseEdit(lines=lines)
        edit.setAccessibleName(plain_label(LABELS[field]))
        self.binder.text_edit(edit, field)
        self.edits[field] = edit
        return edit

    def _block(self, field: str) -> QVBoxLayout:
        """A field's label, its short guidance in muted type, then the input."""
        edit = self.edits[field]
        label = QLabel(LABELS[field])
        label.setBuddy(edit)
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        label.setFont(font)
        block = QVBoxLayout()
        block.setSpacing(4)
        block.addWidget(label)
        hint = guidance(f"purpose.{field}")
        if hint:
            block.addWidget(muted_label(hint))
            edit.setAccessibleDescription(hint)
        block.addSpacing(2)
        block.addWidget(edit)
        return block

    def widget_for(self, location: Location, item_id: str | None) -> QWidget | None:
        if not location or location[0] != "purpose":
            return None
        field = str(location[1]) if len(location) > 1 else "vision"
        return self.edits.get(field)

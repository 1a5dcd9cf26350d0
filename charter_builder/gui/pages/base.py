"""What every step of the wizard has: a heading, guidance, and a way to a field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from charter_builder.drafts.starters import guidance
from charter_builder.gui.concerns_panel import ConcernsPanel
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.widgets import GuidancePanel

Location = tuple[str | int, ...]


class WizardPage(QScrollArea):
    """One step. Subclasses fill `self.body` and point problems at their inputs."""

    #: Shown in the step list and as the page's heading.
    title = ""
    #: Sections of the charter this step edits (keys of problems.SECTION_ORDER).
    sections: tuple[str, ...] = ()
    #: Key into the starter guidance.
    guidance_key = ""
    #: Sections partners can raise concerns about on this step (None: its `sections`).
    concern_sections: tuple[str, ...] | None = None

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        inner.setObjectName("page")
        self.setWidget(inner)
        outer = QVBoxLayout(inner)
        outer.setContentsMargins(28, 20, 28, 20)
        outer.setSpacing(12)
        heading = QLabel(self.title)
        heading.setObjectName("pageHeading")
        heading.setAccessibleName(self.title)
        heading.setWordWrap(True)  # beside the concerns on a small screen, wrap, never clip
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(heading, 1)
        outer.addLayout(top)
        text = guidance(self.guidance_key) if self.guidance_key else ""
        self.guidance_panel = GuidancePanel(text)
        outer.addWidget(self.guidance_panel)
        # Only once it has a parent: a widget without one would flash up as a window.
        self.guidance_panel.setVisible(bool(text))
        # Concerns: a count and "Raise a concern…" by the heading, the list under the guidance.
        sections = self.concern_sections if self.concern_sections is not None else self.sections
        self.concerns: ConcernsPanel | None = None
        if sections:
            self.concerns = ConcernsPanel(document, tuple(sections), inner)
            top.addWidget(self.concerns.bar, 0, Qt.AlignmentFlag.AlignVCenter)
            outer.addWidget(self.concerns)
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        outer.addLayout(self.body, 1)

    def show_location(self, location: Location, item_id: str | None = None) -> None:
        """Bring the input for a problem into view and give it the keyboard focus.

        `location` is a path into the model as problems.Problem gives it; list
        pages select the item (by `item_id`) before focusing the field. An
        `item_id` naming a concern goes to that concern on this step.
        """
        widget = None
        if self.concerns is not None and item_id is not None:
            widget = self.concerns.focus_concern(item_id)
        if widget is None:
            widget = self.widget_for(location, item_id)
        if widget is None:
            return
        self.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def widget_for(self, location: Location, item_id: str | None) -> QWidget | None:
        """The input that edits `location`; pages override this."""
        return None

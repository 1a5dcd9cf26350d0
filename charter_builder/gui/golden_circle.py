"""The golden circle beside the purpose fields: start with why, then how, then what.

The ring being written is highlighted, so a board sees where each answer sits
in the whole; the diagram follows the keyboard focus, not the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from charter_builder.gui.style import theme

#: From the centre outwards: each ring and its label (colours come from the theme).
RINGS: tuple[tuple[str, str], ...] = (("why", "WHY"), ("how", "HOW"), ("what", "WHAT"))
#: Radius of the outside edge of each ring, as a share of the whole diagram's radius.
RADII = {"why": 0.36, "how": 0.68, "what": 1.0}
NAMES = {"why": "Why", "how": "How", "what": "What"}

_DESCRIPTION = "Three circles: Why at the centre, How around it and What on the outside."


class GoldenCircle(QWidget):
    """Three concentric circles, WHY at the centre; one of them may be highlighted."""

    #: The user clicked a ring ("why", "how" or "what").
    ring_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._highlighted = ""
        self._watched: dict[QObject, str] = {}
        self.setObjectName("goldenCircle")
        self.setAccessibleName("Golden circle diagram")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(180, 180)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._describe()

    def sizeHint(self) -> QSize:
        return QSize(250, 250)

    # -- which ring ------------------------------------------------------
    @property
    def highlighted(self) -> str:
        """The ring being written: "why", "how", "what", or "" for none."""
        return self._highlighted

    def set_highlighted(self, ring: str) -> None:
        if ring not in ("", *RADII):
            raise ValueError(f"no such ring: {ring!r}")
        if ring != self._highlighted:
            self._highlighted = ring
            self._describe()
            self.update()

    def _describe(self) -> None:
        ring = self._highlighted
        doing = f" You are writing the {NAMES[ring]}." if ring else ""
        self.setAccessibleDescription(_DESCRIPTION + doing)
        self.setToolTip(_DESCRIPTION + doing)

    def follow_focus(self, inputs: dict[str, QWidget]) -> None:
        """Highlight a ring while its input has the keyboard focus.

        `inputs` maps "why"/"how"/"what" (or "" for an input outside the circle,
        such as the vision) to the widget where that part is written.
        """
        for ring, widget in inputs.items():
            self._watched[widget] = ring
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        ring = self._watched.get(watched)
        if ring is not None:
            if event.type() == QEvent.Type.FocusIn:
                self.set_highlighted(ring)
            elif event.type() == QEvent.Type.FocusOut and _left_for_good(event):
                self.set_highlighted("")
        return super().eventFilter(watched, event)

    # -- drawing ---------------------------------------------------------
    def _geometry(self) -> tuple[QPointF, float]:
        side = min(self.width(), self.height()) - 4
        return QPointF(self.width() / 2, self.height() / 2), side / 2

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre, radius = self._geometry()
        colours = theme()  # each ring's fill with its own text colour, in every theme
        fills = dict(zip(("what", "how", "why"), colours.rings, strict=True))
        chosen_fill, chosen_text = QColor(colours.ring_chosen[0]), QColor(colours.ring_chosen[1])
        outline = QPen(QColor(colours.ring_lines), 2)
        # Outside in, so each smaller circle is painted over the larger.
        for ring, _label in reversed(RINGS):
            r = radius * RADII[ring]
            painter.setPen(outline if ring != "what" else QPen(QColor(colours.accent), 1.5))
            painter.setBrush(chosen_fill if ring == self._highlighted else QColor(fills[ring]))
            painter.drawEllipse(centre, r, r)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(max(8.0, radius / 9))
        painter.setFont(font)
        inner = 0.0
        for ring, label in RINGS:
            outer = radius * RADII[ring]
            painter.setPen(chosen_text if ring == self._highlighted else QColor(colours.ring_text))
            if ring == "why":
                box = QRectF(centre.x() - outer, centre.y() - outer, 2 * outer, 2 * outer)
            else:
                # The label sits in the top of its band, between the two circles.
                box = QRectF(centre.x() - outer, centre.y() - outer, 2 * outer, outer - inner)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
            inner = outer
        painter.end()

    def ring_at(self, point: QPointF) -> str:
        centre, radius = self._geometry()
        distance = ((point.x() - centre.x()) ** 2 + (point.y() - centre.y()) ** 2) ** 0.5
        for ring, _label in RINGS:
            if distance <= radius * RADII[ring]:
                return ring
        return ""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        ring = self.ring_at(event.position())
        if ring and event.button() == Qt.MouseButton.LeftButton:
            self.ring_clicked.emit(ring)
            event.accept()
            return
        super().mousePressEvent(event)


def _left_for_good(event: QEvent) -> bool:
    """Focus leaving for another field, not for a menu or another window for a moment."""
    reason = event.reason()  # type: ignore[attr-defined]
    return reason not in (
        Qt.FocusReason.ActiveWindowFocusReason,
        Qt.FocusReason.PopupFocusReason,
        Qt.FocusReason.MenuBarFocusReason,
    )

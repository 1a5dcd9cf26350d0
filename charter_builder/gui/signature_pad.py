"""A pad to sign on with a mouse, pen or finger.

Strokes are kept as numbers in a fixed 1000 × 400 box, whatever the pad's
size on screen, so a signature looks the same in the draft and in the PDF.
Qt turns pen and touch input into mouse events, so one path serves all three.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from charter_builder.gui.style import theme

BOX_WIDTH = 1000.0
BOX_HEIGHT = 400.0
MAX_POINTS_PER_STROKE = 10_000


class SignaturePad(QWidget):
    """Draw to sign; `strokes()` gives what was drawn, in box units."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[float]] = []
        self._drawing = False
        self.setAccessibleName("Signature pad")
        self.setAccessibleDescription(
            "Draw your signature with a mouse, pen or finger. If you cannot draw, "
            "choose “Type my name” instead."
        )
        self.setCursor(Qt.CursorShape.CrossCursor)
        # Narrow enough to sit beside the partner list in a 1024-pixel-wide window.
        self.setMinimumSize(260, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)

    def sizeHint(self) -> QSize:
        return QSize(500, 200)

    def heightForWidth(self, width: int) -> int:
        return int(width * BOX_HEIGHT / BOX_WIDTH)

    def hasHeightForWidth(self) -> bool:
        return True

    # -- the strokes -------------------------------------------------------
    def strokes(self) -> list[list[float]]:
        return [list(stroke) for stroke in self._strokes if len(stroke) >= 4]

    def set_strokes(self, strokes: list[list[float]]) -> None:
        self._strokes = [list(stroke) for stroke in strokes]
        self.update()

    def clear(self) -> None:
        if self._strokes:
            self._strokes = []
            self.update()
            self.changed.emit()

    def is_empty(self) -> bool:
        return not self.strokes()

    def _to_box(self, point: QPointF) -> tuple[float, float]:
        x = min(max(point.x(), 0.0), float(self.width())) * BOX_WIDTH / max(1, self.width())
        y = min(max(point.y(), 0.0), float(self.height())) * BOX_HEIGHT / max(1, self.height())
        return round(x, 1), round(y, 1)

    # -- drawing -----------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drawing = True
            self._strokes.append([*self._to_box(event.position())])
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing and len(self._strokes[-1]) < 2 * MAX_POINTS_PER_STROKE:
            self._strokes[-1].extend(self._to_box(event.position()))
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drawing and event.button() == Qt.MouseButton.LeftButton:
            self._drawing = False
            stroke = self._strokes[-1]
            if len(stroke) == 2:  # a dot: make it a tiny line so it shows
                stroke.extend((stroke[0] + 1.0, stroke[1]))
            self.update()
            self.changed.emit()

    def paintEvent(self, _event: QPaintEvent) -> None:
        colours = theme()  # paper and ink together: a white sheet even in dark mode
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(colours.paper))
        painter.setPen(QPen(QColor(colours.paper_rule), 1))
        baseline = int(self.height() * 0.78)
        painter.drawLine(16, baseline, self.width() - 16, baseline)
        painter.setPen(QPen(QColor(colours.paper_edge), 1, Qt.PenStyle.DashLine))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        sx = self.width() / BOX_WIDTH
        sy = self.height() / BOX_HEIGHT
        painter.setPen(
            QPen(QColor(colours.ink), 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                 Qt.PenJoinStyle.RoundJoin)
        )
        for stroke in self._strokes:
            if len(stroke) < 4:
                continue
            path = QPainterPath(QPointF(stroke[0] * sx, stroke[1] * sy))
            for i in range(2, len(stroke) - 1, 2):
                path.lineTo(stroke[i] * sx, stroke[i + 1] * sy)
            painter.drawPath(path)
        if not self._strokes:
            painter.setPen(QColor(colours.paper_edge))
            painter.drawText(
                self.rect().adjusted(0, 0, 0, -int(self.height() * 0.3)),
                Qt.AlignmentFlag.AlignCenter,
                "Sign here",
            )
        painter.end()

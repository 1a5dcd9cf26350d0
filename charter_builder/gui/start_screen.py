"""A card shown the moment Charter Builder starts, until its window is ready.

The window needs the charter model, the checks and every step's module before it
can appear; on a managed laptop that can take a few seconds, with nothing on screen
to say the double-click worked. This card needs only Qt, so it appears first.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel

from charter_builder.gui.style import NHS_BLUE

SIZE = (440, 200)


def show_start_screen(app: QApplication) -> QLabel:
    """The card, shown and painted: the application's icon, its name and "Starting…"."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    width, height = SIZE
    pixmap = QPixmap(int(width * ratio), int(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor(NHS_BLUE))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    icon: QIcon = app.windowIcon()
    if not icon.isNull():
        icon.paint(painter, QRect(32, 52, 96, 96))
    painter.setPen(QColor("white"))
    title = QFont(app.font())
    title.setPointSizeF(20)
    title.setWeight(QFont.Weight.DemiBold)
    painter.setFont(title)
    middle = Qt.AlignmentFlag.AlignVCenter
    painter.drawText(QRect(150, 62, width - 170, 44), middle, "Charter Builder")
    body = QFont(app.font())
    body.setPointSizeF(11)
    painter.setFont(body)
    painter.drawText(QRect(150, 106, width - 170, 30), middle, "Starting…")
    painter.end()
    # A plain frameless label, not QSplashScreen: that waits up to a second for the
    # window system to report the card exposed, which is the delay this card is here to hide.
    card = QLabel()
    card.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
    card.setPixmap(pixmap)
    card.setFixedSize(width, height)
    card.setAccessibleName("Charter Builder is starting")
    screen_area = screen.availableGeometry() if screen is not None else None
    if screen_area is not None:
        card.move(screen_area.center() - card.rect().center())
    card.show()
    # Painted now, before the slow imports begin; what the user types waits for the window.
    app.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    return card

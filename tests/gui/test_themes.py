"""Every step is readable in light, dark and high-contrast Windows themes (WCAG AA, 4.5:1).

The offscreen platform ignores `QStyleHints.setColorScheme`, so the tests hand the
application the palette Windows gives a Fusion application (Qt's own dark palette in
dark mode, the system colours in high contrast) before our look is applied, exactly as
the platform would at start-up. The high-contrast case also reports the user's contrast
preference, which Qt reads from Windows and offscreen cannot.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QStyle,
    QTextEdit,
    QWidget,
)

from charter_builder.gui import settings, style

#: `make screenshots` sets this, so the README's dark-mode pictures are made again there;
#: an ordinary test run leaves the repository alone.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATING = bool(os.environ.get("CHARTER_BUILDER_SCREENSHOTS"))
ROLES = QPalette.ColorRole


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast_in(image: QImage) -> float:
    """Contrast between the commonest colour (the background) and the pixel farthest from it."""
    pixels = Counter(
        image.pixel(x, y) for y in range(image.height()) for x in range(image.width())
    )
    background = luminance(QColor.fromRgb(pixels.most_common(1)[0][0]))
    ink = max((luminance(QColor.fromRgb(p)) for p in pixels), key=lambda v: abs(v - background))
    light, dark = max(background, ink), min(background, ink)
    return (light + 0.05) / (dark + 0.05)


def windows_dark() -> QPalette:
    """The palette Qt 6 gives a Fusion application in Windows dark mode (qwindowstheme.cpp)."""
    background = QColor(0x1E, 0x1E, 0x1E)
    palette = QPalette()
    for role, colour in {
        ROLES.Window: background,
        ROLES.WindowText: QColor("white"),
        ROLES.Base: background.lighter(150),
        ROLES.AlternateBase: background.lighter(120),
        ROLES.Text: QColor("white"),
        ROLES.Button: background.lighter(200),
        ROLES.ButtonText: QColor("white"),
        ROLES.Light: background.lighter(200),
        ROLES.Midlight: background.lighter(170),
        ROLES.Mid: background.lighter(150),
        ROLES.Dark: background.darker(150),
        ROLES.Shadow: QColor("black"),
        ROLES.Highlight: QColor(0x00, 0x78, 0xD4),
        ROLES.HighlightedText: QColor("white"),
        ROLES.Link: QColor(0x4C, 0xC2, 0xFF),
        ROLES.ToolTipBase: background,
        ROLES.ToolTipText: QColor("white"),
        ROLES.PlaceholderText: QColor(0xA0, 0xA0, 0xA0),
    }.items():
        palette.setColor(role, colour)
    return palette


def windows_high_contrast_black() -> QPalette:
    """Windows' "High Contrast Black": black page, white text, yellow links, cyan selection."""
    palette = QPalette()
    for role, colour in {
        ROLES.Window: "#000000",
        ROLES.WindowText: "#FFFFFF",
        ROLES.Base: "#000000",
        ROLES.AlternateBase: "#000000",
        ROLES.Text: "#FFFFFF",
        ROLES.Button: "#000000",
        ROLES.ButtonText: "#FFFFFF",
        ROLES.Light: "#FFFFFF",
        ROLES.Midlight: "#FFFFFF",
        ROLES.Mid: "#FFFFFF",
        ROLES.Dark: "#FFFFFF",
        ROLES.Shadow: "#FFFFFF",
        ROLES.Highlight: "#1AEBFF",
        ROLES.HighlightedText: "#000000",
        ROLES.Link: "#FFFF00",
        ROLES.ToolTipBase: "#000000",
        ROLES.ToolTipText: "#FFFFFF",
        ROLES.PlaceholderText: "#C0C0C0",
    }.items():
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def themed(qtbot, monkeypatch):
    """Start the window under a system palette (None: the light one), then put things back."""
    from charter_builder.gui.app import configure_application
    from charter_builder.gui.main_window import MainWindow

    app = QApplication.instance()
    before = app.palette()
    windows: list[QWidget] = []

    def start(palette: QPalette | None, *, high_contrast: bool = False) -> QWidget:
        if palette is not None:
            app.setPalette(palette)
        if high_contrast and hasattr(style, "system_prefers_high_contrast"):
            monkeypatch.setattr(style, "system_prefers_high_contrast", lambda: True)
        configure_application(app)
        settings.set_user_identity("Sam Patel", "Wyvern County Council")
        window = MainWindow()
        window.resize(1280, 860)
        window.show()
        qtbot.waitExposed(window)
        window.new_from_starter("example")
        windows.append(window)
        return window

    yield start
    for window in windows:  # whatever the test left unsaved is not a user's work
        window.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
        window.close()
        window.deleteLater()
    monkeypatch.undo()
    app.setPalette(before)
    style.apply_style(app)


def visible_rect(widget: QWidget, window: QWidget, *, whole: bool = True) -> QRect | None:
    """Where `widget` shows in the window; None if scrolled partly out of sight (if `whole`)."""
    rect = widget.visibleRegion().boundingRect()
    least = widget.rect().size() if whole else QSize(4, 2 * widget.fontMetrics().height())
    if rect.width() < least.width() or rect.height() < least.height():
        return None
    return rect.translated(widget.mapTo(window, QPoint(0, 0)))


def text_pieces(window: QWidget) -> list[tuple[str, QRect]]:
    """(description, rectangle in the window) of every visible piece of text."""
    pieces: list[tuple[str, QRect]] = []

    def add(name: str, widget: QWidget, rect: QRect | None) -> None:
        if rect is not None and isinstance(widget, QLineEdit | QComboBox | QAbstractButton):
            rect = rect.adjusted(3, 3, -3, -3)  # inside the frame: its gradient is no background
        if rect is not None and rect.width() >= 4 and rect.height() >= 4:
            pieces.append((f"{type(widget).__name__} {name[:40]!r}", rect))

    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not widget.isEnabled():  # WCAG exempts what is switched off
            continue
        if isinstance(widget, QLabel | QLineEdit) and widget.text().strip():
            add(widget.text(), widget, visible_rect(widget, window))
        elif isinstance(widget, QPlainTextEdit | QTextEdit) and widget.toPlainText().strip():
            add(widget.toPlainText(), widget, visible_rect(widget.viewport(), window, whole=False))
        elif isinstance(widget, QComboBox) and widget.currentText():
            add(widget.currentText(), widget, visible_rect(widget, window))
        elif isinstance(widget, QAbstractButton) and widget.text().strip():
            add(widget.text(), widget, visible_rect(widget, window))
        elif isinstance(widget, QGroupBox) and widget.title():
            whole = visible_rect(widget, window)
            if whole is not None:
                title = QRect(whole.topLeft(), whole.size())
                title.setHeight(min(whole.height(), widget.fontMetrics().height() + 14))
                add(widget.title(), widget, title)
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            viewport = widget.viewport()
            shown = visible_rect(viewport, window, whole=False)
            if shown is None:
                continue
            model = widget.model()
            for row in range(model.rowCount()):
                index = model.index(row, 0)
                item = widget.visualRect(index)
                text = str(model.data(index) or "")
                if text.strip() and not item.isEmpty():
                    if model.data(index, Qt.ItemDataRole.DecorationRole) is not None:
                        icon = widget.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
                        icon = max(icon, widget.iconSize().width())
                        item.setLeft(item.left() + icon + 20)  # the text only, not the icon
                    item = item.adjusted(0, 5, -5, -5)  # inside the rounded selection
                    item = item.translated(viewport.mapTo(window, QPoint(0, 0))).intersected(shown)
                    add(text, widget, item)
    return pieces


def unreadable_on_every_step(qtbot, window) -> list[str]:
    found: list[str] = []
    for index, page in enumerate(window.wizard.pages):
        window.wizard.go_to(index)
        qtbot.wait(30)  # fixed: a repaint before the grab, nothing to wait for
        image = window.grab().toImage()
        for name, rect in text_pieces(window):
            ratio = contrast_in(image.copy(rect))
            if ratio < 4.5:
                found.append(f"{page.title}: {name} {ratio:.1f}:1")
    return found


def test_light_mode_is_readable_on_every_step(qtbot, themed) -> None:
    window = themed(None)
    unreadable = unreadable_on_every_step(qtbot, window)
    assert unreadable == [], "\n".join(unreadable)


def test_dark_mode_is_readable_on_every_step(qtbot, themed, tmp_path) -> None:
    window = themed(windows_dark())
    unreadable = unreadable_on_every_step(qtbot, window)
    assert unreadable == [], "\n".join(unreadable)
    for index, name in ((2, "dark-shared-purpose.png"), (7, "dark-review.png")):
        window.wizard.go_to(index)
        qtbot.wait(50)  # fixed: a screenshot, nothing to wait for but the repaint
        assert window.grab().save(str((SCREENSHOTS if UPDATING else tmp_path) / name))


def test_high_contrast_is_readable_on_every_step(qtbot, themed, tmp_path) -> None:
    window = themed(windows_high_contrast_black(), high_contrast=True)
    unreadable = unreadable_on_every_step(qtbot, window)
    assert unreadable == [], "\n".join(unreadable)
    window.wizard.go_to(2)
    qtbot.wait(50)  # fixed: a screenshot, nothing to wait for but the repaint
    assert window.grab().save(str(tmp_path / "high-contrast-shared-purpose.png"))


def test_high_contrast_keeps_the_systems_colours(qtbot, themed) -> None:
    """In high contrast the user's own colours win: no NHS blue selection, no tinted panels."""
    themed(windows_high_contrast_black(), high_contrast=True)
    palette = QApplication.instance().palette()
    assert palette.color(ROLES.Highlight) == QColor("#1AEBFF")
    assert palette.color(ROLES.Text) == QColor("#FFFFFF")
    assert palette.color(ROLES.Link) == QColor("#FFFF00")

"""The window's look: Qt's Fusion style with a calm NHS-blue accent."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
TEXT = "#212B32"
SECONDARY_TEXT = "#4C6272"
PALE_GREY = "#F0F4F5"
BORDER = "#D8DDE0"

STYLESHEET = f"""
QWidget#page {{ background: white; }}
QLabel#pageHeading {{
    font-size: 20pt; font-weight: 600; color: {NHS_DARK_BLUE}; padding-bottom: 2px;
}}
QFrame#guidance {{
    background: #E8F1FA; border: none; border-left: 4px solid {NHS_BLUE}; border-radius: 2px;
}}
QFrame#guidance QLabel {{ color: {TEXT}; }}
QLabel#emptyHint, QLabel#fieldHint {{ color: {SECONDARY_TEXT}; }}
QLabel#stepState {{ color: {SECONDARY_TEXT}; }}
QListWidget#steps {{
    background: {PALE_GREY}; border: none; border-right: 1px solid {BORDER};
    padding-top: 16px; font-size: 10.5pt;
}}
QListWidget#steps::item {{ padding: 8px 10px; border-radius: 3px; color: {TEXT}; }}
QListWidget#steps::item:selected {{ background: {NHS_BLUE}; color: white; }}
QGroupBox {{
    font-weight: 600; color: {NHS_DARK_BLUE}; border: 1px solid {BORDER};
    border-radius: 4px; margin-top: 14px; padding: 12px 10px 10px 10px;
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
QPushButton {{ padding: 5px 14px; }}
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(NHS_BLUE))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Link, QColor(NHS_BLUE))
    app.setPalette(palette)
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)

"""The window's look: Qt's Fusion style with a calm NHS-blue accent, in the user's own theme.

Light mode keeps our own colours. In dark mode the system's dark colours stay and our
accents change to lighter tints that keep their contrast (WCAG AA, 4.5:1) on them; where a
part of our design has its own background, its text colour is set with it. In high
contrast the user's own colours win everywhere: we add no tint and change no colour.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
TEXT = "#212B32"
SECONDARY_TEXT = "#4C6272"
PALE_GREY = "#F0F4F5"
BORDER = "#D8DDE0"

ROLE = QPalette.ColorRole


@dataclass(frozen=True)
class Theme:
    """Every colour of our own design, by what it is for."""

    kind: str  # "light", "dark" or "high contrast"
    text: str = TEXT
    secondary: str = SECONDARY_TEXT
    heading: str = NHS_DARK_BLUE
    accent: str = NHS_BLUE
    page: str = "white"
    guidance: str = "#E8F1FA"
    steps: str = PALE_GREY
    border: str = BORDER
    selected: str = NHS_BLUE
    selected_text: str = "white"
    # the concerns bar
    amber: str = "#FFB81C"
    concern: str = "#FFF9EC"
    settled: str = "#F0F4F5"
    settled_edge: str = "#AEB7BD"
    concern_line: str = "#E8E2D0"
    open_count: str = "#7A4D00"
    open_badge: tuple[str, str] = ("#FFB81C", TEXT)
    resolved_badge: tuple[str, str] = ("#007F3B", "white")
    accepted_badge: tuple[str, str] = ("#425563", "white")
    # the review step
    error: str = "#8A1538"
    ready: str = "#E7F3EC"
    ready_edge: str = "#007F3B"
    ready_text: str = "#00401E"
    placeholder: str = "#E8EDEE"
    # the golden circle, outside in, and the ring being written (fill, text)
    rings: tuple[str, str, str] = ("#EAF2FA", "#CFE2F3", "#A9CCEB")
    ring_text: str = NHS_DARK_BLUE
    ring_lines: str = "#FFFFFF"
    ring_chosen: tuple[str, str] = (NHS_BLUE, "#FFFFFF")
    # the signature pad: a sheet of paper, so its own ink on its own white
    paper: str = "white"
    paper_rule: str = "#AEB7BD"
    paper_edge: str = "#768692"
    ink: str = NHS_DARK_BLUE
    # outcomes and differences in the dialogs
    danger: str = "#D5281B"
    success: str = "#007F3B"
    warning: str = "#8A5300"
    removed: str = "#B00020"
    added: str = "#00703C"
    theirs_mark: str = "#D5ECFF"
    yours_mark: str = "#FFF1C2"
    mark_text: str = TEXT


LIGHT = Theme("light")

_theme = LIGHT


def theme() -> Theme:
    """The colours in use, chosen by `apply_style` from the user's system settings."""
    return _theme


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(one: QColor, other: QColor) -> float:
    """WCAG contrast ratio, 1 to 21."""
    a, b = sorted((luminance(one), luminance(other)))
    return (b + 0.05) / (a + 0.05)


def readable(colour: str, background: str, ratio: float = 4.5) -> str:
    """`colour`, moved towards white or black just far enough to keep `ratio` on `background`."""
    ink, back = QColor(colour), QColor(background)
    target = QColor("white") if luminance(back) < 0.18 else QColor("black")
    for step in range(21):
        share = step / 20
        mixed = QColor.fromRgbF(
            ink.redF() + (target.redF() - ink.redF()) * share,
            ink.greenF() + (target.greenF() - ink.greenF()) * share,
            ink.blueF() + (target.blueF() - ink.blueF()) * share,
        )
        if contrast(mixed, back) >= ratio:
            return mixed.name()
    return target.name()


def dark_theme(palette: QPalette) -> Theme:
    """Lighter NHS tints on the system's dark colours; our own panels carry their own text."""
    text = palette.color(ROLE.WindowText).name()
    page = palette.color(ROLE.Base).name()
    window = palette.color(ROLE.Window).name()

    def tint(colour: str) -> str:
        return readable(readable(colour, page), window)

    return Theme(
        "dark",
        text=text,
        secondary=tint("#AEB7BD"),
        heading=tint("#9BC7F0"),
        accent=tint("#6FB1F0"),
        page=page,
        guidance="#1B3247",
        steps=window,
        border="#3C4A54",
        amber="#FFB81C",
        concern="#3A2F12",
        settled="#2A3035",
        settled_edge="#768692",
        concern_line="#4A4230",
        open_count=tint("#FFCD57"),
        error=tint("#FF8A9A"),
        ready="#163325",
        ready_edge="#3FBF7F",
        ready_text="#A8E6C1",
        placeholder="#262B2E",
        rings=("#122C44", "#173B5C", "#1F4E7A"),
        ring_text="#FFFFFF",
        ring_lines=window,
        ring_chosen=(NHS_BLUE, "#FFFFFF"),
        danger=tint("#FF8A80"),
        success=tint("#5FD38D"),
        warning=tint("#FFCD57"),
        removed=tint("#FF8A9A"),
        added=tint("#7BD88F"),
        theirs_mark="#1B3A5C",
        yours_mark="#4A3B0A",
        mark_text=readable(text, "#4A3B0A"),
    )


def high_contrast_theme(palette: QPalette) -> Theme:
    """Only the user's own high-contrast colours: no tints, no NHS blue."""
    text = palette.color(ROLE.WindowText).name()
    window = palette.color(ROLE.Window).name()
    base = palette.color(ROLE.Base).name()
    chosen = (palette.color(ROLE.Highlight).name(), palette.color(ROLE.HighlightedText).name())
    return replace(
        LIGHT,
        kind="high contrast",
        text=text,
        secondary=text,
        heading=text,
        accent=palette.color(ROLE.Link).name(),
        page=base,
        guidance=window,
        steps=window,
        border=text,
        selected=chosen[0],
        selected_text=chosen[1],
        amber=chosen[0],
        concern=window,
        settled=window,
        settled_edge=text,
        concern_line=text,
        open_count=text,
        open_badge=chosen,
        resolved_badge=chosen,
        accepted_badge=chosen,
        error=text,
        ready=window,
        ready_edge=chosen[0],
        ready_text=text,
        placeholder=base,
        rings=(window, window, window),
        ring_text=text,
        ring_lines=text,
        ring_chosen=chosen,
        paper=base,
        paper_rule=text,
        paper_edge=text,
        ink=palette.color(ROLE.Text).name(),
        danger=text,
        success=text,
        warning=text,
        removed=text,
        added=text,
        theirs_mark=chosen[0],
        yours_mark=chosen[0],
        mark_text=chosen[1],
    )


def system_prefers_high_contrast() -> bool:
    """Whether the user turned on a high-contrast theme (Windows tells Qt; Qt tells us)."""
    hints = QGuiApplication.styleHints()
    return hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast


def _is_dark(palette: QPalette) -> bool:
    return palette.color(ROLE.Window).lightness() < palette.color(ROLE.WindowText).lightness()


def stylesheet(t: Theme) -> str:
    """The application-wide rules, in theme `t`'s colours."""
    return f"""
QWidget#page {{ background: {t.page}; }}
QLabel#pageHeading {{
    font-size: 20pt; font-weight: 600; color: {t.heading}; padding-bottom: 2px;
}}
QFrame#guidance {{
    background: {t.guidance}; border: none; border-left: 4px solid {t.accent}; border-radius: 2px;
}}
QFrame#guidance QLabel {{ color: {readable(t.text, t.guidance)}; }}
QLabel#emptyHint, QLabel#fieldHint {{ color: {t.secondary}; }}
QLabel#stepState {{ color: {t.secondary}; }}
QListWidget#steps {{
    background: {t.steps}; border: none; border-right: 1px solid {t.border};
    padding-top: 16px; font-size: 10.5pt;
}}
QListWidget#steps::item {{ padding: 8px 10px; border-radius: 3px; color: {t.text}; }}
QListWidget#steps::item:selected {{ background: {t.selected}; color: {t.selected_text}; }}
QGroupBox {{
    font-weight: 600; color: {t.heading}; border: 1px solid {t.border};
    border-radius: 4px; margin-top: 14px; padding: 12px 10px 10px 10px;
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
QPushButton {{ padding: 5px 14px; }}
""" + (_HIGH_CONTRAST_FRAMES.format(t=t) if t.kind == "high contrast" else "")


#: Fusion draws a box's frame a shade darker than the window: nothing on black, so draw it.
_HIGH_CONTRAST_FRAMES = """
QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox {{ border: 1px solid {t.text}; }}
"""


def concerns_style() -> str:
    """The concerns bar's rules in the user's theme; each panel sets text and background."""
    t = _theme
    return f"""
QFrame#concerns {{ background: {t.concern}; border: none; border-left: 4px solid {t.amber};
    border-radius: 2px; }}
QFrame#concerns[settled="true"] {{ background: {t.settled}; border-left-color: {t.settled_edge}; }}
QFrame#concernRow {{ background: transparent; border: none;
    border-top: 1px solid {t.concern_line}; }}
QFrame#concernRow[first="true"] {{ border-top: none; }}
QLabel#concernText {{ color: {readable(t.text, t.concern)}; }}
QLabel#concernMeta {{ color: {readable(t.secondary, t.concern)}; }}
QLabel#concernBadge {{ border-radius: 3px; padding: 1px 7px; font-weight: 600; }}
QLabel#concernBadge[status="open"] {{ background: {t.open_badge[0]}; color: {t.open_badge[1]}; }}
QLabel#concernBadge[status="resolved"] {{
    background: {t.resolved_badge[0]}; color: {t.resolved_badge[1]}; }}
QLabel#concernBadge[status="accepted"] {{
    background: {t.accepted_badge[0]}; color: {t.accepted_badge[1]}; }}
QLabel#concernCount {{ color: {readable(t.secondary, t.settled)}; }}
QLabel#concernCount[open="true"] {{ color: {readable(t.open_count, t.concern)}; font-weight: 600; }}
QPushButton#concernLink {{ border: none; padding: 2px 0px; color: {readable(t.accent, t.concern)};
    text-decoration: underline; background: transparent; }}
QLabel#concernsHeading {{ font-size: 12.5pt; font-weight: 600; color: {t.heading}; }}
"""


STYLESHEET = stylesheet(LIGHT)


def apply_style(app: QApplication) -> None:
    """Fusion in the user's theme: light, dark (colorScheme or a dark palette) or high contrast."""
    global _theme
    app.setStyle("Fusion")
    palette = app.palette()
    if system_prefers_high_contrast():
        _theme = high_contrast_theme(palette)  # the palette as Windows gives it, untouched
    else:
        scheme = QGuiApplication.styleHints().colorScheme()
        dark = scheme == Qt.ColorScheme.Dark or _is_dark(palette)
        if dark and not _is_dark(palette):
            palette = app.style().standardPalette()  # Fusion's own dark colours
        _theme = dark_theme(palette) if dark and _is_dark(palette) else LIGHT
        palette.setColor(ROLE.Highlight, QColor(NHS_BLUE))
        palette.setColor(ROLE.HighlightedText, QColor("white"))
        palette.setColor(ROLE.Link, QColor(_theme.accent))
        if _theme is LIGHT:
            palette.setColor(ROLE.WindowText, QColor(TEXT))
            palette.setColor(ROLE.Text, QColor(TEXT))
        app.setPalette(palette)
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    app.setStyleSheet(stylesheet(_theme))

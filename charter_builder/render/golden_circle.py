"""The golden-circle diagram (why, how, what) as SVG, drawn from the charter's own words.

Boards recognise the golden circle at a glance; drawing it from their own text
makes the shared purpose page read as theirs rather than a template's. The SVG
is built with :mod:`xml.etree.ElementTree`, so user text only ever becomes
escaped character data: it cannot add elements, attributes or references to
files. Characters XML cannot hold at all (control codes) are dropped first.

WeasyPrint lays SVG text out letter by letter without wrapping, so the short
excerpts beside the rings are wrapped here by a cautious character count.
"""

from __future__ import annotations

import base64
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG_NS = "http://www.w3.org/2000/svg"

# NHS identity colours; tests/test_pdf_design.py checks each text/fill pair for contrast.
NHS_DARK_BLUE = "#003087"
NHS_BLUE = "#005EB8"
NHS_LIGHT_BLUE = "#41B6E6"
NHS_BLACK = "#231F20"
NHS_DARK_GREY = "#425563"
NHS_PALE_GREY = "#E8EDEE"
WHITE = "#FFFFFF"

#: Size of the drawing in user units; the template scales it to the text width.
WIDTH, HEIGHT = 680, 276
CENTRE = (138, 138)
#: Room for an excerpt line, in ems of the excerpt's font size, with a margin for error.
EXCERPT_SIZE = 14
LINE_EMS = (WIDTH - 6 - (CENTRE[0] + 134 + 40)) / EXCERPT_SIZE * 0.93
MAX_LINES = 3
LINE_GAP = 18
#: Longest first sentence the alternative text repeats in full.
ALT_CHARS = 300

_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“‘\"'(])")
#: Rough advance widths (in ems) of a humanist sans such as Source Sans, by character.
_NARROW = dict.fromkeys("ijlI.,:;!'|’‘ ", 0.26) | dict.fromkeys("ftr()[]-/", 0.34)
_WIDE = dict.fromkeys("mwMW%@—…", 0.85)


@dataclass(frozen=True)
class Ring:
    """One circle: its label, what it asks, and its colours."""

    label: str
    question: str
    radius: int
    fill: str
    text: str


#: Centre first: the golden circle starts with why.
RINGS = (
    Ring("WHY", "the purpose that brings us together", 48, NHS_DARK_BLUE, WHITE),
    Ring("HOW", "the way we will work", 92, NHS_BLUE, WHITE),
    Ring("WHAT", "what we will do together", 134, NHS_LIGHT_BLUE, NHS_DARK_BLUE),
)


#: In place of an excerpt the diagram cannot draw properly (right-to-left scripts).
SEE_BELOW = "Written in full below."


def char_ems(char: str) -> float:
    """A cautious guess at one character's advance width, in ems."""
    if char in _NARROW:
        return _NARROW[char]
    if char in _WIDE:
        return _WIDE[char]
    if unicodedata.east_asian_width(char) in "WF":
        return 1.0
    return 0.66 if char.isupper() else 0.56


def text_ems(text: str) -> float:
    """A cautious guess at how wide ``text`` is, in ems, so lines never run off the drawing."""
    return sum(map(char_ems, text))


def first_sentence(text: str) -> str:
    """The opening sentence, on one line, with characters XML cannot hold removed."""
    text = " ".join(_XML_UNSAFE.sub("", text).split())
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def excerpt(text: str, line_ems: float = LINE_EMS, max_lines: int = MAX_LINES) -> list[str]:
    """The first sentence of ``text`` as at most ``max_lines`` lines, with "…" if cut short.

    Text in a diagram is drawn letter by letter, without the joining and reordering
    Arabic or Hebrew need, so such a sentence is not quoted here: the full text, set
    properly, follows the diagram.
    """
    sentence = first_sentence(text)
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in sentence):
        return [SEE_BELOW]
    lines = _wrap(sentence, line_ems, max_lines)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and text_ems(last + "…") > line_ems:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last.rstrip(" ,;:—–-") + "…"
    return kept


def _wrap(text: str, line_ems: float, max_lines: int | None = None) -> list[str]:
    """Greedy word wrap; a word longer than a line (a web address, say) is split where it must.

    Each character is measured once, so a sentence of any length (even one unbroken
    word of a hundred thousand letters) is wrapped in a single pass. With
    ``max_lines``, wrapping stops once more lines than that are known to be needed.
    """
    lines: list[str] = []
    line, line_width = "", 0.0
    space = char_ems(" ")

    def full() -> bool:
        return max_lines is not None and len(lines) > max_lines

    for word in text.split(" ") if text else []:
        if full():
            break
        width = text_ems(word)
        if width > line_ems:
            if line:
                lines.append(line)
                line, line_width = "", 0.0
            start, width = 0, 0.0
            for index, char in enumerate(word):
                advance = char_ems(char)
                if width + advance > line_ems and index > start:
                    lines.append(word[start:index])
                    start, width = index, 0.0
                    if full():
                        break
                width += advance
            word = word[start:]
        if not line:
            line, line_width = word, width
        elif line_width + space + width <= line_ems:
            line, line_width = f"{line} {word}", line_width + space + width
        else:
            lines.append(line)
            line, line_width = word, width
    if line:
        lines.append(line)
    return lines


def alt_text(why: str, how: str, what: str) -> str:
    """What the diagram says, for screen readers: "Golden circle: why — …; how — …; what — …"."""
    parts = []
    for ring, text in zip(RINGS, (why, how, what), strict=True):
        sentence = first_sentence(text)
        if len(sentence) > ALT_CHARS:
            sentence = sentence[: ALT_CHARS - 1].rsplit(" ", 1)[0] + "…"
        words = sentence or "not yet written"
        parts.append(f"{ring.label.lower()} — {words}")
    return "Golden circle: " + "; ".join(parts)


def svg(why: str, how: str, what: str, font_family: str = "sans-serif") -> str:
    """The diagram as an SVG document: three rings on the left, excerpts on the right."""
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "font-family": font_family,
        },
    )
    ET.SubElement(root, "title").text = alt_text(why, how, what)
    cx, cy = CENTRE
    for ring in reversed(RINGS):
        ET.SubElement(
            root, "circle", cx=str(cx), cy=str(cy), r=str(ring.radius), fill=ring.fill,
            stroke=WHITE, **{"stroke-width": "3"},
        )  # fmt: skip
    _ring_labels(root)
    for index, (ring, text) in enumerate(zip(RINGS, (why, how, what), strict=True)):
        _callout(root, index, ring, excerpt(text))
    return ET.tostring(root, encoding="unicode")


def _ring_labels(root: ET.Element) -> None:
    """WHY in the centre, HOW and WHAT in the top of their bands."""
    cx, cy = CENTRE
    inner = 0
    for ring in RINGS:
        y = cy + 8 if inner == 0 else cy - (inner + ring.radius) / 2 + 7
        label = ET.SubElement(
            root, "text", x=str(cx), y=f"{y:g}", fill=ring.text,
            **{"text-anchor": "middle", "font-size": "19", "font-weight": "bold"},
        )  # fmt: skip
        label.text = ring.label
        inner = ring.radius


def _callout(root: ET.Element, index: int, ring: Ring, lines: list[str]) -> None:
    """A coloured key, the ring's name and question, then the charter's own first sentence."""
    left = CENTRE[0] + RINGS[-1].radius + 40
    top = 22 + index * 88
    ET.SubElement(
        root, "circle", cx=str(left - 16), cy=str(top + 9), r="8", fill=ring.fill,
    )  # fmt: skip
    heading = ET.SubElement(
        root, "text", x=str(left), y=str(top + 15), fill=NHS_DARK_BLUE,
        **{"font-size": "17", "font-weight": "bold"},
    )  # fmt: skip
    heading.text = ring.label.capitalize()
    question = ET.SubElement(
        heading, "tspan", dx="8", fill=NHS_DARK_GREY,
        **{"font-size": "14", "font-weight": "normal"},
    )  # fmt: skip
    question.text = ring.question
    body = ET.SubElement(
        root, "text", fill=NHS_BLACK if lines else NHS_DARK_GREY,
        **{"font-size": str(EXCERPT_SIZE)},
    )  # fmt: skip
    if not lines:
        body.set("font-style", "italic")
        lines = ["Not yet written"]
    for number, line in enumerate(lines):
        span = ET.SubElement(body, "tspan", x=str(left), y=f"{top + 38 + number * LINE_GAP:g}")
        span.text = line
    # A thin rule under each callout but the last keeps the three apart.
    if index < len(RINGS) - 1:
        ET.SubElement(
            root, "line", x1=str(left - 24), x2=str(WIDTH - 4),
            y1=str(top + 82), y2=str(top + 82), stroke=NHS_PALE_GREY,
            **{"stroke-width": "1.5"},
        )  # fmt: skip


def data_url(document: str) -> str:
    """An ``<img src>`` for the SVG; ``data:`` URLs are all the fetcher lets through anyway."""
    encoded = base64.b64encode(document.encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"

"""Pictures for the Word file: logos, the golden circle and signatures, each with alternative text.

Word cannot show SVG everywhere and nothing in the core may use Qt, so the golden
circle and drawn signatures are drawn here with Pillow, from the same geometry and
words as the PDF's SVG (see ``golden_circle`` and ``signature_svg``). Logos and
imported signatures are the draft's own PNG or JPEG bytes, already checked when
the draft was read. Every picture gets its description (``wp:docPr descr``),
which screen readers read out and Word shows as "Alt Text".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

from docx.shared import Cm, Length
from docx.text.run import Run
from PIL import Image, ImageDraw, ImageFont

from charter_builder import paths
from charter_builder.render import golden_circle, signature_svg
from charter_builder.render.word.document import clean

#: Pixels per unit of the golden circle's SVG drawing: sharp when printed 16 cm wide.
SCALE = 3
FONT_FILES = {
    "regular": "SourceSans3-Regular.ttf",
    "bold": "SourceSans3-Bold.ttf",
    "italic": "SourceSans3-It.ttf",
}


@cache
def _font(face: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(paths.resources_dir() / "fonts" / FONT_FILES[face]), size)


def add_picture(
    run: Run, data: bytes, alt: str, width: Length | None = None, height: Length | None = None
) -> None:
    """``data`` (PNG or JPEG) into ``run``, described by ``alt`` for screen readers."""
    shape = run.add_picture(io.BytesIO(data), width=width, height=height)
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", clean(alt))
    doc_pr.set("title", "")


def fitted(data: bytes, box_width: float, box_height: float) -> tuple[Length, Length]:
    """The size (in cm) that fits a picture inside a box, keeping its shape."""
    with Image.open(io.BytesIO(data)) as picture:
        width, height = picture.size
    scale = min(box_width / max(width, 1), box_height / max(height, 1))
    return Cm(width * scale), Cm(height * scale)


def golden_circle_png(why: str, how: str, what: str) -> bytes:
    """The golden circle as a PNG: the three rings, then each ring's name, question and excerpt."""
    s = SCALE
    picture = Image.new("RGB", (golden_circle.WIDTH * s, golden_circle.HEIGHT * s), "white")
    draw = ImageDraw.Draw(picture)
    cx, cy = golden_circle.CENTRE
    for ring in reversed(golden_circle.RINGS):
        r = ring.radius
        draw.ellipse(
            ((cx - r) * s, (cy - r) * s, (cx + r) * s, (cy + r) * s),
            fill=ring.fill, outline=golden_circle.WHITE, width=3 * s,
        )  # fmt: skip
    inner = 0
    for ring in golden_circle.RINGS:
        y = cy + 8 if inner == 0 else cy - (inner + ring.radius) / 2 + 7
        draw.text(
            (cx * s, y * s), ring.label, fill=ring.text, font=_font("bold", 19 * s), anchor="ms"
        )
        inner = ring.radius
    left = cx + golden_circle.RINGS[-1].radius + 40
    for index, (ring, text) in enumerate(zip(golden_circle.RINGS, (why, how, what), strict=True)):
        top = 22 + index * 88
        draw.ellipse(
            ((left - 24) * s, (top + 1) * s, (left - 8) * s, (top + 17) * s), fill=ring.fill
        )
        name = ring.label.capitalize()
        draw.text(
            (left * s, (top + 15) * s),
            name,
            fill=golden_circle.NHS_DARK_BLUE,
            font=_font("bold", 17 * s),
            anchor="ls",
        )
        after = draw.textlength(name, font=_font("bold", 17 * s)) + 8 * s
        draw.text(
            (left * s + after, (top + 15) * s),
            ring.question,
            fill=golden_circle.NHS_DARK_GREY,
            font=_font("regular", 14 * s),
            anchor="ls",
        )
        lines = golden_circle.excerpt(text)
        face, colour = "regular", golden_circle.NHS_BLACK
        if not lines:
            lines, face, colour = ["Not yet written"], "italic", golden_circle.NHS_DARK_GREY
        for number, line in enumerate(lines):
            y = top + 38 + number * golden_circle.LINE_GAP
            draw.text(
                (left * s, y * s),
                line,
                fill=colour,
                font=_font(face, golden_circle.EXCERPT_SIZE * s),
                anchor="ls",
            )
        if index < len(golden_circle.RINGS) - 1:
            draw.line(
                ((left - 24) * s, (top + 82) * s, (golden_circle.WIDTH - 4) * s, (top + 82) * s),
                fill=golden_circle.NHS_PALE_GREY,
                width=int(1.5 * s),
            )
    return _png(picture)


def drawn_signature_png(strokes: Sequence[Sequence[object]]) -> bytes:
    """A drawn signature as a PNG, from its numbers alone (see ``signature_svg``)."""
    scale = 0.5
    picture = Image.new(
        "RGB", (int(signature_svg.WIDTH * scale), int(signature_svg.HEIGHT * scale)), "white"
    )
    draw = ImageDraw.Draw(picture)
    width = max(2, int(6 * scale))
    for points in signature_svg._thinned(signature_svg.usable_strokes(strokes)):
        scaled = [(x * scale, y * scale) for x, y in points]
        if len(scaled) > 1:
            draw.line(scaled, fill=signature_svg.INK, width=width, joint="curve")
        for x, y in (scaled[0], scaled[-1]):
            draw.ellipse(
                (x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=signature_svg.INK
            )
    return _png(picture)


def _png(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()

"""Draw the fictional partners' logos for the worked example, once.

The PNGs are committed next to this script; run it again only to change them:

    .venv/bin/python resources/starters/make_example_logos.py

Names come from example.json and file names from example-logos.json, so the
logos always match the example's partners. Each logo is a coloured shape with
the organisation's initials, and its name beside it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONTS = Path("/usr/share/fonts/truetype/dejavu")
WIDTH, HEIGHT = 600, 240
SCALE = 4  # draw large, then shrink, for smooth edges
INK = (35, 41, 48, 255)

# partner id -> (initials, colour, shape)
STYLES: dict[str, tuple[str, str, str]] = {
    "icb": ("WV", "#005EB8", "circle"),
    "acute": ("KWH", "#003087", "rounded"),
    "community": ("WCM", "#00857C", "hexagon"),
    "county": ("WC", "#5B2C83", "shield"),
    "city": ("KC", "#A6192E", "diamond"),
    "gp": ("GP", "#2E7D32", "leaf"),
    "vcse": ("VA", "#D9650B", "heart"),
    "healthwatch": ("HW", "#0E7490", "speech"),
    "care": ("CA", "#8C3B6B", "house"),
}


def font(bold: bool, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def polygon(cx: float, cy: float, r: float, sides: int, turn: float) -> list[tuple[float, float]]:
    return [
        (
            cx + r * math.cos(turn + 2 * math.pi * i / sides),
            cy + r * math.sin(turn + 2 * math.pi * i / sides),
        )
        for i in range(sides)
    ]


def draw_shape(
    draw: ImageDraw.ImageDraw, shape: str, box: tuple[int, int, int, int], colour: str
) -> None:
    left, top, right, bottom = box
    cx, cy, r = (left + right) / 2, (top + bottom) / 2, (right - left) / 2
    if shape == "circle":
        draw.ellipse(box, fill=colour)
    elif shape == "rounded":
        draw.rounded_rectangle(box, radius=int(r * 0.35), fill=colour)
    elif shape == "hexagon":
        draw.polygon(polygon(cx, cy, r, 6, math.pi / 6), fill=colour)
    elif shape == "diamond":
        draw.polygon(polygon(cx, cy, r, 4, 0), fill=colour)
    elif shape == "shield":
        draw.rounded_rectangle((left, top, right, cy + r * 0.1), radius=int(r * 0.15), fill=colour)
        draw.polygon([(left, cy), (right, cy), (cx, bottom)], fill=colour)
    elif shape == "leaf":
        draw.rounded_rectangle(box, radius=int(r * 0.95), fill=colour)
        draw.rectangle((cx, top, right, cy), fill=colour)
        draw.rectangle((left, cy, cx, bottom), fill=colour)
    elif shape == "heart":
        lobe, lobe_top = r * 0.52, top + r * 0.1
        lobe_y = lobe_top + lobe
        draw.ellipse((left, lobe_top, left + 2 * lobe, lobe_top + 2 * lobe), fill=colour)
        draw.ellipse((right - 2 * lobe, lobe_top, right, lobe_top + 2 * lobe), fill=colour)
        draw.polygon([(left + 1, lobe_y), (right - 1, lobe_y), (cx, bottom)], fill=colour)
    elif shape == "speech":
        draw.rounded_rectangle(
            (left, top, right, bottom - r * 0.3), radius=int(r * 0.3), fill=colour
        )
        draw.polygon(
            [
                (left + r * 0.35, bottom - r * 0.35),
                (left + r * 0.8, bottom - r * 0.35),
                (left + r * 0.25, bottom),
            ],
            fill=colour,
        )
    elif shape == "house":
        draw.polygon([(cx, top), (right, cy - r * 0.1), (left, cy - r * 0.1)], fill=colour)
        draw.rectangle((left + r * 0.2, cy - r * 0.2, right - r * 0.2, bottom), fill=colour)
    else:
        raise ValueError(f"unknown shape {shape}")


def wrap(text: str, face: ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def logo(name: str, initials: str, colour: str, shape: str) -> Image.Image:
    s = SCALE
    image = Image.new("RGBA", (WIDTH * s, HEIGHT * s), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    box = (24 * s, 30 * s, 204 * s, 210 * s)
    draw_shape(draw, shape, box, colour)
    # initials, shrunk until they fit inside the shape
    size = 64 * s
    while font(True, size).getlength(initials) > 110 * s:
        size -= s
    centre_y = 120 * s if shape not in {"speech", "house", "shield", "heart"} else 108 * s
    if shape == "house":
        centre_y = 140 * s
    draw.text((114 * s, centre_y), initials, font=font(True, size), fill="white", anchor="mm")
    # the name, wrapped beside the shape and centred on it vertically
    face = font(True, 27 * s)
    lines = wrap(name, face, 360 * s)
    step = 36 * s
    y = 120 * s - step * (len(lines) - 1) / 2
    for line in lines:
        draw.text((228 * s, y), line, font=face, fill=INK, anchor="lm")
        y += step
    rule = y - step / 2 + 12 * s
    draw.rounded_rectangle((228 * s, rule, 300 * s, rule + 6 * s), radius=3 * s, fill=colour)
    return image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def main() -> None:
    example = json.loads((HERE / "example.json").read_text(encoding="utf-8"))
    files = json.loads((HERE / "example-logos.json").read_text(encoding="utf-8"))
    names = {p["id"]: p["name"] for p in example["partners"]}
    out = HERE / "example-logos"
    out.mkdir(exist_ok=True)
    for partner_id, filename in files.items():
        initials, colour, shape = STYLES[partner_id]
        logo(names[partner_id], initials, colour, shape).save(out / filename, optimize=True)
        print(f"wrote {out / filename}")


if __name__ == "__main__":
    main()

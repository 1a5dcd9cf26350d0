"""Draw the application icon at every size each platform wants, from its geometry.

The icon is the golden circle on a rounded square: drawn here rather than
scaled from one bitmap, so the 16-pixel and the 1,024-pixel icons are both
crisp. Writes PNGs (Linux), an .ico (Windows) and an .icns (macOS) into the
folder given. resources/icons/charter-builder.png, which the window uses, is the same drawing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

#: On a 256-pixel canvas: the square's edges, its corner radius, and each ring's
#: radius and colour from the outside in.
SQUARE = (8, 248)
CORNER = 44
RINGS = (
    (100, (255, 255, 255)),
    (72, (65, 182, 230)),
    (42, (255, 255, 255)),
    (22, (0, 48, 135)),
)
BLUE = (0, 94, 184)

PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def draw(size: int) -> Image.Image:
    """The icon at `size` pixels, drawn four times larger and scaled down for smooth edges."""
    scale = size * 4 / 256
    canvas = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    pen = ImageDraw.Draw(canvas)
    low, high = (round(v * scale) for v in SQUARE)
    pen.rounded_rectangle((low, low, high - 1, high - 1), radius=round(CORNER * scale), fill=BLUE)
    middle = 128 * scale
    for radius, colour in RINGS:
        r = radius * scale
        pen.ellipse((middle - r, middle - r, middle + r, middle + r), fill=colour)
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for size in PNG_SIZES:
        path = folder / f"charter-builder-{size}.png"
        draw(size).save(path)
        written.append(path)
    biggest = draw(1024)
    ico = folder / "charter-builder.ico"
    draw(256).save(ico, sizes=[(s, s) for s in ICO_SIZES])
    icns = folder / "charter-builder.icns"
    biggest.save(icns, sizes=[(s, s) for s in ICNS_SIZES])
    return [*written, ico, icns]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")
    for path in write_all(target):
        print(path)

"""Write fallback.json: which bundled fallback font draws which characters.

Run after changing the fallback fonts (`python resources/fonts/fallback/build_fallback.py`).
Characters Source Sans 3 already draws are left out, so a fallback font is only
loaded for a charter whose text needs it. The .woff files are the Regular (400)
and Bold (700) subsets from the Fontsource npm packages @fontsource/noto-sans-arabic,
@fontsource/noto-sans-hebrew and @fontsource/noto-emoji, unmodified.
"""

from __future__ import annotations

import json
from pathlib import Path

from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
PRIMARY = HERE.parent / "SourceSans3-Regular.ttf"
FACES = [
    ("Charter Arabic", 400, "NotoSansArabic-Regular.woff"),
    ("Charter Arabic", 700, "NotoSansArabic-Bold.woff"),
    ("Charter Hebrew", 400, "NotoSansHebrew-Regular.woff"),
    ("Charter Hebrew", 700, "NotoSansHebrew-Bold.woff"),
    *((f"Charter Emoji {n}", 400, f"NotoEmoji-{n}.woff") for n in range(11)),
]


def ranges(codepoints: set[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for cp in sorted(codepoints):
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def main() -> None:
    covered = set(TTFont(PRIMARY).getBestCmap())
    faces = [
        {
            "family": family,
            "weight": weight,
            "file": name,
            "ranges": ranges(set(TTFont(HERE / name).getBestCmap()) - covered),
        }
        for family, weight, name in FACES
    ]
    (HERE / "fallback.json").write_text(json.dumps(faces) + "\n")
    print(f"wrote {len(faces)} faces")


if __name__ == "__main__":
    main()

"""Write fallback.json (which bundled fallback font draws which characters) and
../main_coverage.json (which characters every style of Source Sans 3 draws).

Run after changing the fonts (`python resources/fonts/fallback/build_fallback.py`).
Characters Source Sans 3 already draws are left out, so a fallback font is only
loaded for a charter whose text needs it. The .woff files are the Regular (400)
and Bold (700) script subsets (for example ``noto-sans-bengali-bengali-400-normal.woff``)
from the Fontsource npm packages @fontsource/noto-sans-arabic, -hebrew, -bengali,
-devanagari, -gujarati, -gurmukhi, -tamil (5.3.0) and @fontsource/noto-emoji (5.3.2),
unmodified. The order below is the order the PDF tries them in.
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
    *(
        (f"Charter {script}", weight, f"NotoSans{script}-{style}.woff")
        for script in ("Bengali", "Devanagari", "Gujarati", "Gurmukhi", "Tamil")
        for weight, style in ((400, "Regular"), (700, "Bold"))
    ),
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
    styles = sorted(HERE.parent.glob("SourceSans3-*.ttf"))
    common = set.intersection(*(set(TTFont(path).getBestCmap()) for path in styles))
    (HERE.parent / "main_coverage.json").write_text(json.dumps(ranges(common)) + "\n")
    print(f"wrote the coverage of {len(styles)} main styles")


if __name__ == "__main__":
    main()

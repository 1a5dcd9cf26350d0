"""Save pictures of the worked example's PDF, one per kind of page.

Run with `make docs`; the PNGs land in docs/pdf/ so reviewers can see the
printed charter without running the app. Needs pdftoppm (poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from charter_builder.drafts.starters import load_starter
from charter_builder.render import CharterFetcher, render_html
from charter_builder.render.pdf import document_to_pdf, html_to_document

OUT = Path(__file__).resolve().parent / "pdf"
RESOLUTION = 60
#: Picture name and the anchor on the page it shows (None: the page number given).
PAGES: list[tuple[str, str | int]] = [
    ("cover", 1),
    ("contents", 2),
    ("partnership", "partnership"),
    ("purpose", "purpose"),
    ("principles", "principles"),
    ("commitments", "commitments"),
    ("governance", "governance"),
    ("signatures", "signatures"),
]


def main() -> int:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm is missing: install poppler-utils (make system-tools).", file=sys.stderr)
        return 1
    draft = load_starter("example")
    document = html_to_document(render_html(draft), CharterFetcher(draft.media))
    # A section that runs over several pages carries its anchor on each: keep the first.
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for name in page.anchors:
            anchors.setdefault(name, number)
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "example.pdf"
        pdf.write_bytes(document_to_pdf(document, charter=draft.charter))
        for index, (name, where) in enumerate(PAGES, 1):
            number = where if isinstance(where, int) else anchors[where]
            target = OUT / f"{index:02d}-{name}"
            page = str(number)
            command = [pdftoppm, "-png", "-r", str(RESOLUTION), "-f", page, "-l", page]
            subprocess.run([*command, "-singlefile", str(pdf), str(target)], check=True)
            print(f"{target.name}.png: page {number} of {len(document.pages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""THIRD_PARTY_NOTICES.txt: every library and font the package carries, with its licence."""

from __future__ import annotations

import importlib.metadata as metadata
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from charter_builder import notices
from charter_builder.paths import resources_dir

ROOT = Path(__file__).resolve().parents[1]
FONTS = resources_dir() / "fonts"


@pytest.fixture(scope="module")
def text(tmp_path_factory) -> str:
    """The file as the build writes it: `python -m charter_builder.notices OUT`."""
    out = tmp_path_factory.mktemp("build") / notices.NOTICES_NAME
    done = subprocess.run(
        [sys.executable, "-m", "charter_builder.notices", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["PySide6", "shiboken6", "weasyprint", "pyHanko", "pydantic"])
def test_the_libraries_we_ship_are_listed_with_their_installed_version(text, name):
    assert f"\n{metadata.metadata(name)['Name']} {metadata.version(name)}\n" in text


@pytest.mark.parametrize(
    ("name", "licence_file"),
    [("weasyprint", "LICENSE"), ("pyHanko", "LICENSE"), ("pydyf", "LICENSE")],
)
def test_each_library_licence_file_is_copied_word_for_word(text, name, licence_file):
    shipped = next(
        f for f in metadata.distribution(name).files or []
        if f.name == licence_file and ".dist-info" in str(f)
    )
    assert shipped.read_text(encoding="utf-8").strip() in text


def test_dependencies_of_dependencies_are_followed_and_test_tools_left_out(text):
    contents = text.split("\n\n=", 1)[0]
    # WeasyPrint needs fonttools[woff], which brings Brotli; pyHanko brings asn1crypto.
    for deep in ("fonttools", "brotli", "asn1crypto", "tinycss2", "packaging"):
        assert f"\n  {metadata.metadata(deep)['Name']} {metadata.version(deep)} " in contents
    # Only for `make test`: never shipped, so never listed.
    for tool in ("pytest", "pypdf", "pikepdf", "hypothesis", "ruff", "pyinstrument"):
        assert f"\n  {tool} " not in contents.lower()


def test_qt_and_pyside6_are_named_under_the_lgpl_with_their_source(text):
    head = text[: text.index("Contents")]
    assert "GNU Lesser General Public License version 3" in head
    assert f"Qt {metadata.version('PySide6')}" in head
    assert "https://download.qt.io/official_releases/QtForPython/" in head
    for licence in ("LGPL-3.0.txt", "GPL-3.0.txt"):
        body = (resources_dir() / "licences" / licence).read_text(encoding="utf-8").strip()
        assert body in text


def test_every_bundled_font_file_and_its_licence_are_there(text):
    fonts = [p for p in FONTS.rglob("*") if p.suffix.lower() in {".ttf", ".otf", ".woff", ".woff2"}]
    assert len(fonts) >= 30  # Source Sans 3 and the Noto fallbacks
    for font in fonts:
        assert font.relative_to(FONTS).as_posix() in text, font.name
    for licence in {FONTS / "OFL.txt", FONTS / "fallback" / "OFL.txt"}:
        assert licence.read_text(encoding="utf-8").strip() in text
    assert "Source Sans 3 3.052 (font)" in text
    assert "Copyright: © 2023 Adobe" in text


def test_a_font_added_without_its_licence_stops_the_build(tmp_path):
    top = tmp_path / "fonts"
    top.mkdir()
    shutil.copy(FONTS / "OFL.txt", top / "OFL.txt")
    shutil.copy(FONTS / "SourceSans3-Regular.ttf", top / "SourceSans3-Regular.ttf")
    assert [f.files for f in notices.bundled_fonts(top)] == [["SourceSans3-Regular.ttf"]]

    # A licence in a folder above resources/fonts is not this font's licence.
    shutil.move(top / "OFL.txt", tmp_path / "OFL.txt")
    with pytest.raises(notices.NoticesError, match=r"SourceSans3-Regular\.ttf"):
        notices.bundled_fonts(top)


def test_the_frozen_application_reads_the_file_it_carries(tmp_path):
    (tmp_path / notices.NOTICES_NAME).write_text("shipped notices", encoding="utf-8")
    assert notices.shipped_notices([tmp_path / "missing", tmp_path]) == (
        tmp_path / notices.NOTICES_NAME
    )
    assert notices.shipped_notices([tmp_path / "missing"]) is None
    # In a virtual environment nothing is carried: the About box makes the text there and then.
    assert notices.shipped_notices() is None
    assert "PySide6" in notices.notices_text()

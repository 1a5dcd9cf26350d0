"""One set of picture checks, whatever the path: validate, render, verify and the window.

WeasyPrint makes Pillow lenient for the whole process when it is imported, so
a picture refused by `validate` used to be printed by `render`. Every path now
gives the same answer, in words that fit the refusal.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from draft_fixtures import charter_document, write_draft_zip
from picture_bombs import png_with_bomb, small_png

from charter_builder.charter.images import NOT_NORMAL, normalise_image
from charter_builder.charter.model import Charter, Partner
from charter_builder.drafts.draft import media_name
from charter_builder.errors import ImageError

NOT_NORMAL_IN_DRAFT = "a picture in it is damaged or is not a normal picture"
NEVER = "far larger than any logo"


def draft_with_logo(path: Path, picture: bytes) -> Path:
    logo = media_name(picture)
    charter = Charter(partners=[Partner(name="Wyvern Hospice", logo=logo)])
    return write_draft_zip(path, charter_document(charter), media={logo: picture})


def png_with_broken_header() -> bytes:
    """A 10 x 10 PNG whose header chunk fails its own checksum."""
    png = bytearray(small_png())
    png[8 + 8 + 13] ^= 0xFF  # the IHDR chunk's CRC
    return bytes(png)


def png_with_text_after_the_pixels(megabytes: int = 600) -> bytes:
    """The bomb placed after IDAT, where Pillow only reads it while decoding."""
    from picture_bombs import zeros_deflated

    png = small_png()
    body = b"Comment\x00\x00" + zeros_deflated(megabytes)
    chunk = struct.pack(">I", len(body)) + b"zTXt" + body + struct.pack(
        ">I", zlib.crc32(b"zTXt" + body)
    )
    return png[:-12] + chunk + png[-12:]


def run_cli(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, int, float]:
    """The real command in a fresh process: exit code, output, peak memory (MB), seconds."""
    script = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=60)\n"
        "sys.stdout.write(done.stdout + done.stderr)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "sys.stderr.write(f'{done.returncode} {peak}')\n"
    )
    command = [sys.executable, "-m", "charter_builder.cli", *(str(a) for a in args)]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script, *command],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
    )
    seconds = time.monotonic() - started
    code, peak = done.stderr.split()[-2:]
    return int(code), done.stdout, int(peak) // 1024, seconds


BOMBS = {
    "zTXt": lambda: png_with_bomb("zTXt"),
    "iCCP": lambda: png_with_bomb("iCCP"),
}


@pytest.mark.parametrize("kind", list(BOMBS))
def test_validate_refuses_a_picture_bomb_as_not_a_normal_picture(tmp_path, kind) -> None:
    path = draft_with_logo(tmp_path / "bomb.charter", BOMBS[kind]())
    code, out, peak, seconds = run_cli("validate", path)
    assert code == 1
    assert NOT_NORMAL_IN_DRAFT in out
    assert NEVER not in out
    assert peak < 500 and seconds < 10


@pytest.mark.parametrize("kind", list(BOMBS))
def test_render_refuses_the_same_picture_bomb_quickly_and_prints_nothing(tmp_path, kind) -> None:
    path = draft_with_logo(tmp_path / "bomb.charter", BOMBS[kind]())
    pdf = tmp_path / "bomb.pdf"
    code, out, peak, seconds = run_cli("render", path, "-o", pdf)
    assert code == 1, out
    assert NOT_NORMAL_IN_DRAFT in out
    assert not pdf.exists()
    assert peak < 500 and seconds < 10


def test_a_small_damaged_picture_is_never_called_far_larger_than_any_logo(tmp_path) -> None:
    from charter_builder.drafts.draft_file import load_draft
    from charter_builder.errors import DraftFileError

    path = draft_with_logo(tmp_path / "broken.charter", png_with_broken_header())
    with pytest.raises(DraftFileError) as caught:
        load_draft(path)
    assert NOT_NORMAL_IN_DRAFT in caught.value.message
    assert NEVER not in caught.value.message


@pytest.mark.parametrize("kind", list(BOMBS))
def test_the_check_answers_the_same_after_weasyprint_is_loaded(tmp_path, kind) -> None:
    """In one process, before and after WeasyPrint switches Pillow to lenient."""
    script = (
        "import sys\n"
        "from charter_builder.drafts.draft_file import load_draft\n"
        "from charter_builder.errors import CharterError\n"
        "def answer():\n"
        "    try:\n"
        "        load_draft(sys.argv[1])\n"
        "        return 'opened'\n"
        "    except CharterError as error:\n"
        "        return error.message\n"
        "before = answer()\n"
        "import weasyprint\n"
        "from PIL import ImageFile\n"
        "assert ImageFile.LOAD_TRUNCATED_IMAGES\n"
        "after = answer()\n"
        "print(before == after, after)\n"
        "assert ImageFile.LOAD_TRUNCATED_IMAGES\n"
    )
    path = draft_with_logo(tmp_path / "bomb.charter", BOMBS[kind]())
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("True ")
    assert NOT_NORMAL_IN_DRAFT in done.stdout


@pytest.mark.parametrize("kind", list(BOMBS))
def test_choosing_a_picture_bomb_as_a_logo_is_refused_in_the_right_words(kind) -> None:
    import weasyprint  # noqa: F401 - imported for its side effect on Pillow

    with pytest.raises(ImageError) as caught:
        normalise_image(BOMBS[kind]())
    assert caught.value.message == NOT_NORMAL


def test_a_text_bomb_after_the_pixels_is_refused_when_chosen() -> None:
    with pytest.raises(ImageError) as caught:
        normalise_image(png_with_text_after_the_pixels())
    assert caught.value.message == NOT_NORMAL


def test_the_renderer_never_serves_a_picture_the_checks_refuse() -> None:
    from charter_builder.render.fetcher import CharterFetcher, RefusedURLError, media_url

    bomb = png_with_bomb("iCCP")
    fine = small_png()
    fetcher = CharterFetcher({media_name(bomb): bomb, media_name(fine): fine})
    assert fetcher.fetch(media_url(media_name(fine))).read() == fine
    with pytest.raises(RefusedURLError):
        fetcher.fetch(media_url(media_name(bomb)))


@pytest.mark.parametrize("kind", list(BOMBS))
def test_the_render_worker_refuses_the_picture_bomb_in_the_same_words(tmp_path, kind) -> None:
    from charter_builder.render.worker import run_job

    path = draft_with_logo(tmp_path / "bomb.charter", BOMBS[kind]())
    replies: list[dict] = []
    run_job({"job": 1, "draft": str(path), "output": str(tmp_path / "out.pdf")}, replies.append)
    assert NOT_NORMAL_IN_DRAFT in replies[-1]["error"]
    assert not (tmp_path / "out.pdf").exists()


@pytest.fixture(scope="module")
def charter_pdf(tmp_path_factory) -> Path:
    from charter_builder.drafts.starters import load_starter
    from charter_builder.render import RenderOptions, render_pdf

    pdf = tmp_path_factory.mktemp("pdf") / "charter.pdf"
    pdf.write_bytes(render_pdf(load_starter("blank"), RenderOptions(archive=True)))
    return pdf


@pytest.mark.parametrize("kind", list(BOMBS))
def test_verify_against_a_draft_with_a_picture_bomb_says_so_plainly(
    charter_pdf, tmp_path, capsys, kind
) -> None:
    from charter_builder.cli import main

    path = draft_with_logo(tmp_path / "bomb.charter", BOMBS[kind]())
    code = main(["verify", str(charter_pdf), "--draft", str(path)])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert code == 1
    assert NOT_NORMAL_IN_DRAFT in out
    assert NEVER not in out

"""Pictures as a board secretary imports them: refused plainly, or stored clean and print-sized.

Every picture here is a real PNG or JPEG made in the test; the oversized ones are
written chunk by chunk so that they cost kilobytes, as an attacker's would.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, ImageFile, ImageOps
from PIL.PngImagePlugin import PngInfo

from charter_builder.charter.images import normalise_image
from charter_builder.charter.model import Partner
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.errors import ImageError

NOT_PNG_OR_JPEG = "This picture is not a PNG or JPEG image. Please choose a PNG or JPEG file."
DAMAGED = "This picture is damaged or incomplete and cannot be used."
SIXTY_MP = (
    "This picture is too large (60 megapixels). Please use a picture under 40 megapixels, "
    "for example by saving a smaller copy."
)
GPS_LATITUDE = (51.0, 30.0, 26.0)


# -- making pictures -------------------------------------------------------------
def huge_png(width: int, height: int) -> bytes:
    """A valid black 1-bit PNG of any size, compressed row by row to a few kilobytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    row = bytes(1 + (width + 7) // 8)  # filter byte "none", then all-zero pixels
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def encode(image: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=kind, **options)
    return buffer.getvalue()


def photo(size: tuple[int, int] = (300, 100)) -> Image.Image:
    """White with a red band down the left third, so its orientation can be seen."""
    image = Image.new("RGB", size, "white")
    image.paste((220, 0, 0), (0, 0, size[0] // 3, size[1]))
    return image


def camera_exif() -> Image.Exif:
    """What a phone writes: maker, model, orientation "turn clockwise" and a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Pocket 12"
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def close_to(actual, expected, tolerance: int = 8) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


# -- refusals --------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        encode(Image.new("RGB", (40, 20), "navy"), "GIF"),
        b"Minutes of the partnership board, 3 March",
        b"",
        encode(Image.new("RGB", (40, 20), "navy"), "BMP"),
    ],
    ids=["gif", "text", "empty", "bmp"],
)
def test_anything_but_png_or_jpeg_is_refused_by_its_content(data: bytes) -> None:
    with pytest.raises(ImageError) as caught:
        normalise_image(data)
    assert caught.value.message == NOT_PNG_OR_JPEG


def test_a_sixty_megapixel_png_is_refused_from_its_header_quickly(tmp_path: Path) -> None:
    picture = tmp_path / "poster.png"
    picture.write_bytes(huge_png(8000, 7500))
    data = picture.read_bytes()
    assert len(data) < 100_000  # a few kilobytes on disk: only decoding would be costly
    assert Image.open(picture).size == (8000, 7500)

    started = time.perf_counter()
    with pytest.raises(ImageError) as caught:
        normalise_image(data)
    assert time.perf_counter() - started < 1.0
    assert caught.value.message == SIXTY_MP


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_refusing_a_sixty_megapixel_png_does_not_decode_it(tmp_path: Path) -> None:
    """Peak memory, measured in a fresh process: decoding it would take 60 MB or more.

    (tracemalloc cannot see Pillow's pixel buffers, so the process's peak size is
    measured instead, next to a control that really decodes the same file.)
    """
    picture = tmp_path / "poster.png"
    picture.write_bytes(huge_png(8000, 7500))
    script = textwrap.dedent(
        """
        import io, sys
        from PIL import Image
        from charter_builder.errors import ImageError
        from charter_builder.charter.images import normalise_image

        def peak_mb():  # VmHWM, unlike ru_maxrss, does not inherit pytest's own peak
            with open("/proc/self/status") as status:
                line = next(line for line in status if line.startswith("VmHWM:"))
            return int(line.split()[1]) / 1024

        data = open(sys.argv[1], "rb").read()
        before = peak_mb()
        try:
            normalise_image(data)
        except ImageError as error:
            print(error.message)
        refused = peak_mb()
        Image.open(io.BytesIO(data)).load()
        print(refused - before, peak_mb() - refused)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(picture)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    message, growth = result.stdout.strip().splitlines()
    refusing, decoding = (float(value) for value in growth.split())
    assert message == SIXTY_MP
    assert decoding > 50  # the control: decoding this file really is expensive
    assert refusing < 10


def test_just_over_forty_megapixels_is_refused_and_the_count_is_not_rounded_down() -> None:
    with pytest.raises(ImageError) as caught:
        normalise_image(huge_png(8001, 5000))
    assert "too large (41 megapixels)" in caught.value.message


@pytest.mark.parametrize("side", [10_000, 20_000], ids=["pillow-warns", "pillow-refuses"])
def test_pictures_beyond_pillows_own_limit_are_refused_in_plain_words(side: int) -> None:
    with pytest.raises(ImageError) as caught:
        normalise_image(huge_png(side, side))
    assert caught.value.message.startswith("This picture is too large")
    assert "40 megapixels" in caught.value.message


def test_a_jpeg_cut_in_half_is_refused_as_damaged(tmp_path: Path) -> None:
    whole = encode(Image.effect_noise((600, 400), 60).convert("RGB"), "JPEG", quality=90)
    picture = tmp_path / "cut.jpg"
    picture.write_bytes(whole[: len(whole) // 2])
    assert Image.open(picture).size == (600, 400)  # the header is intact; the pixels are not

    with pytest.raises(ImageError) as caught:
        normalise_image(picture.read_bytes())
    assert caught.value.message == DAMAGED


@pytest.mark.parametrize(
    "data",
    [
        encode(Image.effect_noise((300, 200), 60), "PNG")[:-400],
        b"\x89PNG\r\n\x1a\n" + b"not really a picture" * 10,
        b"\xff\xd8\xff\xe0" + bytes(100),
    ],
    ids=["truncated-png", "png-signature-only", "jpeg-signature-only"],
)
def test_other_damaged_pictures_are_refused_without_a_traceback(data: bytes) -> None:
    with pytest.raises(ImageError) as caught:
        normalise_image(data)
    assert caught.value.message == DAMAGED


# -- what is kept, and what is not ----------------------------------------------
def test_a_phone_photo_comes_out_upright_with_no_camera_or_location_details() -> None:
    original = encode(
        photo(),
        "JPEG",
        exif=camera_exif().tobytes(),
        comment=b"Taken at 10 Station Road",
        xmp=b"<x:xmpmeta><dc:creator>Jo Bloggs</dc:creator></x:xmpmeta>",
    )
    shown = Image.open(io.BytesIO(original))
    assert shown.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] == GPS_LATITUDE

    result = normalise_image(original)

    image = opened(result)
    assert image.format == "JPEG"
    assert image.size == (100, 300)  # turned as the camera said
    assert close_to(image.getpixel((50, 20)), (220, 0, 0), 30)  # the red band is now on top
    assert close_to(image.getpixel((50, 280)), (255, 255, 255))
    assert not image.getexif()
    assert "exif" not in image.info and "comment" not in image.info and "xmp" not in image.info
    for secret in (b"Exif", b"PhoneMaker", b"Pocket", b"Station Road", b"Bloggs", b"xmpmeta"):
        assert secret not in result


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_camera_orientation_is_turned_as_pillow_would(orientation: int) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    original = encode(photo((90, 40)), "PNG", exif=exif.tobytes())
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(original)))

    image = opened(normalise_image(original))

    assert image.size == expected.size
    assert image.tobytes() == expected.convert("RGB").tobytes()
    assert not image.getexif()


def test_a_png_loses_its_text_chunks_and_colour_profile_but_keeps_its_colours() -> None:
    notes = PngInfo()
    notes.add_text("Author", "Jane Smith, Finance")
    notes.add_text("Comment", "Draft logo - do not circulate", zip=True)
    notes.add_itxt("Description", "Logo für Wyvern")
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = encode(
        Image.new("RGB", (200, 80), (0, 94, 184)), "PNG", pnginfo=notes, icc_profile=srgb
    )
    assert opened(original).text and opened(original).info.get("icc_profile")

    result = normalise_image(original)

    image = opened(result)
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.text == {}
    assert "icc_profile" not in image.info
    for chunk in (b"tEXt", b"zTXt", b"iTXt", b"iCCP", b"Jane"):
        assert chunk not in result
    assert close_to(image.getpixel((100, 40)), (0, 94, 184), 2)


def test_a_cmyk_jpeg_becomes_rgb_with_its_colour_kept() -> None:
    original = encode(Image.new("CMYK", (120, 60), (0, 255, 255, 0)), "JPEG", quality=95)
    assert Image.open(io.BytesIO(original)).mode == "CMYK"

    image = opened(normalise_image(original))

    assert image.format == "JPEG" and image.mode == "RGB"
    assert close_to(image.getpixel((60, 30)), (255, 0, 0), 12)


@pytest.mark.parametrize(
    ("size", "max_side", "expected"),
    [
        ((4000, 2000), 1200, (1200, 600)),
        ((1000, 3000), 1200, (400, 1200)),
        ((4000, 2000), 500, (500, 250)),
        ((300, 100), 1200, (300, 100)),  # small logos are never blown up
        ((1200, 40), 1200, (1200, 40)),
    ],
)
@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_large_pictures_are_scaled_down_to_print_size_and_small_ones_left_alone(
    size, max_side, expected, kind
) -> None:
    image = opened(normalise_image(encode(photo(size), kind), max_side=max_side))
    assert image.format == kind
    assert image.size == expected


def test_transparency_survives() -> None:
    logo = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    logo.paste((0, 94, 184, 255), (50, 25, 150, 75))
    logo.paste((0, 94, 184, 128), (150, 25, 200, 75))

    image = opened(normalise_image(encode(logo, "PNG")))

    assert image.mode == "RGBA"
    assert image.getpixel((5, 5))[3] == 0
    assert image.getpixel((100, 50)) == (0, 94, 184, 255)
    assert abs(image.getpixel((175, 50))[3] - 128) <= 1


def test_a_palette_png_with_a_transparent_colour_keeps_it() -> None:
    logo = Image.new("P", (60, 30), 0)
    logo.putpalette([255, 255, 255, 0, 94, 184] + [0] * 762)
    logo.paste(1, (20, 0, 40, 30))
    image = opened(normalise_image(encode(logo, "PNG", transparency=0)))
    assert image.mode == "RGBA"
    assert image.getpixel((5, 5))[3] == 0
    assert image.getpixel((30, 15)) == (0, 94, 184, 255)


def test_an_opaque_picture_is_stored_without_an_empty_alpha_channel() -> None:
    image = opened(normalise_image(encode(photo().convert("RGBA"), "PNG")))
    assert image.mode == "RGB"


def test_a_sixteen_bit_grey_png_keeps_its_greys() -> None:
    grey = Image.new("I;16", (40, 10), 32768)  # half way up 0..65535
    image = opened(normalise_image(encode(grey, "PNG")))
    assert close_to(image.getpixel((20, 5)), (128, 128, 128), 1)


# -- the same picture, the same bytes -------------------------------------------
@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_the_same_picture_always_gives_the_same_bytes(kind: str) -> None:
    options = {"exif": camera_exif().tobytes()} if kind == "JPEG" else {}
    original = encode(photo((2000, 900)), kind, **options)
    first = normalise_image(original)
    assert normalise_image(original) == first
    fresh = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from charter_builder.charter.images import normalise_image; "
            "sys.stdout.buffer.write(normalise_image(sys.stdin.buffer.read()))",
        ],
        input=original,
        capture_output=True,
        timeout=60,
        check=True,
    ).stdout
    assert fresh == first


def test_importing_the_same_logo_twice_stores_it_once() -> None:
    draft = Draft()
    original = encode(photo((2000, 900)), "JPEG", exif=camera_exif().tobytes())
    assert draft.import_image(original) == draft.import_image(original)
    assert len(draft.media) == 1


def test_a_refused_picture_leaves_the_draft_unchanged() -> None:
    draft = Draft()
    kept = draft.import_image(encode(photo(), "PNG"))
    with pytest.raises(ImageError):
        draft.import_image(huge_png(8000, 7500))
    assert list(draft.media) == [kept]


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_an_imported_picture_survives_saving_and_opening_byte_for_byte(
    tmp_path: Path, kind: str
) -> None:
    draft = Draft()
    name = draft.import_image(encode(photo((1600, 800)), kind))
    assert name.endswith(".png" if kind == "PNG" else ".jpg")
    draft.charter.partners = [Partner(name="Wyvern Hospice", logo=name)]
    path = tmp_path / "draft.charter"

    save_draft(draft, path)
    loaded = load_draft(path)

    assert loaded.charter.partners[0].logo == name
    assert loaded.image(name) == draft.image(name)
    assert opened(loaded.image(name)).size == (1200, 600)


def test_a_cut_jpeg_is_refused_even_after_weasyprint_is_loaded() -> None:
    """WeasyPrint makes Pillow lenient with truncated files for the whole process."""
    import weasyprint  # noqa: F401 - imported for its side effect on Pillow

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # what WeasyPrint does on import
    whole = io.BytesIO()
    Image.new("RGB", (400, 300), (0, 94, 184)).save(whole, format="JPEG")
    cut = whole.getvalue()[: len(whole.getvalue()) // 2]
    with pytest.raises(ImageError, match="damaged or incomplete"):
        normalise_image(cut)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as WeasyPrint wants it

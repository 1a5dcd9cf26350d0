"""Pictures as they enter a draft: checked, upright, sRGB, print-sized, metadata-free.

A logo comes from anywhere (a phone photo, a download, an email attachment), so
it is never stored as it came. Its size is checked from the header before any
pixel is decoded, so a "decompression bomb" costs nothing; it is decoded fully so
a damaged file is refused now rather than failing later in the PDF; then it is
re-encoded from its pixels alone, which drops camera details, GPS positions,
comments and colour profiles that have no place in a shared charter. The same
input always gives the same bytes, so content-hash naming stores a logo once.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import threading
import warnings
from collections.abc import Iterator

from PIL import ExifTags, Image, ImageCms, ImageFile

from charter_builder.errors import ImageError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

#: Larger pictures are refused before decoding: 40 MP is far beyond any logo or
#: phone photo's need, and decoding one takes about 160 MB.
MAX_PIXELS = 40_000_000
#: A logo is printed at most a few centimetres wide; 1200 px is ample at 300 dpi.
DEFAULT_MAX_SIDE = 1200
JPEG_QUALITY = 88

NOT_PNG_OR_JPEG = "This picture is not a PNG or JPEG image. Please choose a PNG or JPEG file."
DAMAGED = "This picture is damaged or incomplete and cannot be used."
#: Pillow refuses some parts of a picture outright (a text note or colour profile that
#: unpacks to far more than any picture carries): not a size problem, an odd file.
NOT_NORMAL = "This picture is damaged or is not a normal picture, so it cannot be used."
_ADVICE = (
    f"Please use a picture under {MAX_PIXELS // 1_000_000} megapixels, "
    "for example by saving a smaller copy."
)
_GREY_16_BIT = ("I", "I;16", "I;16B", "I;16L", "I;16N", "F")
_ALPHA_MODES = ("RGBA", "RGBa", "LA", "La", "PA")
_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def normalise_image(data: bytes, max_side: int = DEFAULT_MAX_SIDE) -> bytes:
    """The picture re-encoded for the draft, or ImageError saying in plain words why not.

    PNG stays PNG (RGBA if it has any transparency, otherwise RGB); JPEG becomes
    an RGB baseline JPEG. The longer side is scaled down to ``max_side``, never up.
    """
    if max_side < 1:
        raise ValueError("max_side must be at least 1")
    kind = image_kind(data)
    picture = _decode(data, kind, max_side)
    icc = picture.info.get("icc_profile")
    # Scale first, in the picture's own mode, so a large picture is only ever held once.
    working = _turned(_scaled_down(_working_mode(picture), max_side), _orientation(picture))
    alpha, colour = _split_alpha(working)
    rgb = _to_srgb(colour, icc)
    if alpha is not None:
        rgb.putalpha(alpha)
    return _encode(rgb, "PNG" if alpha is not None else kind)


def image_kind(data: bytes) -> str:
    """The format by signature: a name or extension proves nothing."""
    if data.startswith(PNG_MAGIC):
        return "PNG"
    if data.startswith(JPEG_MAGIC):
        return "JPEG"
    raise ImageError(NOT_PNG_OR_JPEG)


class PictureTooLarge(ImageError):
    """More pixels than any logo needs; `pixels` is the count when the header gave one."""

    def __init__(self, pixels: int | None) -> None:
        if pixels is None:
            message = f"This picture is too large. {_ADVICE}"
        else:
            megapixels = math.ceil(pixels / 1_000_000)
            message = f"This picture is too large ({megapixels} megapixels). {_ADVICE}"
        super().__init__(message)
        self.pixels = pixels


class PictureNotNormal(ImageError):
    """Pillow refused a part of the file (a text note or colour profile far too large)."""

    def __init__(self) -> None:
        super().__init__(NOT_NORMAL)


def check_picture(data: bytes) -> tuple[int, int]:
    """Width and height of a picture that passes every check; ImageError saying why not.

    The one check for every picture, whatever the path: choosing a logo, opening,
    saving and rendering a draft, and verifying one. It reads the header and
    everything Pillow reads with it (text notes, colour profiles) and decodes no
    pixel, so it is cheap enough for every save. Pillow is made strict while it
    runs, whatever WeasyPrint has switched on for the whole process.
    """
    kind = image_kind(data)
    with _strict_pillow():
        try:
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                width, height = image.size
        except Image.DecompressionBombError:
            raise PictureTooLarge(None) from None
        except ValueError:  # a text note or colour profile Pillow will not unpack
            raise PictureNotNormal() from None
        except Exception:  # Pillow raises many types for bad headers
            raise ImageError(DAMAGED) from None
    if width * height > MAX_PIXELS:
        raise PictureTooLarge(width * height)
    return width, height


def _decode(data: bytes, kind: str, max_side: int) -> Image.Image:
    """Check the picture, then decode every pixel.

    Nothing Pillow raises escapes as it is: the user sees one plain sentence.
    """
    width, height = check_picture(data)
    with _strict_pillow():
        try:
            image = Image.open(io.BytesIO(data), formats=[kind])
        except Exception:  # checked just now; kept so nothing escapes as it is
            raise ImageError(DAMAGED) from None
        if kind == "JPEG":  # let libjpeg decode at a smaller scale when it can
            image.draft(None, _target_size(image.size, max_side))
        try:
            image.load()  # decode every pixel now; truncated files fail here
        except Image.DecompressionBombError:
            raise PictureTooLarge(width * height) from None
        except ValueError:  # a text note after the pixels that Pillow will not unpack
            raise PictureNotNormal() from None
        except Exception:  # OSError, SyntaxError, struct.error…
            raise ImageError(DAMAGED) from None
    return image


#: One strict section at a time, so each puts back exactly what it found.
_STRICT = threading.RLock()


@contextlib.contextmanager
def _strict_pillow() -> Iterator[None]:
    """Pillow as strict as it comes, only while our own checks run.

    WeasyPrint switches Pillow's process-wide leniency on when imported, and a
    lenient Pillow skips a truncated picture's end or a text note too large to
    unpack; our checks must answer the same in every process.
    """
    with _STRICT, warnings.catch_warnings():
        # Below twice its limit Pillow only warns; our own limit (far lower) decides.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        lenient = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _working_mode(image: Image.Image) -> Image.Image:
    """The picture in a mode that scales smoothly: L, RGB, CMYK, or RGBA if it has transparency."""
    if image.mode in _GREY_16_BIT:  # convert("L") would clip everything above 255
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in _ALPHA_MODES or "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode in ("L", "RGB", "CMYK"):
        return image
    if image.mode == "1":
        return image.convert("L")
    return image.convert("RGB")


def _orientation(image: Image.Image) -> int | None:
    """The camera's orientation tag; a broken EXIF block counts as none."""
    try:
        return image.getexif().get(ExifTags.Base.Orientation)
    except Exception:
        return None


def _turned(image: Image.Image, orientation: int | None) -> Image.Image:
    """Upright as the camera meant it (the same turns as ImageOps.exif_transpose)."""
    method = _TURNS.get(orientation) if isinstance(orientation, int) else None
    return image.transpose(method) if method is not None else image


def _split_alpha(image: Image.Image) -> tuple[Image.Image | None, Image.Image]:
    """The alpha channel (None if every pixel is opaque) and the colour without it."""
    if image.mode != "RGBA":
        return None, image
    alpha = image.getchannel("A")
    colour = image.convert("RGB")
    return (alpha if alpha.getextrema() != (255, 255) else None), colour


@functools.cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(colour: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB pixels in sRGB, using the picture's own colour profile where it has a usable one.

    The profile itself is then dropped: PDF viewers and printers assume sRGB, and
    a CMYK logo converted without its profile would come out dull or wrong.
    """
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(colour, source, _srgb(), outputMode="RGB")
        except Exception:  # a profile that is broken or does not fit the pixels
            converted = None
        if converted is not None:
            return converted
    return colour.convert("RGB")


def _target_size(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    width, height = size
    longer = max(width, height)
    if longer <= max_side:
        return size
    scale = max_side / longer
    return max(1, round(width * scale)), max(1, round(height * scale))


def _scaled_down(image: Image.Image, max_side: int) -> Image.Image:
    size = _target_size(image.size, max_side)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(image: Image.Image, kind: str) -> bytes:
    """Bytes from the pixels alone: a fresh image carries no EXIF, XMP, ICC or text."""
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    buffer = io.BytesIO()
    if kind == "PNG":
        clean.save(buffer, format="PNG", compress_level=9)
    else:
        clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, progressive=False, optimize=False)
    return buffer.getvalue()

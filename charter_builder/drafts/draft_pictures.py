"""The checks on a draft's pictures (logos and drawn signatures), on saving and on opening.

A picture is stored under the hash of its bytes, so its name proves its
contents; and it gets the same checks as choosing a logo and rendering
(``images.check_picture``), so a picture too large or too strange to draw is
refused here rather than when the PDF is made.
"""

from __future__ import annotations

import math

from charter_builder.charter.images import PictureTooLarge, check_picture
from charter_builder.drafts.draft import media_name
from charter_builder.drafts.draft_refusals import Refusal
from charter_builder.drafts.draft_zip import IMAGE_TOO_LARGE, MAX_IMAGE_BYTES
from charter_builder.errors import ImageError

# Reasons, shown after "“name” could not be opened: ".
_NOT_AN_IMAGE = "a picture in it is not a PNG or JPEG image, so the file may be damaged."
_IMAGE_DAMAGED = "a picture in it is damaged (its contents do not match its name)."
_PICTURE_NOT_NORMAL = (
    "a picture in it is damaged or is not a normal picture, so it may have been tampered with."
)


def check_picture_to_save(name: str, data: bytes) -> None:
    """Refuse to write a picture that opening the draft would refuse."""
    if _picture_name(data) != name:
        raise Refusal("a picture in the draft is damaged (it does not match its name).")
    if len(data) > MAX_IMAGE_BYTES:
        raise Refusal(IMAGE_TOO_LARGE)
    _check_stored_picture(data)


def check_opened_picture(name: str, data: bytes) -> None:
    """Refuse a picture read from a file that is not what its name says, or not normal."""
    actual = _picture_name(data)
    if actual is None:
        raise Refusal(_NOT_AN_IMAGE)
    if actual != name:
        raise Refusal(_IMAGE_DAMAGED)
    _check_stored_picture(data)


def _check_stored_picture(data: bytes) -> None:
    """The same picture checks as choosing a logo and rendering (images.check_picture)."""
    try:
        check_picture(data)
    except PictureTooLarge as error:
        raise Refusal(_too_many_pixels(error.pixels)) from None
    except ImageError:
        raise Refusal(_PICTURE_NOT_NORMAL) from None


def _too_many_pixels(pixels: int | None) -> str:
    size = f" ({math.ceil(pixels / 1_000_000)} megapixels)" if pixels else ""
    return (
        f"it holds a picture far larger than any logo or signature{size}, which Charter "
        "Builder never stores, so it may have been tampered with."
    )


def _picture_name(data: bytes) -> str | None:
    """The name these bytes must be stored under, or None if they are no picture at all."""
    try:
        return media_name(data)
    except ImageError:
        return None

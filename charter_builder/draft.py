"""A draft in memory: the charter and the images it refers to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from charter_builder.errors import ImageError
from charter_builder.model import Charter

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


def image_extension(data: bytes) -> str:
    """The file extension for image bytes, by their signature, not their name."""
    if data.startswith(PNG_MAGIC):
        return "png"
    if data.startswith(JPEG_MAGIC):
        return "jpg"
    raise ImageError("This picture is not a PNG or JPEG image. Please choose a PNG or JPEG file.")


def media_name(data: bytes) -> str:
    """Images are named by their content, so the same logo is stored once."""
    return f"media/{hashlib.sha256(data).hexdigest()}.{image_extension(data)}"


@dataclass
class Draft:
    charter: Charter = field(default_factory=Charter)
    media: dict[str, bytes] = field(default_factory=dict)

    def add_image(self, data: bytes) -> str:
        """Keep image bytes in the draft and return the name to refer to them by."""
        name = media_name(data)
        self.media.setdefault(name, data)
        return name

    def image(self, name: str) -> bytes | None:
        return self.media.get(name)

    def prune_media(self) -> None:
        """Drop images nothing refers to any more, so removed logos do not linger."""
        used = self.charter.media_names()
        self.media = {name: data for name, data in self.media.items() if name in used}

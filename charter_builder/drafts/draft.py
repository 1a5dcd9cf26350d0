"""A draft in memory: the charter and the images it refers to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from charter_builder.charter.images import image_kind, normalise_image
from charter_builder.charter.model import Charter
from charter_builder.drafts.history import History

EXTENSIONS = {"PNG": "png", "JPEG": "jpg"}


def image_extension(data: bytes) -> str:
    """The file extension for image bytes, by their signature, not their name."""
    return EXTENSIONS[image_kind(data)]


def media_name(data: bytes) -> str:
    """Images are named by their content, so the same logo is stored once."""
    return f"media/{hashlib.sha256(data).hexdigest()}.{image_extension(data)}"


@dataclass
class Draft:
    charter: Charter = field(default_factory=Charter)
    media: dict[str, bytes] = field(default_factory=dict)
    #: Every saved revision, carried inside the file (see history.py).
    history: History = field(default_factory=History)

    def add_image(self, data: bytes) -> str:
        """Keep image bytes in the draft and return the name to refer to them by."""
        name = media_name(data)
        self.media.setdefault(name, data)
        return name

    def import_image(self, data: bytes) -> str:
        """Add a picture the user chose, normalised first (checked, upright, no metadata).

        Raises ImageError in plain words, leaving the draft unchanged. Images read
        from a draft file go through add_image instead, so they stay byte for byte.
        """
        return self.add_image(normalise_image(data))

    def image(self, name: str) -> bytes | None:
        return self.media.get(name)

    def prune_media(self) -> None:
        """Drop images nothing refers to any more, so removed logos do not linger."""
        used = self.charter.media_names()
        self.media = {name: data for name, data in self.media.items() if name in used}

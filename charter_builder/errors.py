"""Errors a user can cause and understand; their message is shown as it is."""


class CharterError(Exception):
    """A problem explained in plain words, fit to show a board secretary."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DraftFileError(CharterError):
    """A draft file that cannot be opened or saved."""


class ImageError(CharterError):
    """An image (a logo, later a signature) that cannot be used."""


class RenderError(CharterError):
    """The PDF could not be made."""

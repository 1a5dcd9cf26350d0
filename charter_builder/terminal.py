"""Text from files and certificates made safe to show on one line of a terminal.

A draft, a PDF or a certificate can hold control characters: escape sequences
that clear the screen or retitle the window, or a line break that makes a name
look like one of our own result lines. Anything shown in a report passes
through here, so what the reader sees is what the file says, made visible.

A file name need not be valid text at all: the bytes the system could not
decode arrive as lone surrogates (os.fsdecode), which no terminal can print;
they are shown as the bytes they stand for, ``\\xe9``.
"""

from __future__ import annotations

import io
import os
import unicodedata
from typing import TextIO

#: Line and paragraph separators, and the marks that reorder text on screen.
_INVISIBLE_FORMATTING = frozenset(
    "\u2028\u2029\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
#: os.fsdecode turns an undecodable byte 0xNN (0x80 and above) into U+DCNN.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


def _shown(character: str) -> str:
    category = unicodedata.category(character)
    if character in _INVISIBLE_FORMATTING or category == "Cc":
        code = ord(character)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    if category == "Cs":  # a lone surrogate: a byte of a file name that is not text
        code = ord(character)
        return f"\\x{code - 0xDC00:02x}" if code in _ESCAPED_BYTES else f"\\u{code:04x}"
    return character


def one_line(text: str) -> str:
    """`text` with every control character (line breaks included) shown as an escape."""
    if text.isprintable():
        return text
    return "".join(_shown(character) for character in text)


def shown_lines(text: str) -> str:
    """Like one_line, but keeping line breaks: for whole reports whose lines we wrote."""
    return "\n".join(one_line(line) for line in text.split("\n"))


class SafeOutput(io.TextIOBase):
    """A terminal stream that shows control characters escaped and survives its reader leaving.

    Every value from a file is escaped where it is shown; this is the net under
    them all, for what a message quotes. When the reader closes the pipe
    (``charter-builder history FILE | head -3``) the rest of the output is
    dropped quietly, so the command still finishes and exits as it would have.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        if not self.reader_gone:
            shown = shown_lines(text)
            try:
                self._stream.write(shown)
            except BrokenPipeError:
                self._drop_the_rest()
            except UnicodeEncodeError:  # a terminal that cannot show every character
                encoding = getattr(self._stream, "encoding", None) or "ascii"
                plain = shown.encode(encoding, "backslashreplace").decode(encoding)
                try:
                    self._stream.write(plain)
                except BrokenPipeError:
                    self._drop_the_rest()
        return len(text)

    def flush(self) -> None:
        if self.reader_gone:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._drop_the_rest()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    def _drop_the_rest(self) -> None:
        """Point the stream's descriptor at the null device, so nothing later fails on it."""
        self.reader_gone = True
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, self._stream.fileno())
            finally:
                os.close(null)
        except (OSError, ValueError, io.UnsupportedOperation):
            pass  # not a real descriptor (a test's capture): the flag alone is enough

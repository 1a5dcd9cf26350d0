"""A draft on disk: one ``.charter`` file holding the charter and its pictures.

The file is a zip laid out like an OpenDocument file: an uncompressed
``mimetype`` entry first (so the file says what it is), then ``charter.json``
and the pictures it refers to, named by their content. Drafts travel by email
and shared drives, so opening one trusts nothing: every name, size and byte is
checked in memory (nothing is ever extracted to disk) before the charter is
built, and every refusal says in plain words what is wrong with which file.
Saving goes through a temporary file so a failure never harms the last good copy.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import stat
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from charter_builder.charter.images import PictureTooLarge, check_picture
from charter_builder.charter.labels import describe_location
from charter_builder.charter.model import FROM_FILE, MAX_TEXT, Charter
from charter_builder.drafts.draft import Draft, media_name
from charter_builder.drafts.history import MAX_REVISIONS, History, HistoryError
from charter_builder.errors import DraftFileError, ImageError
from charter_builder.storage.bounded_read import NotARegularFile, open_regular
from charter_builder.storage.json_limits import JsonLimits, JsonTooBig, check_json
from charter_builder.storage.safe_write import replace_file, saving_reason
from charter_builder.terminal import one_line

MIMETYPE = "application/vnd.charter-builder.draft+zip"
FORMAT_VERSION = 4


#: Version N -> a function turning a version-N document into a version N+1 one.
def _add_signatures(document: dict[str, Any]) -> dict[str, Any]:
    """Version 2 records signatures and the freeze for signing; older drafts had neither."""
    if not isinstance(document.get("charter"), dict):
        return document  # nothing to bring up to date; opening says what is wrong
    charter = dict(document["charter"])
    charter.setdefault("signatures", [])
    charter.setdefault("frozen_for_signing", False)
    return {**document, "charter": charter}


def _history_beside(document: dict[str, Any]) -> dict[str, Any]:
    """Version 3 may carry ``history.json`` beside the charter; the charter is unchanged."""
    return document


def _certificate_signatures(document: dict[str, Any]) -> dict[str, Any]:
    """Version 4 signature records may carry a certificate signature; older ones have none.

    The version goes up so that an older Charter Builder, which cannot check a
    certificate signature, says "saved by a newer version, please update" rather
    than opening the draft and showing a forged record as signed.
    """
    return document


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _add_signatures,
    2: _history_beside,
    3: _certificate_signatures,
}

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
#: What the JSON inside may hold, checked before it is parsed. The largest realistic
#: draft (200 partners, each with a drawn signature, and 300 revisions) has about
#: 0.4 million values in its charter and 0.6 million in its history, nested 8 deep.
#: Saved, a charter takes about 10 bytes a value, so a million stays within its 20 MB.
#: A string may hold the longest text field, escaped.
CHARTER_JSON_LIMITS = JsonLimits(max_values=1_000_000, max_depth=32, max_string_bytes=6 * MAX_TEXT)
HISTORY_JSON_LIMITS = JsonLimits(max_values=2_000_000, max_depth=32, max_string_bytes=6 * MAX_TEXT)
#: How many validation problems a refusal lists before "and N more problems".
MAX_SHOWN_PROBLEMS = 5

_MEDIA_ENTRY = re.compile(r"media/[0-9a-f]{64}\.(?:png|jpg)")
_DRIVE = re.compile(r"[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: Control characters, line breaks of every kind, lone surrogates (which cannot even be
#: printed) and direction overrides (which make text read backwards): never shown.
_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_REPR_QUOTES = re.compile(r"'([^'\s]*)'")
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
_CHARTER_TOO_LARGE = "the charter in it is larger than 20 MB, which is far more than any charter."
_HISTORY_TOO_LARGE = (
    f"its history of earlier versions is larger than {MAX_HISTORY_BYTES // MB} MB, so it may "
    "be damaged."
)
_IMAGE_TOO_LARGE = "a picture in it is larger than 20 MB, which is too large for a logo."
_TOTAL_TOO_LARGE = (
    f"its contents add up to more than {MAX_TOTAL_BYTES // MB} MB, which is far more than "
    "any draft."
)
_FILE_TOO_LARGE = "the file is far larger than any Charter Builder draft, so it has been refused."
_NO_CHARTER = "the charter itself is missing from the file, so it may be damaged."
_NOT_TEXT = "the charter in it is not stored as readable text, so the file may be damaged."
_BAD_JSON = "the charter in it is damaged and cannot be read."
_NOT_OBJECT = "the charter in it is not in the expected form, so the file may be damaged."
_NO_VERSION = "it does not say which version of the draft format it uses, so it may be damaged."
_NO_CHARTER_DATA = "it contains no charter, so it may be damaged."
_NOT_AN_IMAGE = "a picture in it is not a PNG or JPEG image, so the file may be damaged."
_IMAGE_DAMAGED = "a picture in it is damaged (its contents do not match its name)."
_PICTURE_NOT_NORMAL = (
    "a picture in it is damaged or is not a normal picture, so it may have been tampered with."
)
_OLD_UNREADABLE = (
    "it was saved by an older version of Charter Builder and could not be brought up to "
    "date (it may be damaged)."
)


class _Refusal(Exception):
    """Why a draft cannot be read or written, in words, before the file name is known."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------- saving


def dumps_draft(draft: Draft) -> bytes:
    """The bytes of a ``.charter`` file, for history snapshots and autosave."""
    try:
        charter_json, history_json, media = _prepare(draft)
    except _Refusal as refusal:
        raise DraftFileError(f"The draft could not be saved: {refusal.reason}") from None
    buffer = io.BytesIO()
    _write_zip(buffer, charter_json, history_json, media)
    return buffer.getvalue()


def dumps_charter(charter: Charter) -> bytes:
    """The bytes of a draft's ``charter.json``; the archival PDF attaches exactly these."""
    return _charter_json(charter)


def loads_charter(data: bytes) -> Charter:
    """Read a ``charter.json`` on its own (as a PDF carries it), with every check a draft gets.

    Raises DraftFileError whose message completes "... could not be read: ".
    """
    try:
        return _charter_from(data)
    except _Refusal as refusal:
        raise DraftFileError(refusal.reason) from refusal.__cause__


def save_draft(draft: Draft, path: Path) -> bytes:
    """Write the draft to `path` so that either the new file or the old one is there, whole.

    Returns the bytes written, so the caller can stamp the file from what it wrote.
    """
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    shown = _quoted(path)
    try:
        charter_json, history_json, media = _prepare(draft)
    except _Refusal as refusal:
        raise DraftFileError(f"{shown} could not be saved: {refusal.reason}") from None
    if path.is_dir():
        raise DraftFileError(
            f"{shown} could not be saved: there is already a folder with that name."
        )
    kept = " Your previous copy has not been changed." if path.exists() else ""
    try:
        buffer = io.BytesIO()
        _write_zip(buffer, charter_json, history_json, media)
        data = buffer.getvalue()
        replace_file(path, lambda stream: _write_all(stream, data))
    except OSError as error:
        raise DraftFileError(
            f"{shown} could not be saved: {saving_reason(error, path.parent)}{kept}"
        ) from error
    except Exception as error:
        raise DraftFileError(
            f"{shown} could not be saved because of an unexpected problem.{kept}"
        ) from error
    return data


def _write_all(stream: IO[bytes], data: bytes) -> None:
    stream.write(data)


def _prepare(draft: Draft) -> tuple[bytes, bytes | None, list[tuple[str, bytes]]]:
    """What to write, checked first: never write a file that opening would refuse."""
    used = Draft(charter=draft.charter, media=dict(draft.media))
    used.prune_media()  # on a copy: the caller's draft keeps its images
    missing = draft.charter.media_names() - used.media.keys()
    if missing:
        raise _Refusal(f"{_missing_picture(draft.charter, missing)} is missing from the draft.")
    total = 0
    for name, data in used.media.items():
        if _picture_name(data) != name:
            raise _Refusal("a picture in the draft is damaged (it does not match its name).")
        if len(data) > MAX_IMAGE_BYTES:
            raise _Refusal(_IMAGE_TOO_LARGE)
        _check_stored_picture(data)
        total += len(data)
    charter_json = _charter_json(draft.charter)
    if len(charter_json) > MAX_CHARTER_BYTES:
        raise _Refusal(_CHARTER_TOO_LARGE.replace(" in it", ""))
    history_json = None
    if draft.history:
        room = min(MAX_HISTORY_BYTES, MAX_TOTAL_BYTES - total - len(charter_json))
        history_json = draft.history.to_json()
        if len(history_json) > room or len(draft.history) > MAX_REVISIONS:
            # Months of saves must never stop the next one: the oldest revisions go.
            _, history_json = draft.history.newest(MAX_REVISIONS, max(room, 0))
            if len(history_json) > max(room, 0):
                history_json = None
    if total + len(charter_json) + len(history_json or b"") > MAX_TOTAL_BYTES:
        raise _Refusal(
            f"the charter and its pictures add up to more than {_mb(MAX_TOTAL_BYTES)}."
        )
    return charter_json, history_json, sorted(used.media.items())


def _mb(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


def _charter_json(charter: Charter) -> bytes:
    document = {"format_version": FORMAT_VERSION, "charter": charter.model_dump(mode="json")}
    return json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False).encode() + b"\n"


def _write_zip(
    stream: IO[bytes],
    charter_json: bytes,
    history_json: bytes | None,
    media: list[tuple[str, bytes]],
) -> None:
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr(_entry(MIMETYPE_ENTRY, zipfile.ZIP_STORED), MIMETYPE.encode("ascii"))
        archive.writestr(_entry(CHARTER_ENTRY, zipfile.ZIP_DEFLATED), charter_json)
        if history_json is not None:
            archive.writestr(_entry(HISTORY_ENTRY, zipfile.ZIP_DEFLATED), history_json)
        for name, data in media:  # PNG and JPEG are compressed already
            archive.writestr(_entry(name, zipfile.ZIP_STORED), data)


def _entry(name: str, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ENTRY_TIME)
    info.compress_type = compression
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


# ---------------------------------------------------------------- opening


def load_draft(path: Path) -> Draft:
    """Open a ``.charter`` file, or raise DraftFileError saying plainly why not."""
    path = Path(path)
    shown = _quoted(path)
    try:
        # Only an ordinary file is opened (never waiting on a pipe or reading a device
        # for ever), and its size is checked on the very descriptor that is read.
        descriptor, info = open_regular(path)
        with os.fdopen(descriptor, "rb") as stream:
            if info.st_size > MAX_FILE_BYTES:
                raise _Refusal(_FILE_TOO_LARGE)
            return _read_draft(stream)
    except _Refusal as refusal:
        # Keep the underlying cause for the log; the message alone is for people.
        raise DraftFileError(
            f"{shown} could not be opened: {refusal.reason}"
        ) from refusal.__cause__
    except OSError as error:
        raise DraftFileError(f"{shown} could not be opened: {_reading_reason(error)}") from error


def loads_draft(data: bytes, name: str | None = None) -> Draft:
    """Open a draft held in memory; `name` is how messages refer to it."""
    shown = f"“{_clean(name)}”" if name else "The draft"
    try:
        return _read_draft(io.BytesIO(data))
    except _Refusal as refusal:
        raise DraftFileError(
            f"{shown} could not be opened: {refusal.reason}"
        ) from refusal.__cause__


def migrate(document: dict[str, Any]) -> dict[str, Any]:
    """Bring a document up to FORMAT_VERSION one version at a time.

    Each step only knows its own version, so old files keep opening however
    many formats later they are read.
    """
    version = document["format_version"]
    while version < FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise LookupError(f"no migration from format {version}")
        document = dict(step(dict(document)))
        version += 1
        document["format_version"] = version
    return document


def _reading_reason(error: OSError) -> str:
    if isinstance(error, NotARegularFile):
        if error.kind == "folder":
            return "it is a folder, not a Charter Builder draft."
        return (
            f"it is not a Charter Builder draft but a {error.kind} (not an ordinary file), "
            "so it has not been read."
        )
    if isinstance(error, FileNotFoundError):
        return "the file could not be found. It may have been moved, renamed or deleted."
    if isinstance(error, IsADirectoryError):
        return "it is a folder, not a Charter Builder draft."
    if isinstance(error, PermissionError):
        return "you do not have permission to read it."
    return "the file could not be read. Please check the drive it is on is connected and try again."


def _read_draft(stream: IO[bytes]) -> Draft:
    size = stream.seek(0, io.SEEK_END)
    if size == 0:
        raise _Refusal(_EMPTY)
    stream.seek(0)
    looks_like_zip = stream.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC
    end = _end_record(stream, size)
    if end is None:
        raise _Refusal(_INCOMPLETE if looks_like_zip else _NOT_A_DRAFT)
    entries, directory_size = end
    if entries > MAX_ENTRIES or directory_size > MAX_DIRECTORY_BYTES:
        raise _Refusal(_TOO_MANY)
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
        raise _Refusal(_INCOMPLETE if looks_like_zip else _NOT_A_DRAFT) from error
    with archive:
        try:
            return _read_archive(archive)
        except _Refusal:
            raise
        except Exception as error:
            # zipfile trusts the headers it reads: a hostile one can make it raise almost
            # anything (a name that is not valid UTF-8 gives UnicodeDecodeError from open).
            raise _Refusal(_DAMAGED) from error


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


def _read_archive(archive: zipfile.ZipFile) -> Draft:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _Refusal(_TOO_MANY)
    _check_mimetype(archive, infos)
    _check_entries(infos)
    budget = _Budget()
    by_name = {info.filename: info for info in infos}
    if CHARTER_ENTRY not in by_name:
        raise _Refusal(_NO_CHARTER)
    charter = _charter_from(_read_entry(archive, by_name[CHARTER_ENTRY], budget))
    media: dict[str, bytes] = {}
    for info in infos:
        if _MEDIA_ENTRY.fullmatch(info.filename):
            data = _read_entry(archive, info, budget)
            actual = _picture_name(data)
            if actual is None:
                raise _Refusal(_NOT_AN_IMAGE)
            if actual != info.filename:
                raise _Refusal(_IMAGE_DAMAGED)
            _check_stored_picture(data)
            media[info.filename] = data
    used = charter.media_names()
    missing = used - media.keys()
    if missing:
        raise _Refusal(
            f"{_missing_picture(charter, missing)} is missing from the file, so it may be damaged."
        )
    history = History()
    if HISTORY_ENTRY in by_name:
        raw_history = _read_entry(archive, by_name[HISTORY_ENTRY], budget)
        _check_json(raw_history, HISTORY_JSON_LIMITS, "its history of earlier versions")
        history = _history_from(raw_history)
    return Draft(
        charter=charter, media={n: d for n, d in media.items() if n in used}, history=history
    )


def _history_from(raw: bytes) -> History:
    try:
        document = json.loads(raw.decode("utf-8"), object_pairs_hook=_without_repeated_keys)
        # Escapes such as \udfff load as text that can never be saved again; refuse them now
        # (UnicodeEncodeError is a ValueError) rather than fail at the next save.
        json.dumps(document, ensure_ascii=False).encode("utf-8")
        return History.from_document(document)
    except (ValueError, RecursionError, HistoryError) as error:
        reason = (
            str(error)
            if isinstance(error, HistoryError)
            else "its history of earlier versions is damaged."
        )
        raise _Refusal(reason) from error


def _check_mimetype(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """The first entry says what the file is, readable without decompressing anything."""
    if not any(info.filename == MIMETYPE_ENTRY for info in infos):
        raise _Refusal(_NOT_OURS)
    first = infos[0]
    if (
        first.filename != MIMETYPE_ENTRY
        or first.header_offset != 0
        or first.compress_type != zipfile.ZIP_STORED
        or first.flag_bits & _ENCRYPTED
    ):
        raise _Refusal(_REPACKED)
    if first.file_size > MAX_MIMETYPE_BYTES:
        raise _Refusal(_NOT_OURS)
    if _read_entry(archive, first, _Budget()) != MIMETYPE.encode("ascii"):
        raise _Refusal(_NOT_OURS)


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse anything unexpected before reading a byte of it: names, locks, sizes."""
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if _is_unsafe(info):
            raise _Refusal(
                f"it contains an item with an unsafe name (“{_clean(name)}”), so it has been "
                "refused to protect your computer."
            )
        if name in seen:
            raise _Refusal(f"it contains the item “{_clean(name)}” twice, so it may be damaged.")
        seen.add(name)
        if name not in (
            MIMETYPE_ENTRY,
            CHARTER_ENTRY,
            HISTORY_ENTRY,
        ) and not _MEDIA_ENTRY.fullmatch(name):
            raise _Refusal(
                f"it contains something Charter Builder does not recognise (“{_clean(name)}”), "
                "so it may have been altered by another program."
            )
        if info.flag_bits & _ENCRYPTED:
            raise _Refusal(_ENCRYPTED_ENTRY)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refusal(_COMPRESSION)
        limit, too_large = _limit_for(name)
        if info.file_size > limit:
            raise _Refusal(too_large)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise _Refusal(_TOTAL_TOO_LARGE)


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
        return MAX_CHARTER_BYTES, _CHARTER_TOO_LARGE
    if name == HISTORY_ENTRY:
        return MAX_HISTORY_BYTES, _HISTORY_TOO_LARGE
    return MAX_IMAGE_BYTES, _IMAGE_TOO_LARGE


class _Budget:
    """Bytes still allowed across the whole file: a header may lie, the count does not."""

    def __init__(self) -> None:
        self.left = MAX_TOTAL_BYTES

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise _Refusal(_TOTAL_TOO_LARGE)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """An entry's bytes, read in chunks and stopped at its limit whatever its header says."""
    limit, too_large = _limit_for(info.filename)
    parts: list[bytes] = []
    size = 0
    with archive.open(info) as entry:
        while chunk := entry.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise _Refusal(too_large)
            budget.spend(len(chunk))
            parts.append(chunk)
    return b"".join(parts)


def _charter_from(raw: bytes) -> Charter:
    _check_json(raw, CHARTER_JSON_LIMITS, "the charter in it")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Refusal(_NOT_TEXT) from error
    try:
        document = json.loads(text, object_pairs_hook=_without_repeated_keys)
    except (ValueError, RecursionError) as error:
        raise _Refusal(_BAD_JSON) from error
    if not isinstance(document, dict):
        raise _Refusal(_NOT_OBJECT)
    version = document.get("format_version")
    if type(version) is not int:
        raise _Refusal(_NO_VERSION)
    if version > FORMAT_VERSION:
        raise _Refusal(
            f"it was saved by a newer version of Charter Builder (format {version}). "
            "Please update Charter Builder to open it."
        )
    if version < 1:
        raise _Refusal(
            f"it says it uses draft format {version}, which has never existed, "
            "so it may be damaged."
        )
    try:
        document = migrate(document)
    except Exception as error:
        raise _Refusal(_OLD_UNREADABLE) from error
    unknown = sorted(set(document) - {"format_version", "charter"})
    if unknown:
        raise _Refusal(
            f"it contains something Charter Builder does not recognise (“{_clean(unknown[0])}”), "
            "so it may have been altered by another program."
        )
    charter = document.get("charter")
    if not isinstance(charter, dict):
        raise _Refusal(_NO_CHARTER_DATA)
    try:
        return Charter.model_validate(charter, context=FROM_FILE)
    except ValidationError as error:
        raise _Refusal(_describe_problems(error)) from error


def _check_json(raw: bytes, limits: JsonLimits, what: str) -> None:
    """Refuse JSON that would cost far more to read than any real draft, before reading it."""
    try:
        check_json(raw, limits)
    except JsonTooBig as error:
        how = {
            "values": "holds millions more items than any charter",
            "string": "holds a piece of text far longer than any charter allows",
            "depth": "is built far more deeply than any charter (or is damaged)",
        }[error.what]
        raise _Refusal(f"{what} {how}, so it has been refused.") from error


def _without_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key given twice means the file was tampered with: refuse rather than pick one."""
    document = dict(pairs)
    if len(document) != len(pairs):
        raise ValueError("a key is repeated")
    return document


# ---------------------------------------------------------------- words


_PLAIN_PROBLEMS = {
    "missing": "is missing",
    "string_type": "should be text",
    "string_unicode": "contains characters that are not valid text",
    "string_too_short": "should not be empty",
    "string_too_long": "is too long",
    "string_pattern_mismatch": "is not in the form Charter Builder expects",
    "enum": "is not one of the choices Charter Builder offers",
    "extra_forbidden": "is not something Charter Builder recognises",
    "list_type": "should be a list",
    "too_long": "has too many entries",
    "model_type": "is not in the form Charter Builder expects",
    "model_attributes_type": "is not in the form Charter Builder expects",
    "dict_type": "is not in the form Charter Builder expects",
}


def _describe_problems(error: ValidationError) -> str:
    """Validation errors as lines a board secretary can read, at most a handful."""
    problems = error.errors(include_url=False)
    lines = [
        f"• {_where(problem['loc'], problem.get('type') == 'extra_forbidden')}: "
        f"{_plain_problem(problem)}"
        for problem in problems[:MAX_SHOWN_PROBLEMS]
    ]
    rest = len(problems) - MAX_SHOWN_PROBLEMS
    if rest > 0:
        lines.append(f"and {rest} more problem{'s' if rest != 1 else ''}.")
    return "some of its details are not valid, so it may be damaged:\n" + "\n".join(lines)


def _where(loc: tuple[int | str, ...], named_by_file: bool = False) -> str:
    """Where a problem is; a name that came from the file is quoted, never read as ours."""
    if named_by_file and loc and isinstance(loc[-1], str):
        return f"{describe_location(loc[:-1])} › “{_clean(loc[-1], 40)}”"
    return describe_location([part if isinstance(part, int) else _clean(part) for part in loc])


def _plain_problem(problem: Any) -> str:
    kind = str(problem.get("type", ""))
    if kind in _PLAIN_PROBLEMS:
        return _PLAIN_PROBLEMS[kind]
    if kind.startswith("date"):
        return "should be a date"
    if kind == "value_error":
        cause = (problem.get("ctx") or {}).get("error")
        if cause is not None:
            # A validator's repr quotes ('x') read as code; show them as quotations.
            return _REPR_QUOTES.sub(r"“\1”", _clean(str(cause), 200))
    return "is not valid"


def _missing_picture(charter: Charter, missing: set[str]) -> str:
    for number, partner in enumerate(charter.partners, start=1):
        if partner.logo in missing:
            who = f"“{_clean(partner.name)}”" if partner.name.strip() else f"partner {number}"
            return f"the logo for {who}"
    return "a picture the charter uses"


def _check_stored_picture(data: bytes) -> None:
    """The same picture checks as choosing a logo and rendering (images.check_picture)."""
    try:
        check_picture(data)
    except PictureTooLarge as error:
        raise _Refusal(_too_many_pixels(error.pixels)) from None
    except ImageError:
        raise _Refusal(_PICTURE_NOT_NORMAL) from None


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


def _quoted(path: Path) -> str:
    # A name's undecodable bytes are shown as \xNN, never dropped (see terminal.one_line).
    return f"“{_clean(one_line(path.name or str(path)))}”"


def _clean(text: str, limit: int = 80) -> str:
    """Text from a file, made safe to show: no control characters, not too long."""
    text = _UNSHOWABLE.sub("", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""A draft on disk: one ``.charter`` file holding the charter, its history and its pictures.

This module is the draft format: what ``charter.json`` and ``history.json`` hold,
which format version they are in and how older versions are brought up to date,
and the ways in and out (``save_draft``/``load_draft`` for files,
``dumps_draft``/``loads_draft`` for bytes). Opening trusts nothing: the zip
container is checked in ``draft_zip``, the pictures in ``draft_pictures``, and the
charter and history here, before the charter is built; every refusal says in plain
words (``draft_refusals``) what is wrong with which file. Saving goes through a
temporary file so a failure never harms the last good copy.

The container's names and limits are importable from here too, as they always were.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from charter_builder.charter.model import FROM_FILE, MAX_TEXT, Charter
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_pictures import check_opened_picture, check_picture_to_save
from charter_builder.drafts.draft_refusals import (
    MAX_SHOWN_PROBLEMS,
    Refusal,
    clean,
    describe_problems,
    missing_picture,
    quoted,
    reading_reason,
)
from charter_builder.drafts.draft_zip import (
    CHARTER_ENTRY,
    CHARTER_TOO_LARGE,
    FILE_TOO_LARGE,
    HISTORY_ENTRY,
    MAX_CHARTER_BYTES,
    MAX_DIRECTORY_BYTES,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_HISTORY_BYTES,
    MAX_IMAGE_BYTES,
    MAX_MIMETYPE_BYTES,
    MAX_TOTAL_BYTES,
    MB,
    MIMETYPE,
    MIMETYPE_ENTRY,
    DraftZip,
    read_zip,
    write_zip,
)
from charter_builder.drafts.history import MAX_REVISIONS, History, HistoryError
from charter_builder.errors import DraftFileError
from charter_builder.storage.bounded_read import open_regular
from charter_builder.storage.json_limits import JsonLimits, JsonTooBig, check_json
from charter_builder.storage.safe_write import replace_file, saving_reason

__all__ = [
    "CHARTER_ENTRY",
    "CHARTER_JSON_LIMITS",
    "FORMAT_VERSION",
    "HISTORY_ENTRY",
    "HISTORY_JSON_LIMITS",
    "MAX_CHARTER_BYTES",
    "MAX_DIRECTORY_BYTES",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_HISTORY_BYTES",
    "MAX_IMAGE_BYTES",
    "MAX_MIMETYPE_BYTES",
    "MAX_SHOWN_PROBLEMS",
    "MAX_TOTAL_BYTES",
    "MB",
    "MIGRATIONS",
    "MIMETYPE",
    "MIMETYPE_ENTRY",
    "DraftFileError",
    "dumps_charter",
    "dumps_draft",
    "load_draft",
    "loads_charter",
    "loads_draft",
    "migrate",
    "save_draft",
]

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


#: What the JSON inside may hold, checked before it is parsed. The largest realistic
#: draft (200 partners, each with a drawn signature, and 300 revisions) has about
#: 0.4 million values in its charter and 0.6 million in its history, nested 8 deep.
#: Saved, a charter takes about 10 bytes a value, so a million stays within its 20 MB.
#: A string may hold the longest text field, escaped.
CHARTER_JSON_LIMITS = JsonLimits(max_values=1_000_000, max_depth=32, max_string_bytes=6 * MAX_TEXT)
HISTORY_JSON_LIMITS = JsonLimits(max_values=2_000_000, max_depth=32, max_string_bytes=6 * MAX_TEXT)

# Reasons, shown after "“name” could not be opened: ".
_NO_CHARTER = "the charter itself is missing from the file, so it may be damaged."
_NOT_TEXT = "the charter in it is not stored as readable text, so the file may be damaged."
_BAD_JSON = "the charter in it is damaged and cannot be read."
_NOT_OBJECT = "the charter in it is not in the expected form, so the file may be damaged."
_NO_VERSION = "it does not say which version of the draft format it uses, so it may be damaged."
_NO_CHARTER_DATA = "it contains no charter, so it may be damaged."
_OLD_UNREADABLE = (
    "it was saved by an older version of Charter Builder and could not be brought up to "
    "date (it may be damaged)."
)


# ---------------------------------------------------------------- saving


def dumps_draft(draft: Draft) -> bytes:
    """The bytes of a ``.charter`` file, for history snapshots and autosave."""
    try:
        charter_json, history_json, media = _prepare(draft)
    except Refusal as refusal:
        raise DraftFileError(f"The draft could not be saved: {refusal.reason}") from None
    buffer = io.BytesIO()
    write_zip(buffer, charter_json, history_json, media)
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
    except Refusal as refusal:
        raise DraftFileError(refusal.reason) from refusal.__cause__


def save_draft(draft: Draft, path: Path) -> bytes:
    """Write the draft to `path` so that either the new file or the old one is there, whole.

    Returns the bytes written, so the caller can stamp the file from what it wrote.
    """
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    shown = quoted(path)
    try:
        charter_json, history_json, media = _prepare(draft)
    except Refusal as refusal:
        raise DraftFileError(f"{shown} could not be saved: {refusal.reason}") from None
    if path.is_dir():
        raise DraftFileError(
            f"{shown} could not be saved: there is already a folder with that name."
        )
    kept = " Your previous copy has not been changed." if path.exists() else ""
    try:
        buffer = io.BytesIO()
        write_zip(buffer, charter_json, history_json, media)
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
        raise Refusal(f"{missing_picture(draft.charter, missing)} is missing from the draft.")
    total = 0
    for name, data in used.media.items():
        check_picture_to_save(name, data)
        total += len(data)
    charter_json = _charter_json(draft.charter)
    if len(charter_json) > MAX_CHARTER_BYTES:
        raise Refusal(CHARTER_TOO_LARGE.replace(" in it", ""))
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
        raise Refusal(
            f"the charter and its pictures add up to more than {_mb(MAX_TOTAL_BYTES)}."
        )
    return charter_json, history_json, sorted(used.media.items())


def _mb(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


def _charter_json(charter: Charter) -> bytes:
    document = {"format_version": FORMAT_VERSION, "charter": charter.model_dump(mode="json")}
    return json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False).encode() + b"\n"


# ---------------------------------------------------------------- opening


def load_draft(path: Path) -> Draft:
    """Open a ``.charter`` file, or raise DraftFileError saying plainly why not."""
    path = Path(path)
    shown = quoted(path)
    try:
        # Only an ordinary file is opened (never waiting on a pipe or reading a device
        # for ever), and its size is checked on the very descriptor that is read.
        descriptor, info = open_regular(path)
        with os.fdopen(descriptor, "rb") as stream:
            if info.st_size > MAX_FILE_BYTES:
                raise Refusal(FILE_TOO_LARGE)
            return read_zip(stream, _read_contents)
    except Refusal as refusal:
        # Keep the underlying cause for the log; the message alone is for people.
        raise DraftFileError(
            f"{shown} could not be opened: {refusal.reason}"
        ) from refusal.__cause__
    except OSError as error:
        raise DraftFileError(f"{shown} could not be opened: {reading_reason(error)}") from error


def loads_draft(data: bytes, name: str | None = None) -> Draft:
    """Open a draft held in memory; `name` is how messages refer to it."""
    shown = f"“{clean(name)}”" if name else "The draft"
    try:
        return read_zip(io.BytesIO(data), _read_contents)
    except Refusal as refusal:
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


def _read_contents(contents: DraftZip) -> Draft:
    """The charter, its pictures and its history, each checked as it is read."""
    if CHARTER_ENTRY not in contents.entries:
        raise Refusal(_NO_CHARTER)
    charter = _charter_from(contents.read(CHARTER_ENTRY))
    media: dict[str, bytes] = {}
    for name in contents.picture_names():
        data = contents.read(name)
        check_opened_picture(name, data)
        media[name] = data
    used = charter.media_names()
    missing = used - media.keys()
    if missing:
        raise Refusal(
            f"{missing_picture(charter, missing)} is missing from the file, so it may be damaged."
        )
    history = History()
    if HISTORY_ENTRY in contents.entries:
        raw_history = contents.read(HISTORY_ENTRY)
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
        raise Refusal(reason) from error


def _charter_from(raw: bytes) -> Charter:
    _check_json(raw, CHARTER_JSON_LIMITS, "the charter in it")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Refusal(_NOT_TEXT) from error
    try:
        document = json.loads(text, object_pairs_hook=_without_repeated_keys)
    except (ValueError, RecursionError) as error:
        raise Refusal(_BAD_JSON) from error
    if not isinstance(document, dict):
        raise Refusal(_NOT_OBJECT)
    version = document.get("format_version")
    if type(version) is not int:
        raise Refusal(_NO_VERSION)
    if version > FORMAT_VERSION:
        raise Refusal(
            f"it was saved by a newer version of Charter Builder (format {version}). "
            "Please update Charter Builder to open it."
        )
    if version < 1:
        raise Refusal(
            f"it says it uses draft format {version}, which has never existed, "
            "so it may be damaged."
        )
    try:
        document = migrate(document)
    except Exception as error:
        raise Refusal(_OLD_UNREADABLE) from error
    unknown = sorted(set(document) - {"format_version", "charter"})
    if unknown:
        raise Refusal(
            f"it contains something Charter Builder does not recognise (“{clean(unknown[0])}”), "
            "so it may have been altered by another program."
        )
    charter = document.get("charter")
    if not isinstance(charter, dict):
        raise Refusal(_NO_CHARTER_DATA)
    try:
        return Charter.model_validate(charter, context=FROM_FILE)
    except ValidationError as error:
        raise Refusal(describe_problems(error)) from error


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
        raise Refusal(f"{what} {how}, so it has been refused.") from error


def _without_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key given twice means the file was tampered with: refuse rather than pick one."""
    document = dict(pairs)
    if len(document) != len(pairs):
        raise ValueError("a key is repeated")
    return document

"""Saving and opening ``.charter`` files: round trips, polite refusals, safe saves.

Every test works on real files in a temporary folder; hostile files are built
byte by byte the way an attacker or a broken copy would make them.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from draft_fixtures import (
    charter_document,
    jpeg_bytes,
    patch_entry,
    png_bytes,
    rich_draft,
    write_draft_with_huge_entries,
    write_draft_zip,
    write_zip,
)

from charter_builder.charter.model import Charter, Partner
from charter_builder.drafts import draft_file
from charter_builder.drafts.draft import Draft, media_name
from charter_builder.drafts.draft_file import (
    FORMAT_VERSION,
    MAX_ENTRIES,
    MIMETYPE,
    dumps_draft,
    load_draft,
    loads_draft,
    migrate,
    save_draft,
)
from charter_builder.errors import DraftFileError

MB = 1024 * 1024
JARGON = ("Traceback", "pydantic", "ValidationError", "Errno", "http", "Input should", "errors.")
STORED, DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED


def refusal(path: Path) -> str:
    """Open `path`, expecting a plain refusal that names the file; return the reason."""
    with pytest.raises(DraftFileError) as caught:
        load_draft(path)
    message = str(caught.value)
    prefix = f"“{path.name}” could not be opened: "
    assert message.startswith(prefix), message
    for word in JARGON:
        assert word not in message, message
    return message.removeprefix(prefix)


def folder_listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


# ---------------------------------------------------------------- round trips


def test_a_rich_draft_saves_and_opens_unchanged(tmp_path: Path) -> None:
    draft = rich_draft()
    path = tmp_path / "Wyvern charter.charter"
    save_draft(draft, path)
    loaded = load_draft(path)
    assert loaded.charter == draft.charter
    assert loaded.media == draft.media
    assert len(loaded.media) == 2
    assert loaded.charter.partners[0].logo.endswith(".png")
    assert loaded.charter.partners[1].logo.endswith(".jpg")
    assert loads_draft(dumps_draft(draft)).charter == draft.charter


def test_the_file_starts_with_an_uncompressed_mimetype_like_opendocument(tmp_path: Path) -> None:
    path = tmp_path / "draft.charter"
    save_draft(rich_draft(), path)
    data = path.read_bytes()
    assert data[:4] == b"PK\x03\x04"
    assert data[30:38] == b"mimetype"
    assert data[38 : 38 + len(MIMETYPE)] == MIMETYPE.encode("ascii")
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos[:2]] == ["mimetype", "charter.json"]
    assert infos[0].compress_type == STORED
    assert infos[1].compress_type == DEFLATED
    assert all(i.compress_type == STORED for i in infos[2:])
    assert {i.filename for i in infos[2:]} == set(rich_draft().media)


def test_charter_json_is_sorted_indented_readable_text(tmp_path: Path) -> None:
    draft = rich_draft()
    path = tmp_path / "draft.charter"
    save_draft(draft, path)
    with zipfile.ZipFile(path) as archive:
        text = archive.read("charter.json").decode("utf-8")
    document = {"format_version": FORMAT_VERSION, "charter": draft.charter.model_dump(mode="json")}
    assert json.loads(text) == document
    assert text == json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    assert "Café Connect" in text  # not escaped as \u00e9, so it diffs readably


def test_the_same_logo_used_twice_is_stored_once(tmp_path: Path) -> None:
    draft = Draft()
    logo = draft.add_image(png_bytes((200, 0, 0)))
    draft.charter.partners = [Partner(name="A", logo=logo), Partner(name="B", logo=logo)]
    path = tmp_path / "draft.charter"
    save_draft(draft, path)
    with zipfile.ZipFile(path) as archive:
        media = [n for n in archive.namelist() if n.startswith("media/")]
    assert media == [logo]
    loaded = load_draft(path)
    assert [p.logo for p in loaded.charter.partners] == [logo, logo]


def test_images_no_longer_used_are_left_out_but_the_callers_draft_keeps_them(
    tmp_path: Path,
) -> None:
    draft = rich_draft()
    orphan = draft.add_image(jpeg_bytes((9, 9, 9)))
    path = tmp_path / "draft.charter"
    save_draft(draft, path)
    with zipfile.ZipFile(path) as archive:
        assert orphan not in archive.namelist()
    assert orphan in draft.media
    assert orphan not in load_draft(path).media


def test_saving_the_same_draft_twice_gives_the_same_bytes() -> None:
    draft = rich_draft()
    assert dumps_draft(draft) == dumps_draft(draft)


# ---------------------------------------------------------------- refusals


def _valid_bytes() -> bytes:
    return dumps_draft(rich_draft())


def _case_missing(path: Path) -> Path:
    return path


def _case_folder(path: Path) -> Path:
    path.mkdir()
    return path


def _case_empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _case_truncated(path: Path) -> Path:
    data = _valid_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _case_text_file(path: Path) -> Path:
    path.write_text("Minutes of the partnership board, 3 March\n" * 20, encoding="utf-8")
    return path


def _case_other_zip(path: Path) -> Path:
    return write_zip(path, [("word/document.xml", b"<w:document/>", DEFLATED)])


def _case_wrong_mimetype(path: Path) -> Path:
    return write_zip(
        path,
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text", STORED),
            ("charter.json", json.dumps(charter_document()).encode(), DEFLATED),
        ],
    )


def _case_mimetype_not_first(path: Path) -> Path:
    return write_zip(
        path,
        [
            ("charter.json", json.dumps(charter_document()).encode(), DEFLATED),
            ("mimetype", MIMETYPE.encode(), STORED),
        ],
    )


def _case_mimetype_compressed(path: Path) -> Path:
    return write_zip(
        path,
        [
            ("mimetype", MIMETYPE.encode(), DEFLATED),
            ("charter.json", json.dumps(charter_document()).encode(), DEFLATED),
        ],
    )


def _case_corrupted(path: Path) -> Path:
    """A few bytes of the compressed charter flipped, as a failing disk might."""
    charter = Charter()
    charter.purpose.vision = "x" * 5000 + "y" * 5000
    data = bytearray(dumps_draft(Draft(charter=charter)))
    start = data.index(b"charter.json") + len("charter.json")  # its local header's name
    for offset in range(start + 10, start + 40):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def _with_document(document: dict[str, Any] | bytes) -> Callable[[Path], Path]:
    return lambda path: write_draft_zip(path, document)


def _charter_dict(**fields: Any) -> dict[str, Any]:
    return charter_document()["charter"] | fields


def _with_charter(**fields: Any) -> Callable[[Path], Path]:
    return _with_document({"format_version": 1, "charter": _charter_dict(**fields)})


def _case_no_charter_json(path: Path) -> Path:
    return write_zip(path, [("mimetype", MIMETYPE.encode(), STORED)])


def _case_encrypted(path: Path) -> Path:
    write_draft_zip(path)
    path.write_bytes(patch_entry(path.read_bytes(), "charter.json", flag_bits=0x1))
    return path


def _case_duplicate_entry(path: Path) -> Path:
    document = json.dumps(charter_document()).encode()
    return write_draft_zip(path, extra=[("charter.json", document, DEFLATED)])


def _case_unexpected_entry(path: Path) -> Path:
    return write_draft_zip(path, extra=[("notes.txt", b"hello", DEFLATED)])


def _case_too_many_entries(path: Path) -> Path:
    names = [f"media/{i:064x}.png" for i in range(MAX_ENTRIES)]
    return write_draft_zip(path, extra=[(name, b"", STORED) for name in names])


def _case_picture_not_matching_its_name(path: Path) -> Path:
    red, blue = png_bytes((255, 0, 0)), png_bytes((0, 0, 255))
    charter = Charter(partners=[Partner(name="A", logo=media_name(red))])
    return write_draft_zip(path, charter_document(charter), media={media_name(red): blue})


def _case_picture_not_an_image(path: Path) -> Path:
    data = b"#!/bin/sh\necho hello\n"
    name = f"media/{hashlib.sha256(data).hexdigest()}.png"
    return write_draft_zip(path, media={name: data})


def huge_png(side: int) -> bytes:
    """A black-and-white PNG ``side`` pixels square: a few KB on disk, built by hand."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body)
        )

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    rows = zlib.compress(bytes(1 + (side + 7) // 8) * side, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(
        b"IEND", b""
    )


def _case_picture_of_144_megapixels(path: Path) -> Path:
    data = huge_png(12_000)
    logo = media_name(data)
    charter = Charter(partners=[Partner(name="Wyvern Hospice", logo=logo)])
    return write_draft_zip(path, charter_document(charter), media={logo: data})


def _case_logo_missing_from_file(path: Path) -> Path:
    logo = media_name(png_bytes((1, 2, 3)))
    charter = Charter(partners=[Partner(name="Wyvern Hospice", logo=logo)])
    return write_draft_zip(path, charter_document(charter))


def _many_bad_commitments() -> dict[str, Any]:
    commitments = [{"id": f"c{i}", "horizon": "one day"} for i in range(8)]
    return {"format_version": 1, "charter": _charter_dict(commitments=commitments)}


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing": (_case_missing, "could not be found"),
    "folder": (_case_folder, "it is a folder"),
    "empty": (_case_empty, "the file is empty"),
    "truncated": (_case_truncated, "incomplete or damaged"),
    "corrupted": (_case_corrupted, "a check on its contents failed"),
    "text file": (_case_text_file, "it is not a Charter Builder draft"),
    "other zip": (_case_other_zip, "it is a zip file, but not a Charter Builder draft"),
    "wrong mimetype": (_case_wrong_mimetype, "it is a zip file, but not a Charter Builder draft"),
    "mimetype not first": (_case_mimetype_not_first, "not laid out as a Charter Builder draft"),
    "mimetype compressed": (_case_mimetype_compressed, "not laid out as a Charter Builder draft"),
    "newer format": (
        _with_document(charter_document(format_version=FORMAT_VERSION + 1)),
        f"was saved by a newer version of Charter Builder (format {FORMAT_VERSION + 1}). "
        "Please update Charter Builder to open it.",
    ),
    "no format version": (
        _with_document({"charter": _charter_dict()}),
        "does not say which version",
    ),
    "format version as text": (
        _with_document(charter_document(format_version="1")),
        "does not say which version",
    ),
    "format version zero": (
        _with_document(charter_document(format_version=0)),
        "format 0, which has never existed",
    ),
    "no charter.json": (_case_no_charter_json, "the charter itself is missing"),
    "invalid json": (_with_document(b'{"format_version": 1, "charter": {'), "cannot be read"),
    "repeated json key": (
        _with_document(b'{"format_version": 1, "format_version": 1, "charter": {}}'),
        "cannot be read",
    ),
    "not utf-8": (_with_document('{"title": "Caf\xe9"}'.encode("latin-1")), "readable text"),
    "json not an object": (_with_document(b"[1, 2, 3]"), "not in the expected form"),
    "no charter in json": (_with_document({"format_version": 1}), "contains no charter"),
    "unknown top-level key": (
        _with_document(charter_document(macro="run me")),
        "does not recognise (“macro”)",
    ),
    "contribution without partner": (
        _with_charter(contributions=[{"id": "c1", "brings": "Beds"}]),
        "Contributions and losses › contribution 1 › Partner: is missing",
    ),
    "partner kind spaceship": (
        _with_charter(partners=[{"id": "p1", "name": "Starfleet", "kind": "spaceship"}]),
        "Partners › partner 1 › Kind of organisation: is not one of the choices",
    ),
    "email not text": (
        _with_charter(
            partners=[{"id": "a"}, {"id": "b"}, {"id": "c", "representative": {"email": 5}}]
        ),
        "Partners › partner 3 › Representative's email: should be text",
    ),
    "date not a date": (
        _with_charter(partnership={"effective_date": "next spring"}),
        "Partnership › Effective date: should be a date",
    ),
    "broken character": (
        _with_document(b'{"format_version": 1, "charter": {"title": "Caf\\ud800"}}'),
        "Charter details: contains characters that are not valid text",
    ),
    "many problems": (_with_document(_many_bad_commitments()), "and 3 more problems."),
    "entry reaching out": (
        lambda p: write_draft_zip(p, extra=[("../evil", b"x", STORED)]),
        "unsafe name (“../evil”)",
    ),
    "absolute entry": (
        lambda p: write_draft_zip(p, extra=[("/etc/cron.d/evil", b"x", STORED)]),
        "unsafe name (“/etc/cron.d/evil”)",
    ),
    "backslash entry": (
        lambda p: write_draft_zip(p, extra=[("media\\..\\evil.png", b"x", STORED)]),
        "unsafe name (“media\\..\\evil.png”)",
    ),
    "drive letter entry": (
        lambda p: write_draft_zip(p, extra=[("C:/Windows/evil.dll", b"x", STORED)]),
        "unsafe name (“C:/Windows/evil.dll”)",
    ),
    "dotdot inside media": (
        lambda p: write_draft_zip(p, extra=[("media/../../evil.png", b"x", STORED)]),
        "unsafe name (“media/../../evil.png”)",
    ),
    "unexpected entry": (_case_unexpected_entry, "does not recognise (“notes.txt”)"),
    "duplicate entry": (_case_duplicate_entry, "the item “charter.json” twice"),
    "too many entries": (_case_too_many_entries, "more than 2,000"),
    "encrypted": (_case_encrypted, "protected with a password"),
    "picture not matching": (_case_picture_not_matching_its_name, "do not match its name"),
    "picture not an image": (_case_picture_not_an_image, "not a PNG or JPEG"),
    "picture of 144 megapixels": (
        _case_picture_of_144_megapixels,
        "a picture far larger than any logo or signature (144 megapixels)",
    ),
    "logo missing": (
        _case_logo_missing_from_file,
        "the logo for “Wyvern Hospice” is missing from the file",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_is_refused_in_plain_words(tmp_path: Path, case: str) -> None:
    build, expected = CASES[case]
    path = build(tmp_path / "board papers.charter")
    before = folder_listing(tmp_path)
    assert expected in refusal(path)
    assert folder_listing(tmp_path) == before  # nothing was extracted


def test_each_kind_of_problem_has_its_own_message(tmp_path: Path) -> None:
    reasons: dict[str, str] = {}
    for number, (case, (build, _)) in enumerate(CASES.items()):
        folder = tmp_path / str(number)
        folder.mkdir()
        reasons[case] = refusal(build(folder / "draft.charter"))
    for case, reason in reasons.items():
        for other, (_, other_expected) in CASES.items():
            if other_expected != CASES[case][1]:
                assert other_expected not in reason, (case, other)


def test_validation_problems_are_listed_at_most_five_at_a_time(tmp_path: Path) -> None:
    reason = refusal(write_draft_zip(tmp_path / "d.charter", _many_bad_commitments()))
    lines = reason.splitlines()
    assert lines[0] == "some of its details are not valid, so it may be damaged:"
    assert lines[1:] == [
        *(
            f"• Commitments › commitment {n} › Horizon: "
            "is not one of the choices Charter Builder offers"
            for n in range(1, 6)
        ),
        "and 3 more problems.",
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_a_file_without_read_permission_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.charter"
    save_draft(rich_draft(), path)
    path.chmod(0)
    assert "do not have permission to read it" in refusal(path)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A draft whose charter.json is 300 MB of spaces, about 300 KB on disk."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.charter"
    return write_draft_with_huge_entries(path, {"charter.json": 300 * MB}).read_bytes()


def test_a_zip_bomb_is_refused_without_unpacking_it(tmp_path: Path, bomb: bytes) -> None:
    path = tmp_path / "bomb.charter"
    path.write_bytes(bomb)
    assert len(bomb) < 2 * MB
    started = time.perf_counter()
    assert "the charter in it is larger than 20 MB" in refusal(path)
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("claimed", [1000, 19 * MB])
def test_a_zip_bomb_lying_about_its_size_is_stopped_while_reading(
    tmp_path: Path, bomb: bytes, claimed: int
) -> None:
    path = tmp_path / "liar.charter"
    path.write_bytes(patch_entry(bomb, "charter.json", file_size=claimed))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("charter.json").file_size == claimed
    started = time.perf_counter()
    assert "damaged" in refusal(path)
    assert time.perf_counter() - started < 3


def test_a_picture_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big logo.charter"
    write_draft_with_huge_entries(path, {f"media/{'a' * 64}.png": 21 * MB}, fill=b"\0")
    assert "a picture in it is larger than 20 MB" in refusal(path)


def test_contents_adding_up_to_over_96_mb_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "many logos.charter"
    sizes = {f"media/{i:064x}.png": 19 * MB for i in range(6)}
    write_draft_with_huge_entries(path, sizes, fill=b"\0")
    assert "add up to more than 96 MB" in refusal(path)


def test_a_refused_file_in_memory_is_named_by_the_caller() -> None:
    with pytest.raises(DraftFileError, match=r"^“autosave 3” could not be opened: the file is"):
        loads_draft(b"", name="autosave 3")
    with pytest.raises(DraftFileError, match=r"^The draft could not be opened: it is not a"):
        loads_draft(b"hello")


# ---------------------------------------------------------------- safe saving


def _saved_original(tmp_path: Path) -> tuple[Path, Draft]:
    original = rich_draft()
    path = tmp_path / "charter.charter"
    save_draft(original, path)
    return path, original


def _changed_draft() -> Draft:
    draft = rich_draft()
    draft.charter.title = "A newer title"
    draft.add_image(png_bytes((7, 7, 7)))
    draft.charter.partners[2].logo = media_name(png_bytes((7, 7, 7)))
    return draft


def test_a_save_failing_half_way_leaves_the_previous_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, original = _saved_original(tmp_path)
    before = path.read_bytes()
    real_writestr = zipfile.ZipFile.writestr
    calls = 0

    def disk_fills_up(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls > 1:  # the mimetype is already on disk
            raise OSError(errno.ENOSPC, "No space left on device")
        real_writestr(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", disk_fills_up)
    with pytest.raises(DraftFileError) as caught:
        save_draft(_changed_draft(), path)
    monkeypatch.undo()
    message = str(caught.value)
    assert message.startswith("“charter.charter” could not be saved: the disk is full.")
    assert "Your previous copy has not been changed." in message
    assert "Errno" not in message
    assert calls == 2
    assert path.read_bytes() == before
    assert load_draft(path).charter == original.charter
    assert folder_listing(tmp_path) == ["charter.charter"]


def test_a_save_failing_at_the_final_step_leaves_the_previous_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, original = _saved_original(tmp_path)

    def refuse(*_args: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(DraftFileError, match="you do not have permission to write to that folder"):
        save_draft(_changed_draft(), path)
    monkeypatch.undo()
    assert load_draft(path).charter == original.charter
    assert folder_listing(tmp_path) == ["charter.charter"]


def test_saving_into_a_folder_that_has_gone_says_so(tmp_path: Path) -> None:
    with pytest.raises(DraftFileError, match="the folder to save it in could not be found"):
        save_draft(rich_draft(), tmp_path / "gone" / "d.charter")


def test_a_draft_missing_a_logo_is_not_saved(tmp_path: Path) -> None:
    draft = rich_draft()
    draft.media.clear()
    with pytest.raises(DraftFileError) as caught:
        save_draft(draft, tmp_path / "d.charter")
    assert "the logo for “Wyvern Acute Hospitals NHS Foundation Trust” is missing" in str(
        caught.value
    )
    assert folder_listing(tmp_path) == []


def test_saving_over_a_file_keeps_its_permissions(tmp_path: Path) -> None:
    path, _ = _saved_original(tmp_path)
    path.chmod(0o640)
    save_draft(_changed_draft(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert load_draft(path).charter.title == "A newer title"


@pytest.mark.skipif(os.name != "posix", reason="umask is a POSIX idea")
def test_a_new_file_gets_the_usual_permissions_not_a_temporary_files(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        save_draft(rich_draft(), tmp_path / "new.charter")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.charter").stat().st_mode) == 0o644


# ---------------------------------------------------------------- migrations


def test_migrate_applies_each_step_in_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def one_to_two(doc: dict[str, Any]) -> dict[str, Any]:
        seen.append(doc["format_version"])
        return doc | {"charter": doc["charter"] | {"title": doc["charter"]["name"]}}

    def two_to_three(doc: dict[str, Any]) -> dict[str, Any]:
        seen.append(doc["format_version"])
        charter = {k: v for k, v in doc["charter"].items() if k != "name"}
        return doc | {"charter": charter}

    monkeypatch.setattr(draft_file, "FORMAT_VERSION", 3)
    monkeypatch.setattr(draft_file, "MIGRATIONS", {1: one_to_two, 2: two_to_three})
    old = {"format_version": 1, "charter": {"name": "Old charter"}}
    assert migrate(old) == {"format_version": 3, "charter": {"title": "Old charter"}}
    assert seen == [1, 2]
    assert old == {"format_version": 1, "charter": {"name": "Old charter"}}

    seen.clear()
    middle = {"format_version": 2, "charter": {"name": "x", "title": "Middle"}}
    assert migrate(middle) == {"format_version": 3, "charter": {"title": "Middle"}}
    assert seen == [2]

    seen.clear()
    current = {"format_version": 3, "charter": {"title": "Now"}}
    assert migrate(current) == current
    assert seen == []


def test_migrate_without_a_step_for_a_version_fails_loudly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(draft_file, "FORMAT_VERSION", 3)
    monkeypatch.setattr(draft_file, "MIGRATIONS", {2: lambda doc: doc})
    with pytest.raises(LookupError):
        migrate({"format_version": 1, "charter": {}})


def test_opening_an_older_file_runs_its_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.charter"
    save_draft(rich_draft(), path)
    saved_as = draft_file.FORMAT_VERSION
    monkeypatch.setattr(draft_file, "FORMAT_VERSION", saved_as + 1)
    monkeypatch.setattr(
        draft_file,
        "MIGRATIONS",
        {saved_as: lambda doc: doc | {"charter": doc["charter"] | {"version": "migrated"}}},
    )
    assert load_draft(path).charter.version == "migrated"

    monkeypatch.setattr(draft_file, "MIGRATIONS", {saved_as: lambda doc: doc["no such part"]})
    assert "older version of Charter Builder and could not be brought up to date" in refusal(path)


def test_a_draft_from_before_signatures_opens_with_none_recorded(tmp_path: Path) -> None:
    """Format 1 had no signatures and no freeze; such drafts open as they were."""
    draft = rich_draft()
    charter = draft.charter.model_dump(mode="json")
    del charter["signatures"], charter["frozen_for_signing"]
    path = write_draft_zip(
        tmp_path / "first.charter",
        {"format_version": 1, "charter": charter},
        media=draft.media,
    )
    opened = load_draft(path)
    assert opened.charter.signatures == []
    assert opened.charter.frozen_for_signing is False
    assert opened.charter.partners == draft.charter.partners

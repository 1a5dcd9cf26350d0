"""Real drafts and hand-made zip files for the draft file tests.

The zips here are built with zipfile and, where a hostile file needs it, by
editing the bytes of its headers, just as an attacker would.
"""

from __future__ import annotations

import io
import json
import struct
import warnings
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from PIL import Image

from charter_builder.charter.model import (
    Behaviour,
    Charter,
    Commitment,
    Contribution,
    EscalationStep,
    Governance,
    Horizon,
    Measure,
    Partner,
    PartnerKind,
    Partnership,
    Principle,
    Representative,
    SharedPurpose,
)
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import MIMETYPE


def png_bytes(colour: tuple[int, int, int], size: tuple[int, int] = (12, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(colour: tuple[int, int, int], size: tuple[int, int] = (12, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def rich_draft() -> Draft:
    """A charter with something in every section, and real PNG and JPEG logos."""
    draft = Draft()
    nhs_blue = draft.add_image(png_bytes((0, 94, 184)))
    council_green = draft.add_image(jpeg_bytes((0, 120, 60)))
    trust = Partner(
        name="Wyvern Acute Hospitals NHS Foundation Trust",
        kind=PartnerKind.NHS_TRUST,
        representative=Representative(name="Aisha Shah", role="Chief executive", email="a@w.nhs"),
        logo=nhs_blue,
    )
    council = Partner(
        name="Wyvern County Council",
        kind=PartnerKind.LOCAL_AUTHORITY,
        representative=Representative(name="Bryn Jones", role="Leader"),
        logo=council_green,
    )
    charity = Partner(name="Café Connect (Wyvern) CIC", kind=PartnerKind.VCSE)
    draft.charter = Charter(
        title="Wyvern system charter",
        version="0.3",
        partnership=Partnership(
            name="Wyvern Health and Care Partnership",
            place="Wyvern",
            population="Around 610,000 people — urban and rural",
            scope="Adult community services and social care",
            effective_date=date(2026, 4, 1),
            review_date=date(2027, 3, 31),
        ),
        partners=[trust, council, charity],
        purpose=SharedPurpose(
            vision="Everyone in Wyvern lives well at home.",
            why="Because people tell us they want to stay at home.",
            how="By sharing budgets and decisions.",
            what="One neighbourhood team per town.",
        ),
        principles=[
            Principle(
                title="Shared purpose over organisational interest",
                meaning="We decide by what is best for residents.",
                behaviours=[Behaviour(text="We speak up."), Behaviour(text="We listen first.")],
            ),
            Principle(title="Go and see", meaning="Decisions follow visits to gemba."),
        ],
        commitments=[
            Commitment(
                title="Fewer falls at home",
                description="Halve admissions after a fall.",
                owners=[trust.id, council.id],
                horizon=Horizon.THREE_YEARS,
                measures=[Measure(text="Falls admissions per 1,000 over-65s")],
                review_date=date(2027, 9, 30),
            ),
            Commitment(title="One care record", owners=[council.id], horizon=Horizon.TEN_YEARS),
        ],
        contributions=[
            Contribution(
                partner_id=trust.id,
                brings="Therapists and beds",
                autonomy_given_up="Sole control of discharge",
                losses="Some ward identity",
                support="Joint training",
            ),
            Contribution(partner_id=council.id, brings="Reablement"),
            Contribution(partner_id=charity.id, losses="Some independence of voice"),
        ],
        governance=Governance(
            decision_making="By consensus; a two-thirds vote if needed.",
            meeting_rhythm="Monthly",
            gemba_visits="Quarterly",
            conflict_steps=[
                EscalationStep(text="Talk it through with each other"),
                EscalationStep(text="Bring it to the board"),
                EscalationStep(text="Independent facilitator"),
            ],
            review_and_variation="Yearly",
            joining_and_leaving="Six months' notice",
        ),
    )
    return draft


def charter_document(charter: Charter | None = None, **top: Any) -> dict[str, Any]:
    """A charter.json document as a dict, ready to be spoilt by a test."""
    document: dict[str, Any] = {
        "format_version": 1,
        "charter": (charter or Charter()).model_dump(mode="json"),
    }
    document.update(top)
    return document


def write_zip(path: Path, entries: list[tuple[str, bytes, int]]) -> Path:
    """A zip with exactly these entries, in this order; duplicates allowed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(path, "w") as archive:
            for name, data, compression in entries:
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = compression
                archive.writestr(info, data)
    return path


def write_draft_zip(
    path: Path,
    document: dict[str, Any] | bytes | None = None,
    media: dict[str, bytes] | None = None,
    extra: list[tuple[str, bytes, int]] | None = None,
) -> Path:
    """A correctly laid-out draft around any charter.json content and extra entries."""
    if document is None:
        document = charter_document()
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    entries = [
        ("mimetype", MIMETYPE.encode(), zipfile.ZIP_STORED),
        ("charter.json", raw, zipfile.ZIP_DEFLATED),
    ]
    entries += [(name, data, zipfile.ZIP_STORED) for name, data in (media or {}).items()]
    return write_zip(path, entries + (extra or []))


def write_draft_with_huge_entries(path: Path, sizes: dict[str, int], fill: bytes = b" ") -> Path:
    """A draft whose entries inflate to the given sizes, streamed so memory stays low."""
    block = fill * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compresslevel=1) as archive:
        archive.writestr("mimetype", MIMETYPE, compress_type=zipfile.ZIP_STORED)
        if "charter.json" not in sizes:
            archive.writestr("charter.json", json.dumps(charter_document()))
        for name, size in sizes.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as entry:
                written = 0
                while written < size:
                    piece = block[: size - written]
                    entry.write(piece)
                    written += len(piece)
    return path


def patch_entry(
    data: bytes, name: str, *, file_size: int | None = None, flag_bits: int | None = None
) -> bytes:
    """Rewrite fields of entry `name` in both its local header and the central directory."""
    out = bytearray(data)
    end = data.rfind(b"PK\x05\x06")
    count = int.from_bytes(data[end + 10 : end + 12], "little")
    at = int.from_bytes(data[end + 16 : end + 20], "little")
    found = False
    for _ in range(count):
        assert out[at : at + 4] == b"PK\x01\x02"
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, at + 28)
        local = int.from_bytes(out[at + 42 : at + 46], "little")
        if out[at + 46 : at + 46 + name_len].decode() == name:
            found = True
            if file_size is not None:
                struct.pack_into("<I", out, at + 24, file_size)
                struct.pack_into("<I", out, local + 22, file_size)
            if flag_bits is not None:
                struct.pack_into("<H", out, at + 8, flag_bits)
                struct.pack_into("<H", out, local + 6, flag_bits)
        at += 46 + name_len + extra_len + comment_len
    assert found, name
    return bytes(out)

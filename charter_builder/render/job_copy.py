"""The copy of a draft handed to the render worker, one per job.

Kept apart from the worker so the window can write it without loading WeasyPrint.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import (
    CHARTER_ENTRY,
    FORMAT_VERSION,
    MIMETYPE,
    MIMETYPE_ENTRY,
)


def write_job_copy(draft: Draft, path: Path) -> None:
    """Write `draft` as a draft file for one job: compact, without history or unused pictures.

    The draft is one the app already holds, so it is not checked again here. Its
    ``charter.json`` is written without indentation: a draft that opened (even one
    whose drawn signatures hold millions of numbers) then stays well within the
    size the worker will read, where an indented copy could be several times larger.
    """
    used = draft.charter.media_names()
    document = {"format_version": FORMAT_VERSION, "charter": draft.charter.model_dump(mode="json")}
    charter_json = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(MIMETYPE_ENTRY, MIMETYPE.encode("ascii"), zipfile.ZIP_STORED)
        archive.writestr(CHARTER_ENTRY, charter_json, zipfile.ZIP_DEFLATED, compresslevel=1)
        for name, data in sorted(draft.media.items()):
            if name in used:
                archive.writestr(name, data, zipfile.ZIP_STORED)

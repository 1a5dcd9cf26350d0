"""The copy of a draft handed to the render worker, one per job.

Kept apart from the worker so the window can write it without loading WeasyPrint.
"""

from __future__ import annotations

import json
from pathlib import Path

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import FORMAT_VERSION, MAX_HISTORY_BYTES
from charter_builder.drafts.draft_zip import write_zip
from charter_builder.drafts.history import MAX_REVISIONS


def write_job_copy(draft: Draft, path: Path, *, with_history: bool = False) -> None:
    """Write `draft` as a draft file for one job: compact, without unused pictures, and
    without its history unless the job needs it (a paper of the changes does).

    The draft is one the app already holds, so it is not checked again here. Its
    ``charter.json`` is written without indentation: a draft that opened (even one
    whose drawn signatures hold millions of numbers) then stays well within the
    size the worker will read, where an indented copy could be several times larger.
    """
    used = draft.charter.media_names()
    document = {"format_version": FORMAT_VERSION, "charter": draft.charter.model_dump(mode="json")}
    charter_json = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    media = [(name, data) for name, data in sorted(draft.media.items()) if name in used]
    history_json = None
    if with_history and draft.history:
        _, history_json = draft.history.newest(MAX_REVISIONS, MAX_HISTORY_BYTES)
    with path.open("wb") as stream:
        write_zip(stream, charter_json, history_json, media, compresslevel=1)

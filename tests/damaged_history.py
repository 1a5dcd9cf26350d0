"""Drafts whose history holds a damaged snapshot, made as a careless program or person would."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from charter_builder.drafts.draft_file import save_draft
from charter_builder.drafts.starters import load_starter


def draft_with_damaged_newest_snapshot(path: Path, revisions: int = 2) -> Path:
    """The worked example saved `revisions` times, then its newest snapshot spoilt in the file.

    The charter itself is untouched: only the history's copy of the newest
    revision no longer reads as a charter (its title became a number).
    """
    draft = load_starter("example")
    for number in range(revisions):
        draft.charter.version = f"0.{number + 1}"
        draft.history.record(draft.charter, "Jane Smith", "Leeds City Council")
    save_draft(draft, path)
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    spoilt = path.with_suffix(".tmp")
    with zipfile.ZipFile(spoilt, "w") as archive:
        for info, data in entries:
            if info.filename == "history.json":
                history = json.loads(data)
                history["revisions"][-1]["snapshot"]["title"] = 12345
                data = json.dumps(history).encode()
            archive.writestr(info, data)
    spoilt.replace(path)
    return path

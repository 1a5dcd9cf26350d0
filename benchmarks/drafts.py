"""Drafts: open, save and merge the large charter with 50 revisions and 30 logos.

* Open is :func:`load_draft`: every check on the zip, the charter validated,
  every picture's name checked against its bytes, the history rebuilt. The
  baseline reads the same file's entries with zipfile and parses the JSON,
  with no checks and no model: the floor for reading these bytes at all.
* Save is what File > Save does (``CharterDocument.save``): record a revision
  for one edit (which summarises the change against the previous revision),
  drop unused pictures, and :func:`save_draft` (temporary file, fsync,
  rename). The baseline writes the same entries' bytes, already serialised,
  into a zip the same way (temporary file, fsync, rename): the floor for writing.
* Merge is :func:`merge_drafts` of two copies, each with three edits (each one
  saved as a revision) since the common revision. The baseline is the charter
  merge alone (:func:`merge_charters` with the common revision given), so the
  ratio is the cost of working with the histories.
"""

from __future__ import annotations

import json
import os
import statistics
import time
import zipfile
from pathlib import Path

from benchmarks.figures import Figure, Target
from benchmarks.make_charters import AUTHOR, LARGE, ORGANISATION, Prose, edited, generated_draft
from benchmarks.make_charters import with_history as add_history
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.draft_merge import merge_drafts
from charter_builder.drafts.merge import merge_charters

OPEN_LIMIT_MS = 100.0
SAVE_LIMIT_MS = 100.0
MERGE_LIMIT_MS = 50.0
REVISIONS = 50


class Clock:
    """Wall-clock milliseconds per run, and CPU milliseconds beside them for the notes."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, action) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        self.cpu.append((time.process_time() - cpu) * 1000)
        self.wall.append((time.perf_counter() - wall) * 1000)

    def note(self) -> str:
        return f"CPU time median {statistics.median(self.cpu):.0f} ms"


def read_raw(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".json"):
                json.loads(data)


def write_raw(entries: list[tuple[zipfile.ZipInfo, bytes]], path: Path) -> None:
    temp = path.with_name(f".{path.name}.raw")
    with open(temp, "wb") as stream:
        with zipfile.ZipFile(stream, "w") as archive:
            for info, data in entries:
                archive.writestr(info, data)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temp, path)


def save_like_the_window(draft: Draft, charter, path: Path) -> None:
    """CharterDocument.save without the window: record, prune, save_draft."""
    draft.charter = charter
    draft.history.record(charter, AUTHOR, ORGANISATION)
    draft.prune_media()
    save_draft(draft, path)


def copy_with_edits(path: Path, seed: int, edits: int = 3) -> Draft:
    draft = load_draft(path)
    prose = Prose(seed)
    for number in range(edits):
        draft.charter = edited(draft.charter, prose, seed + number)
        draft.history.record(draft.charter, f"Editor {seed}", ORGANISATION)
    return draft


def run(scratch: Path, runs: int) -> list[Figure]:
    draft = add_history(generated_draft(LARGE), REVISIONS)
    path = scratch / "large-history.charter"
    save_draft(draft, path)
    size = path.stat().st_size
    logos = len(load_draft(path).media)
    note = (
        f"{len(draft.charter.partners)} partners, {len(draft.charter.commitments)} commitments, "
        f"{len(draft.history)} revisions, {logos} logos, {size / 1e6:.2f} MB"
    )
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    load_draft(path)  # warm: imports, caches
    read_raw(path)

    opening, open_base, saving, save_base = Clock(), Clock(), Clock(), Clock()
    prose = Prose(99)
    for number in range(runs):
        opening.time(lambda: load_draft(path))
        open_base.time(lambda: read_raw(path))
        copy = load_draft(path)
        changed = edited(copy.charter, prose, number)
        target = scratch / f"saved-{number % 2}.charter"
        saving.time(lambda c=copy, e=changed, t=target: save_like_the_window(c, e, t))
        save_base.time(lambda t=target: write_raw(entries, t))

    mine, theirs = copy_with_edits(path, 1), copy_with_edits(path, 2)
    common = load_draft(path)
    base_charter = common.history.snapshot(common.history.head or "")
    merge_drafts(mine, theirs)  # warm
    merging, merge_base = Clock(), Clock()
    for _ in range(runs):
        merging.time(lambda: merge_drafts(mine, theirs))
        merge_base.time(lambda: merge_charters(base_charter, mine.charter, theirs.charter))
    return [
        Figure(
            "Drafts",
            "open (load_draft)",
            "ms",
            opening.wall,
            open_base.wall,
            "zipfile read of the same entries + json.loads, no checks",
            Target(OPEN_LIMIT_MS),
            f"{note}; {opening.note()}",
            paired=True,
        ),
        Figure(
            "Drafts",
            "save (record a revision + save_draft)",
            "ms",
            saving.wall,
            save_base.wall,
            "zip of the same, already serialised bytes, fsync and rename",
            Target(SAVE_LIMIT_MS),
            saving.note(),
            paired=True,
        ),
        Figure(
            "Drafts",
            "merge (merge_drafts, 3 edits each side)",
            "ms",
            merging.wall,
            merge_base.wall,
            "merge_charters alone, the common revision given",
            Target(MERGE_LIMIT_MS),
            merging.note(),
            paired=True,
        ),
    ]

"""Saving survives being killed at any moment: the draft opens as the old or the new version.

The short version of ``make crash-test``: the same harness, with 50 kills.
"""

from __future__ import annotations

import os
import time

from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.storage.safe_write import STALE_TEMP_SECONDS

from .crash_harness import build_versions, run_campaign


def test_a_draft_killed_mid_save_always_opens_whole(tmp_path):
    started = time.perf_counter()
    summary = run_campaign(kills=50, seed=7, folder=tmp_path)
    assert summary.failures == [], summary.report()
    assert summary.kills == 50
    assert summary.mid_save + summary.between_saves == 50
    # The kills really did land inside saves, not only between them.
    assert summary.mid_save >= 25, summary.report()
    # Whatever the kills left behind, later saves tidied (all but the newest few).
    assert summary.temps_at_end <= 3, summary.report()
    assert time.perf_counter() - started < 30


def test_a_save_tidies_away_old_leftovers_but_not_a_save_in_progress(tmp_path):
    draft = build_versions()[0]
    target = tmp_path / "Board charter.charter"
    save_draft(draft, target)
    stale = tmp_path / ".Board charter.charter.0123456789ab.saving"
    fresh = tmp_path / ".Board charter.charter.ba9876543210.saving"
    other_draft = tmp_path / ".Other.charter.0123456789ab.saving"
    someone_elses = tmp_path / ".Board charter.charter.notes.saving"
    long_ago = time.time() - STALE_TEMP_SECONDS - 60
    for path in (stale, fresh, other_draft, someone_elses):
        path.write_bytes(b"half a draft")
    for path in (stale, other_draft, someone_elses):
        os.utime(path, (long_ago, long_ago))

    save_draft(draft, target)

    assert not stale.exists()
    assert fresh.exists()  # another computer may still be writing it
    assert other_draft.exists()
    assert someone_elses.exists()
    assert load_draft(target).charter == draft.charter

"""The history inside a draft, and merging two copies by the history they share."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from draft_fixtures import write_draft_zip

from charter_builder.charter.editing import add_partner, remove_partner
from charter_builder.charter.model import Partner
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import dumps_draft, load_draft, loads_draft, save_draft
from charter_builder.drafts.draft_merge import merge_drafts
from charter_builder.drafts.history import HistoryError, common_ancestor
from charter_builder.drafts.starters import load_starter
from charter_builder.errors import DraftFileError

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def saved(
    draft: Draft,
    path: Path,
    who: str = "Asha Patel",
    org: str = "Leeds City Council",
    at: datetime = T0,
) -> Draft:
    """Save as the app does (record a revision, then write) and read the file back."""
    draft.history.record(draft.charter, who, org, now=at)
    save_draft(draft, path)
    return load_draft(path)


def test_each_save_with_changes_records_a_revision_with_author_time_and_summary(tmp_path):
    path = tmp_path / "charter.charter"
    draft = saved(load_starter("example"), path)
    draft.charter.purpose.vision = "Everyone in Calderdale lives a longer, healthier life."
    draft = saved(draft, path, "Tom Price", "Calderdale Council", T0 + timedelta(days=3))

    first, second = draft.history.revisions
    assert first.parents == ()
    assert second.parents == (first.id,)
    assert (second.author, second.organisation) == ("Tom Price", "Calderdale Council")
    assert second.time == T0 + timedelta(days=3)
    assert "Vision" in second.summary
    assert draft.history.head == second.id
    assert draft.history.snapshot(first.id).purpose.vision != draft.charter.purpose.vision
    assert draft.history.snapshot(second.id) == draft.charter


def test_saving_without_changes_adds_no_revision(tmp_path):
    path = tmp_path / "charter.charter"
    draft = saved(load_starter("example"), path)
    assert draft.history.record(draft.charter, "Asha Patel", "Leeds City Council") is None
    assert len(draft.history) == 1


def test_a_draft_from_before_history_opens_and_starts_its_history_on_the_next_save(tmp_path):
    starter = load_starter("example")
    old = {"format_version": 2, "charter": starter.charter.model_dump(mode="json")}
    path = write_draft_zip(tmp_path / "old.charter", old, media=starter.media)
    draft = load_draft(path)
    assert len(draft.history) == 0
    draft = saved(draft, path)
    assert [r.summary for r in draft.history.revisions] == ["First saved version"]


def test_fifty_revisions_keep_the_file_small(tmp_path):
    path = tmp_path / "charter.charter"
    draft = saved(load_starter("example"), path)
    one_revision = path.stat().st_size
    for n in range(49):
        draft.charter.commitments[n % len(draft.charter.commitments)].description += f" Step {n}."
        draft = saved(draft, path, at=T0 + timedelta(hours=n + 1))
    assert len(draft.history) == 50
    # Unchanged partners and principles are stored once, not fifty times.
    assert path.stat().st_size < 2 * one_revision, (one_revision, path.stat().st_size)


def test_revisions_can_be_found_by_number_or_the_start_of_their_id(tmp_path):
    path = tmp_path / "c.charter"
    draft = saved(load_starter("example"), path)
    draft.charter.title = "Our charter"
    draft = saved(draft, path)
    second = draft.history.revisions[1]
    assert draft.history.find("2") == second
    assert draft.history.find(second.id[:6]) == second
    with pytest.raises(HistoryError, match="no revision 7: this draft has 2 revisions"):
        draft.history.find("7")
    with pytest.raises(HistoryError, match="No revision"):
        draft.history.find("zzzz")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda h: h["revisions"][1].update(parents=["000000000000"]),
        lambda h: h.update(head="ffffffffffff"),
        lambda h: h["revisions"].reverse(),  # a parent after its child
        lambda h: h["revisions"][0]["snapshot"]["partners"].update(objects=["0" * 24]),
        lambda h: h["revisions"][0].update(time="yesterday"),
        lambda h: h.update(extra=1),
    ],
)
def test_a_damaged_history_is_refused_in_plain_words(tmp_path, spoil):
    path = tmp_path / "c.charter"
    draft = saved(load_starter("example"), path)
    draft.charter.title = "Our charter"
    saved(draft, path)
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    history = json.loads(entries["history.json"])
    spoil(history)
    entries["history.json"] = json.dumps(history).encode()
    damaged = tmp_path / "damaged.charter"
    with zipfile.ZipFile(damaged, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else 8)
    with pytest.raises(DraftFileError) as caught:
        load_draft(damaged)
    assert str(caught.value) == (
        "“damaged.charter” could not be opened: its history of earlier versions is damaged."
    )


def two_copies(tmp_path):
    """One saved draft, copied to two officers who each edit and save their own copy."""
    path = tmp_path / "charter.charter"
    original = saved(load_starter("example"), path)
    mine = loads_draft(dumps_draft(original))
    theirs = loads_draft(dumps_draft(original))
    return original, mine, theirs


def test_merging_two_copies_finds_their_common_version_and_keeps_both_edits(tmp_path):
    original, mine, theirs = two_copies(tmp_path)
    mine.charter.purpose.vision = "Healthy lives for everyone in Calderdale."
    mine = saved(
        mine, tmp_path / "mine.charter", "Asha Patel", "Leeds City Council", T0 + timedelta(days=1)
    )
    theirs.charter.governance.meeting_rhythm = "Monthly, in public, rotating venues."
    theirs = saved(
        theirs,
        tmp_path / "theirs.charter",
        "Tom Price",
        "Calderdale Council",
        T0 + timedelta(days=2),
    )

    merge = merge_drafts(mine, theirs)
    assert merge.base is not None and merge.base.id == original.history.head
    assert merge.clean
    merged = merge.draft
    assert merged.charter.purpose.vision == "Healthy lives for everyone in Calderdale."
    assert merged.charter.governance.meeting_rhythm == "Monthly, in public, rotating venues."

    result = saved(merged, tmp_path / "mine.charter", at=T0 + timedelta(days=3))
    head = result.history.revision(result.history.head)
    assert head.parents == (mine.history.head, theirs.history.head)
    assert head.summary.startswith("Merged with Tom Price (Calderdale Council)'s copy")
    assert {r.id for r in result.history.revisions} >= {
        r.id for r in [*mine.history.revisions, *theirs.history.revisions]
    }


def test_a_clash_must_be_decided_and_the_decision_is_kept(tmp_path):
    _, mine, theirs = two_copies(tmp_path)
    mine.charter.purpose.why = "Because we share one population."
    theirs.charter.purpose.why = "Because no one organisation can do it alone."
    theirs.charter.title = "Calderdale system charter"
    mine = saved(mine, tmp_path / "mine.charter", at=T0 + timedelta(days=1))
    theirs = saved(
        theirs,
        tmp_path / "theirs.charter",
        "Tom Price",
        "Calderdale Council",
        T0 + timedelta(days=1),
    )

    merge = merge_drafts(mine, theirs)
    assert [c.description for c in merge.result.conflicts] == [
        "Shared purpose › Why was changed differently by both"
    ]
    with pytest.raises(ValueError):
        merge.finish({})
    done = merge.finish({0: merge.result.conflicts[0].theirs})
    assert done.charter.purpose.why == "Because no one organisation can do it alone."
    assert done.charter.title == "Calderdale system charter"
    assert mine.charter.purpose.why == "Because we share one population."  # inputs untouched


def test_a_partner_removed_on_one_side_and_edited_on_the_other_can_be_kept_or_removed(tmp_path):
    _, mine, theirs = two_copies(tmp_path)
    partner = mine.charter.partners[1]
    mine.charter.partners[1].representative.role = "Chief executive"
    remove_partner(theirs.charter, partner.id).apply(theirs.charter)
    merge = merge_drafts(mine, theirs)
    (conflict,) = merge.result.conflicts
    assert conflict.mine.representative.role == "Chief executive" and conflict.theirs is None

    removed = merge.finish({0: None}).charter
    assert removed.partner(partner.id) is None
    assert all(c.partner_id != partner.id for c in removed.contributions)
    kept = merge.finish({0: conflict.mine}).charter
    assert kept.partner(partner.id).representative.role == "Chief executive"
    assert [p.id for p in kept.partners] == [p.id for p in mine.charter.partners]


def test_merging_a_copy_that_only_moved_on_catches_up_without_a_merge_revision(tmp_path):
    _, mine, theirs = two_copies(tmp_path)
    add_partner(theirs.charter, Partner(name="Calderdale Healthwatch")).apply(theirs.charter)
    theirs = saved(theirs, tmp_path / "theirs.charter", at=T0 + timedelta(days=1))
    merge = merge_drafts(mine, theirs)
    assert merge.clean and merge.draft.history.head == theirs.history.head
    assert merge.draft.history.record(merge.draft.charter, "A", "B") is None


def test_copies_with_no_shared_history_still_merge_but_every_difference_is_a_question():
    mine, theirs = load_starter("example"), load_starter("example")  # fresh ids each
    mine.charter.title = "Mine"
    theirs.charter.title = "Theirs"
    merge = merge_drafts(mine, theirs)
    assert merge.base is None
    assert any(c.path == ("title",) for c in merge.result.conflicts)
    assert len(merge.draft.charter.partners) == 2 * len(mine.charter.partners)


def test_the_common_ancestor_of_criss_crossed_merges_is_the_newest_shared_version(tmp_path):
    _, mine, theirs = two_copies(tmp_path)
    for n in range(2):
        mine.charter.purpose.what = f"Mine {n}."
        mine = saved(mine, tmp_path / "m.charter", at=T0 + timedelta(days=2 * n + 1))
        theirs.charter.governance.gemba_visits = f"Theirs {n}."
        theirs = saved(theirs, tmp_path / "t.charter", at=T0 + timedelta(days=2 * n + 1))
        merged = merge_drafts(mine, theirs).draft
        mine = saved(merged, tmp_path / "m.charter", at=T0 + timedelta(days=2 * n + 2))
        theirs = loads_draft(dumps_draft(mine))
    history = mine.history
    assert common_ancestor(history, history.head, theirs.history.head) == history.head
    assert mine.charter.purpose.what == "Mine 1." and mine.charter.governance.gemba_visits == (
        "Theirs 1."
    )

"""A draft whose newest history snapshot is damaged opens, and every save still works.

The charter itself is whole, so refusing the draft would cost the user their
work; instead the history is kept as it is (every earlier revision still
readable) and the next save records a revision that says the one before it
was damaged.
"""

from __future__ import annotations

from damaged_history import draft_with_damaged_newest_snapshot

from charter_builder.cli import main
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.history import damaged_summary

DAMAGED_NOTE = "whose copy in the history is damaged"


def run(capsys, *args) -> tuple[int, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_validate_opens_it_and_history_lists_it_with_a_plain_note(tmp_path, capsys) -> None:
    path = draft_with_damaged_newest_snapshot(tmp_path / "damaged.charter")
    assert run(capsys, "validate", path)[0] == 0
    code, out = run(capsys, "history", path)
    assert code == 0
    assert "revision 2 in the history is damaged" in out
    assert "Something went wrong" not in out


def test_saving_it_again_keeps_every_revision_and_says_the_last_was_damaged(tmp_path) -> None:
    path = draft_with_damaged_newest_snapshot(tmp_path / "damaged.charter")
    draft = load_draft(path)
    draft.charter.partnership.place = "Kestleford"
    revision = draft.history.record(draft.charter, "Ola Okafor", "Wyvern Hospice")
    save_draft(draft, path)

    again = load_draft(path)
    assert again.charter.partnership.place == "Kestleford"
    assert [r.id for r in again.history.revisions][:2] == [
        r.id for r in draft.history.revisions[:2]
    ]
    assert revision is not None and revision.summary == damaged_summary(2)
    assert again.history.revision(again.history.head).summary == damaged_summary(2)
    assert again.history.snapshot(again.history.head) == again.charter
    assert again.history.readable(again.history.revisions[0].id)  # nothing older was lost


def test_merging_with_it_writes_the_merge_and_says_what_was_damaged(tmp_path, capsys) -> None:
    damaged = draft_with_damaged_newest_snapshot(tmp_path / "damaged.charter")
    theirs = load_draft(damaged)
    theirs.charter.partnership.place = "Kestleford"
    theirs.history.record(theirs.charter, "Ola Okafor", "Wyvern Hospice")
    save_draft(theirs, tmp_path / "theirs.charter")
    merged = tmp_path / "merged.charter"

    code, out = run(
        capsys, "merge", damaged, tmp_path / "theirs.charter", "-o", merged, "--name", "Jane"
    )

    assert code == 0, out
    assert "Something went wrong" not in out
    assert load_draft(merged).charter.partnership.place == "Kestleford"


def test_merging_it_into_a_clean_copy_and_back_works_both_ways(tmp_path, capsys) -> None:
    damaged = draft_with_damaged_newest_snapshot(tmp_path / "damaged.charter")
    mine = load_draft(damaged)
    mine.charter.title = "Wyvern Vale Charter"
    save_draft(mine, tmp_path / "mine.charter")  # edited, saved without a revision
    merged = tmp_path / "merged.charter"

    code, out = run(capsys, "merge", tmp_path / "mine.charter", damaged, "-o", merged)
    assert code == 0, out
    code, out = run(capsys, "merge", damaged, tmp_path / "mine.charter", "-o", merged)
    assert code in (0, 3), out  # either merged, or conflicts listed in words
    assert "Something went wrong" not in out
    if code == 0:
        assert DAMAGED_NOTE in out

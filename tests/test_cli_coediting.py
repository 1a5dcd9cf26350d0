"""`merge`, `history` and `diff` on the command line, as an officer would use them."""

from __future__ import annotations

from pathlib import Path

from charter_builder.cli import main
from charter_builder.drafts.draft_file import dumps_draft, load_draft, loads_draft, save_draft


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def copies(tmp_path: Path) -> tuple[Path, Path]:
    """The example started by the CLI, then copied to two officers who each save once."""
    original = tmp_path / "example.charter"
    assert (
        run(
            "new",
            original,
            "--starter",
            "example",
            "--name",
            "Asha Patel",
            "--organisation",
            "Wyvern Vale ICB",
        )
        == 0
    )
    draft = load_draft(original)
    paths = []
    for name in ("mine", "theirs"):
        copy = loads_draft(dumps_draft(draft))
        path = tmp_path / f"{name}.charter"
        save_draft(copy, path)
        paths.append(path)
    return paths[0], paths[1]


def edit(path: Path, who: tuple[str, str], change) -> None:
    draft = load_draft(path)
    change(draft.charter)
    draft.history.record(draft.charter, *who)
    save_draft(draft, path)


ASHA = ("Asha Patel", "Wyvern Vale ICB")
TOM = ("Tom Price", "Wyvern Vale Council")


def test_merge_keeps_both_officers_edits_and_records_a_revision_with_two_parents(tmp_path, capsys):
    mine, theirs = copies(tmp_path)
    edit(mine, ASHA, lambda c: setattr(c.purpose, "vision", "Longer, healthier lives for all."))
    edit(theirs, TOM, lambda c: setattr(c.governance, "meeting_rhythm", "Monthly, in public."))
    out = tmp_path / "merged.charter"
    assert run("merge", mine, theirs, "-o", out, "--name", "Asha Patel") == 0
    said = capsys.readouterr().out
    assert "both copies started from revision 1" in said
    merged = load_draft(out)
    assert merged.charter.purpose.vision == "Longer, healthier lives for all."
    assert merged.charter.governance.meeting_rhythm == "Monthly, in public."
    head = merged.history.revision(merged.history.head)
    assert head.parents == (load_draft(mine).history.head, load_draft(theirs).history.head)


def test_merge_with_conflicts_lists_them_exits_3_and_writes_nothing(tmp_path, capsys):
    mine, theirs = copies(tmp_path)
    edit(mine, ASHA, lambda c: setattr(c.purpose, "why", "Because we serve one population."))
    edit(theirs, TOM, lambda c: setattr(c.purpose, "why", "Because nobody can do it alone."))
    out = tmp_path / "merged.charter"
    assert run("merge", mine, theirs, "-o", out) == 3
    said = capsys.readouterr().out
    assert not out.exists()
    assert "1 conflict to decide" in said and "Nothing was written." in said
    assert "1. Shared purpose › Why was changed differently by both" in said
    assert "Yours:  Because we serve one population." in said
    assert "Theirs: Because nobody can do it alone." in said


def test_history_lists_revisions_newest_first_with_who_and_what(tmp_path, capsys):
    mine, _ = copies(tmp_path)
    edit(mine, TOM, lambda c: setattr(c.purpose, "vision", "Healthy lives for everyone."))
    capsys.readouterr()
    assert run("history", mine) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "mine.charter: 2 revisions, newest first"
    second = next(i for i, line in enumerate(lines) if line.lstrip().startswith("2  "))
    first = next(i for i, line in enumerate(lines) if line.lstrip().startswith("1  "))
    assert second < first
    assert "Tom Price (Wyvern Vale Council)" in lines[second] and "[latest]" in lines[second]
    assert "Changed Shared purpose › Vision" in "\n".join(lines[second:first])
    assert "Started from the example starter" in "\n".join(lines[first:])


def test_diff_shows_removed_and_added_words_under_their_section(tmp_path, capsys):
    mine, _ = copies(tmp_path)
    old_rhythm = load_draft(mine).charter.governance.meeting_rhythm
    edit(mine, TOM, lambda c: setattr(c.governance, "meeting_rhythm", "Monthly, in public."))
    capsys.readouterr()
    assert run("diff", mine) == 0  # what the last save changed
    out = capsys.readouterr().out
    assert out.startswith("Changes from revision 1")
    assert "to revision 2" in out
    assert "Governance\n  Meeting rhythm changed:" in out
    assert "{+Monthly,+}" in out or "{+Monthly, in public.+}" in out
    assert "[-" in out and old_rhythm.split()[1] in out
    assert "Shared purpose" not in out  # only what changed is shown

    assert run("diff", mine, "2", "1") == 0
    assert "Changes from revision 2" in capsys.readouterr().out


def test_diff_of_an_unknown_revision_says_so_plainly(tmp_path, capsys):
    mine, _ = copies(tmp_path)
    assert run("diff", mine, "9") == 1
    assert capsys.readouterr().err.strip() == "There is no revision 9: this draft has 1 revision."

"""Writing commands save as the window does: others' locks and changes on disk are respected.

A board secretary who runs `merge -o`, `new --force` or `sign-off` onto a draft a
colleague has open, or has saved meanwhile, is told so in the window's words, the
command exits 1, and the file on disk is left exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli_coediting import ASHA, TOM, copies, edit

from charter_builder.cli import _build_parser, main
from charter_builder.drafts.draft_file import load_draft
from charter_builder.drafts.draft_lock import DraftLock


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_merge_onto_mine_changed_on_disk_since_it_was_read_is_refused_as_the_window_does(
    tmp_path,
) -> None:
    from charter_builder.cli_coediting import read_copies, write_merge
    from charter_builder.gui.lock_dialog import changed_question
    from charter_builder.session import DraftChangedOnDisk

    mine, theirs = copies(tmp_path)
    edit(mine, ASHA, lambda c: setattr(c.purpose, "vision", "Longer, healthier lives for all."))
    edit(theirs, TOM, lambda c: setattr(c.governance, "meeting_rhythm", "Monthly, in public."))
    args = _build_parser().parse_args(["merge", str(mine), str(theirs), "-o", str(mine)])

    read = read_copies(args)  # the command has read both copies...
    # ...and before it writes, a colleague saves MINE from another computer.
    edit(mine, ("Jane Smith", "Leeds City Council"), lambda c: setattr(c.purpose, "how", "Openly."))
    on_disk = mine.read_bytes()

    with pytest.raises(DraftChangedOnDisk) as refused:
        write_merge(read, args)

    said = one_line(refused.value.message)
    heading, _text = changed_question(mine.name, "Jane Smith (Leeds City Council) saved it at")
    assert heading in said  # the window's own heading for this situation
    assert "Jane Smith (Leeds City Council) saved it at" in said
    assert "nothing has been overwritten" in said.lower()
    assert mine.read_bytes() == on_disk  # nothing written
    assert load_draft(mine).charter.purpose.how == "Openly."
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".saving")] == []


def test_merge_onto_a_draft_someone_has_open_is_refused_and_nothing_is_written(
    tmp_path, capsys
) -> None:
    mine, theirs = copies(tmp_path)
    edit(theirs, TOM, lambda c: setattr(c.governance, "meeting_rhythm", "Monthly, in public."))
    out = tmp_path / "board papers.charter"
    assert main(["new", str(out), "--starter", "example"]) == 0
    before = out.read_bytes()
    lock = DraftLock(out, "Sam Patel", "Wyvern County Council")
    lock.acquire()
    try:
        code, _out, err = run(capsys, "merge", mine, theirs, "-o", out)
    finally:
        lock.release()
    assert code == 1
    assert "Sam Patel (Wyvern County Council) has had this draft open" in one_line(err)
    assert "ask them to close it first" in err
    assert "Traceback" not in err
    assert out.read_bytes() == before


def test_merge_onto_a_folder_says_so_and_writes_nothing(tmp_path, capsys) -> None:
    mine, theirs = copies(tmp_path)
    folder = tmp_path / "merged.charter"
    folder.mkdir()
    code, _out, err = run(capsys, "merge", mine, theirs, "-o", folder)
    assert code == 1
    assert "there is already a folder with that name" in err
    assert list(folder.iterdir()) == []


def test_sign_off_onto_a_draft_someone_else_has_open_through_another_name_is_refused(
    tmp_path, capsys
) -> None:
    draft = tmp_path / "x.charter"
    assert main(["new", str(draft), "--starter", "example"]) == 0
    link = tmp_path / "shortcut.charter"
    link.symlink_to(draft)
    before = draft.read_bytes()
    lock = DraftLock(draft, "Sam Patel", "Wyvern County Council")
    lock.acquire()
    try:
        code, _out, err = run(
            capsys, "sign-off", link, "--partner", load_draft(draft).charter.partners[0].name,
            "--signatory", "Dr Ada Example", "--approved", "2026-11-02",
        )  # fmt: skip
    finally:
        lock.release()
    assert code == 1
    assert "Sam Patel (Wyvern County Council) has had this draft open" in one_line(err)
    assert draft.read_bytes() == before
    assert len(load_draft(draft).history) == 1


def test_sign_off_refuses_a_draft_changed_on_disk_in_the_windows_words(tmp_path) -> None:
    from charter_builder.cli_sign_off import read_for_sign_off, write_sign_off
    from charter_builder.session import DraftChangedOnDisk

    draft = tmp_path / "x.charter"
    assert main(["new", str(draft), "--starter", "example"]) == 0
    partner = load_draft(draft).charter.partners[0].name
    args = _build_parser().parse_args(
        ["sign-off", str(draft), "--partner", partner, "--signatory", "Dr Ada Example",
         "--approved", "2026-11-02"]
    )  # fmt: skip
    with read_for_sign_off(args) as session:
        edit(draft, ("Jane Smith", "Leeds City Council"), lambda c: setattr(c, "version", "2"))
        on_disk = draft.read_bytes()
        with pytest.raises(DraftChangedOnDisk) as refused:
            write_sign_off(session, args)
    assert "“x.charter” has been changed by someone else since you opened it" in (
        one_line(refused.value.message)
    )
    assert draft.read_bytes() == on_disk


def test_new_with_force_over_a_draft_someone_has_open_is_refused(tmp_path, capsys) -> None:
    draft = tmp_path / "x.charter"
    assert main(["new", str(draft), "--starter", "example"]) == 0
    before = draft.read_bytes()
    lock = DraftLock(draft, "Sam Patel", "Wyvern County Council")
    lock.acquire()
    try:
        code, _out, err = run(capsys, "new", draft, "--force")
    finally:
        lock.release()
    assert code == 1
    assert "Sam Patel" in err and "ask them to close it first" in err
    assert draft.read_bytes() == before


def test_new_over_an_existing_draft_behaves_as_before(tmp_path, capsys) -> None:
    draft = tmp_path / "x.charter"
    assert main(["new", str(draft), "--starter", "example"]) == 0
    before = draft.read_bytes()
    code, _out, err = run(capsys, "new", draft)
    assert code == 1 and "already exists" in err
    assert draft.read_bytes() == before
    code, out, _err = run(capsys, "new", draft, "--force", "--name", "Asha Patel")
    assert code == 0 and "Saved a new draft from the blank starter" in out
    replaced = load_draft(draft)
    assert replaced.charter.partners == [] or not any(p.name for p in replaced.charter.partners)
    assert len(replaced.history) == 1
    assert replaced.history.revisions[0].author == "Asha Patel"
    assert not (tmp_path / ".~lock.x.charter#").exists()  # no lock left behind

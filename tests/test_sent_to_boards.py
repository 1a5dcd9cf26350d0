"""Revisions marked as sent to boards: recorded in the draft's history, kept, and checked.

A board secretary marks the revision their board saw, so the next changes paper can
start from it. The mark lives in the draft's own history.json, so it travels with
the file, survives reopening and merging, and is read as hostile input like the rest.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from charter_builder.cli import main
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.draft_merge import merge_drafts
from charter_builder.drafts.history import History
from charter_builder.drafts.starters import load_starter
from charter_builder.errors import DraftFileError

ASHA = ("Asha Patel", "Wyvern Vale ICB")
TOM = ("Tom Price", "Wyvern Vale Council")


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def saved_example(path: Path) -> Path:
    assert run("new", path, "--starter", "example", "--name", ASHA[0],
               "--organisation", ASHA[1]) == 0  # fmt: skip
    return path


def entry(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def with_history(path: Path, change) -> Path:
    """The draft at `path` with its history.json changed by `change`, as a tamperer would."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    spoilt = path.with_name("tampered.charter")
    with zipfile.ZipFile(spoilt, "w") as archive:
        for info, data in entries:
            if info.filename == "history.json":
                document = json.loads(data)
                change(document)
                data = json.dumps(document).encode()
            archive.writestr(info, data)
    return spoilt


def test_marking_a_revision_records_who_and_when_and_leaves_the_charter_alone(tmp_path, capsys):
    path = saved_example(tmp_path / "example.charter")
    charter_before = entry(path, "charter.json")
    before = datetime.now(UTC).replace(microsecond=0)

    assert run("history", path, "--mark-sent", "1", "--name", "Tom Price",
               "--organisation", "Wyvern Vale Council") == 0  # fmt: skip

    assert "Marked revision 1 as sent to boards" in capsys.readouterr().out
    draft = load_draft(path)
    assert len(draft.history) == 1  # marking is not a new revision
    assert entry(path, "charter.json") == charter_before
    mark = draft.history.last_sent()
    assert mark is not None
    assert mark.revision == draft.history.revisions[0].id
    assert mark.who == "Tom Price (Wyvern Vale Council)"
    assert before <= mark.time <= datetime.now(UTC)


def test_the_history_listing_shows_which_revisions_were_sent_to_boards(tmp_path, capsys):
    path = saved_example(tmp_path / "example.charter")
    draft = load_draft(path)
    draft.charter.version = "0.2"
    draft.history.record(draft.charter, *TOM)
    save_draft(draft, path)
    assert run("history", path, "--mark-sent", "1", "--name", ASHA[0]) == 0
    capsys.readouterr()

    assert run("history", path) == 0

    out = capsys.readouterr().out
    second, first = out.split("\n  2  ")[1].split("\n  1  ")
    assert "Sent to boards" not in second
    assert "Sent to boards: marked" in first and "Asha Patel" in first


def test_marks_survive_saving_again_and_reopening(tmp_path):
    path = saved_example(tmp_path / "example.charter")
    assert run("history", path, "--mark-sent", "1", "--name", ASHA[0]) == 0
    draft = load_draft(path)
    draft.charter.title = "Wyvern Vale Charter, second draft"
    draft.history.record(draft.charter, *TOM)
    save_draft(draft, path)

    again = load_draft(path)

    assert len(again.history) == 2
    assert again.history.last_sent().revision == again.history.revisions[0].id
    assert again.history.marks == draft.history.marks


def test_marks_from_both_copies_survive_a_merge(tmp_path):
    path = saved_example(tmp_path / "example.charter")
    mine, theirs = load_draft(path), load_draft(path)
    first = mine.history.revisions[0].id
    mine.charter.version = "0.2"
    mine.history.record(mine.charter, *ASHA)
    theirs.history.mark_sent(first, *TOM)
    theirs.charter.title = "Wyvern Vale Charter, Tom's copy"
    theirs.history.record(theirs.charter, *TOM)
    mine.history.mark_sent(mine.history.head, *ASHA)

    merged = merge_drafts(mine, theirs)
    save_draft(merged.draft, tmp_path / "merged.charter")
    reopened = load_draft(tmp_path / "merged.charter")

    assert {(m.revision, m.author) for m in reopened.history.marks} == {
        (first, "Tom Price"),
        (mine.history.head, "Asha Patel"),
    }
    assert reopened.history.last_sent().author == "Asha Patel"


def test_marking_and_merging_on_the_command_line_keeps_the_mark(tmp_path, capsys):
    mine = saved_example(tmp_path / "mine.charter")
    theirs = tmp_path / "theirs.charter"
    theirs.write_bytes(mine.read_bytes())
    assert run("history", theirs, "--mark-sent", "1", "--name", TOM[0]) == 0
    draft = load_draft(mine)
    draft.charter.version = "0.2"
    draft.history.record(draft.charter, *ASHA)
    save_draft(draft, mine)

    assert run("merge", mine, theirs, "-o", tmp_path / "out.charter", "--name", ASHA[0]) == 0

    marks = load_draft(tmp_path / "out.charter").history.marks
    assert [(m.author, m.revision) for m in marks] == [("Tom Price", draft.history.revisions[0].id)]


def test_a_draft_never_marked_writes_its_history_exactly_as_before(tmp_path):
    """Earlier versions of Charter Builder refuse unknown keys: unmarked drafts keep opening."""
    path = saved_example(tmp_path / "example.charter")
    assert set(json.loads(entry(path, "history.json"))) == {"head", "revisions", "objects"}


def test_marks_of_revisions_let_go_when_the_history_is_trimmed_go_with_them():
    draft = load_starter("example")
    for number in range(3):
        draft.charter.version = f"0.{number + 1}"
        draft.history.record(draft.charter, *ASHA)
    oldest, newest = draft.history.revisions[0].id, draft.history.revisions[-1].id
    draft.history.mark_sent(oldest, *ASHA)
    draft.history.mark_sent(newest, *TOM)

    trimmed, data = draft.history.newest(2, 10**8)

    assert [m.revision for m in trimmed.marks] == [newest]
    assert History.from_document(json.loads(data)).last_sent().revision == newest


def _mark(**overrides):
    def change(document):
        mark = {
            "revision": document["revisions"][0]["id"],
            "author": "Asha Patel",
            "organisation": "Wyvern Vale ICB",
            "time": "2026-03-01T10:00:00+00:00",
        }
        mark.update(overrides)
        document["marks"] = [mark]

    return change


def _set(value):
    def change(document):
        document["marks"] = value

    return change


def _repeated(document):
    _mark()(document)
    document["marks"] *= 2


def _too_many(document):
    _mark()(document)
    document["marks"] = [
        dict(document["marks"][0], time=f"2026-03-01T10:{i // 60 % 60:02}:{i % 60:02}+00:00",
             author=f"Officer {i}")
        for i in range(5_001)
    ]  # fmt: skip


SPOILT_MARKS = {
    "a revision the history does not hold": _mark(revision="0123456789ab"),
    "a revision that is a number": _mark(revision=7),
    "a time without a time zone": _mark(time="2026-03-01T10:00:00"),
    "a time that cannot be turned into UTC": _mark(time="9999-12-31T23:59:59-23:59"),
    "a time in words": _mark(time="yesterday"),
    "a name far too long": _mark(author="A" * 10_000),
    "a name that is a list": _mark(author=["Asha"]),
    "something no mark holds": _mark(board="Leeds"),
    "marks that are one object": _set({"revision": "x"}),
    "marks that are text": _set("sent"),
    "a mark that is nothing": _set([None]),
    "the same mark twice": _repeated,
    "more marks than anyone makes": _too_many,
}


@pytest.mark.parametrize("spoil", SPOILT_MARKS.values(), ids=SPOILT_MARKS.keys())
def test_a_history_with_a_bad_mark_is_refused_in_plain_words(tmp_path, spoil):
    path = saved_example(tmp_path / "example.charter")
    tampered = with_history(path, spoil)

    with pytest.raises(DraftFileError) as refused:
        load_draft(tampered)

    assert refused.value.message == (
        "“tampered.charter” could not be opened: its record of the revisions sent to boards "
        "is damaged."
    )


def test_marking_a_revision_that_does_not_exist_says_so_and_writes_nothing(tmp_path, capsys):
    path = saved_example(tmp_path / "example.charter")
    before = path.read_bytes()

    assert run("history", path, "--mark-sent", "7") == 1

    assert "There is no revision 7: this draft has 1 revision." in capsys.readouterr().err
    assert path.read_bytes() == before

"""A draft on a shared drive: who has it open, and never overwriting someone else's save."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.draft_lock import DraftLock, lock_path_for, read_lock, this_machine
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.lock_dialog import ChangedChoice, LockChoice
from gui.app_process import ROOT, AppProcess

SHOTS = Path("/tmp/shots")

#: Jane's Charter Builder, in a process of its own: a real window opening, editing and saving.
OTHER_PROCESS = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from PySide6.QtWidgets import QApplication, QMessageBox

    from charter_builder.gui.app import configure_application

    app = QApplication(sys.argv[:1])
    configure_application(app)
    from charter_builder.gui import settings
    from charter_builder.gui.main_window import MainWindow

    settings.set_user_identity("Jane Smith", "Leeds City Council")
    window = MainWindow()
    window.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    window.prompts.show_error = lambda title, message: print("error:", message, flush=True)
    window.prompts.ask_locked = lambda *_: print("asked about a lock", flush=True)
    print("opened" if window.open(Path(sys.argv[1])) else "not opened", flush=True)
    for line in sys.stdin:
        if line.strip() == "edit and save":
            window.document.set_value(("partnership", "name"), "Leeds and Wyvern Partnership")
            print("saved" if window.save() else "not saved", flush=True)
        elif line.strip() == "quit":
            window.close()
            print("closed", flush=True)
            break
    """
)


def other_person(draft: Path, folder: Path) -> AppProcess:
    """Jane's Charter Builder, with a home folder of its own."""
    script = folder / "jane.py"
    script.write_text(OTHER_PROCESS)
    return AppProcess(script, folder / "jane-home", draft)


@pytest.fixture
def shared_draft(tmp_path: Path) -> Path:
    """A draft both people started from, saved once by a third colleague."""
    draft = load_starter("example")
    draft.history.record(draft.charter, "Priya Raman", "Healthwatch Wyvern Vale")
    path = tmp_path / "shared" / "wyvern.charter"
    path.parent.mkdir()
    save_draft(draft, path)
    return path


def test_two_people_open_the_same_draft_and_no_edit_is_lost(window, shared_draft, tmp_path):
    """Jane opens it first; Sam is told, takes over, saves after Jane, and merges."""
    jane = other_person(shared_draft, tmp_path)
    try:
        assert jane.answer() == "opened"
        asked: list[str] = []

        def answer_lock(locked, path):
            asked.append(locked.message)
            return LockChoice.TAKE_OVER

        window.prompts.ask_locked = answer_lock
        assert window.open(shared_draft)
        assert len(asked) == 1
        assert asked[0].startswith(
            f"Jane Smith (Leeds City Council) has had this draft open on {this_machine()} since "
        )
        assert read_lock(shared_draft).holder.name == "Sam Patel"  # type: ignore[union-attr]

        # Both edit different things; Jane saves first.
        new_vision = "Everyone in Wyvern Vale lives a longer, healthier life."
        window.document.set_value(("purpose", "vision"), new_vision)
        jane.tell("edit and save")
        assert jane.answer() == "saved"

        offered: list[str] = []

        def answer_changed(path, saved_by):
            offered.append(saved_by)
            return ChangedChoice.MERGE

        window.prompts.ask_changed_on_disk = answer_changed
        assert window.save()
        assert offered and offered[0].startswith("Jane Smith (Leeds City Council) saved it at ")

        saved = load_draft(shared_draft)
        assert saved.charter.partnership.name == "Leeds and Wyvern Partnership"
        assert saved.charter.purpose.vision == new_vision
        head = saved.history.revision(saved.history.head)  # type: ignore[arg-type]
        assert len(head.parents) == 2
        # Sam's side is the version he opened (Priya's); the other is Jane's save.
        assert [saved.history.revision(p).author for p in head.parents] == [
            "Priya Raman",
            "Jane Smith",
        ]
        assert head.author == "Sam Patel"
        assert not window.isWindowModified()
        assert "Merged" in window.statusBar().currentMessage()

        # Jane closes: her window leaves Sam's lock alone.
        jane.tell("quit")
        assert jane.answer() == "closed"
        assert read_lock(shared_draft).holder.name == "Sam Patel"  # type: ignore[union-attr]
    finally:
        jane.kill()
    assert window.close_draft()
    assert not lock_path_for(shared_draft).exists()


def test_the_real_lock_question_names_the_holder_and_read_only_holds_no_lock(
    window, shared_draft
) -> None:
    jane = DraftLock(shared_draft, "Jane Smith", "Leeds City Council")
    jane.acquire()
    seen: dict[str, object] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text() + "\n" + box.informativeText()
        seen["buttons"] = [b.text() for b in box.buttons()]
        SHOTS.mkdir(exist_ok=True)
        box.grab().save(str(SHOTS / "lock_dialog.png"))
        next(b for b in box.buttons() if b.text() == "Open &read-only").click()

    QTimer.singleShot(100, answer)
    assert window.open(shared_draft)
    text = str(seen["text"])
    assert "Jane Smith is working on “wyvern.charter”" in text
    assert "Jane Smith (Leeds City Council) has had this draft open" in text
    assert "they may lose work" in text
    assert sorted(seen["buttons"]) == ["&Take over", "Cancel", "Open &read-only", "Save a &copy…"]

    assert window.windowTitle() == "wyvern.charter (read-only)[*] — Charter Builder"
    assert window.document.lock is None
    assert jane.is_ours()

    # Save acts as Save As: the read-only file is not written.
    before = shared_draft.read_bytes()
    window.document.set_value(("partnership", "place"), "Wyvern Vale and beyond")
    mine = shared_draft.with_name("mine.charter")
    asked: list[str] = []
    window.prompts.ask_save_path = lambda title, suggested, _filter: asked.append(suggested) or mine
    assert window.save()
    assert asked == ["wyvern (my copy).charter"]
    assert shared_draft.read_bytes() == before
    assert load_draft(mine).charter.partnership.place == "Wyvern Vale and beyond"
    assert window.windowTitle() == "mine.charter[*] — Charter Builder"
    assert read_lock(mine).holder.name == "Sam Patel"  # type: ignore[union-attr]
    assert jane.is_ours()


def test_a_lock_left_by_a_crash_says_so_and_can_be_taken_over(window, shared_draft) -> None:
    code = (
        "import sys; from charter_builder.drafts.draft_lock import DraftLock; "
        "DraftLock(sys.argv[1], 'Jane Smith', 'Leeds City Council').acquire()"
    )
    subprocess.run([sys.executable, "-c", code, str(shared_draft)], check=True, cwd=ROOT)
    asked = []
    window.prompts.ask_locked = lambda locked, path: asked.append(locked) or LockChoice.TAKE_OVER
    assert window.open(shared_draft)
    assert asked[0].stale
    from charter_builder.gui.lock_dialog import lock_question

    heading, text = lock_question(asked[0], "wyvern.charter")
    assert heading == "“wyvern.charter” was left open by Jane Smith"
    assert "closed unexpectedly" in text
    assert window.document.lock is not None and window.document.lock.is_ours()
    assert window.windowTitle() == "wyvern.charter[*] — Charter Builder"


def test_saving_a_copy_instead_leaves_the_original_and_its_lock_alone(
    window, shared_draft
) -> None:
    jane = DraftLock(shared_draft, "Jane Smith", "Leeds City Council")
    jane.acquire()
    copy = shared_draft.with_name("sams copy.charter")
    window.prompts.ask_locked = lambda *_: LockChoice.SAVE_COPY
    window.prompts.ask_save_path = lambda *_: copy
    assert window.open(shared_draft)
    assert window.document.path == copy
    assert load_draft(copy).charter == load_draft(shared_draft).charter
    assert read_lock(copy).holder.name == "Sam Patel"  # type: ignore[union-attr]
    assert jane.is_ours()
    window.document.set_value(("partnership", "place"), "Sam's copy")
    assert window.save()
    assert load_draft(shared_draft).charter.partnership.place != "Sam's copy"


def test_cancel_at_the_lock_question_opens_nothing(window, shared_draft) -> None:
    DraftLock(shared_draft, "Jane Smith", "Leeds City Council").acquire()
    window.prompts.ask_locked = lambda *_: None
    assert window.open(shared_draft) is False
    assert window.document.path is None


def test_the_lock_goes_when_the_draft_closes_or_another_opens(window, shared_draft) -> None:
    other = shared_draft.with_name("other.charter")
    save_draft(load_starter("ics"), other)
    assert window.open(shared_draft)
    assert read_lock(shared_draft).holder.name == "Sam Patel"  # type: ignore[union-attr]
    assert window.lock_timer.isActive()
    assert window.open(shared_draft)  # opening it again keeps our own lock
    assert lock_path_for(shared_draft).exists()
    assert window.open(other)
    assert not lock_path_for(shared_draft).exists()
    assert lock_path_for(other).exists()
    assert window.close_draft()
    assert not lock_path_for(other).exists()
    assert not window.lock_timer.isActive()
    assert window.open(other)
    window.close()
    assert not lock_path_for(other).exists()


def test_a_take_over_is_noticed_at_the_next_refresh(window, shared_draft) -> None:
    assert window.open(shared_draft)
    DraftLock(shared_draft, "Jane Smith", "Leeds City Council").take_over()
    told: list[tuple[str, str]] = []
    window.prompts.show_error = lambda title, message: told.append((title, message))
    window.refresh_lock()
    assert told and told[0][0] == "Someone else has taken over this draft"
    assert told[0][1].startswith("Jane Smith (Leeds City Council) has taken over “wyvern.charter”")
    assert window.document.lock is None
    window.close_draft()
    assert read_lock(shared_draft).holder.name == "Jane Smith"  # type: ignore[union-attr]


def _someone_else_saves(path: Path, **changes: str) -> None:
    draft = load_draft(path)
    for field, value in changes.items():
        setattr(draft.charter.purpose, field, value)
    draft.history.record(draft.charter, "Jane Smith", "Leeds City Council")
    save_draft(draft, path)


def test_cancelling_a_refused_save_writes_nothing_and_records_nothing(
    window, shared_draft
) -> None:
    assert window.open(shared_draft)
    window.document.set_value(("purpose", "why"), "Because we are stronger together.")
    _someone_else_saves(shared_draft, how="Together, openly.")
    on_disk = shared_draft.read_bytes()
    revisions = len(window.document.draft.history)
    window.prompts.ask_changed_on_disk = lambda *_: None
    assert window.save() is False
    assert shared_draft.read_bytes() == on_disk
    assert len(window.document.draft.history) == revisions
    assert window.isWindowModified()
    assert "Not saved" in window.statusBar().currentMessage()


def test_the_real_changed_on_disk_question(window, shared_draft) -> None:
    assert window.open(shared_draft)
    window.document.set_value(("purpose", "why"), "Because we are stronger together.")
    _someone_else_saves(shared_draft, how="Together, openly.")
    seen: dict[str, object] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text() + "\n" + box.informativeText()
        seen["buttons"] = [b.text() for b in box.buttons()]
        SHOTS.mkdir(exist_ok=True)
        box.grab().save(str(SHOTS / "changed_on_disk.png"))
        next(b for b in box.buttons() if b.text() == "&Merge their changes").click()

    QTimer.singleShot(100, answer)
    assert window.save()
    text = str(seen["text"])
    assert "“wyvern.charter” has been changed by someone else since you opened it" in text
    assert "Jane Smith (Leeds City Council) saved it at" in text
    assert "nothing has been overwritten" in text
    assert sorted(seen["buttons"]) == ["&Merge their changes", "Cancel", "Save as a &copy…"]
    saved = load_draft(shared_draft).charter.purpose
    assert (saved.why, saved.how) == ("Because we are stronger together.", "Together, openly.")


def test_conflicts_are_decided_by_the_user_and_the_merge_can_be_undone(
    window, shared_draft
) -> None:
    assert window.open(shared_draft)
    window.document.set_value(("purpose", "why"), "Mine: we are stronger together.")
    _someone_else_saves(shared_draft, why="Theirs: nobody can do it alone.")
    window.prompts.ask_changed_on_disk = lambda *_: ChangedChoice.MERGE
    decided = []

    def decide(merge):
        decided.append([c.description for c in merge.result.conflicts])
        return merge.finish({0: merge.result.conflicts[0].theirs})

    window.prompts.resolve_conflicts = decide
    assert window.save()
    assert decided and len(decided[0]) == 1
    assert load_draft(shared_draft).charter.purpose.why == "Theirs: nobody can do it alone."
    assert "1 conflict decided by you" in window.statusBar().currentMessage()

    # The merge is one step in the undo history.
    window.menus.undo_action.trigger()
    assert window.document.charter.purpose.why == "Mine: we are stronger together."
    assert window.isWindowModified()


def test_cancelling_the_conflicts_saves_nothing(window, shared_draft) -> None:
    assert window.open(shared_draft)
    window.document.set_value(("purpose", "why"), "Mine.")
    _someone_else_saves(shared_draft, why="Theirs.")
    on_disk = shared_draft.read_bytes()
    window.prompts.ask_changed_on_disk = lambda *_: ChangedChoice.MERGE
    window.prompts.resolve_conflicts = lambda merge: None
    assert window.save() is False
    assert shared_draft.read_bytes() == on_disk
    assert window.document.charter.purpose.why == "Mine."


def test_merge_with_a_copy_brings_changes_in_without_saving(window, shared_draft) -> None:
    assert window.open(shared_draft)
    window.document.set_value(("purpose", "why"), "Mine: we are stronger together.")
    copy = shared_draft.with_name("copy.charter")
    theirs = load_draft(shared_draft)
    theirs.charter.purpose.how = "Openly, and as equals."
    theirs.charter.partnership.place = "Wyvern Vale"
    theirs.history.record(theirs.charter, "Jane Smith", "Leeds City Council")
    save_draft(theirs, copy)
    on_disk = shared_draft.read_bytes()
    window.prompts.ask_merge_path = lambda: copy
    assert window.menus.merge_action.text() == "&Merge with a Copy…"
    window.menus.merge_action.trigger()
    charter = window.document.charter
    assert charter.purpose.how == "Openly, and as equals."
    assert charter.purpose.why == "Mine: we are stronger together."
    assert window.statusBar().currentMessage().startswith("Merged ")
    assert "from copy.charter" in window.statusBar().currentMessage()
    assert shared_draft.read_bytes() == on_disk  # nothing saved yet
    window.menus.undo_action.trigger()
    assert window.document.charter.purpose.how != "Openly, and as equals."
    window.menus.redo_action.trigger()
    assert window.document.charter.purpose.how == "Openly, and as equals."
    # Merging with a copy is not a change on disk: saving goes straight through.
    asked = []
    window.prompts.ask_changed_on_disk = lambda *_: asked.append(True)
    assert window.save()
    assert not asked
    saved = load_draft(shared_draft)
    assert len(saved.history.revision(saved.history.head).parents) == 2  # type: ignore[arg-type]

"""Autosave and recovery: unsaved work survives a crash, and is offered back at the next start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from charter_builder.drafts.draft_file import dumps_draft, load_draft, save_draft
from charter_builder.drafts.draft_lock import lock_path_for, read_lock, stamp
from charter_builder.drafts.recovery import Recovery, RecoveryNote, RecoveryStore, new_recovery_id
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.autosave import Autosaver, recovery_folder
from charter_builder.gui.lock_dialog import ChangedChoice, LockChoice
from charter_builder.gui.pages.partnership import PartnershipPage
from charter_builder.gui.recovery_dialog import RecoveryChoice, RecoveryDialog
from gui.app_process import ROOT, AppProcess

SHOTS = Path("/tmp/shots")
Button = QMessageBox.StandardButton


@pytest.fixture
def saver(window) -> Autosaver:
    """The window's own autosaver, with short waits so tests take milliseconds, not seconds."""
    window.autosaver.debounce_ms = 50
    return window.autosaver


def copies(saver: Autosaver) -> list[str]:
    folder = saver.store.folder
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_recovery_folder_is_the_applications_own_data_folder(window, tmp_path) -> None:
    folder = recovery_folder()
    assert folder.name == "recovery"
    assert str(folder).startswith(os.environ["XDG_DATA_HOME"])  # never the real home
    assert window.autosaver.store.folder == folder


def test_typing_keeps_a_recovery_copy_and_saving_removes_it(window, saver, qtbot, tmp_path):
    target = tmp_path / "wyvern.charter"
    save_draft(load_starter("example"), target)
    assert window.open(target)
    assert copies(saver) == []
    page = window.wizard.pages[window.wizard.page_index(PartnershipPage)]
    window.wizard.go_to(window.wizard.page_index(PartnershipPage))
    page.place_edit.selectAll()
    with qtbot.waitSignal(saver.written, timeout=3000) as written:
        qtbot.keyClicks(page.place_edit, "Wyvern Vale and Borders")
    copy = written.args[0]
    assert copies(saver) == [copy.name, copy.with_suffix(".json").name]
    assert load_draft(copy).charter.partnership.place == "Wyvern Vale and Borders"
    note = RecoveryNote.from_json(copy.with_suffix(".json").read_bytes())
    assert note.original == target and note.display_name == "wyvern.charter"
    assert note.pid == os.getpid()
    # Our own window is still open: its copy is not offered to anyone.
    assert saver.store.left_behind() == []

    assert window.save()
    assert copies(saver) == []


def test_a_copy_is_written_at_least_once_a_minute_while_typing_goes_on(window, saver, qtbot):
    saver.debounce_ms, saver.max_wait_ms = 60_000, 300  # never a pause; the deadline decides
    window.new_from_starter("example")
    started = time.monotonic()
    with qtbot.waitSignal(saver.written, timeout=3000):
        for n in range(60):
            window.document.set_value(("partnership", "place"), f"Place {n}", merge=True)
            qtbot.wait(20)  # fixed: typing spread over time to test the debounce
    assert time.monotonic() - started < 2.5


def test_closing_without_saving_removes_the_copy(window, saver, qtbot) -> None:
    window.new_from_starter("ics")
    with qtbot.waitSignal(saver.written, timeout=3000):
        window.document.set_value(("partnership", "name"), "Wyvern Vale Partnership")
    assert copies(saver)
    window.prompts.ask_unsaved = lambda: Button.Discard
    assert window.close()
    assert copies(saver) == []


def test_closing_the_draft_or_undoing_to_the_saved_state_removes_the_copy(
    window, saver, qtbot, tmp_path
) -> None:
    target = tmp_path / "wyvern.charter"
    save_draft(load_starter("example"), target)
    assert window.open(target)
    with qtbot.waitSignal(saver.written, timeout=3000):
        window.document.set_value(("partnership", "name"), "Changed")
    window.document.undo_stack.undo()  # back to exactly what is saved: nothing to recover
    assert copies(saver) == []
    with qtbot.waitSignal(saver.written, timeout=3000):
        window.document.set_value(("partnership", "name"), "Changed again")
    window.prompts.ask_unsaved = lambda: Button.Discard
    assert window.close_draft()
    assert copies(saver) == []
    qtbot.wait(150)  # nothing comes back later either
    assert copies(saver) == []


def test_a_write_queued_before_a_save_never_brings_the_copy_back(window, saver, qtbot, tmp_path):
    window.new_from_starter("example")
    window.document.set_value(("partnership", "name"), "Wyvern Vale Partnership")
    saver.write_now()  # on the worker now...
    window.prompts.ask_save_path = lambda *_: tmp_path / "wyvern.charter"
    assert window.save()  # ...and removed by the save, whichever finishes first
    saver._pool.waitForDone(3000)
    qtbot.wait(100)  # fixed: proves no late write brings the copy back
    assert copies(saver) == []


def test_a_failed_write_is_told_once_in_the_status_bar(window, saver, qtbot, tmp_path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    saver.store = RecoveryStore(blocked / "recovery")
    window.new_from_starter("example")
    with qtbot.waitSignal(saver.failed, timeout=3000) as failed:
        window.document.set_value(("partnership", "name"), "Wyvern Vale Partnership")
    assert failed.args[0].startswith("Charter Builder could not keep a recovery copy")
    assert window.statusBar().currentMessage() == failed.args[0]


# -- restoring ----------------------------------------------------------------------------


def crashed_session(path: Path) -> int:
    """A Charter Builder that opened `path`, locked it, and was killed: its process id."""
    code = (
        "import os, sys; from charter_builder.drafts.draft_lock import DraftLock; "
        "DraftLock(sys.argv[1], 'Sam Patel', 'Wyvern County Council').acquire(); "
        "print(os.getpid())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        check=True, cwd=ROOT, capture_output=True, text=True,
    )
    return int(done.stdout)


def leave_recovery(store: RecoveryStore, draft, pid: int, original: Path | None) -> Recovery:
    note = RecoveryNote.for_this_process(
        original,
        original.name if original else "Untitled.charter",
        draft.charter.partnership.name,
        stamp=stamp(original) if original else None,
    )
    recovery_id = new_recovery_id()
    store.write(recovery_id, dumps_draft(draft), replace(note, pid=pid))
    [found] = [r for r in store.left_behind() if r.id == recovery_id]
    return found


def test_a_restored_draft_saves_to_its_original_and_merges_a_later_save(
    window, saver, tmp_path
) -> None:
    original = tmp_path / "shared" / "wyvern.charter"
    original.parent.mkdir()
    draft = load_starter("example")
    draft.history.record(draft.charter, "Priya Raman", "Healthwatch Wyvern Vale")
    save_draft(draft, original)
    pid = crashed_session(original)
    mine = load_draft(original)
    mine.charter.purpose.why = "Mine: because we are stronger together."
    leave_recovery(saver.store, mine, pid, original)

    # While Sam's computer was off, Jane saved the original.
    theirs = load_draft(original)
    theirs.charter.purpose.how = "Theirs: openly, and as equals."
    theirs.history.record(theirs.charter, "Jane Smith", "Leeds City Council")
    save_draft(theirs, original)

    offered: list[list[str]] = []
    window.prompts.ask_recover = lambda found: (
        offered.append([r.belongs_to() for r in found]) or RecoveryChoice(restore=found[0])
    )
    asked_lock: list[object] = []
    window.prompts.ask_locked = lambda *args: asked_lock.append(args)
    assert window.offer_recoveries()
    assert offered == [[f"wyvern.charter in {original.parent}"]]
    assert asked_lock == []  # the lock the crash left was our own: taken back quietly
    assert read_lock(original).holder.pid == os.getpid()  # type: ignore[union-attr]
    assert window.document.path == original
    assert window.document.charter.purpose.why == "Mine: because we are stronger together."
    assert window.isWindowModified()
    assert window.windowTitle() == "wyvern.charter[*] — Charter Builder"
    assert "Restored your unsaved changes to wyvern.charter" in (
        window.statusBar().currentMessage()
    )
    assert saver.store.left_behind() == []  # now this window's: not offered elsewhere

    merged: list[bool] = []
    window.prompts.ask_changed_on_disk = lambda *_: merged.append(True) or ChangedChoice.MERGE
    assert window.save()
    assert merged == [True]
    saved = load_draft(original).charter.purpose
    assert saved.why == "Mine: because we are stronger together."
    assert saved.how == "Theirs: openly, and as equals."
    assert copies(saver) == []
    window.close()
    assert not lock_path_for(original).exists()


def test_restoring_a_draft_someone_else_has_open_asks_as_opening_would(window, saver, tmp_path):
    original = tmp_path / "wyvern.charter"
    save_draft(load_starter("example"), original)
    mine = load_draft(original)
    mine.charter.partnership.place = "Restored place"
    pid = crashed_session(tmp_path / "elsewhere.charter")  # a dead process, not the holder
    found = leave_recovery(saver.store, mine, pid, original)
    from charter_builder.drafts.draft_lock import DraftLock

    jane = DraftLock(original, "Jane Smith", "Leeds City Council")
    jane.acquire()
    asked: list[str] = []
    window.prompts.ask_locked = (
        lambda locked, path: asked.append(locked.message) or LockChoice.READ_ONLY
    )
    assert window.restore_recovery(found)
    assert asked and asked[0].startswith("Jane Smith (Leeds City Council) has had this draft")
    assert window.document.read_only and window.document.path == original
    assert window.document.charter.partnership.place == "Restored place"
    assert jane.is_ours()


def test_restoring_a_new_draft_asks_where_to_save_it(window, saver, tmp_path) -> None:
    draft = load_starter("ics")
    draft.charter.partnership.name = "Wyvern Vale Partnership"
    found = leave_recovery(saver.store, draft, crashed_session(tmp_path / "x.charter"), None)
    assert found.belongs_to() == "a new draft not yet saved"
    assert window.restore_recovery(found)
    assert window.document.path is None and window.isWindowModified()
    suggested: list[str] = []
    target = tmp_path / "new.charter"
    window.prompts.ask_save_path = lambda _title, name, _filter: suggested.append(name) or target
    assert window.save()
    assert suggested == ["Wyvern Vale Partnership.charter"]
    assert load_draft(target).charter.partnership.name == "Wyvern Vale Partnership"
    assert copies(saver) == []


def test_a_damaged_copy_is_not_restored_and_the_user_is_told_plainly(window, saver, tmp_path):
    found = leave_recovery(
        saver.store, load_starter("example"), crashed_session(tmp_path / "x.charter"), None
    )
    found.draft_path.write_bytes(b"not a draft at all")
    told: list[tuple[str, str]] = []
    window.prompts.show_error = lambda title, message: told.append((title, message))
    window.prompts.ask_recover = lambda recoveries: RecoveryChoice(restore=recoveries[0])
    assert window.offer_recoveries() is False
    assert told == [(
        "The unsaved work could not be restored",
        "The recovery copy of “Untitled.charter” is damaged and could not be restored. "
        "Nothing has been changed; your last saved copy is as it was.",
    )]
    assert window.document.path is None and not window.isWindowModified()


def test_discarding_in_the_offer_removes_the_copy_and_decide_later_keeps_it(
    window, saver, tmp_path
) -> None:
    pid = crashed_session(tmp_path / "x.charter")
    keep = leave_recovery(saver.store, load_starter("example"), pid, None)
    window.prompts.ask_recover = lambda recoveries: RecoveryChoice()  # Decide later
    assert window.offer_recoveries() is False
    assert [r.id for r in saver.store.left_behind()] == [keep.id]
    window.prompts.ask_recover = lambda recoveries: RecoveryChoice(discard=list(recoveries))
    assert window.offer_recoveries() is False
    assert saver.store.left_behind() == []


def test_the_offer_says_what_each_copy_belongs_to_and_when(window, saver, qtbot, tmp_path):
    pid = crashed_session(tmp_path / "x.charter")
    new = load_starter("ics")
    new.charter.partnership.name = "Wyvern Vale Partnership"
    original = tmp_path / "North Wyvern" / "wyvern.charter"
    original.parent.mkdir()
    save_draft(load_starter("example"), original)
    leave_recovery(saver.store, new, pid, None)
    leave_recovery(saver.store, load_draft(original), pid, original)
    recoveries = saver.store.left_behind()

    dialog = RecoveryDialog(recoveries, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = "\n".join(label.text() for label in dialog.findChildren(QLabel))
    assert "A new draft not yet saved<br>Unsaved changes kept today at " in text
    assert "<b>Wyvern Vale Partnership</b>" in text
    assert f"wyvern.charter in {original.parent}<br>Unsaved changes kept today at " in text
    assert dialog.later_button.text() == "Decide &later"
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "recovery_dialog.png"))

    buttons = {b.accessibleName(): b for b in dialog.findChildren(QPushButton)}
    dialog.confirm_discard = lambda heading: False  # "Cancel": nothing happens
    buttons["Discard wyvern.charter"].click()
    assert dialog.choice.discard == [] and dialog.isVisible()
    dialog.confirm_discard = lambda heading: heading == "Wyvern Vale Partnership"
    buttons["Discard Wyvern Vale Partnership"].click()
    assert [r.note.title for r in dialog.choice.discard] == ["Wyvern Vale Partnership"]
    assert dialog.isVisible()
    restore = [
        b for b in dialog.findChildren(QPushButton)
        if b.objectName() == "restore" and b.isVisible()
    ]
    assert [b.accessibleName() for b in restore] == ["Restore wyvern.charter"]
    restore[0].click()
    assert not dialog.isVisible()
    assert dialog.choice.restore is not None
    assert dialog.choice.restore.note.original == original


# -- a real crash ---------------------------------------------------------------------------

#: Charter Builder in a process of its own, driven line by line, so the test can kill it.
APP_PROCESS = textwrap.dedent(
    """
    import json
    import sys
    from pathlib import Path

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from charter_builder.gui.app import configure_application

    app = QApplication(sys.argv[:1])
    configure_application(app)
    from charter_builder.gui import settings
    from charter_builder.gui.main_window import MainWindow
    from charter_builder.gui.recovery_dialog import RecoveryChoice

    settings.set_user_identity("Sam Patel", "Wyvern County Council")
    window = MainWindow()
    window.autosaver.debounce_ms = 300
    window.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    window.prompts.show_error = lambda title, message: print("error:", message, flush=True)
    window.prompts.ask_locked = lambda *_: print("asked about a lock", flush=True)
    window.autosaver.written.connect(lambda path: print("recovery written", flush=True))


    def offer(recoveries):
        for found in recoveries:
            print("offered:", json.dumps([found.belongs_to(), found.saved_when()]), flush=True)
        return RecoveryChoice(restore=recoveries[0])


    window.prompts.ask_recover = offer
    window.show()
    print("restored" if window.offer_recoveries() else "nothing to restore", flush=True)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "open":
            print("opened" if window.open(Path(argument)) else "not opened", flush=True)
        elif command == "set":
            path, value = json.loads(argument)
            window.document.set_value(tuple(path), value, merge=True)
            print("set", flush=True)
        elif command == "wait":  # let the autosaver's timers run until it has written
            loop = QEventLoop()
            window.autosaver.written.connect(loop.quit)
            QTimer.singleShot(8000, loop.quit)
            loop.exec()
        elif command == "show":
            print(json.dumps(window.document.charter.model_dump(mode="json")), flush=True)
        elif command == "save":
            print("saved" if window.save() else "not saved", flush=True)
        elif command == "quit":
            window.close()
            print("closed", flush=True)
            break
    """
)


def test_after_the_application_is_killed_the_next_start_offers_every_edit(tmp_path) -> None:
    script = tmp_path / "charter_builder_app.py"
    script.write_text(APP_PROCESS)
    home = tmp_path / "home"
    for sub in ("config", "data", "cache", "state"):
        (home / sub).mkdir(parents=True)
    original = tmp_path / "shared" / "wyvern.charter"
    original.parent.mkdir()
    save_draft(load_starter("example"), original)
    before = original.read_bytes()
    charter = load_draft(original).charter
    partner, principle = charter.partners[0], charter.principles[0]
    edits = [
        (["partnership", "name"], "Wyvern Vale Health and Care Partnership"),
        (["purpose", "vision"], "Everyone in Wyvern Vale lives a longer, healthier life."),
        (["partners", partner.id, "representative", "name"], "Dr Amira Okafor"),
        (["principles", principle.id, "title"], "We listen first"),
    ]

    first = AppProcess(script, home)
    try:
        assert first.answer() == "nothing to restore"
        assert first.ask(f"open {original}") == "opened"
        for path, value in edits:
            assert first.ask("set " + json.dumps([path, value])) == "set"
        assert first.ask("wait") == "recovery written"
    finally:
        first.kill()
    assert first.process.returncode == -9
    assert original.read_bytes() == before  # nothing was saved: only the recovery copy has it

    second = AppProcess(script, home)
    try:
        offered = second.answer()
        assert offered.startswith("offered: ")
        belongs, when = json.loads(offered.removeprefix("offered: "))
        assert belongs == f"wyvern.charter in {original.parent}"
        assert when.startswith("today at ")
        assert second.answer() == "restored"
        restored = json.loads(second.ask("show"))
        assert restored["partnership"]["name"] == "Wyvern Vale Health and Care Partnership"
        assert restored["purpose"]["vision"] == (
            "Everyone in Wyvern Vale lives a longer, healthier life."
        )
        assert restored["partners"][0]["representative"]["name"] == "Dr Amira Okafor"
        assert restored["principles"][0]["title"] == "We listen first"
        # Save writes to the original (the lock the crash left is taken back, unasked).
        assert second.ask("save") == "saved"
        saved = load_draft(original).charter
        assert saved.partnership.name == "Wyvern Vale Health and Care Partnership"
        assert saved.principles[0].title == "We listen first"
        assert second.ask("quit") == "closed"
    finally:
        second.kill()
    recovery = home / "data" / "Charter Builder" / "Charter Builder" / "recovery"
    assert list(recovery.iterdir()) == []
    assert not lock_path_for(original).exists()

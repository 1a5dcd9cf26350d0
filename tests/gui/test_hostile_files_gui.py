"""Hostile files in the window: a plain refusal, and the application stays up.

A pipe or a device opened as a draft once hung the window or flooded memory;
a pipe as the lock beside a draft, or in the recovery folder, hung it before it
showed; a recovery note with a date no calendar holds stopped it starting at
all, every time. Each case runs a real window in a process of its own (start-up
exactly as the application does it: the recovery offer, then opening), timed
and measured, so a hang or a flood fails the test instead of the machine.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

from bounded_run import MEGABYTES, SECONDS, Outcome, run_bounded

from charter_builder.drafts.draft_file import dumps_draft, save_draft
from charter_builder.drafts.draft_lock import lock_path_for
from charter_builder.drafts.recovery import RecoveryNote, RecoveryStore, new_recovery_id
from charter_builder.drafts.starters import load_starter
from gui.app_process import ROOT

BAD_TIME = "9999-12-31T23:59:59-23:59"

#: Start as run_app does (offer recovered work, then open), answering every question in print.
WINDOW = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from PySide6.QtWidgets import QApplication, QMessageBox

    from charter_builder.gui.app import configure_application

    app = QApplication(sys.argv[:1])
    configure_application(app)
    from charter_builder.gui import settings
    from charter_builder.gui.autosave import recovery_folder
    from charter_builder.gui.lock_dialog import LockChoice
    from charter_builder.gui.main_window import MainWindow
    from charter_builder.gui.recovery_dialog import RecoveryChoice

    settings.set_user_identity("Sam Patel", "Wyvern County Council")
    print("recovery folder:", recovery_folder(), flush=True)
    window = MainWindow()
    window.show()
    window.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    window.prompts.show_error = lambda title, message: print("error:", message, flush=True)

    def locked(state, path):
        print("locked:", state.message, flush=True)
        return LockChoice.TAKE_OVER

    def recover(found):
        print("offered:", len(found), flush=True)
        return RecoveryChoice()

    window.prompts.ask_locked = locked
    window.prompts.ask_recover = recover
    window.offer_recoveries()
    print("started", flush=True)
    for argument in sys.argv[1:]:
        print("opened" if window.open(Path(argument)) else "not opened", flush=True)
    app.processEvents()
    print("still up:", window.isVisible(), flush=True)
    """
)


def run_window(tmp_path: Path, *paths: Path, home: Path | None = None) -> Outcome:
    script = tmp_path / "window.py"
    script.write_text(WINDOW)
    home = home or tmp_path / "home"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "PYTHONPATH": str(ROOT),
    }
    return run_bounded([sys.executable, script, *paths], cwd=ROOT, env=env)


def stayed_up(outcome: Outcome) -> list[str]:
    """The window answered in time and within budget, and was still up at the end."""
    assert outcome.code == 0, str(outcome)
    assert outcome.seconds < SECONDS and outcome.peak_mb < MEGABYTES, str(outcome)
    assert "still up: True" in outcome.stdout, str(outcome)
    assert "Traceback" not in outcome.stderr, str(outcome)
    return outcome.stdout.splitlines()


def recovery_folder_of(tmp_path: Path) -> Path:
    """Where the window in `run_window` keeps recovery copies (it says so as it starts)."""
    outcome = run_window(tmp_path)
    line = next(line for line in stayed_up(outcome) if line.startswith("recovery folder: "))
    return Path(line.removeprefix("recovery folder: "))


def test_opening_a_pipe_or_a_device_is_refused_plainly_and_the_window_stays_up(tmp_path):
    pipe = tmp_path / "board papers.charter"
    os.mkfifo(pipe)
    link = tmp_path / "zeros.charter"
    link.symlink_to("/dev/zero")
    lines = stayed_up(run_window(tmp_path, pipe, Path("/dev/zero"), Path("/dev/urandom"), link))
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 4, lines
    assert "“board papers.charter” could not be opened" in errors[0]
    assert "pipe" in errors[0]
    assert all("device" in error for error in errors[1:]), errors
    assert lines.count("not opened") == 4


def test_a_draft_with_a_date_no_calendar_holds_is_refused_and_the_window_stays_up(tmp_path):
    draft = load_starter("example")
    draft.history.record(draft.charter, "Asha Patel", "Wyvern Vale ICB")
    path = tmp_path / "dated.charter"
    save_draft(draft, path)
    from robustness.fuzz_reader import build_zip, read_entries

    entries = read_entries(path.read_bytes())
    at = [name for name, _, _ in entries].index("history.json")
    history = json.loads(entries[at][1])
    history["revisions"][0]["time"] = BAD_TIME
    entries[at] = ("history.json", json.dumps(history).encode(), entries[at][2])
    path.write_bytes(build_zip(entries))
    lines = stayed_up(run_window(tmp_path, path))
    assert any(line.startswith("error:") and "damaged" in line for line in lines), lines


def test_a_pipe_as_the_lock_file_does_not_hang_opening(tmp_path):
    path = tmp_path / "shared.charter"
    save_draft(load_starter("example"), path)
    os.mkfifo(lock_path_for(path))
    lines = stayed_up(run_window(tmp_path, path))
    assert any(line.startswith("locked:") for line in lines), lines  # a stale lock, named
    assert "opened" in lines, lines  # taken over: the pipe replaced by a real lock


def test_a_lock_file_with_a_date_no_calendar_holds_is_treated_as_unreadable(tmp_path):
    path = tmp_path / "shared.charter"
    save_draft(load_starter("example"), path)
    record = {"name": "Jane", "organisation": "Leeds", "machine": "elsewhere", "pid": 1}
    lock_path_for(path).write_text(json.dumps({**record, "since": BAD_TIME}))
    lines = stayed_up(run_window(tmp_path, path))
    locked = [line for line in lines if line.startswith("locked:")]
    assert locked and "unreadable" in locked[0], lines
    assert "opened" in lines, lines


def _leave_recovery(folder: Path, *, saved_at: str | None = None) -> str:
    """A recovery copy a crashed session left (its process long gone), optionally spoilt."""
    store = RecoveryStore(folder)
    recovery_id = new_recovery_id()
    note = RecoveryNote.for_this_process(None, "Untitled.charter", "System charter")
    store.write(recovery_id, dumps_draft(load_starter("example")), note)
    note_path = folder / f"{recovery_id}.json"
    record = json.loads(note_path.read_bytes())
    record["pid"] = 0  # no process: left behind
    if saved_at is not None:
        record["saved_at"] = saved_at
    note_path.write_text(json.dumps(record))
    return recovery_id


def test_a_recovery_note_with_a_date_no_calendar_holds_does_not_stop_start_up(tmp_path):
    folder = recovery_folder_of(tmp_path)
    _leave_recovery(folder, saved_at=BAD_TIME)
    _leave_recovery(folder)  # a good copy beside it is still offered
    for _ in range(2):  # and again: it never becomes "every time"
        lines = stayed_up(run_window(tmp_path))
        assert "started" in lines and "offered: 1" in lines, lines


def test_pipes_in_the_recovery_folder_do_not_hang_start_up(tmp_path):
    folder = recovery_folder_of(tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / f"{new_recovery_id()}.json")
    piped_draft = _leave_recovery(folder)
    (folder / f"{piped_draft}.charter").unlink()
    os.mkfifo(folder / f"{piped_draft}.charter")
    lines = stayed_up(run_window(tmp_path))
    assert "started" in lines, lines

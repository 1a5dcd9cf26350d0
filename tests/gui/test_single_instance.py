"""One window per user: a second start hands its draft to the Charter Builder already open."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QApplication, QMessageBox

from charter_builder.drafts.draft_file import save_draft
from charter_builder.drafts.draft_lock import read_lock
from charter_builder.drafts.starters import load_starter
from charter_builder.gui import single_instance
from charter_builder.gui.app import open_from_another_start
from charter_builder.gui.single_instance import Outcome
from gui.app_process import ROOT, AppProcess, app_environment

#: The real `charter-builder` start (cli.main → run_app), plus a way to ask which windows
#: are on screen. Identity is set first so the first-start question does not wait on stdin.
FIRST_START = textwrap.dedent(
    """
    import json
    import sys

    from PySide6.QtCore import QSocketNotifier, QTimer
    from PySide6.QtWidgets import QApplication

    from charter_builder.gui import settings
    from charter_builder.gui.app import configure_application

    app = QApplication(sys.argv[:1])
    configure_application(app)
    settings.set_user_identity("Sam Patel", "Wyvern County Council")

    def answer():
        line = sys.stdin.readline().strip()
        if line == "windows":
            shown = [w.windowTitle() for w in app.topLevelWidgets() if w.isVisible()]
            print(json.dumps(shown), flush=True)
        elif line == "quit":
            for window in app.topLevelWidgets():
                window.close()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(answer)
    def ready():  # the window is up (the start-up card before it does not count)
        if any(type(w).__name__ == "MainWindow" and w.isVisible() for w in app.topLevelWidgets()):
            print("ready", flush=True)
        else:
            QTimer.singleShot(10, ready)

    QTimer.singleShot(0, ready)

    from charter_builder.cli import main

    sys.exit(main(sys.argv[1:]))
    """
)


@pytest.fixture
def runtime_dir(monkeypatch):
    """A private runtime folder, short enough for a socket path, removed afterwards.

    The sockets go there rather than in the shared temporary folder, so a test that
    ends a copy abruptly leaves nothing behind.
    """
    folder = tempfile.mkdtemp(prefix="cb-")  # mode 0700, as $XDG_RUNTIME_DIR must be
    monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
    # And the children's temporary files (the preview's), which a killed copy leaves.
    monkeypatch.setenv("TMPDIR", folder)
    yield Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


def second_start(home: Path, *args: Path) -> tuple[subprocess.CompletedProcess, float]:
    """`charter-builder [draft]` as a user starts it, with the same settings and data."""
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "charter_builder.cli", *map(str, args)],
        env=app_environment(home),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return done, time.monotonic() - began


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "drafts" / "wyvern.charter"
    path.parent.mkdir()
    save_draft(load_starter("example"), path)
    return path


def test_a_second_start_hands_its_draft_to_the_first_window(tmp_path, draft, runtime_dir):
    home = tmp_path / "home"
    script = tmp_path / "first.py"
    script.write_text(FIRST_START)
    first = AppProcess(script, home)
    try:
        assert first.answer(20) == "ready"
        (socket_file,) = runtime_dir.glob("charter-builder-*[!k]")  # not the .lock
        assert socket_file.is_socket()
        assert json.loads(first.ask("windows")) == ["Untitled.charter[*] — Charter Builder"]

        # Double-clicking the draft: the second start gives it away and leaves at once.
        done, took = second_start(home, draft)
        assert done.returncode == 0, done.stderr
        assert took < 10

        # The first window opened it, as File › Open would: it holds the draft's lock.
        deadline = time.monotonic() + 10
        while (state := read_lock(draft)) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert state is not None, "the first window never opened the draft"
        assert state.holder.pid == first.process.pid
        assert state.holder.name == "Sam Patel"
        assert json.loads(first.ask("windows")) == ["wyvern.charter[*] — Charter Builder"]

        # Starting it from the menu again (no draft) only brings that window forward.
        done, _took = second_start(home)
        assert done.returncode == 0, done.stderr
        assert json.loads(first.ask("windows")) == ["wyvern.charter[*] — Charter Builder"]
        logs = "".join(p.read_text() for p in home.rglob("*.log*") if p.is_file())
        assert "Another start asked for wyvern.charter" in logs

        # Closing the window frees the name: the next start is a first start again.
        first.tell("quit")
        assert first.process.wait(10) == 0
        assert not socket_file.exists()
    finally:
        first.kill()


def test_after_a_crash_the_next_start_opens_its_own_window(tmp_path, draft, runtime_dir):
    home = tmp_path / "home"
    script = tmp_path / "first.py"
    script.write_text(FIRST_START)
    crashed = AppProcess(script, home)
    assert crashed.answer(20) == "ready"
    crashed.kill()  # SIGKILL: no clean-up runs, the socket file stays
    (socket_file,) = runtime_dir.glob("charter-builder-*[!k]")
    assert socket_file.is_socket()

    again = AppProcess(script, home, draft)
    try:
        assert again.answer(20) == "ready"
        deadline = time.monotonic() + 10
        while (state := read_lock(draft)) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert state is not None and state.holder.pid == again.process.pid
        assert json.loads(again.ask("windows")) == ["wyvern.charter[*] — Charter Builder"]
    finally:
        again.kill()


def test_a_socket_left_by_a_crashed_copy_does_not_stop_the_next_start(qtbot, tmp_path):
    if sys.platform == "win32":
        pytest.skip("named pipes leave nothing behind")
    name = str(tmp_path / "cb")
    # What a killed copy leaves: a socket file nobody listens on.
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(name)
    dead.close()
    assert Path(name).exists()

    claimed = single_instance.claim(None, name)
    assert claimed.outcome is Outcome.LISTENING
    assert claimed.server is not None
    claimed.server.close()


def run_in_thread(qtbot, work):
    """A client's blocking calls, while this thread's event loop serves the first copy."""
    result: list = []
    thread = threading.Thread(target=lambda: result.append(work()))
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10000)
    return result[0]


def later_start(qtbot, name: str, path: Path | None) -> Outcome:
    """single_instance.claim in a process of its own, as a second start runs it."""
    code = (
        "import sys; from pathlib import Path; from charter_builder.gui import single_instance;"
        "p = Path(sys.argv[2]) if len(sys.argv) > 2 else None;"
        "print(single_instance.claim(p, sys.argv[1]).outcome.name)"
    )
    args = [sys.executable, "-c", code, name, *([str(path)] if path else [])]
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=15000)
    assert process.stdout is not None
    return Outcome[process.stdout.read().strip()]


def raw_client(name: str, message: bytes) -> bytes:
    """Whatever comes back to a client that sends `message` and waits half a second."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(name)
        client.settimeout(0.5)
        try:
            client.sendall(message)
            return client.recv(100)
        except (TimeoutError, ConnectionResetError, BrokenPipeError):
            return b""


def test_requests_reach_the_first_copy_one_event_loop_turn_later(qtbot, tmp_path):
    name = str(tmp_path / "cb")
    first = single_instance.claim(None, name)
    assert first.outcome is Outcome.LISTENING and first.server is not None
    try:
        opened: list[Path | None] = []
        # Requests that arrive before the window is ready wait for it.
        draft = tmp_path / "a b" / "Ünïcode draft.charter"
        assert later_start(qtbot, name, draft) is Outcome.HANDED_OVER
        qtbot.wait(50)  # fixed: proves nothing opens before the window is ready
        assert opened == []
        first.server.handle_with(opened.append)
        qtbot.waitUntil(lambda: opened == [draft])

        assert later_start(qtbot, name, None) is Outcome.HANDED_OVER
        qtbot.waitUntil(lambda: opened == [draft, None])
    finally:
        first.server.close()
    # Closed: the next start is the first again, and the socket file has gone.
    assert not Path(name).exists()
    again = single_instance.claim(None, name)
    assert again.outcome is Outcome.LISTENING
    again.server.close()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "message",
    [
        b'{"open": "relative/path.charter"}\n',
        b'{"open": "/etc/passwd", "run": "rm -rf"}\n',
        b'["open", "/x.charter"]\n',
        b"\xff\xfe not json\n",
        b'{"open": 42}\n',
    ],
)
def test_anything_but_a_request_is_ignored(qtbot, tmp_path, message):
    name = str(tmp_path / "cb")
    first = single_instance.claim(None, name)
    assert first.server is not None
    opened: list[Path | None] = []
    first.server.handle_with(opened.append)

    try:
        assert run_in_thread(qtbot, lambda: raw_client(name, message)) == b""
        qtbot.wait(100)  # fixed: proves a bad message opens nothing
        assert opened == []
    finally:
        first.server.close()


def test_an_overlong_request_is_dropped(qtbot, tmp_path):
    name = str(tmp_path / "cb")
    first = single_instance.claim(None, name)
    assert first.server is not None

    def send() -> bytes:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(name)
            client.settimeout(3)
            try:
                client.sendall(b"x" * (single_instance.MAX_MESSAGE * 4))
                return client.recv(100)  # b"": the first copy hung up
            except (ConnectionResetError, BrokenPipeError):
                return b""

    try:
        assert run_in_thread(qtbot, send) == b""
    finally:
        first.server.close()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to chown")
def test_a_socket_planted_by_another_user_is_never_trusted(tmp_path):
    """In a shared /tmp another user could listen first and swallow our drafts' paths."""
    name = str(tmp_path / "cb")
    planted = QLocalServer()
    assert planted.listen(name)
    os.chown(name, 65534, 65534)
    try:
        assert single_instance.claim(tmp_path / "x.charter", name).outcome is Outcome.ALONE
    finally:
        planted.close()


def test_the_user_and_the_data_folder_name_the_socket():
    a = single_instance.server_name("/home/sam/.local/share/Charter Builder")
    b = single_instance.server_name("/home/sam/tests/Charter Builder")
    assert a != b
    assert len(a) <= single_instance.MAX_SOCKET_PATH or not os.path.isabs(a)


def test_a_handed_draft_asks_about_unsaved_changes_as_open_does(window, draft):
    window.document.set_value(("partnership", "name"), "Unsaved work")
    asked: list[str] = []

    def cancel():
        asked.append("unsaved")
        return QMessageBox.StandardButton.Cancel

    window.prompts.ask_unsaved = cancel
    open_from_another_start(window, draft)
    assert asked == ["unsaved"]
    assert window.document.path is None  # the user's unsaved work is still in front of them

    window.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    open_from_another_start(window, draft)
    assert window.document.path == draft


def test_the_draft_already_open_is_not_read_again_over_unsaved_work(window, draft):
    window.prompts.ask_unsaved = lambda: pytest.fail("nothing to ask: it is the same draft")
    assert window.open(draft)
    window.document.set_value(("partnership", "name"), "Typed since it was opened")
    same = draft.parent / ".." / draft.parent.name / draft.name  # however it is spelt
    open_from_another_start(window, same)
    assert window.document.charter.partnership.name == "Typed since it was opened"
    assert window.statusBar().currentMessage() == "wyvern.charter is already open here."
    window.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Discard


def test_a_file_the_system_hands_over_is_opened_like_a_second_start(qtbot, tmp_path):
    """macOS passes a double-clicked file to the running application as an event."""
    app = QApplication.instance()
    opened: list[Path | None] = []
    requests = single_instance.FileOpenRequests(opened.append, app)
    app.installEventFilter(requests)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(tmp_path / "wyvern.charter")))
        qtbot.waitUntil(lambda: opened == [tmp_path / "wyvern.charter"])
    finally:
        app.removeEventFilter(requests)


def test_a_copy_that_never_answers_is_reported_not_waited_on_for_ever(tmp_path, monkeypatch):
    """A hung first copy: the second start says so instead of opening a rival window."""
    monkeypatch.setattr(single_instance, "REPLY_MS", 300)
    name = str(tmp_path / "cb")
    hung = QLocalServer()  # listening, but this thread never turns to answer it
    assert hung.listen(name)
    try:
        began = time.monotonic()
        assert single_instance.claim(tmp_path / "x.charter", name).outcome is (
            Outcome.NOT_ANSWERING
        )
        assert time.monotonic() - began < 3
    finally:
        hung.close()

"""One Charter Builder window per user: a second start hands its draft to the first.

Double-clicking a `.charter` file while Charter Builder is already open must not start a
second copy that fights the first over draft locks and recovery copies. So the first
copy listens on a local socket (a named pipe on Windows) whose name belongs to this user
and this data folder; a later start connects, sends the draft's path (or asks for the
window to come forward), waits for "ok" and exits without a window.

The protocol is one line of JSON each way: `{"open": "/abs/path.charter"}` or
`{"open": null}`, answered by `ok`. The first copy answers before it opens anything,
so the second copy never waits on a question the first copy asks its user.
"""

from __future__ import annotations

import enum
import getpass
import hashlib
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDir, QEvent, QLockFile, QObject, QStandardPaths, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

#: A request is a path and a little JSON; anything longer is not from Charter Builder.
MAX_MESSAGE = 64 * 1024
CONNECT_MS = 1000
#: How long a second start waits for the first to say it has the request.
REPLY_MS = 8000
#: Unix socket paths are limited to 107 bytes (sun_path); keep well inside.
MAX_SOCKET_PATH = 100
OK = b"ok\n"


class Outcome(enum.Enum):
    LISTENING = "listening"  # we are the first: serve later starts
    HANDED_OVER = "handed over"  # a running copy took the request: exit quietly
    NOT_ANSWERING = "not answering"  # a running copy accepted us but never replied
    ALONE = "alone"  # could not listen safely: carry on without, as before


@dataclass
class Claim:
    outcome: Outcome
    server: InstanceServer | None = None


def server_name(data_folder: str | None = None) -> str:
    """The socket's name for this user and data folder.

    The user's login name and a hash of the data folder (the one QSettings and the
    recovery copies use) keep two users on one computer, and each test's own settings,
    apart. On Unix the socket goes in the user's private runtime folder when there is one.
    """
    if data_folder is None:
        data_folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.AppDataLocation
        )
    user = _login_name()
    digest = hashlib.sha256(f"{user}\0{data_folder}".encode()).hexdigest()[:16]
    short = re.sub(r"[^A-Za-z0-9_.-]", "_", user)[:24] or "user"
    name = f"charter-builder-{short}-{digest}"
    if sys.platform == "win32":
        return name
    folder = _private_runtime_folder()
    if folder is not None and len(str(folder / name)) <= MAX_SOCKET_PATH:
        return str(folder / name)
    return name  # Qt puts it in the temporary folder


def claim(path: Path | None, name: str | None = None) -> Claim:
    """Hand `path` (None: just come forward) to a running copy, or become the one that runs.

    A lock file keeps two starts at the same moment from both deciding they are first;
    a socket file left by a copy that crashed is removed once nothing answers on it.
    """
    name = name or server_name()
    if not _trustworthy(name):
        log.warning("Another user owns %s: starting without the one-window check", name)
        return Claim(Outcome.ALONE)
    lock = QLockFile(_socket_path(name) + ".lock")
    lock.setStaleLockTime(0)  # stale only when its process has gone, never by age
    if not lock.tryLock(REPLY_MS + CONNECT_MS):
        log.warning("Could not take %s: starting without the one-window check", lock.fileName())
        return Claim(Outcome.ALONE)
    try:
        sent = send_request(name, path)
        if sent is not Outcome.ALONE:
            return Claim(sent)
        # Nobody answered: whatever socket file is there was left by a copy that crashed.
        QLocalServer.removeServer(name)
        server = InstanceServer(name)
        if not server.listening:
            return Claim(Outcome.ALONE)
        return Claim(Outcome.LISTENING, server)
    finally:
        lock.unlock()


def send_request(name: str, path: Path | None) -> Outcome:
    """HANDED_OVER if a running copy took the request; ALONE if none is running."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return Outcome.ALONE
    message = {"open": os.path.abspath(path) if path is not None else None}
    socket.write(json.dumps(message).encode() + b"\n")
    socket.flush()
    _allow_first_copy_to_come_forward()
    reply = b""
    while OK not in reply and socket.waitForReadyRead(REPLY_MS):
        reply += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    if OK in reply:
        return Outcome.HANDED_OVER
    log.warning("Charter Builder is running but did not answer")
    return Outcome.NOT_ANSWERING


class InstanceServer(QObject):
    """The first copy's listening end: passes each request on, one event-loop turn later."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        # Only this user may connect (the socket file's, or the pipe's, permissions).
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.listening = self.server.listen(name)
        if not self.listening:
            log.warning("Could not listen on %s: %s", name, self.server.errorString())
        self.server.newConnection.connect(self._accept)
        self._handler: Callable[[Path | None], None] | None = None
        self._waiting: list[Path | None] = []
        self._buffers: dict[QLocalSocket, bytes] = {}

    def handle_with(self, handler: Callable[[Path | None], None]) -> None:
        """Who opens requests from now on; any that came during start-up go to it too."""
        self._handler = handler
        waiting, self._waiting = self._waiting, []
        for path in waiting:
            self._deliver(path)

    def close(self) -> None:
        """Stop listening and remove the socket file, so the next start is the first."""
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:
            return
        data = self._buffers[socket] + bytes(socket.readAll().data())
        if b"\n" not in data:
            if len(data) > MAX_MESSAGE:
                self._forget_now(socket)
            else:
                self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        request = _parse(line)
        if request is None:
            log.warning("Ignored a request that was not from Charter Builder")
            self._forget_now(socket)
            return
        socket.write(OK)
        socket.flush()
        self._buffers.pop(socket, None)
        path = request[0]
        log.info("Another start asked for %s", path.name if path else "this window")
        # Queued: this handler returns at once, and Open's questions come after.
        QTimer.singleShot(0, lambda: self._deliver(path))

    def _forget_now(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.abort()

    def _deliver(self, path: Path | None) -> None:
        if self._handler is None:
            self._waiting.append(path)
        else:
            self._handler(path)


class FileOpenRequests(QObject):
    """macOS hands a double-clicked file to the running application as a FileOpen event.

    There the system, not our socket, keeps to one copy: the event goes the same way as
    a request from another start.
    """

    def __init__(self, handler: Callable[[Path | None], None], parent: QObject) -> None:
        super().__init__(parent)
        self._handler = handler

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            name = event.file()
            if name:
                path = Path(name)
                QTimer.singleShot(0, lambda: self._handler(path))
                return True
        return super().eventFilter(watched, event)


def _parse(line: bytes) -> tuple[Path | None] | None:
    """(the draft's path, or None to come forward), or None for anything else."""
    if len(line) > MAX_MESSAGE:
        return None
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(message, dict) or set(message) != {"open"}:
        return None
    value = message["open"]
    if value is None:
        return (None,)
    if not isinstance(value, str) or "\0" in value or not os.path.isabs(value):
        return None
    return (Path(value),)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in the environment: the user id still separates users
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def _private_runtime_folder() -> Path | None:
    """$XDG_RUNTIME_DIR when it is a folder only this user can enter."""
    value = os.environ.get("XDG_RUNTIME_DIR")
    if not value:
        return None
    try:
        info = os.stat(value)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return Path(value)


def _socket_path(name: str) -> str:
    """Where the socket file is (Unix), or where the start-up lock goes (Windows)."""
    if os.path.isabs(name):
        return name
    return str(Path(QDir.tempPath()) / name)


def _trustworthy(name: str) -> bool:
    """False if someone else put a file where our socket goes (a shared /tmp on Unix).

    Connecting to it would send them our draft's path and leave us without a window.
    """
    if sys.platform == "win32":
        return True
    for candidate in (_socket_path(name), _socket_path(name) + ".lock"):
        try:
            info = os.lstat(candidate)
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if info.st_uid != os.getuid():
            return False
    return True


def _allow_first_copy_to_come_forward() -> None:
    """Windows lets only the foreground program bring another window forward: let it."""
    if sys.platform != "win32":
        return
    try:
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
    except (AttributeError, OSError):
        pass

"""What the application remembers between sessions, in QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


def _settings() -> QSettings:
    return QSettings()


def user_identity() -> tuple[str, str]:
    """The user's name and organisation, recorded against their edits later."""
    s = _settings()
    return str(s.value("user/name", "") or ""), str(s.value("user/organisation", "") or "")


def set_user_identity(name: str, organisation: str) -> None:
    s = _settings()
    s.setValue("user/name", name.strip())
    s.setValue("user/organisation", organisation.strip())


def recent_files() -> list[Path]:
    value = _settings().value("recent/files", []) or []
    if isinstance(value, str):
        value = [value]
    return [Path(v) for v in value if v]


def add_recent_file(path: Path) -> None:
    path = path.resolve()
    files = [p for p in recent_files() if p != path]
    _settings().setValue("recent/files", [str(p) for p in [path, *files][:MAX_RECENT]])


def remove_recent_file(path: Path) -> None:
    files = [p for p in recent_files() if p != path.resolve() and p != path]
    _settings().setValue("recent/files", [str(p) for p in files])


def window_geometry() -> QByteArray | None:
    value = _settings().value("window/geometry")
    return value if isinstance(value, QByteArray) else None


def set_window_geometry(geometry: QByteArray) -> None:
    _settings().setValue("window/geometry", geometry)


def last_folder() -> str:
    return str(_settings().value("files/lastFolder", "") or "")


def set_last_folder(path: Path) -> None:
    _settings().setValue("files/lastFolder", str(path.parent))

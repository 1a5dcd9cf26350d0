"""Shared test set-up: every test runs offscreen and with its own settings folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path_factory, monkeypatch):
    """Each test gets empty settings and data folders, never the developer's own."""
    home = tmp_path_factory.mktemp("home")
    for variable, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(variable, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    try:
        from PySide6.QtCore import QCoreApplication, QSettings
    except ImportError:  # the core tests do not need Qt
        return home
    QCoreApplication.setOrganizationName("Charter Builder Tests")
    QCoreApplication.setApplicationName("Charter Builder")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "config"))
    return home

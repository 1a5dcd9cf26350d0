"""A main window as a board secretary meets it: named user, real pages, real core."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from charter_builder.gui import settings


@pytest.fixture
def window(qtbot):
    from charter_builder.gui.app import configure_application
    from charter_builder.gui.main_window import MainWindow

    configure_application(qtbot_app())
    settings.set_user_identity("Sam Patel", "Wyvern County Council")
    win = MainWindow()
    win.show()
    qtbot.waitExposed(win)
    yield win
    # The test is over: whatever it left unsaved is not a user's work.
    win.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    win.close()
    win.deleteLater()


def qtbot_app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


@pytest.fixture(autouse=True)
def no_sync_copy_dialogs(monkeypatch):
    """Windows under test answer "Not now" to a sync copy beside the draft.

    Many tests keep several copies of one draft in a folder; the real question is
    modal and would wait for a click. Tests of the offer answer it themselves.
    """
    from charter_builder.gui.prompts import QtPrompts

    monkeypatch.setattr(QtPrompts, "ask_merge_copy", lambda self, path, new: False)
    monkeypatch.setattr(QtPrompts, "tell_sync_folder", lambda self, client, message: None)

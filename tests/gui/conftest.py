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

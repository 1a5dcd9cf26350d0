"""An error nobody foresaw: the log records it, one dialog offers to save a copy.

These tests install the hook exactly as the application does and provoke real
errors from the event loop and from a thread. pytest-qt's own exception capture
is switched off for them (it would fail the test instead of letting our hook
see the error).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from charter_builder.drafts.draft_file import load_draft
from charter_builder.gui import settings
from charter_builder.gui.error_dialog import BODY, HEADING, UnexpectedErrorDialog
from charter_builder.logging_setup import LOG_FILE_NAME, stop_logging, user_log_folder

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def window(qtbot):
    from charter_builder.gui.app import configure_application
    from charter_builder.gui.main_window import MainWindow

    configure_application(QApplication.instance())
    settings.set_user_identity("Sam Patel", "Wyvern County Council")
    win = MainWindow()
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    win.close()
    win.deleteLater()


@pytest.fixture
def reporter(qtbot, tmp_path):
    """The application's error handling, logging into a folder of the test's own."""
    from charter_builder.gui.app import install_error_handling

    root_level = logging.getLogger().level
    installed = install_error_handling(QApplication.instance(), tmp_path / "logs")
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()
    installed.deleteLater()
    stop_logging()
    logging.getLogger().setLevel(root_level)


def fail_later(message: str) -> None:
    """An error in a slot, as a bug in the window would raise it."""

    def broken_slot() -> None:
        raise RuntimeError(message)

    QTimer.singleShot(0, broken_slot)


def log_text(reporter) -> str:
    return reporter.log_file.read_text(encoding="utf-8")


def visible_error_dialogs() -> list[UnexpectedErrorDialog]:
    return [
        w for w in QApplication.topLevelWidgets()
        if isinstance(w, UnexpectedErrorDialog) and w.isVisible()
    ]


def shown_dialog(qtbot, reporter) -> UnexpectedErrorDialog:
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    return reporter.dialog


def test_an_unforeseen_error_is_logged_and_offers_to_save_a_copy(
    window, reporter, qtbot, tmp_path
) -> None:
    window.new_from_starter("example")
    window.document.set_value(("partnership", "name"), "Wyvern Vale Partnership")

    fail_later("the frobnicator failed")
    dialog = shown_dialog(qtbot, reporter)

    assert QApplication.activeModalWidget() is dialog
    assert dialog.heading.text() == HEADING
    assert dialog.body.text() == BODY
    assert str(reporter.log_file) in dialog.log_label.text()
    assert dialog.log_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    # No traceback in sight; the type and message wait behind "Details".
    assert "Traceback" not in dialog.body.text() + dialog.log_label.text()
    assert not dialog.details.isVisible()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.details.isVisible()
    assert dialog.details.text() == "RuntimeError: the frobnicator failed"

    logged = log_text(reporter)
    assert "CRITICAL" in logged and "unexpected error" in logged
    assert "Traceback (most recent call last)" in logged
    assert "in broken_slot" in logged
    assert "RuntimeError: the frobnicator failed" in logged

    # The same error again while the dialog is open: logged, but no second dialog.
    fail_later("the frobnicator failed again")
    qtbot.waitUntil(lambda: "failed again" in log_text(reporter))
    qtbot.wait(50)  # fixed: proves no second dialog appears
    assert visible_error_dialogs() == [dialog]
    assert reporter.dialog is dialog

    target = tmp_path / "safe copy"
    asked = []
    dialog.ask_copy_path = lambda suggested: asked.append(suggested) or target
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].endswith("Untitled (copy).charter")
    saved = target.with_name("safe copy.charter")
    assert load_draft(saved).charter.partnership.name == "Wyvern Vale Partnership"
    assert str(saved) in dialog.outcome.text() and dialog.outcome.isVisible()
    # The window still has its unsaved, unnamed draft: the copy is only a copy.
    assert window.document.path is None
    assert window.document.is_modified
    assert window.windowTitle().startswith("Wyvern Vale Partnership (not saved)")

    opened = []
    dialog.open_folder = lambda folder: opened.append(folder) or True
    qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    assert opened == [tmp_path / "logs"]
    assert (tmp_path / "logs" / LOG_FILE_NAME).exists()

    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reporter.dialog is None)
    assert visible_error_dialogs() == []
    assert window.document.charter.partnership.name == "Wyvern Vale Partnership"


def test_a_copy_leaves_the_open_file_its_lock_and_saved_state_alone(
    window, reporter, qtbot, tmp_path
) -> None:
    own = tmp_path / "wyvern.charter"
    window.new_from_starter("example")
    window.prompts.ask_save_path = lambda *_: own
    assert window.save()
    lock = window.document.lock
    window.document.set_value(("partnership", "name"), "Renamed since saving")

    fail_later("boom")
    dialog = shown_dialog(qtbot, reporter)

    # Its own file is not a copy: refused in plain words, nothing written.
    before = own.read_bytes()
    dialog.ask_copy_path = lambda _suggested: own
    assert not dialog.save_copy()
    assert "draft's own file" in dialog.outcome.text()
    assert own.read_bytes() == before

    # A folder that is not there: the copy fails, and the dialog says so plainly.
    dialog.ask_copy_path = lambda _suggested: tmp_path / "no such folder" / "copy.charter"
    assert not dialog.save_copy()
    assert dialog.outcome.text().startswith("The copy was not saved.")
    assert "Traceback" not in dialog.outcome.text() and "Errno" not in dialog.outcome.text()

    copy = tmp_path / "wyvern copy.charter"
    dialog.ask_copy_path = lambda suggested: copy
    assert dialog.save_copy()
    assert load_draft(copy).charter.partnership.name == "Renamed since saving"
    assert load_draft(own).charter.partnership.name != "Renamed since saving"
    assert window.document.path == own
    assert window.document.lock is lock
    assert window.document.is_modified
    # And the window can still save its own file afterwards, as if nothing happened.
    assert window.save()
    assert load_draft(own).charter.partnership.name == "Renamed since saving"


def test_an_error_in_a_worker_thread_shows_the_dialog_too(window, reporter, qtbot) -> None:
    def work() -> None:
        raise ValueError("the worker tripped")

    worker = threading.Thread(target=work, name="PDF worker")
    worker.start()
    worker.join()
    dialog = shown_dialog(qtbot, reporter)
    assert dialog.details.text() == "ValueError: the worker tripped"
    logged = log_text(reporter)
    assert "unexpected error in PDF worker" in logged
    assert "ValueError: the worker tripped" in logged


def test_errors_straight_after_the_dialog_closes_only_go_to_the_log(
    window, reporter, qtbot
) -> None:
    fail_later("first")
    shown_dialog(qtbot, reporter).accept()
    qtbot.waitUntil(lambda: reporter.dialog is None)

    fail_later("second, in a loop")
    qtbot.waitUntil(lambda: "second, in a loop" in log_text(reporter))
    qtbot.wait(50)  # fixed: proves no dialog appears while quiet
    assert visible_error_dialogs() == []

    reporter.quiet_seconds = 0  # later on, a new error is shown again
    fail_later("much later")
    assert shown_dialog(qtbot, reporter).details.text() == "RuntimeError: much later"


def test_without_an_open_window_saving_a_copy_is_not_offered(reporter, qtbot) -> None:
    fail_later("before any window")
    dialog = shown_dialog(qtbot, reporter)
    assert not dialog.save_button.isEnabled()
    assert dialog.continue_button.isEnabled()


def test_the_wizard_and_the_command_line_log_to_the_same_folder(qtbot) -> None:
    from charter_builder.gui.app import configure_application, log_folder

    configure_application(QApplication.instance())
    assert log_folder() == user_log_folder()
    assert Path(log_folder()).parts[-3:] == ("Charter Builder", "Charter Builder", "logs")

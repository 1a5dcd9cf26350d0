"""The start-up card: on screen before the slow part of starting, gone once the window is."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QApplication, QMainWindow

from charter_builder.gui.start_screen import show_start_screen


def test_the_card_shows_until_the_window_is_up(qtbot) -> None:
    app = QApplication.instance()
    card = show_start_screen(app)
    assert card.isVisible()
    picture = card.grab().toImage()
    assert picture.width() >= 400 and picture.height() >= 180

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    card.close()  # as run_app does once its window is shown

    assert not card.isVisible() and window.isVisible()


def test_what_runs_before_the_card_loads_neither_the_model_nor_the_steps() -> None:
    """Everything run_app imports before showing the card: Qt, settings, style, one-window."""
    probe = (
        "import sys; import charter_builder.cli, charter_builder.gui.app; "
        "print(sorted(m for m in ('pydantic', 'charter_builder.charter.model', 'weasyprint', "
        "'charter_builder.gui.main_window', 'charter_builder.drafts.draft_file') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

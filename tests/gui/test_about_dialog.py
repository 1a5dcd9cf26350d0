"""Help › About: the versions support asks for, and the third-party notices."""

from __future__ import annotations

import importlib.metadata as metadata
import platform
import sys

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QApplication, QLabel

from charter_builder import __version__
from charter_builder.gui.about_dialog import AboutDialog, NoticesDialog
from charter_builder.paths import resources_dir


def shown_text(dialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def about_from_the_menu(window, qtbot) -> AboutDialog:
    action = next(a for a in window.menuBar().actions() if a.text() == "&Help")
    about = next(a for a in action.menu().actions() if "About" in a.text())
    about.trigger()
    dialog = window.about_dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_about_names_each_library_and_its_version(window, qtbot):
    dialog = about_from_the_menu(window, qtbot)
    text = shown_text(dialog)
    assert f"Charter Builder {__version__}" in text
    for name, version in [
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", metadata.version("PySide6")),
        ("WeasyPrint", metadata.version("weasyprint")),
        ("pyHanko", metadata.version("pyhanko")),
    ]:
        assert f"<td>{name}</td><td style='padding-left:16px'>{version}</td>" in text
    dialog.grab().save("/tmp/about.png")  # to look at as a user would

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text().splitlines()
    assert copied[0] == f"Charter Builder {__version__}"
    assert f"pyHanko {metadata.version('pyhanko')}" in copied
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_the_notices_button_shows_the_notices(window, qtbot):
    dialog = about_from_the_menu(window, qtbot)
    qtbot.mouseClick(dialog.notices_button, Qt.MouseButton.LeftButton)
    notices = dialog.notices_dialog
    assert isinstance(notices, NoticesDialog)
    qtbot.waitExposed(notices)
    text = notices.text.toPlainText()
    assert text.startswith(f"Third-party notices for Charter Builder {__version__}")
    assert f"\nPySide6 {metadata.version('PySide6')}\n" in text
    assert f"\nweasyprint {metadata.version('weasyprint')}\n" in text
    ofl = (resources_dir() / "fonts" / "OFL.txt").read_text(encoding="utf-8").strip()
    assert ofl in text
    assert notices.text.isReadOnly()
    notices.grab().save("/tmp/notices.png")


def test_the_packaged_application_shows_the_notices_file_it_carries(
    window, qtbot, tmp_path, monkeypatch
):
    """Frozen, the distributions cannot be walked: the file the build wrote is shown."""
    bundle = tmp_path / "_internal"
    bundle.mkdir()
    (bundle / "THIRD_PARTY_NOTICES.txt").write_text("Notices written by the build\n")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    dialog = about_from_the_menu(window, qtbot)
    qtbot.mouseClick(dialog.notices_button, Qt.MouseButton.LeftButton)
    assert dialog.notices_dialog.text.toPlainText() == "Notices written by the build\n"
    assert str(bundle / "THIRD_PARTY_NOTICES.txt") in shown_text(dialog.notices_dialog)

"""Save a screenshot of every wizard step, filled with the worked example, and the spelling menu.

Run with `make screenshots`; the PNGs land in docs/screenshots/ and the
README shows them. Offscreen, so it needs no display.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QRect, QSettings
from PySide6.QtGui import QPainter, QTextCursor
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parent / "screenshots"


def wait(app: QApplication, ms: int) -> None:
    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < ms:
        app.processEvents()


def sign_two_partners(window) -> None:
    """Show sign-off under way: one typed signature, one drawn, the rest to come."""
    import math

    from charter_builder.charter.model import SignatureMethod

    page = window.sign_off
    from PySide6.QtCore import QDate

    page.partners.setCurrentRow(0)
    page.meeting_date.setDate(QDate.currentDate().addDays(-9))
    page.minute_reference.setText("ICB 26/141")
    page.method_buttons[SignatureMethod.TYPED].setChecked(True)
    page.sign_current()
    page.partners.setCurrentRow(1)
    page.meeting_date.setDate(QDate.currentDate().addDays(-4))
    page.minute_reference.setText("TB/26/88")
    page.method_buttons[SignatureMethod.DRAWN].setChecked(True)
    wave = [v for i in range(80) for v in (60 + i * 10, 200 + 70 * math.sin(i / 5))]
    page.pad.set_strokes([wave])
    page.sign_current()


def spelling_picture(app: QApplication, window) -> None:
    """The Vision box with a misspelling underlined and its menu open, as a user sees it."""
    from charter_builder.gui import spelling
    from charter_builder.gui.pages.purpose import PurposePage

    index = window.wizard.page_index(PurposePage)
    window.wizard.go_to(index)
    wait(app, 200)
    edit = window.wizard.pages[index].vision_edit
    edit.setFocus()
    cursor = edit.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    edit.setTextCursor(cursor)
    edit.insertPlainText(" Every partner will recieve the same data.")
    wait(app, 400)
    at = QTextCursor(edit.document())
    at.setPosition(edit.toPlainText().index("recieve") + 3)
    point = edit.cursorRect(at).bottomLeft()
    menu = spelling.context_menu(edit, point)
    menu.popup(edit.viewport().mapToGlobal(point))
    wait(app, 300)
    picture = window.grab()
    painter = QPainter(picture)
    painter.drawPixmap(window.mapFromGlobal(menu.pos()), menu.grab())
    painter.end()
    menu.close()
    window.document.undo_stack.undo()
    area = QRect(270, 130, window.width() - 270, 420)
    path = OUT / "12-spelling.png"
    picture.copy(area).save(str(path))
    print(f"saved {path.relative_to(OUT.parent.parent)}")


def main() -> int:
    app = QApplication(sys.argv[:1])
    from charter_builder.gui.app import configure_application
    from charter_builder.gui.main_window import MainWindow
    from charter_builder.gui.settings import set_user_identity

    configure_application(app)
    # Keep the developer's own settings out of the pictures.
    QCoreApplication.setOrganizationName("Charter Builder Screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="cb-shots")
    )
    set_user_identity("Sam Patel", "Wyvern County Council")

    window = MainWindow()
    window.resize(1280, 860)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("0[0-9]-*.png"):  # the steps; other pictures are kept
        old.unlink()
    window.new_from_starter("example")
    # A folder like a board secretary's, not a temporary one, for the recent drafts list.
    papers = Path.home() / "Documents" / "Partnership board papers"
    created = not papers.exists()
    papers.mkdir(parents=True, exist_ok=True)
    try:
        window.files.save_to(papers / "Wyvern Vale charter.charter")
        for index, page in enumerate(window.wizard.pages):
            window.wizard.go_to(index)
            if page is window.sign_off:
                sign_two_partners(window)
            if page is window.review:
                window.review.refresh_preview()
                deadline = QElapsedTimer()
                deadline.start()
                while window.review.pdf.pageCount() == 0 and deadline.elapsed() < 60_000:
                    wait(app, 100)
            wait(app, 300)
            slug = re.sub(r"[^a-z]+", "-", page.title.lower()).strip("-")
            path = OUT / f"{index:02d}-{slug}.png"
            window.grab().save(str(path))
            print(f"saved {path.relative_to(OUT.parent.parent)}")
        spelling_picture(app, window)
        window.document.undo_stack.setClean()
        window.render_service.shutdown()
    finally:
        if created:
            shutil.rmtree(papers, ignore_errors=True)
        else:
            (papers / "Wyvern Vale charter.charter").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

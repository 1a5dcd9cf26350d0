"""One keystroke session, in a fresh interpreter: typing in the Vision box of a large charter.

``python -m benchmarks.keystroke_child DRAFT.charter RESULT.json KEYS``

Starts Charter Builder's real window (configure_application, MainWindow),
opens the draft with File > Open's own method, then visits every step so that
each is built (steps are built when first shown) and every listener of the
document is connected, as after a session in which the user has looked at all
of them. It then goes to the Shared purpose step and types in the Vision box.

Each keystroke is timed from sending the key event until the document's
``changed`` handling is done and the pending events are processed. Keys
alternate: a letter, then Backspace, so the text keeps its length.

Baseline, in the same process and alternating key for key: the same
keystroke in a plain QPlainTextEdit holding the same text, with nothing
connected to it.

Writes the samples in milliseconds as JSON to RESULT.json.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

#: Keys typed before the clock starts (first-use costs: fonts, caches).
WARM_UP = 10


def _key(app: QApplication, edit: QPlainTextEdit, number: int) -> float:
    """Milliseconds for one keystroke in `edit`, its handling and the events it left pending."""
    key = Qt.Key.Key_A if number % 2 == 0 else Qt.Key.Key_Backspace
    started = time.perf_counter()
    QTest.keyClick(edit, key)
    app.processEvents()
    return (time.perf_counter() - started) * 1000


def _at_end(edit: QPlainTextEdit) -> None:
    edit.setFocus()
    edit.moveCursor(QTextCursor.MoveOperation.End)


def main(draft: Path, result: Path, keys: int) -> int:
    app = QApplication(sys.argv[:1])
    from charter_builder.gui.app import configure_application, ensure_identity
    from charter_builder.gui.main_window import MainWindow
    from charter_builder.gui.pages.purpose import PurposePage

    configure_application(app)
    window = MainWindow()
    window.show()
    if not ensure_identity(window):
        raise RuntimeError("the identity prompt would have blocked")
    window.prompts.show_error = lambda title, message: print(title, message, file=sys.stderr)
    if not window.open(draft):
        raise RuntimeError(f"could not open {draft}")
    wizard = window.wizard
    for index in range(len(wizard.pages)):  # build every step, as a user visiting each would
        wizard.go_to(index)
        app.processEvents()
    wizard.go_to(wizard.page_index(PurposePage))
    app.processEvents()
    page = wizard.current_page()
    assert isinstance(page, PurposePage)
    vision = page.vision_edit
    built = sum(wizard.pages.built(i) is not None for i in range(len(wizard.pages)))

    plain = QPlainTextEdit()  # the baseline: the same text, nothing connected
    plain.setPlainText(vision.toPlainText())
    plain.resize(vision.size())
    plain.show()

    ours: list[float] = []
    baseline: list[float] = []
    for number in range(WARM_UP + keys):
        _at_end(vision)
        mine = _key(app, vision, number)
        _at_end(plain)
        base = _key(app, plain, number)
        if number >= WARM_UP:
            ours.append(mine)
            baseline.append(base)
    report = {
        "keystroke_ms": ours,
        "baseline_ms": baseline,
        "steps_built": built,
        "partners": len(window.document.charter.partners),
    }
    result.write_text(json.dumps(report))
    window.document.release_lock()
    window.render_service.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))

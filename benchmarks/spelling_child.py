"""One spelling session (python -m benchmarks.spelling_child RESULT KEYS).

A GrowingProseEdit (the Vision box's kind) holding 5,000 words in one paragraph (the
worst case: QSyntaxHighlighter checks the whole paragraph a key lands in), with the
spelling check on; each key is paired with the same key in the same box with the
check taken off. Also the dictionary's load and the first check of the whole box.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

PROSE = (
    "Partners will work together to improve wellbeing and reduce inequalities for "
    "residents of Wyvern Vale, sharing data, colour and responsibility across the ICB "
    "and the council's neighbourhood programme. "
)


def _key(app: QApplication, edit, number: int) -> float:
    key = Qt.Key.Key_A if number % 2 == 0 else Qt.Key.Key_Backspace
    started = time.perf_counter()
    QTest.keyClick(edit, key)
    app.processEvents()
    return (time.perf_counter() - started) * 1000


def main(result: Path, keys: int) -> int:
    app = QApplication(sys.argv[:1])
    from charter_builder.charter import spelling as core
    from charter_builder.gui.widgets import GrowingProseEdit

    started = time.perf_counter()
    core.preload()
    load_ms = (time.perf_counter() - started) * 1000
    words = PROSE.split()
    text = " ".join(words[i % len(words)] for i in range(5000))
    checked, plain = GrowingProseEdit(lines=4), GrowingProseEdit(lines=4)
    plain.spelling.setDocument(None)  # the same box with the check taken off
    for edit in (checked, plain):
        edit.resize(800, 400)
        edit.show()
    started = time.perf_counter()
    checked.setPlainText(text)  # every word checked for the first time
    app.processEvents()
    first_ms = (time.perf_counter() - started) * 1000
    plain.setPlainText(text)
    app.processEvents()
    for edit in (checked, plain):
        edit.moveCursor(QTextCursor.MoveOperation.End)
    with_check, without = [], []
    for n in range(keys):
        with_check.append(_key(app, checked, n))
        without.append(_key(app, plain, n))
    result.write_text(json.dumps({
        "words": len(checked.toPlainText().split()),
        "dictionary_load_ms": load_ms,
        "first_check_ms": first_ms,
        "keystroke_ms": with_check,
        "baseline_ms": without,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))

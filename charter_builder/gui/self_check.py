"""Check an installation end to end: the window, its preview and an export by the worker.

Support staff (and `make package-test`, on the frozen program) run
``charter-builder --child window-check OUT.pdf``: it opens the worked example in
a real window, waits for the Review step's preview, exports the charter
through the render worker to OUT.pdf, and exits 0 only if all of that worked.
It then prints the versions the About box shows and where the notices file is.
Nothing is saved and no recovery copy is left behind.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from charter_builder.gui.app import configure_application
from charter_builder.gui.export_options import ExportChoice
from charter_builder.render.options import RenderOptions

#: Long enough for a cold worker on a slow laptop; a working install takes seconds.
TIME_LIMIT_MS = 180_000


def main() -> int:
    output = Path(sys.argv[-1]).resolve()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    from charter_builder.gui.main_window import MainWindow
    from charter_builder.gui.pages.review import ReviewPage

    window = MainWindow()
    window.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    window.prompts.ask_export_options = lambda: ExportChoice(RenderOptions())
    window.prompts.ask_save_path = lambda *_: output
    window.new_from_starter("example")
    window.show()
    service = window.render_service
    outcome: dict[str, object] = {}

    def finish(code: int, message: str) -> None:
        if "code" in outcome:
            return
        outcome.update(code=code, message=message)
        window.close()
        app.exit(code)

    def finished(job: int, path: object, *_rest: object) -> None:
        review = window.review
        if job == review.preview_job:
            print("preview: made", flush=True)
            window.export()
        elif Path(str(path)) == output:
            made = output.is_file() and output.read_bytes()[:5] == b"%PDF-"
            finish(0 if made else 1, f"export: {'made' if made else 'missing'} {output}")

    service.finished.connect(finished)
    service.failed.connect(lambda job, message: finish(1, f"failed: {message}"))
    window.wizard.go_to(window.wizard.page_index(ReviewPage))
    QTimer.singleShot(TIME_LIMIT_MS, lambda: finish(1, "failed: no PDF in time"))
    app.exec()
    print(outcome.get("message", "failed: the window closed"), flush=True)
    # What the About box would show: versions from the packed metadata, the notices file.
    from charter_builder.gui.about_dialog import versions_text
    from charter_builder.notices import shipped_notices

    print(versions_text())
    print(f"notices: {shipped_notices() or 'not shipped'}", flush=True)
    return int(outcome.get("code", 1))  # type: ignore[call-overload]

"""PDFs made in the worker process: the window keeps responding, and Cancel really cancels."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QProcess, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.export_dialog import FAILED_TITLE, ExportProgress, export_pdf
from charter_builder.gui.render_service import STAGE_TEXT, WORKER_STOPPED, RenderService

WAIT_MS = 60_000


@pytest.fixture(scope="module")
def service(qapp):
    """One worker for the module: starting WeasyPrint takes a second or two."""
    shared = RenderService()
    yield shared
    shared.shutdown()


class Recorder:
    """Every signal the service sends, in order."""

    def __init__(self, service: RenderService) -> None:
        self.events: list[tuple] = []
        self.service = service
        self._slots = [
            (service.progress, lambda *a: self.events.append(("progress", *a))),
            (service.finished, lambda *a: self.events.append(("finished", *a))),
            (service.failed, lambda *a: self.events.append(("failed", *a))),
            (service.cancelled, lambda *a: self.events.append(("cancelled", *a))),
        ]
        for sig, slot in self._slots:
            sig.connect(slot)

    def for_job(self, job: int) -> list[tuple]:
        return [event for event in self.events if event[1] == job]

    def outcome(self, job: int) -> str | None:
        finals = [e[0] for e in self.for_job(job) if e[0] != "progress"]
        assert len(finals) <= 1, f"job {job} ended more than once: {finals}"
        return finals[0] if finals else None

    def close(self) -> None:
        for sig, slot in self._slots:
            sig.disconnect(slot)


@pytest.fixture
def recorder(service):
    rec = Recorder(service)
    yield rec
    rec.close()


def wait_for_outcome(qtbot, recorder: Recorder, job: int) -> str:
    qtbot.waitUntil(lambda: recorder.outcome(job) is not None, timeout=WAIT_MS)
    return recorder.outcome(job)


def test_rendering_the_example_leaves_the_window_free(qtbot, service, recorder, tmp_path):
    draft = load_starter("example")
    output = tmp_path / "Wyvern Vale charter.pdf"
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()

    with qtbot.waitSignal(service.finished, timeout=WAIT_MS) as finished:
        job = service.render(draft, output)
    timer.stop()

    assert finished.args[0] == job
    assert finished.args[1] == str(output)
    reader = pypdf.PdfReader(output)
    assert finished.args[2] == len(reader.pages) > 1
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    assert draft.charter.partners[0].name in text

    stages = [e[2] for e in recorder.for_job(job) if e[0] == "progress"]
    # An export that is not to be sealed goes through every stage but the seal.
    assert stages[0] == STAGE_TEXT["reading"] and stages[-1] == "Writing the PDF…"
    assert "Laying out page 1…" in stages and STAGE_TEXT["sealing"] not in stages
    # The GUI thread kept running its timer all the while WeasyPrint worked.
    gaps = [b - a for a, b in zip([started, *ticks], ticks, strict=False)]
    assert time.perf_counter() - started > 0.5, "the render was too quick to prove anything"
    assert len(ticks) > 10
    assert max(gaps) < 0.5, f"the window froze for {max(gaps):.2f} s"


def test_cancel_during_a_render_stops_it_and_a_later_render_works(
    qtbot, service, recorder, tmp_path
):
    output = tmp_path / "cancelled.pdf"
    job = service.render(load_starter("example"), output)
    # Wait until the worker is really laying out the pages, then cancel.
    qtbot.waitUntil(
        lambda: any(e[0] == "progress" and e[3] >= 15 for e in recorder.for_job(job)),
        timeout=WAIT_MS,
    )
    with qtbot.waitSignal(service.cancelled, timeout=5000) as cancelled:
        assert service.cancel(job) is True
    assert cancelled.args == [job]

    qtbot.wait(300)  # fixed: proves no late result or file follows the cancel
    assert recorder.outcome(job) == "cancelled"
    assert list(tmp_path.iterdir()) == []  # no PDF, and no half-written file either
    assert service.cancel(job) is False  # cancelling twice does nothing

    later = tmp_path / "later.pdf"
    again = service.render(load_starter("blank"), later)
    assert wait_for_outcome(qtbot, recorder, again) == "finished"
    assert later.read_bytes().startswith(b"%PDF-")


def test_a_newer_preview_replaces_an_older_one(qtbot, service, recorder):
    blank = load_starter("blank")
    first = service.render(blank, service.scratch_path("first.pdf"), preview=True)
    second = service.render(blank, service.scratch_path("second.pdf"), preview=True)
    third = service.render(blank, service.scratch_path("third.pdf"), preview=True)

    assert wait_for_outcome(qtbot, recorder, third) == "finished"
    assert recorder.outcome(first) == "cancelled"
    assert recorder.outcome(second) == "cancelled"
    assert not service.scratch_path("first.pdf").exists()
    assert service.scratch_path("third.pdf").exists()


def test_an_export_goes_before_a_waiting_preview_and_is_never_replaced(
    qtbot, service, recorder, tmp_path
):
    blank = load_starter("blank")
    running = service.render(blank, service.scratch_path("running.pdf"), preview=True)
    waiting = service.render(blank, service.scratch_path("waiting.pdf"), preview=True)
    export = service.render(blank, tmp_path / "export.pdf")

    assert wait_for_outcome(qtbot, recorder, waiting) == "finished"
    assert recorder.outcome(running) == "cancelled"  # superseded by the newer preview
    assert recorder.outcome(export) == "finished"
    order = [e[1] for e in recorder.events if e[0] == "finished"]
    assert order == [export, waiting]  # the user waiting for the export came first


def test_problems_come_back_in_plain_words(qtbot, service, recorder, tmp_path):
    missing_folder = service.render(load_starter("blank"), tmp_path / "gone" / "charter.pdf")
    assert wait_for_outcome(qtbot, recorder, missing_folder) == "failed"
    message = recorder.for_job(missing_folder)[-1][2]
    assert "folder" in message and "charter.pdf" in message

    # A draft whose logo has gone missing cannot even be handed to the worker.
    broken = load_starter("example")
    broken.media.clear()
    job = service.render(broken, tmp_path / "charter.pdf")
    assert wait_for_outcome(qtbot, recorder, job) == "failed"
    assert "logo" in recorder.for_job(job)[-1][2]


def test_a_worker_that_dies_fails_its_job_and_is_started_again(
    qtbot, service, recorder, tmp_path
):
    job = service.render(load_starter("example"), tmp_path / "charter.pdf")
    qtbot.waitUntil(lambda: bool(recorder.for_job(job)), timeout=WAIT_MS)
    pid = service._process.processId()
    os.kill(pid, signal.SIGKILL)  # the worker this test's service started

    assert wait_for_outcome(qtbot, recorder, job) == "failed"
    assert recorder.for_job(job)[-1][2] == WORKER_STOPPED

    again = service.render(load_starter("blank"), tmp_path / "again.pdf")
    assert wait_for_outcome(qtbot, recorder, again) == "finished"
    assert service._process.processId() != pid


def test_shutdown_stops_the_worker_and_removes_temporary_files(qtbot, qapp, tmp_path):
    own = RenderService()
    rec = Recorder(own)
    job = own.render(load_starter("blank"), tmp_path / "charter.pdf")
    assert wait_for_outcome(qtbot, rec, job) == "finished"
    process = own._process
    scratch = own.scratch_path("x").parent
    assert process.state() == QProcess.ProcessState.Running

    own.shutdown()

    assert process.state() == QProcess.ProcessState.NotRunning
    assert not scratch.exists()
    rec.close()


# -- the export dialog ---------------------------------------------------------------------


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def make_document(starter: str) -> CharterDocument:
    doc = CharterDocument(QApplication.instance())  # owned by the app, as in the window
    doc.replace(load_starter(starter), None)
    return doc


def test_export_makes_the_pdf_and_closes_its_progress_dialog(qtbot, service, parent, tmp_path):
    doc = make_document("ics")
    output = tmp_path / "ICS charter.pdf"
    job = export_pdf(parent, service, doc, output)
    dialog = parent.findChild(ExportProgress)
    assert dialog is not None and dialog.job == job

    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS) as exported:
        pass
    assert exported.args[0] == str(output)
    assert output.read_bytes().startswith(b"%PDF-")
    qtbot.waitUntil(lambda: parent.findChild(ExportProgress) is None, timeout=2000)


def test_cancel_in_the_progress_dialog_stops_the_export(qtbot, service, parent, tmp_path):
    output = tmp_path / "charter.pdf"
    output.write_bytes(b"%PDF- last week's copy")
    job = export_pdf(parent, service, make_document("example"), output)
    dialog = parent.findChild(ExportProgress)
    dialog.show()
    qtbot.waitExposed(dialog)
    cancel = next(b for b in dialog.findChildren(QPushButton) if "Cancel" in b.text())

    with qtbot.waitSignal(service.cancelled, timeout=5000) as cancelled:
        cancel.click()
    assert cancelled.args == [job]
    qtbot.waitUntil(lambda: parent.findChild(ExportProgress) is None, timeout=2000)
    assert output.read_bytes() == b"%PDF- last week's copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["charter.pdf"]


def test_a_failed_export_explains_itself(qtbot, service, parent, tmp_path):
    export_pdf(parent, service, make_document("blank"), tmp_path / "gone" / "charter.pdf")
    qtbot.waitUntil(
        lambda: any(box.isVisible() for box in parent.findChildren(QMessageBox)), timeout=WAIT_MS
    )
    box = next(box for box in parent.findChildren(QMessageBox) if box.isVisible())
    assert box.windowTitle() == FAILED_TITLE
    assert "does not exist" in box.text()
    box.close()


def test_rendering_copies_the_draft_so_later_edits_do_not_leak_in(
    qtbot, service, recorder, tmp_path
):
    draft = Draft(charter=load_starter("blank").charter.model_copy(deep=True))
    draft.charter.title = "Before the edit"
    job = service.render(draft, tmp_path / "charter.pdf")
    draft.charter.title = "After the edit"
    assert wait_for_outcome(qtbot, recorder, job) == "finished"
    text = pypdf.PdfReader(tmp_path / "charter.pdf").pages[0].extract_text()
    assert "Before the edit" in text and "After the edit" not in text
    assert Path(tmp_path / "charter.pdf").exists()


def _interrupted_write(path: Path) -> None:
    """Write `path` through safe_write in another process that dies halfway, as a killed
    worker or a power cut would leave it: the half-written temporary file stays behind."""
    import subprocess
    import sys

    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from charter_builder.storage.safe_write import replace_file\n"
        "def half(stream):\n"
        "    stream.write(b'%PDF-1.7 half a charter')\n"
        "    stream.flush()\n"
        "    os._exit(9)\n"
        "replace_file(Path(sys.argv[1]), half)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=False, timeout=30)


def test_cancelling_an_export_removes_the_half_written_file_an_interrupted_write_left(
    qtbot, service, recorder, tmp_path
):
    output = tmp_path / "Wyvern Vale charter.pdf"
    _interrupted_write(output)
    left = [p for p in tmp_path.iterdir() if p != output]
    assert len(left) == 1 and not output.exists()  # the interrupted write left its file

    running = service.render(load_starter("blank"), service.scratch_path("other.pdf"))
    queued = service.render(load_starter("example"), output)
    assert service.cancel(queued) is True
    assert service.cancel(running) is True
    # The clean-up finds the temporary file by safe_write's own naming rule.
    assert list(tmp_path.iterdir()) == []

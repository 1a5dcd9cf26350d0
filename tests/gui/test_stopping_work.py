"""Work can always be stopped: a stale preview never holds up an export, Cancel ends a
PDF at once, and no PDF runs past its time limit. Real RenderService, real worker."""

from __future__ import annotations

import io
import json
import os
import random
import time
import zipfile
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PySide6.QtWidgets import QApplication, QWidget

from charter_builder.charter.model import MAX_TEXT, Signature, SignatureMethod
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import (
    CHARTER_ENTRY,
    FORMAT_VERSION,
    MAX_CHARTER_BYTES,
    MIMETYPE,
    MIMETYPE_ENTRY,
    load_draft,
)
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.export_dialog import ExportProgress, export_pdf
from charter_builder.gui.pages.review import ReviewPage
from charter_builder.gui.render_service import RenderService
from charter_builder.render.limits import MAX_PRINTED_CHARS, TOO_SLOW, printed_chars
from charter_builder.signatures import signing

#: An export asked for after a stale preview must be done within this, worker restart and all.
PROMPT_S = 20
WAIT_MS = 60_000
#: Fields filled for the slow draft: it takes most of a minute to lay out.
LONG_FIELDS = (
    ("purpose", "why"),
    ("purpose", "how"),
    ("purpose", "what"),
    ("partnership", "population"),
    ("partnership", "scope"),
)
SHORT = "We will plan care together, close to home."


def prose(length: int, seed: int) -> str:
    words = ("partners", "agree", "to", "share", "budgets", "staff", "buildings", "and", "data")
    rnd = random.Random(seed)
    parts, size = [], 0
    while size < length:
        sentence = " ".join(rnd.choice(words) for _ in range(14)).capitalize() + ". "
        parts.append(sentence + ("\n\n" if rnd.random() < 0.1 else ""))
        size += len(parts[-1])
    return "".join(parts)[:length].rstrip()


def slow_draft() -> Draft:
    """The example with its longest fields filled until it is nearly as long as can be printed."""
    draft = load_starter("example")
    share = min(MAX_TEXT, int(MAX_PRINTED_CHARS * 0.85) // len(LONG_FIELDS))
    for number, (part, field) in enumerate(LONG_FIELDS):
        setattr(getattr(draft.charter, part), field, prose(share, number))
    assert printed_chars(draft.charter) < MAX_PRINTED_CHARS
    return draft


@pytest.fixture
def service(qapp):
    """A service of the test's own, so a worker it ends is nobody else's."""
    own = RenderService()
    yield own
    own.shutdown()


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def laying_out(service: RenderService, qtbot, job_of) -> None:
    """Wait until the worker is laying out the pages of the job `job_of()` names."""
    seen: list[tuple[int, int]] = []
    service.progress.connect(lambda job, _text, percent: seen.append((job, percent)))
    qtbot.waitUntil(lambda: any(j == job_of() and p >= 15 for j, p in seen), timeout=WAIT_MS)


def worker_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that has ended but is not yet reaped still answers; it has no memory any more.
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


@pytest.mark.timeout(180)
def test_a_stuck_preview_never_holds_up_the_export_after_the_text_is_shortened(
    qtbot, service, parent, tmp_path
):
    document = CharterDocument(QApplication.instance())
    document.replace(slow_draft(), None)
    page = ReviewPage(document)
    qtbot.addWidget(page)
    page.set_render_service(service)
    page.resize(1100, 760)
    page.show()
    laying_out(service, qtbot, lambda: page.preview_job)
    stuck_worker = service._process.processId()

    for part, field in LONG_FIELDS:  # the secretary shortens the text...
        document.set_value((part, field), SHORT)
    output = tmp_path / "charter.pdf"
    started = time.perf_counter()
    export_pdf(parent, service, document, output)  # ...and exports at once
    dialog = parent.findChild(ExportProgress)
    with qtbot.waitSignal(dialog.exported, timeout=PROMPT_S * 1000):
        pass

    assert time.perf_counter() - started < PROMPT_S
    assert not worker_alive(stuck_worker)  # the stale preview's work was really stopped
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(output).pages)
    assert SHORT in " ".join(text.split())
    assert len(text) < 200_000  # the short charter, not the long one
    # The preview catches up with the shortened text too, just as promptly.
    qtbot.waitUntil(lambda: page.status.text().startswith("Preview of"), timeout=PROMPT_S * 1000)
    shown = " ".join(page.pdf.getAllText(i).text() for i in range(page.pdf.pageCount()))
    assert SHORT in " ".join(shown.split())


@pytest.mark.timeout(180)
def test_cancelling_a_running_export_ends_its_work_at_once(qtbot, service, tmp_path):
    output = tmp_path / "charter.pdf"
    job = service.render(slow_draft(), output)
    laying_out(service, qtbot, lambda: job)
    worker = service._process.processId()

    with qtbot.waitSignal(service.cancelled, timeout=2000):
        assert service.cancel(job)
    qtbot.waitUntil(lambda: not worker_alive(worker), timeout=2000)
    assert list(tmp_path.iterdir()) == []

    started = time.perf_counter()
    with qtbot.waitSignal(service.finished, timeout=PROMPT_S * 1000):
        service.render(load_starter("example"), tmp_path / "next.pdf")
    assert time.perf_counter() - started < PROMPT_S
    assert (tmp_path / "next.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.timeout(180)
def test_a_pdf_past_the_time_limit_is_stopped_with_a_plain_message(qapp, qtbot, tmp_path):
    service = RenderService(time_limit_s=3)
    try:
        failures: list[tuple[int, str]] = []
        service.failed.connect(lambda job, message: failures.append((job, message)))
        output = tmp_path / "charter.pdf"
        started = time.perf_counter()
        job = service.render(slow_draft(), output)
        qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)

        assert failures == [(job, TOO_SLOW)]
        # Within the limit, plus starting the worker and reading the draft.
        assert time.perf_counter() - started < 3 + 15
        assert "Traceback" not in TOO_SLOW and "shorten" in TOO_SLOW
        assert not output.exists()
        with qtbot.waitSignal(service.finished, timeout=WAIT_MS):
            service.render(load_starter("blank"), tmp_path / "next.pdf")
        assert (tmp_path / "next.pdf").read_bytes().startswith(b"%PDF-")
    finally:
        service.shutdown()


def drawn_signature_draft(path: Path, numbers: int) -> None:
    """A draft (written compactly, as any program may) whose drawn signature holds
    `numbers` numbers, within the app's size limit as written compactly."""
    draft = load_starter("example")
    charter = draft.charter
    per_stroke = 20_000
    rnd = random.Random(3)
    strokes = [
        [round(rnd.uniform(0, 400), 1) for _ in range(per_stroke)]
        for _ in range(numbers // per_stroke)
    ]
    partner = charter.partners[0]
    charter.signatures.append(
        Signature(
            partner_id=partner.id,
            signatory_name=partner.representative.name,
            signed_on=date(2026, 3, 1),
            method=SignatureMethod.DRAWN,
            strokes=strokes,
        )
    )
    charter.signatures[-1].digest = signing.content_digest(charter)
    document = {"format_version": FORMAT_VERSION, "charter": charter.model_dump(mode="json")}
    data = json.dumps(document, separators=(",", ":")).encode()
    assert len(data) < MAX_CHARTER_BYTES
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(MIMETYPE_ENTRY, MIMETYPE)
        archive.writestr(CHARTER_ENTRY, data, zipfile.ZIP_DEFLATED)
        for name, picture in draft.media.items():
            archive.writestr(name, picture)
    path.write_bytes(buffer.getvalue())


@pytest.mark.timeout(180)
def test_a_draft_with_nearly_a_million_numbers_in_a_drawn_signature_previews(
    qtbot, service, tmp_path
):
    """Just under the value limit (draft_file.CHARTER_JSON_LIMITS); more is refused on opening."""
    path = tmp_path / "signed.charter"
    drawn_signature_draft(path, 960_000)
    draft = load_draft(path)  # it opens...
    outcomes: list[tuple] = []
    service.finished.connect(lambda *args: outcomes.append(("finished", *args)))
    service.failed.connect(lambda *args: outcomes.append(("failed", *args)))

    job = service.render(draft, service.scratch_path("preview.pdf"), preview=True)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=WAIT_MS)

    assert outcomes[0][:2] == ("finished", job), outcomes  # ...and so it previews
    reader = pypdf.PdfReader(outcomes[0][2])
    text = " ".join(page.extract_text() for page in reader.pages)
    assert draft.charter.partners[0].representative.name in text

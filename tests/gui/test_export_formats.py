"""Exporting from the window: each format, the progress as it goes, and what follows.

The real window, the real render worker and real files; only the desktop's
"open this" is caught (through the window's Prompts) so nothing is launched.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from charter_builder.drafts.starters import load_starter
from charter_builder.gui.export_dialog import ExportDone, ExportProgress
from charter_builder.gui.export_options import ExportChoice
from charter_builder.render.formats import CHANGES, PDF, WEB, WORD, format_for_path
from charter_builder.render.options import RenderOptions
from gui.test_flows import ScriptedPrompts
from gui.test_stopping_work import slow_draft, worker_alive

WAIT_MS = 60_000


def done_dialog() -> ExportDone | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, ExportDone)]
    return found[-1] if found else None


def button(dialog: ExportDone, text: str) -> QPushButton:
    """A button as the user sees it, found by its words (Alt key marks left out)."""
    matching = [b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == text]
    assert len(matching) == 1, f"no single {text!r} button"
    return matching[0]


def export_from_window(window, qtbot, path: Path, export_format: str = PDF) -> ExportDone:
    """File > Export… as the user would, choosing `export_format` and `path`; the done dialog."""
    window.prompts.ask_export_options = lambda: ExportChoice(RenderOptions(), None, export_format)
    window.prompts.ask_save_path = lambda *_: path
    for old in [w for w in QApplication.topLevelWidgets() if isinstance(w, ExportDone)]:
        old.close()
    qtbot.waitUntil(lambda: done_dialog() is None, timeout=2000)
    window.menus.export_action.trigger()
    qtbot.waitUntil(lambda: done_dialog() is not None, timeout=WAIT_MS)
    return done_dialog()


@pytest.fixture
def opened(window) -> list[QUrl]:
    """Every file or folder the window would have asked the computer to open."""
    urls: list[QUrl] = []
    window.prompts.open_url = urls.append
    return urls


def test_a_pdf_exported_from_the_window_can_be_opened_or_shown_in_its_folder(
    window, qtbot, tmp_path, opened
) -> None:
    window.new_from_starter("example")
    folder = tmp_path / "Board papers"
    folder.mkdir()
    pdf = folder / "Wyvern Vale charter.pdf"

    done = export_from_window(window, qtbot, pdf)

    pages = len(pypdf.PdfReader(pdf).pages)
    said = window.statusBar().currentMessage()
    assert said == f"Saved the PDF ({pages} pages) to {pdf}."
    assert any(said == label.text() for label in done.findChildren(QLabel))
    qtbot.mouseClick(button(done, "Open"), qtbot_left())
    assert opened == [QUrl.fromLocalFile(str(pdf))]

    done = export_from_window(window, qtbot, pdf)  # again, to the same place
    qtbot.mouseClick(button(done, "Show in folder"), qtbot_left())
    assert opened[-1] == QUrl.fromLocalFile(str(folder))
    assert sorted(p.name for p in folder.iterdir()) == [pdf.name]


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_progress_follows_the_pages_as_they_are_laid_out(window, qtbot, tmp_path) -> None:
    window.new_from_starter("example")
    said: list[str] = []
    window.render_service.progress.connect(lambda _job, text, _percent: said.append(text))

    export_from_window(window, qtbot, tmp_path / "charter.pdf")

    pages = len(pypdf.PdfReader(tmp_path / "charter.pdf").pages)
    steps = list(dict.fromkeys(said))
    assert len(steps) > 4, steps
    laid_out = [s for s in steps if s.startswith("Laying out page ")]
    # Page by page, in order: the first and the last page of a charter of many.
    assert laid_out[0] == "Laying out page 1…"
    assert laid_out[-1] == f"Laying out page {pages}…"
    assert steps[-1] == "Writing the PDF…"


@pytest.mark.timeout(120)
def test_cancel_while_a_large_charter_is_being_laid_out_ends_the_work(
    window, qtbot, tmp_path
) -> None:
    window.document.replace(slow_draft(), None, modified=True)
    pdf = tmp_path / "long charter.pdf"
    window.prompts.ask_export_options = lambda: ExportChoice(RenderOptions())
    window.prompts.ask_save_path = lambda *_: pdf
    said: list[str] = []
    service = window.render_service
    service.progress.connect(lambda _job, text, _percent: said.append(text))

    window.menus.export_action.trigger()
    qtbot.waitUntil(lambda: "Laying out page 2…" in said, timeout=WAIT_MS)
    progress = window.findChild(ExportProgress)
    assert "Laying out page" in progress.labelText()
    worker = service._process.processId()
    started = time.perf_counter()
    cancel = [b for b in progress.findChildren(QPushButton) if b.text() == "&Cancel"]
    assert len(cancel) == 1
    with qtbot.waitSignal(service.cancelled, timeout=2000):
        qtbot.mouseClick(cancel[0], qtbot_left())
    qtbot.waitUntil(lambda: not worker_alive(worker), timeout=2000)

    assert time.perf_counter() - started < 2
    assert not service.is_busy()
    assert list(tmp_path.iterdir()) == []  # no PDF, and nothing half-written
    assert done_dialog() is None


def test_word_document_from_the_window(window, qtbot, tmp_path, opened) -> None:
    import docx

    window.new_from_starter("example")
    path = tmp_path / "Wyvern Vale charter.docx"

    done = export_from_window(window, qtbot, path, WORD)

    assert window.statusBar().currentMessage() == f"Saved the Word document to {path}."
    headings = [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 1"]
    assert headings, "the Word document has no sections"
    qtbot.mouseClick(button(done, "Open"), qtbot_left())
    assert opened == [QUrl.fromLocalFile(str(path))]
    assert zipfile.is_zipfile(path)


def test_web_page_from_the_window(window, qtbot, tmp_path, opened) -> None:
    from html.parser import HTMLParser

    window.new_from_starter("example")
    path = tmp_path / "Wyvern Vale charter.html"

    done = export_from_window(window, qtbot, path, WEB)

    assert window.statusBar().currentMessage() == f"Saved the web page to {path}."
    languages: list[str | None] = []

    class Html(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "html":
                languages.append(dict(attrs).get("lang"))

    Html().feed(path.read_text(encoding="utf-8"))
    assert languages == ["en-GB"]
    qtbot.mouseClick(button(done, "Show in folder"), qtbot_left())
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]


# -- the paper of changes: which revision, and the file's name ----------------------------


@pytest.fixture
def exporting(qapp):
    from charter_builder.gui.document import CharterDocument
    from charter_builder.gui.flows.export import ExportFlow
    from charter_builder.gui.render_service import RenderService

    service = RenderService()
    made = []

    def make(document: CharterDocument, **answers) -> tuple[ExportFlow, ScriptedPrompts]:
        prompts = ScriptedPrompts(**answers)
        flow = ExportFlow(document, service, prompts)
        made.append(flow)
        return flow, prompts

    yield make
    service.shutdown()


def test_the_paper_of_changes_asks_from_which_revision_starting_at_the_newest(
    exporting, tmp_path
) -> None:
    from charter_builder.gui.document import CharterDocument

    document = CharterDocument()
    document.replace(load_starter("example"), None, modified=True)
    path = tmp_path / "Wyvern Vale.charter"
    document.save(path)
    document.set_value(("partnership", "name"), "Wyvern Vale and Severn Partnership")
    document.save(path)
    revisions = document.draft.history.revisions
    asked: list[tuple[list[str], str]] = []
    suggested: list[tuple[str, str]] = []

    flow, prompts = exporting(
        document,
        ask_export_options=ExportChoice(RenderOptions(), None, CHANGES),
        ask_revision=lambda revs, default: asked.append(([r.id for r in revs], default))
        or revs[0].id,
        ask_save_path=lambda title, name, _filter: suggested.append((title, name)),
    )
    assert flow.export() is None  # the user cancels at where to save it

    assert prompts.asked == ["ask_export_options", "ask_revision", "ask_save_path"]
    assert asked == [([r.id for r in revisions], revisions[-1].id)]
    assert suggested == [
        ("Save the paper of the changes", "Wyvern Vale changes since revision 1.pdf")
    ]


def test_the_paper_of_changes_of_a_never_saved_draft_says_save_first(exporting) -> None:
    from charter_builder.gui.document import CharterDocument

    document = CharterDocument()
    document.replace(load_starter("example"), None, modified=True)
    flow, prompts = exporting(
        document, ask_export_options=ExportChoice(RenderOptions(), None, CHANGES)
    )
    assert flow.export() is None
    assert prompts.asked == ["ask_export_options", "show_error"]
    assert "Please save the draft first" in prompts.errors[0][1]


def test_a_file_name_says_which_format_it_is() -> None:
    assert format_for_path("Charter.PDF").key == PDF
    assert format_for_path("papers/Charter.docx").key == WORD
    assert format_for_path("Charter.htm").key == WEB
    with pytest.raises(Exception, match=r"end its name with \.pdf, \.docx or \.html"):
        format_for_path("Charter.txt")


def test_the_changes_paper_from_the_window_starts_at_the_revision_sent_to_boards(
    window, qtbot, tmp_path
) -> None:
    """Marked revision 1 as sent; two saves later the window's paper holds only what came after."""
    window.new_from_starter("example")
    path = tmp_path / "Wyvern Vale.charter"
    window.files.save_to(path)
    history = window.document.draft.history
    sent = history.revisions[-1].id
    history.mark_sent(sent, "Asha Patel", "NHS Wyvern Vale ICB")
    window.document.set_value(("partnership", "name"), "Wyvern Vale Alliance")
    window.files.save_to(path)
    window.document.set_value(("partnership", "place"), "Wyvern Vale and the Marches")
    window.files.save_to(path)
    offered: list[str] = []
    window.prompts.ask_revision = lambda _revisions, default: offered.append(default) or default
    paper = tmp_path / "changes.docx"

    export_from_window(window, qtbot, paper, CHANGES)

    assert offered == [sent]
    body = zipfile.ZipFile(paper).read("word/document.xml").decode()
    assert "<w:ins " in body and "<w:del " in body
    assert "Alliance" in body and "Marches" in body
    assert "Health and Care Partnership" in body  # the words the boards saw, now deleted

"""Printing from the window: Ctrl+P, the worker's PDF, drawn page by page on a real QPrinter.

The printer is Qt's own PDF printer writing into the test's folder, handed over
where the print dialog would be (the window's Prompts), so the pages that reach
the "paper" can be counted and looked at.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from charter_builder.gui.export_dialog import ExportDone
from charter_builder.gui.export_options import ExportChoice
from charter_builder.gui.printing import MAX_DPI
from charter_builder.render.options import RenderOptions

WAIT_MS = 20_000


def pdf_printer(path: Path, dpi: int = 96) -> QPrinter:
    """A printer that prints into `path`; a low resolution keeps the test quick."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setResolution(dpi)
    return printer


def scratch_pdfs(window) -> list[Path]:
    return list(window.render_service.scratch_path("x").parent.glob("*.pdf"))


def test_ctrl_p_prints_every_page_of_the_charter(window, qtbot, tmp_path) -> None:
    window.new_from_starter("example")
    exported = tmp_path / "exported.pdf"
    window.prompts.ask_export_options = lambda: ExportChoice(RenderOptions())
    window.prompts.ask_save_path = lambda *_: exported
    window.menus.export_action.trigger()
    qtbot.waitUntil(exported.exists, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.findChild(ExportDone) is not None, timeout=WAIT_MS)
    window.findChild(ExportDone).reject()  # the user closes "Export finished"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    printed = tmp_path / "printed.pdf"
    window.prompts.ask_printer = lambda: pdf_printer(printed)

    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Sent"), timeout=WAIT_MS)

    pages = len(pypdf.PdfReader(exported).pages)
    reader = pypdf.PdfReader(printed)
    assert len(reader.pages) == pages > 1
    # Each sheet carries its page, drawn as a picture, on A4.
    for page in reader.pages:
        assert len(page.images) == 1
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) in {(595, 842), (596, 842)}
    said = window.statusBar().currentMessage()
    assert said == f"Sent {pages} pages of the charter to {printed}."
    assert scratch_pdfs(window) == []  # the PDF made for printing is tidied away


def test_a_page_range_chosen_in_the_print_dialog_is_honoured(window, qtbot, tmp_path) -> None:
    window.new_from_starter("example")
    printed = tmp_path / "pages 2 to 3.pdf"
    printer = pdf_printer(printed, dpi=72)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    window.prompts.ask_printer = lambda: printer

    window.menus.print_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Sent"), timeout=WAIT_MS)

    assert len(pypdf.PdfReader(printed).pages) == 2


def test_cancelling_the_print_dialog_makes_nothing(window, qtbot, tmp_path) -> None:
    window.new_from_starter("example")
    window.prompts.ask_printer = lambda: None
    assert window.exporting.print_charter() is None
    assert not window.render_service.is_busy()
    assert list(tmp_path.iterdir()) == []


def test_print_is_in_the_file_menu_with_ctrl_p_and_its_own_alt_key(window) -> None:
    action = window.menus.print_action
    assert action.text() == "&Print…"
    assert QKeySequence(QKeySequence.StandardKey.Print) in action.shortcuts()
    assert action.shortcut().toString() == "Ctrl+P"
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    keys = [a.text().split("&")[1][0].lower() for a in file_menu.actions() if "&" in a.text()]
    assert len(keys) == len(set(keys)), keys


@pytest.mark.parametrize("asked, used", [(1200, MAX_DPI), (150, 150)])
def test_pages_are_drawn_at_the_printers_resolution_up_to_a_sensible_limit(
    qapp, tmp_path, asked, used
) -> None:
    from charter_builder.drafts.starters import load_starter
    from charter_builder.gui.printing import print_pdf
    from charter_builder.render import write_pdf

    source = tmp_path / "blank.pdf"
    write_pdf(load_starter("blank"), source)
    printed = tmp_path / "printed.pdf"
    printer = pdf_printer(printed, dpi=asked)
    printer.setFromTo(1, 1)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)

    assert print_pdf(source, printer) == 1

    image = pypdf.PdfReader(printed).pages[0].images[0]
    assert abs(image.image.width - round(595.28 * used / 72)) <= 2

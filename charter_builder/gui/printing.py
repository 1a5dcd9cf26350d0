"""Printing the charter: the pages of the PDF the worker made, drawn onto the printer.

Printing from the PDF means the paper copy is exactly what the board would get
by email. The PDF itself is made by the render worker, never on the window's
thread; here each finished page is turned into a picture by QtPdf and drawn on
the printer, with a progress dialog whose Cancel stops before the next page.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog, QWidget

from charter_builder.errors import CharterError

log = logging.getLogger(__name__)

#: Pages are drawn at the printer's resolution, but never finer than this (dots per inch):
#: finer only makes the print job larger and slower, not the print sharper to the eye.
MAX_DPI = 300
NOT_PRINTED = (
    "The charter could not be sent to the printer. Please check that the printer is "
    "switched on and connected, then try again."
)


class PrintError(CharterError):
    """Printing failed; the message says so in plain words."""


def page_range(printer: QPrinter, count: int) -> range:
    """The page indexes (from 0) the user asked for in the print dialog."""
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(count, printer.toPage() or count)
    return range(first - 1, last)


def print_pdf(pdf: Path, printer: QPrinter, parent: QWidget | None = None) -> int:
    """Draw every page of `pdf` (or the range asked for) on `printer`; the pages printed.

    Returns fewer pages than asked for if the user pressed Cancel part-way.
    """
    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_ or document.pageCount() < 1:
        log.error("could not read %s for printing: %s", pdf, document.error())
        raise PrintError(NOT_PRINTED)
    pages = page_range(printer, document.pageCount())
    # The PDF has its own margins: draw on the whole sheet, not inside the printer's.
    printer.setFullPage(True)
    printer.setDocName(pdf.stem)
    dpi = min(printer.resolution(), MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        log.error("the printer would not start a print job")
        raise PrintError(NOT_PRINTED)
    progress = QProgressDialog("Sending the charter to the printer…", "&Cancel", 0, len(pages))
    if parent is not None:
        progress.setParent(parent, progress.windowFlags())
    progress.setWindowTitle("Printing the charter")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    printed = 0
    try:
        for done, index in enumerate(pages):
            progress.setValue(done)
            progress.setLabelText(f"Printing page {index + 1} of {document.pageCount()}…")
            QCoreApplication.processEvents()
            if progress.wasCanceled():
                break
            if done:
                printer.newPage()
            draw_page(painter, printer, document, index, dpi)
            printed += 1
    finally:
        painter.end()
        progress.close()
        progress.deleteLater()
        document.close()
    return printed


def draw_page(
    painter: QPainter, printer: QPrinter, document: QPdfDocument, index: int, dpi: int
) -> None:
    """One PDF page as a picture at `dpi`, scaled to fit the sheet and centred on it."""
    points = document.pagePointSize(index)
    scale = dpi / 72
    size = QSize(max(1, round(points.width() * scale)), max(1, round(points.height() * scale)))
    image = document.render(index, size)
    if image.hasAlphaChannel():
        # Transparent parts must come out as paper, whatever the printer driver assumes.
        flat = QImage(image.size(), QImage.Format.Format_RGB32)
        flat.fill(Qt.GlobalColor.white)
        flattening = QPainter(flat)
        flattening.drawImage(0, 0, image)
        flattening.end()
        image = flat
    sheet = printer.pageLayout().fullRectPixels(printer.resolution())
    fitted = image.size().scaled(sheet.size(), Qt.AspectRatioMode.KeepAspectRatio)
    target = QRect(
        (sheet.width() - fitted.width()) // 2,
        (sheet.height() - fitted.height()) // 2,
        fitted.width(),
        fitted.height(),
    )
    painter.drawImage(target, image)

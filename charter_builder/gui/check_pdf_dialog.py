"""File > Check a Signed PDF…: are the seals intact, and who signed this exact text?

The checking is charter_builder.signatures.verify, run on a thread; this dialog shows its
plain-words report under one clear line giving the same headline as `verify`:
everything checks out, do not rely on this PDF, or intact but not complete.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from charter_builder.gui.background import BackgroundTask
from charter_builder.gui.dialog_parts import action_buttons, add_file_row, busy_bar
from charter_builder.gui.seal_dialog import PDF_FILTER
from charter_builder.gui.style import theme
from charter_builder.gui.widgets import make_form, muted_label
from charter_builder.signatures.signing import SignatureState
from charter_builder.signatures.verify import Outcome, Report, describe, headline, verify_pdf

DRAFT_FILTER = "Charter drafts (*.charter)"
INTRO = (
    "Check a charter's PDF: whether each partner's seal is intact, which text the partners "
    "signed, and, if you choose the draft too, whether it holds the same text. Nothing is "
    "changed."
)
ICON_SIZE = 32


def result_lines(report: Report) -> tuple[Outcome, str, str]:
    """The outcome, the overall line (the same headline as `verify`), and a line more."""
    seals = len(report.seals)
    signed = sum(p.state is SignatureState.CURRENT for p in report.partners)
    partners = len(report.partners)
    broken = sum(not seal.ok for seal in report.seals)
    if not seals:
        sealing = "Not sealed"
    elif not broken:
        sealing = f"{_count(seals, 'seal')}, {'intact' if seals == 1 else 'all intact'}"
    elif broken == seals:
        sealing = f"{_count(seals, 'seal')}, {'broken' if seals == 1 else 'all broken'}"
    else:
        sealing = f"{_count(seals, 'seal')}: {seals - broken} intact, {broken} broken"
    summary = f"{sealing}; {signed} of {partners} partners signed this text."
    # The headline alone in large type; why, in ordinary type beneath it.
    if report.outcome is Outcome.BROKEN:
        more = len(report.problems) - 1
        why = report.problems[0] + (f" (and {more} more, listed below)" if more else "")
        summary = f"{why}\n{summary}"
    elif report.outcome is Outcome.INCOMPLETE:
        summary = f"{' '.join(report.incomplete)}\n{summary}"
    return report.outcome, headline(report), summary


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class CheckPdfDialog(QDialog):
    """Choose a PDF (and, if wanted, the draft), check it, and read the report."""

    def __init__(self, draft: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check a signed PDF")
        self.setMinimumSize(620, 520)
        self.task: BackgroundTask | None = None
        #: The last report (None until a check has finished, or if it could not be made).
        self.report: Report | None = None
        # Replaceable in tests, like the window's other file choices.
        self.choose_pdf: Callable[[], str] = lambda: QFileDialog.getOpenFileName(
            self, "Choose the PDF to check", "", PDF_FILTER
        )[0]
        self.choose_draft: Callable[[], str] = lambda: QFileDialog.getOpenFileName(
            self, "Choose the draft to compare with", "", DRAFT_FILTER
        )[0]

        form: QFormLayout = make_form()
        self.pdf = QLineEdit()
        self.pdf.setPlaceholderText("the charter's PDF")
        self.pdf_button = add_file_row(
            form, "&PDF to check", self.pdf, "&Browse…", "Choose the PDF", lambda: self.choose_pdf()
        )
        self.draft = QLineEdit(str(draft) if draft else "")
        self.draft.setPlaceholderText("optional: the draft to compare the PDF with")
        self.draft_button = add_file_row(
            form,
            "&Draft (optional)",
            self.draft,
            "Br&owse…",
            "Choose the draft",
            lambda: self.choose_draft(),
        )

        self.busy = busy_bar("Checking")

        self.icon = QLabel()
        self.icon.setFixedSize(ICON_SIZE, ICON_SIZE)
        self.result = QLabel()
        self.result.setObjectName("checkResult")
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Result")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_detail = muted_label("")
        self.result_detail.setAccessibleName("In short")
        result_text = QVBoxLayout()
        result_text.setSpacing(2)
        result_text.addWidget(self.result)
        result_text.addWidget(self.result_detail)
        self.result_row = QWidget()
        row = QHBoxLayout(self.result_row)
        row.setContentsMargins(0, 4, 0, 4)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(result_text, 1)
        self.result_row.hide()

        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("The full report")
        self.details.setPlaceholderText("The report appears here once the PDF is checked.")
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        buttons, self.check_button = action_buttons(self, "&Check", self.start_check)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(muted_label(INTRO))
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.result_row)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    # -- checking ---------------------------------------------------------
    def start_check(self) -> bool:
        """Check the chosen PDF on a thread; False if there is nothing to check yet."""
        if self.task is not None:
            return False
        text = self.pdf.text().strip()
        if not text:
            self._show(Outcome.BROKEN, "Choose the PDF to check.", "")
            self.pdf.setFocus()
            return False
        pdf = Path(text)
        draft = Path(self.draft.text().strip()) if self.draft.text().strip() else None
        task = BackgroundTask(lambda: verify_pdf(pdf, draft))
        task.succeeded.connect(self._checked)
        task.failed.connect(self._failed)
        self.report = None
        self.details.clear()
        self.result_row.hide()
        self._set_busy(True)
        self.task = task.start()
        return True

    def _checked(self, report: object) -> None:
        assert isinstance(report, Report)
        self.task = None
        self._set_busy(False)
        self.report = report
        outcome, line, detail = result_lines(report)
        self._show(outcome, line, detail)
        self.details.setPlainText(describe(report))

    def _failed(self, message: str) -> None:
        self.task = None
        self._set_busy(False)
        self._show(Outcome.BROKEN, "This PDF could not be checked.", "")
        self.details.setPlainText(message)

    def _show(self, outcome: Outcome, line: str, detail: str) -> None:
        icon, colour = {
            Outcome.CHECKS_OUT: (QStyle.StandardPixmap.SP_DialogApplyButton, theme().success),
            Outcome.INCOMPLETE: (QStyle.StandardPixmap.SP_MessageBoxWarning, theme().warning),
            Outcome.BROKEN: (QStyle.StandardPixmap.SP_MessageBoxCritical, theme().danger),
        }[outcome]
        self.icon.setPixmap(self.style().standardIcon(icon).pixmap(ICON_SIZE, ICON_SIZE))
        self.result.setStyleSheet(f"font-size: 13pt; font-weight: bold; color: {colour};")
        self.result.setText(line)
        self.result_detail.setText(detail)
        self.result_detail.setVisible(bool(detail))
        self.result_row.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (
            self.pdf, self.pdf_button, self.draft, self.draft_button, self.check_button,
        ):
            widget.setEnabled(not busy)

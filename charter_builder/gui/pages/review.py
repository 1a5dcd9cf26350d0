"""The last step: what is still needed, the PDF as it will look, and Export.

The preview is made by the render service in its worker process, a moment
after the user stops typing and only while this step is on screen, so editing
elsewhere never waits for WeasyPrint.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QHideEvent, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from charter_builder.charter.problems import Problem, find_problems
from charter_builder.charter.spelling import spelling_problems
from charter_builder.gui import spelling
from charter_builder.gui.concerns_panel import OpenConcernsList
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.base import WizardPage
from charter_builder.gui.render_service import RenderService
from charter_builder.gui.style import readable, theme
from charter_builder.gui.wrapping import WrappingDelegate
from charter_builder.words import plural

#: Wait this long after the last edit before making a new preview.
PREVIEW_DELAY_MS = 800
#: Problems are cheap to find, but not on every keystroke.
RECHECK_DELAY_MS = 250
READY_TEXT = "Nothing is missing: the charter is ready for the partners' boards."
PLACEHOLDER_TEXT = (
    "The charter will appear here as it will be printed.\n\n"
    "It is brought up to date a moment after each change."
)
WAITING_TEXT = "The preview will appear here."
PROBLEM_ROLE = Qt.ItemDataRole.UserRole

def local_style() -> str:
    """The review step's rules in the user's theme."""
    t = theme()
    return f"""
QLabel#reviewHeading {{ font-size: 12.5pt; font-weight: 600; color: {t.heading}; }}
QLabel#problemSummary, QLabel#exportHint, QLabel#previewStatus {{ color: {t.secondary}; }}
QLabel#previewStatus[error="true"] {{ color: {t.error}; }}
QFrame#readyState {{ background: {t.ready}; border-left: 4px solid {t.ready_edge};
    border-radius: 2px; }}
QLabel#readyText {{ font-size: 11pt; font-weight: 600; color: {t.ready_text}; }}
QLabel#readyFacts {{ color: {t.ready_text}; }}
QLabel#previewPlaceholder {{
    background: {t.placeholder}; border: 1px solid {t.border};
    color: {readable(t.secondary, t.placeholder)}; padding: 24px;
}}
QTreeWidget#problems {{ border: 1px solid {t.border}; border-radius: 3px; }}
QTreeWidget#problems::item {{ padding: 5px 2px; }}
QPdfView#preview {{ background: {t.placeholder}; border: 1px solid {t.border}; }}
"""



def _facts(document: CharterDocument) -> str:
    charter = document.charter
    parts = [
        plural(len(charter.partners), "partner"),
        plural(len(charter.principles), "principle"),
        plural(len(charter.commitments), "commitment"),
    ]
    return f"It brings together {parts[0]}, with {parts[1]} and {parts[2]}."


class ProblemList(QTreeWidget):
    """Problems grouped under their section; click or Enter to go and put one right."""

    problem_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(False)
        self.setIndentation(14)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setItemsExpandable(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(WrappingDelegate(self))
        self.heading_font = QFont(self.font())
        self.heading_font.setBold(True)
        self.setAccessibleName("What is still needed")
        self.setAccessibleDescription("Press Enter on an item to go to the place to fix it.")
        self.itemClicked.connect(self._clicked)

    def show_problems(self, problems: list[Problem]) -> None:
        self.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        groups: dict[str, QTreeWidgetItem] = {}
        counts: dict[str, int] = {}
        for problem in problems:
            label = problem.section_label
            group = groups.get(label)
            if group is None:
                group = QTreeWidgetItem(self, [label])
                group.setFont(0, self.heading_font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not something to pick
                group.setData(0, PROBLEM_ROLE, False)
                groups[label] = group
            counts[label] = counts.get(label, 0) + 1
            item = QTreeWidgetItem(group, [problem.message])
            item.setIcon(0, icon)
            item.setData(0, PROBLEM_ROLE, problem)
            item.setToolTip(0, f"Go to {label} to put this right.")
        for label, group in groups.items():
            group.setText(0, f"{label} ({counts[label]})")
            group.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{label}: {counts[label]}")
        self.expandAll()
        first = self.topLevelItem(0)
        if first is not None and first.childCount():
            # Ready for the keyboard, without looking as if the user had chosen it.
            self.selectionModel().setCurrentIndex(
                self.indexFromItem(first.child(0)), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def problems(self) -> list[Problem]:
        found = []
        for g in range(self.topLevelItemCount()):
            group = self.topLevelItem(g)
            found += [group.child(i).data(0, PROBLEM_ROLE) for i in range(group.childCount())]
        return found

    def item_for(self, problem: Problem) -> QTreeWidgetItem | None:
        for g in range(self.topLevelItemCount()):
            group = self.topLevelItem(g)
            for i in range(group.childCount()):
                if group.child(i).data(0, PROBLEM_ROLE) == problem:
                    return group.child(i)
        return None

    def _clicked(self, item: QTreeWidgetItem) -> None:
        problem = item.data(0, PROBLEM_ROLE)
        if isinstance(problem, Problem):
            self.problem_activated.emit(problem)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current.isValid():
            self._clicked(self.itemFromIndex(current))
            event.accept()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(340, 300)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # wrapped rows change height with the width


class ReviewPage(WizardPage):
    title = "Review and export"
    sections = ()
    guidance_key = "review"

    #: The user chose a problem: the main window takes them to its field.
    problem_activated = Signal(object)
    #: The user pressed Export: the main window asks what to make and where to save it.
    export_requested = Signal()

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.widget().setStyleSheet(local_style())
        self.service: RenderService | None = None
        self.preview_job: int | None = None
        self.preview_stale = True
        self._shown_file: Path | None = None
        self._previews_made = 0

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(18)
        splitter.addWidget(self._build_problems_side())
        splitter.addWidget(self._build_preview_side())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 620])
        splitter.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.body.addWidget(splitter, 1)
        self.splitter = splitter

        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_DELAY_MS)
        self._recheck.timeout.connect(self.refresh_problems)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        document.changed.connect(self._document_changed)
        document.reset.connect(self._document_reset)
        self.refresh_problems()

    # -- building ----------------------------------------------------------
    def _build_problems_side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        heading = QLabel("What is &still needed")  # Alt+N is Next
        heading.setObjectName("reviewHeading")
        self.summary = QLabel()
        self.summary.setObjectName("problemSummary")
        self.summary.setWordWrap(True)
        self.problem_list = ProblemList()
        self.problem_list.problem_activated.connect(self.problem_activated)
        heading.setBuddy(self.problem_list)
        # Words the dictionary does not know: worth a look, never a bar to signing.
        self.spelling_heading = QLabel("Spelling to check")
        self.spelling_heading.setObjectName("reviewHeading")
        self.spelling_list = ProblemList()
        self.spelling_list.setAccessibleName("Spelling to check")
        self.spelling_list.setAccessibleDescription(
            "Words the dictionary does not know. They do not stop signing. "
            "Press Enter on one to go to it."
        )
        self.spelling_list.setToolTip("Unknown words: they never stop signing.")
        self.spelling_list.problem_activated.connect(self.problem_activated)
        self.spelling_heading.setBuddy(self.spelling_list)
        # Open concerns come first: they hold up freezing the text for signing.
        self.open_concerns = OpenConcernsList(self.document, side)
        self.open_concerns.go_to.connect(self.problem_activated)

        ready = QFrame()
        ready.setObjectName("readyState")
        ready_layout = QHBoxLayout(ready)
        ready_layout.setContentsMargins(14, 12, 14, 12)
        ready_layout.setSpacing(12)
        tick = QLabel()
        tick.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton).pixmap(28, 28)
        )
        tick.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.ready_label = QLabel(READY_TEXT)
        self.ready_label.setObjectName("readyText")
        self.ready_label.setWordWrap(True)
        self.ready_label.setAccessibleName(READY_TEXT)
        self.ready_facts = QLabel()
        self.ready_facts.setObjectName("readyFacts")
        self.ready_facts.setWordWrap(True)
        ready_text = QVBoxLayout()
        ready_text.setSpacing(4)
        ready_text.addWidget(self.ready_label)
        ready_text.addWidget(self.ready_facts)
        ready_layout.addWidget(tick)
        ready_layout.addLayout(ready_text, 1)
        self.ready_state = ready

        self.export_button = QPushButton("Ex&port…")
        self.export_button.setAccessibleName("Export")
        self.export_button.setDefault(False)
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export_requested)
        self.export_hint = QLabel()
        self.export_hint.setObjectName("exportHint")
        self.export_hint.setWordWrap(True)
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        export_row.addWidget(self.export_hint, 1)

        layout.addWidget(self.open_concerns)
        self._after_concerns = QSpacerItem(0, 0)
        layout.addItem(self._after_concerns)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem_list, 1)
        layout.addWidget(self.ready_state)
        layout.addWidget(self.spelling_heading)
        layout.addWidget(self.spelling_list, 1)
        layout.addSpacing(6)
        layout.addLayout(export_row)
        # When nothing is missing, Export sits right under the good news, not far below it.
        self._after_export = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum)
        layout.addItem(self._after_export)
        self._problems_side_layout = layout
        side.setMinimumWidth(300)
        return side

    def _build_preview_side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        heading = QLabel("Pre&view")
        heading.setObjectName("reviewHeading")
        self.pdf = QPdfDocument(self)
        self.preview = QPdfView()
        self.preview.setObjectName("preview")
        self.preview.setDocument(self.pdf)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview.setPageSpacing(12)
        self.preview.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.preview.setAccessibleName("Preview")  # the words of its label
        self.preview.setAccessibleDescription(
            "The charter's PDF as it will be exported. Use the arrow and Page keys to scroll."
        )
        self.preview.setMinimumSize(360, 360)
        heading.setBuddy(self.preview)
        self.placeholder = QLabel(PLACEHOLDER_TEXT)
        self.placeholder.setObjectName("previewPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.preview_stack = QStackedWidget()
        self.preview_stack.addWidget(self.placeholder)
        self.preview_stack.addWidget(self.preview)
        self.status = QLabel(WAITING_TEXT)
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Preview status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(heading)
        layout.addWidget(self.preview_stack, 1)
        layout.addWidget(self.status)
        return side

    # -- the render service ------------------------------------------------
    def set_render_service(self, service: RenderService) -> None:
        if self.service is not None:
            for signal, slot in self._service_slots(self.service):
                signal.disconnect(slot)
        self.service = service
        for signal, slot in self._service_slots(service):
            signal.connect(slot)
        self.preview_stale = True
        if self.isVisible():
            self._preview_timer.start(0)

    def _service_slots(self, service: RenderService) -> list:
        return [
            (service.finished, self._preview_finished),
            (service.failed, self._preview_failed),
            (service.cancelled, self._preview_cancelled),
        ]

    # -- keeping up with the draft -------------------------------------------
    def _document_changed(self, _path: tuple) -> None:
        self._recheck.start()
        self._mark_stale()

    def _document_reset(self) -> None:
        self.refresh_problems()
        # Another draft: the old preview would show the wrong charter.
        self.pdf.close()
        self._drop_shown_file()
        self.preview_stack.setCurrentWidget(self.placeholder)
        self._set_status(WAITING_TEXT)
        self._mark_stale()

    def _mark_stale(self) -> None:
        self.preview_stale = True
        if self.isVisible():
            self._preview_timer.start(PREVIEW_DELAY_MS)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_problems()
        if self.preview_stale and not self._preview_timer.isActive():
            self._preview_timer.start(0)

    def hideEvent(self, event: QHideEvent) -> None:
        # Edits made on other steps wait until the user comes back here.
        self._preview_timer.stop()
        super().hideEvent(event)

    def is_ready(self) -> bool:
        """True when the page is showing that nothing is missing."""
        return not self.ready_state.isHidden()

    def refresh_problems(self) -> None:
        self.open_concerns.refresh()
        self._after_concerns.changeSize(0, 0 if self.open_concerns.isHidden() else 10)
        problems = find_problems(self.document.charter)
        self.problem_list.show_problems(problems)
        self.problem_list.setHidden(not problems)
        self.ready_state.setHidden(bool(problems))
        misspelt = spelling_problems(self.document.charter, spelling.checker(look_again=True))
        self.spelling_list.show_problems(misspelt)
        self.spelling_list.setHidden(not misspelt)
        self.spelling_heading.setHidden(not misspelt)
        if problems:
            self.summary.setText(
                f"{plural(len(problems), 'thing')} to put right before the partners' boards "
                "can sign. Choose one to go straight to it."
            )
            self.summary.show()
            self.export_hint.setText(
                "You can export a draft at any time, for example to share it for comment."
            )
        else:
            self.summary.hide()
            self.ready_facts.setText(_facts(self.document))
            self.export_hint.setText(
                "Make the PDF, Word document or web page for the partners' boards."
            )
        layout = self._problems_side_layout
        policy = QSizePolicy.Policy.Minimum if problems else QSizePolicy.Policy.Expanding
        self._after_export.changeSize(0, 0, QSizePolicy.Policy.Minimum, policy)
        layout.invalidate()

    # -- the preview ---------------------------------------------------------
    def refresh_preview(self) -> None:
        """Ask for a new preview of the draft as it is now (only while this step shows)."""
        if self.service is None or not self.isVisible():
            return
        self.preview_stale = False
        self._previews_made += 1
        # A new name each time: the file on show stays open until the next one replaces it.
        output = self.service.scratch_path(f"preview-{id(self)}-{self._previews_made}.pdf")
        self.preview_job = self.service.render(self.document.draft, output, preview=True)
        self._set_status("Updating preview…")

    def _preview_finished(self, job: int, path: str, pages: int) -> None:
        if job != self.preview_job:
            return
        self.preview_job = None
        scroll = self.preview.verticalScrollBar().value()
        error = self.pdf.load(path)
        if error != QPdfDocument.Error.None_:
            self._set_status("The preview could not be shown. Exporting the PDF still works.", True)
            return
        self._drop_shown_file()
        self._shown_file = Path(path)
        self.preview_stack.setCurrentWidget(self.preview)
        # Keep the reader's place: the preview refreshes under them while they edit.
        QTimer.singleShot(0, self, lambda: self.preview.verticalScrollBar().setValue(scroll))
        self._set_status(f"Preview of {plural(pages, 'page')}.")

    def _preview_failed(self, job: int, message: str) -> None:
        if job == self.preview_job:
            self.preview_job = None
            self._set_status(message, error=True)

    def _preview_cancelled(self, job: int) -> None:
        if job == self.preview_job:
            self.preview_job = None
            self.preview_stale = True

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("error", error)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _drop_shown_file(self) -> None:
        if self._shown_file is not None:
            with contextlib.suppress(OSError):
                self._shown_file.unlink(missing_ok=True)
            self._shown_file = None

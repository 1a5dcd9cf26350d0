"""The wizard: a list of steps beside the current step, with Back and Next.

The step list is the map: it can be clicked, and marks each step complete or
still needing work, so a board secretary sees the state of the draft at a
glance instead of discovering it one greyed-out Next at a time.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.base import WizardPage
from charter_builder.problems import Problem, find_problems

#: Problems about the charter's own title are put right on the partnership step.
SECTION_ALIASES = {"title": "partnership", "version": "partnership"}


class CharterWizard(QWidget):
    """Hosts the steps; knows nothing of files or menus."""

    #: The user pressed Next on the last step.
    finished = Signal()

    def __init__(
        self, document: CharterDocument, pages: list[WizardPage], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.pages = pages
        self.problems: list[Problem] = []

        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setAccessibleName("Steps")
        self.steps.setFixedWidth(270)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setWordWrap(True)
        self.steps.setSpacing(2)
        self.stack = QStackedWidget()
        for number, page in enumerate(pages):
            label = page.title if number == 0 else f"{number}. {page.title}"
            self.steps.addItem(QListWidgetItem(label))
            self.stack.addWidget(page)
        self.steps.currentRowChanged.connect(self._step_chosen)

        self.back_button = QPushButton("< &Back")
        self.back_button.setAccessibleName("Back")
        self.back_button.clicked.connect(lambda: self.go_to(self.current_index() - 1))
        self.next_button = QPushButton("&Next >")
        self.next_button.setAccessibleName("Next")
        self.next_button.setDefault(False)
        self.next_button.clicked.connect(self._next)
        self.state_label = QLabel()
        self.state_label.setObjectName("stepState")
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.RichText)
        self.state_label.linkActivated.connect(self._show_first_problem)

        nav = QHBoxLayout()
        nav.setContentsMargins(28, 8, 28, 12)
        nav.addWidget(self.state_label, 1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.stack, 1)
        right.addLayout(nav)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.steps)
        layout.addLayout(right, 1)

        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(250)
        self._recheck.timeout.connect(self.update_steps)
        document.changed.connect(lambda _path: self._recheck.start())
        document.reset.connect(self.update_steps)

        self.steps.setCurrentRow(0)
        self.update_steps()

    # -- moving around ---------------------------------------------------
    def current_index(self) -> int:
        return self.stack.currentIndex()

    def current_page(self) -> WizardPage:
        return self.pages[self.current_index()]

    def go_to(self, index: int) -> None:
        if 0 <= index < len(self.pages):
            self.steps.setCurrentRow(index)

    def page_index(self, page_type: type[WizardPage]) -> int:
        return next(i for i, page in enumerate(self.pages) if isinstance(page, page_type))

    def page_for_section(self, section: str) -> int | None:
        section = SECTION_ALIASES.get(section, section)
        for index, page in enumerate(self.pages):
            if section in page.sections or section in (page.concern_sections or ()):
                return index
        return None

    def show_problem(self, problem: Problem) -> None:
        """Take the user to the field a problem is about."""
        index = self.page_for_section(problem.section)
        if index is None:
            return
        self.go_to(index)
        self.pages[index].show_location(problem.location, problem.item_id)

    def _step_chosen(self, index: int) -> None:
        if index < 0:
            return
        self.stack.setCurrentIndex(index)
        self.back_button.setEnabled(index > 0)
        last = index == len(self.pages) - 1
        self.next_button.setText("&Export PDF…" if last else "&Next >")
        self.next_button.setAccessibleName("Export PDF" if last else "Next")
        self._show_state()

    def _next(self) -> None:
        if self.current_index() == len(self.pages) - 1:
            self.finished.emit()
        else:
            self.go_to(self.current_index() + 1)

    # -- the state of each step ------------------------------------------
    def problems_for(self, index: int) -> list[Problem]:
        sections = self.pages[index].sections
        return [
            p for p in self.problems if SECTION_ALIASES.get(p.section, p.section) in sections
        ]

    def update_steps(self) -> None:
        self.problems = find_problems(self.document.charter)
        style = self.style()
        done = style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        todo = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index, page in enumerate(self.pages):
            item = self.steps.item(index)
            if not page.sections:
                continue
            count = len(self.problems_for(index))
            item.setIcon(todo if count else done)
            state = f"{count} to do" if count else "complete"
            item.setToolTip(f"{page.title}: {state}")
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, state)
        self._show_state()

    def _show_state(self) -> None:
        page = self.current_page()
        if not page.sections:
            self.state_label.setText("")
            return
        problems = self.problems_for(self.current_index())
        if not problems:
            self.state_label.setText("This step is complete.")
            return
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        self.state_label.setText(
            f"Still to do: {html.escape(problems[0].message)}{more} "
            '<a href="first-problem">Show me</a>'
        )

    def _show_first_problem(self, _link: str = "") -> None:
        problems = self.problems_for(self.current_index())
        if problems:
            self.show_problem(problems[0])

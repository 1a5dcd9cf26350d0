"""The wizard: a list of steps beside the current step, with Back and Next.

The step list is the map: it can be clicked, and marks each step complete or
still needing work, so a board secretary sees the state of the draft at a
glance instead of discovering it one greyed-out Next at a time.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Sequence
from typing import overload

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
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

from charter_builder.charter.problems import Problem, find_problems
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.base import WizardPage

#: Sections with nothing to fill in until the charter has partners.
NEED_PARTNERS = frozenset({"contributions"})
#: Problems about the charter's own title are put right on the partnership step.
SECTION_ALIASES = {"title": "partnership", "version": "partnership"}


class PageList(Sequence[WizardPage]):
    """The steps, each built the first time it is shown or asked for.

    Building every step up front slows the window's start and holds memory for
    steps the user may never visit. A step's title and sections are known from
    its class, so the step list and the problem counts need no page at all.
    """

    def __init__(
        self,
        kinds: Sequence[type[WizardPage]],
        build: Callable[[type[WizardPage], QWidget], WizardPage],
        stack: QStackedWidget,
    ) -> None:
        self.kinds = list(kinds)
        self._build = build
        self._stack = stack
        self._pages: list[WizardPage | None] = [None] * len(self.kinds)

    def __len__(self) -> int:
        return len(self.kinds)

    @overload
    def __getitem__(self, index: int) -> WizardPage: ...
    @overload
    def __getitem__(self, index: slice) -> list[WizardPage]: ...
    def __getitem__(self, index: int | slice) -> WizardPage | list[WizardPage]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        index = range(len(self))[index]  # IndexError for a step that does not exist
        page = self._pages[index]
        if page is None:
            page = self._pages[index] = self._build(self.kinds[index], self._stack)
            self._stack.addWidget(page)  # the stack holds the built steps in any order
        return page

    def __iter__(self) -> Iterator[WizardPage]:
        return (self[i] for i in range(len(self)))

    def built(self, index: int) -> WizardPage | None:
        """The step if it has been built, without building it."""
        return self._pages[index]


class CharterWizard(QWidget):
    """Hosts the steps; knows nothing of files or menus."""

    #: The user pressed Next on the last step.
    finished = Signal()

    def __init__(
        self,
        document: CharterDocument,
        kinds: Sequence[type[WizardPage]],
        build: Callable[[type[WizardPage], QWidget], WizardPage],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.problems: list[Problem] = []

        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setAccessibleName("Steps")
        self.steps.setFixedWidth(270)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setWordWrap(True)
        self.steps.setSpacing(2)
        self.stack = QStackedWidget()
        self.pages = PageList(kinds, build, self.stack)
        for number, kind in enumerate(kinds):
            label = kind.title if number == 0 else f"{number}. {kind.title}"
            self.steps.addItem(QListWidgetItem(label))
        self.steps.currentRowChanged.connect(self._step_chosen)

        # Plain words: a screen reader or voice control says what the button shows.
        self.back_button = QPushButton("&Back")
        self.back_button.setAccessibleName("Back")
        self.back_button.clicked.connect(lambda: self.go_to(self.current_index() - 1))
        self.next_button = QPushButton("&Next")
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
        return self.steps.currentRow()

    def current_page(self) -> WizardPage:
        return self.pages[self.current_index()]

    def go_to(self, index: int) -> None:
        if 0 <= index < len(self.pages):
            self.steps.setCurrentRow(index)

    def page_index(self, page_type: type[WizardPage]) -> int:
        return next(i for i, kind in enumerate(self.pages.kinds) if issubclass(kind, page_type))

    def page_for_section(self, section: str) -> int | None:
        section = SECTION_ALIASES.get(section, section)
        for index, kind in enumerate(self.pages.kinds):
            if section in kind.sections or section in (kind.concern_sections or ()):
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
        self.stack.setCurrentWidget(self.pages[index])  # built the first time it is shown
        self.back_button.setEnabled(index > 0)
        last = index == len(self.pages) - 1
        # Alt+X: Alt+E is the Edit menu, and Alt+P a signature picture on the last step.
        self.next_button.setText("E&xport…" if last else "&Next")
        self.next_button.setAccessibleName("Export" if last else "Next")
        self._show_state()

    # -- the keyboard ----------------------------------------------------
    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab goes step list, then the step's inputs top to bottom, then Back and Next.

        Steps are built when first shown, after the Back and Next buttons, so Qt's
        own order would visit the buttons before the page; and inputs a step adds
        later (a new partner's card) would come after them too.
        """
        order = self.tab_order()
        at = _position(order, QApplication.focusWidget())
        if at is None or not order:
            return super().focusNextPrevChild(next)
        target = order[(at + (1 if next else -1)) % len(order)]
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        page = self.current_page()
        if page.isAncestorOf(target):
            page.ensureWidgetVisible(target)
        return True

    def tab_order(self) -> list[QWidget]:
        """The widgets Tab visits, in order: steps, the step's inputs, Back, Next."""
        page = self.current_page()
        inputs = []
        widget = page.nextInFocusChain()
        while widget is not page:
            if page.isAncestorOf(widget) and _takes_tab(widget):
                inputs.append(widget)
            widget = widget.nextInFocusChain()
        buttons = [b for b in (self.back_button, self.next_button) if _takes_tab(b)]
        return [self.steps, *inputs, *buttons]

    def _next(self) -> None:
        if self.current_index() == len(self.pages) - 1:
            self.finished.emit()
        else:
            self.go_to(self.current_index() + 1)

    # -- the state of each step ------------------------------------------
    def problems_for(self, index: int) -> list[Problem]:
        sections = self.pages.kinds[index].sections
        return [
            p for p in self.problems if SECTION_ALIASES.get(p.section, p.section) in sections
        ]

    def waiting_for_partners(self, index: int) -> bool:
        """A step with nothing to fill in until there are partners is not complete.

        With no partners there are no contributions to write, so the core finds
        nothing missing there; a tick would tell the user the step is done.
        """
        sections = set(self.pages.kinds[index].sections)
        return bool(sections) and sections <= NEED_PARTNERS and not self.document.charter.partners

    def update_steps(self) -> None:
        self.problems = find_problems(self.document.charter)
        style = self.style()
        done = style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        todo = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index, kind in enumerate(self.pages.kinds):
            item = self.steps.item(index)
            step_status = getattr(kind, "step_status", None)
            if step_status is not None:  # a step that edits no section says where it stands
                status = step_status(self.document.charter)
                item.setIcon(done if status.complete else todo)
                item.setToolTip(f"{kind.title}: {status.short}")
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, status.short)
                continue
            if not kind.sections:
                continue
            count = len(self.problems_for(index))
            if self.waiting_for_partners(index):
                item.setIcon(todo)
                state = "waiting for partners"
            else:
                item.setIcon(todo if count else done)
                state = f"{count} to do" if count else "complete"
            item.setToolTip(f"{kind.title}: {state}")
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, state)
        self._show_state()

    def _show_state(self) -> None:
        step_status = getattr(self.pages.kinds[self.current_index()], "step_status", None)
        if step_status is not None:
            self.state_label.setText(html.escape(step_status(self.document.charter).sentence))
            return
        if not self.pages.kinds[self.current_index()].sections:
            self.state_label.setText("")
            return
        if self.waiting_for_partners(self.current_index()):
            partners = self.page_for_section("partners")
            where = "" if partners is None else f" on the “{self.pages.kinds[partners].title}” step"
            self.state_label.setText(
                f"Nothing to fill in here until you add partners{html.escape(where)}. "
                '<a href="first-problem">Show me</a>'
            )
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
        if self.waiting_for_partners(self.current_index()):
            partners = self.page_for_section("partners")
            if partners is not None:
                self.go_to(partners)
                self.pages[partners].show_location(("partners",))
            return
        problems = self.problems_for(self.current_index())
        if problems:
            self.show_problem(problems[0])


def _takes_tab(widget: QWidget) -> bool:
    """What Qt itself would stop on when tabbing."""
    tab = Qt.FocusPolicy.TabFocus
    return (
        widget.focusPolicy() & tab == tab
        and widget.focusProxy() is None
        and widget.isVisible()
        and widget.isEnabled()
    )


def _position(order: list[QWidget], widget: QWidget | None) -> int | None:
    """Where the focused widget, or the input it is part of, comes in the order."""
    while widget is not None:
        for index, candidate in enumerate(order):
            if candidate is widget:
                return index
        widget = widget.parentWidget()
    return None

"""The main window's menus: File, Edit, Go and Help, with the usual keys.

Built from the flows that do the work (and a few window actions passed in),
never by reaching into the window: the menus only say which action runs what.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from charter_builder.drafts.starters import STARTERS
from charter_builder.gui.flows.coediting import CoeditingFlow
from charter_builder.gui.flows.export import ExportFlow
from charter_builder.gui.flows.files import FilesFlow
from charter_builder.gui.wizard import CharterWizard


def add_action(
    owner: QWidget,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, owner)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


@dataclass
class WindowActions:
    """What the menus run that belongs to the window rather than to a flow."""

    show_history: Callable[[], object]
    edit_identity: Callable[[], object]
    show_guidance: Callable[[], object]
    show_about: Callable[[], object]


@dataclass
class Menus:
    """The actions others refer to (tests press them; Open Recent is refilled)."""

    open_action: QAction
    recent_menu: QMenu
    save_action: QAction
    save_as_action: QAction
    merge_action: QAction
    history_action: QAction
    mark_sent_action: QAction
    export_action: QAction
    print_action: QAction
    add_seal_action: QAction
    check_pdf_action: QAction
    close_action: QAction
    undo_action: QAction
    redo_action: QAction
    identity_action: QAction


def fill_recent(
    owner: QWidget, menu: QMenu, files: list[Path], open_draft: Callable[[Path], object]
) -> None:
    """File > Open Recent: one entry a draft, greyed out when there are none."""
    menu.clear()
    for path in files:
        add_action(owner, menu, str(path), lambda p=path: open_draft(p))
    menu.setEnabled(bool(files))


def build_menus(
    window: QMainWindow,
    *,
    files: FilesFlow,
    coediting: CoeditingFlow,
    exporting: ExportFlow,
    wizard: CharterWizard,
    undo_stack: QUndoStack,
    actions: WindowActions,
) -> Menus:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    new_menu = file_menu.addMenu("&New")
    taken: set[str] = set()
    for number, starter in enumerate(STARTERS.values()):
        # Each starter's first letter not yet taken is its key: &Blank, &Integrated…
        title = starter.title.replace("&", "&&")
        at = next((i for i, c in enumerate(title) if c.isalpha() and c.lower() not in taken), 0)
        taken.add(title[at].lower())
        add_action(
            window,
            new_menu,
            f"{title[:at]}&{title[at:]}",
            lambda name=starter.name: files.new_from_starter(name),
            QKeySequence.StandardKey.New if number == 0 else None,
            starter.description,
        )
    open_action = add_action(
        window,
        file_menu,
        "&Open…",
        files.open,
        QKeySequence.StandardKey.Open,
        "Open a saved draft",
    )
    recent_menu = file_menu.addMenu("Open &Recent")
    file_menu.addSeparator()
    save_action = add_action(
        window, file_menu, "&Save", files.save, QKeySequence.StandardKey.Save, "Save the draft"
    )
    save_as_action = add_action(
        window,
        file_menu,
        "Save &As…",
        files.save_as,
        QKeySequence.StandardKey.SaveAs,
        "Save the draft under a new name",
    )
    merge_action = add_action(
        window,
        file_menu,
        "&Merge with a Copy…",
        coediting.merge_with_copy,
        None,
        "Bring in the changes from another copy of this draft",
    )
    history_action = add_action(
        window,
        file_menu,
        "&History…",
        actions.show_history,
        "Ctrl+H",
        "See every saved revision and what changed",
    )
    mark_sent_action = add_action(
        window,
        file_menu,
        "Mark as Sent to &Boards…",
        files.mark_sent_to_boards,
        None,
        "Record that this saved version went to the partners' boards",
    )
    export_action = add_action(
        window,
        file_menu,
        "&Export…",
        exporting.export,
        "Ctrl+E",
        "Make the charter's PDF, Word document or web page, or a paper of the changes",
    )
    print_action = add_action(
        window,
        file_menu,
        "&Print…",
        exporting.print_charter,
        QKeySequence.StandardKey.Print,
        "Print the charter",
    )
    add_seal_action = add_action(
        window,
        file_menu,
        "Add Our Sea&l to a PDF…",
        exporting.add_seal_to_pdf,
        None,
        "Add your organisation's digital seal to a charter PDF you received",
    )
    check_pdf_action = add_action(
        window,
        file_menu,
        "Chec&k a Signed PDF…",
        exporting.check_signed_pdf,
        None,
        "Check a charter PDF's seals and signatures",
    )
    file_menu.addSeparator()
    close_action = add_action(
        window,
        file_menu,
        "&Close",
        files.close_draft,
        QKeySequence.StandardKey.Close,
        "Close the draft",
    )
    add_action(window, file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    edit_menu = bar.addMenu("&Edit")
    undo_action = undo_stack.createUndoAction(window, "&Undo")
    undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
    redo_action = undo_stack.createRedoAction(window, "&Redo")
    redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    if QKeySequence("Ctrl+Shift+Z") not in redo_keys:  # the usual key on every system
        redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
    redo_action.setShortcuts(redo_keys)
    edit_menu.addAction(undo_action)
    edit_menu.addAction(redo_action)
    edit_menu.addSeparator()
    identity_action = add_action(
        window,
        edit_menu,
        "Your &name and organisation…",
        actions.edit_identity,
        None,
        "The name and organisation recorded with the versions you save and your signatures",
    )

    go_menu = bar.addMenu("&Go")
    add_action(
        window,
        go_menu,
        "&Next step",
        lambda: wizard.go_to(wizard.current_index() + 1),
        "Ctrl+PgDown",
    )
    add_action(
        window,
        go_menu,
        "&Previous step",
        lambda: wizard.go_to(wizard.current_index() - 1),
        "Ctrl+PgUp",
    )
    go_menu.addSeparator()
    for index, kind in enumerate(wizard.pages.kinds):
        shortcut = f"Alt+{index}" if index < 10 else None
        add_action(window, go_menu, kind.title, lambda i=index: wizard.go_to(i), shortcut)

    help_menu = bar.addMenu("&Help")
    add_action(
        window,
        help_menu,
        "&Guidance for this step",
        actions.show_guidance,
        QKeySequence.StandardKey.HelpContents,
    )
    add_action(window, help_menu, "&About Charter Builder", actions.show_about)
    return Menus(
        open_action,
        recent_menu,
        save_action,
        save_as_action,
        merge_action,
        history_action,
        mark_sent_action,
        export_action,
        print_action,
        add_seal_action,
        check_pdf_action,
        close_action,
        undo_action,
        redo_action,
        identity_action,
    )

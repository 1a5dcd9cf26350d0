"""The main window's menus: File, Edit, Go and Help, with the usual keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from charter_builder.drafts.starters import STARTERS

if TYPE_CHECKING:
    from charter_builder.gui.main_window import MainWindow


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


def build_menus(window: MainWindow) -> None:
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
            lambda name=starter.name: window.new_from_starter(name),
            QKeySequence.StandardKey.New if number == 0 else None,
            starter.description,
        )
    window.open_action = add_action(
        window,
        file_menu,
        "&Open…",
        window.open,
        QKeySequence.StandardKey.Open,
        "Open a saved draft",
    )
    window.recent_menu = file_menu.addMenu("Open &Recent")
    file_menu.addSeparator()
    window.save_action = add_action(
        window, file_menu, "&Save", window.save, QKeySequence.StandardKey.Save, "Save the draft"
    )
    window.save_as_action = add_action(
        window,
        file_menu,
        "Save &As…",
        window.save_as,
        QKeySequence.StandardKey.SaveAs,
        "Save the draft under a new name",
    )
    window.merge_action = add_action(
        window,
        file_menu,
        "&Merge with a Copy…",
        window.merge_with_copy,
        None,
        "Bring in the changes from another copy of this draft",
    )
    window.history_action = add_action(
        window,
        file_menu,
        "&History…",
        window.show_history,
        "Ctrl+H",
        "See every saved revision and what changed",
    )
    window.export_action = add_action(
        window, file_menu, "&Export PDF…", window.export, "Ctrl+E", "Make the charter's PDF"
    )
    window.add_seal_action = add_action(
        window,
        file_menu,
        "Add Our Sea&l to a PDF…",
        window.add_seal_to_pdf,
        None,
        "Add your organisation's digital seal to a charter PDF you received",
    )
    window.check_pdf_action = add_action(
        window,
        file_menu,
        "Chec&k a Signed PDF…",
        window.check_signed_pdf,
        None,
        "Check a charter PDF's seals and signatures",
    )
    file_menu.addSeparator()
    window.close_action = add_action(
        window,
        file_menu,
        "&Close",
        window.close_draft,
        QKeySequence.StandardKey.Close,
        "Close the draft",
    )
    add_action(window, file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    edit_menu = bar.addMenu("&Edit")
    window.undo_action = window.document.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
    window.redo_action = window.document.undo_stack.createRedoAction(window, "&Redo")
    redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    if QKeySequence("Ctrl+Shift+Z") not in redo_keys:  # the usual key on every system
        redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
    window.redo_action.setShortcuts(redo_keys)
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    edit_menu.addSeparator()
    window.identity_action = add_action(
        window,
        edit_menu,
        "Your &name and organisation…",
        window._edit_identity,
        None,
        "The name and organisation recorded with the versions you save and your signatures",
    )

    go_menu = bar.addMenu("&Go")
    add_action(
        window,
        go_menu,
        "&Next step",
        lambda: window.wizard.go_to(window.wizard.current_index() + 1),
        "Ctrl+PgDown",
    )
    add_action(
        window,
        go_menu,
        "&Previous step",
        lambda: window.wizard.go_to(window.wizard.current_index() - 1),
        "Ctrl+PgUp",
    )
    go_menu.addSeparator()
    for index, kind in enumerate(window.wizard.pages.kinds):
        shortcut = f"Alt+{index}" if index < 10 else None
        add_action(window, go_menu, kind.title, lambda i=index: window.wizard.go_to(i), shortcut)

    help_menu = bar.addMenu("&Help")
    add_action(
        window,
        help_menu,
        "&Guidance for this step",
        window.show_guidance,
        QKeySequence.StandardKey.HelpContents,
    )
    add_action(window, help_menu, "&About Charter Builder", window.show_about)

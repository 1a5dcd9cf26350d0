"""Misspellings underlined as a board secretary types, with suggestions and a word list kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from charter_builder.drafts.draft_file import save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.gui import spelling
from charter_builder.gui.pages.purpose import PurposePage

SQUIGGLE = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


def show_vision(window, qtbot):
    index = window.wizard.page_index(PurposePage)
    window.wizard.go_to(index)
    page = window.wizard.pages[index]
    qtbot.waitUntil(page.isVisible)
    return page.vision_edit


def underlined(edit) -> list[str]:
    """The words the box draws with a spelling squiggle, read from its text layout."""
    found = []
    block = edit.document().firstBlock()
    while block.isValid():
        for part in block.layout().formats():
            if part.format.underlineStyle() == SQUIGGLE:
                found.append(block.text()[part.start : part.start + part.length])
        block = block.next()
    return found


def open_example(window, tmp_path: Path) -> Path:
    """The worked example, saved and opened in the window."""
    path = tmp_path / "wyvern.charter"
    save_draft(load_starter("example"), path)
    assert window.open(path)
    return path


def type_principle_title(window, qtbot, text: str):
    """Type `text` over the first principle's title, as a user would; the title box."""
    from charter_builder.gui.pages.principles import PrinciplesPage

    index = window.wizard.page_index(PrinciplesPage)
    window.wizard.go_to(index)
    page = window.wizard.pages[index]
    qtbot.waitUntil(page.isVisible)
    edit = page.title_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    return edit


def type_into(edit, qtbot, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def menu_for(edit, word: str):
    start = edit.toPlainText().index(word) + 1
    cursor = QTextCursor(edit.document())
    cursor.setPosition(start)
    return spelling.context_menu(edit, edit.cursorRect(cursor).center())


def test_a_misspelling_typed_in_the_vision_is_underlined_with_suggestions(window, qtbot, tmp_path):
    open_example(window, tmp_path)
    edit = show_vision(window, qtbot)
    type_into(edit, qtbot, "Kestleford and the ICB will recieve a colour programme, not a color.")
    qtbot.waitUntil(lambda: "recieve" in underlined(edit))
    # A partner's name, an NHS word and British spellings are left alone; American is not.
    assert underlined(edit) == ["recieve", "color"]

    menu = menu_for(edit, "recieve")
    texts = [action.text().replace("&", "") for action in menu.actions()]
    assert "receive" in texts
    assert "Add to dictionary" in texts and "Ignore" in texts
    next(a for a in menu.actions() if a.text() == "receive").trigger()
    qtbot.waitUntil(lambda: "will receive a colour" in window.document.charter.purpose.vision)
    assert underlined(edit) == ["color"]


def test_add_to_dictionary_survives_a_restart(window, qtbot, tmp_path):
    edit = show_vision(window, qtbot)
    type_into(edit, qtbot, "Our Frimley-style neighbourhood huddles and gembaish walks.")
    qtbot.waitUntil(lambda: "gembaish" in underlined(edit))
    menu = menu_for(edit, "gembaish")
    next(a for a in menu.actions() if a.text().replace("&", "") == "Add to dictionary").trigger()
    assert "gembaish" not in underlined(edit)
    assert "gembaish" in spelling.user_words_file().read_text(encoding="utf-8")

    # A new run of the application: a fresh checker and a new window read the word list.
    window.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    window.close()
    spelling.forget_checker()
    from charter_builder.gui.main_window import MainWindow

    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    edit = show_vision(again, qtbot)
    type_into(edit, qtbot, "More gembaish walks, and a recieve.")
    qtbot.waitUntil(lambda: "recieve" in underlined(edit))
    assert underlined(edit) == ["recieve"]
    again.prompts.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    again.close()


def test_ignore_lasts_for_the_session_only(window, qtbot):
    edit = show_vision(window, qtbot)
    type_into(edit, qtbot, "A Brackenmoor hub.")
    qtbot.waitUntil(lambda: "Brackenmoor" in underlined(edit))
    menu = menu_for(edit, "Brackenmoor")
    next(a for a in menu.actions() if a.text().replace("&", "") == "Ignore").trigger()
    assert underlined(edit) == []
    spelling.forget_checker()
    assert not spelling.checker().is_correct("Brackenmoor")
    assert not Path(spelling.user_words_file()).exists()


def test_the_review_step_lists_a_misspelling_as_a_warning_that_goes_to_its_box(
    window, qtbot, tmp_path
):
    from charter_builder.gui.pages.review import ReviewPage

    open_example(window, tmp_path)
    edit = show_vision(window, qtbot)
    type_into(edit, qtbot, "Wyvern Vale residents will recieve care closer to home.")
    qtbot.waitUntil(lambda: "recieve" in window.document.charter.purpose.vision)

    index = window.wizard.page_index(ReviewPage)
    window.wizard.go_to(index)
    review = window.wizard.pages[index]
    qtbot.waitUntil(review.isVisible)
    listed = [p for p in review.spelling_list.problems() if p.location == ("purpose", "vision")]
    assert [p.message for p in listed] == ["Check the spelling of “recieve”."]
    assert review.spelling_list.isVisible()
    # A warning only: the things that stop signing do not include it.
    assert all("recieve" not in p.message for p in review.problem_list.problems())

    review.spelling_list.itemClicked.emit(review.spelling_list.item_for(listed[0]), 0)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)


def test_each_prose_box_counts_its_words(window, qtbot):
    edit = show_vision(window, qtbot)
    type_into(edit, qtbot, "Everyone in Wyvern Vale lives a longer, healthier life.")
    qtbot.waitUntil(lambda: edit.word_count.text() == "9 words")
    assert edit.word_count.isVisible()
    # Beside the text, not over it: the count sits in the box's foot, below the last line.
    text_bottom = edit.viewport().geometry().bottom()
    assert edit.word_count.geometry().top() > text_bottom


def test_the_word_count_of_a_box_that_scrolls_is_not_hidden_by_its_scroll_bar(window, qtbot):
    edit = show_vision(window, qtbot)
    type_into(edit, qtbot, "A longer life for everyone.")
    edit.setPlainText("\n".join(["Partners will work together for residents."] * 40))
    scroll_bar = edit.verticalScrollBar()
    qtbot.waitUntil(lambda: scroll_bar.isVisible() and edit.word_count.text() == "240 words")
    count = edit.word_count
    # The whole count is drawn, and none of it under the scroll bar.
    assert count.fontMetrics().horizontalAdvance(count.text()) <= count.width()
    assert count.geometry().right() < scroll_bar.mapTo(edit, QPoint(0, 0)).x()


def red_under(edit, word: str) -> int:
    """How many squiggle-red pixels the one-line box draws beneath `word`."""
    text = edit.text()
    start = text.index(word)
    keep = edit.cursorPosition()
    edit.setCursorPosition(start)
    left = edit.cursorRect().center().x()
    edit.setCursorPosition(start + len(word))
    right = edit.cursorRect().center().x()
    edit.setCursorPosition(keep)
    image = edit.grab().toImage()
    count = 0
    for x in range(left, right):
        for y in range(image.height() // 2, image.height()):
            colour = image.pixelColor(x, y)
            if colour.red() > 150 and colour.red() - colour.green() > 50:
                count += 1
    return count


def test_a_misspelt_principle_title_is_underlined_and_corrected_from_its_menu(
    window, qtbot, tmp_path
):
    open_example(window, tmp_path)
    edit = type_principle_title(window, qtbot, "Surface and resolve conflcit early")
    qtbot.waitUntil(lambda: red_under(edit, "conflcit") > 10)
    assert red_under(edit, "Surface") == 0 and red_under(edit, "early") == 0

    menu = next(
        child.context_menu(_point_in(edit, "conflcit"))
        for child in edit.children()
        if isinstance(child, spelling.LineSpelling)
    )
    texts = [action.text().replace("&", "") for action in menu.actions()]
    assert "conflict" in texts and "Add to dictionary" in texts and "Ignore" in texts
    next(a for a in menu.actions() if a.text() == "conflict").trigger()
    qtbot.waitUntil(lambda: charter_title(window) == "Surface and resolve conflict early")
    assert edit.text() == "Surface and resolve conflict early"
    assert red_under(edit, "conflict") == 0

    # The correction is one step of the box's undo, like any other edit.
    edit.undo()
    qtbot.waitUntil(lambda: charter_title(window) == "Surface and resolve conflcit early")


def charter_title(window) -> str:
    return window.document.charter.principles[0].title


def _point_in(edit, word: str):
    keep = edit.cursorPosition()
    edit.setCursorPosition(edit.text().index(word) + 2)
    point = edit.cursorRect().center()
    edit.setCursorPosition(keep)
    return point


def test_an_email_address_is_never_underlined(window, qtbot, tmp_path):
    from charter_builder.gui.pages.partnership import PartnershipPage

    open_example(window, tmp_path)
    index = window.wizard.page_index(PartnershipPage)
    window.wizard.go_to(index)
    page = window.wizard.pages[index]
    qtbot.waitUntil(page.isVisible)
    qtbot.waitUntil(page.rep_email_edit.isVisible)
    edit = page.rep_email_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "qwxzv@wyvern.example")
    assert red_under(edit, "qwxzv") == 0
    assert not any(isinstance(c, spelling.LineSpelling) for c in edit.children())


def words_in_menu_opened_from_the_keyboard(edit, qtbot) -> list[str]:
    """Open the box's menu as the menu key does, read its entries, and close it."""
    seen: list[str] = []

    def read() -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            seen.extend(action.text().replace("&", "") for action in popup.actions())
            popup.close()

    QTimer.singleShot(100, read)
    corner = QPoint(2, 2)  # where the keyboard's menu event says it is: not the word
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, corner, edit.mapToGlobal(corner))
    QApplication.sendEvent(edit, event)
    qtbot.waitUntil(lambda: bool(seen))
    return seen


def test_the_menu_key_offers_suggestions_for_the_word_at_the_cursor(window, qtbot, tmp_path):
    open_example(window, tmp_path)
    edit = show_vision(window, qtbot)
    type_into(edit, qtbot, "Together we will recieve more.")
    qtbot.waitUntil(lambda: "recieve" in underlined(edit))
    cursor = edit.textCursor()
    cursor.setPosition(edit.toPlainText().index("recieve") + 2)
    edit.setTextCursor(cursor)
    assert "receive" in words_in_menu_opened_from_the_keyboard(edit, qtbot)

    title = type_principle_title(window, qtbot, "Surface and resolve conflcit early")
    qtbot.waitUntil(lambda: red_under(title, "conflcit") > 10)
    title.setCursorPosition(title.text().index("conflcit") + 3)
    assert "conflict" in words_in_menu_opened_from_the_keyboard(title, qtbot)


def test_a_measure_typed_in_its_row_is_checked_too(qtbot):
    from PySide6.QtWidgets import QLineEdit

    from charter_builder.gui.pages.commitments import CommitmentsPage
    from gui.page_helpers import open_page

    page = open_page(qtbot, CommitmentsPage, "example")
    page.commitments.select(page.document.charter.commitments[2].id)
    measures = page.measures
    measures.list.setCurrentRow(measures.list.count() - 1)
    qtbot.mouseClick(measures.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "Fewer falls recieved at home")
    qtbot.waitUntil(lambda: red_under(editor, "recieved") > 10)
    assert red_under(editor, "Fewer") == 0 and red_under(editor, "home") == 0


def test_the_wording_written_in_the_merge_dialog_is_checked(qtbot):
    from charter_builder.drafts.draft_merge import merge_drafts
    from gui.test_merge_dialog import conflicting_copies, open_dialog, pick, row_of

    mine, theirs = conflicting_copies()
    dialog = open_dialog(qtbot, merge_drafts(mine, theirs))
    pick(qtbot, dialog, row_of(dialog, "vision"))
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    dialog.editor.selectAll()
    qtbot.keyClicks(dialog.editor, "By 2036 everyone will recieve care at home.")
    qtbot.waitUntil(lambda: underlined(dialog.editor) == ["recieve"])
    assert "Keeping your edited text" in dialog.conflict_list.item(row_of(dialog, "vision")).text()


@pytest.fixture
def dictionary_not_loaded(monkeypatch):
    """As in a fresh start: no dictionary in memory and no checker made."""
    from charter_builder.charter import spelling as core

    monkeypatch.setattr(core, "_loaded", {})
    spelling.forget_checker()
    yield core
    spelling.forget_checker()


def test_the_window_opens_without_waiting_for_the_dictionary_and_names_still_count(
    dictionary_not_loaded, window, qtbot, tmp_path
):
    # Loading the dictionary takes a third of a second: the Welcome step must not wait for it.
    assert window.isVisible()
    assert dictionary_not_loaded._loaded == {}

    # The first box to need it loads it, and the charter's names still count.
    open_example(window, tmp_path)
    edit = show_vision(window, qtbot)
    type_into(edit, qtbot, "Kestleford and Ferrisdale will recieve more.")
    qtbot.waitUntil(lambda: "recieve" in underlined(edit))
    assert underlined(edit) == ["recieve"]
    assert dictionary_not_loaded._loaded


def test_the_command_line_reads_the_word_list_the_window_keeps(qtbot):
    # `validate` cannot ask Qt where the data folder is; it must find the same file.
    from charter_builder.charter.spelling import user_words_file
    from charter_builder.gui.app import configure_application

    configure_application(QApplication.instance())
    assert spelling.user_words_file() == user_words_file()

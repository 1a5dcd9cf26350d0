"""The wizard by keyboard and on a small screen: dates, Tab, Alt keys, names, first start.

Everything here is driven as a keyboard user or a screen reader meets it: key
presses on real widgets in a real window, on real drafts.
"""

from __future__ import annotations

import getpass
import re
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFormLayout,
    QGroupBox,
    QLabel,
    QWidget,
)

from charter_builder.charter import editing
from charter_builder.charter.model import Partner
from charter_builder.drafts.starters import load_starter
from charter_builder.gui import settings
from charter_builder.gui.date_edit import OptionalDateEdit
from charter_builder.gui.pages.contributions import ContributionsPage
from charter_builder.gui.pages.partnership import PartnershipPage
from gui.page_helpers import open_page

MENU_KEYS = {"f", "e", "g", "h"}  # &File, &Edit, &Go, &Help


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard focus is, as the user's keyboard sends it."""
    QTest.keyClick(focused(), key, modifiers)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def name_of(widget: QWidget | None) -> str:
    return "" if widget is None else widget.accessibleName()


# -- 1. dates ----------------------------------------------------------------
@pytest.fixture
def blank_partnership(qtbot):
    """The partnership step of a blank charter: both of its dates are "Not set"."""
    page = open_page(qtbot, PartnershipPage, "blank")
    assert page.document.charter.partnership.effective_date is None
    return page


def test_tab_and_shift_tab_pass_through_a_blank_date(blank_partnership) -> None:
    page = blank_partnership
    steps = page.document.undo_stack.count()
    page.scope_edit.setFocus()
    press(Qt.Key.Key_Tab)
    assert focused() is page.effective_edit and page.effective_edit.text() == "Not set"
    press(Qt.Key.Key_Tab)
    assert focused() is page.review_edit
    press(Qt.Key.Key_Backtab)
    assert focused() is page.effective_edit
    press(Qt.Key.Key_Backtab)
    assert focused() is page.scope_edit
    assert page.effective_edit.text() == "Not set"  # passing through changes nothing
    assert page.document.undo_stack.count() == steps


def test_a_set_date_is_one_tab_stop_not_three(blank_partnership) -> None:
    page = blank_partnership
    page.document.set_value(("partnership", "effective_date"), date(2027, 4, 1))
    page.scope_edit.setFocus()
    press(Qt.Key.Key_Tab)
    assert focused() is page.effective_edit
    press(Qt.Key.Key_Tab)  # not the month, then the year
    assert focused() is page.review_edit
    press(Qt.Key.Key_Backtab)
    press(Qt.Key.Key_Backtab)
    assert focused() is page.scope_edit


def test_typing_a_date_into_a_blank_date(blank_partnership) -> None:
    page = blank_partnership
    document = page.document
    page.scope_edit.setFocus()
    press(Qt.Key.Key_Tab)
    type_text("15/03/2027")
    assert "Not set" not in page.effective_edit.text()
    press(Qt.Key.Key_Tab)
    assert document.charter.partnership.effective_date == date(2027, 3, 15)
    assert page.effective_edit.text() == "15 March 2027"  # read easily once typed

    # Spaces work as well as slashes, and a short day or month needs no leading zero.
    assert focused() is page.review_edit
    type_text("4 7 2028")
    press(Qt.Key.Key_Backtab)
    assert document.charter.partnership.review_date == date(2028, 7, 4)

    document.undo_stack.undo()  # one step takes back the whole typed date
    assert document.charter.partnership.review_date is None
    assert document.charter.partnership.effective_date == date(2027, 3, 15)
    document.undo_stack.undo()
    assert document.charter.partnership.effective_date is None


def test_typing_over_a_set_date_one_part_at_a_time(blank_partnership) -> None:
    page = blank_partnership
    page.document.set_value(("partnership", "effective_date"), date(2027, 4, 1))
    page.scope_edit.setFocus()
    press(Qt.Key.Key_Tab)  # the day is ready to be typed over
    type_text("1/9/2029")
    press(Qt.Key.Key_Tab)
    assert page.document.charter.partnership.effective_date == date(2029, 9, 1)


def test_delete_puts_a_date_back_to_not_set(blank_partnership) -> None:
    page = blank_partnership
    document = page.document
    document.set_value(("partnership", "effective_date"), date(2027, 4, 1))
    page.scope_edit.setFocus()
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Delete)
    assert page.effective_edit.text() == "Not set"
    assert document.charter.partnership.effective_date is None
    assert page.effective_edit.value() is None
    # Select everything and Backspace does the same.
    type_text("2")
    assert page.effective_edit.value() is not None
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(Qt.Key.Key_Backspace)
    assert page.effective_edit.text() == "Not set"
    assert document.charter.partnership.effective_date is None
    # The way back is told, to the eye and to a screen reader.
    assert "Delete" in page.effective_edit.accessibleDescription()
    assert "Delete" in page.effective_edit.toolTip()


def test_arrows_on_a_blank_date_start_from_today(blank_partnership) -> None:
    page = blank_partnership
    today = QDate.currentDate()
    page.scope_edit.setFocus()
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Up)
    assert page.effective_edit.date() == today  # not 2 January 1900
    press(Qt.Key.Key_Delete)
    press(Qt.Key.Key_Down)
    assert page.effective_edit.date() == today
    press(Qt.Key.Key_Up)  # from there, arrows change the day as usual
    assert page.effective_edit.date() == today.addDays(1)


def test_a_letter_on_a_blank_date_is_not_typed_after_not_set(blank_partnership) -> None:
    page = blank_partnership
    page.effective_edit.setFocus()
    type_text("x")
    assert "Not set" not in page.effective_edit.text()
    assert "x" not in page.effective_edit.text()


def test_the_calendar_of_a_blank_date_opens_on_today(blank_partnership, qtbot) -> None:
    page = blank_partnership
    edit = page.effective_edit
    calendar = edit.calendarWidget()
    today = QDate.currentDate()
    edit.setFocus()
    press(Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert calendar.selectedDate() == today
    # Looking is not choosing: closing the calendar leaves the date blank.
    assert calendar.isAncestorOf(focused())  # the keyboard is in the calendar
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert page.document.charter.partnership.effective_date is None

    edit.setFocus()
    press(Qt.Key.Key_F4)
    qtbot.waitUntil(calendar.isVisible)
    press(Qt.Key.Key_Right)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    tomorrow = today.addDays(1).toPython()
    assert page.document.charter.partnership.effective_date == tomorrow


def test_a_date_box_on_its_own_still_reports_blank_as_none(qtbot) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    assert edit.value() is None and edit.text() == "Not set"
    edit.set_value(date(2030, 1, 31))
    assert edit.value() == date(2030, 1, 31)
    edit.set_value(None)
    assert edit.value() is None


# -- 2. Tab order in the window ------------------------------------------------
def test_tab_goes_from_the_step_list_into_the_step_then_back_and_next(window, qtbot) -> None:
    window.new_from_starter("example")
    wizard = window.wizard
    page = wizard.current_page()
    assert isinstance(page, PartnershipPage)
    wizard.steps.setFocus()
    press(Qt.Key.Key_Tab)
    # Top to bottom: the concern button beside the heading, then the first input.
    assert name_of(focused()) == "Raise a concern"
    press(Qt.Key.Key_Tab)
    assert focused() is page.title_edit
    visited = [focused()]
    for _ in range(60):
        press(Qt.Key.Key_Tab)
        visited.append(focused())
        if focused() is wizard.steps:
            break
    assert visited[-3:] == [wizard.back_button, wizard.next_button, wizard.steps]
    inputs = visited[:-3]
    assert all(page.isAncestorOf(widget) for widget in inputs)
    assert page.version_edit in inputs and page.logo.choose_button in inputs
    # And back again the other way.
    press(Qt.Key.Key_Backtab)
    assert focused() is wizard.next_button
    press(Qt.Key.Key_Backtab)
    press(Qt.Key.Key_Backtab)
    assert focused() is inputs[-1]


def test_on_every_step_tab_from_the_step_list_lands_in_the_step(window) -> None:
    window.new_from_starter("example")
    wizard = window.wizard
    for index in range(len(wizard.pages)):
        wizard.go_to(index)
        wizard.steps.setFocus()
        press(Qt.Key.Key_Tab)
        page = wizard.current_page()
        assert page.isAncestorOf(focused()), f"Tab left {page.title} for {focused()}"


# -- 3. a small screen -----------------------------------------------------------
@pytest.mark.parametrize("starter", ["example", "blank"])
def test_every_step_fits_a_small_screen_without_scrolling_sideways(window, starter) -> None:
    window.document.replace(load_starter(starter), None)
    window.resize(1024, 700)
    clipped = []
    for index in range(len(window.wizard.pages)):
        window.wizard.go_to(index)
        QApplication.processEvents()
        page = window.wizard.current_page()
        if page.horizontalScrollBar().isVisible():
            clipped.append(page.title)
        if page.concerns is not None:
            button = page.concerns.bar
            right = button.mapTo(page.viewport(), button.rect().topRight()).x()
            assert right <= page.viewport().width(), f"{page.title}: the concern button is cut"
    assert window.width() == 1024
    assert not clipped


def test_the_list_buttons_sit_two_by_two_beside_a_form(window) -> None:
    window.new_from_starter("example")
    partners = window.wizard.current_page().partners
    assert partners.add_button.y() == partners.remove_button.y()
    assert partners.up_button.y() > partners.add_button.y()


# -- 4. Alt keys -------------------------------------------------------------------
def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def mnemonics_shown(window) -> dict[str, list[str]]:
    """Each Alt key the user can press on the step on show, with what it belongs to."""
    keys: dict[str, list[str]] = {}
    for action in window.menuBar().actions():
        keys.setdefault(mnemonic(action.text()), []).append(f"menu {action.text()}")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or labelled:
            text = widget.text()
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            text = widget.title()
        else:
            continue
        keys.setdefault(mnemonic(text), []).append(text)
    keys.pop(None, None)
    return keys


@pytest.mark.parametrize("starter", ["example", "ics"])
def test_no_two_alt_keys_clash_on_any_step(window, starter) -> None:
    window.document.replace(load_starter(starter), None)
    assert {mnemonic(a.text()) for a in window.menuBar().actions()} == MENU_KEYS
    clashes = {}
    for index in range(len(window.wizard.pages)):
        window.wizard.go_to(index)
        QApplication.processEvents()
        # One field on each of several cards may share a key: pressing it again moves on.
        shared = {k: v for k, v in mnemonics_shown(window).items() if len(set(v)) > 1}
        if shared:
            clashes[window.wizard.current_page().title] = shared
    assert not clashes


def labels_of_inputs(window) -> list[QLabel]:
    """The visible labels that name an input: a form's row labels and the cards' field labels."""
    found = []
    for form in window.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            field = field.widget() if field is not None else None
            takes_focus = field is not None and (
                field.focusPolicy() != Qt.FocusPolicy.NoFocus or field.focusProxy() is not None
            )  # not a heading over buttons with keys of their own, nor a spacer
            if isinstance(label, QLabel) and label.isVisible() and takes_focus:
                found.append(label)
    found += [
        label
        for label in window.findChildren(QLabel, "fieldLabel")
        if label.isVisible() and label not in found
    ]
    return found


@pytest.mark.parametrize("starter", ["example", "ics"])
def test_every_label_of_an_input_has_an_alt_key_to_it_on_every_step(window, starter) -> None:
    window.document.replace(load_starter(starter), None)
    missing = {}
    for index in range(len(window.wizard.pages)):
        window.wizard.go_to(index)
        QApplication.processEvents()
        for label in labels_of_inputs(window):
            if mnemonic(label.text()) is None or label.buddy() is None:
                missing.setdefault(window.wizard.current_page().title, []).append(label.text())
    assert not missing
    window.wizard.go_to(window.wizard.page_index(PartnershipPage))
    QApplication.processEvents()
    shown = {label.text() for label in labels_of_inputs(window)}
    assert {"Repre&sentative", "Representative's ema&il", "&Logo"} <= shown


def test_a_cards_alt_key_goes_to_that_field_on_each_card_in_turn(window) -> None:
    window.document.replace(load_starter("example"), None)
    index = window.wizard.page_index(ContributionsPage)
    window.wizard.go_to(index)
    QApplication.processEvents()
    cards = list(window.wizard.pages.built(index).cards.values())
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert focused() is cards[0].fields["support"]
    QTest.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert focused() is cards[1].fields["support"]


def test_what_is_still_needed_and_next_have_their_own_keys(window) -> None:
    window.new_from_starter("ics")  # things are missing, so the list is shown
    window.wizard.go_to(window.wizard.page_index(type(window.review)))
    review = window.review
    QApplication.processEvents()
    assert review.problem_list.isVisible()
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert focused() is review.problem_list
    assert window.wizard.next_button.text().replace("&", "") == "Next"


def test_the_last_steps_export_button_does_not_take_the_edit_menus_key(window) -> None:
    wizard = window.wizard
    wizard.go_to(len(wizard.pages) - 1)
    text = wizard.next_button.text()
    assert text.replace("&", "") == "Export…"
    assert mnemonic(text) not in MENU_KEYS


# -- 5. names for screen readers and voice control --------------------------------
def spoken_matches_shown(button: QAbstractButton) -> bool:
    """What is announced is what is shown (an ellipsis, "a window follows", may be left off)."""
    name, text = button.accessibleName(), button.text().replace("&", "")
    return not name or name == text or name + "…" == text


def test_every_button_is_announced_by_the_words_on_it(window) -> None:
    window.new_from_starter("example")
    differ = []
    for index in range(len(window.wizard.pages)):
        window.wizard.go_to(index)
        QApplication.processEvents()
        for button in window.findChildren(QAbstractButton):
            if button.isVisible() and not spoken_matches_shown(button):
                differ.append(f"{button.text()!r} announced as {button.accessibleName()!r}")
    assert not differ


def test_list_buttons_keep_their_detail_in_the_description(window) -> None:
    window.new_from_starter("example")
    partners = window.wizard.current_page().partners
    assert partners.add_button.accessibleName() == "Add partner"
    assert partners.add_button.accessibleDescription() == "Add a new partner"
    assert partners.up_button.accessibleName() == "Move up"
    assert "Move this partner up" in partners.up_button.toolTip()
    assert partners.remove_button.accessibleName() == "Remove"
    assert "Remove this partner" in partners.remove_button.accessibleDescription()


# -- 6. the Edit and File menus ------------------------------------------------------
def test_undo_and_redo_read_as_sentences(window) -> None:
    window.new_from_starter("example")
    charter = window.document.charter
    window.document.apply(editing.remove_partner(charter, charter.partners[0].id))
    assert window.menus.undo_action.text().replace("&", "") == "Undo remove partner"
    window.menus.undo_action.trigger()
    assert window.menus.redo_action.text().replace("&", "") == "Redo remove partner"


def test_redo_answers_ctrl_shift_z(window) -> None:
    window.new_from_starter("example")
    charter = window.document.charter
    count = len(charter.partners)
    window.document.apply(editing.remove_partner(charter, charter.partners[0].id))
    window.menus.undo_action.trigger()
    assert QKeySequence("Ctrl+Shift+Z") in window.menus.redo_action.shortcuts()
    assert QKeySequence(QKeySequence.StandardKey.Redo) in window.menus.redo_action.shortcuts()
    window.wizard.steps.setFocus()
    press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(window.document.charter.partners) == count - 1


def test_each_new_charter_in_the_file_menu_has_its_own_key(window) -> None:
    new_menu = next(a.menu() for a in window.menuBar().actions()[0].menu().actions() if a.menu())
    keys = [mnemonic(action.text()) for action in new_menu.actions()]
    assert all(keys) and len(set(keys)) == len(keys)


# -- 7. the name asked on first start -------------------------------------------------
def answer_identity_dialog(qtbot, answer) -> list[QWidget]:
    """Answer the name dialog when it appears; the dialogs seen, for the test to check."""
    from charter_builder.gui.identity_dialog import IdentityDialog

    seen: list[QWidget] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, IdentityDialog):
            seen.append(dialog)
            answer(dialog)

    QTimer.singleShot(100, act)
    return seen


def test_escape_at_the_first_start_carries_on_with_the_login_name(qtbot) -> None:
    from charter_builder.gui.app import ensure_identity

    assert settings.user_identity() == ("", "")
    texts: list[str] = []

    def escape(dialog) -> None:
        texts.extend(label.text() for label in dialog.findChildren(QLabel))
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    seen = answer_identity_dialog(qtbot, escape)
    assert ensure_identity() is False
    assert seen, "the dialog was shown"
    assert settings.user_identity() == (getpass.getuser(), "")
    said = " ".join(texts)
    assert "each version" in said and "signature" in said  # why we ask
    assert "Your name and organisation" in said  # where to change it later
    # Not asked again at the next start.
    assert ensure_identity() is True


def test_the_name_can_be_changed_from_the_edit_menu(window, qtbot) -> None:
    assert window.menus.identity_action in window.menuBar().actions()[1].menu().actions()

    def answer(dialog) -> None:
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, "Priya Raman")
        dialog.organisation.selectAll()
        qtbot.keyClicks(dialog.organisation, "Healthwatch Wyvern Vale")
        QTest.keyClick(dialog, Qt.Key.Key_Return)

    seen = answer_identity_dialog(qtbot, answer)
    window.menus.identity_action.trigger()
    assert seen
    assert settings.user_identity() == ("Priya Raman", "Healthwatch Wyvern Vale")

    # Cancel changes nothing.
    seen = answer_identity_dialog(qtbot, lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_Escape))
    window.menus.identity_action.trigger()
    assert seen
    assert settings.user_identity() == ("Priya Raman", "Healthwatch Wyvern Vale")


# -- 8. the step list on a blank charter ------------------------------------------------
def test_contributions_wait_for_partners_rather_than_show_as_complete(window, qtbot) -> None:
    window.new_from_starter("blank")
    wizard = window.wizard
    index = wizard.page_for_section("contributions")
    item = wizard.steps.item(index)
    assert "complete" not in item.toolTip()
    assert "waiting for partners" in item.toolTip()
    wizard.go_to(index)
    assert "add partners" in wizard.state_label.text()
    wizard.state_label.linkActivated.emit("first-problem")
    assert wizard.current_index() == wizard.page_for_section("partners")
    assert name_of(focused()) == "Add partner"

    window.document.apply(
        editing.add_partner(window.document.charter, Partner(name="Wyvern County Council"))
    )
    qtbot.waitUntil(lambda: "waiting" not in item.toolTip(), timeout=3000)
    assert "to do" in item.toolTip()  # the new partner has its card to fill in

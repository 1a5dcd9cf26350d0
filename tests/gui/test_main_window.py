"""The main window: files, the unsaved-changes prompt, the step list, keyboard access."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
)

from charter_builder.charter.editing import set_field
from charter_builder.drafts.draft_file import load_draft
from charter_builder.gui import settings

Button = QMessageBox.StandardButton


def test_a_new_draft_is_unsaved_and_says_so_in_the_title(window) -> None:
    window.new_from_starter("ics")
    assert window.windowTitle() == "Untitled.charter[*] — Charter Builder"
    assert window.isWindowModified()
    assert window.wizard.current_page().title == "Partnership and partners"


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_everything(window, tmp_path) -> None:
    window.new_from_starter("ics")
    window.document.set_value(("partnership", "name"), "Wyvern Vale Partnership")
    asked = []
    window.prompts.ask_unsaved = lambda: asked.append(True) or Button.Cancel
    assert window.close_draft() is False
    assert asked
    assert window.document.charter.partnership.name == "Wyvern Vale Partnership"
    assert window.isVisible()


def test_closing_and_choosing_save_saves_then_closes(window, tmp_path) -> None:
    window.new_from_starter("ics")
    window.document.set_value(("partnership", "name"), "Wyvern Vale Partnership")
    target = tmp_path / "wyvern.charter"
    window.prompts.ask_unsaved = lambda: Button.Save
    window.prompts.ask_save_path = lambda *_: target
    assert window.close_draft() is True
    assert load_draft(target).charter.partnership.name == "Wyvern Vale Partnership"
    assert window.document.charter.partnership.name == ""


def test_discard_loses_only_what_the_user_chose_to_lose(window, tmp_path) -> None:
    target = tmp_path / "wyvern.charter"
    window.new_from_starter("example")
    window.prompts.ask_save_path = lambda *_: target
    assert window.save()
    window.document.set_value(("partnership", "name"), "Changed")
    window.prompts.ask_unsaved = lambda: Button.Discard
    window.prompts.ask_open_path = lambda: target
    assert window.open()
    assert window.document.charter.partnership.name == "Wyvern Vale Health and Care Partnership"
    assert not window.isWindowModified()


def test_the_real_prompt_offers_save_dont_save_and_cancel(window, qtbot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window.new_from_starter("blank")
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.extend(b.text().replace("&", "") for b in box.buttons())
        box.button(Button.Cancel).click()

    QTimer.singleShot(100, answer)
    assert window.close_draft() is False
    assert sorted(seen) == ["Cancel", "Don't save", "Save"]


def test_saving_reopening_and_recent_files(window, tmp_path) -> None:
    target = tmp_path / "wyvern.charter"
    window.new_from_starter("example")
    window.prompts.ask_save_path = lambda *_: tmp_path / "wyvern"  # no extension typed
    assert window.save_as()
    assert target.exists()
    assert window.windowTitle() == "wyvern.charter[*] — Charter Builder"
    assert not window.isWindowModified()
    assert settings.recent_files()[0] == target.resolve()
    assert window.welcome.recent.count() == 1
    assert [a.text() for a in window.menus.recent_menu.actions()] == [str(target.resolve())]


def test_a_damaged_draft_is_refused_plainly_and_the_open_draft_stays(window, tmp_path) -> None:
    window.new_from_starter("example")
    before = window.document.charter.model_dump()
    bad = tmp_path / "minutes.charter"
    bad.write_text("These are the minutes, not a charter.")
    errors: list[tuple[str, str]] = []
    window.prompts.show_error = lambda title, message: errors.append((title, message))
    window.prompts.ask_unsaved = lambda: Button.Discard
    assert window.open(bad) is False
    assert errors and "minutes.charter" in errors[0][1]
    assert "Traceback" not in errors[0][1]
    assert window.document.charter.model_dump() == before


def test_undo_and_redo_actions_cover_list_edits(window) -> None:
    window.new_from_starter("example")
    charter = window.document.charter
    first = charter.principles[0]
    window.document.apply(set_field(charter, ("principles", first.id, "title"), "Purpose first"))
    from charter_builder.charter.editing import MoveItem, RemoveItem

    window.document.apply(MoveItem(("principles",), first.id, 3))
    window.document.apply(RemoveItem(("principles",), charter.principles[0].id))
    titles = [p.title for p in window.document.charter.principles]
    for _ in range(3):
        window.menus.undo_action.trigger()
    assert window.document.charter.principles[0].title == first.title
    for _ in range(3):
        window.menus.redo_action.trigger()
    assert [p.title for p in window.document.charter.principles] == titles


def test_the_step_list_marks_a_missing_required_field(window, qtbot) -> None:
    window.new_from_starter("example")
    wizard = window.wizard
    partners_step = wizard.steps.item(1)
    assert "complete" in partners_step.toolTip()
    partner = window.document.charter.partners[2]
    window.document.set_value(("partners", partner.id, "name"), "")
    qtbot.waitUntil(lambda: "1 to do" in partners_step.toolTip(), timeout=3000)
    problem = wizard.problems_for(1)[0]
    assert "“Organisation name” is empty" in problem.message
    wizard.show_problem(problem)
    assert wizard.current_index() == 1
    focused = window.focusWidget()
    assert focused is not None and focused.accessibleName() == "Organisation name"


def test_every_input_on_every_page_has_an_accessible_name(window) -> None:
    window.new_from_starter("example")
    kinds = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QListWidget, QAbstractButton)
    unnamed = []
    for page in window.wizard.pages:
        for kind in kinds:
            for widget in page.findChildren(kind):
                if isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
                    continue  # the line edit inside a date or choice box
                if not widget.accessibleName().strip():
                    unnamed.append(f"{page.title}: {type(widget).__name__} {widget.objectName()}")
    assert not unnamed


def test_every_labelled_input_is_announced_by_its_visible_label(window) -> None:
    window.new_from_starter("example")
    differing = []
    for page in window.wizard.pages:
        for label in page.findChildren(QLabel):
            buddy = label.buddy()
            if buddy is None or not label.text().strip() or isinstance(buddy, QAbstractButton):
                continue  # a button is announced by its own text ("Choose logo…")
            shown = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            if buddy.accessibleName() != shown:
                differing.append(f"{page.title}: {shown!r} announced as {buddy.accessibleName()!r}")
    assert not differing


def test_window_size_is_remembered(window, qtbot) -> None:
    window.resize(700, 520)  # the offscreen screen is 800 × 600
    window.close()
    from charter_builder.gui.main_window import MainWindow

    again = MainWindow()
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 520)


def test_opening_a_missing_recent_file_explains_and_forgets_it(window, tmp_path) -> None:
    gone = tmp_path / "gone.charter"
    settings.add_recent_file(gone)
    window._refresh_recent()
    errors: list[str] = []
    window.prompts.show_error = lambda _title, message: errors.append(message)
    assert window.open(Path(gone)) is False
    assert errors and "gone.charter" in errors[0]
    assert settings.recent_files() == []


def test_the_step_says_what_is_missing_and_takes_you_there(window, qtbot) -> None:
    window.new_from_starter("ics")
    wizard = window.wizard
    wizard.go_to(1)
    text = wizard.state_label.text()
    assert "Still to do: “Partnership name” is empty." in text and "Show me" in text
    wizard.state_label.linkActivated.emit("first-problem")
    assert window.focusWidget().accessibleName() == "Partnership name"


def test_the_first_start_asks_who_the_user_is(qtbot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from charter_builder.gui.app import ensure_identity
    from charter_builder.gui.identity_dialog import IdentityDialog

    assert settings.user_identity() == ("", "")

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, IdentityDialog)
        qtbot.keyClicks(dialog.name, "Priya Raman")
        qtbot.keyClicks(dialog.organisation, "Healthwatch Wyvern Vale")
        dialog.accept()

    QTimer.singleShot(100, answer)
    assert ensure_identity() is True
    assert settings.user_identity() == ("Priya Raman", "Healthwatch Wyvern Vale")
    assert ensure_identity() is True  # asked once only


def test_the_window_starts_without_loading_the_pdf_engine() -> None:
    """WeasyPrint takes most of a second to load; only the render worker needs it."""
    import subprocess
    import sys

    code = (
        "import sys; import charter_builder.gui.main_window; "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.stdout.strip() == "False"


def test_each_step_is_built_when_first_needed_without_a_window_flashing_up(window, qtbot):
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    wizard = window.wizard
    assert wizard.pages.built(0) is not None  # Welcome, shown at start
    assert all(wizard.pages.built(i) is None for i in range(1, len(wizard.pages)))

    class WindowsShown(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[str] = []

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Show and obj.isWidgetType() and obj.isWindow():
                self.seen.append(type(obj).__name__)
            return False

    spy = WindowsShown()
    QApplication.instance().installEventFilter(spy)
    try:
        for index in range(1, len(wizard.pages)):
            wizard.go_to(index)
            qtbot.wait(20)  # fixed: lets late events reach the spy, which must see none
            assert wizard.current_page() is wizard.pages.built(index)
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert spy.seen == []
    assert window.isActiveWindow()  # keyboard focus stayed in the window


def test_the_step_list_says_how_signing_stands(window, qtbot) -> None:
    from datetime import date

    from charter_builder.charter.model import BoardApproval, Signature
    from charter_builder.gui.pages.sign_off import SignOffPage
    from charter_builder.signatures.signing import sign

    window.new_from_starter("example")
    wizard = window.wizard
    index = wizard.page_index(SignOffPage)
    step = wizard.steps.item(index)
    assert step.toolTip() == "Sign-off: 0 of 9 signed"
    charter = window.document.charter
    window.document.apply(
        sign(
            charter,
            Signature(
                partner_id=charter.partners[0].id,
                signatory_name="Dr Helen Marsh",
                signed_on=date(2026, 11, 20),
                approval=BoardApproval(meeting_date=date(2026, 11, 12)),
            ),
        )
    )
    qtbot.waitUntil(lambda: step.toolTip() == "Sign-off: 1 of 9 signed", timeout=3000)
    wizard.steps.setCurrentRow(index)
    qtbot.waitUntil(lambda: "1 of 9 partners have signed this version" in wizard.state_label.text())
    window.document.set_value(("purpose", "vision"), "A changed vision.")
    qtbot.waitUntil(lambda: step.toolTip() == "Sign-off: 0 of 9 signed, 1 to sign again")
    assert "needs to sign again" in wizard.state_label.text()


def test_an_unsaved_draft_is_named_in_the_title_bar_as_save_as_will_suggest(
    window, qtbot, tmp_path
) -> None:
    window.new_from_starter("ics")
    page = window.wizard.current_page()
    page.name_edit.setFocus()
    qtbot.keyClicks(page.name_edit, "Wyvern Vale Health and Care Partnership")
    expected = "Wyvern Vale Health and Care Partnership (not saved)[*] — Charter Builder"
    assert window.windowTitle() == expected
    suggested = []

    def ask(_title, name, *_rest):
        suggested.append(str(name))
        return tmp_path / "wyvern.charter"

    window.prompts.ask_save_path = ask
    assert window.save_as()
    assert Path(suggested[0]).name == "Wyvern Vale Health and Care Partnership.charter"
    assert window.windowTitle() == "wyvern.charter[*] — Charter Builder"

    window.new_from_starter("example")  # a draft with a name from the start
    name = window.document.charter.partnership.name
    assert window.windowTitle() == f"{name} (not saved)[*] — Charter Builder"

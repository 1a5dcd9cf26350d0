"""A support officer's whole journey: start, fill every step, save, reopen, export.

Everything goes through the widgets a person would use, with the real core,
the real file format and the real WeasyPrint worker.
"""

from __future__ import annotations

import itertools
from datetime import date

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from charter_builder.drafts.draft_file import load_draft
from charter_builder.gui.date_edit import OptionalDateEdit
from charter_builder.gui.export_options import ExportOptionsDialog


def find(page: QWidget, kind: type, name: str, index: int = 0):
    matches = [w for w in page.findChildren(kind) if w.accessibleName() == name]
    assert len(matches) > index, f"no {kind.__name__} called {name!r} on {page}"
    return matches[index]


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """Click into a field, select what is there and type over it."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def type_date(qtbot, widget: OptionalDateEdit, text: str) -> None:
    """Into a date showing "Not set": click in and type it, day first, as people write it."""
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert "Not set" not in widget.text()


def click(qtbot, page: QWidget, name: str) -> None:
    qtbot.mouseClick(find(page, QAbstractButton, name), Qt.MouseButton.LeftButton)


def add_inline(qtbot, page: QWidget, button: str, list_name: str, text: str) -> None:
    """Add a row to an in-place list and type its words, as a person would."""
    click(qtbot, page, button)
    listing = find(page, QListWidget, list_name)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), "adding a row should open it for typing"
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt commits the row a moment after Enter.
    qtbot.waitUntil(lambda: listing.currentItem().text().endswith(text), timeout=2000)


def test_a_board_secretary_writes_saves_reopens_and_exports(window, qtbot, tmp_path) -> None:
    wizard = window.wizard
    qtbot.mouseClick(window.welcome.starter_buttons["ics"], Qt.MouseButton.LeftButton)
    assert wizard.current_index() == 1

    # Partnership and partners
    page = wizard.current_page()
    type_into(qtbot, find(page, QLineEdit, "Charter title"), "Fenmoor system charter")
    type_into(qtbot, find(page, QLineEdit, "Partnership name"), "Fenmoor Care Partnership")
    type_into(qtbot, find(page, QLineEdit, "Place"), "Fenmoor and the Levels")
    type_into(qtbot, find(page, QPlainTextEdit, "Population served"), "About 410,000 people.")
    type_into(qtbot, find(page, QPlainTextEdit, "Scope"), "All adult health and care.")
    type_date(qtbot, find(page, OptionalDateEdit, "Effective date"), "04/01/2027")
    type_date(qtbot, find(page, OptionalDateEdit, "Review date"), "4 1 2028")
    partners = [
        ("Fenmoor Hospitals NHS Trust", "Ada Okafor", "Chief executive", "ada@fenmoor.example"),
        ("Fenmoor District Council", "Tom Reyes", "Council leader", "tom@fdc.example"),
    ]
    for name, person, role, email in partners:
        click(qtbot, page, "Add partner")
        type_into(qtbot, find(page, QLineEdit, "Organisation name"), name)
        type_into(qtbot, find(page, QLineEdit, "Representative"), person)
        type_into(qtbot, find(page, QLineEdit, "Representative's role"), role)
        type_into(qtbot, find(page, QLineEdit, "Representative's email"), email)
    kind = find(page, QComboBox, "Kind of organisation")
    kind.setFocus()
    qtbot.keyClicks(kind, "Local")  # the council is a local authority
    kind.activated.emit(kind.currentIndex())
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    # Shared purpose: why, then how, then what
    page = wizard.current_page()
    assert page.title == "Shared purpose"
    for name, text in (
        ("Vision", "Everyone in Fenmoor lives well for longer."),
        ("Why", "Life expectancy differs by eleven years across Fenmoor."),
        ("How", "We decide together and as locally as we can."),
        ("What", "Twelve neighbourhood teams by 2029."),
    ):
        type_into(qtbot, find(page, QPlainTextEdit, name), text)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    # Principles: adapt the first, add one of our own
    page = wizard.current_page()
    type_into(qtbot, find(page, QLineEdit, "Title"), "Purpose before organisation")
    click(qtbot, page, "Add principle")
    type_into(qtbot, find(page, QLineEdit, "Title"), "Do the work once")
    type_into(qtbot, find(page, QPlainTextEdit, "What it means"), "No partner repeats work.")
    add_inline(qtbot, page, "Add behaviour", "In practice", "One shared assessment")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    # Commitments
    page = wizard.current_page()
    click(qtbot, page, "Add commitment")
    type_into(qtbot, find(page, QLineEdit, "Title"), "Neighbourhood teams everywhere")
    type_into(qtbot, find(page, QPlainTextEdit, "Description"), "Twelve teams, one per area.")
    owners = find(page, QListWidget, "Owners")
    owners.item(0).setCheckState(Qt.CheckState.Checked)
    add_inline(qtbot, page, "Add measure", "Measures of success", "12 teams running")
    type_date(qtbot, find(page, OptionalDateEdit, "Review date"), "30/06/2028")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    # Contributions and losses: one card per partner
    page = wizard.current_page()
    for index, (name, *_rest) in enumerate(partners):
        for field in (
            "What we bring",
            "Autonomy we give up for the population's good",
            "Losses people may feel",
            "Support we offer each other",
        ):
            type_into(qtbot, find(page, QPlainTextEdit, field, index), f"{field} from {name}.")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    # Governance: the ICS starter filled it in; the board changes its rhythm
    page = wizard.current_page()
    type_into(qtbot, find(page, QPlainTextEdit, "Meeting rhythm"), "Every second Tuesday.")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    # Review: nothing left to do
    assert wizard.current_page() is window.review
    wizard.update_steps()
    assert wizard.problems == [], [str(p) for p in wizard.problems]

    # Save, close, reopen
    target = tmp_path / "fenmoor.charter"
    window.prompts.ask_save_path = lambda *_: target
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.exists() and not window.isWindowModified()
    assert window.close_draft()
    assert window.document.charter.partnership.name == ""
    assert window.open(target)

    charter = window.document.charter
    assert charter.title == "Fenmoor system charter"
    assert charter.partnership.name == "Fenmoor Care Partnership"
    assert charter.partnership.effective_date == date(2027, 1, 4)
    assert charter.partnership.review_date == date(2028, 1, 4)
    assert charter.commitments[-1].review_date == date(2028, 6, 30)
    assert [p.name for p in charter.partners] == [p[0] for p in partners]
    assert charter.partners[1].representative.email == "tom@fdc.example"
    assert charter.partners[1].kind.value == "local_authority"
    assert charter.purpose.why == "Life expectancy differs by eleven years across Fenmoor."
    assert charter.principles[0].title == "Purpose before organisation"
    assert [b.text for b in charter.principles[1].behaviours] == ["One shared assessment"]
    commitment = charter.commitments[-1]
    assert commitment.owners == [charter.partners[0].id]
    assert [m.text for m in commitment.measures] == ["12 teams running"]
    losses = charter.contributions[1].losses
    assert losses == "Losses people may feel from Fenmoor District Council."
    assert charter.governance.meeting_rhythm == "Every second Tuesday."
    assert load_draft(target).charter == charter
    # ... and the widgets show it too
    wizard.go_to(1)
    assert find(wizard.current_page(), QLineEdit, "Partnership name").text() == (
        "Fenmoor Care Partnership"
    )

    # Export the PDF without freezing the window
    pdf = tmp_path / "fenmoor.pdf"
    window.prompts.ask_save_path = lambda *_: pdf
    ticks: list[int] = []
    from PySide6.QtCore import QElapsedTimer, QTimer

    clock = QElapsedTimer()
    clock.start()
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
    timer.start(20)

    def choose_the_accessible_pdf() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportOptionsDialog)
        assert dialog.accessible.isChecked() and dialog.contributions.isChecked()
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, choose_the_accessible_pdf)
    window.export()
    qtbot.waitUntil(pdf.exists, timeout=90_000)
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 5 and max(gaps) < 1000
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(pdf).pages
    )
    for typed in (
        "Fenmoor Care Partnership",
        "Purpose before organisation",
        "Neighbourhood teams everywhere",
        "Every second Tuesday.",
        "Tom Reyes",
    ):
        assert typed in text

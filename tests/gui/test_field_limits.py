"""A box never takes more text than a charter may hold, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter_builder.charter.model import MAX_TEXT
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.gui.pages.partnership import PartnershipPage
from charter_builder.gui.pages.purpose import PurposePage
from gui.test_big_input_gui import show_step


def open_with(window, tmp_path: Path, change) -> Path:
    draft = load_starter("example")
    change(draft.charter)
    path = tmp_path / "full.charter"
    save_draft(draft, path)
    assert window.open(path)
    return path


@pytest.mark.slow  # about 10 s: a box holding the longest text allowed
def test_pasting_past_the_longest_text_allowed_is_cut_and_explained(window, qtbot, tmp_path):
    path = open_with(window, tmp_path, lambda c: setattr(c.purpose, "why", "w" * (MAX_TEXT - 5)))
    why = show_step(window, qtbot, PurposePage).edits["why"]
    why.setFocus()
    why.moveCursor(why.textCursor().MoveOperation.End)

    why.insertPlainText(" and a long pasted paragraph")
    qtbot.waitUntil(
        lambda: window.document.charter.purpose.why == "w" * (MAX_TEXT - 5) + " and ", timeout=3000
    )

    stored = window.document.charter.purpose.why
    assert stored == "w" * (MAX_TEXT - 5) + " and "
    assert why.toPlainText() == stored  # the box shows what the charter holds
    assert why.textCursor().atEnd()
    assert "holds up to 200,000 characters" in window.statusBar().currentMessage()
    # Typing on at the limit changes nothing and still says why.
    window.statusBar().clearMessage()
    why.insertPlainText("x")
    assert why.toPlainText() == stored
    assert "holds up to 200,000" in window.statusBar().currentMessage()
    assert window.save()
    assert load_draft(path).charter.purpose.why == stored
    window.document.undo_stack.undo()
    assert window.document.charter.purpose.why == "w" * (MAX_TEXT - 5)


def test_a_name_pasted_past_its_limit_is_cut_too(window, qtbot, tmp_path):
    open_with(window, tmp_path, lambda c: None)
    page = show_step(window, qtbot, PartnershipPage)
    name = page.name_edit
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Wyvern")
    name.insert("e" * 3_000)  # a paste: the model keeps at most 2,000 characters of a name

    assert len(window.document.charter.partnership.name) == 2_000
    assert name.text() == window.document.charter.partnership.name
    assert "holds up to 2,000 characters" in window.statusBar().currentMessage()

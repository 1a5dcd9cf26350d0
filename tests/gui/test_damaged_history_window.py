"""In the window, a draft whose newest history snapshot is damaged opens and saves as usual."""

from __future__ import annotations

from damaged_history import draft_with_damaged_newest_snapshot

from charter_builder.drafts.draft_file import load_draft
from charter_builder.drafts.history import damaged_summary
from charter_builder.gui.document import CharterDocument


def test_the_users_edits_to_a_draft_with_a_damaged_history_are_saved(qtbot, tmp_path):
    path = draft_with_damaged_newest_snapshot(tmp_path / "damaged.charter")
    document = CharterDocument()
    document.open(path)
    document.set_value(("partnership", "place"), "Kestleford")

    document.save(author=("Ola Okafor", "Wyvern Hospice"))  # used to fail, every time

    saved = load_draft(path)
    assert saved.charter.partnership.place == "Kestleford"
    assert len(saved.history) == 3  # both earlier revisions kept
    assert saved.history.revision(saved.history.head).summary == damaged_summary(2)
    assert not document.is_modified

    document.set_value(("partnership", "place"), "Kestleford and Wyvern")
    document.save(author=("Ola Okafor", "Wyvern Hospice"))  # and later saves are ordinary
    latest = load_draft(path).history
    assert latest.revision(latest.head).summary == "Changed Partnership › Place"
    document.release_lock()

"""Saving, autosave and the render job's copy write the draft; they never change it in memory."""

from __future__ import annotations

import copy

import pytest
from draft_fixtures import png_bytes, rich_draft

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import dumps_draft, load_draft, save_draft
from charter_builder.drafts.starters import load_starter


def _example_with_an_unused_picture() -> Draft:
    draft = load_starter("example")
    draft.add_image(png_bytes((200, 30, 30)))  # a logo since cleared, still undoable
    draft.history.record(draft.charter, "Jane Smith", "Leeds City Council")
    return draft


def _rich_with_a_cleared_logo() -> Draft:
    draft = rich_draft()
    draft.charter.partners[0].logo = None
    return draft


@pytest.mark.parametrize(
    "make",
    [lambda: load_starter("blank"), _example_with_an_unused_picture, _rich_with_a_cleared_logo],
)
def test_saving_leaves_the_draft_in_memory_exactly_as_it_was(tmp_path, make) -> None:
    draft = make()
    before = copy.deepcopy(draft)
    history = draft.history.to_json()

    save_draft(draft, tmp_path / "saved.charter")
    dumps_draft(draft)

    assert draft.charter == before.charter
    assert draft.media == before.media
    assert draft.history.to_json() == history
    # and what was written leaves out only the pictures nothing uses
    assert load_draft(tmp_path / "saved.charter").media.keys() <= draft.media.keys()

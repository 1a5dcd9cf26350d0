"""Concerns: raised on a section, settled with a note, and holding up the freeze meanwhile."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from draft_fixtures import rich_draft, write_draft_zip
from pydantic import ValidationError

from charter_builder.charter.concerns import (
    accept_concern,
    can_freeze,
    open_concerns,
    raise_concern,
    reopen_concern,
    resolve_concern,
)
from charter_builder.charter.model import Charter, ConcernStatus, Signature
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.drafts.merge import merge_charters
from charter_builder.drafts.starters import load_starter
from charter_builder.errors import CharterError
from charter_builder.signatures.signing import (
    SignatureState,
    changes_agreed_text,
    content_digest,
    sign,
    signature_state,
)

MARCH = datetime(2026, 3, 3, 10, 30, tzinfo=UTC)


def example() -> Charter:
    return load_starter("example").charter


def raised(charter: Charter, section: str = "purpose", text: str = "Too vague") -> str:
    edit = raise_concern(charter, section, text, "Sam Patel", "Wyvern County Council", MARCH)
    edit.apply(charter)
    return charter.concerns[-1].id


def test_a_concern_records_who_raised_what_on_which_section_and_when() -> None:
    charter = example()
    edit = raise_concern(
        charter, "purpose", "  The why forgets children.  ", "Sam Patel", "Wyvern CC", MARCH
    )
    edit.apply(charter)
    (concern,) = charter.concerns
    assert concern.section == "purpose"
    assert concern.text == "The why forgets children."
    assert (concern.raised_by_name, concern.raised_by_organisation) == ("Sam Patel", "Wyvern CC")
    assert concern.raised_on == MARCH
    assert concern.status is ConcernStatus.OPEN
    assert concern.status.label == "Open"
    assert open_concerns(charter) == [concern]
    assert open_concerns(charter, ["governance"]) == []
    edit.undo(charter)
    assert charter.concerns == []


def test_resolving_accepting_and_reopening_each_undo() -> None:
    charter = example()
    concern_id = raised(charter)

    resolving = resolve_concern(charter, concern_id, "Children added to the why.", "Ada", "Trust")
    resolving.apply(charter)
    concern = charter.concerns[0]
    assert concern.status is ConcernStatus.RESOLVED
    assert concern.resolution == "Children added to the why."
    assert concern.resolved_by_name == "Ada"
    assert concern.resolved_on is not None
    assert open_concerns(charter) == []

    reopening = reopen_concern(charter, concern_id)
    reopening.apply(charter)
    assert charter.concerns[0].status is ConcernStatus.OPEN
    assert charter.concerns[0].resolution == ""
    reopening.undo(charter)  # the note comes back with the undo
    assert charter.concerns[0].status is ConcernStatus.RESOLVED
    assert charter.concerns[0].resolution == "Children added to the why."
    resolving.undo(charter)
    assert charter.concerns[0].status is ConcernStatus.OPEN
    assert charter.concerns[0].resolved_by_name == ""

    accepting = accept_concern(charter, concern_id, "The board chose to keep it.", "Tom")
    accepting.apply(charter)
    assert charter.concerns[0].status is ConcernStatus.ACCEPTED
    assert charter.concerns[0].status.label == "Accepted as it stands"
    accepting.undo(charter)
    assert open_concerns(charter)[0].id == concern_id


def test_a_concern_needs_words_and_a_name_and_settling_needs_a_note() -> None:
    charter = example()
    with pytest.raises(CharterError, match="Say what the concern is"):
        raise_concern(charter, "purpose", "   ", "Sam")
    with pytest.raises(CharterError, match="Give your name"):
        raise_concern(charter, "purpose", "Too vague", " ")
    concern_id = raised(charter)
    with pytest.raises(CharterError, match="how the concern was resolved"):
        resolve_concern(charter, concern_id, "", "Ada")
    with pytest.raises(CharterError, match="why the section is accepted"):
        accept_concern(charter, concern_id, "  ", "Ada")


def test_open_concerns_hold_up_the_freeze_in_plain_words() -> None:
    charter = example()
    assert can_freeze(charter) is None
    first = raised(charter, "purpose")
    reason = can_freeze(charter)
    assert reason is not None
    assert reason.startswith("A concern about Shared purpose is still open.")
    assert "resolved" in reason and "accepted" in reason

    second = raised(charter, "governance", "Meetings clash with the council cycle.")
    assert can_freeze(charter).startswith(
        "2 concerns are still open (Shared purpose and Governance)."
    )
    resolve_concern(charter, first, "Reworded.", "Ada").apply(charter)
    assert "Governance" in can_freeze(charter)
    accept_concern(charter, second, "The cycle is fixed by law.", "Tom").apply(charter)
    assert can_freeze(charter) is None


def test_concerns_are_process_not_agreed_text() -> None:
    charter = example()
    partner = charter.partners[0]
    sign(charter, Signature(partner_id=partner.id, signatory_name="Helen Marsh")).apply(charter)
    digest = content_digest(charter)
    charter.frozen_for_signing = True

    concern_id = raised(charter)
    resolve_concern(charter, concern_id, "Agreed at the board.", "Ada").apply(charter)
    assert content_digest(charter) == digest
    assert signature_state(charter, partner.id) is SignatureState.CURRENT
    # The wizard asks before changing agreed text once signing began: not for concerns.
    assert not changes_agreed_text(("concerns",))
    assert not changes_agreed_text(("concerns", concern_id, "status"))
    assert changes_agreed_text(("purpose", "why"))


def test_save_and_open_keep_every_concern(tmp_path: Path) -> None:
    draft = rich_draft()
    charter = draft.charter
    kept = raised(charter, "principles")
    accept_concern(charter, kept, "We keep it as it is.", "Ada", "Trust", MARCH).apply(charter)
    raised(charter, "signatures", "Our board meets after the deadline.")
    path = tmp_path / "with concerns.charter"
    save_draft(draft, path)
    opened = load_draft(path).charter
    assert opened.concerns == charter.concerns
    assert opened.concerns[0].resolved_on == MARCH
    assert can_freeze(opened) == can_freeze(charter) is not None


@pytest.mark.parametrize("format_version", [1, 2])
def test_a_draft_from_before_concerns_opens_with_none(tmp_path: Path, format_version) -> None:
    draft = rich_draft()
    charter = draft.charter.model_dump(mode="json")
    del charter["concerns"]
    if format_version == 1:
        del charter["signatures"], charter["frozen_for_signing"]
    path = write_draft_zip(
        tmp_path / "older.charter",
        {"format_version": format_version, "charter": charter},
        media=draft.media,
    )
    opened = load_draft(path).charter
    assert opened.concerns == []
    assert can_freeze(opened) is None
    assert opened.purpose == draft.charter.purpose


def test_a_concern_about_no_known_section_is_refused_like_any_damaged_data() -> None:
    data = example().model_dump(mode="json")
    data["concerns"] = [{"section": "finances", "text": "?"}]
    with pytest.raises(ValidationError):
        Charter.model_validate(data)
    data["concerns"] = [{"section": "purpose", "text": "?", "id": data["partners"][0]["id"]}]
    with pytest.raises(ValidationError, match="more than one item"):
        Charter.model_validate(data)


def test_a_merge_keeps_concerns_raised_on_both_sides() -> None:
    base = example()
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    raised(mine, "purpose", "Mine")
    raised(theirs, "governance", "Theirs")
    merged = merge_charters(base, mine, theirs)
    assert merged.clean
    assert sorted(c.text for c in merged.charter.concerns) == ["Mine", "Theirs"]


def test_concerns_stay_out_of_the_pdf_pages_and_its_attached_data():
    import io
    import json

    import pikepdf
    import pypdf

    from charter_builder.drafts.draft import Draft
    from charter_builder.render import render_pdf

    draft = load_starter("example")
    concern = "Our finance director has not yet seen the pooled budget figures."
    raise_concern(
        draft.charter, "purpose", concern, "Sam Patel", "Wyvern County Council", MARCH
    ).apply(draft.charter)
    pdf = render_pdf(Draft(charter=draft.charter, media=draft.media))
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "pooled budget" not in text
    with pikepdf.open(io.BytesIO(pdf)) as document:
        attached = json.loads(document.attachments["charter.json"].get_file().read_bytes())
    assert attached["charter"]["concerns"] == []
    assert attached["charter"]["purpose"]["vision"] == draft.charter.purpose.vision

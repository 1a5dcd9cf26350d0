"""What changed between two revisions, as a board secretary reads it in the history."""

from __future__ import annotations

import time
from datetime import date
from functools import cache
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from charter_builder.charter.model import (
    Behaviour,
    Charter,
    Commitment,
    Concern,
    Measure,
    Partner,
    PartnerKind,
    Signature,
    SignatureMethod,
)
from charter_builder.drafts.diff import Change, diff_charters, format_changes, summarise
from charter_builder.drafts.starters import load_starter

SETTINGS = settings(max_examples=60, deadline=None)


@cache
def _example() -> Charter:
    return load_starter("example").charter


def example() -> Charter:
    return _example().model_copy(deep=True)


def edited() -> tuple[Charter, Charter]:
    old = example()
    return old, old.model_copy(deep=True)


def test_identical_charters_have_no_changes() -> None:
    old, new = edited()
    assert diff_charters(old, new) == []
    assert summarise([]) == "No changes"
    assert format_changes([]) == "No changes."


def test_an_added_partner_is_named() -> None:
    old, new = edited()
    new.partners.append(Partner(name="Leeds City Council", kind=PartnerKind.LOCAL_AUTHORITY))
    changes = diff_charters(old, new)
    assert changes == [
        Change("Partners", "Partner “Leeds City Council”", "added", "", "Leeds City Council")
    ]
    assert summarise(changes) == "Added partner “Leeds City Council”"
    assert format_changes(changes) == "Partners\n  Added partner “Leeds City Council”"


def test_a_removed_partner_is_named_by_its_old_name() -> None:
    old, new = edited()
    gone = new.partners.pop(3)
    new.contributions = [c for c in new.contributions if c.partner_id != gone.id]
    for commitment in new.commitments:
        commitment.owners = [o for o in commitment.owners if o != gone.id]
    changes = diff_charters(old, new)
    removed = [c for c in changes if c.kind == "removed" and c.section == "Partners"]
    assert [c.old for c in removed] == [gone.name]
    text = format_changes(changes)
    assert f"Removed partner “{gone.name}”" in text
    assert f"Removed contribution from {gone.name}" in text
    assert gone.id not in text


def test_a_changed_vision_shows_the_words_taken_out_and_put_in() -> None:
    old, new = edited()
    new.purpose.vision = old.purpose.vision.replace("longer, healthier", "longer, happier")
    [change] = diff_charters(old, new)
    assert (change.section, change.where, change.kind) == ("Shared purpose", "Vision", "changed")
    assert ("removed", "healthier ") in change.words
    assert ("added", "happier ") in change.words
    text = format_changes([change])
    assert text.startswith("Shared purpose\n  Vision changed:\n    By 2036")
    assert "longer, [-healthier-] {+happier+} and more" in text
    assert summarise([change]) == "Changed Shared purpose › Vision"


def test_reordering_principles_is_one_moved_change() -> None:
    old, new = edited()
    new.principles.reverse()
    changes = diff_charters(old, new)
    assert [(c.section, c.where, c.kind) for c in changes] == [("Principles", "", "moved")]
    assert changes[0].new.startswith(f"“{old.principles[-1].title}”")
    assert format_changes(changes) == "Principles\n  Order changed"
    assert summarise(changes) == "Reordered Principles"


def test_commitment_owners_are_shown_by_partner_name() -> None:
    old, new = edited()
    commitment = new.commitments[0]
    outsider = next(p for p in new.partners if p.id not in commitment.owners)
    dropped = new.partner(commitment.owners[0])
    commitment.owners = [*commitment.owners[1:], outsider.id]
    changes = diff_charters(old, new)
    where = f"“{commitment.title}” › Owners"
    assert [(c.where, c.kind, c.old, c.new) for c in changes] == [
        (where, "added", "", outsider.name),
        (where, "removed", dropped.name, ""),
    ]
    text = format_changes(changes)
    assert f"Owners: added {outsider.name}" in " ".join(text.split())
    assert outsider.id not in text and dropped.id not in text
    assert summarise(changes) == f"Changed Commitments › {where}"


def test_a_changed_item_field_names_the_item_then_the_field() -> None:
    old, new = edited()
    new.commitments[1].description += " We will report on it every quarter."
    new.commitments[1].review_date = date(2028, 4, 1)
    changes = diff_charters(old, new)
    title = old.commitments[1].title
    assert [c.where for c in changes] == [f"“{title}” › Description", f"“{title}” › Review date"]
    assert (changes[1].old, changes[1].new) == ("31 October 2026", "1 April 2028")
    text = " ".join(format_changes(changes).split())
    assert f"“{title}” › Review date: 31 October 2026 → 1 April 2028" in text
    assert summarise(changes) == f"Changed Commitments › “{title}” › Description, Review date"


def test_kinds_show_their_labels_and_logos_are_not_hashes() -> None:
    old, new = edited()
    partner = new.partners[0]
    partner.kind = PartnerKind.VCSE
    partner.logo = new.partners[1].logo
    text = " ".join(format_changes(diff_charters(old, new)).split())
    assert "Kind of organisation: Integrated care board → Voluntary, community" in text
    assert f"“{partner.name}” › Logo changed" in text
    assert "media/" not in text and ".png" not in text


def test_nested_items_are_named_with_their_parent() -> None:
    old, new = edited()
    principle = new.principles[0]
    principle.behaviours.append(Behaviour(text="We answer each other’s calls the same day."))
    new.commitments[0].measures[0].text = "All twelve teams meet weekly."
    changes = diff_charters(old, new)
    assert [(c.section, c.kind) for c in changes] == [
        ("Principles", "added"),
        ("Commitments", "changed"),
    ]
    text = format_changes(changes)
    assert (
        "Added behaviour “We answer each other’s calls the same day.” to "
        f"“{principle.title}” › In practice"
    ) in " ".join(text.split())
    # A measure is only its text, so no "› Text" trails its name.
    assert changes[1].where.endswith("› Measures of success › “All twelve teams meet weekly.”")
    assert "[-weekly, with a named lead and a shared caseload, by March 2029.-] {+weekly.+}" in (
        " ".join(text.split())
    )


def test_contributions_are_named_by_their_partner() -> None:
    old, new = edited()
    card = new.contributions[2]
    card.losses = "Some staff may feel their hospital is losing its identity."
    [change] = diff_charters(old, new)
    partner = new.partner(card.partner_id)
    assert change.section == "Contributions and losses"
    assert change.where == f"Contribution from {partner.name} › Losses people may feel"


def test_signature_strokes_are_never_dumped() -> None:
    old, new = edited()
    partner = new.partners[0]
    old.signatures.append(
        Signature(partner_id=partner.id, method=SignatureMethod.DRAWN, strokes=[[1.5, 2.5]])
    )
    new.signatures = [old.signatures[0].model_copy(deep=True)]
    new.signatures[0].strokes = [[10.25, 20.75, 30.5, 40.125]]
    text = format_changes(diff_charters(old, new))
    assert text == f"Signatures\n  Signature from {partner.name} › Drawn signature changed"


def test_a_list_added_to_the_model_later_is_covered() -> None:
    old, new = edited()
    new.concerns.append(Concern(section="purpose", text="The vision does not mention carers."))
    changes = diff_charters(old, new)
    assert summarise(changes) == "Added concern “The vision does not mention carers.”"
    new2 = new.model_copy(deep=True)
    new2.concerns[0].section = "governance"
    [moved] = diff_charters(new, new2)
    assert (moved.old, moved.new) == ("Shared purpose", "Governance")


def test_sections_follow_the_charter_order() -> None:
    old, new = edited()
    new.governance.meeting_rhythm = "Monthly."
    new.partnership.effective_date = date(2026, 9, 1)
    new.title = "Wyvern Vale charter"
    new.frozen_for_signing = True
    changes = diff_charters(old, new)
    assert [c.section for c in changes] == [
        "Charter details",
        "Charter details",
        "Partnership",
        "Governance",
    ]
    text = format_changes(changes)
    assert "  Effective date: 1 April 2026 → 1 September 2026" in text
    assert "  Signing has begun: No → Yes" in text


def test_a_realistic_edit_reads_well_in_the_terminal() -> None:
    old, new = edited()
    new.partners.append(Partner(name="Leeds City Council"))
    new.partnership.scope += "\n\nIt also covers children’s services in every locality."
    new.commitments.insert(0, Commitment(title="Fewer falls", measures=[Measure(text="Half.")]))
    new.commitments.pop()
    changes = diff_charters(old, new)
    text = format_changes(changes)
    assert all(len(line) <= 88 for line in text.splitlines())
    assert text.splitlines()[0] == "Partnership"
    assert "{+It also covers children’s services in every locality.+}" in text
    assert "Added commitment “Fewer falls”" in text
    assert f"Removed commitment “{old.commitments[-1].title}”" in text
    line = summarise(changes)
    assert line.startswith("Changed Partnership › Scope; added partner “Leeds City Council”")
    assert len(line) <= 100


def test_summaries_never_exceed_their_limit() -> None:
    old, new = edited()
    for partner in new.partners:
        partner.name += " (renamed after a long and careful consultation with everyone)"
    new.principles.reverse()
    changes = diff_charters(old, new)
    for limit in range(1, 250):
        line = summarise(changes, limit)
        assert 0 < len(line) <= limit
        assert "\n" not in line
    assert summarise(changes, 100).endswith("more changes")


@SETTINGS
@given(
    st.text(alphabet="ab cd\nEF.,", max_size=40),
    st.text(alphabet="ab cd\nEF.,", max_size=40),
)
def test_word_segments_rebuild_both_texts(before: str, after: str) -> None:
    old, new = edited()
    old.purpose.why, new.purpose.why = before, after
    changes = diff_charters(old, new)
    if before == after:
        assert changes == []
        return
    [change] = changes
    assert "".join(t for kind, t in change.words if kind != "removed") == after
    assert "".join(t for kind, t in change.words if kind != "added") == before
    kinds = [kind for kind, _ in change.words]
    assert all(a != b for a, b in pairwise(kinds))
    assert len(summarise(changes, 40)) <= 40
    assert format_changes(changes).startswith("Shared purpose\n  Why")


def _large() -> Charter:
    charter = example()
    charter.partners = [
        Partner(name=f"Organisation {n}", kind=PartnerKind.PRIMARY_CARE) for n in range(200)
    ]
    ids = [p.id for p in charter.partners]
    charter.commitments = [
        Commitment(
            title=f"Commitment {n}",
            description=_example().commitments[n % 8].description,
            owners=ids[n : n + 6],
            measures=[Measure(text=f"Measure {n}.{m}") for m in range(3)],
        )
        for n in range(100)
    ]
    return charter.with_contribution_cards()


def test_diffing_large_charters_is_quick() -> None:
    old = _large()
    new = old.model_copy(deep=True)
    new.partners[150].name = "Renamed organisation"
    new.commitments[50].description += " And one more sentence."
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        changes = diff_charters(old, new)
        timings.append(time.perf_counter() - start)
    assert len(changes) == 2
    assert min(timings) < 0.05

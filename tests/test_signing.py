"""Signatures are bound to the exact text agreed: an edit shows them as given for an earlier one."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from charter_builder.charter.model import (
    BoardApproval,
    Charter,
    Partner,
    Signature,
    SignatureMethod,
)
from charter_builder.drafts.starters import load_starter
from charter_builder.signatures import signing
from charter_builder.signatures.signing import (
    NOT_AGREED,
    SignatureState,
    content_digest,
    fully_signed,
    signature_for,
    signature_state,
    signature_states,
    why_not_ready,
)

EXAMPLE = load_starter("example").charter
EXAMPLE_DATA = EXAMPLE.model_dump(mode="python")
EXAMPLE_DIGEST = content_digest(EXAMPLE)

#: Strings that name things rather than say them: changing these is not editing agreed text.
NOT_TEXT = {"id", "partner_id", "kind", "horizon", "logo"}

Path = tuple[str | int, ...]


def text_paths(value: Any, path: Path = ()) -> list[Path]:
    """Where every piece of agreed text sits in the example's data."""
    if isinstance(value, str):
        return [path]
    if isinstance(value, dict):
        return [
            found
            for key, inner in value.items()
            if key not in NOT_TEXT and key != "owners" and key not in NOT_AGREED
            for found in text_paths(inner, (*path, key))
        ]
    if isinstance(value, list):
        return [found for i, inner in enumerate(value) for found in text_paths(inner, (*path, i))]
    return []


TEXT_PATHS = text_paths(EXAMPLE_DATA)


def lookup(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


def with_text(path: Path, text: str) -> Charter:
    """The example with the text at ``path`` replaced."""
    data = EXAMPLE.model_dump(mode="python")
    *parents, last = path
    lookup(data, tuple(parents))[last] = text
    return Charter.model_validate(data)


def sign(charter: Charter, partner: Partner, **fields: Any) -> Charter:
    """``charter`` with ``partner``'s signature (replacing any earlier one) given against it."""
    signature = Signature(
        partner_id=partner.id,
        signatory_name=partner.representative.name,
        signatory_role=partner.representative.role,
        signed_on=date(2026, 5, 1),
        approval=BoardApproval(meeting_date=date(2026, 4, 20), minute_reference="B/26/14"),
        digest=content_digest(charter),
        **fields,
    )
    others = [s for s in charter.signatures if s.partner_id != partner.id]
    return charter.model_copy(update={"signatures": [*others, signature]})


def sign_all(charter: Charter) -> Charter:
    for partner in charter.partners:
        charter = sign(charter, partner)
    return charter


def edit_first_commitment(charter: Charter) -> Charter:
    first = charter.commitments[0]
    changed = first.model_copy(update={"description": first.description + " By March 2027."})
    return charter.model_copy(update={"commitments": [changed, *charter.commitments[1:]]})


# --- the digest covers exactly what was agreed ---------------------------------------------

hex_digests = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)
strokes = st.lists(st.lists(st.floats(min_value=0, max_value=1000), max_size=12), max_size=4)
signatures = st.lists(
    st.builds(
        Signature,
        partner_id=st.sampled_from([p.id for p in EXAMPLE.partners]),
        signatory_name=st.text(max_size=40),
        signatory_role=st.text(max_size=40),
        signed_on=st.none() | st.dates(),
        method=st.sampled_from(list(SignatureMethod)),
        strokes=strokes,
        digest=st.just("") | hex_digests,
    ),
    max_size=5,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(signatures=signatures, frozen=st.booleans())
def test_signing_and_freezing_never_change_the_digest(signatures, frozen):
    changed = EXAMPLE.model_copy(update={"signatures": signatures, "frozen_for_signing": frozen})
    assert content_digest(changed) == EXAMPLE_DIGEST


def test_the_example_has_text_in_every_section_to_edit():
    sections = {path[0] for path in TEXT_PATHS}
    assert sections == {
        "title", "version", "partnership", "partners", "purpose", "principles",
        "commitments", "contributions", "governance",
    }  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(TEXT_PATHS), text=st.text(max_size=200))
def test_any_change_to_agreed_text_changes_the_digest(path, text):
    old = lookup(EXAMPLE_DATA, path)
    assume(unicodedata.normalize("NFC", text) != unicodedata.normalize("NFC", old))
    assert content_digest(with_text(path, text)) != EXAMPLE_DIGEST


def test_composed_and_decomposed_accents_give_the_same_digest():
    composed = unicodedata.normalize("NFC", "Café Connect — résumé")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    path = ("purpose", "vision")
    assert content_digest(with_text(path, composed)) == content_digest(with_text(path, decomposed))


# --- signature states ----------------------------------------------------------------------


def test_nobody_has_signed_the_example():
    states = signature_states(EXAMPLE)
    assert set(states) == {p.id for p in EXAMPLE.partners}
    assert set(states.values()) == {SignatureState.UNSIGNED}
    assert not fully_signed(EXAMPLE)


def test_a_signature_given_against_this_text_is_current():
    partner = EXAMPLE.partners[0]
    signed = sign(EXAMPLE, partner)
    assert signature_state(signed, partner.id) is SignatureState.CURRENT
    assert SignatureState.CURRENT.label == "Signed"
    # The others still have to sign.
    assert signature_state(signed, EXAMPLE.partners[1].id) is SignatureState.UNSIGNED


def test_a_signature_with_no_digest_counts_as_unsigned():
    partner = EXAMPLE.partners[0]
    signed = sign(EXAMPLE, partner)
    signed.signatures[0].digest = ""
    assert signature_state(signed, partner.id) is SignatureState.UNSIGNED


def test_editing_a_commitment_makes_every_signature_earlier():
    edited = edit_first_commitment(sign_all(EXAMPLE))
    assert set(signature_states(edited).values()) == {SignatureState.EARLIER}
    assert not fully_signed(edited)


def test_signing_again_after_the_edit_makes_that_signature_current():
    edited = edit_first_commitment(sign_all(EXAMPLE))
    partner = EXAMPLE.partners[2]
    resigned = sign(edited, partner)
    states = signature_states(resigned)
    assert states.pop(partner.id) is SignatureState.CURRENT
    assert set(states.values()) == {SignatureState.EARLIER}
    assert fully_signed(sign_all(edited))


def test_fully_signed_only_when_every_partner_has_signed_this_text():
    charter = EXAMPLE
    for partner in EXAMPLE.partners:
        assert not fully_signed(charter)
        charter = sign(charter, partner)
    assert fully_signed(charter)
    # A new partner has not signed yet.
    joined = charter.model_copy(update={"partners": [*charter.partners, Partner(name="Hospice")]})
    assert not fully_signed(joined)


def test_a_charter_with_no_partners_is_never_signed():
    assert not fully_signed(Charter())


def test_freezing_for_signing_keeps_signatures_current():
    signed = sign_all(EXAMPLE)
    frozen = signed.model_copy(update={"frozen_for_signing": not signed.frozen_for_signing})
    assert fully_signed(frozen)


def ready_signature(**changes: Any) -> Signature:
    base = Signature(
        partner_id=EXAMPLE.partners[0].id,
        signatory_name="Dr Ada Example",
        signed_on=date(2026, 5, 1),
        approval=BoardApproval(meeting_date=date(2026, 4, 20), minute_reference="B/26/3"),
    )
    return base.model_copy(update=changes)


def test_a_signature_is_ready_once_the_board_has_approved_and_a_name_is_given():
    assert why_not_ready(ready_signature()) is None
    assert "signatory's name" in why_not_ready(ready_signature(signatory_name="  "))
    assert "board approved" in why_not_ready(ready_signature(approval=BoardApproval()))


def test_the_board_approves_before_the_signature_not_after():
    late = BoardApproval(meeting_date=date(2026, 5, 2))
    assert "before it is signed" in why_not_ready(ready_signature(approval=late))
    same_day = BoardApproval(meeting_date=date(2026, 5, 1))
    assert why_not_ready(ready_signature(approval=same_day)) is None


def test_a_drawn_or_picture_signature_needs_something_drawn_or_chosen():
    drawn = ready_signature(method=SignatureMethod.DRAWN)
    assert "Draw the signature" in why_not_ready(drawn)
    assert why_not_ready(drawn.model_copy(update={"strokes": [[1.0, 2.0, 3.0, 4.0]]})) is None
    assert "picture" in why_not_ready(ready_signature(method=SignatureMethod.IMAGE))


# --- details recorded before signing ---------------------------------------------------------

def approval_only(partner: Partner, minute: str = "B/26/14") -> Signature:
    """What a secretary records when the board approves, weeks before anyone signs."""
    return Signature(
        partner_id=partner.id,
        signatory_name=partner.representative.name,
        approval=BoardApproval(meeting_date=date(2026, 11, 12), minute_reference=minute),
    )


def applied(charter: Charter, edit) -> Charter:
    charter = charter.model_copy(deep=True)
    edit.apply(charter)
    return charter


def test_recorded_details_are_kept_but_count_as_not_signed():
    partner = EXAMPLE.partners[1]
    edit = signing.prepare(EXAMPLE, approval_only(partner))
    assert edit.text == "record the sign-off details"
    charter = applied(EXAMPLE, edit)
    (record,) = charter.signatures
    assert record.approval.minute_reference == "B/26/14"
    assert record.digest == ""
    assert signature_state(charter, partner.id) is SignatureState.UNSIGNED
    assert not fully_signed(charter)
    assert content_digest(charter) == EXAMPLE_DIGEST
    edit.undo(charter)
    assert charter.signatures == []


def test_recording_again_keeps_the_same_record_in_the_partners_order():
    first, second = EXAMPLE.partners[0], EXAMPLE.partners[1]
    charter = applied(EXAMPLE, signing.prepare(EXAMPLE, approval_only(second)))
    charter = applied(charter, signing.prepare(charter, approval_only(first)))
    record_id = signature_for(charter, second.id).id
    again = applied(charter, signing.prepare(charter, approval_only(second, "B/26/15")))
    assert [s.partner_id for s in again.signatures] == [first.id, second.id]
    assert signature_for(again, second.id).id == record_id
    assert signature_for(again, second.id).approval.minute_reference == "B/26/15"
    assert content_digest(again) == EXAMPLE_DIGEST


def test_recording_details_never_overwrites_a_given_signature():
    partner = EXAMPLE.partners[0]
    signed = sign(EXAMPLE, partner)
    with pytest.raises(ValueError):
        signing.prepare(signed, approval_only(partner, "Changed"))
    assert signature_for(signed, partner.id).approval.minute_reference == "B/26/14"


def test_signing_after_recording_keeps_the_record_and_signs_it():
    partner = EXAMPLE.partners[0]
    charter = applied(EXAMPLE, signing.prepare(EXAMPLE, approval_only(partner)))
    record_id = charter.signatures[0].id
    ready = approval_only(partner).model_copy(update={"signed_on": date(2026, 12, 1)})
    signed = applied(charter, signing.sign(charter, ready))
    (signature,) = signed.signatures
    assert signature.id == record_id
    assert signature.approval.minute_reference == "B/26/14"
    assert signature_state(signed, partner.id) is SignatureState.CURRENT
    assert content_digest(signed) == EXAMPLE_DIGEST


def test_removing_a_signature_keeps_the_boards_approval_recorded():
    partner = EXAMPLE.partners[0]
    signed = sign(EXAMPLE, partner)
    given = signed.signatures[0]
    edit = signing.withdraw(signed, partner.id)
    withdrawn = applied(signed, edit)
    (record,) = withdrawn.signatures
    assert record.id == given.id
    assert record.digest == ""
    assert record.approval == given.approval
    assert record.signatory_name == given.signatory_name
    assert signature_state(withdrawn, partner.id) is SignatureState.UNSIGNED
    assert content_digest(withdrawn) == EXAMPLE_DIGEST
    edit.undo(withdrawn)
    assert signature_state(withdrawn, partner.id) is SignatureState.CURRENT

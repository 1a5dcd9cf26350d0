"""Starters and guidance: the first charter text a board ever sees."""

from __future__ import annotations

import io
import json
import re
import typing
from datetime import date

import pytest
from PIL import Image
from pydantic import BaseModel

from charter_builder.charter.model import Charter, Horizon, PartnerKind
from charter_builder.drafts.starters import STARTERS, guidance, load_starter, shared_principles
from charter_builder.errors import CharterError
from charter_builder.paths import resources_dir
from charter_builder.signatures.signing import NOT_AGREED


def model_classes(root: type[BaseModel] = Charter) -> set[type[BaseModel]]:
    """Every model class reachable from the charter, found from the type hints."""

    def models_in(annotation: object) -> typing.Iterator[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield annotation
        for arg in typing.get_args(annotation):
            yield from models_in(arg)

    found: set[type[BaseModel]] = set()
    todo = [root]
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.add(cls)
            for field in cls.model_fields.values():
                todo.extend(models_in(field.annotation))
    return found


def filled_fields(model: BaseModel, out: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """(class, field) pairs that hold something in this model or anything inside it."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if value not in (None, "", []):
            out.add((type(model).__name__, name))
        for inner in value if isinstance(value, list) else [value]:
            if isinstance(inner, BaseModel):
                filled_fields(inner, out)
    return out


def without_ids(charter: Charter) -> str:
    """The charter as JSON with every id, and every reference to it, replaced by its position."""
    text = json.dumps(charter.model_dump(mode="json"))
    for position, item in enumerate(charter.iter_items()):
        text = text.replace(item.id, f"item-{position}")
    return text


def all_ids(charter: Charter) -> set[str]:
    return {item.id for item in charter.iter_items()}


def all_text(charter: Charter) -> str:
    return json.dumps(charter.model_dump(mode="json"), ensure_ascii=False)


@pytest.fixture(scope="module")
def example():
    return load_starter("example")


@pytest.mark.parametrize("name", list(STARTERS))
def test_every_starter_loads_as_a_valid_draft(name):
    draft = load_starter(name)
    assert Charter.model_validate(draft.charter.model_dump(mode="json")) == draft.charter
    assert set(draft.media) == draft.charter.media_names()
    assert STARTERS[name].title and STARTERS[name].description


def test_blank_starter_is_an_empty_charter():
    charter = load_starter("blank").charter
    assert charter == Charter()
    assert charter.title == "System charter"


def test_an_unknown_starter_is_refused_with_the_valid_names():
    with pytest.raises(CharterError) as caught:
        load_starter("wyvern")
    message = str(caught.value)
    assert "wyvern" in message
    for name in STARTERS:
        assert name in message


def test_ics_starter_has_the_five_principles_and_governance_but_no_partners():
    charter = load_starter("ics").charter
    titles = [p.title for p in charter.principles]
    assert titles == [p.title for p in shared_principles()]
    assert len(titles) == 5
    assert any("gemba" in t.lower() for t in titles)
    for principle in charter.principles:
        assert principle.meaning
        assert 3 <= len(principle.behaviours) <= 4
        assert all(b.text for b in principle.behaviours)
    governance = charter.governance
    for name in type(governance).model_fields:
        assert getattr(governance, name), f"governance.{name} is empty"
    assert 4 <= len(governance.conflict_steps) <= 5
    assert "consensus" in governance.decision_making
    assert "six months" in governance.joining_and_leaving
    assert "not a legally binding contract" in charter.partnership.scope
    assert charter.purpose.why and charter.purpose.how and charter.purpose.what
    assert charter.purpose.vision.count(".") == 1, "the vision should be one sentence"
    assert charter.partners == [] and charter.commitments == [] and charter.contributions == []


#: A starter is never signed: boards record signatures against the text, we do not write them.
#: Nor does it come with concerns: partners raise those about their own draft.
SIGNING_RECORDS = {"Signature", "BoardApproval", "Concern"}


def test_example_fills_every_field_of_every_part_of_the_charter(example):
    expected = {
        (cls.__name__, f)
        for cls in model_classes()
        if cls.__name__ not in SIGNING_RECORDS
        for f in cls.model_fields
        if not (cls is Charter and f in NOT_AGREED)
    }
    missing = expected - filled_fields(example.charter, set())
    assert not missing, f"the worked example leaves these empty: {sorted(missing)}"


def test_example_partners_cover_the_whole_system(example):
    partners = example.charter.partners
    assert 8 <= len(partners) <= 10
    kinds = {p.kind for p in partners}
    assert kinds >= set(PartnerKind) - {PartnerKind.OTHER}
    assert len({p.name for p in partners}) == len(partners)
    for partner in partners:
        rep = partner.representative
        assert rep.name and rep.role, partner.name
        # fictional people must not have mail addresses anyone could receive
        assert re.fullmatch(r"[\w.]+@[\w.-]+\.example(\.org)?", rep.email), rep.email


def test_every_example_partner_has_its_own_logo(example):
    logos = [p.logo for p in example.charter.partners]
    assert all(logos)
    assert len(set(logos)) == len(logos), "two partners share a logo"
    for name in logos:
        with Image.open(io.BytesIO(example.image(name))) as image:
            assert image.format == "PNG"
            assert image.width > image.height


def test_example_has_one_full_contribution_per_partner(example):
    charter = example.charter
    assert charter.with_contribution_cards() == charter
    for contribution in charter.contributions:
        who = charter.partner(contribution.partner_id).name
        assert contribution.brings, who
        assert contribution.autonomy_given_up, who
        assert contribution.losses, who
        assert contribution.support, who


def test_example_commitments_have_real_owners_measures_and_reviews(example):
    charter = example.charter
    assert 6 <= len(charter.commitments) <= 8
    owners_seen: set[str] = set()
    for commitment in charter.commitments:
        assert commitment.owners, commitment.title
        for owner in commitment.owners:
            assert charter.partner(owner) is not None, f"{commitment.title}: unknown owner"
        owners_seen.update(commitment.owners)
        assert 2 <= len(commitment.measures) <= 3, commitment.title
        assert (
            commitment.review_date and commitment.review_date > charter.partnership.effective_date
        )
    assert {c.horizon for c in charter.commitments} == set(Horizon)
    assert owners_seen == {p.id for p in charter.partners}, "every partner owns something"


def test_example_partnership_details(example):
    partnership = example.charter.partnership
    assert partnership.effective_date == date(2026, 4, 1)
    assert partnership.review_date == date(2027, 3, 31)
    assert "not a legally binding contract" in partnership.scope
    assert "no financial liabilities" in partnership.scope


def test_example_adapts_the_five_principles_rather_than_copying_them(example):
    shared = shared_principles()
    adapted = example.charter.principles
    assert [p.title for p in adapted] == [p.title for p in shared]
    for ours, base in zip(adapted, shared, strict=True):
        assert ours.meaning != base.meaning
        assert not {b.text for b in ours.behaviours} & {b.text for b in base.behaviours}


def test_loading_twice_gives_fresh_ids_but_the_same_content():
    for name in ("ics", "example"):
        first, second = load_starter(name), load_starter(name)
        assert all_ids(first.charter).isdisjoint(all_ids(second.charter))
        assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in all_ids(first.charter))
        assert without_ids(first.charter) == without_ids(second.charter)
        assert first.media == second.media


def test_editing_a_started_draft_does_not_change_the_starter():
    draft = load_starter("example")
    draft.charter.partners[0].name = "Renamed"
    draft.charter.principles.clear()
    again = load_starter("example").charter
    assert again.partners[0].name == "NHS Wyvern Vale Integrated Care Board"
    assert len(again.principles) == 5


@pytest.mark.parametrize("name", list(STARTERS))
def test_starter_text_is_british_english(name):
    text = all_text(load_starter(name).charter).lower()
    for american in ("organiz", "color", "center", "program ", "prioritiz", "behavior", "judgment"):
        assert american not in text, american


def test_guidance_exists_for_every_section_of_the_charter():
    for section in Charter.model_fields:
        assert guidance(section), f"no guidance for {section}"


@pytest.mark.parametrize(
    "key",
    [
        "welcome",
        "partnership",
        "partners",
        "purpose",
        "purpose.why",
        "purpose.how",
        "purpose.what",
        "purpose.vision",
        "principles",
        "commitments",
        "contributions",
        "contributions.losses",
        "governance",
        "governance.gemba_visits",
        "governance.conflict_steps",
        "review",
    ],
)
def test_guidance_for_wizard_pages_is_short_plain_prose(key):
    text = guidance(key)
    assert text
    assert len(text) < 600
    assert text.rstrip().endswith((".", "?"))


def test_guidance_for_an_unknown_key_is_empty():
    assert guidance("no.such.field") == ""


def test_all_guidance_is_british_english():
    table = json.loads((resources_dir() / "guidance.json").read_text(encoding="utf-8"))
    text = " ".join(table.values()).lower()
    for american in ("organiz", "color", "center", "program ", "prioritiz", "behavior"):
        assert american not in text, american

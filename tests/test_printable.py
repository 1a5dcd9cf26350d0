"""Text the PDF cannot print is found before printing, and said where it is in plain words.

No bundled font draws Chinese, Japanese or Korean (their fonts are many megabytes),
so such text would print as empty boxes. The board must hear of it first.
"""

from __future__ import annotations

import pytest

from charter_builder.charter.model import Charter, Concern, Partner
from charter_builder.charter.printable import (
    missing_characters,
    printable_codepoints,
    unprintable_problems,
    unprintable_text,
)
from charter_builder.charter.problems import Problem
from charter_builder.drafts.starters import load_starter

CHINESE = "华人社区健康中心"


@pytest.fixture
def charter() -> Charter:
    return load_starter("example").charter


def test_the_worked_example_prints_every_character(charter) -> None:
    assert unprintable_text(charter) == []
    assert unprintable_problems(charter) == []


def test_a_chinese_partner_name_is_reported_with_its_place_and_script(charter) -> None:
    partner = charter.partners[2]
    partner.name = f"{CHINESE} Trust"
    (found,) = unprintable_text(charter)
    assert found.location == ("partners", 2, "name")
    assert found.item_id == partner.id
    assert found.scripts == ("Chinese",)
    assert found.characters == CHINESE
    assert found.message == (
        "Some characters in Partner 3's name (Chinese) cannot be printed: "
        "the PDF has no font for them."
    )
    assert found.where.startswith("Partners › partner 3")
    (problem,) = unprintable_problems(charter)
    assert problem == Problem(("partners", 2, "name"), found.message, partner.id)
    assert str(problem).startswith("Partners: Some characters in Partner 3's name")


def test_every_field_that_prints_is_checked_and_named(charter) -> None:
    charter.title = f"{CHINESE} charter"
    charter.purpose.why = "みんなの健康のために"
    charter.partners[0].representative.name = "김민준"
    charter.principles[1].behaviours[0].text = "ሰላም ለሁሉም"
    charter.governance.conflict_steps[1].text = "සාමය"
    charter.contributions[0].losses = "Some \ue000 private-use character"
    found = {f.location: f for f in unprintable_text(charter)}
    words = {location: (f.scripts, f.field) for location, f in found.items()}
    assert words == {
        ("title",): (("Chinese",), "the charter's title"),
        ("partners", 0, "representative", "name"): (
            ("Korean",),
            "Partner 1's representative's name",
        ),
        ("purpose", "why"): (("Japanese",), "“Why” in Shared purpose"),
        ("principles", 1, "behaviours", 0, "text"): (
            ("Amharic or Tigrinya",),
            "behaviour 1 of Principle 2",
        ),
        ("contributions", 0, "losses"): (
            (),
            "“Losses people may feel” in Partner 1's contribution",
        ),
        ("governance", "conflict_steps", 1, "text"): (
            ("Sinhala",),
            "step 2 of “Surfacing and resolving conflict” in Governance",
        ),
    }
    assert "(U+E000)" in found[("contributions", 0, "losses")].message
    # In the order of the charter, as the review list shows them.
    assert [location[0] for location in found] == [
        "title",
        "partners",
        "purpose",
        "principles",
        "contributions",
        "governance",
    ]


def test_a_section_left_out_of_the_pdf_is_not_reported(charter) -> None:
    charter.contributions[0].brings = CHINESE
    assert unprintable_text(charter)
    assert unprintable_text(charter, include_contributions=False) == []


def test_concerns_never_print_so_are_not_checked(charter) -> None:
    charter.concerns.append(Concern(section="purpose", text=CHINESE))
    assert unprintable_text(charter) == []


def test_scripts_and_symbols_we_ship_fonts_for_are_not_reported() -> None:
    text = "Zoë’s Café £5 — Ελλάδα Київ مرحبا ہم שלום বাংলা ਪੰਜਾਬੀ ગુજરાતી हिन्दी தமிழ் 🤝❤️👩🏽‍⚕️🇬🇧"
    assert missing_characters(text) == ""
    assert unprintable_text(Charter(partners=[Partner(name=text)])) == []


def test_characters_the_renderer_drops_or_hides_are_not_reported() -> None:
    # Control codes are stripped before printing; joiners, soft hyphens, direction
    # marks and variation selectors are invisible by design.
    text = "a\x01b\x7f\u200b\u200c\u200d\u00ad\u200e\u202b\ufe0f\ufeff\t\n\r\u3000"
    assert missing_characters(text) == ""


def test_symbols_with_no_script_are_quoted_a_few_at_a_time() -> None:
    unknown = "".join(
        c for c in map(chr, range(0x2A00, 0x2B00)) if ord(c) not in printable_codepoints()
    )
    assert len(unknown) > 5
    charter = Charter(partners=[Partner(name=unknown)])
    (found,) = unprintable_text(charter)
    assert found.scripts == ()
    assert found.characters == unknown
    quoted = found.message.split("(", 1)[1].split(")", 1)[0]
    assert quoted == ", ".join(f"“{c}”" for c in unknown[:3])


def test_each_character_is_named_once_in_order() -> None:
    assert missing_characters("健康 and 健康 again 中") == "健康中"


def test_the_coverage_lists_match_the_fonts_we_ship() -> None:
    """The lists are read instead of the fonts, to keep the window's start quick."""
    import json

    from fontTools.ttLib import TTFont

    from charter_builder import paths

    fonts = paths.resources_dir() / "fonts"
    styles = sorted(fonts.glob("SourceSans3-*.ttf"))
    assert len(styles) == 6
    drawable = set.intersection(*(set(TTFont(p, lazy=True).getBestCmap()) for p in styles))
    families: dict[str, list[set[int]]] = {}
    for entry in json.loads((fonts / "fallback" / "fallback.json").read_text(encoding="utf-8")):
        cmap = set(TTFont(fonts / "fallback" / entry["file"], lazy=True).getBestCmap())
        families.setdefault(entry["family"], []).append(cmap)
    for weights in families.values():
        drawable |= set.intersection(*weights)
    assert printable_codepoints() == drawable

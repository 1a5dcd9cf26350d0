"""Turn a draft into HTML with Jinja2; every piece of user text is escaped.

Templates never mark user text as safe: multi-line text goes through
:func:`paragraphs`, which escapes first and only then adds ``<p>`` and ``<br>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from charter_builder import paths
from charter_builder.draft import Draft
from charter_builder.labels import FIELD_LABELS, SECTION_LABELS
from charter_builder.model import Charter, Commitment, Partner
from charter_builder.render.fetcher import media_url
from charter_builder.render.options import RenderOptions

TEMPLATE = "charter.html.j2"
NOT_WRITTEN = "Not yet written"
#: Partner tiles that fit on the cover; the rest are listed in "The partnership".
COVER_TILES = 25
#: Cover text longer than this is shortened (in full inside), so the cover stays one page.
COVER_TEXT_CHARS = 160
#: Above this many partners the cover uses smaller tiles, five to a row.
ROOMY_TILES = 16
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


@cache
def environment() -> Environment:
    """One Jinja environment per process: templates are parsed once."""
    env = Environment(
        loader=FileSystemLoader(paths.templates_dir()),
        autoescape=select_autoescape(["html", "j2", "html.j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["long_date"] = long_date
    env.filters["written"] = written
    return env


def paragraphs(text: str) -> Markup:
    """Escaped text as ``<p>`` per blank-line-separated block, ``<br>`` per line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return not_written()
    blocks = _BLANK_LINES.split(text)
    return Markup("\n").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in block.split("\n")))
        for block in blocks
    )


def written(items: list) -> list:
    """List items that have some text; empty bullets are left out of the PDF."""
    return [item for item in items if item.text.strip()]


def not_written(words: str = NOT_WRITTEN) -> Markup:
    return Markup('<p class="not-written">{}</p>').format(words)


def long_date(value: date | None) -> str:
    """Dates the way a board paper writes them: "1 April 2026"."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


@dataclass(frozen=True)
class ContentsEntry:
    anchor: str
    title: str


def render_html(draft: Draft, options: RenderOptions | None = None) -> str:
    """The charter as one HTML document, ready for WeasyPrint."""
    options = options or RenderOptions()
    charter = draft.charter.with_contribution_cards()
    sections = [
        ContentsEntry("partnership", "The partnership"),
        ContentsEntry("purpose", SECTION_LABELS["purpose"]),
        ContentsEntry("principles", SECTION_LABELS["principles"]),
        ContentsEntry("commitments", SECTION_LABELS["commitments"]),
    ]
    if options.include_contributions:
        sections.append(ContentsEntry("contributions", SECTION_LABELS["contributions"]))
    sections += [
        ContentsEntry("governance", SECTION_LABELS["governance"]),
        ContentsEntry("signatures", "Signatures"),
    ]
    return (
        environment()
        .get_template(TEMPLATE)
        .render(
            charter=charter,
            options=options,
            sections=sections,
            labels=FIELD_LABELS,
            logos=_logo_urls(charter, draft),
            owners={c.id: _owner_names(charter, c) for c in charter.commitments},
            partner_name=partner_name,
            not_written=not_written,
            running_head=_running_head(charter),
            running_foot=_running_foot(charter),
            cover_title=_shorten(charter.title, COVER_TEXT_CHARS) or "Untitled charter",
            cover_name=_shorten(charter.partnership.name, COVER_TEXT_CHARS),
            cover_place=_shorten(charter.partnership.place, COVER_TEXT_CHARS),
            cover_version=_shorten(charter.version, 60),
            cover_partners=charter.partners[:COVER_TILES],
            more_partners=max(0, len(charter.partners) - COVER_TILES),
            compact_cover=len(charter.partners) > ROOMY_TILES,
        )
    )


def partner_name(partner: Partner) -> str:
    return partner.name.strip() or "Unnamed partner"


def _owner_names(charter: Charter, commitment: Commitment) -> list[str]:
    """Owners by name; ids of partners who have since left are skipped."""
    found = (charter.partner(owner) for owner in commitment.owners)
    return [partner_name(p) for p in found if p is not None]


def _logo_urls(charter: Charter, draft: Draft) -> dict[str, str]:
    """Partner id to logo URL, only for logos the draft actually holds."""
    return {p.id: media_url(p.logo) for p in charter.partners if p.logo and p.logo in draft.media}


def _running_head(charter: Charter) -> str:
    """Title · partnership, short enough for one line at the top of every page."""
    parts = [charter.title.strip(), charter.partnership.name.strip()]
    return _shorten(" · ".join(part for part in parts if part), 110)


def _running_foot(charter: Charter) -> str:
    version = _shorten(charter.version.strip(), 30) or "not set"
    return f"Version {version} · Draft"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

"""Turn a draft into HTML with Jinja2; every piece of user text is escaped.

Templates never mark user text as safe: multi-line text goes through
:func:`paragraphs`, which escapes first and only then adds ``<p>`` and ``<br>``.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from charter_builder import paths
from charter_builder.charter.images import check_picture
from charter_builder.charter.labels import FIELD_LABELS, SECTION_LABELS
from charter_builder.charter.model import Charter, Commitment, Partner, Signature, SignatureMethod
from charter_builder.drafts.draft import Draft
from charter_builder.errors import ImageError
from charter_builder.render import fallback_fonts, golden_circle, signature_svg
from charter_builder.render.fetcher import media_url
from charter_builder.render.metadata import pdf_metadata
from charter_builder.render.options import RenderOptions
from charter_builder.signatures import sign_proof, signing
from charter_builder.when import long_date
from charter_builder.words import shorten

TEMPLATE = "charter.html.j2"
NOT_WRITTEN = "Not yet written"
#: Partner tiles that fit on the cover; the rest are listed in "The partnership".
COVER_TILES = 25
#: Cover text longer than this is shortened (in full inside), so the cover stays one page.
COVER_TEXT_CHARS = 160
#: Above this many partners the cover uses smaller tiles, five to a row.
ROOMY_TILES = 16
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_FONT_BODY = re.compile(r"--font-body\s*:\s*([^;]+);")
#: What :func:`charter_status` returns once every partner has signed.
SIGNED = "Signed"
#: A run of this many characters with no place to break the line gets break points.
LONG_WORD = 100
#: ...one after every this many characters: few enough to leave lines nearly full.
BREAK_EVERY = 10
ZERO_WIDTH_SPACE = "\u200b"
#: Characters a line may break at, and ideographs (a line may break between any two),
#: end a run; so do markup's own < and >. Entities (``&amp;``) count as one character.
_UNBROKEN = (
    "[^ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200b\u2028\u2029\u205f\u3000<>&"
    "\u2e80-\u303e\u3040-\u30ff\u3130-\u318f\u31a0-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003fffd]"
)
_ENTITY = "&#?[0-9A-Za-z]{1,32};"
_LONG_RUN = re.compile(f"(?:{_UNBROKEN}|{_ENTITY}){{{LONG_WORD},}}")
_RUN_UNIT = re.compile(f"{_ENTITY}|.", re.DOTALL)
_TAG = re.compile(r"(<[^>]*>)")
#: A draft's pictures are PNG or JPEG (drafts/draft_pictures.py normalises them).
_PICTURE_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


@cache
def environment() -> Environment:
    """One Jinja environment per process: templates are parsed once."""
    env = Environment(
        loader=FileSystemLoader(paths.templates_dir()),
        autoescape=select_autoescape(["html", "j2", "html.j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=printable,
    )
    env.filters["paragraphs"] = paragraphs
    env.filters["long_date"] = long_date
    env.filters["written"] = written
    env.filters["whole"] = whole
    return env


class Whole(Markup):
    """Escaped text to print exactly as it is: web addresses and the document's properties."""


def whole(value: object) -> Whole:
    """Mark a value (a ``data:`` address, the PDF's title) to be left without break points."""
    return Whole(escape(value))


def printable(value: object) -> object:
    """Every printed value without control characters, and with long words breakable.

    A stray control code pasted into a field would otherwise print as a box and
    can spoil copying text out of the whole page. An unbroken run of letters (a
    pasted web address, a hostile draft's word of a hundred thousand letters) gets
    zero-width break points, see :func:`breakable`.
    """
    if isinstance(value, Whole):
        return Whole(_CONTROL.sub("", value))
    if isinstance(value, Markup):
        text = _CONTROL.sub("", value)
        if not _LONG_RUN.search(text):
            return Markup(text)
        return Markup("".join(
            part if index % 2 else breakable(part)
            for index, part in enumerate(_TAG.split(text))
        ))  # fmt: skip
    if isinstance(value, str):
        return breakable(_CONTROL.sub("", value))
    return value


def breakable(text: str) -> str:
    """``text`` with a zero-width space every few characters of any very long unbroken run.

    WeasyPrint takes time that grows with the square of a word's length to find
    where to break a word wider than the line (minutes for a hundred thousand
    letters), and the golden circle and table cells are narrow. Invisible break
    points make such a word print, broken where it must be, in time that grows
    only with its length. Ordinary words and web addresses up to ``LONG_WORD``
    characters are untouched; the draft's own text never changes, and checking
    the PDF's words against it ignores these spaces.
    """
    return _LONG_RUN.sub(_add_breaks, text)


def _add_breaks(found: re.Match[str]) -> str:
    pieces: list[str] = []
    count = 0
    for unit in _RUN_UNIT.findall(found.group()):
        # Accents and joiners stay with the letter before them.
        if count >= BREAK_EVERY and not _joins_previous(unit):
            pieces.append(ZERO_WIDTH_SPACE)
            count = 0
        pieces.append(unit)
        count += 1
    return "".join(pieces)


def _joins_previous(unit: str) -> bool:
    return len(unit) == 1 and (
        unicodedata.combining(unit) != 0
        or unit in "\u200c\u200d\ufe0e\ufe0f"
        or "\U0001f3fb" <= unit <= "\U0001f3ff"
        or unicodedata.category(unit) == "Mc"
    )


def paragraphs(text: str) -> Markup:
    """Escaped text as ``<p>`` per blank-line-separated block, ``<br>`` per line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return not_written()
    blocks = _BLANK_LINES.split(text)
    return Markup("\n").join(
        Markup("<p{}>{}</p>").format(
            Markup(' dir="rtl"') if right_to_left(block) else "",
            Markup("<br>").join(escape(line) for line in block.split("\n")),
        )
        for block in blocks
    )


def right_to_left(text: str) -> bool:
    """Whether a paragraph reads right to left: its first letter is Arabic, Hebrew, Urdu…

    The same rule as HTML's dir="auto", which the PDF engine does not apply itself.
    """
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def written(items: list) -> list:
    """List items that have some text; empty bullets are left out of the PDF."""
    return [item for item in items if item.text.strip()]


def not_written(words: str = NOT_WRITTEN) -> Markup:
    return Markup('<p class="not-written">{}</p>').format(words)




@dataclass(frozen=True)
class ContentsEntry:
    anchor: str
    title: str


def charter_status(charter: Charter) -> str:
    """The charter's status as printed on the cover, in the footer and as the DRAFT mark.

    "Signed" only once every partner has signed this very text; any later edit
    brings "Draft" (and the DRAFT mark on every page) back.
    """
    return SIGNED if signing.fully_signed(charter) else "Draft"


@dataclass(frozen=True)
class SignatureView:
    """One partner's block on the signatures page, worked out here to keep the template plain."""

    partner: Partner
    state: signing.SignatureState
    signature: Signature | None
    name: str = ""
    #: ``data:`` or media URL of a drawn or imported signature; "" when typed.
    picture: str = ""
    picture_alt: str = ""
    #: The short form of the digest this partner signed, for the verification panel.
    signed_digest: str = ""
    #: Details recorded before signing (the board's approval, who will sign), printed
    #: over the blank lines; None once signed, or when nothing is recorded.
    recorded: Signature | None = None
    #: What the partner's record proves; a forged record is printed as not signed.
    proof: sign_proof.Proof = sign_proof.NO_PROOF

    @property
    def forged(self) -> bool:
        return self.state is signing.SignatureState.FORGED

    @property
    def certified(self) -> bool:
        return self.proof.kind is sign_proof.ProofKind.CERTIFICATE


def digest_groups(digest: str) -> str:
    """Hex in groups of eight, so a long fingerprint wraps and can be read aloud."""
    return " ".join(digest[i : i + 8] for i in range(0, len(digest), 8))


#: Turns a picture's name in the draft into the address a template puts in ``src``.
PictureURL = Callable[[str], str]


def signature_views(
    charter: Charter, draft: Draft, picture_url: PictureURL = media_url
) -> list[SignatureView]:
    """Every partner's signature state, judged against the charter exactly as saved."""
    states = signing.signature_states(draft.charter)
    views = []
    for partner in charter.partners:
        state = states.get(partner.id, signing.SignatureState.UNSIGNED)
        signature = signing.signature_for(draft.charter, partner.id)
        if signature is None or state is signing.SignatureState.UNSIGNED:
            views.append(
                SignatureView(partner, signing.SignatureState.UNSIGNED, None, recorded=signature)
            )
            continue
        proof = sign_proof.proof_of(draft.charter, signature)
        if state is signing.SignatureState.FORGED:
            # Blank lines to sign on, as for a partner who has not signed; nothing
            # the forged record says is printed as if it were true.
            views.append(
                SignatureView(
                    partner,
                    state,
                    None,
                    signed_digest=digest_groups(signature.digest[:16]),
                    proof=proof,
                )
            )
            continue
        name = signature.signatory_name.strip() or partner.representative.name.strip()
        picture, alt = _picture(signature, draft, name, picture_url)
        views.append(
            SignatureView(
                partner,
                state,
                signature,
                name=name,
                picture=picture,
                picture_alt=alt,
                signed_digest=digest_groups(signature.digest[:16]),
                proof=proof,
            )
        )
    return views


def _picture(
    signature: Signature, draft: Draft, name: str, picture_url: PictureURL = media_url
) -> tuple[str, str]:
    """URL and alt text for a drawn or imported signature; typed ones (or broken) get none."""
    who = name or "the signatory"
    if signature.method is SignatureMethod.DRAWN and signature_svg.usable_strokes(
        signature.strokes
    ):
        return signature_svg.data_url(signature.strokes), f"Signature of {who}, drawn"
    if signature.method is SignatureMethod.IMAGE and signature.image in draft.media:
        url = picture_url(signature.image)
        return (url, f"Signature of {who}") if url else ("", "")
    return "", ""


def render_html(draft: Draft, options: RenderOptions | None = None) -> str:
    """The charter as one HTML document, ready for WeasyPrint."""
    return environment().get_template(TEMPLATE).render(charter_context(draft, options))


def data_url(draft: Draft, name: str) -> str:
    """A draft picture as a ``data:`` address, or "" if it is missing or fails our checks.

    The web page cannot use the PDF's private ``charter-media:`` scheme, and must
    fetch nothing, so its pictures travel inside it; the same checks as the PDF's
    fetcher apply, so a picture the PDF would leave out is left out here too.
    """
    data = draft.media.get(name)
    kind = _PICTURE_TYPES.get(name.rpartition(".")[2])
    if data is None or kind is None:
        return ""
    try:
        check_picture(data)
    except ImageError:
        return ""
    return f"data:{kind};base64," + base64.b64encode(data).decode("ascii")


def charter_context(
    draft: Draft, options: RenderOptions | None = None, *, web: bool = False
) -> dict[str, Any]:
    """Everything the template needs; ``web`` makes a web page rather than the PDF's HTML.

    One template and one context for both, so the web page can never say less (or
    other) than the PDF. The web page's stylesheet is added by render/web_page.py.
    """
    options = options or RenderOptions()
    picture_url: PictureURL = (lambda name: data_url(draft, name)) if web else media_url
    charter = draft.charter.with_contribution_cards()
    # Judged on the charter as saved: the added empty cards are not part of what was signed.
    status = charter_status(draft.charter)
    purpose = charter.purpose
    faces = fallback_fonts.needed_faces(charter.model_dump_json())
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
    return dict(
        web=web,
        web_css="",
        charter=charter,
        options=options,
        metadata=pdf_metadata(charter),
        sections=sections,
        labels=FIELD_LABELS,
        logos=_logo_urls(charter, draft, picture_url),
        owners={c.id: owner_names(charter, c) for c in charter.commitments},
        owned_by_all=owned_by_all(charter),
        partner_name=partner_name,
        not_written=not_written,
        running_head=running_head(charter),
        running_foot=running_foot(charter, status),
        status=status,
        draft_mark=status != SIGNED,
        signature_views=signature_views(charter, draft, picture_url),
        content_digest=digest_groups(signing.content_digest(draft.charter)),
        states=signing.SignatureState,
        golden_circle_url=golden_circle.data_url(
            golden_circle.svg(
                purpose.why,
                purpose.how,
                purpose.what,
                fallback_fonts.font_stack(faces) if faces else _body_font(),
            )
        ),
        fallback_fonts_url=None if web else fallback_fonts.stylesheet_url(faces),
        golden_circle_alt=golden_circle.alt_text(purpose.why, purpose.how, purpose.what),
        cover_title=shorten(charter.title, COVER_TEXT_CHARS) or "Untitled charter",
        cover_name=shorten(charter.partnership.name, COVER_TEXT_CHARS),
        cover_place=shorten(charter.partnership.place, COVER_TEXT_CHARS),
        cover_version=shorten(charter.version, 60),
        cover_partners=charter.partners[:COVER_TILES],
        more_partners=max(0, len(charter.partners) - COVER_TILES),
        compact_cover=len(charter.partners) > ROOMY_TILES,
    )


def partner_name(partner: Partner) -> str:
    return partner.name.strip() or "Unnamed partner"


def owner_names(charter: Charter, commitment: Commitment) -> list[str]:
    """Owners by name; ids of partners who have since left are skipped."""
    found = (charter.partner(owner) for owner in commitment.owners)
    return [partner_name(p) for p in found if p is not None]


def owned_by_all(charter: Charter) -> set[str]:
    """Commitments every partner owns: the summary says "All partners" rather than a long list."""
    everyone = {p.id for p in charter.partners}
    if len(everyone) < 3:
        return set()
    return {c.id for c in charter.commitments if everyone <= set(c.owners)}


def _logo_urls(
    charter: Charter, draft: Draft, picture_url: PictureURL = media_url
) -> dict[str, str]:
    """Partner id to logo URL, only for logos the draft actually holds."""
    urls = {
        p.id: picture_url(p.logo) for p in charter.partners if p.logo and p.logo in draft.media
    }
    return {partner: url for partner, url in urls.items() if url}


def running_head(charter: Charter) -> str:
    """Title · partnership, short enough for one line at the top of every page."""
    parts = [charter.title.strip(), charter.partnership.name.strip()]
    return shorten(" · ".join(part for part in parts if part), 110)


def running_foot(charter: Charter, status: str) -> str:
    version = shorten(charter.version.strip(), 30) or "not set"
    return f"Version {version} · {status}"


@cache
def _body_font() -> str:
    """The stylesheet's body font stack, so the diagram's words match the page's."""
    css = (paths.templates_dir() / "charter.css").read_text(encoding="utf-8")
    found = _FONT_BODY.search(css)
    return found.group(1).strip() if found else "sans-serif"


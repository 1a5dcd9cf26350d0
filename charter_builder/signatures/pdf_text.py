"""The words a charter's PDF shows, read back and compared with the charter attached to it.

A PDF carries its charter twice: as the printed pages people read, and as the
``charter.json`` attached for checking. Swapping the attachment (or painting
over a page) makes the two disagree, so ``verify`` reads the printed text back
and looks for every agreed field of the attachment in it, in order.

The text is read straight from the page content streams through the font's
``ToUnicode`` maps, skipping what the PDF marks as artifacts (running heads and
feet, page numbers, the DRAFT mark). That is all a Charter Builder PDF needs,
and it is some ten times faster than a general extractor (pypdf takes 8 s on a
200-partner charter; this takes well under one). A PDF laid out some other way
simply fails to match, which is the safe way to fail. No Qt here.

Comparison is on a "skeleton" of the text that survives honest printing:
compatibility forms folded (ligatures), case folded, and spaces, line breaks,
hyphens, soft hyphens, zero-width spaces and combining marks dropped, because
text shaping moves vowel signs of Bengali or Devanagari around in what a PDF
gives back. Within a run of such a script the letters are compared sorted, as
some conjuncts come back reordered too.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from charter_builder.charter.labels import FIELD_LABELS
from charter_builder.charter.model import Charter, Partner
from charter_builder.when import long_date

#: Decoded page content a charter's PDF can reasonably hold (the 200-partner
#: benchmark charter has some 6 MB); more is refused rather than read.
MAX_CONTENT_BYTES = 256 * 1024 * 1024
#: More pages than any charter has (5,000 partners make some 3,000 pages).
MAX_PAGES = 20_000
#: A font's character map; real ones hold a few hundred entries.
MAX_CMAP_BYTES = 4 * 1024 * 1024
#: How many missing fields are looked for before giving up (each costs a scan).
MAX_MISSES = 20

_TOKEN = re.compile(
    rb"""
      /(?P<bmc>[^\s/<>\[\]()]+)\s*BMC\b
    | /(?P<bdc>[^\s/<>\[\]()]+)\s*(?:<<.*?>>|/[^\s/<>\[\]()]+)\s*BDC\b
    | (?P<emc>\bEMC\b)
    | (?P<bt>\bBT\b|\bT[mdD]\b|\bT\*)
    | /(?P<font>[^\s/<>\[\]()]+)\s+[-+\d.]+\s+Tf\b
    | \[(?P<array>[^\]]*)\]\s*TJ\b
    | <(?P<hex>[0-9A-Fa-f\s]*)>\s*Tj\b
    """,
    re.VERBOSE | re.DOTALL,
)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_SPACE = re.compile(rb"\s+")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_BFRANGE_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
_CODESPACE = re.compile(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", re.DOTALL)

#: Marked content that is not the page's text: running heads, page numbers and the DRAFT
#: mark are artifacts; a figure (the golden circle) stands for its alternative text.
_NOT_TEXT = frozenset({b"Artifact", b"Figure"})
_MARKER = re.compile(r"\s*(?:\u2022|\d{1,4}\.)\s*")
#: Hyphens a line break may add, or a word may hold: both sides drop them.
_HYPHENS = frozenset("-\u00ad\u2010\u2011")
#: Scripts whose shaping reorders letters in the PDF's text (Indic, South-East Asian).
_REORDERING = ((0x0900, 0x0DFF), (0x0F00, 0x109F), (0x1780, 0x17FF), (0xA8E0, 0xA8FF))


class TextUnreadable(Exception):
    """The PDF's pages could not be read as a Charter Builder PDF's are."""


# --- reading the pages ---------------------------------------------------------------------


def page_texts(reader: Any) -> list[str]:
    """The text each page shows, artifacts left out, one string per page."""
    budget = [MAX_CONTENT_BYTES]
    maps: dict[Any, tuple[int, _CMap]] = {}
    try:
        return [_page_text(page, maps, budget) for page in _pages(reader)]
    except TextUnreadable:
        raise
    except Exception as error:
        raise TextUnreadable(str(error)) from error


def _pages(reader: Any) -> Iterator[Any]:
    seen: set[int] = set()
    stack = [reader.root["/Pages"]]
    count = 0
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise TextUnreadable("the page tree loops")
        seen.add(id(node))
        if node.get("/Type") == "/Pages":
            stack.extend(reversed([kid.get_object() for kid in node["/Kids"]]))
            continue
        count += 1
        if count > MAX_PAGES:
            raise TextUnreadable("too many pages")
        yield node


def _page_text(page: Any, maps: dict[Any, tuple[int, _CMap]], budget: list[int]) -> str:
    fonts = _fonts(page, maps, budget)
    contents = page.get("/Contents")
    if contents is None:
        return ""
    contents = contents.get_object()
    if hasattr(contents, "encoded_data"):
        streams = [contents]
    else:
        streams = [part.get_object() for part in contents]
    data = b"\n".join(_decoded(stream, budget) for stream in streams)
    out: list[str] = []
    line: list[str] = []  # the text object being read
    hidden: list[bool] = []
    width, cmap = 2, _CMap()
    for match in _TOKEN.finditer(data):
        kind = match.lastgroup
        if kind in ("bmc", "bdc"):
            hidden.append(match.group(kind) in _NOT_TEXT)
        elif kind == "emc":
            if hidden:
                hidden.pop()
        elif kind == "bt":
            _keep(out, line)
            line = []
        elif kind == "font":
            width, cmap = fonts.get(match.group("font"), (2, _CMap()))
        elif any(hidden):
            continue
        elif kind == "array":
            line.append(_decode_codes(b"".join(_HEX.findall(match.group("array"))), width, cmap))
        elif kind == "hex":
            line.append(_decode_codes(match.group("hex"), width, cmap))
    _keep(out, line)
    return "".join(out)


def _keep(out: list[str], line: list[str]) -> None:
    """Add a text object's text, unless it is a list's bullet or number.

    The PDF draws a list's markers after the list's text, so where an item runs
    on to the next page they would land in the middle of its words.
    """
    text = "".join(line)
    if text and not _MARKER.fullmatch(text):
        out.append(text)
    out.append("\n")


def _decode_codes(chunk: bytes, width: int, cmap: _CMap) -> str:
    """The text of a run of character codes (one str.translate: charters have 500,000 glyphs)."""
    codes = bytes.fromhex(_SPACE.sub(b"", chunk).decode("ascii"))
    if width == 1:
        return codes.decode("latin-1").translate(cmap)
    if width == 2 and len(codes) % 2 == 0:
        units = codes.decode("utf-16-be", "surrogatepass")
        if len(units) * 2 == len(codes):  # no two codes read as one surrogate pair
            return units.translate(cmap)
    return "".join(
        cmap.get(int.from_bytes(codes[i : i + width], "big")) or ""
        for i in range(0, len(codes), width)
    )


class _CMap(dict[int, str]):
    """Character code to text; codes a font does not map give no text (str.translate drops them)."""

    def __missing__(self, code: int) -> None:
        return None


def _fonts(
    page: Any, maps: dict[Any, tuple[int, _CMap]], budget: list[int]
) -> dict[bytes, tuple[int, _CMap]]:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    fonts = resources.get("/Font") if resources is not None else None
    if fonts is None:
        return {}
    found = {}
    for name, ref in fonts.get_object().items():
        key = getattr(ref, "reference", None) or id(ref)
        if key not in maps:
            maps[key] = _font_map(ref.get_object(), budget)
        found[str(name).lstrip("/").encode("latin-1", "replace")] = maps[key]
    return found


def _font_map(font: Any, budget: list[int]) -> tuple[int, _CMap]:
    """Code width in bytes and code-to-text map of one font, from its ToUnicode CMap."""
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    unicode = font.get("/ToUnicode")
    if unicode is None:
        return width, _CMap()
    data = _decoded(unicode.get_object(), budget, MAX_CMAP_BYTES)
    space = _CODESPACE.search(data)
    if space:
        width = max(1, len(space.group(1)) // 2)
    cmap = _CMap()
    for block in _BFCHAR.findall(data):
        pairs = _HEX.findall(block)
        for index in range(0, len(pairs) - 1, 2):
            cmap[int(pairs[index], 16)] = _utf16(pairs[index + 1])
    for block in _BFRANGE.findall(data):
        for low, high, target in _BFRANGE_ENTRY.findall(block):
            start, end = int(low, 16), int(high, 16)
            if end - start > 0xFFFF:
                continue
            if target.startswith(b"["):
                targets = _HEX.findall(target)
                for offset, value in enumerate(targets[: end - start + 1]):
                    cmap[start + offset] = _utf16(value)
                continue
            first = bytes.fromhex(target[1:-1].decode())
            for offset in range(end - start + 1):
                value = first[:-1] + bytes([(first[-1] + offset) & 0xFF]) if first else b""
                cmap[start + offset] = value.decode("utf-16-be", "replace")
    return width, cmap


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(_SPACE.sub(b"", hex_text).decode()).decode("utf-16-be", "replace")


def _decoded(stream: Any, budget: list[int], limit: int | None = None) -> bytes:
    """A stream's bytes, decompressed within the budget; a bomb is refused, not read."""
    allowed = min(budget[0], limit or budget[0])
    filters = stream.get("/Filter")
    if filters is None:
        names: list[str] = []
    elif isinstance(filters, list):
        names = [str(f) for f in filters]
    else:
        names = [str(filters)]
    data = stream.encoded_data
    if names == ["/FlateDecode"] and stream.get("/DecodeParms") is None:
        inflater = zlib.decompressobj()
        data = inflater.decompress(data, allowed + 1)
    elif names:
        raise TextUnreadable(f"page content packed with {names}")
    if len(data) > allowed:
        raise TextUnreadable("page content too large")
    budget[0] -= len(data)
    return data


# --- what the charter prints ---------------------------------------------------------------


@dataclass(frozen=True)
class Printed:
    """One agreed field as the PDF prints it, and where it is, in a board secretary's words."""

    where: str
    text: str


def printed_fields(charter: Charter, digest: str) -> list[Printed]:
    """Every agreed field the PDF prints, in the order templates/charter.html.j2 prints them.

    `digest` is the charter's content fingerprint, printed in the verification panel.
    """
    fields: list[Printed] = []

    def add(where: str, text: str) -> None:
        if text.strip():
            fields.append(Printed(where, text))

    p = charter.partnership
    add("the partnership's name", p.name)
    add("the partnership's place", p.place)
    add("the effective date", long_date(p.effective_date))
    add("the review date", long_date(p.review_date))
    add(f"the partnership's “{FIELD_LABELS['population']}”", p.population)
    add(f"the partnership's “{FIELD_LABELS['scope']}”", p.scope)
    for number, partner in enumerate(charter.partners, start=1):
        who = _partner(partner)
        add(f"partner {number}'s name", who)
        rep = partner.representative
        add(f"the representative of {who}", rep.name)
        add(f"the role of {who}'s representative", rep.role)
        add(f"the email of {who}'s representative", rep.email)
    for field in ("vision", "why", "how", "what"):
        add(f"the shared purpose's “{FIELD_LABELS[field]}”", getattr(charter.purpose, field))
    for number, principle in enumerate(charter.principles, start=1):
        add(f"principle {number}'s title", principle.title.strip() or "Untitled principle")
        add(f"principle {number}'s meaning", principle.meaning)
        for behaviour in principle.behaviours:
            add(f"a behaviour of principle {number}", behaviour.text)
    for number, commitment in enumerate(charter.commitments, start=1):
        add(f"commitment {number}'s title", commitment.title.strip() or "Untitled commitment")
    for number, commitment in enumerate(charter.commitments, start=1):
        add(f"commitment {number}'s title", commitment.title.strip() or "Untitled commitment")
        add(f"commitment {number}'s review date", long_date(commitment.review_date))
        add(f"commitment {number}'s description", commitment.description)
        for measure in commitment.measures:
            add(f"a measure of commitment {number}", measure.text)
    if charter.contributions:  # none attached: the PDF left the section out, or it is empty
        for partner in charter.partners:
            card = charter.contribution_for(partner.id)
            add("the name heading a contributions card", _partner(partner))
            for field in ("brings", "autonomy_given_up", "losses", "support"):
                add(f"“{FIELD_LABELS[field]}” for {_partner(partner)}", getattr(card, field))
    g = charter.governance
    for field in ("decision_making", "meeting_rhythm", "gemba_visits"):
        add(f"the governance section's “{FIELD_LABELS[field]}”", getattr(g, field))
    for number, step in enumerate(g.conflict_steps, start=1):
        add(f"step {number} of resolving conflict", step.text)
    for field in ("review_and_variation", "joining_and_leaving"):
        add(f"the governance section's “{FIELD_LABELS[field]}”", getattr(g, field))
    signed = _signed(charter)
    for partner in charter.partners:
        add(f"{_partner(partner)} on the signatures page", _partner(partner))
        signature = signed.get(partner.id)
        if signature is not None:
            name = signature.signatory_name.strip() or partner.representative.name.strip()
            add(f"the name of {_partner(partner)}'s signatory", name)
    if charter.contributions:
        # Printed for the whole charter: a PDF that leaves contributions out attaches
        # the charter without them, whose fingerprint differs.
        add("the fingerprint printed in the verification panel", digest)
    for partner in charter.partners:
        signature = signed.get(partner.id)
        if signature is not None:
            add(f"the fingerprint {_partner(partner)} signed, in the panel", signature.digest[:16])
    return fields


def _partner(partner: Partner) -> str:
    return partner.name.strip() or "Unnamed partner"


def _signed(charter: Charter) -> dict[str, Any]:
    found = {}
    for partner in charter.partners:
        signature = next((s for s in charter.signatures if s.partner_id == partner.id), None)
        if signature is not None and signature.digest:
            found[partner.id] = signature
    return found




# --- comparing -----------------------------------------------------------------------------


def missing_fields(fields: list[Printed], pages: list[str]) -> list[Printed]:
    """The fields not found in the pages' text in order (at most MAX_MISSES of them).

    Right-to-left text (Arabic, Hebrew, Urdu) comes back from a PDF in the order
    it is drawn, line by line, with any numbers or English in it the other way
    round, so its order cannot be compared: a field holding some is looked for
    as the same letters, in any order, between the fields around it.
    """
    text = skeleton("\n".join(pages))
    position = 0
    missing: list[Printed] = []
    pending: list[tuple[Printed, str]] = []  # right-to-left fields since the last one found
    for field in fields:
        wanted = skeleton(field.text)
        if not wanted:
            continue
        if _right_to_left(field.text):
            pending.append((field, wanted))
            continue
        found = text.find(wanted, position)
        if found < 0:
            missing.append(field)
            if len(missing) >= MAX_MISSES:
                return missing
            continue
        missing.extend(_unmatched(pending, text[position:found]))
        pending = []
        position = found + len(wanted)
    missing.extend(_unmatched(pending, text[position:]))
    return missing[:MAX_MISSES]


def _unmatched(pending: list[tuple[Printed, str]], between: str) -> list[Printed]:
    """The right-to-left fields whose letters are not all in `between`."""
    if not pending:
        return []
    available = Counter(between)
    if not Counter("".join(wanted for _field, wanted in pending)) - available:
        return []
    return [field for field, wanted in pending if Counter(wanted) - available] or [pending[0][0]]


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text if not c.isascii())


def skeleton(text: str) -> str:
    """What survives honest printing of `text`, comparable between data and page."""
    text = unicodedata.normalize("NFKC", text)
    kept = _RUN.sub(_sorted_run, text)
    return kept.translate(_TABLE)


def _sorted_run(match: re.Match[str]) -> str:
    return "".join(sorted(c for c in match.group(0) if not unicodedata.category(c).startswith("M")))


_RUN = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _REORDERING) + "]+"
)


class _Dropped(dict[int, Any]):
    """str.translate table: folds case and drops what printing may add, move or hide."""

    def __missing__(self, code: int) -> Any:
        character = chr(code)
        value = _fold(character)
        self[code] = value
        return value


_TABLE = _Dropped()


@cache
def _fold(character: str) -> str | None:
    category = unicodedata.category(character)
    if (
        character in _HYPHENS
        or character.isspace()
        or category[0] in "MZC"  # marks, separators, control and format characters
        or character == "\ufffd"
        or not _drawable(character)
    ):
        return None
    return character.casefold()


def _drawable(character: str) -> bool:
    """A character none of our fonts draws prints as an empty box, with no text behind it."""
    if character.isascii():
        return True
    from charter_builder.charter.printable import printable_codepoints

    return ord(character) in printable_codepoints()

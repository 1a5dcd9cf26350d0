"""How long one PDF may take, and what a board secretary is told when one takes longer.

Shared by the render worker (which stops itself) and the window's render
service (which ends a worker that has not), without loading WeasyPrint.
"""

from __future__ import annotations

from pydantic import BaseModel

from charter_builder.charter.model import Charter

#: Longest any one PDF may take, in seconds. The largest charter the model accepts
#: takes well under this on a two-core laptop (see the README's limits), so a job
#: still running then has met something unforeseen and is stopped.
TIME_LIMIT_S = 180

TOO_SLOW = (
    "Making the PDF was taking far longer than any charter should, so Charter Builder "
    "stopped. Please shorten the longest sections and try again; if it keeps happening, "
    "save your draft and send it to your support team."
)

#: Most characters one PDF may print, counting each partner's name everywhere it
#: appears (the commitments list their owners by name). A large real charter (60
#: partners, 40 commitments, every section a few pages long) prints about 160,000;
#: at this cap the largest charter the model accepts (every list at its maximum,
#: benchmarks/worst_case.py) prints in about a minute and a gigabyte of memory.
MAX_PRINTED_CHARS = 800_000

TOO_LONG = (
    "The charter is too long to turn into one PDF: it would print about {printed:,} "
    "characters, and the most Charter Builder prints is {limit:,} (several hundred pages). "
    "Please shorten the longest sections, or split the charter, and try again."
)

#: Not printed, or printed only as a picture.
_NOT_TEXT = frozenset(
    {"concerns", "strokes", "id", "partner_id", "owners", "image", "logo", "digest"}
)


def printed_chars(charter: Charter) -> int:
    """About how many characters the PDF of `charter` prints, worked out before any layout.

    Laying out takes time and memory in proportion to this, so a charter far over
    :data:`MAX_PRINTED_CHARS` is refused at once rather than after minutes of work.
    """
    total = _text_length(charter)
    names = {partner.id: len(partner.name) for partner in charter.partners}
    # Each partner's name is also a heading on its contribution card and signature block.
    total += 2 * sum(names.values())
    # Each commitment names its owners in the summary table and under its own heading.
    total += 2 * sum(names.get(owner, 0) + 2 for c in charter.commitments for owner in c.owners)
    return total


def _text_length(value: object) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, BaseModel):
        return sum(
            _text_length(getattr(value, name))
            for name in type(value).model_fields
            if name not in _NOT_TEXT
        )
    if isinstance(value, list):
        return sum(_text_length(item) for item in value)
    return 0

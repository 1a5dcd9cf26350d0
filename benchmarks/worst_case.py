"""The largest charter Charter Builder accepts and prints: the render time and memory budget.

Every list is at its maximum (model.py), every partner has drawn a signature of
hundreds of points, the first 25 partners have logos, and the text is filled
with varied prose until the charter prints just under the cap on printed
characters (render/limits.py). Nothing larger can reach WeasyPrint, so the time
and memory this takes to print is the budget the README states.

Write it and print it, timed, with::

    .venv/bin/python -m benchmarks.worst_case /tmp/worst.charter
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.make_charters import Prose, Size, generated_draft
from charter_builder.charter.model import (
    MAX_BEHAVIOURS,
    MAX_COMMITMENTS,
    MAX_CONFLICT_STEPS,
    MAX_MEASURES,
    MAX_PARTNERS,
    MAX_PRINCIPLES,
    Behaviour,
    EscalationStep,
    Measure,
    Principle,
    Signature,
    SignatureMethod,
)
from charter_builder.drafts.draft import Draft
from charter_builder.render.job_copy import write_job_copy
from charter_builder.render.limits import MAX_PRINTED_CHARS, printed_chars
from charter_builder.signatures import signing

#: Points in each drawn signature: a slow, careful hand (the pad records about 60 a
#: second). With every partner signing, this keeps the charter just under the million
#: values a draft may hold (draft_file.CHARTER_JSON_LIMITS).
SIGNATURE_POINTS = 800
COVER_LOGOS = 25


def worst_accepted_draft(seed: int = 12) -> Draft:
    """Every list at its maximum and the printed length just under the cap."""
    draft = generated_draft(Size("worst", MAX_PARTNERS, MAX_COMMITMENTS, COVER_LOGOS), seed)
    charter = draft.charter
    prose = Prose(seed)
    ids = [p.id for p in charter.partners]
    charter.principles = [
        Principle(
            title=f"Principle {n + 1}: {prose.pick(('Trust', 'Equity', 'Learning'))}",
            meaning=prose.paragraph(1, 2),
            behaviours=[Behaviour(text=prose.sentence()) for _ in range(MAX_BEHAVIOURS)],
        )
        for n in range(MAX_PRINCIPLES)
    ]
    for commitment in charter.commitments:
        commitment.measures = [Measure(text=prose.measure()) for _ in range(MAX_MEASURES)]
        commitment.owners = prose.random.sample(ids, 8)
    charter.governance.conflict_steps = [
        EscalationStep(text=prose.sentence()) for _ in range(MAX_CONFLICT_STEPS)
    ]
    _sign_everyone(draft, random.Random(seed))
    _fill_to_the_cap(draft, prose)
    # Signed this very text: every signature is drawn on the signatures page.
    digest = signing.content_digest(charter)
    for signature in charter.signatures:
        signature.digest = digest
    return draft


def _fill_to_the_cap(draft: Draft, prose: Prose) -> None:
    """Empty the long fields, then add prose to each in turn until the cap is all but reached.

    Text is spread over every kind of long field (contribution cards, commitments,
    principles, governance), so the layout has as many paragraphs as it can.
    """
    charter = draft.charter
    targets: list[tuple[object, str]] = [
        (card, field)
        for card in charter.contributions
        for field in ("brings", "autonomy_given_up", "losses", "support")
    ]
    targets += [(c, "description") for c in charter.commitments]
    targets += [(p, "meaning") for p in charter.principles]
    targets += [(charter.governance, f) for f in ("decision_making", "meeting_rhythm")]
    targets += [(charter.partnership, f) for f in ("population", "scope")]
    for owner, field in targets:
        setattr(owner, field, "")
    room = MAX_PRINTED_CHARS - printed_chars(charter)
    assert room > 0, "the lists alone print more than the cap"
    index = 0
    while room > 400:
        owner, field = targets[index % len(targets)]
        paragraph = prose.paragraph(1, 2)[: room - 10]
        setattr(owner, field, f"{getattr(owner, field)}\n\n{paragraph}".strip())
        room -= len(paragraph) + 2
        index += 1
        if index % 500 == 0:
            room = MAX_PRINTED_CHARS - printed_chars(charter)
    assert printed_chars(charter) <= MAX_PRINTED_CHARS


def _sign_everyone(draft: Draft, rnd: random.Random) -> None:
    charter = draft.charter
    for partner in charter.partners:
        stroke = [
            round(value, 1)
            for _ in range(SIGNATURE_POINTS)
            for value in (rnd.uniform(0, 1000), rnd.uniform(0, 400))
        ]
        charter.signatures.append(
            Signature(
                partner_id=partner.id,
                signatory_name=partner.representative.name,
                signatory_role=partner.representative.role,
                signed_on=date(2026, 3, 1),
                method=SignatureMethod.DRAWN,
                strokes=[stroke[i : i + 400] for i in range(0, len(stroke), 400)],
            )
        )


#: What the largest file accepted holds besides the charter (see draft_file's limits).
HISTORY_TARGET_BYTES = 30 * 1024 * 1024
CHARTER_TARGET_BYTES = 19 * 1024 * 1024
PICTURES = 3
PICTURE_SIDE = 2_000  # 4 megapixels of noise: about 12 MB each, as PNG hardly shrinks it


def largest_file_accepted(path: Path, seed: int = 12) -> Draft:
    """Save, to `path`, a draft near every limit the reader sets, and return it.

    The worst accepted draft above, with its text grown until charter.json is
    just under its 20 MB limit, a history of long rewrites just under its 32 MB
    limit, and large pictures bringing the whole towards its 96 MB limit. It will
    not print (it is over the cap on printed characters), but it must open and save
    within the budget the README states.
    """
    from io import BytesIO

    from PIL import Image

    from charter_builder.drafts.draft_file import _charter_json, save_draft
    from charter_builder.drafts.history import History
    from charter_builder.drafts.starters import load_starter

    draft = worst_accepted_draft(seed)
    charter = draft.charter
    prose = Prose(seed)
    cards = charter.contributions
    extra = (CHARTER_TARGET_BYTES - 300_000 - len(_charter_json(charter))) // len(cards)
    for card in cards:
        card.brings = f"{card.brings}\n\n{(prose.paragraph(3, 4) + ' ') * (extra // 300 + 1)}"[
            : len(card.brings) + extra
        ]
    rnd = random.Random(seed)
    for partner in charter.partners[:PICTURES]:
        picture = Image.frombytes(
            "RGB", (PICTURE_SIDE, PICTURE_SIDE), rnd.randbytes(PICTURE_SIDE**2 * 3)
        )
        out = BytesIO()
        picture.save(out, "PNG", compress_level=1)
        partner.logo = draft.add_image(out.getvalue())
    # Months of a long section rewritten: each revision keeps its own copy of it.
    history = History()
    earlier = load_starter("example").charter
    moment = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    rewrites = (HISTORY_TARGET_BYTES - 400_000) // 200_000 - 2
    for _ in range(rewrites):
        earlier.purpose.why = (f"{prose.paragraph(2, 3)} " * 2_000)[:200_000]
        moment += timedelta(days=1)
        history.record(earlier, "Asha Patel", "Leeds", now=moment, summary="Rewrote why")
    history.record(charter, "Asha Patel", "Leeds City Council", now=moment + timedelta(days=1))
    draft.history = history
    save_draft(draft, path)
    return draft


def measure(path: Path, pdf: Path) -> dict:
    """`charter-builder render` in a process of its own: seconds and peak memory (MB)."""
    code = "import sys; from charter_builder.cli import main; sys.exit(main())"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, "render", str(path), "-o", str(pdf)],
        capture_output=True,
        text=True,
    )
    return {
        "exit": done.returncode,
        "seconds": round(time.perf_counter() - started, 1),
        "megabytes": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "message": (done.stdout + done.stderr).strip()[-300:],
    }


def main() -> int:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "worst.charter")
    draft = worst_accepted_draft()
    write_job_copy(draft, path)  # compact: an indented copy would pass the 20 MB limit
    print(f"printed characters: {printed_chars(draft.charter):,}", file=sys.stderr)
    print(json.dumps(measure(path, path.with_suffix(".pdf"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())

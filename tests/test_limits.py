"""The model's maxima, and the printing budget they guarantee.

The maxima are generous for a real integrated care system (10 to 60 partners, a
dozen principles, some dozens of commitments) and small enough that the largest
charter accepted prints within the budget the README states.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from charter_builder.charter import model
from charter_builder.charter.model import (
    MAX_BEHAVIOURS,
    MAX_COMMITMENTS,
    MAX_CONFLICT_STEPS,
    MAX_MEASURES,
    MAX_PARTNERS,
    MAX_PRINCIPLES,
    MAX_TEXT,
    Behaviour,
    Commitment,
    EscalationStep,
    Measure,
    Partner,
    Principle,
)
from charter_builder.drafts.draft_file import (
    CHARTER_ENTRY,
    FORMAT_VERSION,
    MIMETYPE,
    MIMETYPE_ENTRY,
    DraftFileError,
    load_draft,
)
from charter_builder.drafts.starters import load_starter
from charter_builder.render.job_copy import write_job_copy
from charter_builder.render.limits import MAX_PRINTED_CHARS, TOO_LONG, printed_chars

#: The budget the README states for the largest charter accepted: this 2-core machine.
BUDGET_SECONDS, BUDGET_MEGABYTES = 90, 1_250
#: A charter too long to print is refused at once, as any hostile input must be.
REFUSAL_SECONDS, REFUSAL_MEGABYTES = 10, 500
CLI = "import sys; from charter_builder.cli import main; sys.exit(main())"
MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({
    "code": done.returncode, "seconds": time.perf_counter() - started,
    "megabytes": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "out": done.stdout, "err": done.stderr[-2000:],
}))
"""


def render_in_child(draft_path: Path, pdf_path: Path, timeout: float) -> dict:
    command = [sys.executable, "-c", CLI, "render", str(draft_path), "-o", str(pdf_path)]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, timeout=timeout
    )
    return json.loads(done.stdout)


def at_the_maxima() -> model.Charter:
    """The example with every list at its maximum (short text: this is about counts)."""
    charter = load_starter("example").charter
    charter.partners = [Partner(name=f"Partner {n}") for n in range(MAX_PARTNERS)]
    ids = [p.id for p in charter.partners]
    charter.principles = [
        Principle(title=f"P{n}", behaviours=[Behaviour(text="Kind") for _ in range(MAX_BEHAVIOURS)])
        for n in range(MAX_PRINCIPLES)
    ]
    charter.commitments = [
        Commitment(
            title=f"C{n}", owners=ids, measures=[Measure(text="m") for _ in range(MAX_MEASURES)]
        )
        for n in range(MAX_COMMITMENTS)
    ]
    charter.governance.conflict_steps = [
        EscalationStep(text="Talk") for _ in range(MAX_CONFLICT_STEPS)
    ]
    charter.purpose.why = "w" * MAX_TEXT
    charter.signatures = []
    return charter.with_contribution_cards()


def write(document: dict, path: Path) -> Path:
    """A draft file holding `document` as its charter.json, written compactly."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(MIMETYPE_ENTRY, MIMETYPE)
        data = json.dumps(document, separators=(",", ":")).encode()
        archive.writestr(CHARTER_ENTRY, data, zipfile.ZIP_DEFLATED)
    return path


def test_a_draft_at_every_maximum_opens_and_one_more_anywhere_is_refused_plainly(tmp_path):
    charter = at_the_maxima()
    document = {"format_version": FORMAT_VERSION, "charter": charter.model_dump(mode="json")}
    opened = load_draft(write(document, tmp_path / "full.charter"))
    assert len(opened.charter.partners) == MAX_PARTNERS
    assert len(opened.charter.commitments[0].measures) == MAX_MEASURES

    def one_more(where: str, grow) -> str:
        changed = json.loads(json.dumps(document))
        grow(changed["charter"])
        path = write(changed, tmp_path / f"{where}.charter")
        with pytest.raises(DraftFileError) as refused:
            load_draft(path)
        return refused.value.message

    def extra(items: list) -> None:
        items.append({**items[-1], "id": "extra0000"})

    cases = {
        "Partners": lambda c: extra(c["partners"]),
        "Principles": lambda c: extra(c["principles"]),
        "Behaviours": lambda c: c["principles"][0]["behaviours"].append({"id": "b1", "text": ""}),
        "Commitments": lambda c: extra(c["commitments"]),
        "Measures": lambda c: c["commitments"][0]["measures"].append({"id": "m1", "text": ""}),
        "conflict": lambda c: extra(c["governance"]["conflict_steps"]),
        "Why": lambda c: c["purpose"].update(why="w" * (MAX_TEXT + 1)),
    }
    for where, grow in cases.items():
        message = one_more(where, grow)
        assert "too many entries" in message or "too long" in message, message
        assert "pydantic" not in message and "Traceback" not in message


def test_the_maxima_leave_room_for_the_largest_real_charter():
    from benchmarks.make_charters import LARGE, generated_draft

    # The benchmarks' large charter (200 partners, 100 commitments, 30 logos) is well within.
    charter = generated_draft(LARGE).charter
    assert len(charter.partners) * 2 <= MAX_PARTNERS
    assert len(charter.commitments) * 2 <= MAX_COMMITMENTS
    assert printed_chars(charter) < MAX_PRINTED_CHARS
    for starter in ("blank", "ics", "example"):
        assert printed_chars(load_starter(starter).charter) < MAX_PRINTED_CHARS / 10


def test_a_charter_too_long_to_print_is_refused_at_once_in_plain_words(tmp_path):
    draft = load_starter("example")
    for field in ("why", "how", "what", "vision"):
        setattr(draft.charter.purpose, field, ("Care close to home. " * 10_000)[:MAX_TEXT])
    draft.charter.partnership.scope = ("All of Wyvernshire. " * 10_000)[:MAX_TEXT]
    assert printed_chars(draft.charter) > MAX_PRINTED_CHARS
    path = tmp_path / "long.charter"
    write_job_copy(draft, path)
    assert load_draft(path).charter == draft.charter  # it opens, saves and can be edited

    measured = render_in_child(path, tmp_path / "long.pdf", timeout=120)

    assert measured["code"] == 1, measured
    assert measured["seconds"] < REFUSAL_SECONDS and measured["megabytes"] < REFUSAL_MEGABYTES
    printed = printed_chars(draft.charter)
    assert TOO_LONG.format(printed=printed, limit=MAX_PRINTED_CHARS) in measured["err"]
    assert "Traceback" not in measured["err"]
    assert not (tmp_path / "long.pdf").exists()


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_largest_charter_accepted_prints_within_the_stated_budget(tmp_path):
    from benchmarks.worst_case import worst_accepted_draft

    draft = worst_accepted_draft()
    assert printed_chars(draft.charter) > MAX_PRINTED_CHARS * 0.99
    path = tmp_path / "worst.charter"
    write_job_copy(draft, path)
    started = time.perf_counter()

    measured = render_in_child(path, tmp_path / "worst.pdf", timeout=600)

    assert measured["code"] == 0, measured["err"]
    assert measured["seconds"] < BUDGET_SECONDS, measured
    assert measured["megabytes"] < BUDGET_MEGABYTES, measured
    assert time.perf_counter() - started < BUDGET_SECONDS + 5
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss > 0


@pytest.mark.slow
def test_the_largest_file_accepted_opens_and_saves_within_the_stated_budget(tmp_path):
    """charter.json, history and pictures each just under their limits (draft_file.py)."""
    from bounded_run import run_cli

    from benchmarks.worst_case import largest_file_accepted

    path = tmp_path / "largest.charter"
    draft = largest_file_accepted(path)
    partner = draft.charter.partners[-1]

    opened = run_cli("validate", path, cwd=tmp_path)
    signed = run_cli(
        "sign-off", path, "--partner", partner.name, "--signatory", "Dr Ana Lowe",
        "--approved", "2026-03-01", cwd=tmp_path, stdin="\n",
    )

    assert opened.code == 1 and "could not be opened" not in opened.stderr, str(opened)
    assert "things to put right" in opened.stdout, str(opened)
    assert signed.code == 0, str(signed)
    for outcome in (opened, signed):
        assert outcome.within_budget, str(outcome)
    reopened = load_draft(path)
    assert reopened.history.head != draft.history.head  # the sign-off saved a revision
    assert all(reopened.image(p.logo) for p in draft.charter.partners[:3])  # the big ones too

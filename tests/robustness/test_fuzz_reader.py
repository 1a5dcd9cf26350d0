"""The draft reader survives damaged and hostile files, refusing them in plain words.

The short version of ``make fuzz`` (a few hundred cases), and the cases the fuzzer
found, kept so they stay fixed.
"""

from __future__ import annotations

import json
import time
import zipfile

import pytest

from charter_builder.drafts.draft_file import dumps_draft, loads_draft
from charter_builder.errors import DraftFileError

from .fuzz_reader import (
    NAME,
    build_zip,
    plain_words_problem,
    read_entries,
    run_campaign,
    seed_drafts,
)


def test_hundreds_of_damaged_and_hostile_drafts_open_or_are_refused_plainly():
    started = time.perf_counter()
    report = run_campaign(cases=300, seed=11)
    assert report.failures == [], report.summary()
    assert report.cases >= 300
    assert report.opened > 0 and report.refused > 0, report.summary()
    assert time.perf_counter() - started < 30


def test_the_plain_words_check_catches_python_in_a_refusal():
    prefix = f"“{NAME}” could not be opened: "
    assert plain_words_problem(prefix + "it is not a Charter Builder draft.") is None
    assert plain_words_problem(prefix + "it names “{Error}” oddly.") is None
    for leaked in (
        "'NoneType' object has no attribute 'get'.",
        "zip file version 25.5",
        "some of its details are not valid:\n• The charter: the id 'ab12' is used twice",
        "KeyError: charter.",
        "it is {broken}.",
    ):
        assert plain_words_problem(prefix + leaked) is not None, leaked


def _refusal(data: bytes) -> str:
    with pytest.raises(DraftFileError) as refused:
        loads_draft(data, NAME)
    message = str(refused.value)
    assert plain_words_problem(message) is None, message
    return message


def _with_json(name: str, change) -> bytes:
    """The example draft with one of its JSON entries changed by `change`."""
    entries = read_entries(seed_drafts()[-1])
    at = next(i for i, entry in enumerate(entries) if entry[0] == name)
    document = json.loads(entries[at][1])
    text = change(document)
    entries[at] = (name, text.encode("utf-8"), entries[at][2])
    return build_zip(entries)


def test_a_damaged_zip_version_is_refused_not_crashed():
    """Found by the fuzzer: zipfile raised NotImplementedError for a bad 'version needed'."""
    data = bytearray(seed_drafts()[1])
    directory = data.index(b"PK\x01\x02")
    data[directory + 6 : directory + 8] = (255).to_bytes(2, "little")
    assert "damaged" in _refusal(bytes(data))


def test_a_history_holding_text_that_can_never_be_saved_is_refused_when_opened():
    """Found by the fuzzer: a lone \\udfff in the history opened, then crashed every save."""

    def spoil(history):
        history["revisions"][0]["author"] = "Asha \udfff"
        return json.dumps(history)  # ASCII, with the escape as \\udfff

    message = _refusal(_with_json("history.json", spoil))
    assert message.endswith("its history of earlier versions is damaged.")


def test_names_from_the_file_are_quoted_in_a_refusal():
    """Found by the fuzzer: unknown field names were shown as if they were our own words."""

    def spoil(document):
        document["charter"]["partnership"]["{'Error'}\x85\u202e"] = 1
        return json.dumps(document)

    message = _refusal(_with_json("charter.json", spoil))
    assert "Partnership › “{'Error'}”: is not something Charter Builder recognises" in message


def test_an_id_used_twice_is_reported_without_python_quotes():
    """Found by the fuzzer: the model's message quoted the id the way Python does."""

    def spoil(document):
        partners = document["charter"]["partners"]
        partners[1]["id"] = partners[0]["id"]
        return json.dumps(document)

    message = _refusal(_with_json("charter.json", spoil))
    assert "is used by more than one item" in message
    assert "“" in message


def test_every_seed_draft_opens_and_saves_unchanged():
    for data in seed_drafts():
        draft = loads_draft(data, NAME)
        assert dumps_draft(draft) == data


def test_a_wrongly_compressed_entry_is_refused():
    entries = read_entries(seed_drafts()[1])
    entries = [
        (name, data, zipfile.ZIP_BZIP2 if name == "charter.json" else method)
        for name, data, method in entries
    ]
    assert "compressed in a way" in _refusal(build_zip(entries))


def test_a_history_whose_head_is_not_a_revision_id_is_refused():
    """Found by the fuzzer: a list as the history's head crashed with an unhashable type."""

    def spoil(history):
        history["head"] = [history["head"]]
        return json.dumps(history)

    message = _refusal(_with_json("history.json", spoil))
    assert message.endswith("its history of earlier versions is damaged.")


CASE_ARGS = ["--cases", "120", "--seed", "7"]


def _listed_cases(hash_seed: str) -> list[str]:
    """The cases seed 7 makes, listed by a fresh process with its own hash randomisation."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    # Run from tests/ as ``robustness.fuzz_reader``: spylls' wheel installs a package called
    # ``tests`` that would win over our folder of the same name.
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "robustness.fuzz_reader", "--list-cases", *CASE_ARGS],
        capture_output=True,
        text=True,
        cwd=root / "tests",
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
        timeout=120,
        check=True,
    )
    return done.stdout.splitlines()


def test_a_seed_gives_the_same_cases_in_every_run():
    """Two runs of one seed once gave different mixes (982 against 996 byte cases)."""
    first, second = _listed_cases("1"), _listed_cases("2")
    assert len(first) >= 120
    assert first == second
    kinds = {line.split()[0] for line in first}
    assert kinds == {"valid", "bytes", "structure", "hypothesis"}


def test_a_generated_case_is_rebuilt_from_its_seed_and_number_alone():
    from .fuzz_reader import make_case

    seeds = seed_drafts()
    assert make_case(3, 41, seeds) == make_case(3, 41, seed_drafts())
    assert make_case(3, 41, seeds) != make_case(3, 42, seeds)

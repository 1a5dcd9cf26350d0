"""Feed the draft reader damaged and hostile files: it must never crash or hang.

Cases come from three sources: byte-level mutation of real drafts (flipped,
inserted, deleted and duplicated bytes, truncation, splicing, damaged zip
headers); structural mutation (valid zips whose ``charter.json`` or
``history.json`` is spoilt, entries renamed, duplicated, added or compressed
the wrong way, small zip bombs); and hypothesis strategies for the JSON trees.
Every case must open as a draft that can be saved again and reopened unchanged,
or be refused with a DraftFileError in plain words. Anything else is a failure,
and its bytes are kept under /tmp to reproduce it. Run
``PYTHONPATH=tests python -m robustness.fuzz_reader --cases 30000`` (``make fuzz``).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import io
import json
import random
import re
import signal
import sys
import time
import traceback
import uuid
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from unittest import mock

from charter_builder.charter.model import Signature
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import MIMETYPE, dumps_draft, loads_draft
from charter_builder.drafts.history import HistoryError
from charter_builder.drafts.starters import load_starter
from charter_builder.errors import DraftFileError

from .crash_harness import build_versions, noise_png

NAME = "fuzz.charter"
PREFIX = f"“{NAME}” could not be opened: "
#: A case slower than this counts as a hang.
CASE_SECONDS = 5.0
FAILURES_DIR = Path("/tmp/charter-fuzz-failures")

# ------------------------------------------------------------------ plain words

_QUOTED = re.compile(r"“[^”]*”")
_PYTHONISMS = [
    re.compile(pattern)
    for pattern in (
        r"Traceback",
        r"Error|Exception|Warning",
        r"\bNone\b|NoneType|\bTrue\b|\bFalse\b",
        r"\b(?:dict|tuple|str|int|float|bytes|object|bool)\b|list\[",
        r"[{}\[\]<>\\\"`|]",
        r"'[^'\s]*'",  # a Python repr in quotes
        r"__|0x[0-9a-fA-F]|\w\.\w+\(",
        r"(?i)\bjson\b|\butf-?8\b|pydantic|input_value|type=|errno|zlib|\bnan\b",
    )
]


def plain_words_problem(message: str, prefix: str = PREFIX) -> str | None:
    """What is wrong with a refusal a person would read, or None if it is plain words.

    Text quoted from the file itself (between “ and ”) may hold anything, so it is
    left out of the search for Python-isms.
    """
    if not message.startswith(prefix):
        return f"does not start with {prefix!r}"
    reason = message[len(prefix) :]
    if not reason or not reason[0].islower():
        return "the reason does not start as a clause after the colon"
    try:
        message.encode("utf-8")
    except UnicodeEncodeError:
        return "it holds characters that cannot be shown or printed"
    if len(message) > 2_000 or message.count("\n") > 7:
        return "it is far too long"
    last = reason.splitlines()[-1]
    if not (last.endswith(".") or (last.startswith("• ") and len(reason.splitlines()) > 1)):
        return "it does not end with a full stop"
    unquoted = _QUOTED.sub("“…”", message[len(prefix) :])
    for pattern in _PYTHONISMS:
        found = pattern.search(unquoted)
        if found:
            return f"it contains {found.group(0)!r}, which is not plain words"
    return None


# ------------------------------------------------------------------ seeds


@contextlib.contextmanager
def _fixed_ids(seed: int = 0) -> Iterator[None]:
    """Item and revision ids drawn from a seeded generator while the seed drafts are made.

    Fresh random ids made every seed draft's bytes (and so its length) differ from run
    to run, and the mutations draw positions from those lengths: the same fuzzing seed
    then gave different cases, and a failure could not be replayed.
    """
    rng = random.Random(seed)
    with (
        mock.patch("uuid.uuid4", lambda: uuid.UUID(int=rng.getrandbits(128), version=4)),
        mock.patch("secrets.token_hex", lambda n=32: rng.randbytes(n).hex()),
    ):
        yield


def seed_drafts() -> list[bytes]:
    """Valid drafts of every shape: blank, starters, pictures, history, signatures.

    The same bytes on every run, in every process, so a seed replays its cases.
    """
    with _fixed_ids():
        return _seed_drafts()


def _seed_drafts() -> list[bytes]:
    now = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    blank = load_starter("blank")
    blank.history.record(blank.charter, "Asha Patel", "Wyvern ICB", now=now)
    ics = load_starter("ics")
    signed = build_versions()[1]
    partner = signed.charter.partners[0]
    signature = Signature(
        partner_id=partner.id,
        signatory_name="Asha Patel",
        signatory_role="Chief executive",
        signed_on=date(2026, 2, 1),
        method="drawn",
        strokes=[[10.0, 20.5, 30.0, 40.25], [1.0, 2.0]],
    )
    signed.charter = signed.charter.model_copy(update={"signatures": [signature]})
    signed.history.record(signed.charter, "Asha Patel", "Wyvern ICB", now=now)
    versions = build_versions()
    return [dumps_draft(d) for d in (Draft(), blank, ics, signed, *versions)]


def read_entries(data: bytes) -> list[tuple[str, bytes, int]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(i.filename, archive.read(i), i.compress_type) for i in archive.infolist()]


def build_zip(
    entries: list[tuple[str, bytes, int]], comment: bytes = b"", zip64: bool = False
) -> bytes:
    """A zip with exactly these entries in this order; duplicates and odd names allowed."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data, compression in entries:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = compression
                if zip64:
                    with archive.open(info, "w", force_zip64=True) as entry:
                        entry.write(data)
                else:
                    archive.writestr(info, data)
            archive.comment = comment
    return buffer.getvalue()


# ------------------------------------------------------------------ JSON mutation

_LONG = "Wyvern " * 40_000
_ODD_TEXT = [
    "",
    " ",
    "\u202eevil\u202c",
    "\ud800",
    "\udfff lone",
    "\x00",
    "\x1b[31m",
    "e\u0301",
    "\ufeff",
    "🏥" * 50,
    "ﷺ" * 100,
    "'Error' None {dict}",
    "null",
    "0",
    "1e999",
    "2026-02-30",
    "2026-01-01T00:00:00",
    "media/" + "0" * 64 + ".png",
    "../../etc/passwd",
    _LONG,
]
_ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    2**31,
    2**63,
    -(2**64),
    10**300,
    1.5,
    -0.0,
    1e308,
    float("nan"),
    float("inf"),
    float("-inf"),
    [],
    {},
    [None],
    {"": None},
    *_ODD_TEXT,
]
_VERSIONS: list[Any] = [0, -1, 1, 2, 3, 4, 99, 2**70, "3", 3.0, True, None, [3], {}]


def _paths(tree: Any, limit: int = 400) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    waiting: list[tuple[tuple[Any, ...], Any]] = [((), tree)]
    while waiting and len(found) < limit:
        path, node = waiting.pop()
        found.append(path)
        if isinstance(node, dict):
            waiting += [((*path, k), v) for k, v in node.items()]
        elif isinstance(node, list):
            waiting += [((*path, i), v) for i, v in enumerate(node)]
    return found


def _get(tree: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        tree = tree[part]
    return tree


def _set(tree: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _get(tree, path[:-1])[path[-1]] = value
    return tree


_DEEP = re.compile(r'"@deep(\d+)@"')


def _nested_text(depth: int) -> str:
    """Nesting this deep is written as text: building it as a tree would overflow the fuzzer."""
    opening = "".join("[" if level % 2 else '{"a":' for level in range(depth))
    closing = "".join("]" if level % 2 else "}" for level in reversed(range(depth)))
    return opening + "1" + closing


def mutate_json(rng: random.Random, tree: Any) -> Any:
    """One change a damaged or tampered file might carry."""
    tree = copy.deepcopy(tree)
    paths = _paths(tree)
    path = rng.choice(paths)
    node = _get(tree, path)
    action = rng.randrange(10)
    if action <= 2:
        return _set(tree, path, copy.deepcopy(rng.choice(_ODD_VALUES)))
    if action == 3 and path:
        parent = _get(tree, path[:-1])
        del parent[path[-1]]
        return tree
    if action == 4 and isinstance(node, dict):
        node[rng.choice(["extra", "id", "format_version", "Error", "__class__", ""])] = rng.choice(
            _ODD_VALUES
        )
        return tree
    if action == 5 and isinstance(node, list) and node:
        node.extend(copy.deepcopy(rng.choice(node)) for _ in range(rng.choice((1, 2, 300))))
        return tree
    if action == 6:
        depth = rng.choice((5, 50, 400, 900, 960, 975, 990, 1000, 1100, 3000))
        return _set(tree, path, f"@deep{depth}@")
    if action == 7 and isinstance(tree, dict):
        tree["format_version"] = rng.choice(_VERSIONS)
        return tree
    if action == 8:
        other = _get(tree, rng.choice(paths))
        return _set(tree, path, copy.deepcopy(other))
    if isinstance(node, str):
        return _set(tree, path, node + rng.choice(_ODD_TEXT))
    if isinstance(node, int | float) and not isinstance(node, bool):
        return _set(tree, path, rng.choice((-node, node * 10**20, node + 0.5)))
    return _set(tree, path, rng.choice(_ODD_VALUES))


def encode_json(rng: random.Random, tree: Any) -> bytes:
    """JSON text as a tampering program might write it, oddities included."""
    text = json.dumps(tree, ensure_ascii=rng.random() < 0.5, indent=rng.choice((None, 1)))
    text = _DEEP.sub(lambda m: _nested_text(int(m.group(1))), text)
    roll = rng.random()
    if roll < 0.08 and isinstance(tree, dict) and tree:
        key = json.dumps(rng.choice(list(tree)))
        text = "{" + key + ": 1, " + text[1:]  # a key given twice
    elif roll < 0.12:
        text = text.replace("1", "1" + "0" * rng.choice((20, 400, 5000)), 1)
    elif roll < 0.15:
        text = "\ufeff" + text
    elif roll < 0.18:
        text += rng.choice((" ", "x", "{}", "\x00", "]"))
    return text.encode("utf-8", "surrogatepass")


# ------------------------------------------------------------------ case makers


def _header_offsets(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"PK(?:\x01\x02|\x03\x04|\x05\x06)", data)]


def mutate_bytes(rng: random.Random, data: bytes, seeds: list[bytes]) -> bytes:
    """Damage as a bad disk, a truncated copy or a careless program would leave it."""
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3, 8))):
        size = len(out)
        if size == 0:
            break
        action = rng.randrange(9)
        at = rng.randrange(size)
        if action == 0:
            out[at] ^= 1 << rng.randrange(8)
        elif action == 1:
            out[at] = rng.randrange(256)
        elif action == 2:
            out[at:at] = rng.randbytes(rng.choice((1, 4, 100)))
        elif action == 3:
            del out[at : at + rng.choice((1, 4, 100, 5000))]
        elif action == 4:
            piece = out[at : at + rng.choice((1, 30, 2000))]
            out[at:at] = piece
        elif action == 5:
            del out[rng.randrange(size) :]
        elif action == 6:
            other = rng.choice(seeds)
            out = out[:at] + other[rng.randrange(len(other)) :]
        elif action in (7, 8):  # a field in a zip header: sizes, offsets, counts, lengths
            headers = _header_offsets(bytes(out))
            if headers:
                start = rng.choice(headers) + rng.randrange(4, 46)
                width = rng.choice((1, 2, 4))
                value = rng.choice((0, 1, 0xFF, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF, size, 99, 8))
                out[start : start + width] = (value % 256**width).to_bytes(width, "little")
    return bytes(out)


_bombs: dict[str, bytes] = {}


def _bomb(kind: str) -> bytes:
    """Small files that inflate hugely; made once, they are slow to build."""
    if kind not in _bombs:
        mimetype = ("mimetype", MIMETYPE.encode(), zipfile.ZIP_STORED)
        if kind == "charter":  # 21 MB of spaces: over the limit, and its header says so
            body = b" " * (21 * 1024 * 1024)
            _bombs[kind] = build_zip([mimetype, ("charter.json", body, zipfile.ZIP_DEFLATED)])
        elif kind == "under":  # 19 MB: under the limit, read in full, then not JSON
            body = b"[" + b" " * (19 * 1024 * 1024) + b"]"
            _bombs[kind] = build_zip([mimetype, ("charter.json", body, zipfile.ZIP_DEFLATED)])
        elif kind == "many":  # more entries than any draft holds
            entries = [mimetype] + [(f"media/{n:064x}.png", b"", 0) for n in range(2_100)]
            _bombs[kind] = build_zip(entries)
        else:  # pictures adding up to more than the whole draft may hold
            picture = b" " * (19 * 1024 * 1024)
            entries = [mimetype] + [
                (f"media/{n:064x}.png", picture, zipfile.ZIP_DEFLATED) for n in range(11)
            ]
            _bombs[kind] = build_zip(entries)
    return _bombs[kind]


def _lie_about_size(data: bytes, rng: random.Random) -> bytes:
    """Change an entry's stated size in both its headers, as a hand-made bomb does."""
    out = bytearray(data)
    value = rng.choice((0, 1, 10, 1000, 2**31, 0xFFFFFFFF)).to_bytes(4, "little")
    for start in _header_offsets(data):
        kind = out[start + 2 : start + 4]
        if kind == b"\x01\x02" and rng.random() < 0.5:
            out[start + 24 : start + 28] = value
        elif kind == b"\x03\x04" and rng.random() < 0.5:
            out[start + 22 : start + 26] = value
    return bytes(out)


def _set_flags(data: bytes, rng: random.Random) -> bytes:
    """Mark entries as encrypted or otherwise flagged, in both headers."""
    out = bytearray(data)
    flags = rng.choice((0x1, 0x8, 0x40, 0x800, 0xFFFF)).to_bytes(2, "little")
    for start in _header_offsets(data):
        kind = out[start + 2 : start + 4]
        if kind == b"\x01\x02":
            out[start + 8 : start + 10] = flags
        elif kind == b"\x03\x04":
            out[start + 6 : start + 8] = flags
    return bytes(out)


def mutate_structure(rng: random.Random, seed: bytes, seeds: list[bytes]) -> bytes:
    """A well-formed zip whose contents have been tampered with."""
    entries = read_entries(seed)
    action = rng.randrange(20)
    if action <= 8:  # spoil charter.json or history.json
        names = [n for n, _, _ in entries if n.endswith(".json")]
        name = rng.choice(names)
        index = next(i for i, e in enumerate(entries) if e[0] == name)
        tree = json.loads(entries[index][1])
        for _ in range(rng.choice((1, 1, 2, 4))):
            tree = mutate_json(rng, tree)
        entries[index] = (name, encode_json(rng, tree), entries[index][2])
        return build_zip(entries)
    if action == 9 and len(entries) > 1:
        del entries[rng.randrange(len(entries))]
    elif action == 10:
        at = rng.randrange(len(entries))
        name, data, compression = entries[at]
        new_name = rng.choice(
            (
                "Charter.json",
                "charter.json/",
                "../charter.json",
                "/charter.json",
                "C:charter.json",
                "media\\x.png",
                "media/" + "a" * 64 + ".png",
                "media/" + "0" * 64 + ".jpg",
                "mimetype ",
                "history.json",
                "charter.json",
                "é" * 300,
                "",
            )
        )
        entries[at] = (new_name, data, compression)
    elif action == 11:
        entries.insert(rng.randrange(len(entries) + 1), rng.choice(entries))
    elif action == 12:
        entries.append((rng.choice(("notes.txt", "media/", "META-INF/manifest.xml")), b"x", 8))
    elif action == 13:
        rng.shuffle(entries)
    elif action == 14:
        at = rng.randrange(len(entries))
        method = rng.choice((zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA, zipfile.ZIP_DEFLATED, 0))
        entries[at] = (entries[at][0], entries[at][1], method)
    elif action == 15:
        pictures = [i for i, e in enumerate(entries) if e[0].startswith("media/")]
        if pictures:
            at = rng.choice(pictures)
            replacement = rng.choice(
                (b"", b"\x89PNG\r\n\x1a\n", entries[at][1][:100], noise_png(3, (4, 4)))
            )
            entries[at] = (entries[at][0], replacement, entries[at][2])
    elif action == 16:
        entries[0] = ("mimetype", rng.choice((b"", b"application/zip", MIMETYPE.encode() * 2)), 0)
    elif action == 17:
        data = build_zip(entries)
        return _lie_about_size(data, rng) if rng.random() < 0.6 else _set_flags(data, rng)
    elif action == 18:
        kind = rng.choice(("charter", "under", "many", "total", "charter", "many"))
        return _bomb(kind)
    else:
        comment = rng.choice((b"", b"PK\x05\x06", rng.randbytes(3000)))
        return build_zip(entries, comment=comment, zip64=rng.random() < 0.5)
    return build_zip(entries)


# ------------------------------------------------------------------ checking


class _Hang(BaseException):
    """Raised by the alarm: a BaseException, so no ``except Exception`` in the reader hides it."""


@dataclass
class Report:
    cases: int = 0
    opened: int = 0
    refused: int = 0
    failures: list[str] = field(default_factory=list)
    slowest_ms: float = 0.0
    slowest_kind: str = ""
    kinds: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [
            f"cases: {self.cases} ("
            + ", ".join(f"{kind} {count}" for kind, count in sorted(self.kinds.items()))
            + ")",
            f"opened: {self.opened}",
            f"refused: {self.refused}",
            f"failures: {len(self.failures)}",
            f"slowest case: {self.slowest_ms:.0f} ms ({self.slowest_kind})",
        ]
        return "\n".join(lines + self.failures[:20])


class Checker:
    """Runs each case through the reader, with a time limit, and keeps the score."""

    def __init__(self, report: Report, seed: int, hard_limit: bool) -> None:
        self.report = report
        self.seed = seed
        self.hard_limit = hard_limit
        #: The generated case being checked (None for seed drafts and hypothesis's cases).
        self.number: int | None = None

    def __call__(self, kind: str, data: bytes) -> None:
        report = self.report
        report.cases += 1
        report.kinds[kind] = report.kinds.get(kind, 0) + 1
        started = time.perf_counter()
        if self.hard_limit:
            signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
        try:
            problem = self._problem(data)
        except _Hang:
            problem = f"took longer than {CASE_SECONDS:.0f} s"
        finally:
            if self.hard_limit:
                signal.setitimer(signal.ITIMER_REAL, 0)
        took = (time.perf_counter() - started) * 1000
        if took > report.slowest_ms:
            report.slowest_ms, report.slowest_kind = took, kind
        if problem is None and took > CASE_SECONDS * 1000:
            problem = f"took {took:.0f} ms"
        if problem is not None:
            self._keep(kind, data, problem)

    def _problem(self, data: bytes) -> str | None:
        try:
            draft = loads_draft(data, NAME)
        except DraftFileError as error:
            self.report.refused += 1
            wrong = plain_words_problem(str(error))
            return None if wrong is None else f"refusal {wrong}: {str(error)[:300]!r}"
        except Exception:
            return "the reader crashed:\n" + traceback.format_exc(limit=-6)
        self.report.opened += 1
        try:
            return _check_opened(draft)
        except Exception:
            return "a draft that opened went wrong afterwards:\n" + traceback.format_exc(limit=-6)

    def _keep(self, kind: str, data: bytes, problem: str) -> None:
        FAILURES_DIR.mkdir(parents=True, exist_ok=True)
        path = FAILURES_DIR / f"seed{self.seed}-case{self.report.cases}-{kind}.charter"
        path.write_bytes(data)
        replay = (
            f" (replay: --seed {self.seed} --replay {self.number})" if self.number else ""
        )
        self.report.failures.append(f"FAILURE ({kind}) kept in {path}{replay}: {problem}")


_DAMAGED_REVISION = re.compile(r"Revision \d+ in this draft's history is damaged[^'{}]*\.")


def _check_opened(draft: Draft) -> str | None:
    """A draft that opens must save, reopen unchanged, and show its history."""
    again = dumps_draft(draft)
    reopened = loads_draft(again, NAME)
    if reopened.charter != draft.charter or reopened.media != draft.media:
        return "saved again, it reopened different"
    if dumps_draft(reopened) != again:
        return "saved a second time, its bytes changed"
    revisions = draft.history.revisions
    for revision in dict.fromkeys([*revisions[:2], *revisions[-2:]]):  # in order, once each
        try:
            draft.history.snapshot(revision.id)
        except HistoryError as error:
            if not _DAMAGED_REVISION.fullmatch(str(error)):
                return f"a revision could not be shown, not in plain words: {error}"
    return None


# ------------------------------------------------------------------ hypothesis


def run_hypothesis(examples: int, seed: int, seeds: list[bytes], check: Callable) -> None:
    """Charter and history JSON trees drawn by hypothesis, packed into valid zips."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st

    leaves = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**70), max_value=2**70)
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(max_size=40)
        | st.sampled_from(_ODD_TEXT[:-1])
        | st.dates().map(date.isoformat)
    )
    trees = st.recursive(
        leaves,
        lambda kids: (
            st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids, max_size=4)
        ),
        max_leaves=20,
    )
    entry_sets = [read_entries(s) for s in seeds]

    @st.composite
    def cases(draw: Any) -> bytes:
        entries = list(draw(st.sampled_from(entry_sets)))
        names = [n for n, _, _ in entries if n.endswith(".json")]
        name = draw(st.sampled_from(names))
        index = next(i for i, e in enumerate(entries) if e[0] == name)
        tree = json.loads(entries[index][1])
        if draw(st.integers(0, 9)) == 0:
            tree = draw(trees)  # anything at all in place of the whole document
        for _ in range(draw(st.integers(1, 3))):
            paths = _paths(tree)
            path = draw(st.sampled_from(paths))
            if path and draw(st.booleans()) and isinstance(_get(tree, path[:-1]), dict):
                if draw(st.booleans()):
                    del _get(tree, path[:-1])[path[-1]]
                else:
                    _get(tree, path[:-1])[draw(st.text(max_size=12))] = draw(trees)
            else:
                tree = _set(tree, path, draw(trees))
        text = json.dumps(tree, ensure_ascii=draw(st.booleans()))
        entries[index] = (name, text.encode("utf-8", "surrogatepass"), entries[index][2])
        return build_zip(entries)

    @hypothesis_seed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(cases())
    def fuzz(data: bytes) -> None:
        check("hypothesis", data)

    fuzz()


# ------------------------------------------------------------------ the campaign


def case_rng(seed: int, number: int) -> random.Random:
    """Each case its own generator, seeded from text (never from hash()), so case N of a
    seed is the same case however many came before it and whatever the process."""
    return random.Random(f"charter-fuzz:{seed}:{number}")


def generate(seed: int, count: int, seeds: list[bytes]) -> Iterator[tuple[str, bytes]]:
    for number in range(1, count + 1):
        yield make_case(seed, number, seeds)


def make_case(seed: int, number: int, seeds: list[bytes]) -> tuple[str, bytes]:
    """Case `number` of `seed`: what ``--replay`` rebuilds to reproduce a failure."""
    rng = case_rng(seed, number)
    base = rng.choice(seeds)
    if rng.random() < 0.45:
        return "bytes", mutate_bytes(rng, base, seeds)
    return "structure", mutate_structure(rng, base, seeds)


def run_campaign(
    cases: int, seed: int, hard_limit: bool = False, log=None, check: Callable | None = None
) -> Report:
    """`cases` cases in all, a quarter of them from hypothesis; the same cases for a seed.

    `check` replaces the checker (``--list-cases`` only records each case).
    """
    report = Report()
    check = check or Checker(report, seed, hard_limit)
    if hard_limit:
        previous = signal.signal(signal.SIGALRM, _raise_hang)
    try:
        seeds = seed_drafts()
        for data in seeds:  # the unspoilt drafts themselves must open
            check("valid", data)
        by_hypothesis = max(1, cases // 4)
        for number, (kind, data) in enumerate(generate(seed, cases - by_hypothesis, seeds), 1):
            if isinstance(check, Checker):
                check.number = number
            check(kind, data)
            if log and number % 5000 == 0:
                log(f"{report.cases} cases, {len(report.failures)} failures")
        if isinstance(check, Checker):
            check.number = None
        run_hypothesis(by_hypothesis, seed, seeds, check)
    finally:
        if hard_limit:
            signal.signal(signal.SIGALRM, previous)
    return report


def case_list(cases: int, seed: int) -> list[str]:
    """Every case a seed makes, as "kind digest" lines: two runs must give the same list."""
    listed: list[str] = []

    def record(kind: str, data: bytes) -> None:
        listed.append(f"{kind} {hashlib.sha256(data).hexdigest()[:16]}")

    run_campaign(cases, seed, check=record)
    return listed


def _raise_hang(signum: int, frame: Any) -> None:
    raise _Hang


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=30_000, help="cases for each seed")
    parser.add_argument(
        "--seed", type=int, nargs="+", default=[20260302], help="one or more seeds, run in turn"
    )
    parser.add_argument(
        "--list-cases", action="store_true", help="print each case's kind and digest; check none"
    )
    parser.add_argument(
        "--replay",
        type=int,
        metavar="N",
        help="rebuild generated case N of the seed into the failures folder, and check it",
    )
    args = parser.parse_args(argv)
    if args.list_cases:
        for seed in args.seed:
            print("\n".join(case_list(args.cases, seed)))
        return 0
    if args.replay is not None:
        return _replay(args.seed[0], args.replay)
    failed = 0
    for seed in args.seed:
        print(f"Fuzzing the draft reader with {args.cases} cases (seed {seed})")
        started = time.perf_counter()
        report = run_campaign(args.cases, seed, hard_limit=True, log=print)
        print(report.summary())
        print(f"took {time.perf_counter() - started:.1f} s")
        failed += len(report.failures)
    return 1 if failed else 0


def _replay(seed: int, number: int) -> int:
    """One generated case again, from its seed and number alone."""
    report = Report()
    kind, data = make_case(seed, number, seed_drafts())
    check = Checker(report, seed, hard_limit=True)
    check.number = number
    previous = signal.signal(signal.SIGALRM, _raise_hang)
    try:
        check(kind, data)
    finally:
        signal.signal(signal.SIGALRM, previous)
    print(report.summary())
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Kill a saving process at random moments and check the draft always opens whole.

A child process saves versions of a draft over one file, round and round; this
process kills it with SIGKILL at a random moment inside a save (while the
temporary file is written, flushed, renamed or tidied) and then opens the file:
it must be exactly the version before that save or the one being saved. Run
``PYTHONPATH=tests python -m robustness.crash_harness --kills 1000`` (``make crash-test``).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import dumps_draft, load_draft, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.errors import DraftFileError

CHILD = Path(__file__).with_name("_crash_child.py")
DRAFT_NAME = "Wyvern Vale charter.charter"
#: How far back a leftover temporary file is dated, as if the crash were long ago.
LEFTOVER_AGE_SECONDS = 2 * 60 * 60


def noise_png(seed: int, size: tuple[int, int] = (180, 180)) -> bytes:
    """A real PNG that does not compress, so saving it takes many writes."""
    pixels = random.Random(seed).randbytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def _copy(draft: Draft) -> Draft:
    return Draft(
        charter=draft.charter.model_copy(deep=True),
        media=dict(draft.media),
        history=draft.history.copy(),
    )


def build_versions() -> list[Draft]:
    """Three different versions, each with pictures and a history of several revisions."""
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    first = load_starter("example")
    for step, title in enumerate(("Wyvern Vale charter", "Wyvern Vale charter (draft)")):
        first.charter = first.charter.model_copy(update={"title": title})
        first.history.record(
            first.charter, "Asha Patel", "Wyvern Vale ICB", now=start + timedelta(hours=step)
        )

    second = _copy(first)
    logo = second.add_image(noise_png(1))
    partners = list(second.charter.partners)
    partners[0] = partners[0].model_copy(update={"logo": logo})
    second.charter = second.charter.model_copy(
        update={"title": "Wyvern Vale charter — agreed wording", "partners": partners}
    )
    second.history.record(
        second.charter, "Bryn Jones", "Wyvern County Council", now=start + timedelta(days=1)
    )
    second.prune_media()

    third = _copy(second)
    logo = third.add_image(noise_png(2, (220, 160)))
    partners = list(third.charter.partners[:-1])
    partners[1] = partners[1].model_copy(update={"logo": logo})
    third.charter = third.charter.model_copy(update={"version": "1.0", "partners": partners})
    third.history.record(
        third.charter, "Cara Evans", "Wyvern Care Trust", now=start + timedelta(days=2)
    )
    third.prune_media()
    return [first, second, third]


@dataclass
class Summary:
    kills: int = 0
    old_opens: int = 0
    new_opens: int = 0
    between_saves: int = 0
    failures: list[str] = field(default_factory=list)
    temps_left_by_kills: int = 0
    temps_at_end: int = 0
    where: Counter[str] = field(default_factory=Counter)
    save_ms: float = 0.0

    @property
    def mid_save(self) -> int:
        return self.old_opens + self.new_opens

    def report(self) -> str:
        lines = [
            f"kills: {self.kills}",
            f"  during a save, opened as the old version: {self.old_opens}",
            f"  during a save, opened as the new version: {self.new_opens}",
            f"  between saves, opened as the last saved version: {self.between_saves}",
            f"failures: {len(self.failures)}",
            f"leftover temporary files: {self.temps_left_by_kills} left by kills, "
            f"{self.temps_at_end} still there at the end (later saves remove stale ones)",
            f"median save: {self.save_ms:.1f} ms",
            "where the kills landed: "
            + ", ".join(f"{place} {count}" for place, count in sorted(self.where.items())),
        ]
        lines += [f"FAILURE: {failure}" for failure in self.failures[:20]]
        return "\n".join(lines)


class _Saver:
    """Starts savers on request: one warm process forks each, so a kill costs milliseconds."""

    def __init__(self, target: Path, version_files: list[Path]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(CHILD), str(target), *map(str, version_files)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        ready = self._line()
        if ready != "R\n":
            raise RuntimeError(f"the saving process did not start ({ready!r})")

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().decode()
        if not line:
            raise RuntimeError("the saving process stopped by itself")
        return line

    def start(self, on_disk: int, saves: int) -> tuple[int, list[str]]:
        """Start a saver; return its process id and what it said up to its `saves`-th save."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"GO {on_disk}\n".encode())
        self.process.stdin.flush()
        pid, lines, started = 0, [], 0
        while not pid or started < saves:
            line = self._line()
            if line.startswith("P "):
                pid = int(line.split()[1])
            elif line == "X\n":
                raise RuntimeError("the saver stopped by itself")
            else:
                lines.append(line)
                started += line.startswith("S ")
        return pid, lines

    def kill(self, pid: int) -> list[str]:
        """Kill the saver outright and return whatever else it said."""
        os.kill(pid, signal.SIGKILL)
        lines = []
        while (line := self._line()) != "X\n":
            lines.append(line)
        return lines

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        with suppress(OSError):
            self.process.stdin.write(b"QUIT\n")
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


def _temps(folder: Path) -> set[Path]:
    return {p for p in folder.iterdir() if p.name.endswith(".saving")}


def _spin_until(moment: float) -> None:
    """Sleep most of the way, then spin: time.sleep alone is too coarse for a 5 ms save."""
    while (left := moment - time.perf_counter()) > 0:
        if left > 0.002:
            time.sleep(left - 0.0015)


def run_campaign(kills: int, seed: int, folder: Path, log=None) -> Summary:
    """Kill the saving child `kills` times in `folder`; every open must give a whole version."""
    rng = random.Random(seed)
    versions = build_versions()
    expected = [dumps_draft(v) for v in versions]
    version_files = []
    for number, data in enumerate(expected):
        version_file = folder / f"version-{number}.bin"
        version_file.write_bytes(data)
        version_files.append(version_file)
    target = folder / DRAFT_NAME
    save_draft(versions[0], target)
    on_disk = 0
    durations = []
    for _ in range(5):
        started = time.perf_counter()
        save_draft(versions[0], folder / "timing.charter")
        durations.append(time.perf_counter() - started)
    (folder / "timing.charter").unlink()

    summary = Summary()
    saver = _Saver(target, version_files)
    pid = 0
    try:
        for kill in range(kills):
            before = _temps(folder)
            pid, lines = saver.start(on_disk, rng.randint(1, 3))
            save_time = statistics.median(durations[-50:])
            # Most kills anywhere in the save; some aimed at its end, where the rename is.
            share = rng.uniform(0.0, 1.05) if rng.random() < 0.7 else rng.uniform(0.8, 1.2)
            _spin_until(time.perf_counter() + share * save_time)
            lines += saver.kill(pid)
            pid = 0
            on_disk = _check(lines, on_disk, target, expected, summary, kill)
            durations += [int(line.split()[2]) / 1e6 for line in lines if line.startswith("D ")]
            left = _temps(folder) - before
            summary.temps_left_by_kills += len(left)
            place = "while the temporary file was written" if left else _place(lines, on_disk)
            summary.where[place] += 1
            for temp in left:  # as if the person reopened the draft hours later
                stamp = time.time() - LEFTOVER_AGE_SECONDS
                os.utime(temp, (stamp, stamp))
            summary.kills += 1
            if log and (kill + 1) % 100 == 0:
                log(f"{kill + 1} kills, {len(summary.failures)} failures")
    finally:
        if pid:  # something went wrong mid-kill: never leave a saver running
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        saver.close()
    summary.temps_at_end = len(_temps(folder))
    summary.save_ms = statistics.median(durations) * 1000
    return summary


def _in_progress(lines: list[str], on_disk: int) -> tuple[int, int | None]:
    """The version last saved whole, and the one being saved when killed (if any)."""
    last_saved, saving = on_disk, None
    for line in lines:
        kind, number = line.split()[:2]
        if kind == "S":
            saving = int(number)
        else:
            last_saved, saving = int(number), None
    return last_saved, saving


def _place(lines: list[str], on_disk: int) -> str:
    _, saving = _in_progress(lines, on_disk)
    if saving is None:
        return "between saves"
    return "after the rename" if saving == on_disk else "before the temporary file"


def _check(
    lines: list[str], on_disk: int, target: Path, expected: list[bytes], summary: Summary, kill: int
) -> int:
    """Open the draft as a person would; return the version now on disk."""
    last_saved, saving = _in_progress(lines, on_disk)
    try:
        opened = load_draft(target)
    except DraftFileError as error:
        summary.failures.append(f"kill {kill}: the draft would not open: {error}")
        return last_saved
    except Exception as error:
        summary.failures.append(f"kill {kill}: opening the draft crashed: {error!r}")
        return last_saved
    data = dumps_draft(opened)
    found = next((n for n, whole in enumerate(expected) if whole == data), None)
    if found is None or target.read_bytes() != expected[found]:
        summary.failures.append(f"kill {kill}: the draft opened as none of the saved versions")
        return last_saved
    if saving is None:
        if found != last_saved:
            summary.failures.append(f"kill {kill}: opened version {found}, not {last_saved}")
        summary.between_saves += 1
    elif found == saving:
        summary.new_opens += 1
    elif found == last_saved:
        summary.old_opens += 1
    else:
        summary.failures.append(
            f"kill {kill}: opened version {found} while saving {saving} over {last_saved}"
        )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--keep", action="store_true", help="keep the folder it worked in")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="charter-crash-"))
    print(f"Killing a saving process {args.kills} times (seed {args.seed}) in {folder}")
    started = time.perf_counter()
    summary = run_campaign(args.kills, args.seed, folder, log=print)
    print(summary.report())
    print(f"took {time.perf_counter() - started:.1f} s")
    if not args.keep and not summary.failures:
        for leftover in folder.iterdir():
            leftover.unlink()
        folder.rmdir()
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""The saving process the crash harness kills, started from a process that stays alive.

Run as a plain script (not a module) so it needs nothing but ``charter_builder``.
It reads the versions once, says ``R``, then for each ``GO <version on disk>`` line
forks a saver (cheap, and already warmed up) that saves the versions over the
draft round and round, saying ``S <version>`` as each save starts and
``D <version> <microseconds>`` when it has finished. The harness kills the saver;
this process then says ``X`` so the harness knows the saver's last word is in.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import loads_draft, save_draft


def _save_forever(versions: list[Draft], target: Path, current: int) -> None:
    out = sys.stdout.fileno()
    while True:
        current = (current + 1) % len(versions)
        os.write(out, f"S {current}\n".encode())
        started = time.perf_counter()
        save_draft(versions[current], target)
        took = int((time.perf_counter() - started) * 1e6)
        os.write(out, f"D {current} {took}\n".encode())


def main() -> None:
    target = Path(sys.argv[1])
    versions = [loads_draft(Path(p).read_bytes(), p) for p in sys.argv[2:]]
    out = sys.stdout.fileno()
    os.write(out, b"R\n")
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] != "GO":
            break
        pid = os.fork()
        if pid == 0:
            try:
                _save_forever(versions, target, int(words[1]))
            finally:
                os._exit(1)
        os.write(out, f"P {pid}\n".encode())
        os.waitpid(pid, 0)
        os.write(out, b"X\n")


if __name__ == "__main__":
    main()

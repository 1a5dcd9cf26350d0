"""Run a command as a user would, and measure what it cost: wall time and peak memory.

Hostile inputs must be answered quickly and cheaply, so each run is timed and its
own peak resident memory is read with ``os.wait4`` (for that one child, not the
whole test session). A ceiling on writable memory well above the budget keeps a run
that floods memory (as reading ``/dev/zero`` did) from harming the machine; a run
past its time is killed and reported as such.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: What every hostile input must be answered within.
SECONDS = 10.0
MEGABYTES = 500
#: The safety net only: a run that reaches it has failed the budget long before.
_ADDRESS_SPACE = 4 * 1024**3
EXE = Path(sys.executable).with_name("charter-builder")


@dataclass
class Outcome:
    code: int | None  # None: killed after SECONDS
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def within_budget(self) -> bool:
        return self.code is not None and self.seconds < SECONDS and self.peak_mb < MEGABYTES

    def __str__(self) -> str:
        return (
            f"exit {self.code} after {self.seconds:.1f} s, peak {self.peak_mb:.0f} MB\n"
            f"stdout: {self.stdout[-600:]}\nstderr: {self.stderr[-1500:]}"
        )


def _limit_memory() -> None:
    # Writable private memory, not address space: Qt and GLib reserve gigabytes of address
    # space they never use (and GLib stops the process if a reservation fails).
    resource.setrlimit(resource.RLIMIT_DATA, (_ADDRESS_SPACE, _ADDRESS_SPACE))


def run_bounded(
    args: list[str | Path],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    stdin: str = "",
    seconds: float = SECONDS,
) -> Outcome:
    """Run `args`, killing it after `seconds`; its exit code, output, time and peak memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(
            [str(a) for a in args],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=env,
            preexec_fn=_limit_memory,  # a test helper: no threads to deadlock
        )
        assert process.stdin is not None
        try:
            process.stdin.write(stdin.encode())
            process.stdin.close()
        except BrokenPipeError:
            pass
        code: int | None = None
        usage = None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - started > seconds:
                process.kill()
                _pid, _status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        took = time.monotonic() - started
        process.returncode = code if code is not None else -9  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Outcome(
            code,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            took,
            usage.ru_maxrss / 1024,  # kilobytes on Linux
        )


def run_cli(*args: str | Path, cwd: Path, stdin: str = "") -> Outcome:
    """The installed ``charter-builder`` command, as a board secretary runs it."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return run_bounded([EXE, *args], cwd=cwd, env=env, stdin=stdin)

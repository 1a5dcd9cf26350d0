"""Run a command as a user would, and measure what it cost: wall time and peak memory.

Hostile inputs must be answered quickly and cheaply, so each run is timed and its
own peak resident memory is read with ``os.wait4`` by a small launcher (see
_LAUNCHER), so it is that one command's, not the test session's. A ceiling on
writable memory well above the budget keeps a run that floods memory (as reading
``/dev/zero`` did) from harming the machine; a run past its time is killed and
reported as such.
"""

from __future__ import annotations

import os
import signal
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


#: Runs the command and reports its own peak. Measured from a small launcher, because a
#: process forked from pytest itself inherits pytest's peak memory in ru_maxrss (a run late
#: in the suite would be charged for every test before it). The ceiling on writable memory
#: (not address space: Qt and GLib reserve gigabytes they never use) is set here too.
_LAUNCHER = """
import os, resource, subprocess, sys
ceiling, report = int(sys.argv[1]), sys.argv[2]
resource.setrlimit(resource.RLIMIT_DATA, (ceiling, ceiling))
child = subprocess.Popen(sys.argv[3:])
_pid, status, usage = os.wait4(child.pid, 0)
with open(report, "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def run_bounded(
    args: list[str | Path],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    stdin: str = "",
    seconds: float = SECONDS,
) -> Outcome:
    """Run `args`, killing it after `seconds`; its exit code, output, time and peak memory."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as scratch,
    ):
        report = Path(scratch) / "report"
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(_ADDRESS_SPACE), str(report)]
            + [str(a) for a in args],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=env,
            start_new_session=True,  # so a run past its time is ended with all it started
        )
        assert process.stdin is not None
        try:
            process.stdin.write(stdin.encode())
            process.stdin.close()
        except BrokenPipeError:
            pass
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        took = time.monotonic() - started
        code: int | None = None
        peak_kb = 0
        if report.exists():
            reported_code, reported_peak = report.read_text().split()
            code, peak_kb = int(reported_code), int(reported_peak)
        out.seek(0)
        err.seek(0)
        return Outcome(
            code,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            took,
            peak_kb / 1024,  # kilobytes on Linux
        )


def run_cli(*args: str | Path, cwd: Path, stdin: str = "") -> Outcome:
    """The installed ``charter-builder`` command, as a board secretary runs it."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return run_bounded([EXE, *args], cwd=cwd, env=env, stdin=stdin)

"""Child processes with their own settings, so a benchmark never touches the user's.

The window asks for the user's name and organisation on first start; the
isolated settings already hold them, so nothing waits for an answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.make_charters import AUTHOR, ORGANISATION

#: Where QSettings keeps Charter Builder's settings under $XDG_CONFIG_HOME.
SETTINGS_FILE = Path("Charter Builder") / "Charter Builder.conf"
ROOT = Path(__file__).resolve().parent.parent


def child_env(folder: Path) -> dict[str, str]:
    """The environment for a child: settings in `folder`, identity already given."""
    config = folder / "config"
    settings = config / SETTINGS_FILE
    if not settings.exists():
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(f"[user]\nname={AUTHOR}\norganisation={ORGANISATION}\n")
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = str(config)
    # Its own data folder too: recovery copies and logs, and the one-window socket, so a
    # start is never handed to a Charter Builder the developer has open.
    env["XDG_DATA_HOME"] = str(folder / "data")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def run_child(
    module: str, args: list[str], scratch: Path, result: Path, what: str, timeout: float
) -> dict:
    """Run ``python -m module *args`` isolated; it writes its JSON report to `result`."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=child_env(scratch),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=timeout,
    )
    if completed.returncode != 0 or not result.exists():
        tail = "\n".join(completed.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"the {what} session failed:\n{tail}")
    return json.loads(result.read_text())


def time_until_line(
    args: list[str], env: dict[str, str], timeout: float = 120, program: str | None = None
) -> tuple[float, str]:
    """Seconds from spawning `program args…` (python if none) to its first line, and the line."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [program or sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        elapsed = time.perf_counter() - started
        process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if not line:
        raise RuntimeError(f"{' '.join(args)} printed nothing (exit code {process.returncode})")
    return elapsed, line.strip()

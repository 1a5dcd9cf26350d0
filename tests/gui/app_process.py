"""Charter Builder in a child process of its own, driven line by line over stdin and stdout.

Two people on one shared drive, or an application killed and started again, need
a second real process: these tests run a small script that drives a real window.
"""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def app_environment(home: Path) -> dict[str, str]:
    """The environment of a Charter Builder whose settings and data live under `home`."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "PYTHONPATH": str(ROOT),
    }


class AppProcess:
    """A script run with its own home folder (settings, data) and the offscreen screen."""

    def __init__(self, script: Path, home: Path, *args: str | Path) -> None:
        env = app_environment(home)
        self.process = subprocess.Popen(
            [sys.executable, str(script), *map(str, args)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        self.selector = selectors.DefaultSelector()
        assert self.process.stdout is not None
        self.selector.register(self.process.stdout, selectors.EVENT_READ)

    def tell(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def answer(self, timeout: float = 10.0) -> str:
        """The next line the process prints; fails the test, with its errors, if none comes."""
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            if self.selector.select(timeout=0.1):
                line = self.process.stdout.readline()
                if line:
                    return line.strip()
                break
        self.process.kill()
        _out, err = self.process.communicate()
        raise AssertionError(f"the application did not answer:\n{err[-3000:]}")

    def ask(self, command: str) -> str:
        self.tell(command)
        return self.answer()

    def kill(self) -> None:
        """SIGKILL if still running: no clean-up of any kind runs."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()

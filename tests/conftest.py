"""Shared test set-up: every test runs offscreen and with its own settings folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

"""Moments as people say them: "today", "yesterday", "on Monday 3 March", in local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def day_and_clock(moment: datetime, now: datetime | None = None) -> tuple[str, str]:
    """("today" | "yesterday" | "on Monday 3 March [2025]", "14:05"), both in local time."""
    local = moment.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return "today", clock
    if local.date() == today - timedelta(days=1):
        return "yesterday", clock
    day = f"on {local.strftime('%A')} {local.day} {local.strftime('%B')}"
    if local.year != today.year:
        day += f" {local.year}"
    return day, clock

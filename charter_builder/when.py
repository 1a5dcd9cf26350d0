"""Moments and days as a board paper says them: the one place for time phrases.

"3 March 2026", "28 Nov 2026, 14:05", "today at 14:05", "16:10 on Monday 3 March",
"3 November 2026 at 14:05 UTC". Month and day names come from our own lists, never
from ``strftime("%B")``: the window (Qt sets the computer's language for C functions)
would otherwise say "März" where the command line says "March". Qt-free, so the window,
the command line, the PDF and its checks all word a moment the same way.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
SHORT_MONTHS = tuple(month[:3] for month in MONTHS)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(value: date | None) -> str:
    """A day the way a board paper writes it: "1 April 2026" ("" for no date)."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def local_day(moment: datetime | None) -> str:
    """The local day of a moment: "3 March 2026" ("" for none)."""
    if moment is None:
        return ""
    return long_date(moment.astimezone() if moment.tzinfo else moment)


def long_date_time(moment: datetime) -> str:
    """ "3 March 2026 at 14:05", the moment's own clock (no time zone change)."""
    return f"{long_date(moment)} at {moment:%H:%M}"


def local_date_time(moment: datetime) -> str:
    """ "3 March 2026 at 14:05" in this computer's time zone."""
    return long_date_time(moment.astimezone() if moment.tzinfo else moment)


def utc_date_time(moment: datetime) -> str:
    """A moment as a board paper writes it, in UTC: "3 November 2026 at 14:05 UTC"."""
    return f"{long_date_time(moment.astimezone(UTC))} UTC"


def revision_time(moment: datetime) -> str:
    """ "28 Nov 2026, 14:05" in local time: a revision in a list (window and command line)."""
    here = moment.astimezone()
    return f"{here.day} {SHORT_MONTHS[here.month - 1]} {here.year}, {here:%H:%M}"


def day_and_clock(moment: datetime, now: datetime | None = None) -> tuple[str, str]:
    """("today" | "yesterday" | "on Monday 3 March [2025]", "14:05"), both in local time."""
    local = moment.astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    clock = f"{local:%H:%M}"
    if local.date() == today:
        return "today", clock
    if local.date() == today - timedelta(days=1):
        return "yesterday", clock
    day = f"on {WEEKDAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]}"
    if local.year != today.year:
        day += f" {local.year}"
    return day, clock


def day_at_clock(moment: datetime, now: datetime | None = None) -> str:
    """ "today at 14:05", "yesterday at 09:30", "on Monday 3 March at 16:10" (local time)."""
    day, clock = day_and_clock(moment, now)
    return f"{day} at {clock}"


def clock_on_day(moment: datetime, now: datetime | None = None) -> str:
    """ "14:05 today", "09:30 yesterday", "16:10 on Monday 3 March" (local time)."""
    day, clock = day_and_clock(moment, now)
    return f"{clock} {day}"

"""Moments read from files (revisions, concerns, locks, recovery notes), checked once.

``9999-12-31T23:59:59-23:59`` is valid ISO 8601, and Python reads it, but it
cannot be turned into UTC or local time (``OverflowError``), which every use
of it then does. So a moment from a file is accepted only between the years
1900 and 9000, in UTC, which leaves room for any time zone and for the "ten
minutes ago" arithmetic, and anything else is refused as damaged.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


class UnrepresentableMoment(ValueError):
    """The text is not a moment Charter Builder can work with; the message is for people."""


def to_moment(value: Any) -> datetime:
    """A timezone-aware moment in UTC, or UnrepresentableMoment (a ValueError).

    A moment without a time zone is taken as UTC, as older files wrote them.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise UnrepresentableMoment("is not a date and time") from None
    if not isinstance(value, datetime):
        raise UnrepresentableMoment("is not a date and time")
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        moment = value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise UnrepresentableMoment("is a date and time that cannot be right") from None
    if not EARLIEST <= moment < LATEST:
        raise UnrepresentableMoment("is a date and time that cannot be right")
    return moment


#: A moment from a file, for pydantic models: always aware, in UTC, within range.
Moment = Annotated[datetime, BeforeValidator(to_moment)]

"""One thing a charter still needs, and where: shared by the checks and the print check.

Its own module so that `problems` (what is missing) and `printable` (what no
bundled font can print) both build on it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from charter_builder.charter.labels import SECTION_LABELS

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing to put right. `location` is a path into the charter model."""

    location: Location
    message: str
    item_id: str | None = None

    @property
    def section(self) -> str:
        return str(self.location[0])

    @property
    def section_label(self) -> str:
        return SECTION_LABELS.get(self.section, self.section)

    def __str__(self) -> str:
        return f"{self.section_label}: {self.message}"

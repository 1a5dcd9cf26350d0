"""Ready-made charters to start from, and the wizard's guidance text.

Starters live as JSON in ``resources/starters/`` in the same shape as a saved
charter, so their prose can be edited without touching code. The five
principles of system leadership are kept once, in ``principles.json``, and
merged into the integrated care system starter. Every id is replaced on each
load, so two charters begun from the same starter never share ids and can
never be mistaken for versions of one another when merged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from charter_builder.charter.model import Charter, Principle, new_id
from charter_builder.drafts.draft import Draft
from charter_builder.errors import CharterError
from charter_builder.paths import resources_dir


@dataclass(frozen=True)
class Starter:
    name: str
    title: str
    description: str


_STARTER_LIST = (
    Starter(
        "blank", "Blank charter", "An empty charter, for partners who want to write every word."
    ),
    Starter(
        "ics",
        "Integrated care system charter",
        "The five principles of system leadership, a shared purpose and governance, "
        "ready for you to adapt.",
    ),
    Starter(
        "example",
        "Worked example: Wyvern Vale",
        "A complete charter for a fictional partnership of nine organisations, to see what "
        "good looks like.",
    ),
)

#: Starters in the order the wizard offers them, by name.
STARTERS: dict[str, Starter] = {starter.name: starter for starter in _STARTER_LIST}

#: Starters that take the shared five principles from principles.json.
_WITH_SHARED_PRINCIPLES = {"ics"}
#: Starters whose partners' logos are listed in ``<name>-logos.json``.
_WITH_LOGOS = {"example"}


def _starters_dir() -> Path:
    return resources_dir() / "starters"


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _damaged(name: str) -> CharterError:
    return CharterError(
        f"The “{STARTERS[name].title}” starter could not be read. Charter Builder may not be "
        "installed properly; please reinstall it, or start from a blank charter."
    )


def shared_principles() -> list[Principle]:
    """The five principles of system leadership, as written once for every starter."""
    return [Principle.model_validate(p) for p in _read_json(_starters_dir() / "principles.json")]


def load_starter(name: str) -> Draft:
    """A new draft from the named starter, with fresh ids throughout."""
    if name not in STARTERS:
        valid = ", ".join(STARTERS)
        raise CharterError(f"There is no starter called “{name}”. The starters are: {valid}.")
    try:
        data = _read_json(_starters_dir() / f"{name}.json")
        if name in _WITH_SHARED_PRINCIPLES:
            data["principles"] = _read_json(_starters_dir() / "principles.json")
        draft = Draft(charter=Charter.model_validate(data))
        if name in _WITH_LOGOS:
            _add_logos(draft, name)
        draft.charter = _with_fresh_ids(draft.charter)
    except (OSError, ValueError, KeyError, TypeError, ValidationError) as error:
        raise _damaged(name) from error
    return draft


def _add_logos(draft: Draft, name: str) -> None:
    folder = _starters_dir() / f"{name}-logos"
    files: dict[str, str] = _read_json(_starters_dir() / f"{name}-logos.json")
    for partner in draft.charter.partners:
        if partner.id in files:
            partner.logo = draft.add_image((folder / files[partner.id]).read_bytes())


#: Keys whose values name another item: they must follow that item's new id.
_REFERENCE_KEYS = {"partner_id"}
_REFERENCE_LIST_KEYS = {"owners"}


def _with_fresh_ids(charter: Charter) -> Charter:
    """The same charter with every id replaced and every reference following it.

    The walk is generic so that an item list added to the model later is
    renewed too; a reference to a missing item raises KeyError.
    """
    fresh = {item.id: new_id() for item in charter.iter_items()}

    def renew(value: Any) -> Any:
        if isinstance(value, list):
            return [renew(v) for v in value]
        if not isinstance(value, dict):
            return value
        out = {}
        for key, inner in value.items():
            if key == "id" or key in _REFERENCE_KEYS:
                out[key] = fresh[inner]
            elif key in _REFERENCE_LIST_KEYS:
                out[key] = [fresh[ref] for ref in inner]
            else:
                out[key] = renew(inner)
        return out

    return Charter.model_validate(renew(charter.model_dump(mode="json")))


@cache
def _guidance_table() -> dict[str, str]:
    return _read_json(resources_dir() / "guidance.json")


def guidance(key: str) -> str:
    """Short help for a wizard page or field, e.g. "purpose.why"; empty if there is none."""
    return _guidance_table().get(key, "")

"""Why a draft cannot be opened or saved, in words a board secretary can read.

Every check on a draft raises ``Refusal`` with a reason that completes
"“name” could not be opened: "; this module holds the refusal itself and the
words shared by the checks: file names and text from a file made safe to show,
validation problems and reading errors put plainly. Anything taken from the file
is quoted, shortened and stripped of characters that could disguise it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from charter_builder.charter.labels import describe_location
from charter_builder.charter.model import Charter
from charter_builder.storage.bounded_read import NotARegularFile
from charter_builder.terminal import one_line

#: How many validation problems a refusal lists before "and N more problems".
MAX_SHOWN_PROBLEMS = 5

#: Control characters, line breaks of every kind, lone surrogates (which cannot even be
#: printed) and direction overrides (which make text read backwards): never shown.
_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_REPR_QUOTES = re.compile(r"'([^'\s]*)'")


class Refusal(Exception):
    """Why a draft cannot be read or written, in words, before the file name is known."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def reading_reason(error: OSError) -> str:
    """Why the file itself could not be read, before any of its contents were looked at."""
    if isinstance(error, NotARegularFile):
        if error.kind == "folder":
            return "it is a folder, not a Charter Builder draft."
        return (
            f"it is not a Charter Builder draft but a {error.kind} (not an ordinary file), "
            "so it has not been read."
        )
    if isinstance(error, FileNotFoundError):
        return "the file could not be found. It may have been moved, renamed or deleted."
    if isinstance(error, IsADirectoryError):
        return "it is a folder, not a Charter Builder draft."
    if isinstance(error, PermissionError):
        return "you do not have permission to read it."
    return "the file could not be read. Please check the drive it is on is connected and try again."


_PLAIN_PROBLEMS = {
    "missing": "is missing",
    "string_type": "should be text",
    "string_unicode": "contains characters that are not valid text",
    "string_too_short": "should not be empty",
    "string_too_long": "is too long",
    "string_pattern_mismatch": "is not in the form Charter Builder expects",
    "enum": "is not one of the choices Charter Builder offers",
    "extra_forbidden": "is not something Charter Builder recognises",
    "list_type": "should be a list",
    "too_long": "has too many entries",
    "model_type": "is not in the form Charter Builder expects",
    "model_attributes_type": "is not in the form Charter Builder expects",
    "dict_type": "is not in the form Charter Builder expects",
}


def describe_problems(error: ValidationError) -> str:
    """Validation errors as lines a board secretary can read, at most a handful."""
    problems = error.errors(include_url=False)
    lines = [
        f"• {_where(problem['loc'], problem.get('type') == 'extra_forbidden')}: "
        f"{_plain_problem(problem)}"
        for problem in problems[:MAX_SHOWN_PROBLEMS]
    ]
    rest = len(problems) - MAX_SHOWN_PROBLEMS
    if rest > 0:
        lines.append(f"and {rest} more problem{'s' if rest != 1 else ''}.")
    return "some of its details are not valid, so it may be damaged:\n" + "\n".join(lines)


def _where(loc: tuple[int | str, ...], named_by_file: bool = False) -> str:
    """Where a problem is; a name that came from the file is quoted, never read as ours."""
    if named_by_file and loc and isinstance(loc[-1], str):
        return f"{describe_location(loc[:-1])} › “{clean(loc[-1], 40)}”"
    return describe_location([part if isinstance(part, int) else clean(part) for part in loc])


def _plain_problem(problem: Any) -> str:
    kind = str(problem.get("type", ""))
    if kind in _PLAIN_PROBLEMS:
        return _PLAIN_PROBLEMS[kind]
    if kind.startswith("date"):
        return "should be a date"
    if kind == "value_error":
        cause = (problem.get("ctx") or {}).get("error")
        if cause is not None:
            # A validator's repr quotes ('x') read as code; show them as quotations.
            return _REPR_QUOTES.sub(r"“\1”", clean(str(cause), 200))
    return "is not valid"


def missing_picture(charter: Charter, missing: set[str]) -> str:
    """Which picture is missing, named by the partner whose logo it is where there is one."""
    for number, partner in enumerate(charter.partners, start=1):
        if partner.logo in missing:
            who = f"“{clean(partner.name)}”" if partner.name.strip() else f"partner {number}"
            return f"the logo for {who}"
    return "a picture the charter uses"


def quoted(path: Path) -> str:
    """A file's name in quotation marks, as every message about it begins."""
    # A name's undecodable bytes are shown as \xNN, never dropped (see terminal.one_line).
    return f"“{clean(one_line(path.name or str(path)))}”"


def clean(text: str, limit: int = 80) -> str:
    """Text from a file, made safe to show: no control characters, not too long."""
    text = _UNSHOWABLE.sub("", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"

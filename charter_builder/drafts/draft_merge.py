"""Merging two copies of a draft file: the charter, their pictures and their histories.

The copies' own histories say which version both started from, so people never
have to keep or pick a "base" file themselves. The merged draft carries both
histories, and its next save records a revision with two parents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from charter_builder.charter.model import Charter
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.history import History, Revision, common_ancestor
from charter_builder.drafts.merge import MergeResult, apply_choice, merge_charters
from charter_builder.errors import CharterError


@dataclass
class DraftMerge:
    result: MergeResult
    #: The version both copies started from; None when they share no history.
    base: Revision | None
    #: The merged draft, holding mine's value wherever a conflict is still open.
    draft: Draft
    #: The version both copies started from when its copy in the history is damaged
    #: (`base` is then an older one, or None), so more things count as conflicts.
    damaged_base: Revision | None = None

    @property
    def clean(self) -> bool:
        return self.result.clean

    def finish(self, choices: dict[int, Any]) -> Draft:
        """The merged draft with each conflict decided: index -> the value to keep."""
        undecided = [i for i in range(len(self.result.conflicts)) if i not in choices]
        if undecided:
            raise ValueError(f"conflicts {undecided} have not been decided")
        charter = self.result.charter.model_copy(deep=True)
        for index, conflict in enumerate(self.result.conflicts):
            apply_choice(charter, conflict, choices[index])
        try:
            charter = Charter.model_validate(charter.model_dump()).with_contribution_cards()
        except ValidationError as error:
            raise CharterError(
                "The choices made for the conflicts do not fit together; please check the "
                "text you edited."
            ) from error
        return Draft(charter=charter, media=dict(self.draft.media), history=self.draft.history)


def merge_drafts(mine: Draft, theirs: Draft) -> DraftMerge:
    """Merge `theirs` into `mine` (the copy open here); neither input is changed."""
    history = mine.history.copy()
    history.absorb(theirs.history)
    mine_head, theirs_head = mine.history.head, theirs.history.head
    shared = common_ancestor(history, mine_head, theirs_head)
    base_id = _readable_base(history, shared)
    damaged = history.revision(shared) if shared is not None and shared != base_id else None
    base_charter = history.snapshot(base_id) if base_id else Charter()
    result = merge_charters(base_charter, mine.charter, theirs.charter)
    result.charter = result.charter.with_contribution_cards()
    _join_histories(history, mine, theirs_head)
    media = {**theirs.media, **mine.media}
    merged = Draft(charter=result.charter, media=media, history=history)
    base = history.revision(base_id) if base_id else None
    return DraftMerge(result, base, merged, damaged)


def _readable_base(history: History, base_id: str | None) -> str | None:
    """The base itself, or if its snapshot is damaged the newest readable revision under it.

    An older base only makes more things count as conflicts, never loses a change.
    """
    if base_id is None or history.readable(base_id):
        return base_id
    older = history.ancestors(base_id) - {base_id}
    readable = [r for r in reversed(history.revisions) if r.id in older and history.readable(r.id)]
    return readable[0].id if readable else None


def _join_histories(history: History, mine: Draft, theirs_head: str | None) -> None:
    """Point the merged history at the right parents for its next revision."""
    mine_head = mine.history.head
    if theirs_head is None or theirs_head in history.ancestors(mine_head or ""):
        return  # theirs adds nothing mine has not already got
    caught_up = mine_head is not None and mine_head in history.ancestors(theirs_head)
    if caught_up and history.readable(mine_head or "") and (
        history.snapshot(mine_head or "") == mine.charter
    ):
        history.head = theirs_head  # mine had nothing new: simply catch up
        return
    history.mark_merged(theirs_head)

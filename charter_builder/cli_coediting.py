"""The co-editing commands: `merge`, `history` and `diff`, and the changes paper.

Officers who pass drafts round by email can merge two copies, see who saved
what and when, mark the revision sent to the partners' boards, and read or
print what changed, without opening the wizard.
"""

from __future__ import annotations

import argparse
import getpass
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from charter_builder.terminal import one_line
from charter_builder.when import revision_time
from charter_builder.words import plural

if TYPE_CHECKING:  # the window's start-up imports this module, so the model waits
    from charter_builder.charter.model import Charter
    from charter_builder.drafts.draft import Draft
    from charter_builder.drafts.draft_merge import DraftMerge
    from charter_builder.drafts.history import History, Revision
    from charter_builder.session import OpenDraft

EXIT_OK = 0
EXIT_CONFLICTS = 3

MERGE_HELP = """\
Merge THEIRS (a copy someone else edited) into MINE and write the result to
OUT. The two copies' histories say which version both started from; every
change made on only one side is kept. Where both changed the same thing
differently, nothing is written: the conflicts are listed (exit code 3) so
they can be decided in the wizard (File > Merge with a Copy)."""

DIFF_HELP = """\
Show what changed, section by section and word by word. With no revision,
what the last save changed; with one, from that revision to the draft as it
is now; with two, from the first to the second. A revision is its number in
`history` (1, 2, 3...) or the start of its id. Removed words are shown
[-like this-] and added words {+like this+}."""


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    merge = commands.add_parser(
        "merge",
        help="merge two copies of a draft",
        description=MERGE_HELP,
        epilog="exit codes:\n  0   merged cleanly and written\n  3   conflicts to decide; "
        "nothing was written",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    merge.add_argument("mine", type=Path, metavar="MINE.charter")
    merge.add_argument("theirs", type=Path, metavar="THEIRS.charter")
    merge.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT.charter", help="where to write"
    )
    add_identity(merge)

    history = commands.add_parser(
        "history",
        help="list the saved revisions of a draft, or mark one as sent to boards",
        description=HISTORY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    history.add_argument("draft", type=Path, metavar="FILE.charter")
    history.add_argument(
        "--mark-sent",
        metavar="REV",
        help="record that revision REV (its number or id, as in `diff`) was sent to the "
        "partners' boards, and save the draft; the charter itself is not changed",
    )
    add_identity(history)

    diff = commands.add_parser(
        "diff",
        help="show what changed between revisions",
        description=DIFF_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff.add_argument("draft", type=Path, metavar="FILE.charter")
    diff.add_argument("revisions", nargs="*", metavar="REV", help="up to two revisions")


HISTORY_HELP = """\
List every saved revision of a draft: when, by whom, and what changed, and which
revisions were sent to the partners' boards. With --mark-sent REV, record that
revision REV was sent to boards (with your name and the time) and save the draft:
`render FILE.charter --changes-since sent` then shows every change since."""

#: For `render --changes-since`.
CHANGES_SINCE_HELP = (
    "make the changes paper instead of the charter: every change since revision REV "
    "(its number or id, as in `diff`), section by section; `sent` means the last "
    "revision marked as sent to boards (see `history --mark-sent`). The format follows "
    "-o: OUT.pdf, or OUT.docx for Word with the changes as tracked changes."
)
CHANGES_FORMATS = {".pdf": "PDF", ".docx": "Word document"}


def add_identity(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--name", default=None, help="your name, recorded in the history (default: your login)"
    )
    parser.add_argument(
        "--organisation", default="", help="your organisation, recorded in the history"
    )


def identity(args: argparse.Namespace) -> tuple[str, str]:
    return (args.name or getpass.getuser()), args.organisation


#: What to do when MINE (or THEIRS) was saved by someone else while merging.
MERGE_CHANGED_ADVICE = (
    "Run the merge again to include their changes, or write the result to a different "
    "file with -o."
)


def cmd_merge(args: argparse.Namespace) -> int:
    return write_merge(read_copies(args), args)


def read_copies(args: argparse.Namespace) -> tuple[OpenDraft, OpenDraft]:
    """Read MINE and THEIRS, each stamped, so writing over either notices a change since."""
    from charter_builder.session import OpenDraft

    return OpenDraft.read(args.mine), OpenDraft.read(args.theirs)


def write_merge(copies: tuple[OpenDraft, OpenDraft], args: argparse.Namespace) -> int:
    """Merge the copies read and save the result to OUT as the window saves (see session)."""
    from charter_builder.drafts.draft_merge import merge_drafts
    from charter_builder.drafts.merge import describe_value
    from charter_builder.session.command_saves import save_from_command
    from charter_builder.session.merging import take_merged

    mine, theirs = copies
    merge = merge_drafts(mine.draft, theirs.draft)
    base = _merge_base(merge)
    if not merge.clean:
        count = len(merge.result.conflicts)
        print(
            f"{plural(count, 'conflict')} to decide: {base}, and both changed the same "
            f"{'thing' if count == 1 else 'things'} differently. Nothing was written.\n"
            "Open the draft in Charter Builder and choose File > Merge with a Copy to decide.\n"
        )
        for number, conflict in enumerate(merge.result.conflicts, 1):
            print(f"{number}. {one_line(conflict.description)}")
            print(_indented("Yours:  ", describe_value(conflict.mine)))
            print(_indented("Theirs: ", describe_value(conflict.theirs)))
        return EXIT_CONFLICTS
    if theirs.is_saved_at(args.output):
        theirs.ensure_unchanged(MERGE_CHANGED_ADVICE)
    take_merged(mine, merge.draft)
    revision = save_from_command(
        mine, args.output, identity(args), changed_advice=MERGE_CHANGED_ADVICE
    )
    what = revision.summary if revision else "nothing new: your copy already had their changes"
    print(f"Merged into {one_line(str(args.output))}: {base}.\n{one_line(what)}")
    return EXIT_OK


def _merge_base(merge: DraftMerge) -> str:
    """Which version both copies started from, in words (and whether it was damaged)."""
    history = merge.draft.history
    damaged = ""
    if merge.damaged_base is not None:
        damaged = (
            f"revision {history.number(merge.damaged_base.id)}, the last one both copies "
            "share, is damaged in the history"
        )
    if merge.base is None:
        if damaged:
            return f"{damaged}, so every difference counts as a conflict"
        return "the copies share no history, so every difference counts as a conflict"
    started = (
        f"both copies started from revision {history.number(merge.base.id)} "
        f"({revision_time(merge.base.time)}, {one_line(merge.base.who)})"
    )
    return f"{started}; {damaged}" if damaged else started


def cmd_history(args: argparse.Namespace) -> int:
    from charter_builder.drafts.draft_file import load_draft

    if args.mark_sent is not None:
        return mark_sent(args)
    draft = load_draft(args.draft)
    history = draft.history
    shown = one_line(args.draft.name)
    if not history:
        print(f"{shown} has no saved history yet: each save records a revision.")
        return EXIT_OK
    print(f"{shown}: {plural(len(history), 'revision')}, newest first\n")
    for revision in reversed(history.revisions):
        print(_history_entry(history, revision))
    head = history.head or ""
    if not history.readable(head):
        print(
            f"The copy of revision {history.number(head)} in the history is damaged, so it "
            "cannot be shown. The draft itself is not affected: the next save records a new "
            "revision and keeps every earlier one."
        )
    elif draft.charter != history.snapshot(head):
        print("The draft also has changes saved without a revision (by an older version).")
    return EXIT_OK


def _history_entry(history: History, revision: Revision) -> str:
    number = history.number(revision.id)
    head = f"{number:>3}  {revision_time(revision.time)}  {one_line(revision.who)}"
    if revision.is_merge:
        joined = " and ".join(str(history.number(p)) for p in revision.parents)
        head += f"  (merged {joined})"
    if revision.id == history.head:
        head += "  [latest]"
    summary = textwrap.fill(
        one_line(revision.summary), width=88, initial_indent=" " * 5, subsequent_indent=" " * 5
    )
    sent = "".join(
        f"     Sent to boards: marked {revision_time(mark.time)} by {one_line(mark.who)}\n"
        for mark in history.marks_of(revision.id)
    )
    return f"{head}\n     revision {revision.id}\n{summary}\n{sent}"


def mark_sent(args: argparse.Namespace) -> int:
    """Mark a revision as sent to boards and save the draft, as the window saves it."""
    from charter_builder.session.command_saves import (
        ASK_TO_CLOSE,
        open_for_writing,
        save_from_command,
    )

    who = identity(args)
    with open_for_writing(args.draft, who) as session:
        history = session.draft.history
        if not history:
            raise _error(
                "This draft has no saved history yet, so there is no revision to mark. "
                "Each save records a revision."
            )
        revision = history.find(args.mark_sent)
        mark = history.mark_sent(revision.id, *who)
        save_from_command(session, args.draft, who, locked_advice=ASK_TO_CLOSE)
    print(
        f"Marked revision {history.number(revision.id)} as sent to boards "
        f"({revision_time(mark.time)}, {one_line(mark.who)}) and saved {one_line(str(args.draft))}"
    )
    return EXIT_OK


def render_changes(args: argparse.Namespace) -> int:
    """`render --changes-since REV`: the changes paper as a PDF or a Word document."""
    from charter_builder.drafts.draft_file import load_draft
    from charter_builder.render.formats import write_changes
    from charter_builder.render.options import RenderOptions

    output = args.output or args.draft.with_name(f"{args.draft.stem} changes.pdf")
    options = RenderOptions(include_contributions=not args.without_contributions)
    paper = write_changes(load_draft(args.draft), output, options, since=args.changes_since)
    kind = CHANGES_FORMATS[output.suffix.lower()]
    count = sum(len(items) for _, items in paper.sections)
    print(
        f"{one_line(paper.since_line)}: {plural(count, 'change') if count else 'no changes'}.\n"
        f"Wrote the changes paper ({kind}) to {one_line(str(output))}"
    )
    return EXIT_OK


def _error(message: str) -> Exception:
    from charter_builder.errors import CharterError

    return CharterError(message)


def cmd_diff(args: argparse.Namespace) -> int:
    from charter_builder.drafts.diff import diff_charters, format_changes
    from charter_builder.drafts.draft_file import load_draft
    from charter_builder.errors import CharterError

    if len(args.revisions) > 2:
        raise CharterError("Give at most two revisions to compare.")
    draft = load_draft(args.draft)
    old_label, old, new_label, new = _sides(draft, args.revisions)
    changes = diff_charters(old, new)
    print(f"Changes from {old_label}\n          to {new_label}\n")
    print(format_changes(changes) if changes else "No changes.")
    return EXIT_OK


def _sides(draft: Draft, wanted: list[str]) -> tuple[str, Charter, str, Charter]:
    from charter_builder.errors import CharterError

    history = draft.history
    current = ("the draft as it is now", draft.charter)
    if not wanted:
        if not history.head:
            raise CharterError(
                "This draft has no saved history yet, so there is nothing to compare. "
                "Each save records a revision."
            )
        head = history.revision(history.head)
        if draft.charter != history.snapshot(head.id):
            return (*_side(history, head), *current)
        parent = history.parent_of(head.id)
        if parent is None:
            raise CharterError(
                "This draft has only its first revision, so there is nothing to compare yet."
            )
        return (*_side(history, history.revision(parent)), *_side(history, head))
    first = history.find(wanted[0])
    second = _side(history, history.find(wanted[1])) if len(wanted) == 2 else current
    return (*_side(history, first), *second)


def _side(history: History, revision: Revision) -> tuple[str, Charter]:
    who = one_line(revision.who)
    label = f"revision {history.number(revision.id)} ({revision_time(revision.time)}, {who})"
    return label, history.snapshot(revision.id)


def _indented(label: str, text: str) -> str:
    lines = text.splitlines() or [""]
    wrapped: list[str] = []
    for line in lines:
        wrapped.extend(textwrap.wrap(one_line(line), width=80) or [""])
    pad = " " * (3 + len(label))
    return "\n".join(("   " + label if i == 0 else pad) + line for i, line in enumerate(wrapped))

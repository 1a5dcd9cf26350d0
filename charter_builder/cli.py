"""The `charter-builder` command: the same core as the wizard, from a terminal.

With no command (or with a draft's file name) it opens the wizard; the
commands below let support officers and scripts work without a window.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from charter_builder import __version__, cli_coediting, cli_sign_off
from charter_builder.child_process import run_child_if_asked
from charter_builder.errors import CharterError
from charter_builder.logging_setup import (
    configure_logging,
    current_log_file,
    stop_logging,
    user_log_folder,
)
from charter_builder.terminal import SafeOutput, one_line
from charter_builder.words import plural

#: Named, not __name__: under `python -m charter_builder.cli` that would be "__main__".
log = logging.getLogger("charter_builder.cli")

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
#: verify: nothing found wrong, but the PDF is not sealed or not signed by every partner.
EXIT_INCOMPLETE = 4
EXIT_UNEXPECTED = 70

EXIT_CODES_HELP = """\
exit codes:
  0   everything worked (for validate: the charter is complete)
  1   the draft could not be used, or validate found problems to put right
  2   the command was not written correctly
  3   merge found conflicts to decide (nothing was written)
  4   verify: intact as far as it can be checked, but not complete (not sealed,
      or partners still to sign)
  70  something went wrong that Charter Builder did not expect
"""

COMMANDS = (
    "new", "validate", "render", "schema", "sign-off", "seal", "verify", "merge", "history", "diff"
)  # fmt: skip


def _build_parser() -> argparse.ArgumentParser:
    from charter_builder.drafts.starters import STARTERS

    parser = argparse.ArgumentParser(
        prog="charter-builder",
        description=(
            "Write, agree and sign a partnership charter. Run with no command, or "
            "with the name of a draft, to open the wizard."
        ),
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"Charter Builder {__version__}")
    parser.add_argument(
        "--verbose", action="store_true", help="also write the program's log to the terminal"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = commands.add_parser(
        "new",
        help="start a new draft from a starter",
        description="Start a new draft charter from one of the starters.",
        epilog="starters:\n"
        + "\n".join(f"  {s.name:<9} {s.description}" for s in STARTERS.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("output", type=Path, metavar="OUT.charter", help="where to save the draft")
    new.add_argument(
        "--starter", choices=list(STARTERS), default="blank", help="what to start from (blank)"
    )
    new.add_argument("--force", action="store_true", help="replace OUT.charter if it exists")
    cli_coediting.add_identity(new)

    validate = commands.add_parser(
        "validate",
        help="check a draft and list what is missing",
        description=(
            "Open a draft, check it, and print a short summary. Exits with 1 and lists "
            "what to put right if anything is missing or inconsistent."
        ),
    )
    validate.add_argument("draft", type=Path, metavar="FILE.charter")
    validate.add_argument(
        "--all",
        action="store_true",
        help=f"list every thing to put right, not just the first {SHOWN_PER_STEP} of each step",
    )

    render = commands.add_parser(
        "render",
        help="make the charter's PDF, Word document or web page",
        description=(
            "Make a draft charter's PDF, ready for board papers; or, by the ending of -o, "
            "a Word document (.docx) for papers that go round in Word, or a web page "
            "(.html) to publish."
        ),
    )
    render.add_argument("draft", type=Path, metavar="FILE.charter")
    render.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="where to write it: OUT.pdf, OUT.docx or OUT.html picks the format "
        "(default: beside the draft, ending .pdf)",
    )
    render.add_argument(
        "--archive",
        action="store_true",
        help="make an archival PDF/A-3u with the charter's data attached "
        "(default: an accessible PDF/UA-1 for board papers and publishing; PDF only)",
    )
    render.add_argument(
        "--without-contributions",
        action="store_true",
        help="leave out the contributions and losses section, for boards that keep it internal",
    )
    render.add_argument("--changes-since", metavar="REV", help=cli_coediting.CHANGES_SINCE_HELP)

    commands.add_parser(
        "schema",
        help="print the JSON Schema of charter.json",
        description="Print the JSON Schema that a draft's charter.json follows.",
    )
    cli_sign_off.add_command(commands)
    _add_seal_commands(commands)
    cli_coediting.add_commands(commands)
    return parser


VERIFY_HELP = """\
Check a charter's PDF and say, first, which of three things is true:

  Everything checks out (exit 0): the PDF is sealed; every seal is intact and
  was made with a certificate valid at the time; nothing but further seals was
  added after any seal; the text printed on the pages is the charter attached
  to the PDF; and every partner signed this very text.

  Do not rely on this PDF (exit 1): something is broken or forged: a seal is
  broken or made with an expired certificate, something was added after a
  seal (such as a drawing over a page), or the attached charter data does not
  match the printed text. The problems are listed.

  Intact as far as it can be checked, but not complete (exit 4): nothing was
  found wrong, but the PDF is not sealed (so nothing proves the file was not
  altered since it was made), or partners have still to sign it.

With --draft, also check that the draft's agreed text is the same as the PDF's.
Seals are checked offline, each against its own certificate: whether a
certificate comes from an authority trusted on this computer is shown as
information only, so confirm with the partner that a certificate is theirs.
The time of sealing is the one the sealing computer recorded."""


def _add_seal_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    seal = commands.add_parser(
        "seal",
        help="add your organisation's digital seal to a charter's PDF",
        description=(
            "Add a digital seal (a PAdES signature) to a charter's PDF with your "
            "organisation's certificate. Each partner can add their own seal in turn: "
            "sealing an already sealed PDF keeps the earlier seals valid. Works offline."
        ),
    )
    seal.add_argument("pdf", type=Path, metavar="FILE.pdf", help="the charter's PDF")
    seal.add_argument(
        "--certificate",
        type=Path,
        required=True,
        metavar="CERT.p12",
        help="your organisation's certificate and private key (.p12 or .pfx file)",
    )
    seal.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="F",
        help="a file whose first line is the certificate's passphrase "
        "(otherwise you are asked for it, if it has one)",
    )
    seal.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT.pdf",
        help="where to write the sealed PDF (not the same file as FILE.pdf)",
    )

    verify = commands.add_parser(
        "verify",
        help="check a charter's PDF: its seals, data and signatures",
        description=VERIFY_HELP,
        epilog="exit codes:\n  0   everything checks out\n"
        "  1   do not rely on this PDF: something is broken or forged, or the PDF could not "
        "be checked (the reasons are listed)\n"
        "  4   intact as far as it can be checked, but not complete (not sealed, or partners "
        "still to sign)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument("pdf", type=Path, metavar="FILE.pdf", help="the charter's PDF")
    verify.add_argument(
        "--draft", type=Path, metavar="FILE.charter", help="a draft to compare the PDF with"
    )


def _cmd_new(args: argparse.Namespace) -> int:
    from charter_builder.drafts.starters import load_starter
    from charter_builder.session.command_saves import save_new

    if args.output.exists() and not args.force:
        raise CharterError(
            f"“{_path(args.output)}” already exists. Choose another name, or add --force to "
            "replace it."
        )
    summary = f"Started from the {args.starter} starter"
    # With --force, as the window: never over a draft someone else has open.
    save_new(load_starter(args.starter), args.output, cli_coediting.identity(args), summary=summary)
    print(f"Saved a new draft from the {args.starter} starter to {_path(args.output)}")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from charter_builder.charter.problems import find_problems
    from charter_builder.drafts.draft_file import load_draft

    charter = load_draft(args.draft).charter
    p = charter.partnership
    print(f"{one_line(charter.title)} — {one_line(p.name) or 'partnership not yet named'}")
    print(f"  version {one_line(charter.version)}; {one_line(p.place) or 'place not yet given'}")
    print(
        f"  {len(charter.partners)} partners, {len(charter.principles)} principles, "
        f"{len(charter.commitments)} commitments"
    )
    problems = find_problems(charter)
    spelling = _spelling_lines(charter, args.all)
    if not problems:
        print("Complete: nothing is missing. The charter is ready for the partners' boards.")
        _print_lines(spelling)
        return EXIT_OK
    everything = args.all or len(problems) <= SHOWN_PER_STEP
    how = "" if everything else " (validate --all lists every one)"
    print(f"{plural(len(problems), 'thing')} to put right{how}:")
    for line in _problem_summary(problems, everything):
        print(line)
    _print_lines(spelling)
    return EXIT_PROBLEMS


def _print_lines(lines: list[str]) -> None:
    for line in lines:
        print(line)


def _spelling_lines(charter, everything: bool) -> list[str]:
    """The words the review step asks to check, as a warning: they never stop a charter."""
    from charter_builder.charter.spelling import (
        SpellChecker,
        charter_names,
        spelling_problems,
        user_words_file,
    )

    checker = SpellChecker(user_words_file())  # with the words the user added in the window
    checker.set_names(charter_names(charter))
    found = spelling_problems(charter, checker)
    if not found:
        return []
    most = 2 * SHOWN_PER_STEP
    shown = found if everything or len(found) <= most + 1 else found[:most]
    lines = [f"Spelling to check ({len(found)}; British English, never a bar to signing):"]
    lines += [f"  - {problem.section_label}: {one_line(problem.message)}" for problem in shown]
    if len(shown) < len(found):
        lines.append(f"  - and {len(found) - len(shown)} more (validate --all lists every one)")
    return lines


#: How many of a step's problems `validate` shows before "and N more": one screen in all.
SHOWN_PER_STEP = 2


def _problem_summary(problems: list, everything: bool) -> list[str]:
    """Problems under their step's name, with counts, as the review step lists them.

    A blank draft has a score of gaps; a line each would scroll off a terminal,
    so each step shows its first few unless `everything` is asked for.
    """
    groups: dict[str, list[str]] = {}
    for problem in problems:
        groups.setdefault(problem.section_label, []).append(one_line(problem.message))
    lines: list[str] = []
    for label, messages in groups.items():
        lines.append(f"{label} ({len(messages)})")
        shown = messages if everything or len(messages) <= SHOWN_PER_STEP + 1 else (
            messages[:SHOWN_PER_STEP]
        )
        lines.extend(f"  - {message}" for message in shown)
        if len(shown) < len(messages):
            lines.append(f"  - and {len(messages) - len(shown)} more")
    return lines


def _cmd_render(args: argparse.Namespace) -> int:
    from charter_builder.drafts.draft_file import load_draft
    from charter_builder.render import RenderOptions, write_pdf
    from charter_builder.render.formats import FORMATS, PDF, format_for_path

    if args.changes_since is not None:
        return cli_coediting.render_changes(args)
    output = args.output or args.draft.with_suffix(".pdf")
    chosen = format_for_path(output) if output.suffix else FORMATS[PDF]  # no ending: a PDF
    if args.archive and chosen.key != PDF:
        raise CharterError(
            f"--archive makes an archival PDF, so the file's name must end in .pdf, "
            f"not “{output.suffix}”."
        )
    options = RenderOptions(
        include_contributions=not args.without_contributions, archive=args.archive
    )
    draft = load_draft(args.draft)
    if chosen.key != PDF:
        chosen.write(draft, output, options)
        print(f"Wrote the charter's {chosen.noun} to {_path(output)}")
        return EXIT_OK
    write_pdf(draft, output, options)
    kind = "archival PDF (PDF/A-3u)" if args.archive else "PDF"
    print(f"Wrote the charter's {kind} to {_path(output)}")
    return EXIT_OK


def _cmd_schema(_args: argparse.Namespace) -> int:
    from charter_builder.drafts.schema import document_schema

    print(json.dumps(document_schema(), indent=2))
    return EXIT_OK


def _cmd_seal(args: argparse.Namespace) -> int:
    from charter_builder.signatures.seal import PassphraseNeeded, seal_pdf

    passphrase = cli_sign_off.passphrase(args.passphrase_file, args.certificate)
    try:
        signer = seal_pdf(args.pdf, args.output, args.certificate, passphrase)
    except PassphraseNeeded as needed:
        raise CharterError(f"{needed.message[:-1]} with --passphrase-file.") from None
    print(
        f"Sealed “{_path(args.pdf.name)}” for {one_line(signer)}, "
        f"and saved it as {_path(args.output)}"
    )
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from charter_builder.signatures.verify import describe, verify_pdf

    report = verify_pdf(args.pdf, args.draft)
    print(describe(report))
    return int(report.outcome)  # 0, 1 or 4: see verify.Outcome


def _path(path: Path | str) -> str:
    """A file name as the user can read it, whatever its bytes (see terminal.one_line)."""
    return one_line(str(path))


HANDLERS = {
    "new": _cmd_new,
    "validate": _cmd_validate,
    "render": _cmd_render,
    "schema": _cmd_schema,
    "sign-off": cli_sign_off.cmd_sign_off,
    "seal": _cmd_seal,
    "verify": _cmd_verify,
    "merge": cli_coediting.cmd_merge,
    "history": cli_coediting.cmd_history,
    "diff": cli_coediting.cmd_diff,
}


def _setup_logging(verbose: bool) -> None:
    """The wizard's rotating log file, so support finds one log; with --verbose, the terminal."""
    configure_logging(user_log_folder(), verbose)


def _wants_window(argv: Sequence[str]) -> bool:
    """No command, or just a draft's name: a mistyped command with arguments is not a draft."""
    words = [a for a in argv if a != "--verbose"]
    if not words:
        return True
    return len(words) == 1 and words[0] not in COMMANDS and not words[0].startswith("-")


def _open_window(argv: Sequence[str]) -> int:
    from charter_builder.gui.app import run_app

    files = [a for a in argv if a != "--verbose"]
    return run_app(Path(files[0]) if files else None, verbose="--verbose" in argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    child = run_child_if_asked(argv)
    if child is not None:
        return child
    if _wants_window(argv):
        return _open_window(argv)
    with _safe_terminal():
        return _command(argv)


@contextlib.contextmanager
def _safe_terminal() -> Iterator[None]:
    """Output escaped and quiet when its reader leaves, for as long as a command runs."""
    streams = sys.stdout, sys.stderr
    if sys.stdout is not None:  # None when started without a console (pythonw)
        sys.stdout = SafeOutput(sys.stdout)
    if sys.stderr is not None:
        sys.stderr = SafeOutput(sys.stderr)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.flush()  # a reader that left is noticed here, not at exit
        sys.stdout, sys.stderr = streams


def _command(argv: list[str]) -> int:
    args = _build_parser().parse_args(argv)
    if args.command is None:
        _build_parser().print_help()
        return EXIT_USAGE
    _setup_logging(args.verbose)
    log.debug("Charter Builder %s: %s", __version__, " ".join(argv))
    try:
        return _run(args)
    finally:
        stop_logging()


def window_main(argv: Sequence[str] | None = None) -> int:
    """The desktop entry point (no console on Windows): only ever the window, or a child."""
    argv = list(sys.argv[1:] if argv is None else argv)
    child = run_child_if_asked(argv)
    if child is not None:
        return child
    return _open_window(argv)


def _run(args: argparse.Namespace) -> int:
    """Run the command, turning every failure into plain words and an exit code."""
    try:
        return HANDLERS[args.command](args)
    except CharterError as error:
        log.info("%s did not complete: %s", args.command, error.message)
        print(error.message, file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception:
        log.exception("unexpected error in %s", args.command)
        log_file = current_log_file()
        kept = f" The details are also in the log file {log_file}." if log_file else ""
        print(
            "Something went wrong that Charter Builder did not expect. Nothing was changed. "
            "Run the command again with --verbose to see the details, and send them to us."
            + kept,
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())

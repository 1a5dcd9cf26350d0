"""The `sign-off` command: record a partner's signature and save the draft as the window does.

The draft is locked while the command works (colleagues opening it are told who
has it), and saving refuses to overwrite a file someone else saved meanwhile.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from charter_builder import cli_coediting
from charter_builder.errors import CharterError
from charter_builder.storage.bounded_read import read_limited, reading_reason
from charter_builder.terminal import one_line

if TYPE_CHECKING:
    from charter_builder.charter.model import Charter, Partner
    from charter_builder.session import OpenDraft

EXIT_OK = 0

SIGN_OFF_HELP = """\
Record a partner's signature on the draft, against its text exactly as it is
now, and save the draft (recording a revision). The partner's board approves
the charter first: give the date with --approved.

With --certificate, the signature record is also signed with the partner's
organisation certificate (.p12 or .pfx), so anyone can check that it was made
by the certificate's holder and that neither the text nor the record has been
changed since. Without one, the signature is recorded as typed ("/s/ Name"):
recorded, not cryptographically signed.

If someone else has the draft open in Charter Builder, or saves it while the
command runs, nothing is saved and the command says so (exit code 1)."""

#: What to do when someone saved the draft while it was being signed.
SIGNED_CHANGED_ADVICE = (
    "Please run the command again, so the signature is recorded on their version."
)
#: Partners named when a sign-off names none of them: enough to spot a spelling.
SHOWN_PARTNERS = 12


def add_command(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sign_off = commands.add_parser(
        "sign-off",
        help="record a partner's signature on a draft",
        description=SIGN_OFF_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sign_off.add_argument("draft", type=Path, metavar="FILE.charter")
    sign_off.add_argument(
        "--partner",
        required=True,
        metavar="NAME",
        help="the partner signing, named as in the draft",
    )
    sign_off.add_argument(
        "--signatory", required=True, metavar="NAME", help="the name of the person signing"
    )
    sign_off.add_argument("--role", default="", metavar="ROLE", help="the signatory's role")
    sign_off.add_argument(
        "--approved",
        required=True,
        type=_day,
        metavar="YYYY-MM-DD",
        help="the date the partner's board approved the charter",
    )
    sign_off.add_argument(
        "--minute", default="", metavar="REF", help="the board minute's reference, e.g. 24/117"
    )
    sign_off.add_argument(
        "--certificate",
        type=Path,
        metavar="CERT.p12",
        help="sign with your organisation's certificate and private key (.p12 or .pfx file)",
    )
    sign_off.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="F",
        help="a file whose first line is the certificate's passphrase "
        "(otherwise you are asked for it, if it has one)",
    )
    cli_coediting.add_identity(sign_off)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a date written as YYYY-MM-DD, for example 2026-04-01"
        ) from None


def cmd_sign_off(args: argparse.Namespace) -> int:
    with read_for_sign_off(args) as session:
        return write_sign_off(session, args)


@contextmanager
def read_for_sign_off(args: argparse.Namespace) -> Iterator[OpenDraft]:
    """The draft, locked for the command (refused if someone else has it open), and read."""
    from charter_builder.session.command_saves import open_for_writing

    with open_for_writing(args.draft, cli_coediting.identity(args)) as session:
        yield session


def write_sign_off(session: OpenDraft, args: argparse.Namespace) -> int:
    """Sign the draft read, and save it over its file unless someone saved it meanwhile."""
    from charter_builder.charter.model import BoardApproval, Signature
    from charter_builder.session.command_saves import ASK_TO_CLOSE, save_from_command
    from charter_builder.signatures.seal import PassphraseNeeded, load_certificate
    from charter_builder.signatures.sign_proof import proof_of
    from charter_builder.signatures.signing import sign, signature_for, why_not_ready

    charter = session.draft.charter
    partner = _partner_named(charter, args.partner)
    signature = Signature(
        partner_id=partner.id,
        signatory_name=args.signatory.strip(),
        signatory_role=args.role.strip(),
        signed_on=date.today(),
        approval=BoardApproval(meeting_date=args.approved, minute_reference=args.minute.strip()),
    )
    missing = why_not_ready(signature)
    if missing:
        raise CharterError(missing)
    signer = None
    if args.certificate is not None:
        secret = passphrase(args.passphrase_file, args.certificate)
        try:
            signer = load_certificate(args.certificate, secret)
        except PassphraseNeeded as needed:
            raise CharterError(f"{needed.message[:-1]} with --passphrase-file.") from None
    sign(charter, signature, signer).apply(charter)
    who = f"{partner.name.strip() or 'A partner'} signed the charter ({signature.signatory_name})"
    save_from_command(
        session,
        args.draft,
        cli_coediting.identity(args),
        summary=who,
        changed_advice=SIGNED_CHANGED_ADVICE,
        locked_advice=ASK_TO_CLOSE,
    )
    record = signature_for(charter, partner.id)
    assert record is not None
    proof = one_line(proof_of(charter, record).label)
    print(f"{one_line(who)}: {proof}. Saved {_path(args.draft)}")
    return EXIT_OK


def _partner_named(charter: Charter, wanted: str) -> Partner:
    """The partner whose name is `wanted`, ignoring case and spacing; or a refusal naming them."""

    def key(text: str) -> str:
        return " ".join(text.split()).casefold()

    found = [p for p in charter.partners if key(p.name) == key(wanted)]
    if len(found) == 1:
        return found[0]
    named = [one_line(p.name.strip()) for p in charter.partners if p.name.strip()]
    names = "; ".join(named[:SHOWN_PARTNERS])
    if len(named) > SHOWN_PARTNERS:
        names += f" and {len(named) - SHOWN_PARTNERS} more"
    if found:
        raise CharterError(f"More than one partner is called “{one_line(wanted)}”.")
    raise CharterError(
        f"No partner in the draft is called “{one_line(wanted)}”. "
        + (f"The partners are: {names}." if names else "The draft has no named partners yet.")
    )


def passphrase(passphrase_file: Path | None, certificate: Path) -> bytes | None:
    """From the file if given; otherwise asked for at a terminal (blank means none)."""
    if passphrase_file is not None:
        try:
            # An ordinary file of at most 64 KB: a pipe or device here would hang or flood.
            lines = read_limited(passphrase_file, 64 * 1024).splitlines()
        except OSError as error:
            reason = reading_reason(error)
            raise CharterError(
                f"The passphrase file “{_path(passphrase_file.name)}” could not be read"
                + (f": {reason}" if reason else ".")
            ) from None
        return lines[0] if lines else b""
    if not sys.stdin.isatty():
        return None
    import getpass

    typed = getpass.getpass(f"Passphrase for {_path(certificate.name)} (leave blank if none): ")
    return typed.encode("utf-8") if typed else None


def _path(path: Path | str) -> str:
    """A file name as the user can read it, whatever its bytes (see terminal.one_line)."""
    return one_line(str(path))

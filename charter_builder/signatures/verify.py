"""Check a charter's PDF: its seals, the charter data attached to it, and its signatures.

Works offline. A seal is checked against its own certificate only: whether it
is intact and what was added after it, which is what shows tampering. Who
issued the certificate is reported as information, because most partners'
certificates are not from an authority this computer knows, and that alone
does not mean anything is wrong. No Qt here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from pathlib import Path
from typing import Any

from charter_builder.charter.model import Charter
from charter_builder.errors import CharterError, DraftFileError
from charter_builder.signatures.pdf_revisions import unsealed_additions
from charter_builder.signatures.pdf_text import (
    TextUnreadable,
    missing_fields,
    page_texts,
    printed_fields,
)
from charter_builder.signatures.seal import (
    ATTACHMENT_NAME,
    SealError,
    attachment,
    certificate_dates_problem,
    certificate_name,
    open_charter_pdf,
    read_pdf_bytes,
)
from charter_builder.signatures.sign_proof import NO_PROOF, Proof, ProofKind, proof_of
from charter_builder.signatures.signing import (
    SignatureState,
    content_digest,
    signature_for,
    signature_states,
)
from charter_builder.terminal import one_line
from charter_builder.when import utc_date_time
from charter_builder.words import plural, shorten

log = logging.getLogger(__name__)

#: A seal dated later than this after the computer's clock is not believed.
CLOCK_SLACK = timedelta(days=1)


class Outcome(IntEnum):
    """The three answers `verify` gives; the values are its exit codes."""

    #: Sealed, unchanged since, printed text matches the data, every partner signed it.
    CHECKS_OUT = 0
    #: Something is broken or forged: do not rely on this PDF.
    BROKEN = 1
    #: Nothing found wrong, but not complete: not sealed, or partners still to sign.
    INCOMPLETE = 4


@dataclass
class SealCheck:
    """One seal, in the words a board secretary needs."""

    field_name: str
    signer: str
    intact: bool
    covers_whole_file: bool
    #: What happened after this seal, e.g. "nothing has been changed since".
    after_sealing: str
    sealed_at: datetime | None
    self_signed: bool
    problem: str | None = None
    #: Which update of the file this seal ends (the PDF as made is update 0).
    revision: int = -1

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass
class PartnerCheck:
    partner: str
    state: SignatureState
    signatory: str = ""
    digest: str = ""
    #: What the record proves: nothing by itself, a certificate's signature, or forgery.
    proof: Proof = NO_PROOF


@dataclass
class Report:
    pdf_name: str
    seals: list[SealCheck] = field(default_factory=list)
    title: str = ""
    digest: str = ""
    partners: list[PartnerCheck] = field(default_factory=list)
    draft_name: str | None = None
    draft_matches: bool | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Why the PDF, though nothing is broken, is not yet the finished, sealed charter.
    incomplete: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing found broken or forged (it may still be incomplete: see `outcome`)."""
        return not self.problems

    @property
    def outcome(self) -> Outcome:
        if self.problems:
            return Outcome.BROKEN
        if self.incomplete:
            return Outcome.INCOMPLETE
        return Outcome.CHECKS_OUT


def verify_pdf(pdf: Path, draft: Path | None = None) -> Report:
    """Check `pdf` (and optionally that `draft` agrees the same text); never changes a file.

    Raises CharterError only when the PDF cannot be checked at all.
    """
    pdf = Path(pdf)
    data = read_pdf_bytes(pdf)
    reader = open_charter_pdf(data, pdf.name)
    report = Report(pdf_name=pdf.name)
    embedded = _seals(reader)
    report.seals = [_check_seal(signature) for signature in embedded]
    _check_updates(report, reader, embedded)
    report.problems.extend(seal.problem for seal in report.seals if seal.problem)
    if not report.seals:
        report.incomplete.append(
            "It is not sealed, so nothing proves the file was not altered since it was made."
        )
    charter = _attached_charter(reader, pdf.name)
    _check_signatures(report, charter)
    _check_printed_text(report, reader, charter)
    if draft is not None:
        _check_draft(report, charter, Path(draft))
    return report


def _seals(reader: Any) -> list[Any]:
    try:
        return [s for s in reader.embedded_signatures if s.sig_object_type == "/Sig"]
    except Exception as error:
        raise SealError("The seals in this PDF are damaged and cannot be checked.") from error


def _check_seal(embedded: Any) -> SealCheck:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    name = embedded.field_name or "a seal"
    try:
        certificate = embedded.signer_cert
        signer = certificate_name(certificate)
        context = ValidationContext(trust_roots=[certificate], allow_fetching=False)
        status = validate_pdf_signature(embedded, context)
    except Exception:
        log.debug("could not validate %s", name, exc_info=True)
        return SealCheck(
            field_name=name,
            signer=name,
            intact=False,
            covers_whole_file=False,
            after_sealing="",
            sealed_at=None,
            self_signed=False,
            problem=f"The seal “{name}” is damaged and cannot be checked, so it cannot be trusted.",
        )
    check = SealCheck(
        field_name=name,
        signer=signer,
        intact=bool(status.intact),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        after_sealing="",
        sealed_at=status.signer_reported_dt,
        self_signed=certificate.subject == certificate.issuer,
        revision=embedded.signed_revision,
    )
    level = status.modification_level
    if not status.intact:
        check.problem = (
            f"The file has been changed after it was sealed by {signer}, "
            f"so {signer}'s seal is broken."
        )
    elif not status.valid:
        check.problem = f"The seal by {signer} does not match its certificate, so it is not valid."
    elif outdated := _certificate_problem(signer, certificate, status.signer_reported_dt):
        check.problem = outdated
    elif status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        check.after_sealing = "nothing has been changed since"
    elif status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        check.problem = f"The seal by {signer} does not cover the whole file."
    elif level is not None and level <= ModificationLevel.FORM_FILLING:
        check.after_sealing = (
            "nothing has been changed since"
            if level == ModificationLevel.NONE
            else "only further seals have been added since"
        )
    else:
        check.problem = f"The file has been changed after it was sealed by {signer}."
    return check


def _certificate_problem(signer: str, certificate: Any, sealed_at: datetime | None) -> str | None:
    """Whether the certificate was valid when the seal says it was made (or now, if it does not).

    The time is the one the sealing computer wrote; nothing but a time-stamp
    authority could prove it, which charters work without.
    """
    now = datetime.now(UTC)
    when = sealed_at or now
    if when > now + CLOCK_SLACK:
        return (
            f"The seal by {signer} says it was made on {utc_date_time(when)}, which has not "
            "come yet, so it cannot be trusted."
        )
    dates = certificate_dates_problem(certificate, when)
    if dates is None:
        return None
    return (
        f"The seal by {signer} was made on {utc_date_time(when)} with a certificate that {dates}."
    )


def _check_updates(report: Report, reader: Any, embedded: list[Any]) -> None:
    """Seal by seal: each ends an update of the file, the last covers all of it, and nothing
    but further seals came after it (see pdf_revisions)."""
    additions = unsealed_additions(reader, embedded)
    sealed = [seal for seal in report.seals if seal.revision >= 0]
    # Where a seal is already broken, what its bytes say cannot be read as updates.
    broken_up_to = max((seal.revision for seal in sealed if not seal.intact), default=0)
    for addition in additions:
        if addition.revision <= broken_up_to:
            continue
        before = [seal for seal in sealed if seal.revision < addition.revision]
        if not before:
            when = ", before it was sealed" if sealed else ""
            report.problems.append(
                f"Something was added to this PDF after Charter Builder made it{when}: "
                f"{addition.what}."
            )
            continue
        for seal in before:
            # pyHanko's own "changed after it was sealed" says less than what was added.
            vague = f"The file has been changed after it was sealed by {seal.signer}."
            if seal.problem is None or (seal.intact and seal.problem == vague):
                seal.problem = (
                    f"Something other than a further seal was added to the file after "
                    f"{seal.signer} sealed it: {addition.what}. What the PDF shows now may "
                    "not be what was sealed."
                )
    if report.seals and not report.seals[-1].problem and not report.seals[-1].covers_whole_file:
        last = report.seals[-1]
        last.problem = (
            f"Something was added to the file after the last seal, by {last.signer}, "
            "that is not a seal."
        )


def _check_printed_text(report: Report, reader: Any, charter: Charter) -> None:
    """Every agreed field of the attached charter must be printed in the PDF, in order."""
    try:
        pages = page_texts(reader)
    except TextUnreadable:
        log.debug("could not read the printed text", exc_info=True)
        report.problems.append(
            "The text printed in this PDF could not be read, so it could not be compared "
            "with the charter data attached to it."
        )
        return
    missing = missing_fields(printed_fields(charter, report.digest), pages)
    if not missing:
        return
    first = missing[0]
    more = len(missing) - 1
    others = f", and {plural(more, 'other part')} of it" if more else ""
    report.problems.append(
        "The charter data attached to this PDF does not match the text printed in it: "
        f"{first.where} (“{shorten(first.text)}”) is not printed as the data has it{others}. "
        "The attached data has been swapped or the printed pages changed."
    )


def _attached_charter(reader: Any, shown_name: str) -> Charter:
    # The same checks a draft's charter.json gets when a draft is opened.
    from charter_builder.drafts.draft_file import loads_charter

    raw = attachment(reader, ATTACHMENT_NAME)
    assert raw is not None  # open_charter_pdf refuses a PDF without it
    try:
        return loads_charter(raw)
    except DraftFileError as refusal:
        raise CharterError(
            f"The charter data attached to “{shown_name}” could not be read: {refusal.message}"
        ) from None


def _check_signatures(report: Report, charter: Charter) -> None:
    report.title = charter.title
    report.digest = content_digest(charter)
    states = signature_states(charter)
    for number, partner in enumerate(charter.partners, start=1):
        name = partner.name.strip() or f"Partner {number}"
        signature = signature_for(charter, partner.id)
        state = states[partner.id]
        proof = proof_of(charter, signature) if signature and signature.digest else NO_PROOF
        report.partners.append(
            PartnerCheck(
                partner=name,
                state=state,
                signatory=signature.signatory_name if signature else "",
                digest=signature.digest if signature else "",
                proof=proof,
            )
        )
        if state is SignatureState.FORGED:
            report.problems.append(
                f"{name}'s signature record is forged: {proof.reason[:1].lower()}"
                f"{proof.reason[1:]} It does not count as signed."
            )
        elif state is SignatureState.EARLIER:
            report.problems.append(
                f"{name} signed an earlier version of the charter, not the text in this PDF."
            )
    waiting = sum(p.state is SignatureState.UNSIGNED for p in report.partners)
    if waiting:
        report.incomplete.append(
            f"{waiting} of {len(report.partners)} partners {'has' if waiting == 1 else 'have'} "
            "still to sign it."
        )
    elif not report.partners:
        report.incomplete.append("The charter has no partners to sign it.")
    known = {p.id for p in charter.partners}
    for signature in charter.signatures:
        if signature.digest and signature.partner_id not in known:
            report.problems.append(
                "The charter holds a signature for an organisation that is not one of its partners."
            )


def _check_draft(report: Report, charter: Charter, draft_path: Path) -> None:
    from charter_builder.drafts.draft_file import load_draft

    draft = load_draft(draft_path).charter
    report.draft_name = draft_path.name
    if content_digest(draft) == report.digest:
        report.draft_matches = True
        return
    without = draft.model_copy(update={"contributions": []})
    if not charter.contributions and content_digest(without) == report.digest:
        report.draft_matches = True
        report.notes.append(
            "The PDF leaves out the contributions and losses section; the rest of the draft "
            "is the same."
        )
        return
    report.draft_matches = False
    report.problems.append(
        f"The agreed text in the draft “{draft_path.name}” differs from the charter in the PDF."
    )


# ---------------------------------------------------------------- words


def headline(report: Report) -> str:
    """The one sentence that says which of the three outcomes this is, before any detail."""
    if report.outcome is Outcome.BROKEN:
        count = len(report.problems)
        return f"Do not rely on this PDF: {plural(count, 'problem')} found."
    if report.outcome is Outcome.INCOMPLETE:
        return "Intact as far as it can be checked, but not complete."
    return "Everything checks out."


def describe(report: Report) -> str:
    """The report as plain text for the terminal: the outcome first, then the details.

    Every line passes through terminal.one_line, as names come from the PDF's
    data and from certificates.
    """
    lines = [f"Result: {headline(report)[0].lower()}{headline(report)[1:]}"]
    if report.outcome is Outcome.INCOMPLETE:
        lines.extend(f"  - {reason}" for reason in report.incomplete)
    elif report.outcome is Outcome.BROKEN:
        lines.extend(f"  - {problem}" for problem in report.problems)
    else:
        lines.append(
            "  The PDF is sealed and unchanged since, its printed text is the charter attached "
            "to it, and every partner signed this text."
        )
    lines += ["", f"Checking “{report.pdf_name}”: {report.title}", ""]
    if report.seals:
        lines.append("Seals:")
        for seal in report.seals:
            lines.extend(_describe_seal(seal))
    else:
        lines.append("Seals: none (this PDF is not sealed).")
    lines += ["", "Charter data attached to the PDF:"]
    lines.append(f"  Content fingerprint (SHA-256): {report.digest}")
    for partner in report.partners:
        lines.append(f"  {partner.partner}: {_describe_partner(partner)}")
    if report.draft_name is not None:
        same = "is the same as" if report.draft_matches else "differs from"
        lines += ["", f"The agreed text in the draft “{report.draft_name}” {same} the PDF's."]
    if report.notes:
        lines.append("")
        lines.extend(report.notes)
    if report.outcome is Outcome.BROKEN and report.incomplete:
        lines += ["", "Also not complete:"]
        lines.extend(f"  - {reason}" for reason in report.incomplete)
    return "\n".join(one_line(line) for line in lines)


def _describe_seal(seal: SealCheck) -> list[str]:
    if seal.problem:
        return [f"  {seal.signer}: BROKEN. {seal.problem}"]
    when = f", sealed {utc_date_time(seal.sealed_at)}" if seal.sealed_at else ""
    covers = (
        "covers the whole file"
        if seal.covers_whole_file
        else "covers the file as it was when sealed"
    )
    trust = (
        "The certificate is not from a trusted authority on this computer, so confirm with "
        f"{seal.signer} that it is theirs."
        if seal.self_signed
        else "Who issued the certificate was not checked on this computer."
    )
    return [
        f"  {seal.signer}: intact{when}; it {covers}, and {seal.after_sealing}.",
        f"    {trust}",
    ]


def _describe_partner(partner: PartnerCheck) -> str:
    """The partner's line: whether they signed this text, and what their record proves.

    Names come from the file and the certificate, so they are shown with any
    control characters made visible (terminal.one_line).
    """
    who = f" (by {partner.signatory})" if partner.signatory else ""
    proof = partner.proof
    if partner.state is SignatureState.FORGED:
        return one_line(f"{proof.label}{who}. Not counted as signed.")
    how = f"; {proof.label}"
    if proof.kind is ProofKind.CERTIFICATE:
        how += (
            f" (certificate fingerprint {proof.short_fingerprint}: confirm with them that "
            "it is theirs)"
        )
    if partner.state is SignatureState.CURRENT:
        return one_line(f"signed this text{who}{how}.")
    if partner.state is SignatureState.EARLIER:
        return one_line(f"signed an earlier version{who}, fingerprint {partner.digest[:12]}…{how}.")
    return "not yet signed."

"""Sign-off in the window with an organisation certificate, and records that prove nothing.

Real widgets and the real core: the certificate and passphrase dialogs are
answered through the page's own hooks, as the other dialogs are in tests.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from certificates import make_certificate
from PySide6.QtCore import QDate, Qt
from test_sign_proof import PASSPHRASE, TRUST, restamped_after_an_edit, signed_by_all

from charter_builder.drafts.starters import load_starter
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.pages.sign_off import SignOffPage
from charter_builder.signatures.seal import load_certificate
from charter_builder.signatures.sign_proof import ProofKind, proof_of
from charter_builder.signatures.signing import SignatureState, signature_states
from gui.page_helpers import open_page


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return make_certificate(tmp_path_factory.mktemp("p12") / "trust.p12", TRUST, PASSPHRASE)


def page_on(qtbot, charter) -> SignOffPage:
    draft = load_starter("example")
    draft.charter = charter
    document = CharterDocument()
    document.replace(draft, None)
    return open_page(qtbot, SignOffPage, document=document)


def list_lines(page: SignOffPage) -> list[str]:
    return [page.partners.item(row).text() for row in range(page.partners.count())]


def test_restamped_certificate_signed_records_show_as_forged_not_signed(
    qtbot, certificate
) -> None:
    signer = load_certificate(certificate, PASSPHRASE)
    page = page_on(qtbot, restamped_after_an_edit(signed_by_all(signer)))
    assert all(line.endswith("\nForged, not signed") for line in list_lines(page))
    assert "0 of 9 partners have signed this version" in page.summary.text()
    assert "forged, and not counted as signed" in page.summary.text()
    assert page.state.text().startswith("Forged, not signed: the record does not match")
    assert not SignOffPage.step_status(page.document.charter).complete
    assert SignOffPage.step_status(page.document.charter).short == "0 of 9 signed, 9 forged"


def test_restamped_records_without_a_certificate_say_they_prove_nothing(
    qtbot, certificate
) -> None:
    page = page_on(qtbot, restamped_after_an_edit(signed_by_all(None, certificate=False)))
    lines = list_lines(page)
    assert all(line.endswith("\nSigned (not cryptographically signed)") for line in lines)
    assert page.state.text() == "Signed: recorded, not cryptographically signed."


def fill_in(page: SignOffPage, row: int) -> None:
    page.partners.setCurrentRow(row)
    page.meeting_date.setDate(QDate.currentDate().addDays(-7))
    page.minute_reference.setText("B/26/14")


def test_signing_with_a_certificate_in_the_window(qtbot, certificate) -> None:
    page = open_page(qtbot, SignOffPage)
    asked: list[str] = []
    page.choose_certificate_file = lambda: str(certificate)
    page.ask_passphrase = lambda name: asked.append(name) or PASSPHRASE.decode()
    errors: list[str] = []
    page.show_error = errors.append
    fill_in(page, 1)
    qtbot.mouseClick(page.certificate_button, Qt.MouseButton.LeftButton)
    assert asked == ["trust.p12"]
    assert not page.sign_button.isEnabled()  # signing runs on the thread pool meanwhile

    charter = page.document.charter
    partner = charter.partners[1]
    qtbot.waitUntil(lambda: any(s.certificate_signature for s in charter.signatures), timeout=5000)
    assert not errors
    (record,) = [s for s in charter.signatures if s.digest]
    assert record.partner_id == partner.id and record.signed_on == date.today()
    proof = proof_of(charter, record)
    assert proof.kind is ProofKind.CERTIFICATE and proof.signer == TRUST
    assert signature_states(charter)[partner.id] is SignatureState.CURRENT
    held = load_certificate(certificate, PASSPHRASE).signing_cert
    assert proof.certificate_fingerprint == hashlib.sha256(held.dump()).hexdigest()
    assert page.state.text() == (
        f"Signed with {TRUST}'s certificate (certificate fingerprint {proof.short_fingerprint})."
    )
    assert list_lines(page)[1].endswith("\nSigned with certificate")
    assert page.sign_button.isEnabled()

    page.document.undo_stack.undo()
    assert not any(s.digest for s in page.document.charter.signatures)


def test_a_wrong_passphrase_is_explained_and_nothing_is_signed(qtbot, certificate) -> None:
    page = open_page(qtbot, SignOffPage)
    page.choose_certificate_file = lambda: str(certificate)
    page.ask_passphrase = lambda name: "not the passphrase"
    errors: list[str] = []
    page.show_error = errors.append
    fill_in(page, 0)
    qtbot.mouseClick(page.certificate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "passphrase" in errors[0] and "not right" in errors[0]
    assert not any(s.digest for s in page.document.charter.signatures)
    assert page.certificate_button.isEnabled()


def test_a_change_to_the_text_while_signing_is_not_signed_over(qtbot, certificate) -> None:
    page = open_page(qtbot, SignOffPage)
    page.choose_certificate_file = lambda: str(certificate)
    page.ask_passphrase = lambda name: PASSPHRASE.decode()
    errors: list[str] = []
    page.show_error = errors.append
    fill_in(page, 0)
    qtbot.mouseClick(page.certificate_button, Qt.MouseButton.LeftButton)
    # Before the result can come back (it is delivered on this thread), the text changes.
    commitment = page.document.charter.commitments[0]
    page.document.set_value(("commitments", commitment.id, "description"), "Changed meanwhile.")
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "changed while the certificate was signing" in errors[0]
    assert not any(s.digest for s in page.document.charter.signatures)


def test_cancelling_the_certificate_or_passphrase_signs_nothing(qtbot, certificate) -> None:
    page = open_page(qtbot, SignOffPage)
    fill_in(page, 0)
    page.choose_certificate_file = lambda: ""
    qtbot.mouseClick(page.certificate_button, Qt.MouseButton.LeftButton)
    page.choose_certificate_file = lambda: str(certificate)
    page.ask_passphrase = lambda name: None
    qtbot.mouseClick(page.certificate_button, Qt.MouseButton.LeftButton)
    assert page.signing_task is None
    assert not any(s.digest for s in page.document.charter.signatures)

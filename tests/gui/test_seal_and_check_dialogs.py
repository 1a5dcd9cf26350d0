"""File > Add Our Seal to a PDF… and Check a Signed PDF…, as two partners' secretaries use them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from certificates import example_signed_by_every_partner, make_certificate
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from charter_builder.gui.check_pdf_dialog import CheckPdfDialog
from charter_builder.gui.seal_dialog import SealDialog
from charter_builder.render import render_pdf

COUNCIL = "Wyvern County Council"
TRUST = "Wyvern Hospitals NHS Trust"
SHOTS = Path("/tmp/gui-b")
WAIT_MS = 120_000


@dataclass
class Files:
    folder: Path
    pdf: Path
    draft: Path
    council: Path
    trust: Path


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Files:
    """The worked example, signed by every partner and rendered once by the core."""
    folder = tmp_path_factory.mktemp("seal-gui")
    draft = example_signed_by_every_partner(folder)  # the draft the PDF is made from
    pdf = folder / "charter.pdf"
    pdf.write_bytes(render_pdf(draft))
    return Files(
        folder,
        pdf,
        folder / "example.charter",
        make_certificate(folder / "council.p12", COUNCIL, b"council secret"),
        make_certificate(folder / "trust.p12", TRUST, b"trust secret"),
    )


def seal_dialog(qtbot) -> SealDialog:
    dialog = SealDialog([COUNCIL, TRUST], "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def seal(qtbot, dialog: SealDialog, pdf: Path, certificate: Path, secret: str, who: str,
         output: Path) -> None:
    """Browse for the files, type the passphrase, name the partner, and add the seal."""
    asked: list[Path] = []
    dialog.choose_pdf = lambda: str(pdf)
    dialog.choose_certificate = lambda: str(certificate)
    dialog.choose_output = lambda suggested: asked.append(suggested) or str(output)
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.certificate_button, Qt.MouseButton.LeftButton)
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, secret)
    dialog.partner.setCurrentText("")
    qtbot.keyClicks(dialog.partner.lineEdit(), who)
    qtbot.mouseClick(dialog.seal_button, Qt.MouseButton.LeftButton)
    assert asked == [pdf.with_name(f"{pdf.stem}-sealed.pdf")]  # "NAME-sealed.pdf" offered
    qtbot.waitUntil(lambda: dialog.task is None, timeout=WAIT_MS)


def check(qtbot, pdf: Path, draft: Path | None = None) -> CheckPdfDialog:
    dialog = CheckPdfDialog()
    qtbot.addWidget(dialog)
    dialog.resize(760, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.choose_pdf = lambda: str(pdf)
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    if draft is not None:
        dialog.choose_draft = lambda: str(draft)
        qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.result_row.isVisible(), timeout=WAIT_MS)
    return dialog


def test_two_partners_seal_and_the_check_finds_both_intact(qtbot, files) -> None:
    dialog = seal_dialog(qtbot)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    once = files.folder / "once.pdf"
    seal(qtbot, dialog, files.pdf, files.council, "council secret", COUNCIL, once)
    assert "Your seal was added" in dialog.status.text()
    assert "once.pdf" in dialog.status.text()
    assert dialog.passphrase.text() == ""  # not kept once used
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "seal-dialog.png"))

    # The trust's secretary seals the council's sealed copy, in place.
    twice = files.folder / "twice.pdf"
    twice.write_bytes(once.read_bytes())
    seal(qtbot, seal_dialog(qtbot), twice, files.trust, "trust secret", TRUST, twice)
    assert twice.read_bytes().startswith(once.read_bytes())  # an incremental update

    report = check(qtbot, twice, files.draft)
    assert report.result.text() == "Everything checks out."
    assert "2 seals, all intact" in report.result_detail.text()
    details = report.details.toPlainText()
    assert f"{COUNCIL}: intact" in details
    assert f"{TRUST}: intact" in details
    assert "“example.charter” is the same as the PDF's" in details
    report.grab().save(str(SHOTS / "check-dialog-ok.png"))


def test_a_changed_byte_is_reported_as_a_broken_seal(qtbot, files) -> None:
    sealed = files.folder / "to-tamper.pdf"
    seal(qtbot, seal_dialog(qtbot), files.pdf, files.council, "council secret", COUNCIL, sealed)
    data = bytearray(sealed.read_bytes())
    at = data.index(b"/Producer") + 1
    data[at] = ord("B") if data[at] != ord("B") else ord("C")
    tampered = files.folder / "tampered.pdf"
    tampered.write_bytes(bytes(data))

    report = check(qtbot, tampered)
    assert report.result.text() == "Do not rely on this PDF: 1 problem found."
    assert report.result_detail.text().startswith(
        f"The file has been changed after it was sealed by {COUNCIL}"
    )
    assert "\n1 seal, broken;" in report.result_detail.text()
    assert "BROKEN" in report.details.toPlainText()
    report.grab().save(str(SHOTS / "check-dialog-broken.png"))


def test_plain_words_when_sealing_cannot_be_done(qtbot, files) -> None:
    dialog = seal_dialog(qtbot)
    out = files.folder / "refused.pdf"
    seal(qtbot, dialog, files.pdf, files.council, "not the secret", COUNCIL, out)
    assert "passphrase for “council.p12” is not right" in dialog.status.text()
    assert dialog.passphrase.hasFocus()
    assert not out.exists()

    seal(qtbot, dialog, files.pdf, files.council, "", COUNCIL, out)
    assert "type it in the Passphrase box" in dialog.status.text()

    seal(qtbot, dialog, files.pdf, files.draft, "council secret", COUNCIL, out)
    assert "is not a certificate file" in dialog.status.text()

    other = files.folder / "letter.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(other)
    seal(qtbot, dialog, other, files.council, "council secret", COUNCIL, out)
    assert "was not made by Charter Builder" in dialog.status.text()
    assert not out.exists()
    assert "Traceback" not in dialog.status.text()


def test_an_unsealed_pdf_is_shown_as_intact_but_not_complete(qtbot, files) -> None:
    report = check(qtbot, files.pdf)
    assert report.result.text() == "Intact as far as it can be checked, but not complete."
    assert report.result_detail.text().startswith(
        "It is not sealed, so nothing proves the file was not altered since it was made."
    )
    assert report.result.text() != "Everything checks out."
    assert report.details.toPlainText().startswith(
        "Result: intact as far as it can be checked, but not complete."
    )


def test_the_seal_dialog_refuses_an_expired_certificate(qtbot, files) -> None:
    expired = make_certificate(
        files.folder / "expired.p12",
        COUNCIL,
        b"council secret",
        valid_from=datetime.timedelta(days=-400),
        valid_until=datetime.timedelta(days=-35),
    )
    out = files.folder / "expired-seal.pdf"
    dialog = seal_dialog(qtbot)
    seal(qtbot, dialog, files.pdf, expired, "council secret", COUNCIL, out)
    assert "The certificate in “expired.p12” expired on" in dialog.status.text()
    assert "so it cannot be used to seal" in dialog.status.text()
    assert not out.exists()


def test_a_pdf_that_is_not_a_charter_cannot_be_checked(qtbot, files) -> None:
    letter = files.folder / "not-a-charter.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(letter)
    report = check(qtbot, letter)
    assert report.result.text() == "This PDF could not be checked."
    assert "was not made by Charter Builder" in report.details.toPlainText()


def test_the_file_menu_offers_both(window) -> None:
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    assert "Add Our Sea&l to a PDF…" in texts
    assert "Chec&k a Signed PDF…" in texts
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert len(keys) == len(set(keys)), texts
    window.menus.add_seal_action.trigger()
    assert window.exporting.seal_dialog.isVisible()
    window.exporting.seal_dialog.close()
    window.menus.check_pdf_action.trigger()
    assert window.exporting.check_dialog.isVisible()
    window.exporting.check_dialog.close()

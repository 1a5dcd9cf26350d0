"""Choosing what kind of PDF to export, and the window remembering the choice."""

from __future__ import annotations

import pypdf
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from charter_builder.gui.export_options import (
    ExportChoice,
    ExportOptionsDialog,
    ask_export_options,
)
from charter_builder.render.options import RenderOptions


def answer_dialog(qtbot, choose) -> None:
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportOptionsDialog)
        choose(dialog)

    QTimer.singleShot(50, act)


def test_the_accessible_pdf_with_every_section_is_the_default(qtbot) -> None:
    answer_dialog(qtbot, lambda d: qtbot.mouseClick(d.continue_button, Qt.MouseButton.LeftButton))
    assert ask_export_options() == ExportChoice(RenderOptions(include_contributions=True))


def test_choices_are_remembered_and_cancel_exports_nothing(qtbot) -> None:
    def archive_without_contributions(dialog: ExportOptionsDialog) -> None:
        qtbot.mouseClick(dialog.archive, Qt.MouseButton.LeftButton)
        dialog.contributions.setFocus()
        qtbot.keyClick(dialog.contributions, Qt.Key.Key_Space)
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)

    answer_dialog(qtbot, archive_without_contributions)
    chosen = ask_export_options()
    assert chosen == ExportChoice(RenderOptions(include_contributions=False, archive=True))

    def look_then_cancel(dialog: ExportOptionsDialog) -> None:
        assert dialog.archive.isChecked() and not dialog.contributions.isChecked()
        dialog.reject()

    answer_dialog(qtbot, look_then_cancel)
    assert ask_export_options() is None


def test_the_window_exports_what_was_chosen(window, qtbot, tmp_path) -> None:
    window.new_from_starter("example")
    pdf = tmp_path / "for-the-board.pdf"
    window.prompts.ask_save_path = lambda *_: pdf
    window.prompts.ask_export_options = lambda: ExportChoice(
        RenderOptions(include_contributions=False)
    )
    window.export()
    qtbot.waitUntil(pdf.exists, timeout=90_000)
    text = " ".join(page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages)
    assert "Governance" in text
    assert "Contributions and losses" not in text


def test_cancelling_the_choice_asks_nothing_more(window) -> None:
    window.new_from_starter("example")
    asked: list[str] = []
    window.prompts.ask_export_options = lambda: None
    window.prompts.ask_save_path = lambda *args: asked.append(args[0])
    window.export()
    assert asked == []


def test_an_export_can_be_sealed_with_a_certificate(window, qtbot, tmp_path) -> None:
    from certificates import make_certificate

    from charter_builder.signatures.verify import verify_pdf

    certificate = make_certificate(tmp_path / "council.p12", "Wyvern County Council", b"s3cret")
    window.new_from_starter("example")
    pdf = tmp_path / "sealed.pdf"
    window.prompts.ask_save_path = lambda *_: pdf

    def seal_it(dialog: ExportOptionsDialog) -> None:
        dialog.seal.setChecked(True)
        dialog.certificate.setText(str(certificate))
        qtbot.keyClicks(dialog.passphrase, "s3cret")
        qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)

    answer_dialog(qtbot, seal_it)
    window.prompts.ask_export_options = lambda: ask_export_options(window)
    window.export()
    qtbot.waitUntil(pdf.exists, timeout=90_000)
    report = verify_pdf(pdf)
    assert [seal.signer for seal in report.seals] == ["Wyvern County Council"]
    assert report.ok

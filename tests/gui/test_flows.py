"""Each flow driven on its own: real drafts on disk, the real document and session, no window.

The user's answers come from `ScriptedPrompts`; a question the test did not
script fails it, so each test also says exactly what the user is asked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from charter_builder.drafts.draft_file import dumps_draft, load_draft, save_draft
from charter_builder.drafts.draft_lock import DraftLock, read_lock, stamp
from charter_builder.drafts.recovery import Recovery, RecoveryNote, RecoveryStore, new_recovery_id
from charter_builder.drafts.starters import load_starter
from charter_builder.gui import settings
from charter_builder.gui.autosave import Autosaver
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.export_options import ExportChoice
from charter_builder.gui.flows.coediting import CoeditingFlow
from charter_builder.gui.flows.export import ExportFlow
from charter_builder.gui.flows.files import FilesFlow
from charter_builder.gui.flows.recovery import RecoveryFlow
from charter_builder.gui.lock_dialog import ChangedChoice
from charter_builder.gui.recovery_dialog import RecoveryChoice
from charter_builder.gui.render_service import RenderService
from charter_builder.render.options import RenderOptions
from charter_builder.session.lease import LockChoice

Button = QMessageBox.StandardButton
ROOT = Path(__file__).resolve().parents[2]


class ScriptedPrompts:
    """A Prompts that answers from a script and notes every question asked, in order."""

    def __init__(self, **answers: Any) -> None:
        self.answers = answers
        self.asked: list[str] = []
        self.errors: list[tuple[str, str]] = []

    def _answer(self, question: str, *args: Any) -> Any:
        self.asked.append(question)
        assert question in self.answers, f"the user was not expected to be asked {question}"
        answer = self.answers[question]
        return answer(*args) if callable(answer) else answer

    def ask_open_path(self) -> Path | None:
        return self._answer("ask_open_path")

    def ask_merge_path(self) -> Path | None:
        return self._answer("ask_merge_path")

    def ask_save_path(self, title: str, suggested: str, file_filter: str) -> Path | None:
        return self._answer("ask_save_path", title, suggested, file_filter)

    def ask_unsaved(self) -> Button:
        return self._answer("ask_unsaved")

    def show_error(self, title: str, message: str) -> None:
        self.asked.append("show_error")
        self.errors.append((title, message))

    def ask_export_options(self) -> ExportChoice | None:
        return self._answer("ask_export_options")

    def ask_locked(self, locked: Any, path: Path) -> LockChoice | None:
        return self._answer("ask_locked", locked, path)

    def ask_changed_on_disk(self, path: Path, saved_by: str) -> ChangedChoice | None:
        return self._answer("ask_changed_on_disk", path, saved_by)

    def resolve_conflicts(self, merge: Any) -> Any:
        return self._answer("resolve_conflicts", merge)

    def ask_recover(self, recoveries: list[Recovery]) -> RecoveryChoice:
        return self._answer("ask_recover", recoveries)

    def confirm_agreed_change(self) -> bool:
        return self._answer("confirm_agreed_change")

    def confirm_mark_sent(self, number: int, saved: str) -> bool:
        return self._answer("confirm_mark_sent", number, saved)

    def ask_revision(self, revisions: list[Any], default: str) -> str | None:
        return self._answer("ask_revision", revisions, default)

    def ask_printer(self) -> Any:
        return self._answer("ask_printer")

    def open_url(self, url: Any) -> None:
        self._answer("open_url", url)

    def show_in_folder(self, path: Path) -> None:
        self._answer("show_in_folder", path)


class Flows:
    """The flows as the window wires them, with the status messages they sent."""

    def __init__(self, prompts: ScriptedPrompts, recovery_folder: Path) -> None:
        self.prompts = prompts
        self.document = CharterDocument()
        self.coediting = CoeditingFlow(self.document, prompts)
        self.files = FilesFlow(self.document, prompts, self.coediting)
        self.autosaver = Autosaver(self.document, RecoveryStore(recovery_folder))
        self.recovery = RecoveryFlow(self.document, prompts, self.files, self.autosaver)
        self.said: list[str] = []
        self.landed: list[str] = []
        for flow in (self.coediting, self.files, self.recovery):
            flow.status.connect(lambda text, _ms: self.said.append(text))
        self.files.opened.connect(lambda: self.landed.append("opened"))
        self.recovery.restored.connect(lambda: self.landed.append("restored"))

    def done(self) -> None:
        self.autosaver.shutdown()
        self.document.release_lock()


@pytest.fixture
def make_flows(qapp, tmp_path) -> Callable[..., Flows]:
    settings.set_user_identity("Sam Patel", "Wyvern County Council")
    made: list[Flows] = []

    def make(**answers: Any) -> Flows:
        flows = Flows(ScriptedPrompts(**answers), tmp_path / "recovery")
        made.append(flows)
        return flows

    yield make
    for flows in made:
        flows.done()


@pytest.fixture
def draft_path(tmp_path) -> Path:
    path = tmp_path / "shared" / "wyvern.charter"
    path.parent.mkdir()
    draft = load_starter("example")
    draft.history.record(draft.charter, "Priya Raman", "Healthwatch Wyvern Vale")
    save_draft(draft, path)
    return path


@pytest.fixture
def jane(draft_path):
    """Jane Smith has the draft open (her lock is on it) while the test runs."""
    lock = DraftLock(draft_path, "Jane Smith", "Leeds City Council")
    lock.acquire()
    yield lock
    lock.release()


# -- files ---------------------------------------------------------------------------


def test_opening_a_locked_draft_asks_and_save_a_copy_opens_the_copy(
    make_flows, draft_path, jane
) -> None:
    copy = draft_path.with_name("mine")  # the flow adds .charter
    before = draft_path.read_bytes()
    flows = make_flows(ask_locked=LockChoice.SAVE_COPY, ask_save_path=copy)
    assert flows.files.open(draft_path)
    assert flows.prompts.asked == ["ask_locked", "ask_save_path"]
    assert flows.document.path == draft_path.with_name("mine.charter")
    assert load_draft(flows.document.path).charter == load_draft(draft_path).charter
    assert draft_path.read_bytes() == before  # Jane's draft is left exactly as it was
    assert read_lock(draft_path).holder.name == "Jane Smith"  # type: ignore[union-attr]
    assert flows.document.lock is not None and flows.document.lock.is_ours()
    assert flows.landed == ["opened"]
    assert flows.said == [
        "Saved a copy as mine.charter and opened it; wyvern.charter is unchanged."
    ]


def test_opening_a_locked_draft_read_only_keeps_janes_lock_and_says_so(
    make_flows, draft_path, jane
) -> None:
    flows = make_flows(ask_locked=LockChoice.READ_ONLY)
    assert flows.files.open(draft_path)
    assert flows.document.read_only and flows.document.lock is None
    assert jane.is_ours()
    assert "to look at (read-only)" in flows.said[-1]


def test_cancelling_the_lock_question_opens_nothing(make_flows, draft_path, jane) -> None:
    flows = make_flows(ask_locked=None)
    assert flows.files.open(draft_path) is False
    assert flows.document.path is None and flows.landed == [] and flows.said == []


def test_saving_onto_a_draft_changed_on_disk_asks_and_cancel_writes_nothing(
    make_flows, draft_path
) -> None:
    offered: list[str] = []
    flows = make_flows(
        ask_changed_on_disk=lambda path, saved_by: offered.append(saved_by) or None
    )
    assert flows.files.open(draft_path)
    flows.document.set_value(("purpose", "why"), "Mine: because we are stronger together.")
    theirs = load_draft(draft_path)
    theirs.charter.purpose.how = "Theirs: openly."
    theirs.history.record(theirs.charter, "Jane Smith", "Leeds City Council")
    save_draft(theirs, draft_path)
    on_disk = draft_path.read_bytes()

    assert flows.files.save() is False
    assert offered and offered[0].startswith("Jane Smith (Leeds City Council) saved it at ")
    assert draft_path.read_bytes() == on_disk
    assert flows.document.charter.purpose.why == "Mine: because we are stronger together."
    assert flows.document.is_modified
    assert flows.said[-1].startswith("Not saved: wyvern.charter was changed by someone else.")


def test_saving_onto_a_draft_changed_on_disk_can_merge_and_keeps_both(
    make_flows, draft_path
) -> None:
    flows = make_flows(ask_changed_on_disk=ChangedChoice.MERGE)
    assert flows.files.open(draft_path)
    flows.document.set_value(("purpose", "why"), "Mine.")
    theirs = load_draft(draft_path)
    theirs.charter.purpose.how = "Theirs."
    theirs.history.record(theirs.charter, "Jane Smith", "Leeds City Council")
    save_draft(theirs, draft_path)

    assert flows.files.save()
    saved = load_draft(draft_path).charter.purpose
    assert (saved.why, saved.how) == ("Mine.", "Theirs.")
    assert flows.said[-1] == "Merged 1 change from wyvern.charter. Saved wyvern.charter."
    assert not flows.document.is_modified


def test_unsaved_changes_and_close_asks_and_cancel_keeps_the_draft(
    make_flows, draft_path
) -> None:
    flows = make_flows(ask_unsaved=Button.Cancel)
    assert flows.files.open(draft_path)
    flows.document.set_value(("partnership", "place"), "Wyvern Vale and Borders")
    assert flows.files.close_draft() is False
    assert flows.prompts.asked == ["ask_unsaved"]
    assert flows.document.path == draft_path
    assert flows.document.charter.partnership.place == "Wyvern Vale and Borders"
    assert flows.document.lock is not None and flows.document.lock.is_ours()

    flows.prompts.answers["ask_unsaved"] = Button.Discard
    assert flows.files.close_draft()
    assert flows.document.path is None and flows.document.lock is None
    assert read_lock(draft_path) is None
    assert load_draft(draft_path).charter.partnership.place != "Wyvern Vale and Borders"


def test_a_failed_save_leaves_no_revision_and_keeps_our_lock(
    make_flows, draft_path, tmp_path
) -> None:
    """Saving to a folder that is not there fails in plain words; memory is as it was."""
    nowhere = tmp_path / "no such folder" / "copy.charter"
    flows = make_flows(ask_save_path=nowhere)
    assert flows.files.open(draft_path)
    held = flows.document.lock
    revisions = len(flows.document.draft.history.revisions)
    assert flows.files.save_as() is False
    assert [title for title, _ in flows.prompts.errors] == ["The draft could not be saved"]
    assert len(flows.document.draft.history.revisions) == revisions
    assert flows.document.path == draft_path and flows.document.lock is held


def test_marking_as_sent_to_boards_saves_first_and_the_mark_travels_with_the_file(
    make_flows, draft_path
) -> None:
    """Unsaved edits are saved first, so the mark names the version the boards really got."""
    flows = make_flows(confirm_mark_sent=True)
    assert flows.files.open(draft_path)
    flows.document.set_value(("partnership", "place"), "Wyvern Vale and Borders")

    assert flows.files.mark_sent_to_boards()
    assert flows.prompts.asked == ["confirm_mark_sent"]
    reopened = load_draft(draft_path)
    assert reopened.charter.partnership.place == "Wyvern Vale and Borders"
    mark = reopened.history.last_sent()
    assert mark is not None and mark.revision == reopened.history.head
    assert (mark.author, mark.organisation) == ("Sam Patel", "Wyvern County Council")
    number = reopened.history.number(mark.revision)
    assert flows.said[-1] == f"Marked revision {number} as sent to boards. Saved wyvern.charter."
    # Asked again, it says so rather than marking twice.
    assert flows.files.mark_sent_to_boards()
    assert flows.prompts.asked == ["confirm_mark_sent"]
    assert flows.said[-1] == f"Revision {number} is already marked as sent to boards."
    assert len(load_draft(draft_path).history.marks) == 1


def test_a_mark_that_could_not_be_saved_is_taken_back(make_flows, draft_path) -> None:
    """Jane saved meanwhile and the user cancels: no mark on disk, and none left in memory."""
    flows = make_flows(confirm_mark_sent=True, ask_changed_on_disk=None)
    assert flows.files.open(draft_path)
    theirs = load_draft(draft_path)
    theirs.charter.purpose.how = "Theirs: openly."
    theirs.history.record(theirs.charter, "Jane Smith", "Leeds City Council")
    save_draft(theirs, draft_path)
    on_disk = draft_path.read_bytes()

    assert flows.files.mark_sent_to_boards() is False
    assert flows.prompts.asked == ["confirm_mark_sent", "ask_changed_on_disk"]
    assert flows.document.draft.history.marks == []
    assert draft_path.read_bytes() == on_disk


def test_declining_to_mark_changes_nothing(make_flows, draft_path) -> None:
    flows = make_flows(confirm_mark_sent=False)
    assert flows.files.open(draft_path)
    before = draft_path.read_bytes()
    assert flows.files.mark_sent_to_boards() is False
    assert flows.document.draft.history.marks == []
    assert draft_path.read_bytes() == before


# -- co-editing ----------------------------------------------------------------------


def test_merging_with_a_copy_brings_its_changes_in_as_one_undoable_step(
    make_flows, draft_path
) -> None:
    copy = draft_path.with_name("jane's copy.charter")
    theirs = load_draft(draft_path)
    theirs.charter.purpose.vision = "Everyone lives a longer, healthier life."
    theirs.history.record(theirs.charter, "Jane Smith", "Leeds City Council")
    save_draft(theirs, copy)
    flows = make_flows(ask_merge_path=copy)
    assert flows.files.open(draft_path)
    before = flows.document.charter.purpose.vision

    assert flows.coediting.merge_with_copy()
    assert flows.document.charter.purpose.vision == "Everyone lives a longer, healthier life."
    assert flows.said[-1] == "Merged 1 change from jane's copy.charter."
    flows.document.undo_stack.undo()
    assert flows.document.charter.purpose.vision == before


def test_cancelling_a_merges_conflicts_changes_nothing(make_flows, draft_path) -> None:
    copy = draft_path.with_name("copy.charter")
    theirs = load_draft(draft_path)
    theirs.charter.purpose.why = "Theirs."
    save_draft(theirs, copy)
    flows = make_flows(ask_merge_path=copy, resolve_conflicts=None)
    assert flows.files.open(draft_path)
    flows.document.set_value(("purpose", "why"), "Mine.")
    assert flows.coediting.merge_with_copy() is False
    assert flows.prompts.asked == ["ask_merge_path", "resolve_conflicts"]
    assert flows.document.charter.purpose.why == "Mine."
    assert flows.said[-1] == "Merge cancelled: nothing was changed."


def test_a_take_over_is_noticed_and_told_and_our_work_stays(make_flows, draft_path) -> None:
    flows = make_flows()
    assert flows.files.open(draft_path)
    assert flows.coediting.lock_timer.isActive()
    flows.document.set_value(("purpose", "why"), "Mine.")
    DraftLock(draft_path, "Jane Smith", "Leeds City Council").take_over()

    flows.coediting.refresh_lock()
    [(title, message)] = flows.prompts.errors
    assert title == "Someone else has taken over this draft"
    assert message.startswith("Jane Smith (Leeds City Council) has taken over “wyvern.charter”.")
    assert flows.document.lock is None and not flows.coediting.lock_timer.isActive()
    assert flows.document.charter.purpose.why == "Mine."


# -- recovery: the same lock ladder as opening ------------------------------------------------


def _leave_recovery(store: RecoveryStore, original: Path, pid: int) -> Recovery:
    draft = load_draft(original)
    draft.charter.partnership.place = "Restored place"
    note = RecoveryNote.for_this_process(
        original, original.name, draft.charter.partnership.name, stamp=stamp(original)
    )
    recovery_id = new_recovery_id()
    store.write(recovery_id, dumps_draft(draft), replace(note, pid=pid))
    [found] = [r for r in store.left_behind() if r.id == recovery_id]
    return found


def _dead_process(original: Path | None = None) -> int:
    """A process that has ended (having locked `original`, if given): its id."""
    code = "import os, sys; print(os.getpid())"
    if original is not None:
        code = (
            "import os, sys; from charter_builder.drafts.draft_lock import DraftLock; "
            "DraftLock(sys.argv[1], 'Sam Patel', 'Wyvern County Council').acquire(); "
            "print(os.getpid())"
        )
    done = subprocess.run(
        [sys.executable, "-c", code, str(original)],
        check=True, cwd=ROOT, capture_output=True, text=True,
    )
    return int(done.stdout)


@pytest.mark.parametrize(
    "choice", [LockChoice.READ_ONLY, LockChoice.TAKE_OVER, LockChoice.SAVE_COPY, None]
)
def test_restoring_unsaved_work_asks_about_a_lock_exactly_as_opening_does(
    make_flows, draft_path, jane, choice
) -> None:
    """Same question, same answer, same outcome: read-only, ours, a copy, or nothing."""
    outcomes = []
    for way in ("open", "restore"):
        copy = draft_path.with_name(f"{way} copy.charter")
        flows = make_flows(
            ask_locked=choice, ask_save_path=copy, ask_unsaved=Button.Discard
        )
        if way == "open":
            opened = flows.files.open(draft_path)
        else:
            found = _leave_recovery(flows.autosaver.store, draft_path, _dead_process())
            opened = flows.recovery.restore_recovery(found)
        document = flows.document
        outcomes.append((
            opened,
            [q for q in flows.prompts.asked if q != "show_error"],
            document.read_only,
            document.lock is not None and document.lock.is_ours(),
            None if document.path is None else document.path.name.replace(way, "*"),
        ))
        held = read_lock(draft_path)
        if choice is LockChoice.TAKE_OVER:
            assert held is not None and held.holder.name == "Sam Patel"
            document.release_lock()
            jane.take_over()  # Jane has it again for the second way
        flows.done()
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] is (choice is not None)


def test_restoring_work_whose_lock_our_crash_left_takes_it_back_without_asking(
    make_flows, draft_path
) -> None:
    pid = _dead_process(draft_path)
    flows = make_flows()  # no lock question scripted: asking it would fail the test
    found = _leave_recovery(flows.autosaver.store, draft_path, pid)
    assert flows.recovery.restore_recovery(found)
    assert read_lock(draft_path).holder.pid == os.getpid()  # type: ignore[union-attr]
    assert flows.document.charter.partnership.place == "Restored place"
    assert flows.document.is_modified and not flows.document.read_only
    assert flows.landed == ["restored"]


def test_offering_recoveries_and_deciding_later_keeps_them(make_flows, draft_path) -> None:
    flows = make_flows(ask_recover=RecoveryChoice())
    _leave_recovery(flows.autosaver.store, draft_path, _dead_process())
    assert flows.recovery.offer_recoveries() is False
    assert flows.prompts.asked == ["ask_recover"]
    assert len(flows.autosaver.store.left_behind()) == 1
    assert flows.document.path is None


# -- export ----------------------------------------------------------------------------------


@pytest.fixture
def exporting(qapp, tmp_path):
    document = CharterDocument()
    document.replace(load_starter("example"), None, modified=True)
    service = RenderService()

    def make(**answers: Any) -> tuple[ExportFlow, ScriptedPrompts]:
        prompts = ScriptedPrompts(**answers)
        return ExportFlow(document, service, prompts), prompts

    yield make
    service.shutdown()


def test_cancelling_the_export_options_asks_nothing_more_and_makes_nothing(
    exporting, tmp_path
) -> None:
    flow, prompts = exporting(ask_export_options=None)
    assert flow.export() is None
    assert prompts.asked == ["ask_export_options"]
    assert _progress_dialogs() == []
    assert list(tmp_path.glob("**/*.pdf")) == []


def test_cancelling_where_to_save_the_pdf_makes_nothing(exporting, tmp_path) -> None:
    suggested: list[str] = []
    flow, prompts = exporting(
        ask_export_options=ExportChoice(RenderOptions()),
        ask_save_path=lambda _title, name, _filter: suggested.append(name),
    )
    assert flow.export() is None
    assert prompts.asked == ["ask_export_options", "ask_save_path"]
    assert suggested == ["Wyvern Vale Health and Care Partnership.pdf"]
    assert _progress_dialogs() == []
    assert list(tmp_path.glob("**/*.pdf")) == []


def _progress_dialogs() -> list[QWidget]:
    """Export progress dialogs open now (each export opens one)."""
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "exportProgress"]

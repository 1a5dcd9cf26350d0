"""The render worker: one long-lived process that keeps making PDFs, whatever it is sent."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pypdf
import pytest

from charter_builder.drafts.draft_file import save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.render.worker import UNEXPECTED

REPLY_TIMEOUT = 90


class Worker:
    """The real worker process, with its replies read on a thread so waits can time out."""

    def __init__(self, log_path: Path) -> None:
        self.log = log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "charter_builder.render.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
        )
        self.replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.raw_lines: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.raw_lines.append(line)
            self.replies.put(json.loads(line))  # stdout carries nothing but JSON lines
        self.replies.put(None)

    def reply(self) -> dict[str, Any]:
        message = self.replies.get(timeout=REPLY_TIMEOUT)
        assert message is not None, "the worker stopped"
        return message

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode("utf-8") + b"\n")
        self.process.stdin.flush()

    def job(self, number: int, draft: Path, output: Path, **options: Any) -> list[dict]:
        """Send a job; every reply up to its final one (done or error)."""
        self.send(
            json.dumps(
                {"job": number, "draft": str(draft), "output": str(output), "options": options}
            )
        )
        replies = []
        while True:
            message = self.reply()
            replies.append(message)
            if "done" in message or "error" in message:
                return replies

    def close(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            return self.process.wait(timeout=30)
        finally:
            self.log.close()


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory):
    started = Worker(tmp_path_factory.mktemp("worker") / "worker.log")
    assert started.reply() == {"ready": True}
    yield started
    if started.process.poll() is None:
        started.close()


@pytest.fixture(scope="module")
def example_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("drafts") / "Wyvern Vale.charter"
    save_draft(load_starter("example"), path)
    return path


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_two_jobs_make_two_pdfs_of_the_charter(worker: Worker, example_file: Path, tmp_path):
    example = load_starter("example").charter
    partner = example.partners[0].name
    contribution = " ".join(example.contributions[0].brings.split()[:4])
    texts = []
    # The second job leaves out contributions (and names an option this version lacks).
    jobs = {1: {}, 2: {"include_contributions": False, "not_an_option": True}}
    for number, options in jobs.items():
        output = tmp_path / f"charter {number}.pdf"
        replies = worker.job(number, example_file, output, **options)

        assert all(reply["job"] == number for reply in replies)
        stages = [reply["stage"] for reply in replies if "stage" in reply]
        # The stages in order, with one step for each page as WeasyPrint lays it out.
        # ("numbering" when the page numbers in the contents move pages along: checked later)
        assert [s for s in dict.fromkeys(stages) if s != "numbering"] == [
            "reading", "styling", "arranging", "laying out", "writing"
        ]
        pages = [reply["page"] for reply in replies if "page" in reply]
        assert pages == list(range(1, replies[-1]["pages"] + 1))
        progress = [reply["progress"] for reply in replies if "stage" in reply]
        assert progress == sorted(progress) and all(0 <= p <= 100 for p in progress)
        final = replies[-1]
        assert final["done"] == str(output)
        assert final["pages"] == len(pypdf.PdfReader(output).pages) > 1
        texts.append(pdf_text(output).replace("\n", " "))

    assert all(partner in text for text in texts)
    assert contribution in texts[0] and contribution not in texts[1]
    # WeasyPrint's page-by-page narration became replies; none of it went to the log.
    worker.log.flush()
    assert "Creating layout" not in Path(worker.log.name).read_text("utf-8", "replace")
    # Nothing but the finished PDFs is left in the folder: they were written atomically.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["charter 1.pdf", "charter 2.pdf"]


def test_damaged_draft_gets_a_plain_error_and_the_worker_carries_on(
    worker: Worker, example_file: Path, tmp_path
):
    damaged = tmp_path / "Board papers.charter"
    damaged.write_bytes(example_file.read_bytes()[:500])
    output = tmp_path / "charter.pdf"
    output.write_bytes(b"%PDF- the copy the board already has")

    final = worker.job(7, damaged, output)[-1]

    assert final["job"] == 7
    assert "Board papers.charter" in final["error"]
    assert "Traceback" not in final["error"] and "Error" not in final["error"]
    # A failed job never harms the PDF that was there before.
    assert output.read_bytes() == b"%PDF- the copy the board already has"

    final = worker.job(8, example_file, output)[-1]
    assert final == {"job": 8, "done": str(output), "pages": final["pages"]}
    assert output.read_bytes().startswith(b"%PDF-")


def test_missing_folder_and_nonsense_lines_get_plain_answers(
    worker: Worker, example_file: Path, tmp_path
):
    final = worker.job(9, example_file, tmp_path / "no such folder" / "charter.pdf")[-1]
    assert final["job"] == 9
    assert "folder" in final["error"] and "does not exist" in final["error"]

    worker.send("this is not a job")
    answer = worker.reply()
    assert answer["job"] is None
    assert "did not expect" in answer["error"]

    worker.send(json.dumps({"job": 10, "draft": 42}))
    answer = worker.reply()
    assert answer["job"] == 10 and "did not expect" in answer["error"]
    assert worker.process.poll() is None


def test_closing_its_input_ends_the_worker(tmp_path):
    worker = Worker(tmp_path / "worker.log")
    assert worker.reply() == {"ready": True}
    assert worker.close() == 0


def test_a_job_for_a_format_the_worker_does_not_know_is_refused_plainly(
    worker: Worker, example_file: Path, tmp_path
):
    output = tmp_path / "charter.xyz"
    worker.send(
        json.dumps(
            {"job": 31, "draft": str(example_file), "output": str(output), "format": "xyz"}
        )
    )
    assert worker.reply() == {"job": 31, "error": UNEXPECTED}
    assert not output.exists()
    # A paper of the changes is a PDF or a Word document, and says so in plain words.
    worker.send(
        json.dumps(
            {"job": 32, "draft": str(example_file), "output": str(output), "format": "changes"}
        )
    )
    replies = []
    while not replies or "error" not in replies[-1]:
        replies.append(worker.reply())
    assert replies[-1] == {
        "job": 32,
        "error": "The paper of the changes can be made as a PDF (.pdf) or a Word document "
        "(.docx); “charter.xyz” is neither. Please end its name in .pdf or .docx.",
    }

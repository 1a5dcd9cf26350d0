"""`render -o OUT.pdf|OUT.docx|OUT.html`: the format follows the file's ending."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter_builder.cli import _build_parser as build_parser
from charter_builder.cli import main


@pytest.fixture
def example(tmp_path) -> Path:
    draft = tmp_path / "Wyvern Vale.charter"
    assert main(["new", str(draft), "--starter", "example"]) == 0
    return draft


def test_render_help_names_every_format() -> None:
    text = build_parser()._subparsers._group_actions[0].choices["render"].format_help()
    assert all(ending in text for ending in (".pdf", ".docx", ".html"))


def test_a_word_document_by_its_ending(example, tmp_path, capsys) -> None:
    from docx import Document

    out = tmp_path / "papers.docx"
    assert main(["render", str(example), "-o", str(out)]) == 0
    assert "Word document" in capsys.readouterr().out
    headings = [p.text for p in Document(out).paragraphs if p.style.name == "Heading 1"]
    assert "Shared purpose" in headings


def test_a_web_page_by_its_ending(example, tmp_path, capsys) -> None:
    out = tmp_path / "charter.HTML"
    assert main(["render", str(example), "-o", str(out)]) == 0
    assert "web page" in capsys.readouterr().out
    assert '<html lang="en-GB"' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["-o", "charter.txt"], "Please end its name with .pdf, .docx or .html"),
        (["-o", "charter.docx", "--archive"], "archival PDF"),
    ],
)
def test_an_ending_that_names_no_format_is_refused_and_nothing_written(
    example, tmp_path, capsys, args, said
) -> None:
    args = [a if not a.startswith("charter.") else str(tmp_path / a) for a in args]
    assert main(["render", str(example), *args]) == 1
    assert said in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == [example.name]

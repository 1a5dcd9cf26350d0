"""The changes paper: what changed since the revision the boards saw, in PDF and in Word.

The issue's own test: save the worked example (revision 1), mark it sent to boards,
change a commitment's title and remove a partner, save; the Word paper holds real
tracked changes (``w:del`` with the old words, ``w:ins`` with the new, the removed
partner deleted), each with its author and date, and the PDF shows the same.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pypdf
import pytest
from lxml import etree

from charter_builder import paths
from charter_builder.cli import main
from charter_builder.drafts.changes_since import changes_since
from charter_builder.drafts.draft_file import load_draft, save_draft
from charter_builder.render.changes_pdf import changes_html, changes_pdf
from charter_builder.render.fetcher import CharterFetcher

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
ASHA = ("Asha Patel", "Wyvern Vale ICB")
TOM = ("Tom Price", "Wyvern Vale Council")
HOSTILE = (
    "<script>alert(1)</script> {{ 7*7 }} {% if true %}yes{% endif %} "
    '<img src="file:///etc/passwd"> file:///etc/hostname &amp; <w:t>injected</w:t>'
)


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def edit(path: Path, who: tuple[str, str], change) -> None:
    draft = load_draft(path)
    change(draft.charter)
    draft.history.record(draft.charter, *who)
    save_draft(draft, path)


@pytest.fixture
def sent_then_edited(tmp_path) -> tuple[Path, str, str, str]:
    """The worked example saved and marked sent to boards; then Tom renames a commitment
    and, later, Asha removes a partner. Returns the draft, the old and new title and the
    removed partner's name."""
    path = tmp_path / "example.charter"
    assert run("new", path, "--starter", "example", "--name", ASHA[0],
               "--organisation", ASHA[1]) == 0  # fmt: skip
    assert run("history", path, "--mark-sent", "1", "--name", ASHA[0],
               "--organisation", ASHA[1]) == 0  # fmt: skip
    draft = load_draft(path)
    old_title = draft.charter.commitments[0].title
    partner = draft.charter.partners[1].name
    new_title = "Fewer falls among older people living at home"

    def rename(charter):
        charter.commitments[0].title = new_title

    def remove(charter):
        del charter.partners[1]

    edit(path, TOM, rename)
    edit(path, ASHA, remove)
    return path, old_title, new_title, partner


def tracked(document_xml: bytes, tag: str) -> list[tuple[str, str, str]]:
    """(text, author, date) of every w:ins or w:del in document.xml."""
    root = etree.fromstring(document_xml)
    found = []
    for change in root.iter(f"{W}{tag}"):
        text = "".join(change.itertext())
        found.append((text, change.get(f"{W}author"), change.get(f"{W}date")))
    return found


def test_the_word_paper_holds_the_changes_as_real_tracked_changes(
    sent_then_edited, tmp_path, capsys
):
    path, old_title, new_title, partner = sent_then_edited
    out = tmp_path / "changes.docx"

    assert run("render", path, "--changes-since", "sent", "-o", out) == 0

    assert "Changes since revision 1, sent to boards on" in capsys.readouterr().out
    with zipfile.ZipFile(out) as archive:
        document_xml = archive.read("word/document.xml")
    deleted = tracked(document_xml, "del")
    inserted = tracked(document_xml, "ins")
    old_words = " ".join(text for text, _, _ in deleted)
    new_words = " ".join(text for text, _, _ in inserted)
    # The title's words: the removed ones struck, the added ones inserted, by Tom.
    assert {w for w in old_title.split() if w not in new_title.split()} <= set(old_words.split())
    assert {w for w in new_title.split() if w not in old_title.split()} <= set(new_words.split())
    title_changes = [c for c in deleted + inserted if c[0].strip() in (old_title, new_title)]
    assert title_changes and {author for _, author, _ in title_changes} == {
        "Tom Price (Wyvern Vale Council)"
    }
    # The removed partner, shown whole and deleted by Asha, who removed it.
    removed_partner = [(t, a) for t, a, _ in deleted if f"Name: {partner}" in t]
    assert removed_partner and removed_partner[0][1] == "Asha Patel (Wyvern Vale ICB)"
    assert "Representative" in removed_partner[0][0]
    for _, author, date in deleted + inserted:
        assert author
        assert datetime.fromisoformat(date.replace("Z", "+00:00")).tzinfo is not None
    # Deleted words are w:delText (Word shows w:t inside w:del as broken).
    root = etree.fromstring(document_xml)
    assert not root.xpath("//w:del//w:t", namespaces=NS)
    assert root.xpath("//w:del//w:delText", namespaces=NS)


def test_the_word_paper_has_headings_language_and_title(sent_then_edited, tmp_path):
    path, *_ = sent_then_edited
    out = tmp_path / "changes.docx"
    assert run("render", path, "--changes-since", "1", "-o", out) == 0

    document = docx.Document(str(out))

    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Partners", "Commitments"]  # in the charter's order
    assert document.paragraphs[0].style.name == "Title"
    assert document.core_properties.title == "Wyvern Vale System Charter: changes since revision 1"
    assert document.core_properties.author == "Asha Patel (Wyvern Vale ICB)"
    languages = document.styles.element.xpath("//w:docDefaults//w:lang/@w:val")
    assert languages == ["en-GB"]


def test_the_pdf_paper_strikes_out_removed_words_and_underlines_added_ones(
    sent_then_edited, tmp_path
):
    path, old_title, new_title, partner = sent_then_edited
    out = tmp_path / "changes.pdf"

    assert run("render", path, "--changes-since", "sent", "-o", out) == 0

    text = " ".join(
        (page.extract_text() or "") for page in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages
    )
    flat = re.sub(r"\s+", " ", text)
    assert "Changes since revision 1, sent to boards on" in flat
    assert "by Asha Patel (Wyvern Vale ICB)" in flat
    assert old_title in flat and new_title in flat
    assert partner in flat
    assert "Tom Price (Wyvern Vale Council)" in flat
    html = changes_html(changes_since(load_draft(path)))
    # What the PDF was made from: the old words struck through, the new underlined.
    assert re.search(f"<del>Name: {re.escape(partner)}\\n", html)
    removed = re.findall(r"<del>(.*?)</del>", html, re.DOTALL)
    added = re.findall(r"<ins>(.*?)</ins>", html, re.DOTALL)
    assert any("Neighbourhood" in r for r in removed) and any("falls" in a for a in added)
    css = (paths.templates_dir() / "changes.css").read_text(encoding="utf-8")
    assert re.search(r"\bdel\s*\{[^}]*line-through", css)
    assert re.search(r"\bins\s*\{[^}]*underline", css)
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == ["Partners", "Commitments"]


def test_markup_template_syntax_and_file_addresses_stay_literal_and_nothing_is_fetched(
    sent_then_edited, tmp_path
):
    path, *_ = sent_then_edited

    def hostile(charter):
        charter.commitments[1].title = HOSTILE
        charter.purpose.vision += " " + HOSTILE

    edit(path, TOM, hostile)
    paper = changes_since(load_draft(path))
    fetcher = CharterFetcher()
    pdf = changes_pdf(paper, fetcher=fetcher)

    html = changes_html(paper)
    assert "<script>" not in html and "<img" not in html and "<w:t>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% if true %}yes{% endif %}" in html
    assert "49" not in html
    text = re.sub(r"\s+", " ", " ".join(
        p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages
    ))  # fmt: skip
    assert "{{ 7*7 }}" in text and "<script>alert(1)</script>" in text
    assert "file:///etc/passwd" in text
    assert fetcher.refused == []
    bundled = (paths.templates_dir().resolve(), paths.resources_dir().resolve())
    assert "changes.css" in " ".join(fetcher.fetched)
    for url in fetcher.fetched:  # only our own stylesheets and fonts
        assert url.startswith("file:"), url
        assert any(Path(url.removeprefix("file://")).resolve().is_relative_to(r) for r in bundled)

    out = tmp_path / "changes.docx"
    assert run("render", path, "--changes-since", "sent", "-o", out) == 0
    with zipfile.ZipFile(out) as archive:
        document_xml = archive.read("word/document.xml")
        relationships = archive.read("word/_rels/document.xml.rels")
    words = " ".join(t for t, _, _ in tracked(document_xml, "ins"))
    assert "{{ 7*7 }}" in words and "<script>alert(1)</script>" in words
    assert "<w:t>injected</w:t>" in words  # text, not an element
    assert b"TargetMode" not in relationships  # nothing outside the file is linked
    assert b"file:///etc" not in relationships


def test_changes_since_sent_with_nothing_marked_says_what_to_do(tmp_path, capsys):
    path = tmp_path / "example.charter"
    assert run("new", path, "--starter", "example", "--name", ASHA[0]) == 0
    out = tmp_path / "changes.pdf"

    assert run("render", path, "--changes-since", "sent", "-o", out) == 1

    error = capsys.readouterr().err
    assert "No revision of this draft has been marked as sent to boards yet" in error
    assert "Traceback" not in error
    assert not out.exists()


def test_a_paper_in_another_format_is_refused_in_plain_words(sent_then_edited, tmp_path, capsys):
    path, *_ = sent_then_edited
    out = tmp_path / "changes.txt"

    assert run("render", path, "--changes-since", "sent", "-o", out) == 1

    assert "a PDF (.pdf) or a Word document (.docx)" in capsys.readouterr().err
    assert not out.exists()


def test_concerns_never_appear_and_contributions_can_be_left_out(sent_then_edited):
    path, *_ = sent_then_edited
    draft = load_draft(path)
    draft.charter.contributions[0].brings = "Two more community nurses"
    from charter_builder.charter.model import Concern

    draft.charter.concerns.append(Concern(section="purpose", text="A private worry"))

    shown = changes_since(draft)
    internal = changes_since(draft, include_contributions=False)

    assert [s for s, _ in shown.sections] == ["Partners", "Commitments", "Contributions and losses"]
    assert [s for s, _ in internal.sections] == ["Partners", "Commitments"]


def test_an_added_principle_is_shown_whole_not_only_its_title(sent_then_edited):
    from charter_builder.charter.model import Principle

    path, *_ = sent_then_edited
    draft = load_draft(path)
    draft.charter.principles.append(
        Principle(title="Decide in the open", meaning="Board papers are published.")
    )

    paper = changes_since(draft)

    added = dict(paper.sections)["Principles"][0]
    assert added.kind_words == "Added"
    assert added.segments == (
        ("added", "Title: Decide in the open\nWhat it means: Board papers are published."),
    )
    html = changes_html(paper)
    whole = "Title: Decide in the open\nWhat it means: Board papers are published."
    assert f"<ins>{whole}</ins>" in html


def test_a_damaged_revision_to_compare_with_is_refused_in_plain_words(tmp_path, capsys):
    from damaged_history import draft_with_damaged_newest_snapshot

    path = draft_with_damaged_newest_snapshot(tmp_path / "damaged.charter")
    out = tmp_path / "changes.pdf"

    assert run("render", path, "--changes-since", "2", "-o", out) == 1

    error = capsys.readouterr().err
    assert error.strip() == (
        "Revision 2 in this draft's history is damaged and cannot be shown. Please choose "
        "another revision to compare with."
    )
    assert not out.exists()

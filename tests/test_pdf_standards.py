"""The PDF meets the standards boards and archives rely on, and looks the same everywhere.

By default the charter is PDF/UA-1, so a screen reader can follow it; with
``archive`` it is PDF/A-3u carrying the draft's own data. Each PDF is read back
with pikepdf (and poppler's and qpdf's tools where installed) as an assistive
reader, an archive or a records system would read it.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pikepdf
import pypdf
import pytest
from fontTools.ttLib import TTFont
from pdf_structure import structure_elements

from charter_builder import __version__, paths
from charter_builder.charter.model import Charter, Partner, Partnership, SharedPurpose
from charter_builder.cli import main
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import dumps_charter, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.render import CharterFetcher, RenderOptions, render_pdf
from charter_builder.render.metadata import SOURCE_DATE_EPOCH, build_time, pdf_metadata
from charter_builder.render.worker import options_from

#: 1 April 2026, 09:30 UTC: a fixed build time, as a reproducible build would set it.
EPOCH = int(datetime(2026, 4, 1, 9, 30, tzinfo=UTC).timestamp())
PDF_DATE = "D:20260401093000Z"
XMP_DATE = "2026-04-01T09:30:00Z"
FONT_FAMILY_PREFIX = "Charter-Sans"
#: What typical charters contain beyond plain ASCII: money, dashes, curly quotes,
#: ellipses, and the accented names of people and places across the UK and Europe.
TYPICAL_CHARACTERS = "£€–—“”‘’…·•éèêëàâäçñöüïßÉÖŁłŚśŻżČčŠšŵŷŴŶáíóúýœ°×½"


def _bundled_postscript_names() -> set[str]:
    names = set()
    for path in (paths.resources_dir() / "fonts").glob("*.ttf"):
        names.add(TTFont(path)["name"].getDebugName(6))
    return names


BUNDLED_FONTS = _bundled_postscript_names()


# --- the PDFs, each made once ---------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Draft:
    return load_starter("example")


def _render(draft: Draft, options: RenderOptions) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SOURCE_DATE_EPOCH, str(EPOCH))
        return render_pdf(draft, options)


@pytest.fixture(scope="module")
def accessible_bytes(example: Draft) -> bytes:
    return _render(example, RenderOptions())


@pytest.fixture(scope="module")
def archive_bytes(example: Draft) -> bytes:
    return _render(example, RenderOptions(archive=True))


@pytest.fixture(scope="module")
def accessible(accessible_bytes: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(accessible_bytes))


@pytest.fixture(scope="module")
def archive(archive_bytes: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(archive_bytes))


@pytest.fixture(params=["accessible", "archive"])
def either(request) -> pikepdf.Pdf:
    """Rules both kinds of PDF must keep."""
    return request.getfixturevalue(request.param)


@pytest.fixture(params=["accessible_bytes", "archive_bytes"])
def either_file(request, tmp_path) -> Path:
    path = tmp_path / f"{request.param}.pdf"
    path.write_bytes(request.getfixturevalue(request.param))
    return path


# --- reading a PDF's structure -----------------------------------------------------------------


def xmp(pdf: pikepdf.Pdf) -> dict[str, object]:
    """The XMP packet's properties, read only (a ``with`` block would rewrite the Info dates)."""
    return dict(pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False).items())


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    """The number tree from a page's StructParents to its MCID-to-element array."""
    found: dict[int, pikepdf.Object] = {}

    def walk(node: pikepdf.Dictionary) -> None:
        nums = node.get("/Nums", pikepdf.Array())
        for i in range(0, len(nums), 2):
            found[int(nums[i])] = nums[i + 1]
        for kid in node.get("/Kids", pikepdf.Array()):
            walk(kid)

    walk(pdf.Root.StructTreeRoot.ParentTree)
    return found


def image_drawings(pdf: pikepdf.Pdf) -> Iterator[tuple[int, tuple, tuple]]:
    """(page number, image objgen, marked-content stack) for every image drawn, through forms."""

    def walk(content, resources, outer: list) -> Iterator[tuple[tuple, tuple]]:
        stack = list(outer)
        for instruction in pikepdf.parse_content_stream(content):
            operator = str(instruction.operator)
            operands = instruction.operands
            if operator == "BMC":
                stack.append((str(operands[0]), None))
            elif operator == "BDC":
                properties = operands[1]
                if isinstance(properties, pikepdf.Name):
                    properties = resources.Properties[properties]
                mcid = properties.get("/MCID")
                stack.append((str(operands[0]), None if mcid is None else int(mcid)))
            elif operator == "EMC":
                stack.pop()
            elif operator == "INLINE IMAGE":
                yield ("inline",), tuple(stack)
            elif operator == "Do":
                xobject = resources.XObject[operands[0]]
                if xobject.Subtype == "/Image":
                    yield xobject.objgen, tuple(stack)
                elif xobject.Subtype == "/Form":
                    inner = xobject.get("/Resources", resources)
                    yield from walk(xobject, inner, stack)

    for number, page in enumerate(pdf.pages):
        for objgen, stack in walk(page.obj, page.Resources, []):
            yield number, objgen, stack


def structure_elements_under(element: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    """The structure elements inside ``element`` (not itself)."""
    for kid in element.get("/K", pikepdf.Array()):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from structure_elements_under(kid)


def marked_content_ids(element: pikepdf.Dictionary) -> list[int]:
    """Every MCID an element and the elements inside it hold: the text it reads out."""
    found = []
    for kid in element.get("/K", pikepdf.Array()):
        if isinstance(kid, int):
            found.append(int(kid))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.extend(marked_content_ids(kid))
    return found


def text_of(pdf_bytes: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


# --- PDF/UA-1: what a screen reader needs ------------------------------------------------------


def test_the_default_pdf_is_tagged_pdf_ua_1_in_british_english(accessible) -> None:
    root = accessible.Root
    assert xmp(accessible)["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
    assert "/StructTreeRoot" in root
    assert bool(root.MarkInfo.Marked) is True
    assert str(root.Lang) == "en-GB"
    assert all(page.obj.get("/Tabs") == "/S" for page in accessible.pages)


def test_the_viewer_shows_the_charter_title_not_the_file_name(either, example) -> None:
    title = example.charter.title
    assert bool(either.Root.ViewerPreferences.DisplayDocTitle) is True
    assert str(either.docinfo.Title) == title
    assert xmp(either)["{http://purl.org/dc/elements/1.1/}title"] == title


def test_both_kinds_are_tagged_with_headings_that_never_skip_a_level(either) -> None:
    levels = [
        int(str(e.S)[2]) for e in structure_elements(either) if re.fullmatch(r"/H[1-6]", str(e.S))
    ]
    assert levels and levels[0] == 1
    skips = [(a, b) for a, b in pairwise(levels) if b > a + 1]
    assert not skips, f"a heading level is skipped: {skips}"


def test_every_figure_says_what_it_shows_and_logos_name_their_partner(either, example) -> None:
    alts = []
    for element in structure_elements(either):
        if element.S == "/Figure":
            assert str(element.get("/Alt", "")).strip(), "a figure has no alternative text"
            alts.append(str(element.Alt))
    with_logos = [p.name for p in example.charter.partners if p.logo]
    assert with_logos
    unnamed = [name for name in with_logos if not any(name in alt for alt in alts)]
    assert not unnamed, f"logos without their partner's name in the alt text: {unnamed}"


def test_every_image_is_a_described_figure_or_marked_as_decoration(either) -> None:
    figures = parent_tree(either)
    drawn = set()
    for page_number, image, stack in image_drawings(either):
        drawn.add(image)
        if any(tag == "/Artifact" for tag, _ in stack):
            continue
        mcid = next((mcid for _, mcid in reversed(stack) if mcid is not None), None)
        assert mcid is not None, f"an image on page {page_number + 1} is not tagged at all"
        struct_parents = int(either.pages[page_number].obj.StructParents)
        element = figures[struct_parents][mcid]
        assert element.S == "/Figure", f"an image on page {page_number + 1} is not a figure"
        assert str(element.get("/Alt", "")).strip(), f"a figure on page {page_number + 1}"
    images = {
        obj.objgen
        for obj in either.objects
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
    }
    masks = {
        obj[key].objgen
        for obj in either.objects
        if isinstance(obj, pikepdf.Stream)
        for key in ("/SMask", "/Mask")
        if isinstance(obj.get(key), pikepdf.Stream)
    }
    assert drawn, "the worked example has logos, so some image must be drawn"
    assert images - masks <= drawn, "an image is in the file but never drawn where it is checked"


def test_running_heads_and_page_numbers_are_skipped_not_read_out(either) -> None:
    """Tagged content is all in the structure tree; page furniture is a pagination artifact."""
    reachable = {element.objgen for element in structure_elements(either)}
    mappings = parent_tree(either)
    for number, page in enumerate(either.pages):
        mapping = mappings[int(page.obj.StructParents)]
        stray = [
            mcid
            for mcid, element in enumerate(mapping)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
        ]
        assert not stray, f"page {number + 1}: content tagged outside the structure tree"
        pagination = [
            instruction
            for instruction in pikepdf.parse_content_stream(page)
            if str(instruction.operator) == "BDC"
            and instruction.operands[0] == "/Artifact"
            and instruction.operands[1].get("/Type") == "/Pagination"
        ]
        if number > 0:  # the cover has no running head
            assert pagination, f"page {number + 1} has no running head or page number"


def test_links_are_tagged_and_described(either) -> None:
    links = [
        annot
        for page in either.pages
        for annot in page.obj.get("/Annots", pikepdf.Array())
        if annot.get("/Subtype") == "/Link"
    ]
    assert links, "the contents page links to each section"
    assert all("/StructParent" in link and str(link.get("/Contents", "")) for link in links)


def test_each_contents_entry_is_one_link_read_out_as_it_reads(either, either_file) -> None:
    """A screen reader hears "Shared purpose, page 5", never an anchor such as "purpose"."""
    contents_page = either.pages[1]
    page_text = " ".join(pypdf.PdfReader(either_file).pages[1].extract_text().split())
    links = [a for a in contents_page.obj.get("/Annots", ()) if a.get("/Subtype") == "/Link"]
    # One link for each section listed: title, dots and page number together.
    assert len(links) == len(re.findall(r"\.{5,} ?\d+", page_text)) == 7
    targets = {name: dest for name, dest in pikepdf.NameTree(either.Root.Names.Dests).items()}
    page_numbers = {page.objgen: n for n, page in enumerate(either.pages, start=1)}
    for link in links:
        described, anchor = str(link.Contents), str(link.Dest)
        title, _, number = described.rpartition(", page ")
        assert described != anchor and title and title != anchor
        assert re.search(re.escape(title) + r" ?\.{5,} ?" + number + r"\b", page_text), described
        assert int(number) == page_numbers[targets[anchor][0].objgen], described
    # The dot leader is layout: no link in the structure tree reads out its dots.
    for element in structure_elements(either):
        if element.S == "/Link":
            objrs = [
                k
                for k in element.K
                if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
            ]
            assert len(objrs) == 1
            nested = [e for e in structure_elements_under(element) if e.S == "/Link"]
            assert not nested, "a link inside a link"
            assert len(marked_content_ids(element)) < 5, "the leader's dots are read out"


# --- fonts: the bundled family and nothing else -----------------------------------------------


def embedded_fonts(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Dictionary | None]]:
    """(BaseFont, FontDescriptor) for every font object anywhere in the file."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        if obj.get("/Subtype") == "/Type0":
            descendant = obj.DescendantFonts[0]
            yield str(obj.BaseFont), descendant.get("/FontDescriptor")
        elif obj.get("/Subtype") in ("/TrueType", "/Type1", "/MMType1"):
            yield str(obj.BaseFont), obj.get("/FontDescriptor")
        elif obj.get("/Subtype") == "/Type3":
            yield f"/Type3 font {obj.objgen}", None


def test_only_the_bundled_font_is_embedded_whole_or_subset(either) -> None:
    fonts = list(embedded_fonts(either))
    assert fonts
    for base_font, descriptor in fonts:
        name = base_font.lstrip("/").split("+", 1)[-1]
        assert name.startswith(FONT_FAMILY_PREFIX), f"{base_font} is not the bundled font"
        assert descriptor is not None, f"{base_font} has no descriptor"
        program = next(
            (descriptor[k] for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in descriptor),
            None,
        )
        assert program is not None, f"{base_font} is not embedded"
        font = TTFont(io.BytesIO(program.read_bytes()))
        assert font["name"].getDebugName(6) in BUNDLED_FONTS, f"{base_font} is another font"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler's pdffonts is not installed")
def test_pdffonts_finds_every_font_embedded(either_file) -> None:
    out = subprocess.run(
        ["pdffonts", str(either_file)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        assert row[0].split("+", 1)[-1].startswith(FONT_FAMILY_PREFIX), row
        # name, type words..., encoding, emb, sub, uni, object id, generation
        assert row[-5] == "yes", f"{row[0]} is not embedded"


def test_the_bundled_font_has_every_character_a_charter_typically_uses() -> None:
    for path in (paths.resources_dir() / "fonts").glob("*.ttf"):
        cmap = TTFont(path).getBestCmap()
        missing = [c for c in TYPICAL_CHARACTERS if ord(c) not in cmap]
        assert not missing, f"{path.name} lacks {''.join(missing)}"


def test_text_with_accents_and_symbols_stays_in_the_bundled_font_and_reads_back() -> None:
    # Mostly empty, so "Not yet written" appears in italics beside the bold headings.
    draft = Draft(
        charter=Charter(
            title="Ŵyr Môn – “Cydweithio” Charter",
            partnership=Partnership(name="Ynys Môn & Gwynedd Partnership", place="Bangor"),
            partners=[Partner(name="Søren Łukasz Ñúñez Trust"), Partner(name="Zoë’s Café")],
            purpose=SharedPurpose(vision="Save £2m and €1m… for “everyone’s” care — ½ by 2030."),
        )
    )
    fetcher = CharterFetcher(draft.media)
    data = render_pdf(draft, fetcher=fetcher)
    assert fetcher.refused == []
    assert any(url.endswith("/resources/fonts/SourceSans3-It.ttf") for url in fetcher.fetched)
    pdf = pikepdf.open(io.BytesIO(data))
    for base_font, _ in embedded_fonts(pdf):
        assert base_font.lstrip("/").split("+", 1)[-1].startswith(FONT_FAMILY_PREFIX), base_font
    styles = {base.split("+", 1)[-1] for base, _ in embedded_fonts(pdf)}
    assert any("Italic" in style for style in styles), styles
    text = text_of(data)
    for words in ("Ŵyr Môn – “Cydweithio” Charter", "Zoë’s Café", "£2m and €1m…", "½ by 2030"):
        assert words in text


# --- PDF/A-3u: the archive copy with the charter's data ---------------------------------------


def test_the_archive_is_pdf_a_3u_with_an_srgb_output_intent(archive) -> None:
    meta = xmp(archive)
    assert meta["{http://www.aiim.org/pdfa/ns/id/}part"] == "3"
    assert meta["{http://www.aiim.org/pdfa/ns/id/}conformance"] == "U"
    (intent,) = archive.Root.OutputIntents
    assert intent.S == "/GTS_PDFA1"
    assert int(intent.DestOutputProfile.N) == 3
    assert "sRGB" in str(intent.OutputConditionIdentifier)
    assert "/ID" in archive.trailer


def test_the_archive_carries_the_drafts_charter_json_as_its_source(archive, example) -> None:
    assert list(archive.attachments) == ["charter.json"]
    spec = archive.attachments["charter.json"]
    data = spec.get_file().read_bytes()
    assert data == dumps_charter(example.charter)
    assert Charter.model_validate(json.loads(data)["charter"]) == example.charter
    assert spec.obj.AFRelationship == "/Source"
    assert spec.obj.EF.F.Subtype == "/application/json"
    assert [f.objgen for f in archive.Root.AF] == [spec.obj.objgen]


def test_board_papers_carry_the_charter_json_too(accessible, example) -> None:
    # Every PDF carries the text its signatures were given against (see signing.py).
    assert list(accessible.attachments) == ["charter.json"]
    data = accessible.attachments["charter.json"].get_file().read_bytes()
    assert data == dumps_charter(example.charter)


def test_the_archive_is_as_accessible_as_board_papers(archive) -> None:
    assert bool(archive.Root.MarkInfo.Marked) is True
    assert str(archive.Root.Lang) == "en-GB"


# --- metadata -------------------------------------------------------------------------------


def test_document_properties_name_the_partnership_vision_and_place(either, example) -> None:
    charter = example.charter
    info = either.docinfo
    assert str(info.Author) == charter.partnership.name
    assert str(info.Subject) == " ".join(charter.purpose.vision.split())
    keywords = f"partnership charter; integrated care system; {charter.partnership.place}"
    assert str(info.Keywords) == keywords
    assert str(info.Creator) == f"Charter Builder {__version__}"
    meta = xmp(either)
    assert meta["{http://purl.org/dc/elements/1.1/}creator"] == [charter.partnership.name]
    assert meta["{http://ns.adobe.com/pdf/1.3/}Keywords"] == keywords
    assert meta["{http://ns.adobe.com/xap/1.0/}CreatorTool"] == f"Charter Builder {__version__}"


def test_dates_come_from_source_date_epoch_so_builds_repeat(either, example) -> None:
    assert str(either.docinfo.CreationDate) == PDF_DATE
    assert str(either.docinfo.ModDate) == PDF_DATE
    meta = xmp(either)
    assert meta["{http://ns.adobe.com/xap/1.0/}CreateDate"] == XMP_DATE
    assert meta["{http://ns.adobe.com/xap/1.0/}ModifyDate"] == XMP_DATE
    for spec in either.attachments.values():
        assert str(spec.obj.EF.F.Params.ModDate) == PDF_DATE


def test_the_same_charter_at_the_same_time_gives_the_same_bytes(archive_bytes, example) -> None:
    assert _render(example, RenderOptions(archive=True)) == archive_bytes


def test_without_source_date_epoch_the_pdf_is_dated_now(monkeypatch, example) -> None:
    monkeypatch.delenv(SOURCE_DATE_EPOCH, raising=False)
    before = datetime.now(UTC).replace(microsecond=0)
    created = datetime.fromisoformat(pdf_metadata(example.charter).created)
    assert before <= created <= datetime.now(UTC)
    monkeypatch.setenv(SOURCE_DATE_EPOCH, "next Tuesday")
    assert build_time() >= before


def test_an_untitled_charter_still_has_a_title_and_subject() -> None:
    meta = pdf_metadata(Charter(title="  "), datetime(2026, 1, 2, tzinfo=UTC))
    assert (meta.title, meta.subject, meta.author) == ("System charter", "Partnership charter", "")
    assert meta.keywords == "partnership charter; integrated care system"
    assert meta.created == "2026-01-02T00:00:00Z"


# --- checks by other tools ---------------------------------------------------------------------


def test_qpdf_finds_no_damage_in_either_kind(either, either_file) -> None:
    assert either.check_pdf_syntax() == []
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed; pikepdf's own check passed")
    result = subprocess.run(["qpdf", "--check", str(either_file)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


# --- choosing from the command line and the worker -------------------------------------------


def test_cli_makes_an_archive_without_contributions(tmp_path, capsys, example) -> None:
    draft, out = tmp_path / "wyvern.charter", tmp_path / "wyvern.pdf"
    save_draft(example, draft)
    args = ["render", str(draft), "-o", str(out), "--archive", "--without-contributions"]
    assert main(args) == 0
    assert "archival PDF (PDF/A-3u)" in capsys.readouterr().out
    data = out.read_bytes()
    pdf = pikepdf.open(io.BytesIO(data))
    assert xmp(pdf)["{http://www.aiim.org/pdfa/ns/id/}part"] == "3"
    text = text_of(data)
    assert "Contributions and losses" not in text
    losses = next(c.losses for c in example.charter.contributions if c.losses.strip())
    assert losses.split(".")[0] not in text
    attached = json.loads(pdf.attachments["charter.json"].get_file().read_bytes())
    assert attached["charter"]["contributions"] == []
    assert (
        attached["charter"]["partners"]
        == json.loads(dumps_charter(example.charter))["charter"]["partners"]
    )


def test_the_full_pdf_does_include_contributions(accessible_bytes) -> None:
    """The other half of the CLI test: the section is there unless it is left out."""
    assert "Contributions and losses" in text_of(accessible_bytes)


def test_the_worker_passes_the_archive_choice_on() -> None:
    options = options_from({"archive": True, "include_contributions": False})
    assert options == RenderOptions(include_contributions=False, archive=True)
    assert options_from({}) == RenderOptions()

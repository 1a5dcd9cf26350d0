"""The PDF a board would print: complete, paginated, and safe from hostile text."""

from __future__ import annotations

import errno
import http.server
import io
import os
import re
import stat
import threading
import time
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from charter_builder import paths
from charter_builder.charter.model import (
    Behaviour,
    Charter,
    Commitment,
    Contribution,
    EscalationStep,
    Governance,
    Horizon,
    Measure,
    Partner,
    PartnerKind,
    Partnership,
    Principle,
    Representative,
    SharedPurpose,
)
from charter_builder.drafts.draft import Draft
from charter_builder.errors import RenderError
from charter_builder.render import (
    CharterFetcher,
    RenderOptions,
    render_html,
    render_pdf,
    write_pdf,
)
from charter_builder.render.pdf import html_to_pdf

# --- helpers -------------------------------------------------------------------------------


def logo_png(colour: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (240, 120), colour)
    for x in range(40, 200):
        for y in range(50, 70):
            image.putpixel((x, y), (255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def rich_draft() -> Draft:
    """A charter with something in every section, as a partnership would write it."""
    draft = Draft()
    partners = [
        Partner(
            name="Riverside Hospitals NHS Foundation Trust",
            kind=PartnerKind.NHS_TRUST,
            representative=Representative(
                name="Amira Shah", role="Chief executive", email="amira.shah@nhs.example"
            ),
            logo=draft.add_image(logo_png((0, 94, 184))),
        ),
        Partner(
            name="Riverside City Council",
            kind=PartnerKind.LOCAL_AUTHORITY,
            representative=Representative(name="Tom Okafor", role="Director of adult services"),
            logo=draft.add_image(logo_png((0, 150, 57))),
        ),
        Partner(name="Riverside Primary Care Network", kind=PartnerKind.PRIMARY_CARE),
        Partner(name="Voices for Riverside", kind=PartnerKind.VCSE),
    ]
    charter = Charter(
        title="Riverside System Charter",
        version="1.2",
        partnership=Partnership(
            name="Riverside Health and Care Partnership",
            place="Riverside and the Vale",
            population="About 420,000 people.\n\nOne in five lives in the most deprived areas.",
            scope="Community services, urgent care and support for people at home.",
            effective_date=date(2026, 4, 1),
            review_date=date(2027, 3, 31),
        ),
        partners=partners,
        purpose=SharedPurpose(
            vision="Everyone in Riverside lives well, at home, for longer.",
            why="Because our residents see one system, not four organisations.",
            how="By deciding together, close to the people we serve.",
            what="Joined-up care at home, one front door, shared data.",
        ),
        principles=[
            Principle(
                title="Best for residents, best for the system",
                meaning="We judge each decision by what it does for residents.",
                behaviours=[
                    Behaviour(text="We bring the resident's story to every board."),
                    Behaviour(text="We share budgets where it helps people."),
                ],
            ),
            Principle(title="Do the work once", meaning="One assessment, shared."),
        ],
        commitments=[
            Commitment(
                title="One front door for urgent help at home",
                description="A single number, answered by a joint team.",
                owners=[partners[0].id, partners[1].id],
                horizon=Horizon.THREE_YEARS,
                measures=[Measure(text="Nine in ten calls answered in a minute.")],
                review_date=date(2027, 1, 15),
            ),
            Commitment(title="Shared care record", owners=[partners[2].id]),
        ],
        contributions=[
            Contribution(
                partner_id=partners[0].id,
                brings="Clinical teams and estate.",
                autonomy_given_up="Sole control of community budgets.",
                losses="Staff may miss their familiar teams.",
                support="Joint induction and a named buddy.",
            )
        ],
        governance=Governance(
            decision_making="By consensus; each partner's board keeps its statutory duties.",
            meeting_rhythm="Monthly, in public, rotating venues.",
            gemba_visits="Board members spend a morning with a front-line team each quarter.",
            conflict_steps=[
                EscalationStep(text="The people involved talk it through."),
                EscalationStep(text="Chief executives meet within two weeks."),
                EscalationStep(text="An independent facilitator helps."),
            ],
            review_and_variation="Reviewed every year; changed only with every partner's consent.",
            joining_and_leaving="Join by signing; leave with six months' notice.",
        ),
    )
    draft.charter = charter
    return draft


def pages_text(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [page.extract_text() or "" for page in reader.pages]


def squash(text: str) -> str:
    """Text with all whitespace removed: pypdf breaks lines wherever the layout does."""
    return re.sub(r"\s+", "", text)


def tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def in_bundle(url: str) -> bool:
    if url.startswith(("data:", "charter-media:")):
        return True
    if not url.startswith("file:"):
        return False
    path = Path(url.removeprefix("file://")).resolve()
    roots = (paths.templates_dir().resolve(), paths.resources_dir().resolve())
    return any(path.is_relative_to(root) for root in roots)


@pytest.fixture(scope="module")
def rich_pdf() -> tuple[bytes, CharterFetcher]:
    draft = rich_draft()
    fetcher = CharterFetcher(draft.media)
    return render_pdf(draft, fetcher=fetcher), fetcher


@pytest.fixture(scope="module")
def rich_pages(rich_pdf) -> list[str]:
    return pages_text(rich_pdf[0])


class RecordingServer:
    """A real HTTP server on 127.0.0.1 that remembers every request it gets."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(logo_png((255, 0, 0)))

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/x.png"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> RecordingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- the complete PDF ----------------------------------------------------------------------


def test_pdf_is_a4_titled_and_has_bookmarks_for_each_section(rich_pdf):
    reader = pypdf.PdfReader(io.BytesIO(rich_pdf[0]))
    assert reader.metadata.title == "Riverside System Charter"
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    titles = {item.title for item in reader.outline if not isinstance(item, list)}
    assert {"Contents", "The partnership", "Governance", "Signatures"} <= titles


def test_cover_shows_title_partnership_version_date_and_draft_status(rich_pages):
    cover = tidy(rich_pages[0])
    for words in (
        "Riverside System Charter",
        "Riverside Health and Care Partnership",
        "Riverside and the Vale",
        "1.2",
        "1 April 2026",
        "Draft",
    ):
        assert words in cover
    assert "Page 1 of" not in cover, "the cover has no running footer"


def test_contents_page_numbers_match_where_sections_start(rich_pages):
    contents = tidy(rich_pages[1])
    assert "Contents" in contents
    headings = {
        "The partnership": "Population served",
        "Shared purpose": "Everyone in Riverside lives well",
        "Principles": "Best for residents",
        "Commitments": "One front door",
        "Contributions and losses": "What we bring",
        "Governance": "How decisions are made",
        "Signatures": "Approved by the board on",
    }
    for heading, marker in headings.items():
        found = re.search(re.escape(heading) + r"[\s.]*(\d+)", contents)
        assert found, f"{heading} missing from contents: {contents}"
        printed = int(found.group(1))
        page_text = tidy(rich_pages[printed - 1])
        assert heading in page_text and marker in page_text, (heading, printed)


def test_every_page_after_the_cover_has_header_and_page_n_of_m_footer(rich_pages):
    total = len(rich_pages)
    assert total >= 9
    for number, text in enumerate(rich_pages[1:], start=2):
        text = tidy(text)
        assert f"Page {number} of {total}" in text
        assert "Riverside System Charter · Riverside Health and Care Partnership" in text
        assert "Version 1.2" in text


def test_sections_show_what_the_partnership_wrote(rich_pages):
    body = tidy(" ".join(rich_pages))
    for words in (
        "NHS trust",
        "Local authority",
        "Amira Shah",
        "Director of adult services",
        "amira.shah@nhs.example",
        "Everyone in Riverside lives well",
        "We share budgets where it helps people.",
        "Within three years",
        "Riverside Hospitals NHS Foundation Trust, Riverside City Council",
        "15 January 2027",
        "Nine in ten calls answered in a minute.",
        "Staff may miss their familiar teams.",
        "Chief executives meet within two weeks.",
        "Join by signing; leave with six months' notice.",
    ):
        assert words in body, words
    # Golden circle: vision first, then why, how and what.
    purpose = body[body.index("Everyone in Riverside lives well") :]
    assert (
        purpose.index("Because our residents")
        < purpose.index("By deciding together")
        < purpose.index("Joined-up care at home")
    )
    # Conflict steps are a numbered list, in order.
    governance = tidy(next(t for t in rich_pages if "How decisions are made" in t))
    assert (
        governance.index("The people involved")
        < governance.index("Chief executives meet")
        < governance.index("An independent facilitator")
    )
    assert all(marker in governance for marker in ("1.", "2.", "3."))


def test_signatures_page_has_a_block_for_every_partner(rich_pages):
    start = next(i for i, t in enumerate(rich_pages) if "Approved by the board on" in t)
    signatures = tidy(" ".join(rich_pages[start:]))
    for partner in rich_draft().charter.partners:
        assert partner.name in signatures
    assert signatures.count("Approved by the board on") == 4
    assert signatures.count("minute ref") == 4
    for caption in ("Signature", "Name", "Role", "Date"):
        assert caption in signatures


def test_logos_are_drawn_from_the_draft_and_nothing_else_is_read(rich_pdf):
    pdf, fetcher = rich_pdf
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages[0].images) == 2
    media = [url for url in fetcher.fetched if url.startswith("charter-media:")]
    assert len(media) == 2
    assert fetcher.refused == []
    assert all(in_bundle(url) for url in fetcher.fetched), fetcher.fetched


def test_leaving_out_contributions_removes_the_section_and_its_contents_entry():
    pdf = render_pdf(rich_draft(), RenderOptions(include_contributions=False))
    text = tidy(" ".join(pages_text(pdf)))
    assert "Contributions and losses" not in text
    assert "Staff may miss their familiar teams." not in text
    assert "Governance" in text


def test_blank_charter_renders_tidily_with_not_yet_written():
    pdf = render_pdf(Draft())
    pages = pages_text(pdf)
    text = tidy(" ".join(pages))
    assert text.count("Not yet written") >= 15
    assert "System charter" in text
    total = len(pages)
    assert f"Page {total} of {total}" in tidy(pages[-1])
    assert "Signatures" in tidy(pages[-1])


def test_write_pdf_saves_atomically_and_replaces_an_old_file(tmp_path):
    target = tmp_path / "charter.pdf"
    target.write_bytes(b"old")
    write_pdf(rich_draft(), target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["charter.pdf"]


def test_write_pdf_into_a_missing_folder_explains_in_plain_words(tmp_path):
    with pytest.raises(RenderError, match="does not exist"):
        write_pdf(Draft(), tmp_path / "nowhere" / "charter.pdf")


def test_write_pdf_over_a_folder_says_so_and_leaves_it_alone(tmp_path):
    blocker = tmp_path / "charter.pdf"
    blocker.mkdir()
    with pytest.raises(RenderError, match="there is already a folder with that name"):
        write_pdf(Draft(), blocker)
    assert [p.name for p in tmp_path.iterdir()] == ["charter.pdf"]
    assert blocker.is_dir()


def test_write_pdf_that_cannot_replace_the_target_keeps_the_old_pdf(tmp_path, monkeypatch):
    target = tmp_path / "charter.pdf"
    target.write_bytes(b"%PDF- the board papers")

    def open_elsewhere(*_args):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", open_elsewhere)
    with pytest.raises(RenderError, match="open in another program") as caught:
        write_pdf(Draft(), target)
    monkeypatch.undo()
    assert "Errno" not in str(caught.value)
    assert target.read_bytes() == b"%PDF- the board papers"
    assert [p.name for p in tmp_path.iterdir()] == ["charter.pdf"]


@pytest.mark.skipif(os.name != "posix", reason="umask is a POSIX idea")
def test_a_pdf_can_be_opened_by_colleagues_and_keeps_the_permissions_it_had(tmp_path):
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.pdf"
        write_pdf(Draft(), fresh)
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "kept.pdf"
        kept.write_bytes(b"old")
        kept.chmod(0o640)
        write_pdf(Draft(), kept)
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
        assert kept.read_bytes().startswith(b"%PDF-")
    finally:
        os.umask(old)


# --- hostile text --------------------------------------------------------------------------

HOSTILE_NAME = '<b>x</b>{{ 7*7 }}<img src="file:///etc/passwd">'


def hostile_draft(http_url: str) -> Draft:
    """Every text field holds markup, template syntax or a reference to a URL."""
    nasty = [
        HOSTILE_NAME,
        "{% raw %}{{ config }}{% endraw %}{{ 7*7 }}",
        f'<img src="{http_url}"><link rel="stylesheet" href="{http_url}">',
        '<iframe src="file:///etc/passwd"></iframe><style>@import "file:///etc/passwd";</style>',
        f"</p></section><script>fetch('{http_url}')</script>",
        f'<a href="{http_url}">url({http_url})</a> background: url(file:///etc/passwd)',
    ]
    cycle = iter(nasty * 40)

    def text() -> str:
        return next(cycle)

    partner = Partner(
        name=HOSTILE_NAME,
        representative=Representative(name=text(), role=text(), email=text()),
    )
    other = Partner(name=text(), representative=Representative(name=text()))
    charter = Charter(
        title=text(),
        version=text(),
        partnership=Partnership(name=text(), place=text(), population=text(), scope=text()),
        partners=[partner, other],
        purpose=SharedPurpose(vision=text(), why=text(), how=text(), what=text()),
        principles=[Principle(title=text(), meaning=text(), behaviours=[Behaviour(text=text())])],
        commitments=[
            Commitment(
                title=text(),
                description=text(),
                owners=[partner.id],
                measures=[Measure(text=text())],
            )
        ],
        contributions=[
            Contribution(
                partner_id=partner.id,
                brings=text(),
                autonomy_given_up=text(),
                losses=text(),
                support=text(),
            )
        ],
        governance=Governance(
            decision_making=text(),
            meeting_rhythm=text(),
            gemba_visits=text(),
            conflict_steps=[EscalationStep(text=text())],
            review_and_variation=text(),
            joining_and_leaving=text(),
        ),
    )
    return Draft(charter=charter)


def test_markup_and_template_syntax_in_every_field_print_literally_and_fetch_nothing():
    with RecordingServer() as server:
        draft = hostile_draft(server.url)
        fetcher = CharterFetcher(draft.media)
        pdf = render_pdf(draft, fetcher=fetcher)
        time.sleep(0.2)
        assert server.requests == []
    text = " ".join(pages_text(pdf))
    flat = squash(text)
    assert squash(HOSTILE_NAME) in flat
    assert squash("{% raw %}{{ config }}{% endraw %}{{ 7*7 }}") in flat
    assert squash(f'<img src="{server.url}">') in flat
    assert squash("<script>fetch(") in flat
    # {{ 7*7 }} was never evaluated. The server's port number and the printed
    # fingerprint (hex, random per run) may themselves contain 49.
    without_noise = re.sub(r"[0-9a-f]{16,}", "", flat.replace(str(server.server.server_port), ""))
    assert "49" not in without_noise
    assert fetcher.refused == []
    assert all(in_bundle(url) for url in fetcher.fetched), fetcher.fetched
    assert not any("passwd" in url for url in fetcher.fetched)


def test_hostile_html_reaching_the_engine_still_cannot_fetch(tmp_path):
    """Belt and braces: even raw markup handed to WeasyPrint cannot leave the bundle."""
    outside = tmp_path / "secret.css"
    outside.write_text("body { background: red }")
    with RecordingServer() as server:
        html = (
            f'<link rel="stylesheet" href="{server.url}">'
            f'<link rel="stylesheet" href="{outside.as_uri()}">'
            f'<img src="{server.url}"><img src="file:///etc/passwd">'
            f'<img src="ftp://127.0.0.1/x.png"><img src="charter-media:media/{"0" * 64}.png">'
            f'<div style="background: url({server.url})">x</div>'
        )
        fetcher = CharterFetcher({})
        pdf = html_to_pdf(html, fetcher)
        time.sleep(0.2)
        assert server.requests == []
    assert pdf.startswith(b"%PDF-")
    assert fetcher.fetched == []
    assert server.url in fetcher.refused
    assert outside.as_uri() in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert "ftp://127.0.0.1/x.png" in fetcher.refused


def test_html_escapes_user_text_and_keeps_line_breaks():
    draft = Draft(
        charter=Charter(purpose=SharedPurpose(vision="First line\nsecond <b>line</b>\n\nNext"))
    )
    html = render_html(draft)
    assert "<p>First line<br>second &lt;b&gt;line&lt;/b&gt;</p>" in html
    assert "<p>Next</p>" in html


def test_control_characters_pasted_into_fields_are_left_out_of_the_pdf():
    """A stray control code would print as a box and can garble copying the page's text."""
    draft = Draft(
        charter=Charter(
            title="Riverside\x01 System\x7f Charter",
            partnership=Partnership(name="Riverside\x0b Partnership"),
            purpose=SharedPurpose(vision="Live\x00 well", why="Because\x08 we care."),
        )
    )
    html = render_html(draft)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html)
    pages = [tidy(text) for text in pages_text(render_pdf(draft))]
    assert "Riverside System Charter · Riverside Partnership" in pages[1]
    assert "Live well" in " ".join(pages)
    assert not any("\x00" in text for text in pages)


# --- the fetcher ---------------------------------------------------------------------------


@pytest.fixture()
def bundle(tmp_path) -> tuple[Path, Path]:
    root = tmp_path / "bundle"
    root.mkdir()
    (root / "style.css").write_text("p { color: blue }")
    (root / "fonts").mkdir()
    (root / "fonts" / "a.txt").write_text("inside")
    secret = tmp_path / "secret.txt"
    secret.write_text("outside")
    return root, secret


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.org/logo.png",
        "HTTP://example.org/logo.png",
        "ftp://example.org/logo.png",
        "file:///etc/passwd",
        "file://otherhost/share/logo.png",
        "gopher://example.org/",
        "charter-media:media/../../etc/passwd",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_anything_outside_the_bundle(url, bundle):
    root, _ = bundle
    fetcher = CharterFetcher({}, allowed_dirs=[root])
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.fetched == []


def test_fetcher_refuses_dot_dot_and_symlink_escapes(bundle):
    root, secret = bundle
    (root / "link.txt").symlink_to(secret)
    (root / "linkdir").symlink_to(secret.parent)
    fetcher = CharterFetcher({}, allowed_dirs=[root])
    escapes = [
        root.as_uri() + "/../secret.txt",
        root.as_uri() + "/fonts/../../secret.txt",
        root.as_uri() + "/%2e%2e/secret.txt",
        (root / "link.txt").as_uri(),
        (root / "linkdir").as_uri() + "/secret.txt",
        root.as_uri() + "/missing.css",
        root.as_uri() + "/fonts",
    ]
    for url in escapes:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.refused == escapes
    assert fetcher.fetched == []


def test_fetcher_serves_bundled_files_data_urls_and_draft_images(bundle):
    root, _ = bundle
    png = logo_png((1, 2, 3))
    draft = Draft()
    name = draft.add_image(png)
    fetcher = CharterFetcher(draft.media, allowed_dirs=[root])

    css = fetcher.fetch((root / "style.css").as_uri())
    assert css.read() == b"p { color: blue }"
    assert css.content_type == "text/css"
    assert fetcher.fetch((root / "fonts" / "a.txt").as_uri() + "?v=1").read() == b"inside"

    data = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert data.read() == b"hello"

    image = fetcher.fetch(f"charter-media:{name}")
    assert image.read() == png
    assert image.content_type == "image/png"
    assert fetcher.refused == []
    assert len(fetcher.fetched) == 4


def test_default_fetcher_serves_the_real_stylesheet():
    fetcher = CharterFetcher()
    css = fetcher.fetch((paths.templates_dir() / "charter.css").as_uri())
    assert b"@page" in css.read()


# --- speed ---------------------------------------------------------------------------------


def test_two_hundred_partners_render_in_proportion():
    large = rich_draft()
    logo = large.charter.partners[0].logo
    partners = [
        Partner(
            name=f"Partner organisation {n}",
            kind=PartnerKind.VCSE,
            representative=Representative(name=f"Person {n}", role="Director"),
            logo=logo if n % 3 == 0 else None,
        )
        for n in range(200)
    ]
    large.charter = large.charter.model_copy(update={"partners": partners, "contributions": []})
    start = time.perf_counter()
    pdf = render_pdf(large)
    seconds = time.perf_counter() - start
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    # Blocks, not one giant table: about half a page per partner, whatever the count.
    assert pages < 200 * 0.55, pages
    cover = tidy(reader.pages[0].extract_text())
    assert "Partner organisation 24" in cover
    assert "and 175 more partners" in cover
    last = tidy(reader.pages[-1].extract_text())
    assert "Partner organisation 199" in last and f"Page {pages} of {pages}" in last
    assert seconds < 40, seconds  # about 8 s on a quiet machine


# --- the worked example --------------------------------------------------------------------


def test_worked_example_prints_every_partner_principle_and_commitment():
    from charter_builder.drafts.starters import load_starter

    draft = load_starter("example")
    fetcher = CharterFetcher(draft.media)
    start = time.perf_counter()
    pdf = render_pdf(draft, fetcher=fetcher)
    seconds = time.perf_counter() - start
    text = tidy(" ".join(pages_text(pdf)))
    charter = draft.charter
    assert charter.partners and charter.principles and charter.commitments
    names = [p.name for p in charter.partners]
    names += [p.title for p in charter.principles] + [c.title for c in charter.commitments]
    for name in names:
        assert tidy(name) in text, name
    logos = [url for url in fetcher.fetched if url.startswith("charter-media:")]
    assert len(logos) == len({p.logo for p in charter.partners if p.logo})
    assert fetcher.refused == []
    assert seconds < 6, seconds  # about 1.5 s on a quiet machine; generous for shared CI

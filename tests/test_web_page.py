"""The charter as a web page, read back as a browser and a screen reader would.

Every page here is parsed by html5lib (the HTML standard's own parsing rules), and
the accessibility checks run axe-core in a real headless Chromium: see
tests/axe/run_axe.mjs. Those are skipped, saying why, where Chromium, Node or the
npm packages are missing (``make test`` installs them where it may).
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import html5lib
import pytest
from test_pdf_signatures import signed_example
from test_render import HOSTILE_NAME, RecordingServer, hostile_draft

from charter_builder.drafts.draft import Draft
from charter_builder.drafts.starters import load_starter
from charter_builder.errors import RenderError
from charter_builder.render.options import RenderOptions
from charter_builder.render.web_page import html_text, write_html

ROOT = Path(__file__).resolve().parent.parent
AXE_MODULES = ROOT / "build" / "axe"
RUN_AXE = ROOT / "tests" / "axe" / "run_axe.mjs"
NS = "{http://www.w3.org/1999/xhtml}"
#: Attributes that make a browser fetch or go somewhere.
ADDRESS_ATTRIBUTES = (
    "src", "href", "srcset", "poster", "action", "formaction", "data", "xlink:href",
)


def parse(page: str):
    return html5lib.parse(page, namespaceHTMLElements=True)


def tag(element) -> str:
    return element.tag.removeprefix(NS)


def text_of(element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).replace("\u200b", "").strip()


def body_text(page: str) -> str:
    return text_of(parse(page).find(f"{NS}body"))


def headings(root) -> list[tuple[int, str]]:
    return [
        (int(tag(e)[1]), text_of(e))
        for e in root.iter()
        if isinstance(e.tag, str) and re.fullmatch(r"h[1-6]", tag(e))
    ]


def addresses(root) -> list[str]:
    return [
        value
        for element in root.iter()
        for name, value in element.attrib.items()
        if name in ADDRESS_ATTRIBUTES
    ]


def css_urls(root) -> list[str]:
    css = " ".join("".join(s.itertext()) for s in root.iter(f"{NS}style"))
    css += " ".join(e.attrib.get("style", "") for e in root.iter())
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", css)
    return urls + re.findall(r"@import\s+['\"]([^'\"]*)", css)


@pytest.fixture(scope="module")
def example() -> tuple[Draft, str]:
    draft = load_starter("example")
    return draft, html_text(draft)


@pytest.fixture(scope="module")
def signed() -> tuple[Draft, str]:
    draft = signed_example()
    return draft, html_text(draft)


def test_every_partner_principle_and_commitment_is_on_the_page(example):
    draft, page = example
    text = body_text(page)
    charter = draft.charter
    assert charter.title in text
    for partner in charter.partners:
        assert partner.name in text
    for principle in charter.principles:
        assert principle.title in text
    for commitment in charter.commitments:
        assert commitment.title in text
        for measure in commitment.measures:
            assert measure.text in text
    assert charter.governance.conflict_steps[0].text in text
    assert "Contributions and losses" in text


def test_the_page_names_nothing_outside_itself(example, signed):
    for _, page in (example, signed):
        root = parse(page)
        assert root.findall(f".//{NS}script") == [] and root.findall(f".//{NS}link") == []
        ids = {e.attrib["id"] for e in root.iter() if "id" in e.attrib}
        for address in addresses(root):
            if address.startswith("#"):
                assert address[1:] in ids, address
            else:
                assert address.startswith("data:"), address[:80]
        assert all(u.startswith("data:") for u in css_urls(root))


def test_logos_and_signature_pictures_travel_inside_the_page_with_alternative_text(signed):
    draft, page = signed
    pictures = {}
    for img in parse(page).iter(f"{NS}img"):
        assert img.attrib["alt"].strip(), "every picture is described"
        kind, _, data = img.attrib["src"].removeprefix("data:").partition(";base64,")
        pictures[img.attrib["alt"]] = (kind, base64.b64decode(data))
    for partner in draft.charter.partners:
        assert pictures[f"{partner.name} logo"] == ("image/png", draft.media[partner.logo])
    signatures = [alt for alt in pictures if alt.startswith("Signature of")]
    imported = [alt for alt in signatures if not alt.endswith(", drawn")]
    drawn = [alt for alt in pictures if alt.endswith(", drawn")]
    assert imported and drawn
    stored = next(s.image for s in draft.charter.signatures if s.image)
    assert all(pictures[alt] == ("image/png", draft.media[stored]) for alt in imported)
    assert any(kind == "image/svg+xml" for kind, _ in pictures.values())  # the golden circle


def test_a_picture_that_fails_our_checks_is_left_out_as_in_the_pdf(example):
    draft, _ = example
    broken = Draft(charter=draft.charter.model_copy(deep=True), media=dict(draft.media))
    first = broken.charter.partners[0]
    broken.media[first.logo] = b"\x89PNG\r\n\x1a\n not a picture"
    root = parse(html_text(broken))
    alts = [img.attrib["alt"] for img in root.iter(f"{NS}img")]
    assert f"{first.name} logo" not in alts
    assert f"{broken.charter.partners[1].name} logo" in alts
    assert first.name in text_of(root)


def test_language_landmarks_skip_link_and_headings_without_gaps(example):
    _, page = example
    root = parse(page)
    assert root.attrib["lang"] == "en-GB"
    body = root.find(f"{NS}body")
    mains = list(root.iter(f"{NS}main"))
    assert len(mains) == 1
    assert [tag(e) for e in body if tag(e) in ("header", "nav", "main", "footer")] == [
        "header", "nav", "main", "footer",
    ]
    first_link = next(body.iter(f"{NS}a"))
    assert text_of(first_link) == "Skip to the charter"
    assert first_link.attrib["href"] == "#" + mains[0].attrib["id"]
    levels = [level for level, _ in headings(root)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, headings(root)
    chapters = [text for level, text in headings(mains[0]) if level == 2]
    assert chapters == [
        "The partnership", "Shared purpose", "Principles", "Commitments",
        "Contributions and losses", "Governance", "Signatures",
    ]
    nav = next(root.iter(f"{NS}nav"))
    links = [(a.attrib["href"], text_of(a)) for a in nav.iter(f"{NS}a")]
    assert [text for _, text in links] == chapters
    ids = {e.attrib["id"] for e in root.iter() if "id" in e.attrib}
    assert all(href[1:] in ids for href, _ in links)
    meta = {m.attrib.get("name"): m.attrib.get("content") for m in root.iter(f"{NS}meta")}
    assert meta["viewport"] == "width=device-width, initial-scale=1"


def test_leaving_out_contributions_leaves_them_off_the_page_and_its_contents(example):
    draft, _ = example
    page = html_text(draft, RenderOptions(include_contributions=False))
    assert "Contributions and losses" not in body_text(page)
    assert draft.charter.contributions[0].brings.strip()[:40] not in body_text(page)


def test_draft_is_shown_while_unsigned_and_gone_once_every_partner_has_signed(example, signed):
    assert "Draft: not yet signed by every partner." in body_text(example[1])
    assert "not yet signed by every partner" not in body_text(signed[1])
    assert "Signed" in body_text(signed[1])


def test_markup_template_syntax_and_file_addresses_in_every_field_stay_literal(tmp_path):
    with RecordingServer() as server:
        draft = hostile_draft(server.url)
        page = html_text(draft)
        root = parse(page)
        text = text_of(root.find(f"{NS}body"))
        # Shown as typed, never run: no element came from the charter's text.
        assert HOSTILE_NAME in text
        assert "{% raw %}{{ config }}{% endraw %}{{ 7*7 }}" in text
        assert "<script>fetch(" in text and 'href="file:///etc/passwd"' not in page
        assert "url(file:///etc/passwd)" in text
        assert not any(tag(e) in ("script", "iframe", "link", "b") for e in root.iter()
                       if isinstance(e.tag, str))
        assert [img.attrib["src"][:5] for img in root.iter(f"{NS}img")] == ["data:"]
        assert all(a.startswith(("#", "data:")) for a in addresses(root))
        assert all(u.startswith("data:") for u in css_urls(root))
        if browser_missing() is None:
            path = tmp_path / "hostile.html"
            write_html(draft, path)
            [result] = run_axe(tmp_path, path)
            assert result["requests"] == []
        time.sleep(0.2)
        assert server.requests == []


def test_write_html_saves_the_page_whole_and_says_plainly_when_it_cannot(tmp_path, example):
    draft, page = example
    path = tmp_path / "charter.html"
    path.write_text("an older page")
    write_html(draft, path)
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith("<!DOCTYPE html>") and saved.rstrip().endswith("</html>")
    assert body_text(saved) == body_text(page)
    assert [p.name for p in tmp_path.iterdir()] == ["charter.html"]
    with pytest.raises(RenderError, match="does not exist"):
        write_html(draft, tmp_path / "missing" / "charter.html")
    (tmp_path / "folder.html").mkdir()
    with pytest.raises(RenderError, match="already a folder"):
        write_html(draft, tmp_path / "folder.html")


# --- axe-core in a real headless Chromium --------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def browser_missing() -> str | None:
    """Why the browser checks cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return "Chromium is not installed (apt-get install chromium; make test does it as root)"
    if shutil.which("node") is None:
        return "Node.js is not installed"
    for package in ("axe-core", "playwright-core"):
        if not (AXE_MODULES / "node_modules" / package / "package.json").exists():
            return f"{package} is not installed in build/axe (make system-tools installs it)"
    return None


def run_axe(tmp_path: Path, *pages: Path) -> list[dict]:
    # Chromium's profile lock is a Unix socket, whose path may be at most 107 bytes: a test's
    # own folder (deeper still under parallel workers) is too long, so the browser gets a
    # short folder of its own.
    with tempfile.TemporaryDirectory(prefix="axe-") as short:
        env = dict(os.environ, TMPDIR=short, HOME=short)
        done = subprocess.run(
            ["node", str(RUN_AXE), str(AXE_MODULES), CHROMIUM, *map(str, pages)],
            capture_output=True, text=True, timeout=120, env=env, check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def browser() -> None:
    reason = browser_missing()
    if reason:
        pytest.skip(f"axe-core checks skipped: {reason}")


def assert_no_violations(results: list[dict]) -> None:
    for result in results:
        assert result["violations"] == [], json.dumps(result["violations"], indent=1)[:3000]
        assert result["requests"] == []
        # Reads on a phone: nothing makes a 390-pixel-wide screen scroll sideways.
        assert result["phone"] == {"sideways": 0, "wider": []}


def test_axe_core_finds_no_accessibility_problems_in_the_example_unsigned_and_signed(
    browser, tmp_path, example
):
    pages = [tmp_path / "example.html", tmp_path / "signed.html"]
    write_html(example[0], pages[0])
    write_html(signed_example(), pages[1])
    assert_no_violations(run_axe(tmp_path, *pages))


def test_axe_core_finds_no_accessibility_problems_in_a_200_partner_charter(browser, tmp_path):
    from benchmarks.make_charters import LARGE, generated_draft

    large = generated_draft(LARGE)
    assert len(large.charter.partners) == 200
    page = tmp_path / "large.html"
    write_html(large, page)
    assert_no_violations(run_axe(tmp_path, page))


def test_the_axe_check_does_find_problems_when_a_page_has_them(browser, tmp_path):
    """The runner is not silently passing: missing alt text, language, a skipped heading level,
    a request outside the page and a paragraph wider than a phone are all caught."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><head><title>x</title></head><body>'
                    '<h1>Title</h1><img src="data:image/png;base64,iVBORw0KGgo="><h3>Skipped</h3>'
                    '<img alt="x" src="http://127.0.0.1:9/x.png"><p style="width:900px">Wide</p>'
                    '</body></html>')
    [result] = run_axe(tmp_path, page)
    found = {v["id"] for v in result["violations"]}
    assert {"image-alt", "html-has-lang", "heading-order"} <= found
    assert result["requests"] == ["http://127.0.0.1:9/x.png"]
    assert result["phone"]["sideways"] > 0 and result["phone"]["wider"] == ["p."]

"""The command line, as a support officer would use it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest

from charter_builder.cli import main
from charter_builder.drafts.draft_file import FORMAT_VERSION
from charter_builder.drafts.starters import load_starter


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_new_validate_render_the_worked_example(tmp_path, capsys) -> None:
    draft, pdf = tmp_path / "x.charter", tmp_path / "x.pdf"
    assert run("new", draft, "--starter", "example") == 0
    assert run("validate", draft) == 0
    assert "Complete: nothing is missing" in capsys.readouterr().out
    assert run("render", draft, "-o", pdf) == 0
    text = pdf_text(pdf)
    example = load_starter("example").charter
    names = [p.name for p in example.partners]
    names += [p.title for p in example.principles]
    names += [c.title for c in example.commitments]
    missing = [name for name in names if " ".join(name.split()) not in text]
    assert not missing


def test_validate_lists_what_is_missing_in_plain_words(tmp_path, capsys) -> None:
    draft = tmp_path / "ics.charter"
    assert run("new", draft, "--starter", "ics") == 0
    capsys.readouterr()
    assert run("validate", draft) == 1
    out = capsys.readouterr().out
    assert "to put right" in out
    assert "Partners (1)\n  - A partnership needs at least two partner organisations." in out


@pytest.mark.parametrize("starter", ["blank", "ics"])
def test_validate_fits_one_screen_grouped_by_step_and_all_lists_every_item(
    starter, tmp_path, capsys
) -> None:
    from collections import Counter

    from charter_builder.charter.problems import find_problems

    draft = tmp_path / f"{starter}.charter"
    assert run("new", draft, "--starter", starter) == 0
    problems = find_problems(load_starter(starter).charter)
    capsys.readouterr()
    assert run("validate", draft) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) <= 24 and max(len(line) for line in lines) <= 80  # one 80×24 screen
    assert lines[3] == f"{len(problems)} things to put right (validate --all lists every one):"
    counts = Counter(problem.section_label for problem in problems)
    for label, count in counts.items():  # each step named once, with its count
        assert lines.count(f"{label} ({count})") == 1, label
    assert "Partnership (5)" in lines and "  - and 3 more" in lines  # its other three
    shown = [line for line in lines if line.startswith("  - ") and "more" not in line]
    assert len(shown) < len(problems)

    assert run("validate", "--all", draft) == 1
    every = capsys.readouterr().out.splitlines()
    assert not any(line.endswith(" more") for line in every)
    for problem in problems:
        assert f"  - {problem.message}" in every, problem


def test_the_example_saves_and_reopens_unchanged_with_each_image_once(tmp_path) -> None:
    from charter_builder.drafts.draft_file import load_draft, save_draft

    draft = load_starter("example")
    same_logo = draft.charter.partners[0].logo
    draft.charter.partners[1].logo = same_logo  # two partners share one logo
    draft.prune_media()
    path = tmp_path / "example.charter"
    save_draft(draft, path)
    again = load_draft(path)
    assert again.charter == draft.charter
    assert again.media == draft.media
    media = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("media/")]
    assert len(media) == len(draft.charter.partners) - 1
    assert media.count(same_logo) == 1


def test_new_will_not_overwrite_without_force(tmp_path, capsys) -> None:
    draft = tmp_path / "x.charter"
    draft.write_text("precious")
    assert run("new", draft) == 1
    assert "already exists" in capsys.readouterr().err
    assert draft.read_text() == "precious"
    assert run("new", draft, "--force") == 0


def hostile_files(folder: Path) -> dict[str, Path]:
    good = folder / "good.charter"
    run("new", good, "--starter", "example")
    data = good.read_bytes()
    files: dict[str, bytes] = {"truncated": data[: len(data) // 2], "not a zip": b"Dear all,\n"}

    def zipped(entries: list[tuple[str, bytes]]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for name, content in entries:
                z.writestr(name, content, zipfile.ZIP_STORED if name == "mimetype" else 8)
        return buffer.getvalue()

    mimetype = ("mimetype", b"application/vnd.charter-builder.draft+zip")
    doc = json.loads(zipfile.ZipFile(good).read("charter.json"))
    files["wrong mimetype"] = zipped([("mimetype", b"application/zip"), ("charter.json", b"{}")])
    files["newer version"] = zipped([mimetype, ("charter.json", json.dumps(
        {**doc, "format_version": 99}).encode())])
    files["invalid json"] = zipped([mimetype, ("charter.json", b"{not json")])
    broken = json.loads(json.dumps(doc))
    del broken["charter"]["contributions"][0]["partner_id"]
    files["missing field"] = zipped([mimetype, ("charter.json", json.dumps(broken).encode())])
    files["path traversal"] = zipped([mimetype, ("charter.json", json.dumps(doc).encode()),
                                      ("../evil", b"x")])
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype[1], zipfile.ZIP_STORED)
        with z.open("charter.json", "w", force_zip64=True) as entry:
            chunk = b" " * (1 << 20)
            for _ in range(300):  # 300 MB of spaces, a few hundred KB on disk
                entry.write(chunk)
    files["zip bomb"] = bomb.getvalue()
    paths = {}
    for name, content in files.items():
        path = folder / f"{name.replace(' ', '-')}.charter"
        path.write_bytes(content)
        paths[name] = path
    return paths


def test_every_hostile_file_is_refused_plainly_without_a_traceback(tmp_path, capsys) -> None:
    for name, path in hostile_files(tmp_path).items():
        capsys.readouterr()
        assert run("validate", path) == 1, name
        err = capsys.readouterr().err
        assert path.name in err, name
        assert "Traceback" not in err and "Error" not in err, (name, err)


def test_the_installed_command_explains_itself_and_its_exit_codes() -> None:
    exe = Path(sys.executable).with_name("charter-builder")
    result = subprocess.run([exe, "--help"], capture_output=True, text=True, check=True)
    for word in ("new", "validate", "render", "schema", "exit codes", "70"):
        assert word in result.stdout
    result = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("Charter Builder ")
    result = subprocess.run([exe, "validate", "nowhere.charter"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "nowhere.charter" in result.stderr


def test_schema_describes_charter_json(capsys) -> None:
    assert run("schema") == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["format_version"]["const"] == FORMAT_VERSION
    assert "Partner" in schema["$defs"]
    assert "id" in schema["$defs"]["Partner"]["required"]
    assert "id" in schema["$defs"]["Behaviour"]["required"]


@pytest.mark.parametrize("args", [["render"], ["new"], ["frobnicate", "x"]])
def test_usage_mistakes_exit_2(args) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(*args)
    assert stopped.value.code == 2


def test_validate_warns_of_text_the_pdf_cannot_print(tmp_path, capsys) -> None:
    from charter_builder.drafts.draft_file import load_draft, save_draft

    draft_path = tmp_path / "x.charter"
    assert run("new", draft_path, "--starter", "example") == 0
    draft = load_draft(draft_path)
    draft.charter.partners[2].name = "Wyvern Chinese Community Centre 威文华人社区中心"
    save_draft(draft, draft_path)
    capsys.readouterr()
    assert run("validate", draft_path) == 1
    out = capsys.readouterr().out
    assert "Partner 3's name (Chinese) cannot be printed" in out


def test_validate_lists_words_to_check_as_the_review_step_does_without_failing(
    tmp_path, capsys
) -> None:
    from charter_builder.charter.spelling import user_words_file
    from charter_builder.drafts.draft_file import load_draft, save_draft

    path = tmp_path / "wyvern.charter"
    assert run("new", path, "--starter", "example") == 0
    draft = load_draft(path)
    draft.charter.purpose.vision += " We will recieve, acheive and agree seperately, in Pellbury."
    draft.charter.governance.decision_making += " Definately, as occured, by local goverment."
    save_draft(draft, path)
    # A word the user added in the window counts here too.
    user_words_file().parent.mkdir(parents=True, exist_ok=True)
    user_words_file().write_text("Pellbury\n", encoding="utf-8")
    capsys.readouterr()

    assert run("validate", path) == 0  # a misspelling is a warning, never a problem
    out = capsys.readouterr().out
    assert "Complete: nothing is missing" in out
    assert "Spelling to check (6;" in out
    assert "  - Shared purpose: Check the spelling of “recieve”." in out
    assert "Pellbury" not in out
    assert "and 2 more (validate --all lists every one)" in out

    assert run("validate", path, "--all") == 0
    every = capsys.readouterr().out
    assert "Governance: Check the spelling of “occured”." in every
    assert "more" not in every

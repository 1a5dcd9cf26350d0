"""The packaged application, run as a user runs it: the frozen programs, not Python.

`make package-test` builds dist/charter-builder and runs these against it.
Under plain `make test` there is no package, so they are skipped and say why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pypdf
import pytest

FROZEN = os.environ.get("CHARTER_BUILDER_FROZEN")
TARBALL = os.environ.get("CHARTER_BUILDER_TARBALL")
DRAFT_TYPE = "application/vnd.charter-builder.draft+zip"

pytestmark = pytest.mark.skipif(
    not FROZEN, reason="no packaged application: run `make package-test` to build and test one"
)


@pytest.fixture(scope="module")
def folder() -> Path:
    return Path(FROZEN or "").resolve()


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A user of their own: settings, data and the lock never touch the real home."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "XDG_"))
    }
    env.update(HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    (tmp_path / "home").mkdir()
    return env


def run(program: Path, *args: str | Path, env: dict[str, str], cwd: Path, timeout: float = 120):
    return subprocess.run(
        [str(program), *map(str, args)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def new_example(program: Path, draft: Path, env: dict[str, str]) -> None:
    """The frozen program saves a new draft from the worked example."""
    made = run(program, "new", "--starter", "example", draft.name, env=env, cwd=draft.parent)
    assert made.returncode == 0, made.stderr


def pdf_text(path: Path) -> tuple[int, str]:
    reader = pypdf.PdfReader(path)
    return len(reader.pages), " ".join((page.extract_text() or "") for page in reader.pages)


def test_both_programs_are_native_executables_with_no_python_beside_them(folder: Path) -> None:
    for name in ("charter-builder", "Charter Builder"):
        assert (folder / name).read_bytes()[:4] == b"\x7fELF", name
    assert not list(folder.glob("**/python3*/bin/python*"))


def test_version(folder: Path, home: dict[str, str], tmp_path: Path) -> None:
    result = run(folder / "charter-builder", "--version", env=home, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Charter Builder ")


def test_new_render_and_verify_the_example(
    folder: Path, home: dict[str, str], tmp_path: Path
) -> None:
    program = folder / "charter-builder"
    new_example(program, tmp_path / "example.charter", home)
    rendered = run(
        program, "render", "example.charter", "-o", "example.pdf", env=home, cwd=tmp_path
    )
    assert rendered.returncode == 0, rendered.stderr
    pages, text = pdf_text(tmp_path / "example.pdf")
    assert pages >= 20
    assert "Shared purpose" in text
    checked = run(program, "verify", "example.pdf", env=home, cwd=tmp_path)
    # The example is unsealed and unsigned: intact as far as it goes, but not complete.
    assert checked.returncode == 4, checked.stdout + checked.stderr
    assert "everything checks out" not in checked.stdout


def test_the_frozen_program_checks_british_spelling(
    folder: Path, home: dict[str, str], tmp_path: Path
) -> None:
    # The dictionary is a bundled resource read by spylls: both must be in the package.
    from charter_builder.drafts.draft_file import load_draft, save_draft

    program = folder / "charter-builder"
    new_example(program, tmp_path / "w.charter", home)
    draft = load_draft(tmp_path / "w.charter")
    draft.charter.purpose.vision += " Every organisation will recieve a colour programme."
    save_draft(draft, tmp_path / "w.charter")
    checked = run(program, "validate", "w.charter", env=home, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Spelling to check (1;" in checked.stdout
    assert "Check the spelling of “recieve”." in checked.stdout


def test_word_web_page_and_the_changes_paper_from_the_frozen_program(
    folder: Path, home: dict[str, str], tmp_path: Path
) -> None:
    """python-docx's template and our web stylesheet travel inside the package."""
    import zipfile

    program = folder / "charter-builder"
    new_example(program, tmp_path / "example.charter", home)
    for out in ("example.docx", "example.html"):
        done = run(program, "render", "example.charter", "-o", out, env=home, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    body = zipfile.ZipFile(tmp_path / "example.docx").read("word/document.xml").decode()
    assert "Shared purpose" in body
    page = (tmp_path / "example.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB"' in page and "<style>" in page
    sent = run(program, "history", "example.charter", "--mark-sent", "1", env=home, cwd=tmp_path)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    paper = run(
        program, "render", "example.charter", "--changes-since", "sent", "-o", "changes.pdf",
        env=home, cwd=tmp_path,
    )
    assert paper.returncode == 0, paper.stdout + paper.stderr
    assert pdf_text(tmp_path / "changes.pdf")[0] >= 1


def test_the_window_previews_and_exports_through_the_frozen_worker(
    folder: Path, home: dict[str, str], tmp_path: Path
) -> None:
    pdf = tmp_path / "from-the-window.pdf"
    result = run(
        folder / "Charter Builder",
        "--child",
        "window-check",
        pdf,
        env=home,
        cwd=tmp_path,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "preview: made" in result.stdout
    pages, text = pdf_text(pdf)
    assert pages >= 20 and "Shared purpose" in text
    # The About box's versions come from the packed metadata, and the notices are shipped.
    for library in ("Charter Builder", "Python", "Qt", "PySide6", "WeasyPrint", "pyHanko"):
        assert f"\n{library} " in result.stdout, result.stdout
    assert "unknown" not in result.stdout
    (notices_line,) = [line for line in result.stdout.splitlines() if line.startswith("notices:")]
    notices = Path(notices_line.removeprefix("notices: ")).read_text(encoding="utf-8")
    for named in ("PySide6", "WeasyPrint", "pyHanko", "SIL Open Font License"):
        assert named in notices


@pytest.mark.skipif(not TARBALL, reason="no Linux tarball was named")
def test_the_linux_install_step_registers_the_draft_type_for_this_user(
    home: dict[str, str], tmp_path: Path
) -> None:
    with tarfile.open(TARBALL or "") as archive:
        archive.extractall(tmp_path / "unpacked", filter="tar")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    installed = run(unpacked / "install.sh", env=home, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    user = Path(home["HOME"])
    data = user / ".local" / "share"
    desktop = (data / "applications" / "charter-builder.desktop").read_text()
    assert f"MimeType={DRAFT_TYPE};" in desktop
    assert str(user / ".local/lib/charter-builder/Charter Builder") in desktop
    assert (data / "mime" / "packages" / "charter-builder.xml").exists()
    assert (data / "icons/hicolor/256x256/apps/charter-builder.png").exists()
    launcher = run(user / ".local/bin/charter-builder", "--version", env=home, cwd=tmp_path)
    assert launcher.returncode == 0, launcher.stderr
    if shutil.which("desktop-file-validate"):
        valid = run(
            Path(shutil.which("desktop-file-validate") or ""),
            data / "applications" / "charter-builder.desktop",
            env=home,
            cwd=tmp_path,
        )
        assert valid.returncode == 0, valid.stdout + valid.stderr
    if not shutil.which("xdg-mime"):
        pytest.skip("xdg-mime is not installed, so the default application was not queried")
    query = run(
        Path(shutil.which("xdg-mime") or ""), "query", "default", DRAFT_TYPE, env=home, cwd=tmp_path
    )
    assert query.stdout.strip() == "charter-builder.desktop"
    if shutil.which("update-mime-database"):
        draft = tmp_path / "board.charter"
        run(
            user / ".local/bin/charter-builder",
            "new",
            "--starter",
            "blank",
            draft,
            env=home,
            cwd=tmp_path,
        )
        kind = run(
            Path(shutil.which("xdg-mime") or ""), "query", "filetype", draft, env=home, cwd=tmp_path
        )
        assert kind.stdout.strip() == DRAFT_TYPE
    removed = run(unpacked / "install.sh", "--uninstall", env=home, cwd=tmp_path)
    assert removed.returncode == 0
    assert not (data / "applications" / "charter-builder.desktop").exists()

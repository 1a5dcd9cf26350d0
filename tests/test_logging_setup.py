"""The program's log: a small rotating file for support, and the terminal with --verbose."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from charter_builder import cli
from charter_builder.logging_setup import (
    BACKUP_COUNT,
    LOG_FILE_NAME,
    MAX_LOG_BYTES,
    configure_logging,
    current_log_file,
    stop_logging,
    user_log_folder,
)

log = logging.getLogger("charter_builder.tests")


@pytest.fixture(autouse=True)
def leave_logging_as_it_was():
    yield
    stop_logging()


def ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, "_charter_builder_handler", 0)]


def test_the_log_file_keeps_info_and_up_with_timestamps(tmp_path) -> None:
    log_file = configure_logging(tmp_path / "logs", verbose=False)
    assert log_file == tmp_path / "logs" / LOG_FILE_NAME
    log.debug("a detail only --verbose wants")
    log.info("saved wyvern.charter")
    log.warning("a picture was too large: “Wyvern Vale” logo")
    text = log_file.read_text(encoding="utf-8")
    assert "a detail only" not in text
    lines = text.splitlines()
    assert len(lines) == 2
    assert "INFO" in lines[0] and lines[0].endswith("charter_builder.tests: saved wyvern.charter")
    assert lines[0][:4].isdigit() and lines[0][4] == "-"  # 2026-11-28 16:52:42,270 ...
    assert "“Wyvern Vale”" in lines[1]  # UTF-8, whatever the computer's own encoding


def test_verbose_logs_debug_to_the_file_and_everything_to_the_terminal(tmp_path, capsys) -> None:
    log_file = configure_logging(tmp_path, verbose=True)
    log.debug("looking at the partners")
    assert "looking at the partners" in log_file.read_text(encoding="utf-8")
    assert "DEBUG charter_builder.tests: looking at the partners" in capsys.readouterr().err


def test_configuring_twice_does_not_double_the_lines(tmp_path, capsys) -> None:
    configure_logging(tmp_path, verbose=True)
    log_file = configure_logging(tmp_path, verbose=True)
    assert len(ours()) == 2  # one file, one terminal
    log.info("only once, please")
    assert log_file.read_text(encoding="utf-8").count("only once, please") == 1
    assert capsys.readouterr().err.count("only once, please") == 1

    configure_logging(tmp_path, verbose=False)  # and back: the terminal goes quiet
    assert len(ours()) == 1
    log.info("to the file only")
    assert "to the file only" not in capsys.readouterr().err
    stop_logging()
    assert ours() == [] and current_log_file() is None


def test_the_log_rotates_at_its_size_limit_and_keeps_three_old_ones(tmp_path) -> None:
    log_file = configure_logging(tmp_path, verbose=False)
    line = "x" * 999
    for number in range(5 * MAX_LOG_BYTES // 1000):
        log.info("%06d %s", number, line)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [LOG_FILE_NAME] + [f"{LOG_FILE_NAME}.{n}" for n in range(1, BACKUP_COUNT + 1)]
    for path in tmp_path.iterdir():
        assert path.stat().st_size <= MAX_LOG_BYTES
    # The newest lines are in the current file; the oldest have been let go.
    assert f"{5 * MAX_LOG_BYTES // 1000 - 1:06d}" in log_file.read_text(encoding="utf-8")
    everything = "".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())
    assert "000000 " not in everything


def test_an_unwritable_log_folder_never_stops_the_program(tmp_path, capsys) -> None:
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where the log folder should be")
    assert configure_logging(blocker / "logs", verbose=False) is None
    log.error("still fine")
    assert capsys.readouterr().err == ""  # nothing shown without --verbose

    assert configure_logging(blocker / "logs", verbose=True) is None
    err = capsys.readouterr().err
    assert "could not write its log file" in err and "this terminal only" in err
    log.info("to the terminal instead")
    assert "to the terminal instead" in capsys.readouterr().err


def test_verbose_command_line_logs_to_the_terminal_and_the_shared_log(tmp_path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "charter_builder.cli"]
    quiet = subprocess.run(
        [*command, "validate", "missing.charter"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert quiet.returncode == 1
    assert quiet.stderr.splitlines() == [
        "“missing.charter” could not be opened: the file could not be found. "
        "It may have been moved, renamed or deleted."
    ]
    loud = subprocess.run(
        [*command, "--verbose", "validate", "missing.charter"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert loud.returncode == 1
    assert "DEBUG charter_builder.cli: Charter Builder" in loud.stderr
    assert "INFO charter_builder.cli: validate did not complete" in loud.stderr

    log_file = tmp_path / "data" / "Charter Builder" / "Charter Builder" / "logs" / LOG_FILE_NAME
    logged = log_file.read_text(encoding="utf-8")
    assert logged.count("validate did not complete") == 2  # both runs, in one log
    assert logged.count("DEBUG") == 1  # only the verbose run's details


def test_an_unexpected_command_line_error_goes_to_the_log_not_the_terminal(
    monkeypatch, capsys
) -> None:
    def broken(_args) -> int:
        raise ZeroDivisionError("a bug nobody foresaw")

    monkeypatch.setitem(cli.HANDLERS, "schema", broken)
    assert cli.main(["schema"]) == cli.EXIT_UNEXPECTED
    err = capsys.readouterr().err
    log_file = user_log_folder() / LOG_FILE_NAME
    assert "did not expect" in err and str(log_file) in err
    assert "Traceback" not in err and "ZeroDivisionError" not in err
    logged = log_file.read_text(encoding="utf-8")
    assert "unexpected error in schema" in logged
    assert "Traceback (most recent call last)" in logged
    assert "ZeroDivisionError: a bug nobody foresaw" in logged
    assert ours() == []  # main() leaves the program's logging as it found it


def test_a_librarys_warning_goes_to_the_log_not_the_terminal(tmp_path, capsys) -> None:
    import warnings

    log_file = configure_logging(tmp_path / "logs", verbose=False)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("Image size exceeds limit, could be decompression bomb", stacklevel=1)
    assert "decompression bomb" not in capsys.readouterr().err
    assert "decompression bomb" in log_file.read_text(encoding="utf-8")


def test_render_leaves_no_weasyprint_progress_lines_in_the_log(
    tmp_path, monkeypatch, capsys
) -> None:
    from charter_builder.drafts.draft_file import save_draft
    from charter_builder.drafts.starters import load_starter

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    draft = tmp_path / "example.charter"
    save_draft(load_starter("example"), draft)
    for verbose in ([], ["--verbose"]):
        out = tmp_path / f"example{len(verbose)}.pdf"
        assert cli.main([*verbose, "render", str(draft), "-o", str(out)]) == 0
        assert out.stat().st_size > 10_000
        terminal = capsys.readouterr().err
        assert "Creating layout" not in terminal and "Step " not in terminal
    logged = (user_log_folder() / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert str(tmp_path / "data") in str(user_log_folder())
    assert "render" in logged  # the runs were logged...
    assert "weasyprint.progress" not in logged  # ...but not WeasyPrint's page-by-page steps
    assert "Step " not in logged and "Creating layout" not in logged

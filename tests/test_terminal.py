"""terminal.py: what a file says, shown on a terminal without the terminal obeying it."""

from __future__ import annotations

import io
import os

from charter_builder.terminal import SafeOutput, one_line, shown_lines


def test_a_file_name_that_is_not_text_shows_its_bytes() -> None:
    name = os.fsdecode(b"caf\xe9 \xff.pdf")
    assert one_line(name) == "caf\\xe9 \\xff.pdf"
    one_line(name).encode("utf-8")  # printable on the strictest terminal


def test_shown_lines_keeps_our_line_breaks_and_escapes_the_rest() -> None:
    assert shown_lines("one\x1b[2J\ntwo\r") == "one\\x1b[2J\ntwo\\x0d"


def test_a_reader_closing_the_pipe_ends_the_output_quietly() -> None:
    read, write = os.pipe()
    os.close(read)
    stream = io.TextIOWrapper(os.fdopen(write, "wb", buffering=0), write_through=True)
    safe = SafeOutput(stream)
    safe.write("first line\n")  # the pipe has gone: dropped, not raised
    safe.write("second line\n")
    safe.flush()
    assert safe.reader_gone
    stream.close()


def test_a_terminal_that_cannot_show_a_character_gets_an_escape_instead() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict", write_through=True)
    SafeOutput(stream).write("Wyvern — Kestleford\n")
    assert raw.getvalue() == b"Wyvern \\u2014 Kestleford\n"

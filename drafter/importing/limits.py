"""What ``drafter import`` refuses before it works: what ``render`` would refuse of the answers it writes.

An imported statement's words become answers, and an answer holds at most ``MAX_VALUE_CHARS``
characters (the bound every answers file is read with), so a statement longer than that is refused
here, by its size first (no byte read), then by its characters and paragraphs once read, before any
recognition runs. Text is read in exactly the encodings answers files are: UTF-8, or UTF-16/UTF-32
with a byte order mark.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from drafter.errors import InputError, Problem
from drafter.inputs.yamlio import MAX_VALUE_CHARS, decode_text

MAX_STATEMENT_CHARS = MAX_VALUE_CHARS
# Four bytes a character at most (UTF-32), and its byte order mark.
MAX_TEXT_BYTES = 4 * MAX_STATEMENT_CHARS + 4
# A Word document carries its styles, pictures and settings besides the words.
MAX_DOCX_BYTES = 64_000_000
MAX_PARAGRAPHS = 10_000
# How much of a Word document's text part is scanned for its paragraphs before it is opened (beyond, the
# guarded reading of Word files decides).
_SCAN_BYTES = 256_000_000
_PARAGRAPH = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")


def _size(path: Path) -> int:
    """The size of the regular file at ``path`` (a FIFO or a device is refused without being opened)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(Problem(f"cannot read: {exc.strerror or exc}", path=path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(Problem("is not a regular file", path=path))
    return info.st_size


def check_size(path: Path) -> None:
    """Refuse, from its size alone (and a Word document from its count of paragraphs), a file too large to
    hold a statement drafter can render."""
    size = _size(path)
    if path.suffix.lower() == ".docx":
        check_docx_paragraphs(path)
    bound = MAX_DOCX_BYTES if path.suffix.lower() == ".docx" else MAX_TEXT_BYTES
    if size > bound:
        what = "a Word document" if bound == MAX_DOCX_BYTES else "a text"
        message = (
            f"is {size:,} bytes: drafter imports {what} of at most {bound:,} bytes "
            f"(a statement of at most {MAX_STATEMENT_CHARS:,} characters, the bound on an answer)"
        )
        raise InputError(Problem(message, path=path))


def check_docx_paragraphs(path: Path) -> None:
    """Count a Word document's paragraphs in its XML, streamed, before it is opened: one of 200,000 is refused
    in a moment instead of read for minutes. A file that is no readable zip is left to the Word reader to refuse."""
    count = 0
    tail = b""
    try:
        with zipfile.ZipFile(path) as package, package.open("word/document.xml") as part:
            for _ in range(_SCAN_BYTES >> 20):
                chunk = part.read(1 << 20)
                if not chunk:
                    break
                text = tail + chunk
                count += len(_PARAGRAPH.findall(text, 0, len(text) - 8 if len(chunk) == 1 << 20 else len(text)))
                tail = text[len(text) - 8 :] if len(chunk) == 1 << 20 else b""
                if count > MAX_PARAGRAPHS:
                    break
    except (OSError, KeyError, ValueError, EOFError, RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error):
        return
    if count > MAX_PARAGRAPHS:
        message = (
            f"holds more than {MAX_PARAGRAPHS:,} paragraphs: drafter imports statements of at most {MAX_PARAGRAPHS:,}"
        )
        raise InputError(Problem(message, path=path))


def read_text(path: Path) -> str:
    """A text file's text, in the encodings answers files are read in; refused when too large or not text."""
    check_size(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise InputError(Problem(f"cannot read: {exc.strerror or exc}", path=path)) from None
    if len(data) > MAX_TEXT_BYTES:  # it grew since its size was read
        check_size(path)
    text = _decoded(data, path)
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        raise InputError(Problem("is not a text file (it holds NUL characters)", path=path, line=line))
    check_text(len(text), path)
    return text


def _decoded(data: bytes, path: Path) -> str:
    """The text in the encodings answers files are read in; else as Windows-1252, the encoding Word gives a
    statement saved as plain text on a Western-European Windows (said as a warning)."""
    try:
        return decode_text(data, path)
    except InputError:
        if b"\0" in data or data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
            raise
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(Problem("is neither UTF-8 nor Windows-1252 text; save it as UTF-8", path=path)) from None
    print(f"drafter: warning: {path}: not UTF-8: read as Windows-1252 (Word's plain text on Windows)", file=sys.stderr)
    return text


def check_text(characters: int, path: Path) -> None:
    """Refuse a statement of more characters than one answer may hold."""
    if characters > MAX_STATEMENT_CHARS:
        message = (
            f"holds {characters:,} characters: drafter imports statements of at most {MAX_STATEMENT_CHARS:,} "
            "(the bound on an answer)"
        )
        raise InputError(Problem(message, path=path))


def check_paragraphs(paragraphs: Sequence[str], path: Path) -> None:
    """Refuse a statement of more paragraphs, or more characters, than drafter renders."""
    if len(paragraphs) > MAX_PARAGRAPHS:
        message = f"holds {len(paragraphs):,} paragraphs: drafter imports statements of at most {MAX_PARAGRAPHS:,}"
        raise InputError(Problem(message, path=path))
    check_text(sum(len(p) for p in paragraphs), path)

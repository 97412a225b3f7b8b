"""A delivered statement read into typed paragraphs: Word documents, plain text and Markdown.

Three parts, each with one job: ``read_statement`` picks the reader by the file's suffix and applies the
import's bounds (``limits``); the text entry turns the file's bytes into text (``plaintext`` then reads its
layout); the Word part takes the paragraphs ``word.reading`` read, with their style and list place. What
they return is a ``Source`` (``source``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from drafter.errors import InputError, Problem
from drafter.importing.limits import check_paragraphs, check_size, read_text
from drafter.importing.source import Paragraph, Source, normalise, paragraphs_of

SUFFIXES = (".docx", ".txt", ".md")
# drafter's own reading copy: the styles of its heading block.
FRONT_STYLES = frozenset({"Statement Marker", "Title", "Subtitle", "Statement Front"})
DRAFTER_FRONT_STYLES = frozenset({"Statement Marker", "Statement Front"})
QUOTE_STYLES = frozenset({"Quote", "Intense Quote"})


def read_statement(path: Path) -> Source:
    """Read ``path`` (.docx, .txt or .md); refuse a missing, unreadable, oversized or empty file with one
    message."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(Problem(f"drafter imports .docx, .txt and .md files, not '{suffix or path.name}'", path=path))
    if not path.is_file():
        raise InputError(Problem("no such file" if not path.exists() else "is not a file", path=path))
    check_size(path)
    source = _read_docx(path) if suffix == ".docx" else _read_text(path, markdown=suffix == ".md")
    check_paragraphs([p.text for p in source.paragraphs], path)
    if not source.paragraphs:
        raise InputError(Problem("holds no text to import", path=path))
    return source


# -- the text entry: bytes to text -----------------------------------------------------------------
def _read_text(path: Path, markdown: bool) -> Source:
    text = read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    if markdown:
        return _read_markdown(text)
    from drafter.importing.plaintext import read_plain_text

    return read_plain_text(text)


def _read_markdown(text: str) -> Source:
    from drafter.document.blocks import parse_blocks

    draft = parse_blocks(text)
    paragraphs = paragraphs_of(draft)
    front_known = any(b.front for b in draft.blocks) or "\n---\n" in f"\n{text}"
    return Source(tuple(paragraphs), front_known, "Markdown")


# -- Word ------------------------------------------------------------------------------------------
def _read_docx(path: Path) -> Source:
    from drafter.word.reading import read_word_text

    word = read_word_text(path)
    for warning in word.warnings:
        print(f"drafter: warning: {path}: {warning}", file=sys.stderr)
    paragraphs: list[Paragraph] = []
    front_known = False
    for block in word.paragraphs:
        text = normalise(block.text)
        if not text:
            continue
        style = block.style
        front = style in FRONT_STYLES and all(p.front for p in paragraphs)
        front_known = front_known or style in DRAFTER_FRONT_STYLES
        if block.place is not None:
            paragraphs.append(Paragraph(text, block.place.kind, block.place.level, style=style))
        elif style in QUOTE_STYLES:
            paragraphs.append(Paragraph(text, "quote", style=style))
        else:
            paragraphs.append(Paragraph(text, front=front, heading=style.startswith("Heading"), style=style))
    return Source(tuple(paragraphs), front_known, "Word document")

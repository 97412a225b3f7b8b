"""A delivered statement read into typed paragraphs: Word documents, plain text and Markdown.

Three parts, each with one job: ``read_statement`` picks the reader by the file's suffix; the text entry
turns the file's bytes into text (``plaintext`` then reads its layout); the Word part reads a .docx into
paragraphs with their style and list membership. What they return is a ``Source`` (``source``).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.errors import InputError, Problem
from drafter.importing.source import Kind, Paragraph, Source, normalise, paragraphs_of

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph as WordParagraph

    from drafter.word.numbering import ListLevels

SUFFIXES = (".docx", ".txt", ".md")
# drafter's own reading copy: the styles of its heading block.
FRONT_STYLES = frozenset({"Statement Marker", "Title", "Subtitle", "Statement Front"})
DRAFTER_FRONT_STYLES = frozenset({"Statement Marker", "Statement Front"})
QUOTE_STYLES = frozenset({"Quote", "Intense Quote"})


def read_statement(path: Path) -> Source:
    """Read ``path`` (.docx, .txt or .md); refuse a missing, unreadable or empty file with one message."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(Problem(f"drafter imports .docx, .txt and .md files, not '{suffix or path.name}'", path=path))
    if not path.is_file():
        raise InputError(Problem("no such file" if not path.exists() else "is not a file", path=path))
    source = _read_docx(path) if suffix == ".docx" else _read_text(path, markdown=suffix == ".md")
    if not source.paragraphs:
        raise InputError(Problem("holds no text to import", path=path))
    return source


# -- the text entry: bytes to text -----------------------------------------------------------------
def _decode(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise InputError(Problem("is not a text file", path=path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_text(path: Path, markdown: bool) -> Source:
    text = _decode(path).replace("\r\n", "\n").replace("\r", "\n")
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
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(Problem(f"is not a Word document (.docx) drafter can read: {exc}", path=path)) from None
    from drafter.word.numbering import ListLevels

    levels = ListLevels.read(document)
    paragraphs: list[Paragraph] = []
    front_known = False
    for block in _blocks(document):
        text = normalise(block.text)
        if not text:
            continue
        style = block.style.name if block.style is not None else ""
        front = style in FRONT_STYLES and all(p.front for p in paragraphs)
        front_known = front_known or style in DRAFTER_FRONT_STYLES
        numbering = _list_of(levels, block)
        if numbering is not None:
            kind, level = numbering
            paragraphs.append(Paragraph(text, kind, level, style=style))
        elif style in QUOTE_STYLES:
            paragraphs.append(Paragraph(text, "quote", style=style))
        else:
            paragraphs.append(Paragraph(text, front=front, heading=style.startswith("Heading"), style=style))
    return Source(tuple(paragraphs), front_known, "Word document")


def _blocks(document: WordDocument) -> list[WordParagraph]:
    """The document's paragraphs in reading order, the paragraphs of its tables' cells included."""
    from docx.text.paragraph import Paragraph as WordParagraph

    out: list[WordParagraph] = []
    for item in document.iter_inner_content():
        if isinstance(item, WordParagraph):
            out.append(item)
        else:
            for row in item.rows:
                for cell in row.cells:
                    out.extend(cell.paragraphs)
    return out


def _list_of(levels: ListLevels, paragraph: WordParagraph) -> tuple[Kind, int] | None:
    """The list kind and level of a paragraph, from its numbering (its own, else its style's)."""
    num_pr: Any = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    style = paragraph.style
    while num_pr is None and style is not None:
        style_pr = style.element.pPr
        num_pr = style_pr.numPr if style_pr is not None else None
        style = style.base_style
    if num_pr is None or num_pr.numId is None or num_pr.numId.val == 0:
        return None
    level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    number_format = levels.number_format(num_pr.numId.val, level)
    if number_format in (None, "none"):
        return None
    return ("bullet" if number_format == "bullet" else "numbered"), level

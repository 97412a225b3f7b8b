"""A delivered statement read into typed paragraphs: Word documents, plain text and Markdown.

Each reader returns the statement's paragraphs in order, each with its kind (paragraph, numbered or
bullet list item, quotation), its list level, and whether it belongs to the heading block (``front``).
When a file says where its heading block ends (drafter's own reading copies: the front-page styles, a
``---`` line, centred lines), ``front_known`` is true; otherwise ``recognise`` decides.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from drafter.errors import InputError, Problem
from drafter.importing.limits import check_paragraphs, check_size, read_text
from drafter.render.freetext import NUMBERED_LINE, indent_width

if TYPE_CHECKING:
    from drafter.document.blocks import Draft

Kind = Literal["paragraph", "numbered", "bullet", "quote"]
SUFFIXES = (".docx", ".txt", ".md")
_SPACES = re.compile(r"[ \t\r\n]+")
# Delivered texts use more bullet glyphs than drafter's own free text reads as structure.
_BULLET = re.compile(r"^(?P<indent>[ \t]*)[-•*–▪◦][ \t]+(?P<text>\S.*)$")
_QUOTE = re.compile(r"^[ \t]*>[ \t]?")
# drafter's own reading copy: the styles of its heading block.
FRONT_STYLES = frozenset({"Statement Marker", "Title", "Subtitle", "Statement Front"})
DRAFTER_FRONT_STYLES = frozenset({"Statement Marker", "Statement Front"})
QUOTE_STYLES = frozenset({"Quote", "Intense Quote"})


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a delivered statement."""

    text: str
    kind: Kind = "paragraph"
    level: int = 0
    front: bool = False
    heading: bool = False  # set as a heading (a theme's title in the body)

    @property
    def is_list(self) -> bool:
        """True for a numbered or bulleted list item."""
        return self.kind in ("numbered", "bullet")


@dataclass(frozen=True)
class Source:
    """What a reader found: the paragraphs, and whether the file marks its heading block itself."""

    paragraphs: tuple[Paragraph, ...]
    front_known: bool

    @property
    def front(self) -> tuple[Paragraph, ...]:
        """The heading block."""
        return tuple(p for p in self.paragraphs if p.front)

    @property
    def body(self) -> tuple[Paragraph, ...]:
        """The statement as delivered."""
        return tuple(p for p in self.paragraphs if not p.front)


def normalise(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space (non-breaking spaces are kept)."""
    return _SPACES.sub(" ", text).strip()


def read_statement(path: Path) -> Source:
    """Read ``path`` (.docx, .txt or .md); refuse a missing, unreadable or empty file with one message."""
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
            paragraphs.append(Paragraph(text, block.place.kind, block.place.level))
        elif style in QUOTE_STYLES:
            paragraphs.append(Paragraph(text, "quote"))
        else:
            paragraphs.append(Paragraph(text, front=front, heading=style.startswith("Heading")))
    return Source(tuple(paragraphs), front_known)


# -- plain text and Markdown -----------------------------------------------------------------------
def _read_text(path: Path, markdown: bool) -> Source:
    text = read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    return _read_markdown(text) if markdown else read_plain_text(text)


def paragraphs_of(draft: Draft) -> list[Paragraph]:
    """A rendered statement's blocks as typed paragraphs (empty ones and rules left out)."""
    paragraphs: list[Paragraph] = []
    for block in draft.blocks:
        content = normalise(block.text)
        if not content or block.kind == "rule":
            continue
        if block.kind == "item" and block.list_spec is not None:
            paragraphs.append(Paragraph(content, block.list_spec.kind, block.list_spec.level))
        elif block.kind == "quote":
            paragraphs.append(Paragraph(content, "quote"))
        else:
            paragraphs.append(Paragraph(content, front=block.front, heading=block.kind == "heading"))
    return paragraphs


def _read_markdown(text: str) -> Source:
    from drafter.document.blocks import parse_blocks

    draft = parse_blocks(text)
    paragraphs = paragraphs_of(draft)
    return Source(tuple(paragraphs), any(b.front for b in draft.blocks) or "\n---\n" in f"\n{text}")


def read_plain_text(text: str) -> Source:
    """Plain text: blank lines between paragraphs, "1." / "-" / "•" list items (indented to nest), ">"
    quotations; a ``---`` line ends the heading block, as do the centred lines of drafter's own text copy."""
    lines = text.split("\n")
    split = next((i for i, line in enumerate(lines) if line.strip() == "---"), None)
    head: list[str] = lines[:split] if split is not None else []
    body = lines[split + 1 :] if split is not None else lines
    front = [Paragraph(normalise(b), front=True) for b in _chunks(head) if normalise(b)]
    if split is None:
        front, body = _centred_front(body)
    paragraphs = [*front, *_body_paragraphs(body, indented_quotes=split is None)]
    return Source(tuple(paragraphs), split is not None or bool(front))


def _chunks(lines: list[str]) -> list[str]:
    return [b for b in re.split(r"\n[ \t]*\n", "\n".join(lines)) if b.strip()]


def _centred_front(lines: list[str]) -> tuple[list[Paragraph], list[str]]:
    """drafter's text copy centres its heading lines (and right-aligns the marker): indented blocks at the top."""
    front: list[Paragraph] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        block = lines[index:end]
        first = block[0]
        if not any(row.startswith(" ") for row in block) or NUMBERED_LINE.match(first) or _BULLET.match(first):
            break
        front.append(Paragraph(normalise(" ".join(block)), front=True))
        index = end
    return front, lines[index:]


def _body_paragraphs(lines: list[str], indented_quotes: bool) -> list[Paragraph]:
    """Blocks between blank lines; a block of list lines is one item per line, else one paragraph or item."""
    out: list[Paragraph] = []
    indents: list[int] = []  # indents of the open list levels
    for block in _chunks(lines):
        rows = [r for r in block.split("\n") if r.strip()]
        if normalise(block) == "* * *":
            continue
        matches = [NUMBERED_LINE.match(r) or _BULLET.match(r) for r in rows]
        if len(rows) > 1 and all(matches):
            items = [(bool(NUMBERED_LINE.match(r)), m) for r, m in zip(rows, matches, strict=True)]
            for numbered, match in items:
                assert match is not None
                out.append(_item(indents, numbered, match.group("indent"), match.group("text")))
            continue
        first = matches[0]
        if first is not None:
            rest = " ".join([first.group("text"), *rows[1:]])
            out.append(_item(indents, bool(NUMBERED_LINE.match(rows[0])), first.group("indent"), rest))
            continue
        indents.clear()
        if all(_QUOTE.match(r) for r in rows):
            out.append(Paragraph(normalise(" ".join(_QUOTE.sub("", r) for r in rows)), "quote"))
        elif indented_quotes and all(r.startswith("    ") for r in rows):
            # drafter's text copy: a quotation is indented one step (4 spaces), a heading is centred.
            centred = indent_width(rows[0][: len(rows[0]) - len(rows[0].lstrip())]) > 4
            out.append(Paragraph(normalise(" ".join(rows)), "paragraph" if centred else "quote", heading=centred))
        else:
            out.append(Paragraph(normalise(" ".join(rows))))
    return [p for p in out if p.text]


def _item(indents: list[int], numbered: bool, indent_text: str, text: str) -> Paragraph:
    """A list item, its level worked out from its indent and the indents of the items above it."""
    indent = indent_width(indent_text)
    while indents and indent < indents[-1] - 1:
        indents.pop()
    if not indents or indent > indents[-1] + 1:
        indents.append(indent)
    elif indent < indents[-1]:
        indents[-1] = indent
    return Paragraph(normalise(text), "numbered" if numbered else "bullet", len(indents) - 1)


def as_front(paragraphs: tuple[Paragraph, ...], count: int) -> tuple[Paragraph, ...]:
    """``paragraphs`` with the first ``count`` marked as the heading block."""
    return tuple(replace(p, front=i < count) for i, p in enumerate(paragraphs))

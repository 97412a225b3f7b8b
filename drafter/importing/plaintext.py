"""Plain text as people have it, read into paragraphs: which layout the text uses, then its paragraphs.

Three layouts, told apart by the text itself:

- one paragraph per line, no blank line between them (Word's "Save as plain text", a web page copied,
  an e-mail): each line is a paragraph, "1." / "•" lines are list items, tabs nest them;
- a blank line between paragraphs: each block is a paragraph (its lines joined), or a run of list items;
  a block of long lines with no blank line between them is a paragraph per line;
- hard-wrapped lines (lines cut at about the same width, blank lines between paragraphs): the lines of a
  block are joined again, and a list item's wrapped lines join the item.

A ``---`` line ends the heading block; so do the centred lines of drafter's own text copy.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Literal

from drafter.importing.source import Paragraph, Source, normalise
from drafter.render.freetext import NUMBERED_LINE, indent_width

# "1.", "2)", and the letters and roman numerals Word writes for lists in plain text ("a)", "iv." and a tab).
_NUMBERED = re.compile(
    rf"{NUMBERED_LINE.pattern}|^(?P<lindent>[ \t]*)(?P<letter>[a-z]|[ivx]{{1,4}})(\)[ \t]+|\.\t[ \t]*)(?P<ltext>\S.*)$"
)

Layout = Literal["lines", "blank", "wrapped"]
LAYOUTS: dict[str, str] = {
    "lines": "text with one paragraph per line",
    "blank": "text with a blank line between paragraphs",
    "wrapped": "text with hard-wrapped lines (paragraphs between blank lines)",
}
# Delivered texts use more bullet glyphs than drafter's own free text reads as structure.
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:[-•*–▪◦·●]|o(?=\t))[ \t]+(?P<text>\S.*)$")
_QUOTE = re.compile(r"^[ \t]*>[ \t]?")
_RULE = re.compile(r"^\s*\* \* \*\s*$")
# A line longer than this is a paragraph of its own, not a line a person or a program wrapped.
_LONG_LINE = 100
_WRAPPED_MIN = 45  # the usual length of a wrapped line (its paragraph's last line aside)
_SENTENCE_END = (".", "!", "?", ":", ";", "”", '"', "»", ")")


def read_plain_text(text: str) -> Source:
    """Plain text: its heading block (up to a ``---`` line, or drafter's centred lines) and paragraphs."""
    lines = text.split("\n")
    split = next((i for i, line in enumerate(lines) if line.strip() == "---"), None)
    head: list[str] = lines[:split] if split is not None else []
    body = lines[split + 1 :] if split is not None else lines
    layout = detect_layout(body)
    front = [Paragraph(p.text, front=True) for p in _paragraphs(head, detect_layout(head))] if head else []
    centred = False
    if split is None:
        front, body = _centred_front(body)
        centred = bool(front)
    paragraphs = [*front, *_paragraphs(body, layout, indented_quotes=split is None)]
    return Source(tuple(paragraphs), split is not None or centred, LAYOUTS[layout])


def detect_layout(lines: list[str]) -> Layout:
    """Which of the three layouts ``lines`` use."""
    rows = [line for line in lines if line.strip()]
    blocks = _blocks(lines)
    if len(rows) > 1 and len(blocks) == 1:
        return "lines"
    width = max((len(r.rstrip()) for r in rows), default=0)
    inner = [len(r.strip()) for b in blocks for r in b[:-1] if not _is_marked(r)]
    if len(inner) >= 3 and width <= _LONG_LINE and statistics.median(inner) >= _WRAPPED_MIN:
        return "wrapped"
    return "blank"


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_marked(row: str) -> bool:
    return bool(_numbered(row) or _BULLET.match(row))


def _numbered(row: str) -> tuple[str, str] | None:
    """The indent and text of a numbered list line."""
    found = _NUMBERED.match(row)
    if found is None:
        return None
    if found.group("text") is not None:
        return found.group("indent"), found.group("text")
    return found.group("lindent"), found.group("ltext")


@dataclass
class _Reader:
    """Paragraphs built line by line: the paragraph or list item being read, and the open list levels."""

    layout: Layout
    indented_quotes: bool
    width: int = 0
    out: list[Paragraph] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)  # the lines of the paragraph being read
    item: tuple[bool, str] | None = None  # (numbered, indent) of the item being read
    indents: list[int] = field(default_factory=list)  # indents of the open list levels

    def block(self, rows: list[str]) -> None:
        """One block of lines between blank lines."""
        if _RULE.match(" ".join(rows)):
            return
        if all(_QUOTE.match(r) for r in rows):
            self.flush()
            self.indents.clear()
            self.out.append(Paragraph(normalise(" ".join(_QUOTE.sub("", r) for r in rows)), "quote"))
            return
        if self.indented_quotes and not any(_is_marked(r) for r in rows) and all(r.startswith("    ") for r in rows):
            self._indented(rows)
            return
        for row in rows:
            self.line(row)
        self.flush()

    def _indented(self, rows: list[str]) -> None:
        """drafter's text copy: a quotation is indented one step (4 spaces), a heading is centred."""
        self.flush()
        self.indents.clear()
        centred = indent_width(rows[0][: len(rows[0]) - len(rows[0].lstrip())]) > 4
        text = normalise(" ".join(rows))
        self.out.append(Paragraph(text, heading=True) if centred else Paragraph(text, "quote"))

    def line(self, row: str) -> None:
        """One line: a new list item, the next line of the paragraph or item being read, or a new paragraph."""
        numbered = _numbered(row)
        bullet = _BULLET.match(row) if numbered is None and not self._wrapped_dash(row) else None
        marked = numbered or ((bullet.group("indent"), bullet.group("text")) if bullet else None)
        if marked is not None:
            self.flush()
            self.item = (numbered is not None, marked[0])
            self.rows = [marked[1]]
        elif self.rows and self._continues(row):
            self.rows.append(row)
        else:
            self.flush()
            self.rows = [row]

    def _wrapped_dash(self, row: str) -> bool:
        """A dash that starts a wrapped line in the middle of a sentence ("… in times of war\n– and …")."""
        if self.layout == "lines" or not self.rows or self.item is not None or _numbered(row):
            return False
        return not self.rows[-1].rstrip().endswith((".", ":", ";", "!", "?"))

    def _continues(self, row: str) -> bool:
        """Whether ``row`` carries on the paragraph or item being read rather than starting another."""
        if self.layout == "lines":
            return False
        previous = self.rows[-1]
        if self.item is not None:
            indented = indent_width(row[: len(row) - len(row.lstrip())]) > indent_width(self.item[1])
            return indented or (self.layout == "wrapped" and len(previous) >= self.width - 25)
        if self.layout == "wrapped":
            return True
        # Blank-line text: a block's lines are one paragraph, unless they are whole paragraphs themselves.
        ends = previous.rstrip().endswith(_SENTENCE_END)
        return not (ends and len(previous.strip()) > _LONG_LINE) and not (
            len(row.strip()) > _LONG_LINE and previous.rstrip().endswith((*_SENTENCE_END, ","))
        )

    def flush(self) -> None:
        """Close the paragraph or item being read."""
        if not self.rows:
            return
        text = normalise(" ".join(self.rows))
        if self.item is not None:
            self.out.append(self._list_item(*self.item, text))
        elif text:
            self.indents.clear()
            self.out.append(Paragraph(text))
        self.rows, self.item = [], None

    def _list_item(self, numbered: bool, indent_text: str, text: str) -> Paragraph:
        """A list item, its level worked out from its indent and the indents of the items above it."""
        indent = indent_width(indent_text)
        indents = self.indents
        while indents and indent < indents[-1] - 1:
            indents.pop()
        if not indents or indent > indents[-1] + 1:
            indents.append(indent)
        elif indent < indents[-1]:
            indents[-1] = indent
        return Paragraph(text, "numbered" if numbered else "bullet", len(indents) - 1)


def _paragraphs(lines: list[str], layout: Layout, indented_quotes: bool = False) -> list[Paragraph]:
    rows = [line.rstrip() for line in lines if line.strip()]
    reader = _Reader(layout, indented_quotes, max((len(r) for r in rows), default=0))
    if layout == "lines":
        for row in rows:
            if _RULE.match(row):
                continue
            reader.line(row)
        reader.flush()
    else:
        for block in _blocks(lines):
            reader.block(block)
    return [p for p in reader.out if p.text]


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
        if not any(row.startswith(" ") for row in block) or _is_marked(first):
            break
        front.append(Paragraph(normalise(" ".join(block)), front=True))
        index = end
    return front, lines[index:]

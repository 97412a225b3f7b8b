"""Paragraph answers as the drafter types them, turned into Markdown with their structure and nothing else.

What is structure, line by line (everything else prints literally, ``*``, ``#`` and ``1.`` included):

- a blank line starts a new paragraph; a single line break joins the lines with a space;
- a line starting ``1.`` or ``1)`` (one or two digits, then a space) is a numbered list item; the first
  item's number is where the list starts;
- a line starting ``-``, ``•``, ``*`` or ``–`` and a space is a bullet;
- a list line indented by two or more spaces (or a tab) more than the item above is nested under it;
- a line starting ``>`` is a quotation, set as its own indented paragraph;
- a line that follows a list item without a blank line continues that item;
- a backslash before any of these markers at the start of a line (``\\- text``, ``\\2. text``) keeps
  the marker as text, and the backslash is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from drafter.render.markdown_text import MarkdownText, escape_markdown

NUMBERED_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<number>\d{1,2})[.)][ \t]+(?P<text>\S.*)$")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)[-•*–][ \t]+(?P<text>\S.*)$")
_QUOTE = re.compile(r"^[ \t]*>[ \t]?(?P<text>.*)$")
_ESCAPED_MARKER = re.compile(r"^(?P<indent>[ \t]*)\\(?=\\*(?:[-•*–>]|\d{1,2}[.)]))")


@dataclass
class _Item:
    kind: str  # "numbered" | "bullet"
    width: int
    number: int
    lines: list[str]


@dataclass
class _Level:
    kind: str
    width: int
    indent: str


def indent_width(indent: str) -> int:
    """How far a line's leading spaces and tabs indent it (a tab counts four)."""
    return len(indent.replace("\t", "    "))


def literal_line(text: str) -> str:
    """``text`` as a paragraph answer that stays one plain paragraph even if it starts like a list item."""
    if NUMBERED_LINE.match(text) or _BULLET.match(text) or _QUOTE.match(text) or _ESCAPED_MARKER.match(text):
        return "\\" + text.lstrip()
    return text


def has_structure(text: str) -> bool:
    """True when ``text`` has a paragraph break, a list line or a quotation line."""
    if "\n\n" in text.strip():
        return True
    return any(
        NUMBERED_LINE.match(line) or _BULLET.match(line) or _QUOTE.match(line) or _ESCAPED_MARKER.match(line)
        for line in text.splitlines()
    )


@lru_cache(maxsize=1024)  # pure, and a batch prints the same answers again and again
def free_text(text: str) -> MarkdownText:
    """Markdown for a paragraph answer: its paragraphs, lists and quotations, every word escaped."""
    if not has_structure(text):
        return MarkdownText(escape_markdown(text))
    builder = _Builder()
    for line in text.replace("\r\n", "\n").split("\n"):
        builder.add(line)
    builder.flush()
    return MarkdownText("\n\n".join(builder.blocks))


class _Builder:
    """Markdown blocks built line by line: the paragraph, quotation or list under way, and those done."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.paragraph: list[str] = []
        self.quote: list[str] = []
        self.items: list[_Item] = []

    def add(self, raw: str) -> None:
        """Take one line of the answer."""
        escaped = _ESCAPED_MARKER.match(raw)
        line = raw[: escaped.end() - 1] + raw[escaped.end() :] if escaped else raw
        if not line.strip():
            self.flush()
        elif escaped:
            self._text(line)
        elif item := NUMBERED_LINE.match(line) or _BULLET.match(line):
            self._item(item)
        elif (quoted := _QUOTE.match(line)) and not self.items:
            if self.paragraph:
                self.flush()
            self.quote.append(quoted.group("text"))
        else:
            self._text(line)

    def _item(self, match: re.Match[str]) -> None:
        if self.paragraph or self.quote:
            self.flush()
        numbered = "number" in match.groupdict()
        number = int(match.group("number")) if numbered else 0
        kind = "numbered" if numbered else "bullet"
        self.items.append(_Item(kind, indent_width(match.group("indent")), number, [match.group("text")]))

    def _text(self, line: str) -> None:
        """A line of text: the rest of the item, quotation or paragraph under way."""
        if self.items:
            self.items[-1].lines.append(line.strip())
        elif self.quote:
            self.quote.append(line.strip())
        else:
            self.paragraph.append(line.strip())

    def flush(self) -> None:
        """Close the paragraph, quotation or list under way."""
        if self.paragraph:
            self.blocks.append(escape_markdown(" ".join(self.paragraph)))
            self.paragraph.clear()
        if self.quote:
            self.blocks.append("> " + escape_markdown(" ".join(self.quote)))
            self.quote.clear()
        if self.items:
            self.blocks.append(_list_markdown(self.items))
            self.items.clear()


def _list_markdown(items: list[_Item]) -> str:
    """Nested Markdown lists; each nesting level is indented to its parent item's content."""
    lines: list[str] = []
    levels: list[_Level] = []
    for item in items:
        while len(levels) > 1 and item.width < levels[-1].width:
            levels.pop()
        if not levels:
            levels.append(_Level(item.kind, item.width, ""))
        elif item.width >= levels[-1].width + 2:
            parent = levels[-1]
            marker_width = 3 if parent.kind == "bullet" else 4
            levels.append(_Level(item.kind, item.width, parent.indent + " " * marker_width))
        elif item.kind != levels[-1].kind:
            # Another kind at the same depth is another list: Markdown needs a blank line between them.
            levels[-1] = _Level(item.kind, item.width, levels[-1].indent)
            lines.append("")
        level = levels[-1]
        text = escape_markdown(" ".join(item.lines))
        marker = f"{item.number}." if item.kind == "numbered" else "-"
        if lines:
            lines.append("")
        lines.append(f"{level.indent}{marker} {text}")
    return "\n".join(lines)

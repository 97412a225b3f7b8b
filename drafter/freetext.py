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

from drafter.markdown_text import MarkdownText, escape_markdown

_NUMBERED = re.compile(r"^(?P<indent>[ \t]*)(?P<number>\d{1,2})[.)][ \t]+(?P<text>\S.*)$")
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


def _width(indent: str) -> int:
    return len(indent.replace("\t", "    "))


def literal_line(text: str) -> str:
    """``text`` as a paragraph answer that stays one plain paragraph even if it starts like a list item."""
    if _NUMBERED.match(text) or _BULLET.match(text) or _QUOTE.match(text) or _ESCAPED_MARKER.match(text):
        return "\\" + text.lstrip()
    return text


def has_structure(text: str) -> bool:
    """True when ``text`` has a paragraph break, a list line or a quotation line."""
    if "\n\n" in text.strip():
        return True
    return any(
        _NUMBERED.match(line) or _BULLET.match(line) or _QUOTE.match(line) or _ESCAPED_MARKER.match(line)
        for line in text.splitlines()
    )


def free_text(text: str) -> MarkdownText:
    """Markdown for a paragraph answer: its paragraphs, lists and quotations, every word escaped."""
    if not has_structure(text):
        return MarkdownText(escape_markdown(text))
    blocks: list[str] = []
    paragraph: list[str] = []
    quote: list[str] = []
    items: list[_Item] = []

    def flush() -> None:
        if paragraph:
            blocks.append(escape_markdown(" ".join(paragraph)))
            paragraph.clear()
        if quote:
            blocks.append("> " + escape_markdown(" ".join(quote)))
            quote.clear()
        if items:
            blocks.append(_list_markdown(items))
            items.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        escaped = _ESCAPED_MARKER.match(raw)
        line = raw[: escaped.end() - 1] + raw[escaped.end() :] if escaped else raw
        numbered = bullet = quoted = None
        if not escaped:
            numbered, bullet, quoted = _NUMBERED.match(line), _BULLET.match(line), _QUOTE.match(line)
        if not line.strip():
            flush()
        elif numbered or bullet:
            if paragraph or quote:
                flush()
            match = numbered or bullet
            assert match is not None
            kind = "numbered" if numbered else "bullet"
            number = int(numbered.group("number")) if numbered else 0
            items.append(_Item(kind, _width(match.group("indent")), number, [match.group("text")]))
        elif quoted and not items:
            if paragraph:
                flush()
            quote.append(quoted.group("text"))
        elif items:
            items[-1].lines.append(line.strip())
        elif quote:
            quote.append(line.strip())
        else:
            paragraph.append(line.strip())
    flush()
    return MarkdownText("\n\n".join(blocks))


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

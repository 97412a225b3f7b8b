"""Markdown, as templates render it, turned into typed blocks: headings, paragraphs, list items.

Pure: no Word, no files. A thematic break (``---``) ends the front matter (the header block of the
reading copy); everything before it is marked ``front``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

BlockKind = Literal["heading", "paragraph", "item", "rule"]
ListKind = Literal["numbered", "bullet"]


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """One paragraph of the statement and what it is."""

    kind: BlockKind
    spans: tuple[Span, ...] = ()
    level: int = 0
    list_kind: ListKind | None = None
    list_id: int = 0
    start: int = 1
    indent: int = 0
    front: bool = False

    @property
    def text(self) -> str:
        """The block's plain text."""
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Draft:
    """A statement as blocks, in reading order."""

    blocks: tuple[Block, ...]

    @property
    def front(self) -> tuple[Block, ...]:
        """The header block: delegation, meeting, place and date."""
        return tuple(b for b in self.blocks if b.front)

    @property
    def body(self) -> tuple[Block, ...]:
        """The statement as delivered."""
        return tuple(b for b in self.blocks if not b.front)

    @property
    def title(self) -> str:
        """The text of the first heading, or an empty string."""
        return next((b.text for b in self.blocks if b.kind == "heading"), "")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _spans(token: Token) -> tuple[Span, ...]:
    spans: list[Span] = []
    bold = italic = 0
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        else:
            text = {"softbreak": " ", "hardbreak": "\n", "image": child.content}.get(kind, child.content)
            if not text:
                continue
            if spans and (spans[-1].bold, spans[-1].italic) == (bold > 0, italic > 0):
                spans[-1] = replace(spans[-1], text=spans[-1].text + text)
            else:
                spans.append(Span(text, bold > 0, italic > 0))
    return tuple(spans)


@dataclass
class _ListLevel:
    kind: ListKind
    start: int
    item_open: bool = False


def parse_blocks(markdown: str) -> Draft:
    """Parse rendered Markdown into a Draft."""
    tokens = _parser().parse(markdown)
    blocks: list[Block] = []
    lists: list[_ListLevel] = []
    list_id = 0
    heading_level = 0
    front_closed = False
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            if not lists:
                list_id += 1
            start = int(token.attrGet("start") or 1)
            lists.append(_ListLevel("numbered" if kind == "ordered_list_open" else "bullet", start))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            lists[-1].item_open = True
        elif kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "hr":
            if not front_closed and blocks:
                blocks = [replace(b, front=True) for b in blocks]
                front_closed = True
            else:
                blocks.append(Block("rule"))
        elif kind == "inline":
            spans = _spans(token)
            if heading_level:
                blocks.append(Block("heading", spans, level=heading_level))
                heading_level = 0
            elif lists and lists[-1].item_open:
                current = lists[-1]
                current.item_open = False
                blocks.append(
                    Block(
                        "item",
                        spans,
                        level=len(lists) - 1,
                        list_kind=current.kind,
                        list_id=list_id,
                        start=current.start,
                    )
                )
            else:
                blocks.append(Block("paragraph", spans, indent=len(lists)))
        elif kind in ("fence", "code_block", "html_block"):
            blocks.append(Block("paragraph", (Span(token.content.rstrip("\n")),), indent=len(lists)))
    return Draft(tuple(blocks))

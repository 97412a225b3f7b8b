"""Markdown, as templates render it, turned into typed blocks: headings, paragraphs, list items, quotations.

Pure: no Word, no files. A thematic break (``---``) ends the front matter (the header block of the
reading copy); everything before it is marked ``front``.

Every Markdown list, top-level or nested, is one :class:`ListSpec` holding its identity, kind, level and
first number; its items point to it and carry their own number. Writers lay lists out from these and
never work out a list's shape again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from drafter.errors import InputError, Problem

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

BlockKind = Literal["heading", "paragraph", "item", "quote", "rule"]
ListKind = Literal["numbered", "bullet"]


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class ListSpec:
    """One list of the statement: a top-level list, or a list nested in an item of ``parent``."""

    id: int
    kind: ListKind
    level: int = 0
    start: int = 1
    parent: ListSpec | None = field(default=None, repr=False)

    @property
    def kinds(self) -> dict[int, ListKind]:
        """The kind of this list and of each list it is nested in, by level."""
        kinds: dict[int, ListKind] = {}
        spec: ListSpec | None = self
        while spec is not None:
            kinds[spec.level] = spec.kind
            spec = spec.parent
        return kinds


@dataclass(frozen=True)
class Block:
    """One paragraph of the statement and what it is.

    ``level`` is a heading's level; ``list_spec`` and ``number`` place an item in its list;
    ``indent`` is how many lists a paragraph or quotation sits in (a list item's later paragraphs).
    """

    kind: BlockKind
    spans: tuple[Span, ...] = ()
    level: int = 0
    list_spec: ListSpec | None = None
    number: int = 0
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

    @property
    def lists(self) -> tuple[ListSpec, ...]:
        """Every list its items belong to, each once, a list before the lists nested in it."""
        found: dict[int, ListSpec] = {}
        for block in self.blocks:
            lineage: list[ListSpec] = []
            spec = block.list_spec
            while spec is not None and spec.id not in found:
                lineage.append(spec)
                spec = spec.parent
            for ancestor in reversed(lineage):
                found[ancestor.id] = ancestor
        return tuple(found.values())


# markdown-it silently skips what is nested deeper than its bound (20 by default: ten lists); a list
# level and its item count two. Deeper than this is refused, never dropped.
MAX_NESTING = 200


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark without what templates never write and answers cannot (answers are escaped): links,
    # images, raw HTML, entities, link references, fenced code, underlined headings.
    unused = ["link", "image", "autolink", "html_inline", "html_block", "entity", "reference", "fence", "lheading"]
    return MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).disable(unused)


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
class _OpenList:
    spec: ListSpec
    items: int = 0
    item_open: bool = False


_LIST_OPEN = {"bullet_list_open": "bullet", "ordered_list_open": "numbered"}
# Tokens that start a block inside a list item: an item opened by one of them has no text of its own.
_ITEM_INTERRUPTIONS = frozenset(
    {*_LIST_OPEN, "blockquote_open", "heading_open", "hr", "fence", "code_block", "html_block", "list_item_close"}
)


class _Parser:
    """One pass over markdown-it's tokens."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lists: list[ListSpec] = []
        self.open: list[_OpenList] = []
        self.quotes = 0
        self.heading_level = 0
        self.front_closed = False

    def run(self, tokens: Iterable[Token]) -> Draft:
        for token in tokens:
            if token.type in _ITEM_INTERRUPTIONS:
                self._close_item(())
            self._token(token)
        return Draft(tuple(self.blocks))

    def _token(self, token: Token) -> None:
        kind = token.type
        if kind in _LIST_OPEN:
            parent = self.open[-1].spec if self.open else None
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 1
            spec = ListSpec(
                len(self.lists) + 1,
                "numbered" if kind == "ordered_list_open" else "bullet",
                len(self.open),
                start,
                parent,
            )
            self.lists.append(spec)
            self.open.append(_OpenList(spec))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.open.pop()
        elif kind == "list_item_open":
            self.open[-1].item_open = True
        elif kind == "blockquote_open":
            self.quotes += 1
        elif kind == "blockquote_close":
            self.quotes -= 1
        elif kind == "heading_open":
            self.heading_level = int(token.tag[1:])
        elif kind == "hr":
            if not self.front_closed:
                # The first "---" ends the header block, even an empty one (every heading line dropped).
                self.blocks = [replace(b, front=True) for b in self.blocks]
                self.front_closed = True
            else:
                self.blocks.append(Block("rule"))
        elif kind == "inline":
            self._inline(_spans(token))
        elif kind in ("fence", "code_block", "html_block"):
            self._inline((Span(token.content.rstrip("\n")),))

    def _inline(self, spans: tuple[Span, ...]) -> None:
        if self.heading_level:
            self.blocks.append(Block("heading", spans, level=self.heading_level))
            self.heading_level = 0
        elif self.open and self.open[-1].item_open:
            self._close_item(spans)
        else:
            self.blocks.append(Block("quote" if self.quotes else "paragraph", spans, indent=len(self.open)))

    def _close_item(self, spans: tuple[Span, ...]) -> None:
        """The open item's first paragraph: ``spans``, or nothing when the item starts with another block."""
        if not self.open or not self.open[-1].item_open:
            return
        current = self.open[-1]
        current.item_open = False
        spec = current.spec
        number = spec.start + current.items if spec.kind == "numbered" else current.items + 1
        current.items += 1
        self.blocks.append(Block("item", spans, list_spec=spec, number=number))


# A blank line followed by a line that starts no list item, continuation or quotation: a boundary
# that no block crosses in CommonMark once link references are off, so the text on either side
# parses to the same tokens alone as together.
_BOUNDARY = re.compile(r"\n(?:[ \t]*\n)+(?=[^\s\-+*>0-9])")


@lru_cache(maxsize=256)  # a batch renders the same paragraphs statement after statement
def _segment_tokens(segment: str) -> tuple[Token, ...]:
    tokens = tuple(_parser().parse(segment))
    if any(token.nesting == 1 and token.level >= MAX_NESTING - 1 for token in tokens):
        # What this block holds would be skipped: refused rather than lost.
        deepest = MAX_NESTING // 2 - 1
        raise InputError(Problem(f"lists are nested more than {deepest} deep (or quotations twice that); refused"))
    return tokens


def parse_blocks(markdown: str) -> Draft:
    """Parse rendered Markdown into a Draft.

    The text is parsed piece by piece between block boundaries, and the tokens of a piece already seen
    are reused: in a batch most paragraphs of one statement are those of the one before.
    """
    tokens = [token for segment in _BOUNDARY.split(markdown) for token in _segment_tokens(segment)]
    return _Parser().run(tokens)

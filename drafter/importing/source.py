"""A delivered statement as typed paragraphs: what every reader returns and every later step reads.

Each paragraph has its kind (paragraph, numbered or bullet list item, quotation), its list level, whether
it belongs to the heading block (``front``), and the hints its file gave (a heading style, the style's
name). When a file says where its heading block ends (drafter's own reading copies: the front-page styles,
a ``---`` line, centred lines), ``front_known`` is true; otherwise ``front`` decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from drafter.document.blocks import Draft

Kind = Literal["paragraph", "numbered", "bullet", "quote"]
_SPACES = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a delivered statement."""

    text: str
    kind: Kind = "paragraph"
    level: int = 0
    front: bool = False
    heading: bool = False  # set as a heading (a theme's title in the body)
    style: str = ""  # the Word style or the role the file gives it ("Title", "Subtitle", …), when it says

    @property
    def is_list(self) -> bool:
        """True for a numbered or bulleted list item."""
        return self.kind in ("numbered", "bullet")


@dataclass(frozen=True)
class Source:
    """What a reader found: the paragraphs, whether the file marks its heading block, and its layout."""

    paragraphs: tuple[Paragraph, ...]
    front_known: bool
    layout: str = ""  # how the file lays out its paragraphs, for the report

    @property
    def front(self) -> tuple[Paragraph, ...]:
        """The heading block."""
        return tuple(p for p in self.paragraphs if p.front)

    @property
    def body(self) -> tuple[Paragraph, ...]:
        """The statement as delivered."""
        return tuple(p for p in self.paragraphs if not p.front)

    def without_end_mark(self, mark: str) -> tuple[Source, str]:
        """The same paragraphs with ``mark`` ("./.") taken off the end of the last one (where it stood in
        place of a full stop), and the mark; the source as it is and "" when it does not end so."""
        last = self.paragraphs[-1] if self.paragraphs else None
        if last is None or not last.text.endswith(mark) or last.text == mark:
            return self, ""
        text = last.text[: -len(mark)]
        text = text if text.endswith((".", "!", "?")) else text + "."
        return replace(self, paragraphs=(*self.paragraphs[:-1], replace(last, text=text))), mark

    def with_front(self, count: int) -> Source:
        """The same paragraphs, the first ``count`` of them as the heading block."""
        paragraphs = tuple(replace(p, front=i < count) for i, p in enumerate(self.paragraphs))
        return Source(paragraphs, True, self.layout)


def normalise(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space (non-breaking spaces are kept)."""
    return _SPACES.sub(" ", text).strip()


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
            style = _STYLES.get(block.level, "") if block.kind == "heading" and block.front else ""
            paragraphs.append(Paragraph(content, front=block.front, heading=block.kind == "heading", style=style))
    return paragraphs


# The heading levels of drafter's Markdown front block, as the styles of its Word copy.
_STYLES = {1: "Title", 2: "Subtitle"}

"""What a paragraph answer's structure reads as, said back after it is typed:
"2 paragraphs, a numbered list of 3 items (2 with sub-points), 1 quotation"."""

from __future__ import annotations

from dataclasses import dataclass, field

from drafter.document.blocks import Block, ListSpec, parse_blocks
from drafter.render.freetext import free_text


@dataclass
class _List:
    spec: ListSpec
    items: int = 0
    nested: set[int] = field(default_factory=set)  # the lists nested in its items


@dataclass
class _Count:
    paragraphs: int = 0
    quotations: int = 0
    lists: list[_List] = field(default_factory=list)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _top(spec: ListSpec) -> ListSpec:
    while spec.parent is not None:
        spec = spec.parent
    return spec


def _count(blocks: list[Block]) -> _Count:
    count = _Count()
    for block in blocks:
        if block.kind == "paragraph" and block.indent == 0:
            count.paragraphs += 1
        elif block.kind == "quote":
            count.quotations += 1
        elif block.kind == "item" and block.list_spec is not None:
            spec = block.list_spec
            top = _top(spec)
            if not count.lists or count.lists[-1].spec.id != top.id:
                count.lists.append(_List(top))
            if spec.id == top.id:
                count.lists[-1].items += 1
            elif spec.parent is not None and spec.parent.id == top.id:
                count.lists[-1].nested.add(spec.id)
    return count


def describe(text: str) -> str:
    """The structure of a paragraph answer in words."""
    blocks = parse_blocks(str(free_text(text))).body
    count = _count(list(blocks))
    parts = [_plural(count.paragraphs, "paragraph")] if count.paragraphs else []
    for found in count.lists:
        kind = "numbered list" if found.spec.kind == "numbered" else "bulleted list"
        extra = f" ({len(found.nested)} with sub-points)" if found.nested else ""
        parts.append(f"a {kind} of {_plural(found.items, 'item')}{extra}")
    if count.quotations:
        parts.append(_plural(count.quotations, "quotation"))
    return ", ".join(parts) or "empty"

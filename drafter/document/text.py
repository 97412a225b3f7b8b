"""Plain-text and Markdown copies of a statement, for a quick look or a paste into an e-mail."""

from __future__ import annotations

import textwrap

from drafter.document.blocks import Block, Draft
from drafter.document.info import bullet_symbol

WIDTH = 80
STEP = "    "


def to_markdown(markdown: str, marker: str) -> str:
    """The rendered Markdown, with the front-page marker on top."""
    return (f"*{marker}*\n\n" if marker else "") + markdown


def _label(block: Block) -> tuple[str, int]:
    """An item's marker ("3." or a bullet) and its list's level, as the blocks give them."""
    spec = block.list_spec
    if spec is None:
        return "", 0
    if spec.kind == "numbered":
        return f"{block.number}.", spec.level
    return bullet_symbol(dict(spec.kinds), spec.level), spec.level


def _lines(block: Block) -> list[str]:
    text = block.text
    if block.kind == "rule":
        return ["* * *".center(WIDTH)]
    if block.kind == "heading" or (block.front and block.kind == "paragraph"):
        return [line.center(WIDTH).rstrip() for line in textwrap.wrap(text, WIDTH)]
    if block.kind == "item":
        label, level = _label(block)
        indent = STEP * level
        hanging = " " * (len(indent) + len(label) + 1)
        return textwrap.wrap(text, WIDTH, initial_indent=f"{indent}{label} ", subsequent_indent=hanging) or [
            f"{indent}{label}"
        ]
    indent = STEP * block.indent
    if block.kind == "quote":
        # A quotation stands apart: indented one step more than its surroundings, on both sides.
        indent += STEP
        return textwrap.wrap(text, WIDTH - len(STEP), initial_indent=indent, subsequent_indent=indent)
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def to_text(draft: Draft, marker: str) -> str:
    """The statement as wrapped plain text: numbered items numbered, bullets marked, quotations indented."""
    out: list[str] = [marker.rjust(WIDTH), ""] if marker else []
    for block in draft.blocks:
        out += [*_lines(block), ""]
    return "\n".join(out).rstrip() + "\n"

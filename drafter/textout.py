"""Plain-text and Markdown copies of a statement, for a quick look or a paste into an e-mail."""

from __future__ import annotations

import textwrap

from drafter.blocks import Draft
from drafter.layout import bullet_symbol

WIDTH = 80


def to_markdown(markdown: str, marker: str) -> str:
    """The rendered Markdown, with the front-page marker on top."""
    return (f"*{marker}*\n\n" if marker else "") + markdown


def to_text(draft: Draft, marker: str) -> str:
    """The statement as wrapped plain text: numbered items numbered, bullets marked."""
    out: list[str] = [marker.rjust(WIDTH), ""] if marker else []
    counters: dict[tuple[int, int], int] = {}
    kinds: dict[int, str] = {}
    for block in draft.blocks:
        text = block.text
        if block.kind == "rule":
            out += ["* * *".center(WIDTH), ""]
            continue
        if block.kind == "heading" or (block.front and block.kind == "paragraph"):
            out += [line.center(WIDTH).rstrip() for line in textwrap.wrap(text, WIDTH)] + [""]
            continue
        if block.kind == "item" and block.list_kind:
            key = (block.list_id, block.level)
            counters[key] = counters.get(key, block.start - 1 if block.level == 0 else 0) + 1
            for deeper in [k for k in counters if k[0] == block.list_id and k[1] > block.level]:
                del counters[deeper]
            kinds[block.level] = block.list_kind
            label = f"{counters[key]}." if block.list_kind == "numbered" else bullet_symbol(kinds, block.level)
            indent = "    " * block.level
            hanging = " " * (len(indent) + len(label) + 1)
            out += [*textwrap.wrap(text, WIDTH, initial_indent=f"{indent}{label} ", subsequent_indent=hanging), ""]
            continue
        indent = "    " * block.indent
        out += [*textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent), ""]
    return "\n".join(out).rstrip() + "\n"

"""What the reading copy shows besides the statement, whatever the output format."""

from __future__ import annotations

from dataclasses import dataclass

BULLETS = ("•", "–", "▪")
WORD_LIST_LEVELS = 9  # Word's lists have nine levels (0–8); the Word copy sets deeper items at the ninth


def bullet_symbol(level_kinds: dict[int, str], level: int) -> str:
    """The bullet of ``level``: one symbol per depth of bullet levels above it, numbered levels skipped."""
    depth = sum(1 for lower in range(level) if level_kinds.get(lower, "bullet") == "bullet")
    return BULLETS[depth % len(BULLETS)]


@dataclass(frozen=True)
class DocumentInfo:
    """What the reading copy says about itself: core properties and the front-page marker."""

    title: str
    delegation: str
    meeting: str
    marker: str
    language_tag: str
    comments: str = ""
    category: str = ""
    right_to_left: bool = False

"""What the reading copy shows besides the statement, whatever the output format."""

from __future__ import annotations

from dataclasses import dataclass

BULLETS = ("•", "–", "▪")


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

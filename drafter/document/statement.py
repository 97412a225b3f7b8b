"""A rendered statement: what every writer turns into a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafter.document.blocks import Draft
from drafter.document.info import DocumentInfo
from drafter.document.timing import Estimate
from drafter.errors import Problem


@dataclass(frozen=True)
class Statement:
    """A rendered statement: its answers, its Markdown, its blocks and what the document says of itself."""

    template: str
    answers: dict[str, object]
    markdown: str
    draft: Draft
    info: DocumentInfo
    estimate: Estimate
    reference: Path | None
    warnings: tuple[Problem, ...] = ()

"""Statements other delegations really delivered, rebuilt word for word from answers files in ``seeds/``.

Each ``tests/data/real/<slug>.txt`` holds a statement as it was published (its source and date are in
the comment at the top of ``seeds/<slug>.yaml`` and in ``tests/data/real/SOURCES*.md``): the heading
lines, a ``---`` line, then the statement, one paragraph per block, list items marked ``1.`` or ``-``
(nested ones indented), quotations marked ``>``. The built-in templates render each answers file with no
change to a template; the reading copy must hold every paragraph of the statement, in order, with its
list structure, and not one sentence more. The heading lines are compared as a set: the reading copy
lays them out its own way (the marker first on page 1).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import ROOT, Para, Result, numbering_formats, read_paragraphs

REAL = Path(__file__).parent / "data" / "real"
SLUGS = sorted(p.stem for p in REAL.glob("*.txt"))
_NUMBERED = re.compile(r"^(\s*)\d{1,2}[.)]\s+")
_BULLET = re.compile(r"^(\s*)[-•]\s+")
_QUOTE = re.compile(r"^>\s?")


@dataclass(frozen=True)
class Line:
    """A paragraph of a statement: its text (whitespace normalised), and its place in a list."""

    text: str
    kind: str = "paragraph"  # paragraph, numbered, bullet or quote
    level: int = 0


def normalised(text: str) -> str:
    """Runs of whitespace (non-breaking spaces included) as one space."""
    return " ".join(text.split())


def _line(block: str) -> Line:
    for pattern, kind in ((_NUMBERED, "numbered"), (_BULLET, "bullet")):
        match = pattern.match(block)
        if match:
            return Line(normalised(block[match.end() :]), kind, 1 if len(match.group(1)) >= 2 else 0)
    if _QUOTE.match(block):
        return Line(normalised(_QUOTE.sub("", block)), "quote")
    return Line(normalised(block))


def delivered(slug: str, folder: Path = REAL) -> tuple[set[str], list[Line]]:
    """The stored statement (``folder/slug.txt``): its heading lines, and its paragraphs in order."""
    heading, lines = stored(folder / f"{slug}.txt")
    return set(heading), lines


def stored(path: Path) -> tuple[list[str], list[Line]]:
    """A stored statement: its heading lines in order (before ``---``), and its paragraphs in order."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n") if not text.startswith("---\n") else ("", "", text[4:])
    heading = [normalised(b) for b in re.split(r"\n\s*\n", head) if b.strip()]
    lines: list[Line] = []
    for block in re.split(r"\n\s*\n", body):
        if not block.strip():
            continue
        # A list written one item per line, without blank lines between the items.
        rows = block.splitlines()
        if len(rows) > 1 and all(_NUMBERED.match(r) or _BULLET.match(r) for r in rows):
            lines.extend(_line(r) for r in rows)
        else:
            lines.append(_line(block))
    return heading, lines


def reading_copy(path: Path) -> tuple[set[str], list[Line]]:
    """The reading copy as Word shows it: heading lines (marker included), then the statement."""
    paragraphs = read_paragraphs(path)
    formats: dict[int, dict[int, tuple[str, int]]] = {}
    front_end = _front_end(paragraphs)
    heading = {normalised(p.text) for p in paragraphs[:front_end] if p.text.strip()}
    lines: list[Line] = []
    for p in paragraphs[front_end:]:
        if not p.text.strip():
            continue
        if p.num_id is not None and p.level is not None:
            if p.num_id not in formats:
                formats[p.num_id] = numbering_formats(path, p.num_id)
            kind = "bullet" if formats[p.num_id][p.level][0] == "bullet" else "numbered"
            lines.append(Line(normalised(p.text), kind, p.level))
        elif p.style == "Quote":
            lines.append(Line(normalised(p.text), "quote"))
        else:
            lines.append(Line(normalised(p.text)))
    return heading, lines


FRONT_STYLES = frozenset({"Statement Marker", "Title", "Subtitle", "Statement Front"})


def _front_end(paragraphs: list[Para]) -> int:
    """Index of the statement's first paragraph: the one after the header block (marker, title, lines)."""
    return next((i for i, p in enumerate(paragraphs) if p.style not in FRONT_STYLES), len(paragraphs))


@pytest.mark.parametrize("slug", SLUGS)
def test_real_statement_word_for_word(slug: str, drafter: Callable[..., Result], isolated: Path) -> None:
    answers = ROOT / "seeds" / f"{slug}.yaml"
    assert answers.exists(), f"no answers file seeds/{slug}.yaml for tests/data/real/{slug}.txt"
    result = drafter("render", answers, "-o", "copy.docx")
    assert result.code == 0, result.err
    heading, body = delivered(slug)
    copy_heading, copy_body = reading_copy(isolated / "copy.docx")
    assert copy_body == body
    assert copy_heading == heading


def test_corpus_covers_every_kind_both_languages_and_many_delegations() -> None:
    kinds = {"general-debate", "open-debate", "hrc-dialogue", "explanation-of-vote", "right-of-reply"}
    kinds |= {"joint-statement", "interactive-dialogue"}
    templates = set()
    for slug in SLUGS:
        text = (ROOT / "seeds" / f"{slug}.yaml").read_text(encoding="utf-8")
        templates.add(re.search(r"^template: (\S+)", text, re.M).group(1))  # type: ignore[union-attr]
    assert kinds <= templates
    assert len(SLUGS) >= 15
    assert sum(s.startswith("fr-") for s in SLUGS) >= 5
    assert len({s.split("-")[-2] for s in SLUGS}) >= 6

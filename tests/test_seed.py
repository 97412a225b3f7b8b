"""The founding example: the seed answers reproduce Belgium's 2014 statement word for word."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import ORIGINAL, SEED, Para, Result, numbering_formats, read_paragraphs

MARKERS = re.compile(r"^(?:•|\d+\.)\s+")


def original_lines() -> list[str]:
    """The received text's printed lines, list markers removed (Word numbering supplies them)."""
    lines = [line.strip() for line in ORIGINAL.read_text(encoding="utf-8").splitlines()]
    return [MARKERS.sub("", line) for line in lines if line]


def join_line(paragraph: str, line: str) -> str:
    """Join a printed line to the paragraph so far, mending the one word split across lines."""
    if not paragraph:
        return line
    if paragraph.endswith("Secretary-"):
        return paragraph + line
    return f"{paragraph} {line}"


@pytest.fixture
def seed_docx(drafter: Callable[..., Result], isolated: Path) -> list[Para]:
    result = drafter("render", SEED, "-o", "belgium.docx")
    assert result.code == 0, result.err
    return read_paragraphs(isolated / "belgium.docx")


def body(paragraphs: list[Para]) -> list[Para]:
    """The statement as delivered: everything after the header block."""
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Mr. President,")
    return paragraphs[start:]


def test_every_paragraph_word_for_word_and_in_order(seed_docx: list[Para]) -> None:
    lines = original_lines()
    position = 0
    for paragraph in body(seed_docx):
        rebuilt = ""
        while rebuilt != paragraph.text:
            assert position < len(lines), f"the original ends before: {paragraph.text[:60]!r}"
            rebuilt = join_line(rebuilt, lines[position])
            position += 1
            assert paragraph.text.startswith(rebuilt), (
                f"paragraph differs from the original:\n  drafter:  {paragraph.text[:200]!r}\n"
                f"  original: {rebuilt[:200]!r}"
            )
    assert position == len(lines), f"original text left over: {lines[position:]}"


def test_body_has_the_seed_shape(seed_docx: list[Para]) -> None:
    paragraphs = body(seed_docx)
    texts = [p.text for p in paragraphs]
    assert len(paragraphs) == 16
    assert texts[0] == "Mr. President,"
    assert texts[1].startswith("Belgium fully aligns itself with the statement of the EU and with")
    assert texts[12] == "Mr. President,"
    assert texts[-1] == "Mr. President, I thank you for your attention."
    assert "« informal dialogue » ;" in texts[3]
    assert "“Rights Up Front”" in texts[6]
    assert "(31st of March – 1st of April 2014)" in texts[7]


def test_actions_are_one_numbered_list_and_points_nested_bullets(seed_docx: list[Para], isolated: Path) -> None:
    items = [p for p in seed_docx if p.num_id is not None]
    actions = [p for p in items if p.level == 0]
    bullets = [p for p in items if p.level == 1]
    assert [a.text.split(",")[0] for a in actions] == ["Firstly", "Secondly", "Thirdly"]
    assert len(bullets) == 5
    assert {p.num_id for p in items} == {actions[0].num_id}
    assert {a.style for a in actions} == {"List Number"}
    assert {b.style for b in bullets} == {"List Bullet 2"}
    formats = numbering_formats(isolated / "belgium.docx", actions[0].num_id)
    assert formats[0] == ("decimal", 1)
    assert formats[1][0] == "bullet"
    order = [p.level for p in items]
    assert order == [0, 1, 1, 1, 0, 0, 1, 1]


def test_header_block_and_marker_come_first(seed_docx: list[Para]) -> None:
    head = [(p.text, p.style) for p in seed_docx[:4]]
    assert head == [
        ("Check against delivery", "Statement Marker"),
        ("Statement by Belgium", "Title"),
        ("Informal interactive dialogue of the General Assembly on the Responsibility to Protect", "Subtitle"),
        ("New York, 8 September 2014", "Statement Front"),
    ]

"""Markdown to blocks: the header block, paragraphs, nested lists, emphasis."""

from __future__ import annotations

from drafter.blocks import parse_blocks

MARKDOWN = """# Title

Place, date

---

Opening *with emphasis* and **strong**
continued line.

1. First
   - a
   - b
2. Second

   More of second.

- lone bullet

1. restarts
"""


def test_front_matter_ends_at_the_first_rule() -> None:
    draft = parse_blocks(MARKDOWN)
    assert [b.text for b in draft.front] == ["Title", "Place, date"]
    assert draft.title == "Title"


def test_paragraph_spans_and_soft_breaks() -> None:
    opening = parse_blocks(MARKDOWN).body[0]
    assert opening.text == "Opening with emphasis and strong continued line."
    assert [(s.text, s.bold, s.italic) for s in opening.spans if s.bold or s.italic] == [
        ("with emphasis", False, True),
        ("strong", True, False),
    ]


def test_lists_levels_kinds_and_instances() -> None:
    items = [b for b in parse_blocks(MARKDOWN).body if b.kind == "item"]
    assert [(b.text, b.level, b.list_kind) for b in items] == [
        ("First", 0, "numbered"),
        ("a", 1, "bullet"),
        ("b", 1, "bullet"),
        ("Second", 0, "numbered"),
        ("lone bullet", 0, "bullet"),
        ("restarts", 0, "numbered"),
    ]
    assert len({b.list_id for b in items}) == 3
    continuation = next(b for b in parse_blocks(MARKDOWN).body if b.text == "More of second.")
    assert (continuation.kind, continuation.indent) == ("paragraph", 1)

"""Markdown to blocks: the header block, paragraphs, nested lists, quotations, emphasis."""

from __future__ import annotations

from drafter.document.blocks import parse_blocks

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


def test_each_list_is_described_once_and_its_items_point_to_it() -> None:
    draft = parse_blocks(MARKDOWN)
    items = [b for b in draft.body if b.kind == "item"]
    shape = [(b.text, b.list_spec.id, b.list_spec.kind, b.list_spec.level, b.number) for b in items if b.list_spec]
    assert shape == [
        ("First", 1, "numbered", 0, 1),
        ("a", 2, "bullet", 1, 1),
        ("b", 2, "bullet", 1, 2),
        ("Second", 1, "numbered", 0, 2),
        ("lone bullet", 3, "bullet", 0, 1),
        ("restarts", 4, "numbered", 0, 1),
    ]
    assert [spec.id for spec in draft.lists] == [1, 2, 3, 4]
    assert draft.lists[1].parent is draft.lists[0]
    assert items[1].list_spec is items[2].list_spec
    continuation = next(b for b in draft.body if b.text == "More of second.")
    assert (continuation.kind, continuation.indent, continuation.list_spec) == ("paragraph", 1, None)


def test_nested_lists_of_either_kind_keep_their_own_kind_and_start() -> None:
    draft = parse_blocks("1. one\n\n   - a\n   - b\n2. two\n\n   3. c\n   4. d\n\n- x\n\n  1. y\n")
    nested = [(s.kind, s.level, s.start, s.parent.id if s.parent else None) for s in draft.lists]
    assert nested == [
        ("numbered", 0, 1, None),
        ("bullet", 1, 1, 1),
        ("numbered", 1, 3, 1),
        ("bullet", 0, 1, None),
        ("numbered", 1, 1, 4),
    ]
    numbers = [(b.text, b.number) for b in draft.blocks if b.kind == "item"]
    assert numbers == [("one", 1), ("a", 1), ("b", 2), ("two", 2), ("c", 3), ("d", 4), ("x", 1), ("y", 1)]
    assert draft.lists[4].kinds == {0: "bullet", 1: "numbered"}


def test_a_list_starting_elsewhere_numbers_from_there() -> None:
    items = [b for b in parse_blocks("7. seventh\n8. eighth\n").blocks]
    assert [(b.number, b.list_spec.start if b.list_spec else 0) for b in items] == [(7, 7), (8, 7)]


def test_blockquotes_become_quotations() -> None:
    draft = parse_blocks("Before.\n\n> Quoted *words*\n> go on.\n>\n> Second paragraph.\n\n1. item\n\n   > in item\n")
    kinds = [(b.kind, b.text, b.indent) for b in draft.blocks]
    assert kinds == [
        ("paragraph", "Before.", 0),
        ("quote", "Quoted words go on.", 0),
        ("quote", "Second paragraph.", 0),
        ("item", "item", 0),
        ("quote", "in item", 1),
    ]
    assert draft.blocks[1].spans[1].italic


def test_an_item_that_starts_with_a_sub_list_is_still_an_item() -> None:
    draft = parse_blocks("1. - nested\n2. second\n")
    assert [(b.kind, b.text, b.number) for b in draft.blocks] == [
        ("item", "", 1),
        ("item", "nested", 1),
        ("item", "second", 2),
    ]


TRICKY = [
    MARKDOWN,
    "1. one\n\n2. two\n\nafter the list\n\n3. three starts a new list\n",
    "- a\n\n  continued inside a\n\nout\n\n    indented code after a blank line\n\n# heading\n",
    "> quoted\n\n> another quotation\n\nplain\n\n---\n\n---\n\n* * *\n\ntext\n",
    "para\n\n\n\n  - indented bullet after blank lines\n\n1) paren\n\n10. ten\n\nlast *em\n\nstill em*\n",
    "# T\n\n---\n\nMr. President,\n\n1. Firstly\n   - a\n\n     a's second paragraph\n\n"
    "   > a quotation in an item\n\nThank you.\n",
]


def _parsed_whole(markdown: str) -> object:
    from drafter.document.blocks import _Parser, _parser

    return _Parser().run(_parser().parse(markdown))


def test_parsing_piece_by_piece_gives_what_one_parse_gives() -> None:
    """The text is parsed between block boundaries and pieces already seen are reused: the blocks are
    exactly those of one parse of the whole text, for tricky Markdown and every seed and example."""
    from drafter.engine import Engine
    from drafter.inputs.catalog import Catalog
    from drafter.inputs.yamlio import load_yaml

    from helpers import EXAMPLES, ROOT

    engine = Engine(Catalog.default())
    texts = list(TRICKY)
    for path in sorted((ROOT / "seeds").glob("*.yaml")) + sorted(EXAMPLES.glob("*.en.yaml")):
        data = dict(load_yaml(path).data)
        bundle = engine.template(data.pop("template"))
        texts.append(engine.renderer.render(bundle, engine.validate(bundle, data)))
    assert len(texts) > 30
    for text in texts + texts:  # the second round reuses every piece
        assert parse_blocks(text) == _parsed_whole(text), text[:80]

"""Word documents read back: paragraphs with their style and list membership, as plain data.

The one reader of Word's paragraphs and lists, for ``drafter import`` (any delivered statement) and for a
redline's earlier version (``word.tracked``). Every file comes in through ``word.opening``. A paragraph
belongs to a list by its own numbering, else by its style's (following ``w:basedOn``); ``numFmt="none"``
is no list; a level outside Word's nine (0–8) is read as the nearest one, and an item naming a list the
document does not define is read as a paragraph — both said in the warnings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from docx.styles import BabelFish

from drafter.document.blocks import Block, ListKind, ListSpec, Span
from drafter.document.compare import Version
from drafter.word.house import CONTINUE_STYLES, FRONT_STYLE, MARKER_STYLE, QUOTE_STYLE, RULE_STYLE
from drafter.word.numbering import LEVELS, LIST_STYLES, ListLevels, number

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.oxml.text.paragraph import CT_P
    from docx.oxml.xmlchemy import BaseOxmlElement

_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (qn(f"w:{t}") for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_PPR, _PSTYLE, _NUMPR, _ILVL, _NUMID, _VAL = (qn(f"w:{t}") for t in ("pPr", "pStyle", "numPr", "ilvl", "numId", "val"))
_STYLE, _NAME, _BASED_ON, _STYLE_ID, _TYPE, _DEFAULT = (
    qn(f"w:{t}") for t in ("style", "name", "basedOn", "styleId", "type", "default")
)
_WARNINGS = {
    "deep": "list item(s) nested deeper than Word's nine levels, read at the ninth",
    "negative": "list item(s) with a negative level, read at the first",
    "unknown": "paragraph(s) naming a list the document does not define, read as plain paragraphs",
}


@dataclass(frozen=True)
class ListPlace:
    """Where a paragraph sits in a Word list: the list (``w:numId``), its level (0–8) and its kind."""

    num_id: int
    level: int
    kind: ListKind


@dataclass(frozen=True)
class WordParagraph:
    """One paragraph as Word shows it: its text, its style's name, and its list place if it is an item."""

    text: str
    style: str
    place: ListPlace | None


@dataclass(frozen=True)
class WordText:
    """A document's paragraphs in reading order (tables' cells included), and what reading them had to say."""

    paragraphs: tuple[WordParagraph, ...]
    warnings: tuple[str, ...]


class _Styles:
    """The document's paragraph styles by id: name, parent, and the numbering the style itself gives."""

    def __init__(self, doc: WordDocument) -> None:
        self.names: dict[str, str] = {}
        self.parents: dict[str, str] = {}
        self.numbering: dict[str, BaseOxmlElement] = {}
        self.default = ""
        for style in doc.styles.element.iterchildren(_STYLE):
            if style.get(_TYPE, "paragraph") != "paragraph":
                continue
            style_id = style.get(_STYLE_ID) or ""
            # Word writes built-in names as "heading 1"; python-docx and drafter say "Heading 1".
            self.names[style_id] = BabelFish.internal2ui(_val(style.find(_NAME)) or style_id)
            parent = _val(style.find(_BASED_ON))
            if parent:
                self.parents[style_id] = parent
            num_pr = style.find(f"{_PPR}/{_NUMPR}")
            if num_pr is not None:
                self.numbering[style_id] = num_pr
            if style.get(_DEFAULT) in ("1", "true", "on") and not self.default:
                self.default = style_id

    def id_of(self, paragraph: CT_P) -> str:
        style_id = _val(paragraph.find(f"{_PPR}/{_PSTYLE}"))
        return style_id if style_id in self.names else self.default

    def name(self, style_id: str) -> str:
        return self.names.get(style_id, style_id or "Normal")

    def num_pr(self, style_id: str) -> BaseOxmlElement | None:
        """The numbering of ``style_id`` or of the nearest style it is based on (loops cut)."""
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            found = self.numbering.get(style_id)
            if found is not None:
                return found
            style_id = self.parents.get(style_id, "")
        return None


def _val(element: BaseOxmlElement | None) -> str | None:
    return None if element is None else element.get(_VAL)


class WordReader:
    """Paragraphs of one document read as text, style and list place; unusual lists counted for warnings."""

    def __init__(self, doc: WordDocument) -> None:
        self.doc = doc
        self.levels = ListLevels.read(doc)
        self.styles = _Styles(doc)
        self.odd: Counter[str] = Counter()

    def style(self, paragraph: CT_P) -> str:
        """The name of the paragraph's style (the default paragraph style when it names none)."""
        return self.styles.name(self.styles.id_of(paragraph))

    def list_place(self, paragraph: CT_P) -> ListPlace | None:
        """The list place of a paragraph element (``w:p``), from its own numbering, else its style's."""
        ppr = paragraph.find(_PPR)
        num_pr = ppr.find(_NUMPR) if ppr is not None else None
        if num_pr is None or num_pr.find(_NUMID) is None:
            num_pr = self.styles.num_pr(self.styles.id_of(paragraph))
        if num_pr is None:
            return None
        num_id = number(_val(num_pr.find(_NUMID)))
        if not num_id:
            return None  # numId 0 (or none): numbering switched off
        level = self._level(number(_val(num_pr.find(_ILVL))) or 0)
        number_format = self.levels.number_format(num_id, level)
        if number_format is None:
            self.odd["unknown"] += 1
            return None
        if number_format == "none":
            return None
        return ListPlace(num_id, level, "bullet" if number_format == "bullet" else "numbered")

    def _level(self, level: int) -> int:
        if level >= LEVELS:
            self.odd["deep"] += 1
            return LEVELS - 1
        if level < 0:
            self.odd["negative"] += 1
            return 0
        return level

    @property
    def warnings(self) -> tuple[str, ...]:
        """What was read otherwise than it is written, one line per kind."""
        return tuple(f"{count} {_WARNINGS[kind]}" for kind, count in sorted(self.odd.items()))


def body_paragraphs(doc: WordDocument) -> Iterator[CT_P]:
    """Every paragraph element of the body in reading order: tables' cells and content controls included."""
    yield from _paragraphs_in(doc.element.body)


def _paragraphs_in(container: BaseOxmlElement) -> Iterator[CT_P]:
    for child in container.iterchildren(_P, _TBL, _SDT):
        if child.tag == _P:
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _paragraphs_in(content)
        else:
            for row in child.iterchildren(_TR):
                for cell in row.iterchildren(_TC):
                    yield from _paragraphs_in(cell)


def read_word_text(path: Path) -> WordText:
    """The paragraphs of the Word document at ``path`` (refused with one message if it is not safe to read)."""
    from docx.text.paragraph import Paragraph

    from drafter.word.opening import open_document

    doc = open_document(path)
    reader = WordReader(doc)
    paragraphs = tuple(
        WordParagraph(Paragraph(element, doc).text, reader.style(element), reader.list_place(element))
        for element in body_paragraphs(doc)
    )
    return WordText(paragraphs, reader.warnings)


# -- a reading copy read back, for a redline ------------------------------------------------------------
_LIST_STYLE_SHAPES = {name: shape for shape, name in LIST_STYLES.items()}
_RUNS = "./w:r | ./w:ins/w:r | ./w:hyperlink/w:r | ./w:smartTag/w:r"


def read_reading_copy(path: Path) -> Version:
    """A Word document — drafter's reading copy at least — as a marker and blocks.

    Styles say what each paragraph is (the header block, headings, list levels); Word numbering says
    which list an item belongs to, whether it is numbered and where it starts.
    """
    from drafter.word.opening import open_document

    doc = open_document(path)
    reader = _VersionReader(WordReader(doc))
    marker = ""
    for paragraph in doc.element.body.iterchildren(_P):
        spans = tuple(_spans(paragraph, doc))
        style = reader.word.style(paragraph)
        if not "".join(s.text for s in spans).strip() and (
            reader.list_place(paragraph, style) is None or paragraph.xpath("./w:pPr/w:rPr/w:del")
        ):
            continue  # an empty paragraph, or one a tracked deletion removes
        if style == MARKER_STYLE and not reader.blocks and not marker:
            marker = "".join(s.text for s in spans)
            continue
        reader.add(paragraph, style, spans)
    return Version(marker, tuple(reader.blocks))


def _spans(paragraph: CT_P, doc: WordDocument) -> Iterator[Span]:
    """The paragraph's text with its emphasis; in a document with tracked changes, as if accepted."""
    from docx.text.run import Run

    for element in paragraph.xpath(_RUNS):
        run = Run(element, doc)
        if run.text:
            yield Span(run.text, run.bold is True, run.italic is True)


class _VersionReader:
    """Paragraphs to blocks; list items grouped into lists as Markdown nests them."""

    def __init__(self, word: WordReader) -> None:
        self.word = word
        self.blocks: list[Block] = []
        self.open: dict[int, list[tuple[ListSpec, int]]] = {}
        self.next_id = 1

    def add(self, paragraph: CT_P, style: str, spans: tuple[Span, ...]) -> None:
        item = self.list_place(paragraph, style)
        if item is not None:
            self.blocks.append(self._item(item, spans))
        elif style in ("Title", "Subtitle"):
            self.blocks.append(Block("heading", spans, level=1 if style == "Title" else 2, front=True))
        elif style.startswith("Heading ") and (level := number(style[8:])) is not None and level > 0:
            self.blocks.append(Block("heading", spans, level=min(level, 9)))
        elif style == FRONT_STYLE:
            self.blocks.append(Block("paragraph", spans, front=True))
        elif style == RULE_STYLE:
            self.blocks.append(Block("rule"))
        elif style == QUOTE_STYLE:
            self.blocks.append(Block("quote", spans))
        else:
            indent = CONTINUE_STYLES.index(style) if style in CONTINUE_STYLES else 0
            self.blocks.append(Block("paragraph", spans, indent=indent))

    def list_place(self, paragraph: CT_P, style: str) -> ListPlace | None:
        """The item's list place: Word's numbering, else one of drafter's list styles by its name."""
        place = self.word.list_place(paragraph)
        if place is None and style in _LIST_STYLE_SHAPES and paragraph.find(f"{_PPR}/{_NUMPR}") is None:
            kind, level = _LIST_STYLE_SHAPES[style]
            return ListPlace(0, level, kind)
        return place

    def _item(self, place: ListPlace, spans: tuple[Span, ...]) -> Block:
        num_id, level, kind = place.num_id, place.level, place.kind
        stack = self.open.setdefault(num_id, [])
        while stack and (stack[-1][0].level > level or (stack[-1][0].level == level and stack[-1][0].kind != kind)):
            stack.pop()
        if not stack or stack[-1][0].level < level:
            parent = stack[-1][0] if stack else None
            start = self.word.levels.start(num_id, level) if parent is None else 1
            stack.append((ListSpec(self.next_id, kind, level, start, parent), 0))
            self.next_id += 1
        spec, count = stack[-1]
        stack[-1] = (spec, count + 1)
        number = spec.start + count if kind == "numbered" else count + 1
        return Block("item", spans, list_spec=spec, number=number)

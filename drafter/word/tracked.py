"""Word tracked changes for a redline, and an earlier reading copy read back into blocks (python-docx).

The redline is drafter's own reading copy: the merged paragraphs are laid out by ``DocxWriter`` (same
styles, lists, header and footer), then each paragraph is marked — ``w:ins`` / ``w:del`` around its runs,
and on its paragraph mark (``w:pPr/w:rPr``) when the whole paragraph was added or removed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run

from drafter.document.blocks import Block, Draft, ListKind, ListSpec, Span
from drafter.document.compare import Piece, Revision, Version
from drafter.document.info import DocumentInfo
from drafter.errors import InputError, Problem
from drafter.word.numbering import ListLevels
from drafter.word.writer import (
    CONTINUE_STYLES,
    FRONT_STYLE,
    LIST_STYLES,
    MARKER_STYLE,
    QUOTE_STYLE,
    RULE_STYLE,
    DocxWriter,
)

_LIST_STYLE_SHAPES = {name: shape for shape, name in LIST_STYLES.items()}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


# -- reading an earlier version ------------------------------------------------------------------
def read_reading_copy(path: Path) -> Version:
    """A Word document — drafter's reading copy at least — as a marker and blocks.

    Styles say what each paragraph is (the header block, headings, list levels); Word numbering says
    which list an item belongs to, whether it is numbered and where it starts.
    """
    try:
        doc = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise InputError(Problem(f"not a Word document: {exc}", path=path)) from None
    reader = _Reader(ListLevels.read(doc))
    marker = ""
    for paragraph in doc.paragraphs:
        spans = tuple(_spans(paragraph))
        style = paragraph.style.name if paragraph.style is not None else "Normal"
        if not "".join(s.text for s in spans).strip() and (
            reader.list_place(paragraph, style) is None or paragraph._p.xpath("./w:pPr/w:rPr/w:del")
        ):
            continue  # an empty paragraph, or one a tracked deletion removes
        if style == MARKER_STYLE and not reader.blocks and not marker:
            marker = "".join(s.text for s in spans)
            continue
        reader.add(paragraph, style, spans)
    return Version(marker, tuple(reader.blocks))


def _spans(paragraph: Any) -> Iterator[Span]:
    """The paragraph's text with its emphasis; in a document with tracked changes, as if accepted."""
    for element in paragraph._p.xpath("./w:r | ./w:ins/w:r | ./w:hyperlink/w:r | ./w:smartTag/w:r"):
        run = Run(element, paragraph)
        if run.text:
            yield Span(run.text, run.bold is True, run.italic is True)


class _Reader:
    """Paragraphs to blocks; list items grouped into lists as Markdown nests them."""

    def __init__(self, levels: ListLevels) -> None:
        self.levels = levels
        self.blocks: list[Block] = []
        self.open: dict[int, list[tuple[ListSpec, int]]] = {}
        self.next_id = 1

    def add(self, paragraph: Any, style: str, spans: tuple[Span, ...]) -> None:
        item = self.list_place(paragraph, style)
        if item is not None:
            num_id, level, kind = item
            self.blocks.append(self._item(num_id, level, kind, spans))
        elif style in ("Title", "Subtitle"):
            self.blocks.append(Block("heading", spans, level=1 if style == "Title" else 2, front=True))
        elif style.startswith("Heading ") and style[8:].isdigit():
            self.blocks.append(Block("heading", spans, level=int(style[8:])))
        elif style == FRONT_STYLE:
            self.blocks.append(Block("paragraph", spans, front=True))
        elif style == RULE_STYLE:
            self.blocks.append(Block("rule"))
        elif style == QUOTE_STYLE:
            self.blocks.append(Block("quote", spans))
        else:
            indent = CONTINUE_STYLES.index(style) if style in CONTINUE_STYLES else 0
            self.blocks.append(Block("paragraph", spans, indent=indent))

    def list_place(self, paragraph: Any, style: str) -> tuple[int, int, ListKind] | None:
        """(numId, level, kind) of a list item; None for any other paragraph."""
        ppr = paragraph._p.pPr
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num = num_pr.find(qn("w:numId")) if num_pr is not None else None
        if num_pr is not None and num is not None and int(num.get(qn("w:val"))) != 0:
            ilvl = num_pr.find(qn("w:ilvl"))
            level = int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
            num_id = int(num.get(qn("w:val")))
            fmt = self.levels.number_format(num_id, level) or ""
            bullet = fmt in ("bullet", "none") or (not fmt and "Bullet" in style)
            return num_id, level, "bullet" if bullet else "numbered"
        if style in _LIST_STYLE_SHAPES:
            kind, level = _LIST_STYLE_SHAPES[style]
            return 0, level, "bullet" if kind == "bullet" else "numbered"
        return None

    def _item(self, num_id: int, level: int, kind: ListKind, spans: tuple[Span, ...]) -> Block:
        stack = self.open.setdefault(num_id, [])
        while stack and (stack[-1][0].level > level or (stack[-1][0].level == level and stack[-1][0].kind != kind)):
            stack.pop()
        if not stack or stack[-1][0].level < level:
            parent = stack[-1][0] if stack else None
            start = self.levels.start(num_id, level) if parent is None else 1
            stack.append((ListSpec(self.next_id, kind, level, start, parent), 0))
            self.next_id += 1
        spec, count = stack[-1]
        stack[-1] = (spec, count + 1)
        number = spec.start + count if kind == "numbered" else count + 1
        return Block("item", spans, list_spec=spec, number=number)


# -- writing the redline --------------------------------------------------------------------------
class _Marks:
    """Numbered w:ins / w:del elements, all by one author at one time."""

    def __init__(self, author: str, date: str) -> None:
        self.author = author
        self.date = date
        self.next_id = 1

    def make(self, tag: str) -> Any:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element


def compose_redline(writer: DocxWriter, revisions: list[Revision], info: DocumentInfo, author: str, date: str) -> bytes:
    """The reading copy laid out by ``writer`` with every revision marked as a tracked change."""
    marker = next((r for r in revisions if r.marker), None)
    body = [r for r in revisions if not r.marker]
    blocks = tuple(r.block for r in body)
    laid_out = writer.compose(Draft(blocks), replace(info, marker=marker.block.text if marker else ""))
    doc = Document(io.BytesIO(laid_out))
    paragraphs = doc.element.body.findall(qn("w:p"))
    ordered = ([marker] if marker else []) + body
    if len(paragraphs) != len(ordered):
        raise AssertionError(f"the redline laid out {len(paragraphs)} paragraphs for {len(ordered)}")
    marks = _Marks(author, date)
    for paragraph, revision in zip(paragraphs, ordered, strict=True):
        if revision.status == "inserted":
            _mark_whole(paragraph, "w:ins", marks)
        elif revision.status == "deleted":
            _mark_whole(paragraph, "w:del", marks)
        elif revision.status == "changed":
            _rewrite(paragraph, revision.pieces, marks)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _mark_whole(paragraph: Any, tag: str, marks: _Marks) -> None:
    """Every run of the paragraph and its paragraph mark inserted (or deleted)."""
    runs = paragraph.findall(qn("w:r"))
    if runs:
        wrapper = marks.make(tag)
        runs[0].addprevious(wrapper)
        for run in runs:
            if tag == "w:del":
                _to_deleted_text(run)
            wrapper.append(run)
    ppr = paragraph.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        follower = next((c for c in ppr if c.tag in (qn("w:sectPr"), qn("w:pPrChange"))), None)
        if follower is not None:
            follower.addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, marks.make(tag))


def _to_deleted_text(run: Any) -> None:
    for text in run.findall(qn("w:t")):
        text.tag = qn("w:delText")


def _rewrite(paragraph: Any, pieces: tuple[Piece, ...], marks: _Marks) -> None:
    """Replace the paragraph's runs with the pieces: kept runs plain, the others inside w:ins / w:del."""
    for run in paragraph.findall(qn("w:r")):
        paragraph.remove(run)
    for piece in pieces:
        run = _run(piece)
        if piece.op == "same":
            paragraph.append(run)
            continue
        wrapper = marks.make("w:ins" if piece.op == "inserted" else "w:del")
        wrapper.append(run)
        paragraph.append(wrapper)


def _run(piece: Piece) -> Any:
    run = OxmlElement("w:r")
    if piece.bold or piece.italic:
        rpr = OxmlElement("w:rPr")
        for flag, tag in ((piece.bold, "w:b"), (piece.italic, "w:i")):
            if flag:
                rpr.append(OxmlElement(tag))
        run.append(rpr)
    text_tag = "w:delText" if piece.op == "deleted" else "w:t"
    for index, line in enumerate(piece.text.split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                run.append(OxmlElement("w:tab"))
            if part:
                text = OxmlElement(text_tag)
                text.text = part
                text.set(_XML_SPACE, "preserve")
                run.append(text)
    return run

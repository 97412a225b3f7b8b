# ruff: noqa: N801 -- the element classes below are named as python-docx names its own (CT_ + the schema's type).
"""Word tracked changes for a redline (an earlier reading copy is read back by ``word.reading``).

The redline is drafter's own reading copy: the merged paragraphs are laid out by ``DocxWriter`` (same
styles, lists, header and footer) and, before it saves them, each paragraph is marked — ``w:ins`` /
``w:del`` around its runs, and on its paragraph mark (``w:pPr/w:rPr``) when the whole paragraph was added
or removed. One way to a Word file: compose, adjust, save; nothing is parsed again.

``w:ins`` and ``w:del`` are registered with python-docx as element classes of their own (its way of
adding the parts of the schema it does not cover), so they are made and set through typed attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement, register_element_cls
from docx.oxml.simpletypes import ST_DecimalNumber, ST_String
from docx.oxml.xmlchemy import BaseOxmlElement, OptionalAttribute, RequiredAttribute

from drafter.document.blocks import Draft
from drafter.document.compare import Piece, Revision
from drafter.document.info import DocumentInfo
from drafter.word.writer import DocxWriter

if TYPE_CHECKING:
    from docx.oxml.text.paragraph import CT_P
    from docx.oxml.text.run import CT_R

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class CT_RunTrackChange(BaseOxmlElement):
    """``w:ins`` / ``w:del``: content inserted or deleted, by an author at a time (ECMA-376 §17.13.5)."""

    # Typed as python-docx types its own: the descriptors read and write these values.
    id: int = RequiredAttribute("w:id", ST_DecimalNumber)  # type: ignore[assignment]
    author: str = RequiredAttribute("w:author", ST_String)  # type: ignore[assignment]
    date: str | None = OptionalAttribute("w:date", ST_String)  # type: ignore[assignment]


_REGISTERED = False


def _register() -> None:
    """python-docx makes ``w:ins`` and ``w:del`` as ``CT_RunTrackChange`` from now on (once per process)."""
    global _REGISTERED  # noqa: PLW0603 -- python-docx's element classes are registered process-wide
    if not _REGISTERED:
        register_element_cls("w:ins", CT_RunTrackChange)
        register_element_cls("w:del", CT_RunTrackChange)
        _REGISTERED = True


class _Marks:
    """Numbered w:ins / w:del elements, all by one author at one time."""

    def __init__(self, author: str, date: str) -> None:
        self.author = author
        self.date = date
        self.next_id = 1

    def make(self, tag: str) -> CT_RunTrackChange:
        element = cast(CT_RunTrackChange, OxmlElement(tag))
        element.id = self.next_id
        element.author = self.author
        element.date = self.date
        self.next_id += 1
        return element


class _Redline:
    """The adjustment a redline makes to the laid-out paragraphs: each one marked as its revision says."""

    def __init__(self, revisions: list[Revision], author: str, date: str) -> None:
        self.revisions = revisions
        self.marks = _Marks(author, date)

    def __call__(self, paragraphs: Sequence[CT_P]) -> None:
        if len(paragraphs) != len(self.revisions):
            raise AssertionError(f"the redline laid out {len(paragraphs)} paragraphs for {len(self.revisions)}")
        for paragraph, revision in zip(paragraphs, self.revisions, strict=True):
            if revision.status == "inserted":
                _mark_whole(paragraph, "w:ins", self.marks)
            elif revision.status == "deleted":
                _mark_whole(paragraph, "w:del", self.marks)
            elif revision.status == "changed":
                _rewrite(paragraph, revision.pieces, self.marks)


def compose_redline(writer: DocxWriter, revisions: list[Revision], info: DocumentInfo, author: str, date: str) -> bytes:
    """The reading copy laid out by ``writer`` with every revision marked as a tracked change."""
    _register()
    marker = next((r for r in revisions if r.marker), None)
    body = [r for r in revisions if not r.marker]
    blocks = tuple(r.block for r in body)
    ordered = ([marker] if marker else []) + body
    laid_out = replace(info, marker=marker.block.text if marker else "")
    return writer.compose(Draft(blocks), laid_out, adjust=_Redline(ordered, author, date))


def _mark_whole(paragraph: CT_P, tag: str, marks: _Marks) -> None:
    """Every run of the paragraph and its paragraph mark inserted (or deleted)."""
    runs = paragraph.r_lst
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


def _to_deleted_text(run: CT_R) -> None:
    for text in run.findall(qn("w:t")):
        text.tag = qn("w:delText")


def _rewrite(paragraph: CT_P, pieces: tuple[Piece, ...], marks: _Marks) -> None:
    """Replace the paragraph's runs with the pieces: kept runs plain, the others inside w:ins / w:del."""
    for run in paragraph.r_lst:
        paragraph.remove(run)
    for piece in pieces:
        run = _run(piece)
        if piece.op == "same":
            paragraph.append(run)
            continue
        wrapper = marks.make("w:ins" if piece.op == "inserted" else "w:del")
        wrapper.append(run)
        paragraph.append(wrapper)


def _run(piece: Piece) -> CT_R:
    run = cast("CT_R", OxmlElement("w:r"))
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

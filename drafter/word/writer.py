"""The Word reading copy: blocks and metadata laid out with python-docx on a reference document.

The only module, with the ``drafter.word`` package it uses, that imports python-docx. The reference
document is the house style (``word.house``); lists are real Word lists, numbered from the blocks' own list
descriptions (``word.numbering``); every footer gets a page number where it has none (``word.footers``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph as WordParagraph
from lxml.etree import SubElement

from drafter.document.blocks import Block, Draft, Span
from drafter.document.info import DocumentInfo
from drafter.errors import Problem, TemplateError
from drafter.word import house
from drafter.word.footers import number_pages
from drafter.word.house import (
    CONTINUE_STYLES,
    FRONT_STYLE,
    MARKER_STYLE,
    QUOTE_STYLE,
    REQUIRED_STYLES,
    RULE_STYLE,
    missing_styles,
)
from drafter.word.numbering import INDENT_STEP, LIST_STYLES, Numbering, set_list_level
from drafter.word.package import PackedPart, pack, write_package

_R, _T, _BR, _RPR, _B, _I, _RTL = (qn(f"w:{tag}") for tag in ("r", "t", "br", "rPr", "b", "i", "rtl"))
_P, _PPR, _PSTYLE, _VAL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.opc.coreprops import CoreProperties
    from docx.opc.package import OpcPackage
    from docx.opc.part import Part
    from docx.oxml.text.paragraph import CT_P
    from docx.oxml.text.run import CT_R
    from docx.styles.style import BaseStyle, ParagraphStyle

__all__ = [
    "CONTINUE_STYLES",
    "FRONT_STYLE",
    "LIST_STYLES",
    "MARKER_STYLE",
    "QUOTE_STYLE",
    "REQUIRED_STYLES",
    "RULE_STYLE",
    "DocxWriter",
    "build_reference_document",
    "missing_styles",
    "open_reference",
]

BODY_FONT = "Arial"
BODY_SIZE = Pt(14)
LINE_SPACING = 1.5


# -- drafter's own house style -----------------------------------------------------------------
def _set_font(
    style: ParagraphStyle, size: Pt | None = None, bold: bool | None = None, italic: bool | None = None
) -> None:
    font = style.font
    font.name = BODY_FONT
    font.color.rgb = RGBColor(0, 0, 0)
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic


def _drop(style: BaseStyle, *tags: str) -> None:
    """Remove formatting the stock python-docx styles carry (borders, letter spacing, tight lists)."""
    for props in (style.element.pPr, style.element.rPr):
        if props is None:
            continue
        for tag in tags:
            for element in props.findall(f"{{{props.nsmap['w']}}}{tag.split(':')[1]}"):
                props.remove(element)


def build_reference_document() -> WordDocument:
    """drafter's default house style: Arial 14 pt, 1.5 lines, A4, page numbers, list styles."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    styles = house.paragraph_styles(doc)
    normal = styles["normal"]
    _set_font(normal, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.line_spacing = LINE_SPACING
    fmt.space_after = Pt(12)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, size in (("title", Pt(16)), ("subtitle", BODY_SIZE)):
        style = styles[name]
        _drop(style, "w:pBdr", "w:spacing")
        _set_font(style, size, bold=name == "title", italic=False)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.space_after = Pt(6)
    house.outline_title(styles["title"])
    for level in (1, 2, 3):
        _set_font(styles[f"heading {level}"], BODY_SIZE, bold=True)
    quote = styles["quote"]
    _drop(quote, "w:pBdr", "w:spacing", "w:ind", "w:jc", "w:color", "w:b", "w:i")
    _set_font(quote, italic=True)
    house.quote_look(quote)
    for name in (MARKER_STYLE, FRONT_STYLE, RULE_STYLE):
        house.add_style(doc, name)
    _set_font(house.add_style(doc, MARKER_STYLE), Pt(12), bold=True, italic=True)
    for name in (*LIST_STYLES.values(), *CONTINUE_STYLES[1:]):
        style = house.add_style(doc, name)
        _drop(style, "w:contextualSpacing", "w:numPr")
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    number_pages(doc)
    house.settle_parts(doc)
    return doc


def open_reference(path: Path | None) -> WordDocument:
    """The reference document to build on, emptied of body text; missing styles, parts and page numbers added."""
    if path is None:
        return build_reference_document()
    try:
        doc = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise TemplateError(Problem(f"not a valid Word document: {exc}", path=path)) from None
    house.keep_last_section(doc)
    house.style_ids(doc)
    number_pages(doc)
    house.settle_parts(doc)
    return doc


# -- body ------------------------------------------------------------------------------------
RULE_SPANS = (Span("*  *  *"),)


def _add_spans(paragraph: CT_P, spans: tuple[Span, ...], right_to_left: bool) -> None:
    """The runs of ``paragraph`` (a ``CT_P``): one per line of each span, with its emphasis.

    Built with lxml directly: python-docx's proxies look up the schema's child order for every element,
    which costs more than the rest of the statement (see docs/performance.md).
    """
    for span in spans:
        lines = span.text.split("\n")
        for index, line in enumerate(lines):
            if "\t" in line:
                run = _proxy(paragraph).add_run(line)._r
            else:
                run = SubElement(paragraph, _R)
                _run_properties(run, span, right_to_left)
                text = SubElement(run, _T)
                text.text = line
                if line != line.strip():
                    text.set(_SPACE, "preserve")
            if index < len(lines) - 1:
                SubElement(run, _BR)


def _proxy(paragraph: CT_P) -> WordParagraph:
    """python-docx's view of a paragraph element, for the rare cases (tabs, indents) its API handles best."""
    return WordParagraph(paragraph, cast(Any, None))


def _run_properties(run: CT_R, span: Span, right_to_left: bool) -> None:
    if not (span.bold or span.italic or right_to_left):
        return
    properties = SubElement(run, _RPR)
    for wanted, tag in ((span.bold, _B), (span.italic, _I), (right_to_left, _RTL)):
        if wanted:
            SubElement(properties, tag)


def _style_for(block: Block) -> str:
    if block.kind == "heading":
        if block.front:
            return "Title" if block.level == 1 else "Subtitle"
        return f"Heading {min(max(block.level, 1), 3)}"
    if block.kind == "item" and block.list_spec is not None:
        return LIST_STYLES[(block.list_spec.kind, min(block.list_spec.level, 2))]
    if block.kind == "rule":
        return RULE_STYLE
    if block.kind == "quote":
        return QUOTE_STYLE
    if block.front:
        return FRONT_STYLE
    return CONTINUE_STYLES[min(block.indent, 3)]


_LIVE_PARTS = frozenset({CT.WML_DOCUMENT_MAIN, CT.WML_NUMBERING, CT.OPC_CORE_PROPERTIES})


class _FrozenPart:
    """A part whose serialised form is kept: styles, theme, settings and footers do not change per statement."""

    def __init__(self, part: Part) -> None:
        self._part = part
        self.blob = part.blob

    def __getattr__(self, name: str) -> Any:
        return getattr(self._part, name)


_PACKED: dict[Hashable, PackedPart] = {}
_RECENT: dict[tuple[str, bytes], PackedPart] = {}
_MAX_RECENT = 64


def _packed_once(key: Hashable, name: Callable[[], str], blob: Callable[[], bytes]) -> PackedPart:
    """An entry compressed the first time ``key`` is seen in this process, then copied as it is."""
    packed = _PACKED.get(key)
    if packed is None:
        packed = _PACKED[key] = pack(name(), blob(), 9)
    return packed


def _packed_recently(name: str, blob: bytes) -> PackedPart:
    """A part made per statement, compressed unless the same bytes were made lately."""
    packed = _RECENT.get((name, blob))
    if packed is None:
        if len(_RECENT) >= _MAX_RECENT:
            _RECENT.clear()
        packed = _RECENT[(name, blob)] = pack(name, blob, 1)
    return packed


def _frozen_entry(partname: Any, blob: bytes) -> PackedPart:
    # The same bytes object every time: its hash is kept and the lookup compares by identity.
    return _packed_once(("part", partname, blob), lambda: str(partname.membername), lambda: blob)


def _rels_entry(source: Any, rels: Any) -> PackedPart:
    """The relationships item of ``source`` (a part's partname, or the package's URI)."""
    signature = tuple(
        (rel.rId, rel.reltype, rel.target_ref if rel.is_external else rel.target_part.partname) for rel in rels.values()
    )
    return _packed_once(("rels", source, signature), lambda: str(source.rels_uri.membername), lambda: bytes(rels.xml))


def _content_types(parts: list[Part | _FrozenPart]) -> bytes:
    return bytes(_ContentTypesItem.from_parts(parts).blob)  # type: ignore[no-untyped-call]


def _save(package: OpcPackage, parts: list[Part | _FrozenPart]) -> bytes:
    """The .docx file's bytes: content types first, the package's relationships, then each part and its own.

    Parts that do not change between statements (``_FrozenPart``: styles, theme, settings, footers) and
    the small XML items of content types and relationships are compressed once per process; the document,
    its lists and its properties afresh.
    """
    types = tuple((part.partname, part.content_type) for part in parts)
    entries = [
        _packed_once(("types", types), lambda: str(CONTENT_TYPES_URI.membername), lambda: _content_types(parts)),
        _rels_entry(PACKAGE_URI, package.rels),
    ]
    for part in parts:
        partname = part.partname
        if isinstance(part, _FrozenPart):
            entries.append(_frozen_entry(partname, part.blob))
        elif part.content_type == CT.WML_DOCUMENT_MAIN:
            # Level 1: the parts made per statement are small, and speed matters more than a few bytes.
            entries.append(pack(partname.membername, part.blob, 1))
        else:
            # The lists and properties of one statement are often the next one's, byte for byte.
            entries.append(_packed_recently(partname.membername, part.blob))
        if len(part.rels):
            entries.append(_rels_entry(partname, part.rels))
    return write_package(entries)


class DocxWriter:
    """Lays statements out on one reference document, reused from one statement to the next.

    Opening a reference document and serialising its unchanging parts costs more than the statement
    itself; a writer does both once, then per statement only rebuilds the body, the lists and the
    document properties.
    """

    def __init__(self, reference: Path | None) -> None:
        self.doc = open_reference(reference)
        self.numbering = Numbering(self.doc)
        self._style_ids = house.style_ids(self.doc)
        self._frozen: dict[str, list[Part | _FrozenPart]] = {}
        self._language: tuple[str, bool] | None = None
        self._end = self.doc.element.body.sectPr

    def _paragraph(self, style: str) -> CT_P:
        """A new body paragraph (``CT_P``) in ``style``, by the id the house document gives it."""
        paragraph = cast("CT_P", self._end.makeelement(_P, {}))
        self._end.addprevious(paragraph)
        style_id = self._style_ids[style]
        if style_id is not None:
            SubElement(SubElement(paragraph, _PPR), _PSTYLE).set(_VAL, style_id)
        return paragraph

    def _reset(self) -> None:
        house.empty_body(self.doc)
        self.numbering.reset()
        # The body's last element: every new paragraph goes just before it.
        self._end = self.doc.element.body.sectPr

    def _parts(self, language_tag: str) -> list[Part | _FrozenPart]:
        frozen = self._frozen.get(language_tag)
        if frozen is None:
            frozen = [
                part if part.content_type in _LIVE_PARTS else _FrozenPart(part)
                for part in self.doc.part.package.iter_parts()
            ]
            self._frozen[language_tag] = frozen
        return frozen

    def compose(self, draft: Draft, info: DocumentInfo) -> bytes:
        """The .docx file's bytes for ``draft``."""
        self._reset()
        doc = self.doc
        rtl = info.right_to_left
        if self._language != (info.language_tag, rtl):
            house.set_language(doc, info.language_tag, rtl)
            self._language = (info.language_tag, rtl)
        if info.marker:
            _add_spans(self._paragraph(MARKER_STYLE), (Span(info.marker),), rtl)
        num_ids = self.numbering.add_lists(draft.lists)
        for block in draft.blocks:
            paragraph = self._paragraph(_style_for(block))
            if block.list_spec is not None:
                set_list_level(paragraph, num_ids[block.list_spec.id], block.list_spec.level)
            elif block.kind == "quote" and block.indent:
                # A quotation inside a list item: indented as far as the item's text, and the quote's own.
                indent = Twips(INDENT_STEP * block.indent) + house.QUOTE_INDENT
                _proxy(paragraph).paragraph_format.left_indent = indent
            _add_spans(paragraph, RULE_SPANS if block.kind == "rule" else block.spans, rtl)
        _set_properties(doc.core_properties, info)
        return _save(doc.part.package, self._parts(f"{info.language_tag}/{info.right_to_left}"))


def _set_properties(props: CoreProperties, info: DocumentInfo) -> None:
    props.title = info.title
    props.author = info.delegation
    props.last_modified_by = info.delegation
    props.subject = info.meeting
    props.language = info.language_tag
    props.comments = info.comments
    props.category = info.category
    props.keywords = "statement"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    props.revision = 1

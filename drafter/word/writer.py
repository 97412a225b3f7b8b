"""The Word reading copy: blocks and metadata laid out with python-docx on a reference document.

The only module, with the ``drafter.word`` package it uses, that imports python-docx. The reference
document is the house style (``word.house``); lists are real Word lists, numbered from the blocks' own list
descriptions (``word.numbering``); every footer gets a page number where it has none (``word.footers``).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import NAMESPACE
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor, Twips
from lxml import etree
from lxml.etree import SubElement

from drafter.document.blocks import Block, Draft, Span
from drafter.document.info import DocumentInfo
from drafter.errors import InputError, Problem, TemplateError
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
from drafter.word.numbering import INDENT_STEP, LEVELS, LIST_STYLES, Numbering, set_list_level
from drafter.word.package import PackedPart, pack, write_package

_R, _T, _BR, _TAB, _RPR, _B, _I, _RTL = (qn(f"w:{t}") for t in ("r", "t", "br", "tab", "rPr", "b", "i", "rtl"))
_P, _PPR, _PSTYLE, _KEEP_NEXT, _VAL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:keepNext"), qn("w:val")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.opc.coreprops import CoreProperties
    from docx.opc.packuri import PackURI
    from docx.opc.rel import Relationships
    from docx.oxml.text.paragraph import CT_P
    from docx.oxml.text.run import CT_R
    from docx.styles.style import BaseStyle, ParagraphStyle

Adjust = Callable[[Sequence["CT_P"]], None]

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
    """drafter's default house style: Arial 14 pt, 1.5 lines, A4, page numbers, list styles.

    Arial named in the document's defaults and in Normal, and no style on the theme's fonts, so Word and
    LibreOffice show one family; every other style names no font and takes Normal's, so restyling Normal
    in Word restyles the title, the headings and the lists too. Headings and the heading block are kept
    with what follows them.
    """
    doc = Document()
    house.drop_theme_fonts(doc.styles.element)
    house.set_fonts(house.document_defaults(doc), BODY_FONT)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    styles = house.paragraph_styles(doc)
    normal = styles["normal"]
    house.set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
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
        style.paragraph_format.keep_with_next = True
    house.outline_title(styles["title"])
    for level in (1, 2, 3):
        _set_font(styles[f"heading {level}"], BODY_SIZE, bold=True)
        styles[f"heading {level}"].paragraph_format.keep_with_next = True
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
    """The reference document to build on, emptied of body text; missing styles, parts and page numbers added.

    A house style is a Word file from outside: it comes in through ``word.opening``, and what python-docx
    cannot make of its structure is refused with one message naming it.
    """
    if path is None:
        return build_reference_document()
    from drafter.word.opening import open_document

    try:
        doc = open_document(path)
        house.keep_last_section(doc)
        house.style_ids(doc)
        house.body_font_headings(doc)
        number_pages(doc)
        house.settle_parts(doc)
    except InputError as exc:
        raise TemplateError(exc.problems) from None
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, etree.LxmlError) as exc:
        reason = f"it names {exc.args[0]!r}, which it does not define" if isinstance(exc, KeyError) else str(exc)
        problem = Problem(f"is a Word document drafter cannot use as a house style: {reason}", path=path)
        raise TemplateError(problem) from None
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
            run = SubElement(paragraph, _R)
            _run_properties(run, span, right_to_left)
            for piece_index, piece in enumerate(line.split("\t")):
                if piece_index:
                    SubElement(run, _TAB)
                if piece:
                    text = SubElement(run, _T)
                    text.text = piece
                    if piece != piece.strip():
                        text.set(_SPACE, "preserve")
            if index < len(lines) - 1:
                SubElement(run, _BR)


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


class _Packed:
    """Zip entries compressed once and copied after: at most ``size``, the least recently used dropped first.

    Keys are made of what the entry is made from (a part's bytes, the relationships' targets, the parts'
    content types), so an entry can never be stale; the bound keeps a long-lived process small.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[Hashable, PackedPart] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], PackedPart]) -> PackedPart:
        found = self.entries.get(key)
        if found is None:
            found = self.entries[key] = make()
            if len(self.entries) > self.size:
                self.entries.popitem(last=False)
        else:
            self.entries.move_to_end(key)
        return found


_PACKED = _Packed(256)


def _rels_entry(source: PackURI, rels: Relationships) -> PackedPart:
    """The relationships item of ``source`` (a part's partname, or the package's URI)."""
    signature = tuple(
        (rel.rId, rel.reltype, rel.target_ref if rel.is_external else rel.target_part.partname) for rel in rels.values()
    )
    name = str(source.rels_uri.membername)
    return _PACKED.get(("rels", source, signature), lambda: pack(name, _as_bytes(rels.xml), 9))


def _as_bytes(xml: str | bytes) -> bytes:
    # python-docx annotates a relationships item's XML as str; it is bytes, ready to store.
    return xml.encode("utf-8") if isinstance(xml, str) else xml


def _types_entry(types: tuple[tuple[str, str], ...]) -> PackedPart:
    return _PACKED.get(("types", types), lambda: pack(str(CONTENT_TYPES_URI.membername), content_types(types), 9))


def _recent_entry(name: str, blob: bytes) -> PackedPart:
    """A part made per statement (lists, properties), often the previous statement's byte for byte."""
    return _PACKED.get(("part", name, blob), lambda: pack(name, blob, 1))


def content_types(types: Sequence[tuple[str, str]]) -> bytes:
    """``[Content_Types].xml`` for parts given as (partname, content type), as Word writes it.

    Relationships and plain XML by extension; media (images, fonts) by extension when every part with
    that extension has one type; every other part by its name.
    """
    by_extension: dict[str, set[str]] = {}
    for partname, content_type in types:
        by_extension.setdefault(_extension(partname), set()).add(content_type)
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    for extension, found in by_extension.items():
        if extension and extension not in defaults and len(found) == 1:
            defaults[extension] = next(iter(found))
    root = etree.Element(f"{{{NAMESPACE.OPC_CONTENT_TYPES}}}Types", nsmap={None: NAMESPACE.OPC_CONTENT_TYPES})
    for extension, content_type in defaults.items():
        SubElement(root, f"{{{NAMESPACE.OPC_CONTENT_TYPES}}}Default", Extension=extension, ContentType=content_type)
    for partname, content_type in types:
        if defaults.get(_extension(partname)) != content_type:
            SubElement(root, f"{{{NAMESPACE.OPC_CONTENT_TYPES}}}Override", PartName=partname, ContentType=content_type)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _extension(partname: str) -> str:
    name = partname.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


class DocxWriter:
    """Lays statements out on one reference document, reused from one statement to the next.

    Opening a reference document and serialising its unchanging parts costs more than the statement
    itself; a writer does both once, then per statement only rebuilds the body, the lists and the
    document properties. Every statement goes one way: compose (the body laid out), adjust (the caller's
    changes to the body's paragraphs, a redline's tracked changes), save (``word.package``).

    The parts that do not change per statement (styles, theme, settings, footers…) are packed once per
    language, right after the language is set: nothing outside this class reaches the document, and the
    only change made to those parts after the reference is opened is the language, so a packed part is
    never behind its document. A part added after packing is refused, not left out.
    """

    def __init__(self, reference: Path | None) -> None:
        self._doc = open_reference(reference)
        self._doc.core_properties.revision = 1  # the properties part made now, if the reference has none
        self._numbering = Numbering(self._doc)
        self._style_ids = house.style_ids(self._doc)
        self._frozen: dict[tuple[str, bool], dict[str, PackedPart]] = {}
        self._language: tuple[str, bool] | None = None
        self._end = self._doc.element.body.sectPr

    def _paragraph(self, style: str) -> CT_P:
        """A new body paragraph (``CT_P``) in ``style``, by the id the house document gives it."""
        paragraph = cast("CT_P", self._end.makeelement(_P, {}))
        self._end.addprevious(paragraph)
        style_id = self._style_ids[style]
        if style_id is not None:
            SubElement(SubElement(paragraph, _PPR), _PSTYLE).set(_VAL, style_id)
        return paragraph

    def _reset(self) -> None:
        house.empty_body(self._doc)
        self._numbering.reset()
        # The body's last element: every new paragraph goes just before it.
        self._end = self._doc.element.body.sectPr

    def _use_language(self, language: tuple[str, bool]) -> dict[str, PackedPart]:
        """The unchanging parts packed for ``language``: set in the styles, then packed, the first time."""
        frozen = self._frozen.get(language)
        if frozen is None:
            house.set_language(self._doc, *language)
            frozen = self._frozen[language] = {
                str(part.partname): pack(part.partname.membername, part.blob, 9)
                for part in self._doc.part.package.iter_parts()
                if part.content_type not in _LIVE_PARTS
            }
        return frozen

    def compose(self, draft: Draft, info: DocumentInfo, adjust: Adjust | None = None) -> bytes:
        """The .docx file's bytes for ``draft``; ``adjust``, if given, changes the body's paragraphs first."""
        self._reset()
        frozen = self._use_language((info.language_tag, info.right_to_left))
        rtl = info.right_to_left
        if info.marker:
            _add_spans(self._paragraph(MARKER_STYLE), (Span(info.marker),), rtl)
        num_ids = self._numbering.add_lists(draft.lists)
        blocks = draft.blocks
        for index, block in enumerate(blocks):
            paragraph = self._paragraph(_style_for(block))
            if _leads_in(block, blocks[index + 1] if index + 1 < len(blocks) else None):
                _keep_with_next(paragraph)
            if block.list_spec is not None:
                set_list_level(paragraph, num_ids[block.list_spec.id], min(block.list_spec.level, LEVELS - 1))
            elif block.kind == "quote" and block.indent:
                # A quotation inside a list item: indented as far as the item's text, and the quote's own.
                indent = Emu(Twips(INDENT_STEP * min(block.indent, LEVELS)) + house.QUOTE_INDENT)
                paragraph.get_or_add_pPr().ind_left = indent
            _add_spans(paragraph, RULE_SPANS if block.kind == "rule" else block.spans, rtl)
        if adjust is not None:
            adjust(self._doc.element.body.findall(_P))
        _set_properties(self._doc.core_properties, info)
        return self._save(frozen)

    def _save(self, frozen: dict[str, PackedPart]) -> bytes:
        """The .docx file's bytes: content types first, the package's relationships, then each part and its own.

        The unchanging parts as packed for the language, the small XML items of content types and
        relationships as packed once per process (``_PACKED``); the document, its lists and its
        properties afresh.
        """
        package = self._doc.part.package
        parts = list(package.iter_parts())
        entries = [
            _types_entry(tuple((str(part.partname), part.content_type) for part in parts)),
            _rels_entry(PACKAGE_URI, package.rels),
        ]
        for part in parts:
            name = str(part.partname)
            if part.content_type == CT.WML_DOCUMENT_MAIN:
                # Level 1: the parts made per statement are small, and speed matters more than a few bytes.
                entries.append(pack(part.partname.membername, part.blob, 1))
            elif part.content_type in _LIVE_PARTS:
                entries.append(_recent_entry(part.partname.membername, part.blob))
            elif name in frozen:
                entries.append(frozen[name])
            else:
                raise AssertionError(f"{name}: a part added after the house style's parts were packed")
            if len(part.rels):
                entries.append(_rels_entry(part.partname, part.rels))
        return write_package(entries)


def _leads_in(block: Block, following: Block | None) -> bool:
    """A paragraph that introduces what follows: a list, or anything after a colon; kept on its page.

    A list item is one only when it ends with a colon: a long point followed by its sub-points, kept with
    them, would leave half a page empty.
    """
    if following is None or block.front or block.kind not in ("paragraph", "item"):
        return False
    if block.text.rstrip().endswith(":"):
        return True
    return block.kind == "paragraph" and following.kind == "item"


def _keep_with_next(paragraph: CT_P) -> None:
    """``w:keepNext`` on a paragraph just made (at most a style before it, as the schema orders them)."""
    ppr = paragraph.find(_PPR)
    if ppr is None:
        ppr = SubElement(paragraph, _PPR)
    SubElement(ppr, _KEEP_NEXT)


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

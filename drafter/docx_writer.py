"""The Word reading copy: blocks and metadata laid out with python-docx on a reference document.

The only module that imports python-docx. Lists are real Word lists: every list in the statement gets
its own numbering definition, so numbering restarts at 1, and nested levels are bullets or numbers as
the Markdown says.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.run import Run

from drafter.blocks import Block, Draft
from drafter.errors import Problem, TemplateError
from drafter.layout import DocumentInfo, bullet_symbol

BODY_FONT = "Arial"
BODY_SIZE = Pt(14)
LINE_SPACING = 1.5
MARKER_STYLE = "Statement Marker"
FRONT_STYLE = "Statement Front"
RULE_STYLE = "Statement Rule"
LIST_STYLES = {
    ("numbered", 0): "List Number",
    ("numbered", 1): "List Number 2",
    ("numbered", 2): "List Number 3",
    ("bullet", 0): "List Bullet",
    ("bullet", 1): "List Bullet 2",
    ("bullet", 2): "List Bullet 3",
}
CONTINUE_STYLES = ("Normal", "List Continue", "List Continue 2", "List Continue 3")
REQUIRED_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    MARKER_STYLE,
    FRONT_STYLE,
    RULE_STYLE,
    *LIST_STYLES.values(),
    *CONTINUE_STYLES[1:],
)
INDENT_STEP = 720  # twentieths of a point: half an inch per level


# -- styles ------------------------------------------------------------------------------------
def _style(doc: Any, name: str, base: str = "Normal") -> Any:
    styles = doc.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    return style


def _set_font(style: Any, size: Pt | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    font = style.font
    font.name = BODY_FONT
    font.color.rgb = RGBColor(0, 0, 0)
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic


def _drop(style: Any, *tags: str) -> None:
    """Remove formatting the stock python-docx styles carry (borders, letter spacing, tight lists)."""
    for props in (style.element.pPr, style.element.rPr):
        if props is None:
            continue
        for tag in tags:
            for element in props.findall(qn(tag)):
                props.remove(element)


def build_reference_document() -> Any:
    """drafter's default house style: Arial 14 pt, 1.5 lines, A4, page numbers, list styles."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    normal = doc.styles["Normal"]
    _set_font(normal, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.line_spacing = LINE_SPACING
    fmt.space_after = Pt(12)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, size in (("Title", Pt(16)), ("Subtitle", BODY_SIZE)):
        style = doc.styles[name]
        _drop(style, "w:pBdr", "w:spacing")
        _set_font(style, size, bold=name == "Title", italic=False)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.space_after = Pt(6)
    for level in (1, 2, 3):
        _set_font(doc.styles[f"Heading {level}"], BODY_SIZE, bold=True)
    front = _style(doc, FRONT_STYLE)
    front.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    front.paragraph_format.space_after = Pt(6)
    marker = _style(doc, MARKER_STYLE)
    _set_font(marker, Pt(12), bold=True, italic=True)
    marker.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    marker.paragraph_format.space_after = Pt(18)
    rule = _style(doc, RULE_STYLE)
    rule.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name in (*LIST_STYLES.values(), *CONTINUE_STYLES[1:]):
        style = _style(doc, name)
        _drop(style, "w:contextualSpacing", "w:numPr")
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _add_page_number(section.footer)
    return doc


def missing_styles(doc: Any) -> list[str]:
    """Paragraph styles drafter uses that ``doc`` lacks."""
    present = {s.name for s in doc.styles}
    return [name for name in REQUIRED_STYLES if name not in present]


def open_reference(path: Path | None) -> Any:
    """The reference document to build on, emptied of body text; missing styles added."""
    if path is None:
        return build_reference_document()
    try:
        doc = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise TemplateError(Problem(f"not a valid Word document: {exc}", path=path)) from None
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for name in missing_styles(doc):
        _style(doc, name)
    _add_page_number(doc.sections[0].footer)
    return doc


# -- footer --------------------------------------------------------------------------------------
def _has_page_field(footer: Any) -> bool:
    return "PAGE" in footer._element.xml


def _add_page_number(footer: Any) -> None:
    footer.is_linked_to_previous = False
    if _has_page_field(footer):
        return
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# -- numbering -----------------------------------------------------------------------------------
def _style_levels(doc: Any, style_name: str, root: Any) -> dict[int, Any]:
    """The list levels a house style attaches to a list style (Word's "define new bullet/number"), if any."""
    if style_name not in {s.name for s in doc.styles}:
        return {}
    ppr = doc.styles[style_name].element.pPr
    num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
    num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
    if num_id is None:
        return {}
    num = next((n for n in root.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id.get(qn("w:val"))), None)
    ref = num.find(qn("w:abstractNumId")) if num is not None else None
    if ref is None:
        return {}
    abstract = next(
        (a for a in root.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == ref.get(qn("w:val"))), None
    )
    if abstract is None:
        return {}
    return {int(lvl.get(qn("w:ilvl"))): lvl for lvl in abstract.findall(qn("w:lvl"))}


class _Numbering:
    """Adds one abstract numbering definition and one instance per list, so each restarts at 1.

    A level's look (number format, bullet, indentation) comes from the house style's "List Number" or
    "List Bullet" style when the reference document gives those styles a numbering; drafter's own
    otherwise.
    """

    def __init__(self, doc: Any) -> None:
        self.root = doc.part.numbering_part.element
        self.house = {
            "numbered": _style_levels(doc, LIST_STYLES[("numbered", 0)], self.root),
            "bullet": _style_levels(doc, LIST_STYLES[("bullet", 0)], self.root),
        }
        self.baseline = list(self.root)
        ids = [int(n.get(qn("w:abstractNumId"))) for n in self.root.findall(qn("w:abstractNum"))]
        nums = [int(n.get(qn("w:numId"))) for n in self.root.findall(qn("w:num"))]
        self.first_ids = (max(ids, default=0) + 1, max(nums, default=0) + 1)
        self.next_abstract, self.next_num = self.first_ids

    def reset(self) -> None:
        """Remove the lists added for the previous statement."""
        keep = set(self.baseline)
        for child in list(self.root):
            if child not in keep:
                self.root.remove(child)
        self.next_abstract, self.next_num = self.first_ids

    def add_list(self, kinds: dict[int, str], start: int) -> int:
        abstract_id = self.next_abstract
        self.next_abstract += 1
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        multi = OxmlElement("w:multiLevelType")
        multi.set(qn("w:val"), "hybridMultilevel")
        abstract.append(multi)
        for level in range(9):
            first = start if level == 0 else 1
            house = self.house[kinds.get(level, "bullet")].get(level)
            abstract.append(self._level(level, kinds, first) if house is None else _restarted(house, first))
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.root.append(abstract)
        num_id = self.next_num
        self.next_num += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(num_id))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), str(abstract_id))
        num.append(ref)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start_override = OxmlElement("w:startOverride")
        start_override.set(qn("w:val"), str(start))
        override.append(start_override)
        num.append(override)
        self.root.append(num)
        return num_id

    @staticmethod
    def _level(level: int, kinds: dict[int, str], start: int) -> Any:
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        numbered = kinds.get(level) == "numbered"
        values = (
            ("w:start", str(start)),
            ("w:numFmt", "decimal" if numbered else "bullet"),
            ("w:lvlText", f"%{level + 1}." if numbered else bullet_symbol(kinds, level)),
            ("w:lvlJc", "left"),
        )
        for tag, value in values:
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            lvl.append(element)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(INDENT_STEP * (level + 1)))
        ind.set(qn("w:hanging"), "360")
        ppr.append(ind)
        lvl.append(ppr)
        return lvl


def _restarted(level: Any, start: int) -> Any:
    """A copy of a house-style list level, counting from ``start``."""
    styled = copy.deepcopy(level)
    start_element = styled.find(qn("w:start"))
    if start_element is not None:
        start_element.set(qn("w:val"), str(start))
    return styled


def _set_numbering(paragraph: Any, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, num_pr)


def _list_shapes(blocks: Iterable[Block]) -> dict[int, tuple[dict[int, str], int]]:
    shapes: dict[int, tuple[dict[int, str], int]] = {}
    for block in blocks:
        if block.kind != "item" or block.list_kind is None:
            continue
        kinds, _start = shapes.setdefault(block.list_id, ({}, block.start))
        kinds.setdefault(block.level, block.list_kind)
    return shapes


# -- body ------------------------------------------------------------------------------------
def _add_spans(paragraph: Any, block: Block) -> None:
    for span in block.spans:
        lines = span.text.split("\n")
        for index, line in enumerate(lines):
            if "\t" in line:
                run = paragraph.add_run(line)
            else:
                # python-docx's run.text looks at every character for tabs and breaks; text has none here.
                run = Run(paragraph._p.add_r(), paragraph)
                run._r.add_t(line)
            if span.bold:
                run.bold = True
            if span.italic:
                run.italic = True
            if index < len(lines) - 1:
                run.add_break()


def _style_for(block: Block) -> str:
    if block.kind == "heading":
        if block.front:
            return "Title" if block.level == 1 else "Subtitle"
        return f"Heading {min(block.level, 3)}"
    if block.kind == "item" and block.list_kind:
        return LIST_STYLES[(block.list_kind, min(block.level, 2))]
    if block.kind == "rule":
        return RULE_STYLE
    if block.front:
        return FRONT_STYLE
    return CONTINUE_STYLES[min(block.indent, 3)]


# Elements that follow w:bidi in a paragraph's properties and w:rtl in a run's (WordprocessingML order).
_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _set_language(doc: Any, tag: str, right_to_left: bool) -> None:
    """The document's language for spelling and hyphenation; right-to-left paragraphs and runs for
    Arabic and other right-to-left languages."""
    normal = doc.styles["Normal"].element
    rpr = normal.get_or_add_rPr()
    ppr = normal.get_or_add_pPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:bidi"), tag)
    for props, tag_name, successors in ((ppr, "w:bidi", _AFTER_BIDI), (rpr, "w:rtl", _AFTER_RTL)):
        existing = props.find(qn(tag_name))
        if right_to_left and existing is None:
            props.insert_element_before(OxmlElement(tag_name), *successors)
        elif not right_to_left and existing is not None:
            props.remove(existing)


_LIVE_PARTS = frozenset({CT.WML_DOCUMENT_MAIN, CT.WML_NUMBERING, CT.OPC_CORE_PROPERTIES})


class _FrozenPart:
    """A part whose serialised form is kept: styles, theme, settings and footers do not change per statement."""

    def __init__(self, part: Any) -> None:
        self._part = part
        self.blob = part.blob

    def __getattr__(self, name: str) -> Any:
        return getattr(self._part, name)


class DocxWriter:
    """Lays statements out on one reference document, reused from one statement to the next.

    Opening a reference document and serialising its unchanging parts costs more than the statement
    itself; a writer does both once, then per statement only rebuilds the body, the lists and the
    document properties.
    """

    def __init__(self, reference: Path | None) -> None:
        self.doc = open_reference(reference)
        self.numbering = _Numbering(self.doc)
        self._frozen: dict[str, list[Any]] = {}
        self._style_ids: dict[str, str | None] = {}

    def _paragraph(self, style: str) -> Any:
        """A new body paragraph in ``style``, the style id looked up once (python-docx searches every time)."""
        if style not in self._style_ids:
            found = self.doc.styles[style]
            self._style_ids[style] = None if found.style_id == "Normal" else found.style_id
        paragraph = self.doc.add_paragraph()
        style_id = self._style_ids[style]
        if style_id is not None:
            paragraph._p.get_or_add_pPr().style = style_id
        return paragraph

    def _reset(self) -> None:
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.numbering.reset()

    def _parts(self, language_tag: str) -> list[Any]:
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
        _set_language(doc, info.language_tag, info.right_to_left)
        if info.marker:
            self._paragraph(MARKER_STYLE).add_run(info.marker)
        shapes = _list_shapes(draft.blocks)
        num_ids = {list_id: self.numbering.add_list(kinds, start) for list_id, (kinds, start) in shapes.items()}
        for block in draft.blocks:
            paragraph = self._paragraph(_style_for(block))
            if block.kind == "rule":
                paragraph.add_run("*  *  *")
                continue
            _add_spans(paragraph, block)
            if block.kind == "item":
                _set_numbering(paragraph, num_ids[block.list_id], block.level)
        _set_properties(doc.core_properties, info)
        buffer = io.BytesIO()
        parts = self._parts(f"{info.language_tag}/{info.right_to_left}")
        PackageWriter.write(buffer, doc.part.package.rels, parts)  # type: ignore[no-untyped-call]
        return buffer.getvalue()


def _set_properties(props: Any, info: DocumentInfo) -> None:
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


def compose_docx(draft: Draft, info: DocumentInfo, reference: Path | None) -> bytes:
    """Lay ``draft`` out on the reference document and return the .docx file's bytes."""
    return DocxWriter(reference).compose(draft, info)

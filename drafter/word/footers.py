"""Page numbers: a PAGE field in every footer the statement's pages show, unless the page already has one.

A house footer's own text stays as it is: the page number goes in a paragraph of its own, centred, below
it (or in the footer's empty paragraph). A page number is a real ``PAGE`` field, simple or complex,
wherever it sits in the header or footer; words that merely contain "PAGE" ("HOMEPAGE") are not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from drafter.word.house import FOOTER_STYLE, add_style

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.text.paragraph import CT_P
    from docx.section import _Footer, _Header
    from lxml.etree import _Element

_PAGE = re.compile(r"\s*PAGE(?:\s|\\|$)", re.IGNORECASE)


def field_codes(element: _Element) -> list[str]:
    """The instructions of every field in ``element``: ``fldSimple`` ones and complex (``fldChar``) ones."""
    codes: list[str] = []
    open_fields: list[list[str]] = []
    for node in element.iter(qn("w:fldSimple"), qn("w:fldChar"), qn("w:instrText")):
        if node.tag == qn("w:fldSimple"):
            codes.append(node.get(qn("w:instr")) or "")
        elif node.tag == qn("w:instrText"):
            if open_fields:
                open_fields[-1].append(node.text or "")
        elif node.get(qn("w:fldCharType")) == "begin":
            open_fields.append([])
        elif node.get(qn("w:fldCharType")) == "end" and open_fields:
            codes.append("".join(open_fields.pop()))
    codes += ["".join(parts) for parts in open_fields]
    return codes


def has_page_field(element: _Element) -> bool:
    """True when ``element`` (a header or footer) holds a PAGE field."""
    return any(_PAGE.match(code) for code in field_codes(element))


def _odd_and_even(doc: Document) -> bool:
    """Whether the house style has different even-page headers and footers (a settings part is optional)."""
    try:
        doc.part.part_related_by(RT.SETTINGS)
    except KeyError:
        return False
    return bool(doc.settings.odd_and_even_pages_header_footer)


def _pages(doc: Document) -> Iterator[tuple[_Header, _Footer, bool]]:
    """(header, footer, always) for each kind of page the last section has; ``always``: the default one."""
    section = doc.sections[-1]
    yield section.header, section.footer, True
    if section.different_first_page_header_footer:
        yield section.first_page_header, section.first_page_footer, False
    if _odd_and_even(doc):
        yield section.even_page_header, section.even_page_footer, False


def _is_empty(paragraph: CT_P) -> bool:
    return all(child.tag == qn("w:pPr") for child in paragraph)


def _page_paragraph(footer: _Footer) -> CT_P:
    """The paragraph to hold the page number: the footer's only, empty one, or a new one below its content."""
    paragraphs: list[CT_P] = footer.part.element.findall(qn("w:p"))
    if paragraphs and all(_is_empty(p) for p in paragraphs):
        return paragraphs[0]
    new: CT_P = footer.part.element.add_p()
    style = paragraphs[-1].find(f"{qn('w:pPr')}/{qn('w:pStyle')}") if paragraphs else None
    if style is not None:
        new.get_or_add_pPr().style = style.get(qn("w:val"))
    return new


def add_page_number(footer: _Footer) -> None:
    """A centred PAGE field in ``footer``."""
    paragraph = _page_paragraph(footer)
    paragraph.get_or_add_pPr().jc_val = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple", {qn("w:instr"): "PAGE"})
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph.append(field)


def number_pages(doc: Document) -> None:
    """A page number on every page of the last section: in each footer it has, and in a default footer."""
    seen: set[str] = set()
    for header, footer, always in _pages(doc):
        if footer.is_linked_to_previous:
            if not always:
                continue  # the house shows nothing there (a blank first page footer, say)
            footer.is_linked_to_previous = False
            # python-docx's new footer names the style "Footer", which the house may lack or call otherwise.
            style_id = add_style(doc, FOOTER_STYLE).style_id
            for p_style in footer.part.element.iter(qn("w:pStyle")):
                p_style.set(qn("w:val"), style_id)
        if footer.part.partname in seen:
            continue  # one footer shown on several kinds of page
        seen.add(footer.part.partname)
        if has_page_field(footer.part.element):
            continue
        if not header.is_linked_to_previous and has_page_field(header.part.element):
            continue
        add_page_number(footer)

"""The house style: a reference document made in Word, LibreOffice, Google Docs or pandoc, made ready to
receive a statement without changing what it already has.

The body is emptied and the statement laid out in the document's last section (where Word puts what is
typed at the end), keeping the headers and footers it inherits from earlier sections. Styles drafter uses
and the house lacks are added — Word's built-in ones (``List Number``, ``Title``, ``Quote`` …) as built-in
styles, drafter's own as custom ones; styles the house has are found by their name, whatever their id
(a German Word calls "List Number" ``Listennummer``), and left as they are.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.parts.settings import SettingsPart
from docx.shared import Pt, Twips

from drafter.word.numbering import INDENT_STEP, LIST_STYLES

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.text.font import CT_RPr
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.styles.style import ParagraphStyle

MARKER_STYLE = "Statement Marker"
FRONT_STYLE = "Statement Front"
RULE_STYLE = "Statement Rule"
QUOTE_STYLE = "Quote"
CONTINUE_STYLES = ("Normal", "List Continue", "List Continue 2", "List Continue 3")
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")
BUILTIN_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    *HEADING_STYLES,
    *LIST_STYLES.values(),
    *CONTINUE_STYLES[1:],
    QUOTE_STYLE,
)
FOOTER_STYLE = "Footer"
DRAFTER_STYLES = (MARKER_STYLE, FRONT_STYLE, RULE_STYLE)
REQUIRED_STYLES = (*BUILTIN_STYLES[:6], *DRAFTER_STYLES, *BUILTIN_STYLES[6:])
QUOTE_INDENT = Twips(864)  # Word's own "Quote": 0.6 inch on both sides


# -- styles ------------------------------------------------------------------------------------
def paragraph_styles(doc: Document) -> dict[str, ParagraphStyle]:
    """The document's paragraph styles by name, lower-cased (Word writes "heading 1", python-docx "Heading 1")."""
    return {
        style.name.lower(): style
        for style in doc.styles
        if style.type == WD_STYLE_TYPE.PARAGRAPH and style.name is not None
    }


def missing_styles(doc: Document) -> list[str]:
    """Paragraph styles drafter uses that ``doc`` lacks (drafter adds them when it lays a statement out)."""
    present = paragraph_styles(doc)
    return [name for name in REQUIRED_STYLES if name.lower() not in present]


def reference_missing_styles(path: Path) -> list[str]:
    """The styles drafter uses that the Word document at ``path`` lacks; refused as ``word.opening`` refuses."""
    from drafter.word.opening import open_document

    return missing_styles(open_document(path))


def _centred(space_after: float | None = 6) -> Callable[[ParagraphStyle], None]:
    def apply(style: ParagraphStyle) -> None:
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if space_after is not None:
            style.paragraph_format.space_after = Pt(space_after)

    return apply


def _kept(look: Callable[[ParagraphStyle], None]) -> Callable[[ParagraphStyle], None]:
    """``look``, and the paragraph kept on the page of the one after it (a heading never ends a page)."""

    def apply(style: ParagraphStyle) -> None:
        look(style)
        style.paragraph_format.keep_with_next = True

    return apply


def _title(style: ParagraphStyle) -> None:
    _centred()(style)
    style.font.bold = True
    outline_title(style)


def _heading(style: ParagraphStyle) -> None:
    style.font.bold = True


def _marker(style: ParagraphStyle) -> None:
    style.font.bold = style.font.italic = True
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    style.paragraph_format.space_after = Pt(18)


def quote_look(style: ParagraphStyle) -> None:
    """An indented, italic quotation, like Word's own "Quote"."""
    style.font.italic = True
    style.paragraph_format.left_indent = style.paragraph_format.right_indent = QUOTE_INDENT


def _continued(level: int) -> Callable[[ParagraphStyle], None]:
    def apply(style: ParagraphStyle) -> None:
        style.paragraph_format.left_indent = Twips(INDENT_STEP * level)

    return apply


# How drafter sets up a style the house lacks: based on Normal, so the house's font carries over.
ADDED_LOOK: dict[str, Callable[[ParagraphStyle], None]] = {
    "Title": _kept(_title),
    "Subtitle": _kept(_centred()),
    **dict.fromkeys(HEADING_STYLES, _kept(_heading)),
    MARKER_STYLE: _kept(_marker),
    FRONT_STYLE: _kept(_centred()),
    RULE_STYLE: _centred(None),
    QUOTE_STYLE: quote_look,
    **{name: _continued(level) for level, name in enumerate(CONTINUE_STYLES) if level},
}


def _unique_id(doc: Document, style: ParagraphStyle) -> None:
    ids = [s.style_id for s in doc.styles]
    if ids.count(style.style_id) > 1:
        base, number = style.style_id, 1
        while f"{base}{number}" in ids:
            number += 1
        style.style_id = f"{base}{number}"


def add_style(doc: Document, name: str) -> ParagraphStyle:
    """The paragraph style ``name``: the house's, or a new one drafter sets up."""
    found = paragraph_styles(doc).get(name.lower())
    if found is not None:
        return found
    style: ParagraphStyle = doc.styles.add_style(
        name, WD_STYLE_TYPE.PARAGRAPH, builtin=name in (*BUILTIN_STYLES, FOOTER_STYLE)
    )
    _unique_id(doc, style)
    normal = paragraph_styles(doc).get("normal")
    if normal is not None and normal is not style:
        style.base_style = normal
    look = ADDED_LOOK.get(name)
    if look is not None:
        look(style)
    return style


def style_ids(doc: Document) -> dict[str, str | None]:
    """Every style drafter uses (added when missing) → the id paragraphs name (None for the default style)."""
    ids: dict[str, str | None] = {}
    for name in REQUIRED_STYLES:
        style = add_style(doc, name)
        ids[name] = None if style.element.default else style.style_id
    return ids


# -- fonts ----------------------------------------------------------------------------------------
HEADING_LIKE = ("Title", "Subtitle", *HEADING_STYLES)
_THEME_FONTS = tuple(qn(f"w:{name}") for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))
_FONT_SLOTS = tuple(qn(f"w:{name}") for name in ("ascii", "hAnsi", "eastAsia", "cs"))
_RFONTS = qn("w:rFonts")


def drop_theme_fonts(element: BaseOxmlElement) -> None:
    """Remove the theme's fonts (Word's "+Headings", "+Body") from every ``w:rFonts`` in ``element``.

    A theme font overrides the font named beside it, and Word and LibreOffice resolve it differently
    (Cambria in one, another sans in the other); without it a style shows the font it names, or its
    parent's.
    """
    for fonts in list(element.iter(_RFONTS)):
        for attribute in _THEME_FONTS:
            fonts.attrib.pop(attribute, None)
        if not any(fonts.get(slot) for slot in _FONT_SLOTS) and not fonts.get(qn("w:hint")):
            fonts.getparent().remove(fonts)


def named_fonts_first(element: BaseOxmlElement) -> None:
    """Where a ``w:rFonts`` names a font and a theme font for the same script, keep the one named: the
    theme's would override it, unseen in Word's style dialog (LibreOffice writes both)."""
    for fonts in element.iter(_RFONTS):
        for slot, theme in zip(_FONT_SLOTS, _THEME_FONTS, strict=True):
            if fonts.get(slot) and fonts.get(theme):
                del fonts.attrib[theme]


def set_fonts(rpr: CT_RPr, name: str) -> None:
    """``rpr`` (a ``w:rPr``) names ``name`` for every script, and no theme font."""
    drop_theme_fonts(rpr)
    fonts = rpr.find(_RFONTS)
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # w:rFonts comes first after w:rStyle, which a paragraph style's rPr lacks
    for slot in _FONT_SLOTS:
        fonts.set(slot, name)


def body_font_headings(doc: Document) -> None:
    """Title, Subtitle and Heading 1–3 in the body's face: their theme fonts dropped, so they take the font
    they name or, naming none, Normal's — restyling Normal in Word restyles them too. In every style, a
    font named wins over a theme font for the same script."""
    named_fonts_first(doc.styles.element)
    styles = paragraph_styles(doc)
    for name in HEADING_LIKE:
        style = styles.get(name.lower())
        if style is not None:
            drop_theme_fonts(style.element)


def document_defaults(doc: Document) -> CT_RPr:
    """The document's default run properties (``w:docDefaults/w:rPrDefault/w:rPr``), made if missing."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    return cast("CT_RPr", rpr)


# -- the body and its sections -------------------------------------------------------------------
def empty_body(doc: Document) -> None:
    """Remove everything from the body but the final section's properties."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def keep_last_section(doc: Document) -> None:
    """Empty the body down to its last section, which keeps every header and footer it inherits."""
    body = doc.element.body
    final = body.get_or_add_sectPr()
    earlier = [p for p in body.iterchildren(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    references = {(r.tag, r.get(qn("w:type")) or "default") for r in final.iterchildren()}
    for paragraph in reversed(earlier):
        sect_pr = paragraph.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        for reference in sect_pr.iterchildren(qn("w:headerReference"), qn("w:footerReference")):
            key = (reference.tag, reference.get(qn("w:type")) or "default")
            if key not in references:
                references.add(key)
                final.insert(0, copy.deepcopy(reference))
    empty_body(doc)
    used = {r.get(qn("r:id")) for r in final.iterchildren(qn("w:headerReference"), qn("w:footerReference"))}
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype in (RT.HEADER, RT.FOOTER) and r_id not in used:
            doc.part.drop_rel(r_id)


# Word 2010's copy of styles.xml. Word 2013 and later neither write nor need it; left stale beside the styles
# drafter adds, it makes Word report unreadable content.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def settle_parts(doc: Document) -> None:
    """Add the settings part Word expects (Google Docs and converters may leave it out), and remove the
    parts that would contradict what drafter adds (``stylesWithEffects.xml``)."""
    try:
        doc.part.part_related_by(RT.SETTINGS)
    except KeyError:
        doc.part.relate_to(SettingsPart.default(doc.part.package), RT.SETTINGS)
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            doc.part.drop_rel(r_id)


# -- language ------------------------------------------------------------------------------------
# Elements that follow w:bidi in a paragraph's properties and w:lang in a run's (schema order).
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
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")


def set_language(doc: Document, tag: str, right_to_left: bool) -> None:
    """The statement's language for spelling and hyphenation, in the default paragraph style and in the
    document's defaults (``w:docDefaults``, where LibreOffice reads the PDF's /Lang).

    A right-to-left language is the language of complex-script text (``w:lang/@w:bidi``) and makes
    paragraphs right-to-left (``w:bidi``); any other is the language of Latin text (``w:lang/@w:val``).
    Runs are marked right-to-left one by one (Word does not take ``w:rtl`` in a style).
    """
    normal = paragraph_styles(doc)["normal"].element
    _lang(normal.get_or_add_rPr()).set(qn("w:bidi" if right_to_left else "w:val"), tag)
    defaults = _lang(document_defaults(doc))
    defaults.set(qn("w:val"), tag)
    if right_to_left:
        defaults.set(qn("w:bidi"), tag)
    ppr = normal.get_or_add_pPr()
    bidi = ppr.find(qn("w:bidi"))
    if right_to_left and bidi is None:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    elif not right_to_left and bidi is not None:
        ppr.remove(bidi)


def _lang(rpr: CT_RPr) -> BaseOxmlElement:
    """The ``w:lang`` of run properties ``rpr``, made in its place if missing."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, *_AFTER_LANG)
    return cast("BaseOxmlElement", lang)


def outline_title(style: ParagraphStyle) -> None:
    """Give the title style outline level 1, so the title is a heading to Word's navigation pane, a bookmark
    in the PDF and the first heading a screen reader finds."""
    ppr = style.element.get_or_add_pPr()
    if ppr.find(qn("w:outlineLvl")) is None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), "0")
        ppr.insert_element_before(level, *_AFTER_BIDI[_AFTER_BIDI.index("w:outlineLvl") + 1 :])

"""The Word document: styles, restarting lists, page numbers, properties, house style honoured."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from drafter.document.blocks import parse_blocks
from drafter.document.info import DocumentInfo
from drafter.word.writer import DocxWriter, build_reference_document

from helpers import numbering_formats, read_paragraphs

INFO = DocumentInfo("Statement by X", "X", "Meeting", "Check against delivery", "en-GB", "est", "t")


def write(tmp_path: Path, markdown: str, reference: Path | None = None) -> Path:
    path = tmp_path / "out.docx"
    path.write_bytes(DocxWriter(reference).compose(parse_blocks(markdown), INFO))
    return path


def test_each_list_restarts_at_one(tmp_path: Path) -> None:
    path = write(tmp_path, "1. a\n2. b\n\nBetween.\n\n1. c\n2. d\n")
    items = [p for p in read_paragraphs(path) if p.num_id is not None]
    first, second = {p.num_id for p in items[:2]}, {p.num_id for p in items[2:]}
    assert len(first) == len(second) == 1 and first != second
    for num_id in (*first, *second):
        assert numbering_formats(path, num_id)[0] == ("decimal", 1)


def test_body_style_is_large_and_spaced(tmp_path: Path) -> None:
    doc = Document(str(write(tmp_path, "Text.\n")))
    normal = doc.styles["Normal"]
    assert normal.font.size >= Pt(14)
    assert normal.paragraph_format.line_spacing >= 1.5


def test_footer_has_a_page_number_field(tmp_path: Path) -> None:
    doc = Document(str(write(tmp_path, "Text.\n")))
    assert 'w:instr="PAGE"' in doc.sections[0].footer._element.xml


def test_core_properties(tmp_path: Path) -> None:
    props = Document(str(write(tmp_path, "Text.\n"))).core_properties
    assert (props.title, props.author, props.subject, props.language) == ("Statement by X", "X", "Meeting", "en-GB")


def test_reference_document_styles_are_honoured(tmp_path: Path) -> None:
    reference = build_reference_document()
    reference.styles["Normal"].font.name = "Georgia"
    reference.styles["Normal"].font.size = Pt(16)
    reference.add_paragraph("Boilerplate that must not survive.")
    ref_path = tmp_path / "reference.docx"
    reference.save(str(ref_path))
    path = write(tmp_path, "Text.\n\n- a\n", ref_path)
    doc = Document(str(path))
    assert doc.styles["Normal"].font.name == "Georgia"
    assert doc.styles["Normal"].font.size == Pt(16)
    assert "Boilerplate" not in [p.text for p in doc.paragraphs]
    assert [p.text for p in doc.paragraphs] == ["Check against delivery", "Text.", "a"]


# -- lists from the blocks' own list descriptions -------------------------------------------------
MIXED = "1. one\n\n   - a\n   - b\n2. two\n\n   1. c\n   2. d\n3. three\n\n   3. e\n   4. f\n"


def _items(path: Path) -> list[tuple[str, int | None, int | None]]:
    return [(p.text, p.num_id, p.level) for p in read_paragraphs(path) if p.num_id is not None]


def test_a_numbered_sub_list_after_a_bulleted_one_is_numbered(tmp_path: Path) -> None:
    path = write(tmp_path, MIXED)
    items = {text: (num_id, level) for text, num_id, level in _items(path)}
    top = items["one"][0]
    assert items["two"][0] == items["three"][0] == top
    assert items["a"][0] == top  # the first sub-list is the top list's own second level
    assert numbering_formats(path, top)[1][0] == "bullet"
    numbered = items["c"][0]
    assert numbered not in (None, top) and items["d"][0] == numbered
    assert numbering_formats(path, numbered)[1] == ("decimal", 1)
    started = items["e"][0]
    assert started not in (top, numbered)
    assert numbering_formats(path, started)[1] == ("decimal", 3)


def test_the_text_copy_numbers_the_same_lists() -> None:
    from drafter.document.text import to_text

    text = to_text(parse_blocks(MIXED), "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines == ["1. one", "• a", "• b", "2. two", "1. c", "2. d", "3. three", "3. e", "4. f"]


def test_numbering_is_in_schema_order_even_after_word_cleaned_it_up(tmp_path: Path) -> None:
    from docx.oxml import OxmlElement

    reference = build_reference_document()
    numbering = reference.part.numbering_part.element
    numbering.append(OxmlElement("w:numIdMacAtCleanup", {qn("w:val"): "4"}))
    ref_path = tmp_path / "reference.docx"
    reference.save(str(ref_path))
    path = write(tmp_path, MIXED, ref_path)
    tags = [child.tag.split("}")[1] for child in Document(str(path)).part.numbering_part.element]
    assert tags[-1] == "numIdMacAtCleanup"
    assert tags.index("num") > max(i for i, tag in enumerate(tags) if tag == "abstractNum")
    assert tags.count("numIdMacAtCleanup") == 1


def test_a_reference_without_numbering_part_gets_one(tmp_path: Path) -> None:
    import zipfile

    ref_path = tmp_path / "reference.docx"
    build_reference_document().save(str(ref_path))
    stripped = tmp_path / "stripped.docx"
    with zipfile.ZipFile(ref_path) as source, zipfile.ZipFile(stripped, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/numbering.xml":
                continue
            if name == "word/_rels/document.xml.rels":
                data = re.sub(rb"<Relationship [^>]*numbering[^>]*/>", b"", data)
            target.writestr(name, data)
    items = _items(write(tmp_path, MIXED, stripped))
    assert len(items) == 9 and all(num_id for _text, num_id, _level in items)


# -- styles, language, quotations ---------------------------------------------------------------
def test_builtin_styles_drafter_adds_are_not_custom(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    bare = Document()
    for style in list(bare.styles):
        if style.type == WD_STYLE_TYPE.PARAGRAPH and style.name not in ("Normal", "Header", "Footer"):
            style.element.getparent().remove(style.element)
    ref_path = tmp_path / "reference.docx"
    bare.save(str(ref_path))
    doc = Document(str(write(tmp_path, "# T\n\n---\n\n1. a\n\n> q\n", ref_path)))
    for name in ("Title", "List Number", "List Bullet 2", "Quote", "Heading 1", "List Continue"):
        assert doc.styles[name].builtin, name
    assert not doc.styles["Statement Marker"].builtin


def test_language_is_set_in_schema_order_and_bidi_only_for_right_to_left(tmp_path: Path) -> None:
    doc = Document(str(write(tmp_path, "Text.\n")))
    rpr = doc.styles["Normal"].element.rPr
    tags = [child.tag.split("}")[1] for child in rpr]
    assert tags.index("lang") > max(tags.index(t) for t in ("rFonts", "color", "sz") if t in tags)
    lang = rpr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    assert lang.get(qn("w:bidi")) != "en-GB"

    arabic = DocumentInfo("T", "X", "M", "", "ar-SA", right_to_left=True)
    path = tmp_path / "ar.docx"
    path.write_bytes(DocxWriter(None).compose(parse_blocks("نص.\n"), arabic))
    normal = Document(str(path)).styles["Normal"].element
    lang = normal.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:bidi")) == "ar-SA" and lang.get(qn("w:val")) != "ar-SA"
    assert normal.rPr.find(qn("w:rtl")) is None  # Word takes w:rtl in runs, not in styles
    assert normal.pPr.find(qn("w:bidi")) is not None
    runs = Document(str(path)).paragraphs[0].runs
    assert runs and all(run.font.rtl for run in runs)


def test_a_quotation_is_its_own_indented_paragraph(tmp_path: Path) -> None:
    from drafter.document.text import to_text

    markdown = "He said:\n\n> Never again.\n\nAnd so on.\n"
    doc = Document(str(write(tmp_path, markdown)))
    quote = next(p for p in doc.paragraphs if p.text == "Never again.")
    assert quote.style.name == "Quote"
    assert quote.style.builtin
    assert quote.style.paragraph_format.left_indent > 0
    assert quote.style.font.italic
    assert "\n    Never again.\n" in to_text(parse_blocks(markdown), "")


def test_a_footer_that_says_homepage_still_gets_a_page_number_below_its_text(tmp_path: Path) -> None:
    reference = build_reference_document()
    footer = reference.sections[0].footer
    for paragraph in footer._element.findall(qn("w:p")):
        footer._element.remove(paragraph)
    footer.add_paragraph("Mission of X — HOMEPAGE www.x.int")
    ref_path = tmp_path / "reference.docx"
    reference.save(str(ref_path))
    footer = Document(str(write(tmp_path, "Text.\n", ref_path))).sections[0].footer
    assert footer.paragraphs[0].text == "Mission of X — HOMEPAGE www.x.int"
    assert footer.paragraphs[0]._p.find(qn("w:fldSimple")) is None
    assert footer.paragraphs[1]._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"


def test_lists_read_back_give_each_list_its_format_and_first_number(tmp_path: Path) -> None:
    """What import and redline read of a document's lists: the format and start of every level."""
    from drafter.word.numbering import ListLevels

    path = write(tmp_path, "3. c\n4. d\n   - bullet\n\nBetween.\n\n1. again\n")
    items = [p for p in read_paragraphs(path) if p.num_id is not None]
    levels = ListLevels.read(Document(str(path)))
    first, bullet, again = items[0].num_id, items[2].num_id, items[3].num_id
    assert first is not None and bullet is not None and again is not None and first != again
    assert (levels.number_format(first, 0), levels.start(first, 0)) == ("decimal", 3)
    assert levels.number_format(bullet, items[2].level or 0) == "bullet"
    assert (levels.number_format(again, 0), levels.start(again, 0)) == ("decimal", 1)
    assert levels.number_format(999, 0) is None

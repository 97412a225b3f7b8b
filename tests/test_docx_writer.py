"""The Word document: styles, restarting lists, page numbers, properties, house style honoured."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

from drafter.blocks import parse_blocks
from drafter.docx_writer import build_reference_document, compose_docx
from drafter.layout import DocumentInfo

from helpers import numbering_formats, read_paragraphs

INFO = DocumentInfo("Statement by X", "X", "Meeting", "Check against delivery", "en-GB", "est", "t")


def write(tmp_path: Path, markdown: str, reference: Path | None = None) -> Path:
    path = tmp_path / "out.docx"
    path.write_bytes(compose_docx(parse_blocks(markdown), INFO, reference))
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

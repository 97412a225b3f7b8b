"""The zip writer behind the Word files: parts compressed once, copied as they are, read back by zipfile and Word."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from drafter.document.blocks import parse_blocks
from drafter.document.info import DocumentInfo
from drafter.word.package import DEFLATED, STORED, pack, write_package
from drafter.word.writer import DocxWriter

PARTS = {
    "[Content_Types].xml": b"<?xml version='1.0'?><Types/>" * 20,
    "word/styles.xml": b"<w:styles>" + b"<w:style/>" * 5000 + b"</w:styles>",
    "docProps/thumbnail.jpeg": bytes(range(256)),  # incompressible: stored as it is
    "empty.xml": b"",
    "word/média/é.xml": "<ü/>".encode(),
}


def _archive(parts: dict[str, bytes]) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(write_package(pack(name, blob) for name, blob in parts.items())))


def test_round_trip_through_zipfile_keeps_names_order_and_bytes() -> None:
    archive = _archive(PARTS)
    assert archive.testzip() is None  # every CRC checked
    assert archive.namelist() == list(PARTS)
    for name, blob in PARTS.items():
        assert archive.read(name) == blob
        info = archive.getinfo(name)
        assert (info.CRC, info.file_size) == (zlib.crc32(blob), len(blob))


def test_compressible_parts_are_deflated_and_the_rest_stored() -> None:
    assert pack("a.xml", PARTS["word/styles.xml"]).method == DEFLATED
    assert pack("a.jpeg", PARTS["docProps/thumbnail.jpeg"]).method == STORED
    archive = _archive(PARTS)
    assert archive.getinfo("word/styles.xml").compress_type == zipfile.ZIP_DEFLATED
    assert archive.getinfo("word/styles.xml").compress_size < len(PARTS["word/styles.xml"]) // 10
    assert archive.getinfo("docProps/thumbnail.jpeg").compress_type == zipfile.ZIP_STORED


def test_one_packed_part_is_copied_into_many_archives_and_output_is_deterministic() -> None:
    styles = pack("word/styles.xml", PARTS["word/styles.xml"], level=9)
    first = write_package([pack("[Content_Types].xml", b"<Types/>"), styles, pack("word/document.xml", b"<a/>")])
    second = write_package([pack("[Content_Types].xml", b"<Types/>"), styles, pack("word/document.xml", b"<b/>")])
    again = write_package([pack("[Content_Types].xml", b"<Types/>"), styles, pack("word/document.xml", b"<a/>")])
    assert first == again
    assert styles.data in first and styles.data in second
    assert zipfile.ZipFile(io.BytesIO(second)).read("word/document.xml") == b"<b/>"


def test_a_name_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        write_package([pack("a.xml", b"1"), pack("a.xml", b"2")])


def test_an_empty_package_is_a_valid_zip() -> None:
    assert zipfile.ZipFile(io.BytesIO(write_package([]))).namelist() == []


def _word_file() -> bytes:
    draft = parse_blocks("# Statement by Belgium\n\n---\n\nMr. President,\n\n1. First **point**.\n2. Second.\n")
    info = DocumentInfo(
        title="Statement by Belgium",
        delegation="Belgium",
        meeting="Dialogue",
        marker="Check against delivery",
        language_tag="en-GB",
        comments="Estimated speaking time: 1 min",
        category="interactive-dialogue",
        right_to_left=False,
    )
    writer = DocxWriter(None)
    writer.compose(draft, info)  # the second statement is the one copying parts packed by the first
    return writer.compose(draft, info)


def test_word_files_start_with_content_types_and_open_in_python_docx() -> None:
    data = _word_file()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names[0] == "[Content_Types].xml"
    assert names[1] == "_rels/.rels"
    assert {"word/document.xml", "word/styles.xml", "word/numbering.xml", "docProps/core.xml"} <= set(names)
    assert len(names) == len(set(names))
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert "Check against delivery" in texts and "First point." in texts
    assert doc.core_properties.author == "Belgium"


def _statement(writer: DocxWriter, language: str, markdown: str = "Text.\n") -> Any:
    info = DocumentInfo("T", "Senegal", "M", "", language)
    return Document(io.BytesIO(writer.compose(parse_blocks(markdown), info)))


def _languages(doc: Any) -> tuple[str, str]:
    styles = doc.styles.element
    default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    return doc.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val")), default.get(qn("w:val"))


def test_the_parts_packed_once_follow_the_language_of_each_statement() -> None:
    writer = DocxWriter(None)
    for language in ("en-GB", "fr-FR", "en-GB", "fr-FR", "es-ES"):
        assert _languages(_statement(writer, language)) == (language, language)


def test_a_part_added_after_packing_is_refused_not_left_out() -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    writer = DocxWriter(None)
    _statement(writer, "en-GB")
    document_part = writer._doc.part
    document_part.relate_to(Part(PackURI("/word/extra.xml"), "application/xml", b"<a/>"), RT.CUSTOM_XML)
    with pytest.raises(AssertionError, match=r"extra\.xml"):
        _statement(writer, "en-GB")


def test_the_packed_entries_are_bounded_and_keep_the_ones_in_use() -> None:
    from drafter.word.writer import _Packed

    cache = _Packed(4)
    made: list[str] = []

    def maker(name: str) -> Any:
        return lambda: made.append(name) or pack(name, name.encode())

    for name in ("a", "b", "c", "d"):
        cache.get(name, maker(name))
    cache.get("a", maker("a"))  # used again: the most recent
    for name in ("e", "f", "g"):
        cache.get(name, maker(name))
    assert list(cache.entries) == ["a", "e", "f", "g"]
    assert made == ["a", "b", "c", "d", "e", "f", "g"]


def test_content_types_name_every_part_once() -> None:
    from lxml import etree

    archive = zipfile.ZipFile(io.BytesIO(_word_file()))
    root = etree.fromstring(archive.read("[Content_Types].xml"))
    defaults = {e.get("Extension"): e.get("ContentType") for e in root if e.tag.endswith("Default")}
    overrides = {e.get("PartName"): e.get("ContentType") for e in root if e.tag.endswith("Override")}
    assert defaults["rels"].endswith("relationships+xml") and defaults["jpeg"] == "image/jpeg"
    assert overrides["/word/document.xml"].endswith("document.main+xml")
    for name in archive.namelist():
        if name.endswith(".rels") or name == "[Content_Types].xml":
            continue
        by_extension = defaults.get(name.rsplit(".", 1)[-1])
        assert overrides.get(f"/{name}", by_extension) is not None, name  # every part has its type
        assert overrides.get(f"/{name}") != by_extension, name  # and an override only where it differs


def test_python_docx_is_bounded_to_the_versions_drafter_is_tested_with() -> None:
    import tomllib
    from importlib.metadata import version

    from packaging.requirements import Requirement

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    requirement = next(Requirement(d) for d in pyproject["project"]["dependencies"] if d.startswith("python-docx"))
    assert any(spec.operator == "<" for spec in requirement.specifier), "python-docx needs an upper bound"
    assert version("python-docx") in requirement.specifier

"""The zip writer behind the Word files: parts compressed once, copied as they are, read back by zipfile and Word."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest
from docx import Document

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

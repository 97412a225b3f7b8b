"""The one door every Word file from outside comes in by: checked as a zip and as XML before python-docx sees it.

A .docx is a zip archive of XML parts, and both layers can be made to explode: a part of a few kilobytes
that unpacks to a gigabyte of zeros (a zip bomb), or XML entities that expand to billions of characters
(the "billion laughs"). Every Word file drafter reads — a statement to import, a redline's earlier
version, a template's ``reference.docx``, a house style — is first read here:

- the file is a regular file of at most ``MAX_FILE`` bytes;
- the zip's directory lists at most ``MAX_PARTS`` parts, each compressed in a way Word uses, none
  encrypted, no name twice;
- every part is unpacked in a streaming way, counting what comes out: refused as soon as it passes
  ``MAX_PART`` bytes, as the whole passes ``MAX_TOTAL``, or as it unpacks to more than ``MAX_RATIO``
  times its packed size; its checksum is checked (a flipped byte, a cut-off file);
- every XML part is parsed as it unpacks by a hardened parser (no entities resolved, no network, no DTD
  loaded, depth and text nodes bounded by libxml2's own limits), and refused if it declares a DOCTYPE,
  which Word never writes and entity bombs need.

Only then does python-docx open the bytes already checked, with a parser of the same settings. Every
refusal is one message naming the file and the part.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from lxml import etree

from drafter.errors import InputError, Problem

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

MB = 1024 * 1024
MAX_FILE = 100 * MB
MAX_PARTS = 2000
MAX_PART = 50 * MB
MAX_TOTAL = 200 * MB
MAX_RATIO = 100
RATIO_FLOOR = MB  # small parts may compress well (a run of empty paragraphs); only big ones are judged
_CHUNK = 256 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# What damaged compressed data raises while it unpacks.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError)


def _refuse(path: Path, message: str, part: str | None = None) -> InputError:
    return InputError(Problem(f"{part}: {message}" if part else message, path=path))


def hardened_parser(**options: bool) -> etree.XMLParser:
    """An lxml parser for XML from outside: no entity resolved, no network, no DTD, libxml2's size bounds."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,
        **options,
    )


def read_checked(path: Path) -> bytes:
    """The bytes of the Word file at ``path``, refused (``InputError``) unless every part is safe to parse."""
    data = _read_file(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        raise _refuse(path, "is not a Word document (.docx): not a zip archive, or one cut short") from None
    with archive:
        _check(path, archive)
    return data


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise _refuse(path, "is not a regular file")
            if info.st_size > MAX_FILE:
                raise _refuse(path, f"is larger than {MAX_FILE // MB} MB; refused")
            return handle.read(MAX_FILE + 1)
    except OSError as exc:
        raise _refuse(path, f"cannot be read: {exc.strerror or exc}") from None


def _check(path: Path, archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_PARTS:
        raise _refuse(path, f"holds more than {MAX_PARTS:,} parts; refused")
    names: set[str] = set()
    budget = MAX_TOTAL
    for entry in entries:
        _check_entry(path, entry, names)
        budget -= _unpack(path, archive, entry, budget, _is_xml(entry.filename))
    # A part python-docx parses because the package says it is XML, whatever its name: parsed here too.
    typed_xml = _xml_by_type(path, archive)
    for entry in entries:
        if not _is_xml(entry.filename) and entry.filename in typed_xml:
            _unpack(path, archive, entry, MAX_TOTAL, xml=True)


def _is_xml(name: str) -> bool:
    return name.lower().endswith(_XML_SUFFIXES)


def _xml_by_type(path: Path, archive: zipfile.ZipFile) -> frozenset[str]:
    """The parts ``[Content_Types].xml`` (checked already) says are XML."""
    try:
        types = etree.fromstring(archive.read("[Content_Types].xml"), hardened_parser())
    except KeyError:
        return frozenset()
    except etree.LxmlError as exc:
        raise _refuse(path, f"is not well-formed XML ({exc}); refused", "[Content_Types].xml") from None
    defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in types.iter(f"{_TYPES}Default")}
    overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in types.iter(f"{_TYPES}Override")}
    return frozenset(
        name
        for name in archive.namelist()
        if overrides.get(name, defaults.get(name.rsplit(".", 1)[-1].lower(), "")).endswith("xml")
    )


def _check_entry(path: Path, entry: zipfile.ZipInfo, names: set[str]) -> None:
    name = entry.filename
    if name in names:
        raise _refuse(path, "appears twice in the archive; refused", name)
    names.add(name)
    if entry.flag_bits & 0x1:
        raise _refuse(path, "is encrypted; refused", name)
    if entry.compress_type not in _METHODS:
        raise _refuse(path, "is compressed in a way Word does not use; refused", name)
    if entry.file_size > MAX_PART:
        raise _refuse(path, f"unpacks to more than {MAX_PART // MB} MB; refused", name)


def _unpack(path: Path, archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int, xml: bool) -> int:
    """Unpack one part, parsing it as it comes when it is XML; the number of bytes it unpacked to."""
    name = entry.filename
    check = _XmlCheck(path, name) if xml else None
    size = 0
    try:
        for chunk in _chunks(archive, entry):
            size += len(chunk)
            _bound(path, entry, size, budget)
            if check is not None:
                check.feed(chunk)
    except _DAMAGED as exc:
        raise _refuse(path, f"is damaged ({_damage(exc)}); refused", name) from None
    if check is not None:
        check.close()
    return size


def _chunks(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> Iterator[bytes]:
    stream: IO[bytes]
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _bound(path: Path, entry: zipfile.ZipInfo, size: int, budget: int) -> None:
    name = entry.filename
    if size > MAX_PART:
        raise _refuse(path, f"unpacks to more than {MAX_PART // MB} MB; refused", name)
    if size > budget:
        raise _refuse(path, f"the parts unpack to more than {MAX_TOTAL // MB} MB in all; refused", name)
    if size > RATIO_FLOOR and size > MAX_RATIO * max(entry.compress_size, 1):
        raise _refuse(path, f"unpacks to more than {MAX_RATIO} times its packed size (a zip bomb?); refused", name)


def _damage(exc: Exception) -> str:
    text = str(exc)
    if "CRC" in text:
        return "its checksum does not match"
    if isinstance(exc, EOFError):
        return "it is cut short"
    return text or type(exc).__name__


_DOCTYPE = "declares a DOCTYPE, which Word documents never have (an entity bomb?)"
_DOCTYPES = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


class _XmlCheck:
    """One XML part parsed as it unpacks, its elements dropped as soon as they are read."""

    def __init__(self, path: Path, part: str) -> None:
        self.path = path
        self.part = part
        self.parser = etree.XMLPullParser(
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            collect_ids=False,
        )
        self.checked_prolog = False

    def _problem(self, message: str) -> InputError:
        return _refuse(self.path, f"{message}; refused", self.part)

    def feed(self, chunk: bytes) -> None:
        if not self.checked_prolog and any(mark in chunk for mark in _DOCTYPES):
            raise self._problem(_DOCTYPE)
        try:
            self.parser.feed(chunk)
            self._drain()
        except etree.XMLSyntaxError as exc:
            raise self._problem(f"is not well-formed XML ({exc.msg})") from None

    def close(self) -> None:
        try:
            self.parser.close()
            self._drain()
        except etree.XMLSyntaxError as exc:
            raise self._problem(f"is not well-formed XML ({exc.msg})") from None

    def _drain(self) -> None:
        for event, element in self.parser.read_events():
            if not self.checked_prolog:
                self.checked_prolog = True
                info = element.getroottree().docinfo
                if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
                    raise self._problem(_DOCTYPE)
            if event == "end":
                # The element is read: drop it and the siblings before it, so a big part takes little memory.
                element.clear(keep_tail=True)
                while element.getprevious() is not None:
                    del element.getparent()[0]


# -- python-docx ---------------------------------------------------------------------------------------
_HARDENED = False


def _harden_python_docx() -> None:
    """python-docx's parsers (its document parts' and its package's) replaced, once, by hardened ones.

    python-docx parses with module-level parsers that carry its element classes; these keep them and
    spell out every safety setting rather than rely on lxml's defaults.
    """
    global _HARDENED  # noqa: PLW0603 -- done once per process, when the first Word file is opened
    if _HARDENED:
        return
    import docx.opc.oxml as package_xml
    import docx.oxml.parser as document_xml

    document_xml.oxml_parser = _with_classes(document_xml.element_class_lookup)
    package_xml.oxml_parser = _with_classes(package_xml.element_class_lookup)
    _HARDENED = True


def _with_classes(lookup: etree.ElementNamespaceClassLookup) -> etree.XMLParser:
    parser = hardened_parser(remove_blank_text=True)  # python-docx relies on blank text removed
    parser.set_element_class_lookup(lookup)
    return parser


def open_document(path: Path) -> WordDocument:
    """The Word document at ``path``, through the checks above, opened by python-docx; one message otherwise."""
    data = read_checked(path)
    return document_from(data, path)


def document_from(data: bytes, path: Path) -> WordDocument:
    """python-docx's document for bytes ``read_checked`` passed (``path`` names it in messages)."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    _harden_python_docx()
    try:
        return Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise _refuse(path, "is not a Word document (.docx): it has no main document part") from None
    except (KeyError, ValueError, TypeError, AttributeError, etree.LxmlError, *_DAMAGED) as exc:
        raise _refuse(path, f"is not a Word document (.docx) drafter can read: {exc}") from None

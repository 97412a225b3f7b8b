"""The PDF writer (``pdf``): the Word reading copy, converted by LibreOffice run headless.

The PDF is tagged (structure tags, so a screen reader finds the title, the paragraphs and the lists in
reading order), says its language (/Lang, from the statement's language in the Word document's
defaults), shows its title in the title bar and has a bookmark for the title. With ``--pdf-a`` it is
PDF/A-2b, for archives.

A batch converts many statements per LibreOffice start (``write_many``; see ``writers.libreoffice``);
one statement (``drafter render``) is a batch of one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import OutputError, Problem
from drafter.writers.word import WordWriter

if TYPE_CHECKING:
    from drafter.document.info import DocumentInfo
    from drafter.document.statement import Statement
    from drafter.writers import OutputFormat, Writer, WriterSettings
    from drafter.writers.libreoffice import LibreOffice

INSTALL_HINT = (
    "writing PDF needs LibreOffice, which is not installed (or not on PATH): install it "
    "(Debian and Ubuntu: 'apt-get install libreoffice-writer-nogui'; elsewhere from libreoffice.org), "
    "or set DRAFTER_SOFFICE to its soffice program"
)
_MAC_SOFFICE = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")


def find_soffice() -> str | None:
    """LibreOffice's ``soffice`` program: $DRAFTER_SOFFICE, then PATH, then the macOS application."""
    configured = os.environ.get("DRAFTER_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and _MAC_SOFFICE.is_file():
        found = str(_MAC_SOFFICE)
    return found


def check_available() -> None:
    """Refuse (before anything is written) when LibreOffice is missing."""
    if find_soffice() is None:
        raise OutputError(Problem(INSTALL_HINT))


_XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&apos;"))


def _escaped(text: str) -> str:
    for plain, escaped in _XML_ESCAPES:
        text = text.replace(plain, escaped)
    return text


def mend_metadata(pdf: bytes, info: DocumentInfo) -> bytes:
    """``pdf`` with the title, author and subject in its XMP metadata escaped once, as XML wants.

    LibreOffice 7.4 escapes ``& < > " '`` twice in a PDF/A's XMP (``droits de l&amp;apos;homme``), so the
    XMP would contradict the document information a PDF/A must agree with. The XMP packet is padded for
    editing in place (``<?xpacket end="w"?>``): each value is put right and the padding grows by what it
    lost, so the file keeps its length and every offset in it stays true.
    """
    start = pdf.find(b"<?xpacket begin=")
    end = pdf.find(b'<?xpacket end="w"?>', start)
    if start < 0 or end < 0:
        return pdf
    packet = pdf[start:end]
    mended = packet
    for value in {info.title, info.delegation, info.meeting}:
        once = _escaped(value).encode()
        twice = _escaped(_escaped(value)).encode()
        if once != twice:
            mended = mended.replace(b">" + twice + b"<", b">" + once + b"<")
    if mended == packet:
        return pdf
    padding = len(packet) - len(mended)
    closing = mended.rfind(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    mended = mended[:closing] + b" " * padding + mended[closing:]
    return pdf[:start] + mended + pdf[end:]


class PdfWriter:
    """The reading copy as a tagged PDF whose properties carry the title, author (the delegation) and language;
    one LibreOffice (one private profile) for every statement this writer converts."""

    def __init__(self, archive: bool) -> None:
        self.word = WordWriter()
        self.archive = archive
        self._office: LibreOffice | None = None

    def _libreoffice(self) -> LibreOffice:
        if self._office is None:
            from drafter.writers.libreoffice import LibreOffice

            soffice = find_soffice()
            if soffice is None:
                raise OutputError(Problem(INSTALL_HINT))
            self._office = LibreOffice(soffice, self.archive)
        return self._office

    def write(self, statement: Statement) -> bytes:
        """The .pdf file's bytes."""
        (result,) = self.write_many([statement])
        if isinstance(result, OutputError):
            raise result
        return result

    def write_many(self, statements: Sequence[Statement]) -> list[bytes | OutputError]:
        """Each statement's .pdf bytes, or why LibreOffice could not make it, from one LibreOffice start."""
        office = self._libreoffice()
        converted = office.convert([self.word.write(statement) for statement in statements])
        results: list[bytes | OutputError] = []
        for statement, done in zip(statements, converted, strict=True):
            if done.pdf is None:
                results.append(OutputError(Problem(f"{done.problem}; no PDF written")))
            else:
                results.append(mend_metadata(done.pdf, statement.info) if self.archive else done.pdf)
        return results

    def close(self) -> None:
        """Remove the private LibreOffice profile."""
        if self._office is not None:
            self._office.close()
            self._office = None


def create(fmt: OutputFormat, settings: WriterSettings) -> Writer:
    """The PDF writer."""
    return PdfWriter(settings.pdf_archive)

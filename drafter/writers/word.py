"""The Word reading copy writer (``docx``): one DocxWriter per reference document, reused."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from drafter.word.writer import DocxWriter

if TYPE_CHECKING:
    from drafter.document.statement import Statement
    from drafter.writers import OutputFormat, Writer, WriterSettings


class WordWriter:
    """Lays statements out on their template's reference document (opened once per document)."""

    def __init__(self) -> None:
        self._writers: dict[Path | None, DocxWriter] = {}

    def layout(self, reference: Path | None) -> DocxWriter:
        """The DocxWriter for ``reference`` (drafter's own house style for None)."""
        writer = self._writers.get(reference)
        if writer is None:
            writer = self._writers[reference] = DocxWriter(reference)
        return writer

    def write(self, statement: Statement) -> bytes:
        """The .docx file's bytes."""
        return self.layout(statement.reference).compose(statement.draft, statement.info)


def create(fmt: OutputFormat, settings: WriterSettings) -> Writer:
    """The Word writer."""
    return WordWriter()

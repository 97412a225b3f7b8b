"""The Markdown and plain-text writers (``md``, ``txt``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drafter.document.text import to_markdown, to_text

if TYPE_CHECKING:
    from drafter.document.statement import Statement
    from drafter.writers import OutputFormat, Writer, WriterSettings


class MarkdownWriter:
    """The rendered Markdown with the front-page marker on top."""

    def write(self, statement: Statement) -> bytes:
        """The .md file's bytes."""
        return to_markdown(statement.markdown, statement.info.marker).encode()


class TextWriter:
    """Wrapped plain text, lists numbered and bulleted."""

    def write(self, statement: Statement) -> bytes:
        """The .txt file's bytes."""
        return to_text(statement.draft, statement.info.marker).encode()


def create(fmt: OutputFormat, settings: WriterSettings) -> Writer:
    """The writer of ``md`` or ``txt``."""
    return MarkdownWriter() if fmt == "md" else TextWriter()

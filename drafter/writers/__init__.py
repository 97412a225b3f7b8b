"""Output formats: one writer per format behind one small interface, each module imported on first use.

A new format is a module in this package with a ``create(fmt, settings) -> Writer`` function, a name in
``FORMATS`` and a line in ``_MODULES``; nothing else in drafter lists formats.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from drafter.errors import Problem, UsageError
from drafter.output import write_atomic

if TYPE_CHECKING:
    from drafter.document.statement import Statement

OutputFormat = Literal["docx", "md", "txt", "pdf"]
FORMATS: tuple[OutputFormat, ...] = ("docx", "md", "txt", "pdf")
TEXT_FORMATS: tuple[OutputFormat, ...] = ("md", "txt")
"""Formats that may be printed to standard output."""

_MODULES: dict[OutputFormat, str] = {
    "docx": "drafter.writers.word",
    "md": "drafter.writers.text",
    "txt": "drafter.writers.text",
    "pdf": "drafter.writers.pdf",
}


@dataclass(frozen=True)
class WriterSettings:
    """Choices that hold for every statement a command writes."""

    pdf_archive: bool = False
    """PDF/A-2b instead of plain tagged PDF (``--pdf-a``)."""


def writer_settings(pdf_archive: bool, formats: Sequence[OutputFormat] | None) -> WriterSettings:
    """The settings of ``--pdf-a``; refused when ``formats`` (when known) has no PDF to make PDF/A."""
    if pdf_archive and formats is not None and "pdf" not in formats:
        raise UsageError(Problem("--pdf-a makes PDF/A files: write a PDF too (--format pdf, or -o NAME.pdf)"))
    return WriterSettings(pdf_archive=pdf_archive)


class Writer(Protocol):
    """Turns a rendered statement into a file's bytes; may keep state (a reference document) between calls."""

    def write(self, statement: Statement) -> bytes:
        """The file contents of ``statement``."""
        ...


def output_format(requested: str | None, target: str | None) -> OutputFormat:
    """The format asked for, or the one the output file's extension names, or docx.

    An extension that names another format (``x.odt``, or ``x.md`` with ``--format docx``) is refused:
    a Word document must not be written under a name that says otherwise.
    """
    suffix = Path(target).suffix.lstrip(".").lower() if target and target != "-" else ""
    if suffix and format_named(suffix) is None:
        known = ", ".join(f".{fmt}" for fmt in FORMATS[:-1]) + f" or .{FORMATS[-1]}"
        raise UsageError(Problem(f"drafter writes {known} files, not .{suffix}", path=Path(str(target))))
    if requested and suffix and suffix != requested:
        raise UsageError(Problem(f"the file name says .{suffix} but --format says {requested}", path=Path(str(target))))
    return format_named(requested or suffix) or "docx"


def parse_formats(text: str) -> tuple[OutputFormat, ...]:
    """``--format docx,pdf`` → ("docx", "pdf"): each known, each once, in the order given; ValueError if not."""
    names = [name.strip() for name in text.split(",")]
    formats: list[OutputFormat] = []
    for name in names:
        fmt = format_named(name)
        if fmt is None:
            choices = ", ".join(FORMATS)
            raise ValueError(f"'{name}' is not a format drafter writes (choose from {choices}, or several: docx,pdf)")
        if fmt not in formats:
            formats.append(fmt)
    return tuple(formats)


def output_formats(requested: Sequence[OutputFormat] | None, target: str | None) -> tuple[OutputFormat, ...]:
    """The formats to write: those asked for, or the one the output file's extension names, or docx.

    With one format, as ``output_format``. With several, ``target`` names one of the files
    (``statement.docx``) or their stem (``statement``): an extension that is not among them is refused.
    """
    if not requested or len(requested) == 1:
        return (output_format(requested[0] if requested else None, target),)
    if target == "-":
        raise UsageError(Problem("several formats cannot go to standard output; name a file with -o"))
    suffix = Path(target).suffix.lstrip(".").lower() if target else ""
    if suffix and format_named(suffix) is not None and suffix not in requested:
        named = " and ".join(requested)
        raise UsageError(Problem(f"the file name says .{suffix} but --format says {named}", path=Path(str(target))))
    return tuple(requested)


def output_targets(target: Path, formats: Sequence[OutputFormat]) -> list[Path]:
    """The file of each format: ``target`` itself for one format; for several, ``target``'s stem with each
    format's extension (``-o statement.docx --format docx,pdf`` → statement.docx, statement.pdf)."""
    if len(formats) == 1:
        return [target]
    stem = target.with_suffix("") if format_named(target.suffix.lstrip(".")) else target
    return [stem.with_name(f"{stem.name}.{fmt}") for fmt in formats]


def format_named(name: str) -> OutputFormat | None:
    """The format called ``name`` (a file extension or a --format value), or None."""
    return next((fmt for fmt in FORMATS if fmt == name.lower()), None)


def check_format(fmt: OutputFormat) -> None:
    """Raise a DrafterError now, before any work, if ``fmt`` needs a program that is not installed."""
    module = importlib.import_module(_MODULES[fmt])
    check = getattr(module, "check_available", None)
    if check is not None:
        check()


class Writers:
    """The writers one process uses, each made on first use and kept for the next statement; ``close`` (or
    the end of a ``with`` block) lets them go (the PDF writer's LibreOffice profile)."""

    def __init__(self, settings: WriterSettings | None = None) -> None:
        self.settings = settings or WriterSettings()
        self._made: dict[OutputFormat, Writer] = {}

    def __enter__(self) -> Writers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release what the writers hold."""
        for writer in self._made.values():
            close = getattr(writer, "close", None)
            if close is not None:
                close()
        self._made.clear()

    def get(self, fmt: OutputFormat) -> Writer:
        """The writer of ``fmt``."""
        writer = self._made.get(fmt)
        if writer is None:
            module = importlib.import_module(_MODULES[fmt])
            writer = self._made[fmt] = module.create(fmt, self.settings)
        return writer

    def write(self, statement: Statement, fmt: OutputFormat) -> bytes:
        """The file contents of ``statement`` in ``fmt``."""
        return self.get(fmt).write(statement)


def statement_bytes(statement: Statement, fmt: OutputFormat, writers: Writers | None = None) -> bytes:
    """The file contents of ``statement`` in ``fmt``; ``writers`` keeps writers for reuse across statements."""
    return (writers or Writers()).write(statement, fmt)


def write_statement(
    statement: Statement, target: Path, fmt: OutputFormat, force: bool, writers: Writers | None = None
) -> None:
    """Write ``statement`` to ``target`` atomically."""
    write_atomic(target, statement_bytes(statement, fmt, writers), force)

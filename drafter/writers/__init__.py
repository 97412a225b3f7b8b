"""Output formats: one writer per format behind one small interface, each module imported on first use.

A new format is a module in this package with a ``create() -> Writer`` function, a name in ``FORMATS``
and a line in ``_MODULES``; nothing else in drafter lists formats.
"""

from __future__ import annotations

import importlib
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
    """The writers one process uses, each made on first use and kept for the next statement."""

    def __init__(self) -> None:
        self._made: dict[OutputFormat, Writer] = {}

    def get(self, fmt: OutputFormat) -> Writer:
        """The writer of ``fmt``."""
        writer = self._made.get(fmt)
        if writer is None:
            module = importlib.import_module(_MODULES[fmt])
            writer = self._made[fmt] = module.create(fmt)
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

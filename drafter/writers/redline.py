"""A redline: the earlier version read (a Word reading copy or an answers file), compared with the new
draft, and laid out as Word tracked changes on the new reading copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.document.compare import Version, compare
from drafter.errors import InputError, Problem
from drafter.inputs.yamlio import Origin

ANSWERS_SUFFIXES = (".yaml", ".yml")

if TYPE_CHECKING:
    from drafter.document.statement import Statement
    from drafter.engine import Engine
    from drafter.writers import Writers


def load_version(path: Path, engine: Engine) -> Version:
    """The earlier version: a Word reading copy read back, or an answers file rendered again."""
    if not path.is_file():
        raise InputError(Problem("no such file", path=path))
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from drafter.word.reading import read_reading_copy

        return read_reading_copy(path)
    if suffix in ANSWERS_SUFFIXES:
        from drafter.inputs.answers import read_answers_file

        source = read_answers_file(path, None)
        bundle = engine.template(source.template)
        statement = engine.compose(bundle, engine.validate(bundle, source.answers, Origin(source.source)))
        return Version(statement.info.marker, statement.draft.blocks)
    raise InputError(Problem("compare with a Word document (.docx) or an answers file (.yaml)", path=path))


def version_of(statement: Statement) -> Version:
    """The new draft as a redline compares it."""
    return Version(statement.info.marker, statement.draft.blocks)


def default_author(statement: Statement) -> str:
    """Who the tracked changes are by when ``--author`` is not given: the delegation, else the profile's."""
    if statement.info.delegation:
        return statement.info.delegation
    from drafter.inputs.profile import load_profile

    return load_profile().delegation or "drafter"


def revision_date() -> str:
    """Now, as Word dates tracked changes: UTC, to the second."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def redline_bytes(statement: Statement, old: Version, author: str, writers: Writers) -> bytes:
    """The reading copy of ``statement`` as a .docx whose tracked changes turn ``old`` into it."""
    from drafter.word.tracked import compose_redline
    from drafter.writers.word import WordWriter

    word = writers.get("docx")
    assert isinstance(word, WordWriter)
    revisions = compare(old, version_of(statement))
    return compose_redline(word.layout(statement.reference), revisions, statement.info, author, revision_date())

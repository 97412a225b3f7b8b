"""``drafter import``: a delivered statement (.docx, .txt, .md) turned into an answers file."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path

from drafter.engine import Engine
from drafter.importing.importer import import_statement
from drafter.importing.report import describe
from drafter.inputs.answers import answers_document
from drafter.inputs.catalog import Catalog
from drafter.inputs.conventions import CONVENTIONS
from drafter.output import check_writable, write_atomic


def default_output(source: Path) -> Path:
    """``archive/statement.docx`` → ``statement.answers.yaml`` in the current folder."""
    return Path(f"{source.stem or 'statement'}.answers.yaml")


def run(args: argparse.Namespace) -> int:
    """Import one statement; write its answers; print the report."""
    target = Path(args.output) if args.output else default_output(args.file)
    check_writable(target, args.force)
    engine = Engine(Catalog.default(args.template_dir))
    result = import_statement(engine, args.file, args.template)
    answers = engine.validate(engine.template(result.template), result.built.answers)
    text = answers_document(result.template, _plain(answers, result.built.answers))
    header = f"# Imported by drafter from {args.file.name}: check the facts marked as guessed.\n"
    write_atomic(target, (header + text).encode("utf-8"), args.force)
    print(f"Wrote {target}")
    for line in describe(result):
        print(line)
    return 0


def _plain(validated: Mapping[str, object], given: Mapping[str, object]) -> dict[str, object]:
    """The answers as built, in the validated form (dates as dates), without the defaults added (conventions:
    only those the statement shows)."""
    return {key: value if key == CONVENTIONS else validated.get(key, value) for key, value in given.items()}

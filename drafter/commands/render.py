"""``drafter render``: an answers file in, a statement out (or a redline against an earlier version)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from drafter.document.statement import Statement
from drafter.engine import Engine
from drafter.errors import OutputError, Problem, UsageError
from drafter.inputs.answers import read_answers_file
from drafter.inputs.catalog import Catalog
from drafter.inputs.yamlio import Origin
from drafter.output import check_writable, write_atomic, write_stdout
from drafter.writers import (
    TEXT_FORMATS,
    OutputFormat,
    Writers,
    check_format,
    output_formats,
    output_targets,
    writer_settings,
)


def check_redline_options(args: argparse.Namespace, formats: tuple[OutputFormat, ...]) -> None:
    """``--redline`` writes Word's tracked changes, so only a .docx; ``--author`` only goes with it."""
    if args.redline is not None and formats != ("docx",):
        named = " and ".join(fmt for fmt in formats if fmt != "docx")
        raise UsageError(Problem(f"a redline is a Word document with tracked changes; it cannot be written as {named}"))
    if args.author is not None and args.redline is None:
        raise UsageError(Problem("--author names the author of a redline's changes; give --redline OLD too"))


def default_output(answers: Path, fmt: str) -> Path:
    """``seeds/x.answers.yaml`` → ``x.docx`` in the current folder."""
    stem = answers.name.split(".")[0] or "statement"
    return Path(f"{stem}.{fmt}")


def run(args: argparse.Namespace) -> int:
    """Render one answers file (in one format or several)."""
    formats = output_formats(args.format, args.output)
    check_redline_options(args, formats)
    settings = writer_settings(args.pdf_a, formats)
    to_stdout = args.output == "-"
    if to_stdout and formats[0] not in TEXT_FORMATS:
        what = "a Word document" if formats[0] == "docx" else f"a {formats[0].upper()} file"
        raise UsageError(Problem(f"{what} cannot go to standard output; use --format md or txt"))
    named = Path(args.output) if args.output else default_output(args.answers, formats[0])
    targets = [] if to_stdout else output_targets(named, formats)
    for target in targets:
        check_writable(target, args.force)
    for fmt in formats:
        check_format(fmt)
    engine = Engine(Catalog.default(args.template_dir))
    source = read_answers_file(args.answers, args.template)
    bundle = engine.template(source.template)
    answers = engine.validate(bundle, source.answers, Origin(source.source))
    statement = engine.compose(bundle, answers, args.rate)
    report = sys.stderr if to_stdout else sys.stdout
    with Writers(settings) as writers:
        if not targets:
            write_stdout(writers.write(statement, formats[0]))
        elif args.redline is not None:
            write_atomic(targets[0], _redline(engine, statement, args.redline, args.author, writers), args.force)
            print(f"Wrote {targets[0]}: tracked changes from {args.redline} to {args.answers}", file=report)
        else:
            # Every file made before any is written: a PDF that fails leaves no Word copy behind either.
            contents = [_made(writers, statement, fmt, target) for fmt, target in zip(formats, targets, strict=True)]
            for target, data in zip(targets, contents, strict=True):
                write_atomic(target, data, args.force)
            print(f"Wrote {' and '.join(map(str, targets))}", file=report)
    print(f"Speaking time: {statement.estimate.describe()}", file=report)
    if statement.estimate.over_limit:
        print("Warning: the statement is longer than the forum's speaking-time limit.", file=report)
    for warning in statement.warnings:
        print(f"Warning: {warning}", file=report)
    return 0


def _made(writers: Writers, statement: Statement, fmt: OutputFormat, target: Path) -> bytes:
    """The file's bytes; a failure (LibreOffice's) names the file it was for."""
    try:
        return writers.write(statement, fmt)
    except OutputError as exc:
        raise OutputError([p if p.path else replace(p, path=target) for p in exc.problems]) from None


def _redline(engine: Engine, statement: Statement, old: Path, author: str | None, writers: Writers) -> bytes:
    from drafter.writers.redline import default_author, load_version, redline_bytes

    return redline_bytes(statement, load_version(old, engine), author or default_author(statement), writers)

"""``drafter render``: an answers file in, a statement out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from drafter.answers import read_answers_file
from drafter.catalog import Catalog
from drafter.engine import FORMATS, Engine, OutputFormat, statement_bytes, write_statement
from drafter.errors import Problem, UsageError
from drafter.output import check_writable


def output_format(requested: str | None, target: str | None) -> OutputFormat:
    """The format asked for, or the one the output file's extension names, or docx.

    An extension that names another format (``x.pdf``, or ``x.md`` with ``--format docx``) is refused:
    a Word document must not be written under a name that says otherwise.
    """
    suffix = Path(target).suffix.lstrip(".").lower() if target and target != "-" else ""
    if suffix and suffix not in FORMATS:
        raise UsageError(Problem(f"drafter writes .docx, .md or .txt files, not .{suffix}", path=Path(str(target))))
    if requested and suffix and suffix != requested:
        raise UsageError(Problem(f"the file name says .{suffix} but --format says {requested}", path=Path(str(target))))
    chosen = requested or suffix
    return next((fmt for fmt in FORMATS if fmt == chosen), "docx")


def default_output(answers: Path, fmt: str) -> Path:
    """``seeds/x.answers.yaml`` → ``x.docx`` in the current folder."""
    stem = answers.name.split(".")[0] or "statement"
    return Path(f"{stem}.{fmt}")


def run(args: argparse.Namespace) -> int:
    """Render one answers file."""
    fmt = output_format(args.format, args.output)
    to_stdout = args.output == "-"
    if to_stdout and fmt == "docx":
        raise UsageError(Problem("a Word document cannot go to standard output; use --format md or txt"))
    target = None if to_stdout else Path(args.output) if args.output else default_output(args.answers, fmt)
    if target is not None:
        check_writable(target, args.force)
    engine = Engine(Catalog.default(args.template_dir))
    source = read_answers_file(args.answers, args.template)
    bundle = engine.template(source.template)
    answers = engine.validate(bundle, source.answers, source.source)
    statement = engine.compose(bundle, answers, args.rate)
    report = sys.stderr if to_stdout else sys.stdout
    if target is None:
        sys.stdout.write(statement_bytes(statement, fmt).decode())
    else:
        write_statement(statement, target, fmt, args.force)
        print(f"Wrote {target}", file=report)
    print(f"Speaking time: {statement.estimate.describe()}", file=report)
    if statement.estimate.over_limit:
        print("Warning: the statement is longer than the forum's speaking-time limit.", file=report)
    for warning in statement.warnings:
        print(f"Warning: {warning}", file=report)
    return 0

"""``drafter render``: an answers file in, a statement out (or a redline against an earlier version)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from drafter.document.statement import Statement
from drafter.engine import Engine
from drafter.errors import Problem, UsageError
from drafter.inputs.answers import read_answers_file
from drafter.inputs.catalog import Catalog
from drafter.inputs.yamlio import Origin
from drafter.output import check_writable, write_atomic, write_stdout
from drafter.writers import TEXT_FORMATS, OutputFormat, Writers, check_format, output_format


def check_redline_options(args: argparse.Namespace, fmt: OutputFormat) -> None:
    """``--redline`` writes Word's tracked changes, so only a .docx; ``--author`` only goes with it."""
    if args.redline is not None and fmt != "docx":
        raise UsageError(Problem(f"a redline is a Word document with tracked changes; it cannot be written as {fmt}"))
    if args.author is not None and args.redline is None:
        raise UsageError(Problem("--author names the author of a redline's changes; give --redline OLD too"))


def default_output(answers: Path, fmt: str) -> Path:
    """``seeds/x.answers.yaml`` → ``x.docx`` in the current folder."""
    stem = answers.name.split(".")[0] or "statement"
    return Path(f"{stem}.{fmt}")


def run(args: argparse.Namespace) -> int:
    """Render one answers file."""
    fmt = output_format(args.format, args.output)
    check_redline_options(args, fmt)
    to_stdout = args.output == "-"
    if to_stdout and fmt not in TEXT_FORMATS:
        what = "a Word document" if fmt == "docx" else f"a {fmt.upper()} file"
        raise UsageError(Problem(f"{what} cannot go to standard output; use --format md or txt"))
    target = None if to_stdout else Path(args.output) if args.output else default_output(args.answers, fmt)
    if target is not None:
        check_writable(target, args.force)
    check_format(fmt)
    engine = Engine(Catalog.default(args.template_dir))
    source = read_answers_file(args.answers, args.template)
    bundle = engine.template(source.template)
    answers = engine.validate(bundle, source.answers, Origin(source.source))
    statement = engine.compose(bundle, answers, args.rate)
    report = sys.stderr if to_stdout else sys.stdout
    writers = Writers()
    if target is None:
        write_stdout(writers.write(statement, fmt))
    elif args.redline is not None:
        write_atomic(target, _redline(engine, statement, args.redline, args.author, writers), args.force)
        print(f"Wrote {target}: tracked changes from {args.redline} to {args.answers}", file=report)
    else:
        write_atomic(target, writers.write(statement, fmt), args.force)
        print(f"Wrote {target}", file=report)
    print(f"Speaking time: {statement.estimate.describe()}", file=report)
    if statement.estimate.over_limit:
        print("Warning: the statement is longer than the forum's speaking-time limit.", file=report)
    for warning in statement.warnings:
        print(f"Warning: {warning}", file=report)
    return 0


def _redline(engine: Engine, statement: Statement, old: Path, author: str | None, writers: Writers) -> bytes:
    from drafter.writers.redline import default_author, load_version, redline_bytes

    return redline_bytes(statement, load_version(old, engine), author or default_author(statement), writers)

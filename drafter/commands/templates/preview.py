"""``drafter templates preview``: the rendered statement in the terminal; with --watch, again at every save."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

from drafter.commands.templates import resolve_template, template_engine
from drafter.console import make_console
from drafter.document.statement import Statement
from drafter.errors import DrafterError, Problem, UsageError
from drafter.inputs.catalog import Catalog
from drafter.inputs.yamlio import Origin

WATCHING = "[dim]Watching the template's files; Ctrl-C stops.[/]"


def run(args: argparse.Namespace) -> int:
    """Print the statement and its speaking time; with --watch, again whenever a file it is made from changes."""
    console = make_console()
    rendered = _show(console, args)
    if not args.watch:
        return 0 if rendered else 1
    from watchfiles import Change, DefaultFilter, watch

    folders, answers = _sources(args)
    noise = DefaultFilter()

    def relevant(change: Change, path: str) -> bool:
        changed = Path(path)
        return noise(change, path) and (changed == answers or any(changed.is_relative_to(f) for f in folders))

    # The answers file's folder is watched, not the file: an editor that saves by renaming a new file
    # over the old one would leave a watch on the file itself looking at a file that is gone.
    watched = {*folders, *([answers.parent] if answers and answers.parent.is_dir() else [])}
    try:
        for _changes in watch(*watched, watch_filter=relevant, step=round(args.interval * 1000)):
            console.clear()
            _show(console, args)
    except KeyboardInterrupt:
        pass
    return 0


def _show(console: Console, args: argparse.Namespace) -> bool:
    """Print the statement and its speaking time, or the error that stops it; whether it rendered."""
    from rich.markdown import Markdown
    from rich.text import Text

    statement: Statement | None = None
    try:
        statement = _render(args)
    except DrafterError as exc:
        console.print(Text(f"drafter: error: {exc}", style="red"))
    if statement is not None:
        marker = f"*{statement.info.marker}*\n\n" if statement.info.marker else ""
        console.print(Markdown(marker + statement.markdown))
        console.print(f"Speaking time: {statement.estimate.describe()}")
    if args.watch:
        console.print(WATCHING)
    return statement is not None


def _render(args: argparse.Namespace) -> Statement:
    """The template rendered with its answers (the example by default), read afresh from the files."""
    from drafter.inputs.answers import read_answers_file

    engine, bundle = resolve_template(template_engine(args), args.name)
    answers_path = args.answers or bundle.example
    if answers_path is None:
        raise UsageError(Problem(f"'{bundle.name}' has no example.yaml; give --answers FILE"))
    source = read_answers_file(answers_path, bundle.name)
    answers = dict(source.answers)
    if args.lang:
        answers["language"] = args.lang
    return engine.compose(bundle, engine.validate(bundle, answers, Origin(source.source)), args.rate)


def _sources(args: argparse.Namespace) -> tuple[list[Path], Path | None]:
    """The files a rendering reads: every template folder (templates, their parents, phrases) and the answers."""
    catalog = Catalog.default(args.template_dir)
    answers = args.answers
    try:
        catalog, name = catalog.resolve(args.name)
        answers = answers or catalog.find(name).example
    except DrafterError:
        pass  # the preview shows the error; the template folders are still watched for its fix
    folders = [root.path for root in catalog.roots if root.path.is_dir()]
    return folders, Path(answers).resolve() if answers else None

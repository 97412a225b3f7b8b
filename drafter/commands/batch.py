"""``drafter batch``: many statements from YAML files, validated first, written in parallel."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from drafter.batch import Entry, Outcome, Plan, Status, Task, execute, make_plan, where_label
from drafter.catalog import Catalog
from drafter.console import make_console
from drafter.engine import Engine
from drafter.errors import DrafterError, InputError, OutputError, Problem, UsageError
from drafter.output import answers_path_for
from drafter.timing import format_duration
from drafter.writers import check_format


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


SUMMARY_ROWS = 250  # rows per printed table: a batch of 10,000 would otherwise be laid out all at once


def _summary(outcomes: list[Outcome], outdir: Path, first: int = 1) -> Any:
    from rich.table import Table

    table = Table(title="drafter batch" if first == 1 else None, show_lines=False, show_header=first == 1)
    for name in ("#", "source", "output", "status", "speaking time", "notes"):
        table.add_column(name, justify="right" if name == "#" else "left", overflow="fold")
    for number, outcome in enumerate(outcomes, first):
        target = ""
        if outcome.target is not None:
            target = (
                str(outcome.target.relative_to(outdir.resolve()))
                if outcome.target.is_relative_to(outdir.resolve())
                else str(outcome.target)
            )
        timing = ""
        if outcome.seconds is not None:
            timing = format_duration(outcome.seconds) + (" OVER LIMIT" if outcome.over_limit else "")
        style = {"failed": "red", "skipped": "yellow"}.get(outcome.status, "")
        notes = f"{len(outcome.warnings)} warning(s)" if outcome.warnings else ""
        status = f"[{style}]{outcome.status}[/]" if style else outcome.status
        table.add_row(str(number), where_label(outcome.source, outcome.label), target, status, timing, notes)
    return table


def earlier_version(folder: Path, entry: Entry) -> Path:
    """The earlier version of ``entry`` in ``folder``: the reading copy of the same name, else its answers file."""
    candidates = (folder / entry.target.with_suffix(".docx").name, folder / answers_path_for(entry.target).name)
    found = next((path for path in candidates if path.is_file()), None)
    if found is None:
        names = " or ".join(path.name for path in candidates)
        raise InputError(Problem(f"no earlier version to compare with: found neither {names}", path=folder))
    return found


def _check_redline(args: argparse.Namespace) -> None:
    if args.redline is not None:
        if not args.redline.is_dir():
            raise UsageError(
                Problem("in a batch, --redline names the folder of the earlier versions", path=args.redline)
            )
        if args.format not in (None, "docx"):
            raise UsageError(Problem(f"a redline is a Word document with tracked changes, not {args.format}"))
    if args.author is not None and args.redline is None:
        raise UsageError(Problem("--author names the author of a redline's changes; give --redline OLD too"))


def _task(entry: Entry, args: argparse.Namespace) -> Task:
    """What a worker does with ``entry``; a DrafterError when it cannot be done."""
    if entry.exists and not args.force:
        raise OutputError(Problem("already exists; kept (use --force to replace)", path=entry.target))
    old = None
    if args.redline is not None:
        if entry.fmt != "docx":
            raise UsageError(Problem("a redline is a Word document; name the output .docx", path=entry.target))
        old = earlier_version(args.redline, entry)
    return Task(entry, not args.dry_run, args.force, args.rate, redline=old, author=args.author)


def _schedule(plan: Plan, args: argparse.Namespace) -> tuple[list[Outcome], list[Task]]:
    """The tasks to run, and the outcomes of the entries already failed or skipped."""
    outcomes = [Outcome(f.source, f.label, None, "failed", problems=f.problems) for f in plan.failures]
    tasks = []
    for entry in plan.entries:
        try:
            tasks.append(_task(entry, args))
        except DrafterError as exc:
            status: Status = "skipped" if isinstance(exc, OutputError) else "failed"
            outcomes.append(
                Outcome(entry.source, entry.label, entry.target, status, problems=exc.problems, order=entry.order)
            )
    return outcomes, tasks


def run(args: argparse.Namespace) -> int:
    """Plan, then write (or only check with --dry-run), then report."""
    outdir = Path(args.output_dir)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(Problem("is a file; give a folder for the statements", path=outdir))
    jobs = args.jobs or default_jobs()
    if jobs < 1:
        raise UsageError(Problem("--jobs must be at least 1"))
    _check_redline(args)
    engine = Engine(Catalog.default(args.template_dir))
    plan = make_plan(engine, args.paths, outdir, args.format)
    for fmt in sorted({entry.fmt for entry in plan.entries}):
        check_format(fmt)
    outcomes, tasks = _schedule(plan, args)
    if tasks and not args.dry_run:
        outdir.mkdir(parents=True, exist_ok=True)
    console = make_console(sys.stdout)
    verb = "Checking" if args.dry_run else "Writing"
    if sys.stderr.isatty() and tasks:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(
            TextColumn(f"{verb} statements"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=make_console(sys.stderr),
            transient=True,
        ) as bar:
            task_id = bar.add_task(verb, total=len(tasks))
            done = execute(tasks, jobs, args.template_dir, Path.cwd(), lambda _: bar.advance(task_id))
    else:
        total = len(tasks)
        counter = iter(range(1, total + 1))

        def line(outcome: Outcome) -> None:
            target = outcome.target.name if outcome.target else ""
            print(f"[{next(counter)}/{total}] {outcome.status} {target}", flush=True)

        done = execute(tasks, jobs, args.template_dir, Path.cwd(), line)
    outcomes = sorted(outcomes + done, key=lambda o: o.order)
    for start in range(0, len(outcomes), SUMMARY_ROWS):
        console.print(_summary(outcomes[start : start + SUMMARY_ROWS], outdir, start + 1))
    counts = {
        status: sum(1 for o in outcomes if o.status == status) for status in ("written", "checked", "skipped", "failed")
    }
    console.print(", ".join(f"{n} {status}" for status, n in counts.items() if n or status == "failed"))
    for outcome in outcomes:
        for problem in outcome.problems:
            print(f"drafter: {outcome.status}: {problem}", file=sys.stderr)
        for warning in outcome.warnings:
            print(f"drafter: warning: {where_label(outcome.source, outcome.label)}: {warning}", file=sys.stderr)
    return 1 if counts["failed"] else 0

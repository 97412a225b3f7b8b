"""``drafter batch``: many statements from YAML files, validated first, written in parallel."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from drafter.batch import Outcome, Task, execute, make_plan, where_label
from drafter.catalog import Catalog
from drafter.console import make_console
from drafter.engine import Engine
from drafter.errors import OutputError, Problem, UsageError
from drafter.timing import format_duration


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _summary(outcomes: list[Outcome], outdir: Path) -> Any:
    from rich.table import Table

    table = Table(title="drafter batch", show_lines=False)
    for name in ("#", "source", "output", "status", "speaking time", "notes"):
        table.add_column(name, justify="right" if name == "#" else "left", overflow="fold")
    for number, outcome in enumerate(outcomes, 1):
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


def run(args: argparse.Namespace) -> int:
    """Plan, then write (or only check with --dry-run), then report."""
    outdir = Path(args.output_dir)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(Problem("is a file; give a folder for the statements", path=outdir))
    jobs = args.jobs or default_jobs()
    if jobs < 1:
        raise UsageError(Problem("--jobs must be at least 1"))
    engine = Engine(Catalog.default(args.template_dir))
    plan = make_plan(engine, args.paths, outdir, args.format)
    outcomes: list[Outcome] = [Outcome(f.source, f.label, None, "failed", problems=f.problems) for f in plan.failures]
    tasks = []
    for entry in plan.entries:
        if entry.exists and not args.force:
            problem = Problem("already exists; kept (use --force to replace)", path=entry.target)
            outcomes.append(
                Outcome(entry.source, entry.label, entry.target, "skipped", problems=(problem,), order=entry.order)
            )
        else:
            tasks.append(Task(entry, write=not args.dry_run, force=args.force, rate=args.rate))
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
    console.print(_summary(outcomes, outdir))
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

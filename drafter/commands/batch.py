"""``drafter batch``: many statements from YAML files, validated first, written in parallel."""

from __future__ import annotations

import argparse
import contextlib
import heapq
import itertools
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.batch.files import FileReader, make_plan
from drafter.batch.plan import Entry, Plan, where_label
from drafter.batch.workers import Outcome, Status, Task, Workers
from drafter.console import make_console
from drafter.document.timing import format_duration
from drafter.engine import Engine
from drafter.errors import DrafterError, InputError, OutputError, Problem, UsageError
from drafter.inputs.catalog import Catalog
from drafter.output import answers_path_for
from drafter.writers import check_format, writer_settings

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


SUMMARY_ALL = 200
"""A batch of up to this many statements lists every one in its closing table; a larger one at most this many."""


def _summary(outcomes: list[Outcome], outdir: Path) -> Table:
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
        if args.format not in (None, ("docx",)):
            named = " and ".join(fmt for fmt in args.format if fmt != "docx")
            raise UsageError(Problem(f"a redline is a Word document with tracked changes, not {named}"))
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


def _tasks(plan: Plan, args: argparse.Namespace, on_done: Callable[[Outcome], None]) -> Iterator[Task]:
    """The plan's tasks, read from it one at a time; an entry that cannot be done is reported to ``on_done``."""
    for entry in plan.entries:
        try:
            yield _task(entry, args)
        except DrafterError as exc:
            status: Status = "skipped" if isinstance(exc, OutputError) else "failed"
            on_done(Outcome(entry.source, entry.label, entry.target, status, problems=exc.problems, order=entry.order))


class Summary:
    """The closing report, bounded whatever the batch's size.

    The table lists every statement of a batch of up to SUMMARY_ALL; of a larger one, the first
    SUMMARY_ALL of those with something to say (failed, skipped, over the time limit, warned about). A
    rich table costs about a millisecond a row, and a longer one is read by nobody. Every problem and
    warning is printed after it, one line each, whatever the table shows; only those lines are kept.
    """

    def __init__(self, total: int) -> None:
        self.every = total <= SUMMARY_ALL
        self._rows: list[tuple[int, int, Outcome]] = []  # a heap of the first rows, the last on top
        self._messages: list[tuple[int, str]] = []
        self._warned: set[str] = set()
        self.counts: Counter[Status] = Counter()
        self.unlisted = 0  # nothing to report
        self.beyond = 0  # something to report, past the table's last row
        self._arrivals = itertools.count()

    def add(self, outcome: Outcome) -> None:
        """Count ``outcome``, keep its messages, and keep it for the table if it is among the rows shown."""
        self.counts[outcome.status] += 1
        for problem in outcome.problems:
            self._messages.append((outcome.order, f"drafter: {outcome.status}: {problem}"))
        label = where_label(outcome.source, outcome.label)
        for warning in outcome.warnings:
            message = f"drafter: warning: {label}: {warning}"
            if message not in self._warned:  # a statement written in several formats is warned about once
                self._warned.add(message)
                self._messages.append((outcome.order, message))
        if not (self.every or outcome.status in ("failed", "skipped") or outcome.over_limit or outcome.warnings):
            self.unlisted += 1
            return
        heapq.heappush(self._rows, (-outcome.order, next(self._arrivals), outcome))
        if len(self._rows) > SUMMARY_ALL:
            heapq.heappop(self._rows)
            self.beyond += 1

    def print(self, console: Console, outdir: Path) -> None:
        """The table, the counts, then every problem and warning on standard error."""
        rows = sorted((row[2] for row in self._rows), key=lambda o: o.order)
        if rows:
            console.print(_summary(rows, outdir))
        if self.beyond:
            console.print(f"{self.beyond} more statements with something to report: see the messages below")
        if self.unlisted:
            console.print(
                f"{self.unlisted} statements with nothing to report are not listed "
                f"(the table lists every statement of a batch of up to {SUMMARY_ALL})"
            )
        statuses: tuple[Status, ...] = ("written", "checked", "skipped", "failed")
        console.print(", ".join(f"{self.counts[s]} {s}" for s in statuses if self.counts[s] or s == "failed"))
        for _, message in sorted(self._messages, key=lambda m: m[0]):
            print(message, file=sys.stderr)


def _progress(verb: str, total: int) -> tuple[Callable[[Outcome], None], contextlib.AbstractContextManager[object]]:
    """What to do as each statement ends: a bar on a terminal, else a line; and the bar to close."""
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn(f"{verb} statements"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=make_console(sys.stderr),
            transient=True,
        )
        task_id = bar.add_task(verb, total=total)
        return lambda _: bar.advance(task_id), bar
    counter = iter(range(1, total + 1))

    def line(outcome: Outcome) -> None:
        target = outcome.target.name if outcome.target else ""
        print(f"[{next(counter)}/{total}] {outcome.status} {target}", flush=True)

    return line, contextlib.nullcontext()


def run(args: argparse.Namespace) -> int:
    """Plan, then write (or only check with --dry-run), then report."""
    outdir = Path(args.output_dir)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(Problem("is a file; give a folder for the statements", path=outdir))
    jobs = args.jobs or default_jobs()
    if jobs < 1:
        raise UsageError(Problem("--jobs must be at least 1"))
    # More processes than four a core only wait on each other (--jobs 99999 would start 99,999 of them).
    jobs = min(jobs, 4 * default_jobs())
    _check_redline(args)
    settings = writer_settings(args.pdf_a, args.format)
    engine = Engine(Catalog.default(args.template_dir))
    # The plan's file outlives the workers: statements still in flight after Ctrl-C read their answers.
    with Plan() as plan, Workers(jobs, args.template_dir, Path.cwd(), settings) as workers:
        make_plan(FileReader(engine, outdir, args.format), args.paths, plan, workers.read)
        summary = _carry_out(plan, args, workers, outdir)
    summary.print(make_console(sys.stdout), outdir)
    return 1 if summary.counts["failed"] else 0


def _carry_out(plan: Plan, args: argparse.Namespace, workers: Workers, outdir: Path) -> Summary:
    """Write (or check) the plan's entries; what became of each."""
    for fmt in sorted(fmt for fmt, count in plan.formats.items() if count > 0):
        check_format(fmt)
    summary = Summary(len(plan.entries) + len(plan.failures))
    for failure in plan.failures:
        summary.add(
            Outcome(failure.source, failure.label, None, "failed", problems=failure.problems, order=failure.order)
        )
    if len(plan.entries) and not args.dry_run:
        outdir.mkdir(parents=True, exist_ok=True)
    advance, bar = _progress("Checking" if args.dry_run else "Writing", len(plan.entries))

    def done(outcome: Outcome) -> None:
        summary.add(outcome)
        advance(outcome)

    with bar:
        workers.run(_tasks(plan, args, done), len(plan.entries), done, pdf=plan.formats["pdf"] > 0)
    return summary

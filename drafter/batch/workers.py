"""Batch generation: many answers files and batch files → a plan of entries → statements written in parallel.

The plan is made first (``batch_files`` reads, ``plan`` places); the worker processes start before it
and read small files for it. Writing then streams: the plan is read back one entry at a time, and each
worker renders and writes a few statements at a time and sends back only their speaking-time figures.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from drafter.batch.files import FileReader, read_here
from drafter.batch.plan import Entry, Item
from drafter.document.statement import Statement
from drafter.engine import Engine
from drafter.errors import DrafterError, Problem
from drafter.inputs.catalog import Catalog
from drafter.output import write_atomic
from drafter.writers import OutputFormat, Writers, WriterSettings

if TYPE_CHECKING:
    from drafter.writers.pdf import PdfWriter

Status = Literal["written", "checked", "skipped", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What became of one entry."""

    source: Path
    label: str
    target: Path | None
    status: Status
    seconds: float | None = None
    words: int | None = None
    over_limit: bool = False
    problems: tuple[Problem, ...] = ()
    order: int = 0
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class WorkerState:
    """What a worker process keeps from one statement to the next: its engine and its writers."""

    engine: Engine
    writers: Writers


_WORKER: list[WorkerState] = []


def _start_worker(template_dirs: list[Path], cwd: Path, settings: WriterSettings) -> None:
    _WORKER[:] = [WorkerState(Engine(Catalog.default(template_dirs, cwd)), Writers(settings))]


def _start_pool_worker(template_dirs: list[Path], cwd: Path, settings: WriterSettings) -> None:
    """A worker process: Ctrl-C is the main process's to handle (it stops submitting and lets the few
    statements in flight finish whole), so a worker neither dies half-way nor prints a traceback.

    The worker starts while the plan is being made, so it loads the Word writer (python-docx, the
    reference document) and the Markdown parser then, not with its first statement."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _start_worker(template_dirs, cwd, settings)
    import drafter.document.blocks  # noqa: F401  (Markdown parsing, imported ahead of the first statement)

    _WORKER[0].writers.get("docx")


@dataclass(frozen=True)
class Task:
    """What a worker needs to render and write one entry."""

    entry: Entry
    write: bool
    force: bool
    rate: float | None
    redline: Path | None = None
    author: str | None = None


def _contents(task: Task, state: WorkerState, statement: Statement) -> bytes:
    """The file to write: the statement in its format, or its redline against the earlier version."""
    if task.redline is None:
        return state.writers.write(statement, task.entry.fmt)
    from drafter.writers.redline import default_author, load_version, redline_bytes

    old = load_version(task.redline, state.engine)
    return redline_bytes(statement, old, task.author or default_author(statement), state.writers)


def run_task(task: Task) -> Outcome:
    """Render one entry and (unless checking only) write it; never raises for a user's mistake."""
    entry = task.entry
    state = _WORKER[0]
    engine = state.engine
    try:
        statement = engine.compose(engine.template(entry.template), entry.answers, task.rate)
        if task.write or task.redline is not None:
            data = _contents(task, state, statement)
        if task.write:
            _write(entry, data, task.force)
    except DrafterError as exc:
        return _failed(entry, exc)
    return _done(task, statement)


def _write(entry: Entry, data: bytes, force: bool) -> None:
    entry.target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(entry.target, data, force)


def _failed(entry: Entry, exc: DrafterError) -> Outcome:
    return Outcome(entry.source, entry.label, entry.target, "failed", problems=exc.problems, order=entry.order)


def _done(task: Task, statement: Statement) -> Outcome:
    entry = task.entry
    timing = statement.estimate
    status: Status = "written" if task.write else "checked"
    return Outcome(
        entry.source,
        entry.label,
        entry.target,
        status,
        timing.seconds,
        timing.words,
        timing.over_limit,
        order=entry.order,
        warnings=statement.warnings,
    )


def _naming(entry: Entry, exc: DrafterError) -> DrafterError:
    """``exc`` (LibreOffice's failure) said of ``entry``: its file, its place in it and its output."""
    problems = [
        replace(p, path=entry.source, field=entry.label or None, message=f"{entry.target.name}: {p.message}")
        for p in exc.problems
    ]
    return type(exc)(problems)


def run_pdf_tasks(tasks: list[Task]) -> list[Outcome]:
    """Render PDF entries and write them, their PDFs made by one LibreOffice start; a statement LibreOffice
    fails on is reported with its entry, and the others are written."""
    state = _WORKER[0]
    engine = state.engine
    outcomes: list[Outcome] = []
    composed: list[tuple[Task, Statement]] = []
    for task in tasks:
        try:
            composed.append((task, engine.compose(engine.template(task.entry.template), task.entry.answers, task.rate)))
        except DrafterError as exc:
            outcomes.append(_failed(task.entry, exc))
    if not composed:
        return outcomes
    writer = cast("PdfWriter", state.writers.get("pdf"))
    try:
        results = writer.write_many([statement for _, statement in composed])
    except DrafterError as exc:
        return outcomes + [_failed(task.entry, exc) for task, _ in composed]
    for (task, statement), result in zip(composed, results, strict=True):
        try:
            if isinstance(result, DrafterError):
                raise _naming(task.entry, result)
            _write(task.entry, result, task.force)
        except DrafterError as exc:
            outcomes.append(_failed(task.entry, exc))
        else:
            outcomes.append(_done(task, statement))
    return outcomes


LARGE_FILE = 1 << 20
"""A file larger than this (a batch file of a few hundred entries) is read by the main process, entry by
entry, so that what it gives never has to be held whole to be sent between processes."""


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read where it is small: the reader reports why it cannot be read


FILES_AT_ONCE = 8
"""Small files a worker is given to read at once: fewer round trips between processes."""


def _parts(files: list[Path]) -> Iterator[tuple[list[Path], bool]]:
    """The files in order: runs of up to FILES_AT_ONCE small files (True: for a worker), large files alone."""
    run: list[Path] = []
    for path in files:
        if _size(path) > LARGE_FILE:
            if run:
                yield run, True
                run = []
            yield [path], False
        else:
            run.append(path)
            if len(run) == FILES_AT_ONCE:
                yield run, True
                run = []
    if run:
        yield run, True


def _read_files(paths: list[Path], outdir: Path, formats: tuple[OutputFormat, ...] | None) -> list[list[Item]]:
    """In a worker: what each of a few small files gives."""
    reader = FileReader(_WORKER[0].engine, outdir, formats)
    return [list(reader.read(path)) for path in paths]


def _run_chunk(tasks: list[Task]) -> list[Outcome]:
    together = [task for task in tasks if _converted_together(task)]
    outcomes = [run_task(task) for task in tasks if not _converted_together(task)]
    if together:
        outcomes += run_pdf_tasks(together)
    return outcomes


def _converted_together(task: Task) -> bool:
    """Whether ``task`` is a PDF, made with the other PDFs of its chunk by one LibreOffice start."""
    return task.entry.fmt == "pdf" and task.write and task.redline is None


MAX_CHUNK = 4
"""Entries a worker is given at once in a large batch: fewer round trips between processes."""
PDF_CHUNK = 50
"""Entries a worker is given at once when the batch writes PDFs: each chunk is one LibreOffice start, so a
batch of up to ``jobs`` × PDF_CHUNK statements starts LibreOffice once per worker. Bounded so that a larger
batch still shows progress, and Ctrl-C (which lets the chunks in flight finish whole) ends within a minute
or so; a start costs 1 to 2 s against the 0.2 to 1 s of each conversion."""


def chunk_size(total: int, jobs: int, pdf: bool) -> int:
    """Entries per chunk: with PDFs, the batch shared out evenly (one LibreOffice start per chunk); else small
    chunks, for an even load."""
    if pdf:
        return max(1, min(PDF_CHUNK, -(-total // jobs)))
    return max(1, min(MAX_CHUNK, total // (jobs * 8)))


class Workers:
    """The processes that render and write: this one when ``jobs`` is 1, else a pool of ``jobs``.

    A pool starts at once, before the plan is made, so its processes load what they need while the
    main process reads and validates the inputs.
    """

    def __init__(self, jobs: int, template_dirs: list[Path], cwd: Path, settings: WriterSettings) -> None:
        self.jobs = jobs
        self._start = (template_dirs, cwd, settings)
        self._pool: ProcessPoolExecutor | None = None
        if jobs > 1:
            self._pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_pool_worker, initargs=self._start)
            self._pool.submit(os.getpid)  # the processes start with the first submission

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def read(self, files: list[Path], reader: FileReader) -> Iterator[Iterable[Item]]:
        """What each file gives, in order (a ``batch_files.Reading``): the workers read the small files
        while the caller places what they gave; a large file is read here, entry by entry."""
        if self._pool is None:
            yield from read_here(files, reader)
            return
        parts = _parts(files)
        window: deque[tuple[list[Path], Future[list[list[Item]]] | None]] = deque()
        while True:
            for run, small in islice(parts, self.jobs * 4 - len(window)):
                future = self._pool.submit(_read_files, run, reader.outdir, reader.formats) if small else None
                window.append((run, future))
            if not window:
                return
            run, future = window.popleft()
            yield from [reader.read(run[0])] if future is None else future.result()

    def run(self, tasks: Iterable[Task], total: int, on_done: Callable[[Outcome], None], pdf: bool = False) -> None:
        """Run ``tasks`` (``total`` of them at most, ``pdf`` if some are PDFs), calling ``on_done`` with each
        outcome as it ends."""
        chunk = chunk_size(total, self.jobs, pdf)
        if self._pool is None:
            _start_worker(*self._start)
            pending = iter(tasks)
            while batch := list(islice(pending, chunk)):
                for outcome in _run_chunk(batch):
                    on_done(outcome)
            return
        limit = self.jobs * 4
        in_flight: set[Future[list[Outcome]]] = set()
        pending = iter(tasks)
        while True:
            while len(in_flight) < limit:
                batch = list(islice(pending, chunk))
                if not batch:
                    break
                in_flight.add(self._pool.submit(_run_chunk, batch))
            if not in_flight:
                return
            done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                for outcome in future.result():
                    on_done(outcome)

"""Batch generation: many answers files and batch files → a plan of entries → statements written in parallel.

A plan is made (every entry read, merged over its file's defaults, validated, given a safe output path)
before anything is written, so that two entries writing one file both fail and neither is written; it
is kept in a temporary file, not in memory. The worker processes start while it is made. Writing then
streams: the plan is read back one entry at a time, each worker renders and writes a few statements at
a time and sends back only their speaking-time figures.
"""

from __future__ import annotations

import atexit
import os
import pickle
import signal
import tempfile
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path, PurePath
from typing import Any, Literal, cast

from drafter.answers import TEMPLATE_KEY
from drafter.catalog import Catalog
from drafter.engine import Engine, Statement
from drafter.errors import DrafterError, InputError, Problem
from drafter.output import inside, statement_stem, write_atomic
from drafter.phrasebank import deep_merge
from drafter.writers import FORMATS, OutputFormat, Writers
from drafter.yamlio import LoadedYaml, Location, Origin, format_location, load_yaml, stream_yaml

OUTPUT_KEY = "output"
DEFAULTS_KEY = "defaults"
STATEMENTS_KEY = "statements"
YAML_SUFFIXES = (".yaml", ".yml")
Status = Literal["written", "checked", "skipped", "failed"]


@dataclass(frozen=True)
class Stored:
    """Where an entry's pickled answers are: a plan's file, an offset and a length."""

    path: str
    offset: int
    length: int

    def read(self) -> bytes:
        """The pickled answers."""
        with open(self.path, "rb") as handle:
            handle.seek(self.offset)
            return handle.read(self.length)


@dataclass(frozen=True)
class Entry:
    """One statement to write: where it was declared, where its validated answers are kept (``stored``,
    in the plan's file) and its output file."""

    source: Path
    label: str
    template: str
    stored: Stored
    target: Path
    fmt: OutputFormat
    order: int = 0
    exists: bool = False
    output_at: Problem | None = None  # where the entry's ``output`` stands, for a clash found later

    @property
    def answers(self) -> dict[str, Any]:
        """The validated answers (a new copy at every call)."""
        return cast(dict[str, Any], pickle.loads(self.stored.read()))


class PlanStore:
    """A plan's entries and their validated answers, pickled into a temporary file instead of memory.

    Held as Python objects, a plan took about 10 KiB per seed-size entry. Here the plan keeps 16 bytes
    per entry (where its record is), so a batch of 10,000 needs hardly more memory than one of 1,000.
    Worker processes read an entry's answers from the file; it is removed when the plan is closed or
    the process that made it ends.
    """

    def __init__(self) -> None:
        self._fd, self.path = tempfile.mkstemp(prefix="drafter-plan-", suffix=".pickle")
        self._owner = os.getpid()  # a worker forked from this process must not remove the file
        self._end = 0
        self._records = array("q")  # offset, length of each entry's record
        self._dropped: set[int] = set()
        atexit.register(self.close)

    def _put(self, data: bytes) -> Stored:
        offset = self._end
        view = memoryview(data)
        while view:
            written = os.pwrite(self._fd, view, self._end)
            view = view[written:]
            self._end += written
        return Stored(self.path, offset, len(data))

    def keep(self, answers: Mapping[str, Any]) -> Stored:
        """Keep ``answers`` for a worker to read; where they are."""
        return self._put(pickle.dumps(dict(answers), pickle.HIGHEST_PROTOCOL))

    def append(self, entry: Entry) -> int:
        """Add ``entry`` to the plan; its index."""
        stored = self._put(pickle.dumps(entry, pickle.HIGHEST_PROTOCOL))
        self._records.extend((stored.offset, stored.length))
        return len(self._records) // 2 - 1

    def __getitem__(self, index: int) -> Entry:
        offset, length = self._records[2 * index], self._records[2 * index + 1]
        return cast(Entry, pickle.loads(os.pread(self._fd, length, offset)))

    def drop(self, index: int) -> None:
        """Take the entry at ``index`` out of the plan."""
        self._dropped.add(index)

    def dropped(self, index: int) -> bool:
        """Whether the entry at ``index`` was taken out."""
        return index in self._dropped

    def mark(self) -> tuple[int, int]:
        """Where the plan stands now, for ``rollback``."""
        return len(self._records) // 2, self._end

    def rollback(self, mark: tuple[int, int]) -> list[Entry]:
        """Forget the entries added since ``mark``; the entries forgotten."""
        count, end = mark
        forgotten = [self[index] for index in range(count, len(self._records) // 2)]
        del self._records[2 * count :]
        self._dropped = {index for index in self._dropped if index < count}
        self._end = end
        return forgotten

    def __len__(self) -> int:
        return len(self._records) // 2 - len(self._dropped)

    def __iter__(self) -> Iterator[Entry]:
        for index in range(len(self._records) // 2):
            if index not in self._dropped:
                yield self[index]

    def close(self) -> None:
        """Remove the file (once the plan has been carried out)."""
        if self._fd >= 0 and os.getpid() == self._owner:
            os.close(self._fd)
            self._fd = -1
            Path(self.path).unlink(missing_ok=True)


@dataclass(frozen=True)
class Failure:
    """An entry that cannot be written, with every reason."""

    source: Path
    label: str
    problems: tuple[Problem, ...]
    order: int = 0


@dataclass
class Plan:
    """The entries ready to write (kept on disk), the ones that failed validation, and the formats used.

    Used as a context manager, the plan's file is removed at the end of the ``with`` block."""

    entries: PlanStore = field(default_factory=PlanStore)
    failures: list[Failure] = field(default_factory=list)
    formats: Counter[OutputFormat] = field(default_factory=Counter)

    def __enter__(self) -> Plan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.entries.close()


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


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named, folders searched recursively, in a stable order, each once."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in YAML_SUFFIXES and p.is_file())
        elif path.exists():
            found.append(path)
        else:
            raise InputError(Problem("no such file or folder", path=path))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def where_label(source: Path, label: str) -> str:
    """How messages name an entry: ``week.yaml statements[3]``."""
    return f"{source}" + (f" {label}" if label else "")


def _label(index: int | None) -> str:
    return "" if index is None else format_location((STATEMENTS_KEY, index))


def _raw_entries(source: LoadedYaml) -> Iterator[tuple[int | None, Any, dict[str, Any]]]:
    """(index, entry, defaults) for each statement a file declares; index None for a plain answers file."""
    data = source.data
    if not isinstance(data, Mapping):
        raise InputError(Problem("expected a mapping at the top level", path=source.path, line=1))
    if STATEMENTS_KEY not in data:
        if DEFAULTS_KEY in data:
            raise InputError(source.problem((DEFAULTS_KEY,), "'defaults:' needs a 'statements:' list beside it"))
        yield None, dict(data), {}
        return
    unknown = [k for k in data if k not in (STATEMENTS_KEY, DEFAULTS_KEY)]
    if unknown:
        raise InputError(
            source.problem((unknown[0],), "a batch file holds only 'defaults:' and 'statements:'; move this key")
        )
    defaults = data.get(DEFAULTS_KEY) or {}
    statements = data[STATEMENTS_KEY]
    if not isinstance(defaults, Mapping):
        raise InputError(source.problem((DEFAULTS_KEY,), "'defaults:' must be a mapping of answers"))
    if not isinstance(statements, list):
        raise InputError(source.problem((STATEMENTS_KEY,), "'statements:' must be a list of answers mappings"))
    for index, entry in enumerate(statements):
        yield index, entry, dict(defaults)


class Planner:
    """Reads batch inputs into a Plan: validation, output paths, clashes and existing files."""

    def __init__(self, engine: Engine, outdir: Path, fmt: OutputFormat | None, plan: Plan | None = None) -> None:
        self.engine = engine
        self.outdir = outdir
        self.fmt = fmt
        self.plan = plan or Plan()
        # Per output file, the index of the entry writing it, for a clash found later.
        self._targets: dict[str, int] = {}
        self._order = 0

    def add_file(self, path: Path) -> None:
        """Plan every entry of one file; a file that cannot be read is one failure.

        A batch file is read entry by entry (``stream_yaml``), so only one entry's data and positions
        are held at a time. A file laid out otherwise (keys after ``statements:``, a ``defaults:`` that is
        not a mapping) is planned again from a whole read, which gives the messages such files always had.
        """
        mark = (self.plan.entries.mark(), len(self.plan.failures), self._order)
        try:
            if self._add_streamed(path):
                return
        except DrafterError as exc:
            self._rollback(mark)
            self._fail(path, "", exc.problems)
            return
        self._rollback(mark)
        try:
            source = load_yaml(path)
        except DrafterError as exc:
            self._fail(path, "", exc.problems)
            return
        self._add_rows(source)

    def _add_streamed(self, path: Path) -> bool:
        """Plan a file part by part; False when its layout needs the whole file read instead."""
        defaults: dict[str, Any] = {}
        head: set[Any] = set()
        for part in stream_yaml(path, STATEMENTS_KEY):
            data = part.loaded.data
            if part.kind == "whole":
                self._add_rows(part.loaded)
            elif part.kind == "head":
                head = set(data)
                if head - {DEFAULTS_KEY} or not isinstance(data.get(DEFAULTS_KEY) or {}, Mapping):
                    return False
                defaults = dict(data.get(DEFAULTS_KEY) or {})
            elif part.kind == "item":
                self._add_row(part.loaded, part.index, data, defaults)
            elif set(data) != head:
                return False
        return True

    def _rollback(self, mark: tuple[tuple[int, int], int, int]) -> None:
        """Forget what was planned from a file since ``mark``."""
        entries, failures, self._order = mark
        for entry in self.plan.entries.rollback(entries):
            self._targets.pop(str(entry.target).casefold(), None)
            self.plan.formats[entry.fmt] -= 1
        del self.plan.failures[failures:]

    def _add_rows(self, source: LoadedYaml) -> None:
        """Plan every entry of a file read whole."""
        try:
            rows = list(_raw_entries(source))
        except DrafterError as exc:
            self._fail(source.path, "", exc.problems)
            return
        for index, entry, defaults in rows:
            self._add_row(source, index, entry, defaults)

    def _add_row(self, source: LoadedYaml, index: int | None, entry: Any, defaults: dict[str, Any]) -> None:
        """Plan one entry, or record why it cannot be written."""
        try:
            origin = _entry_origin(source, index)
            if not isinstance(entry, Mapping):
                raise InputError(origin.problem((), "each statement must be a mapping of answers"))
            self._add_entry(origin, index, dict(entry), dict(defaults))
        except DrafterError as exc:
            self._fail(source.path, _label(index), exc.problems)

    def _fail(self, path: Path, label: str, problems: tuple[Problem, ...]) -> None:
        self.plan.failures.append(Failure(path, label, problems, self._next()))

    def _next(self) -> int:
        self._order += 1
        return self._order

    def _add_entry(self, origin: Origin, index: int | None, entry: dict[str, Any], defaults: dict[str, Any]) -> None:
        merged = deep_merge(defaults, entry)
        template = merged.pop(TEMPLATE_KEY, None)
        output = merged.pop(OUTPUT_KEY, None)
        if not isinstance(template, str) or not template:
            raise InputError(origin.problem((TEMPLATE_KEY,), "name the template in a 'template:' key"))
        try:
            bundle = self.engine.template(template)
        except DrafterError as exc:
            raise InputError(origin.problem((TEMPLATE_KEY,), str(exc))) from None
        answers = self.engine.validate(bundle, merged, origin)
        target, fmt = self._target(origin, output, answers)
        path = origin.source.path if origin.source else Path()
        stored = self.plan.entries.keep(answers)
        at = origin.problem((OUTPUT_KEY,), "")
        planned = Entry(path, _label(index), bundle.name, stored, target, fmt, order=self._next(), output_at=at)
        self._claim(origin, planned)

    def _target(self, origin: Origin, output: Any, answers: Mapping[str, Any]) -> tuple[Path, OutputFormat]:
        fmt: OutputFormat = self.fmt or "docx"
        if output is None:
            return self.outdir.resolve() / f"{statement_stem(answers)}.{fmt}", fmt
        if not isinstance(output, str) or any(unicodedata.category(c) == "Cc" for c in output):
            raise InputError(origin.problem((OUTPUT_KEY,), "'output' must be a plain file name"))
        if PurePath(output).name in ("", ".", "..") or output.endswith(("/", "\\")):
            raise InputError(origin.problem((OUTPUT_KEY,), f"'output: {output}' does not name a file"))
        suffix = PurePath(output).suffix.lower().lstrip(".")
        fmt = next((f for f in FORMATS if f == suffix), fmt)
        name = output if suffix == fmt else f"{output}.{fmt}"
        try:
            return inside(self.outdir, name), fmt
        except DrafterError as exc:
            raise InputError(origin.problem((OUTPUT_KEY,), exc.problems[0].message)) from None

    def _claim(self, origin: Origin, entry: Entry) -> None:
        key = str(entry.target).casefold()
        claimed = self._targets.get(key)
        if claimed is not None:
            earlier = self.plan.entries[claimed]
            if not self.plan.entries.dropped(claimed):
                self.plan.entries.drop(claimed)
                self.plan.formats[earlier.fmt] -= 1
                again = f"writes the same file {entry.target.name} as {where_label(entry.source, entry.label)}"
                problem = replace(earlier.output_at or Problem(""), message=again)
                self.plan.failures.append(Failure(earlier.source, earlier.label, (problem,), earlier.order))
            message = f"writes the same file {entry.target.name} as {where_label(earlier.source, earlier.label)}"
            raise InputError(origin.problem((OUTPUT_KEY,), message))
        if entry.target.is_dir():
            raise InputError(origin.problem((OUTPUT_KEY,), f"the output {entry.target} is a folder"))
        self._targets[key] = self.plan.entries.append(replace(entry, exists=entry.target.exists()))
        self.plan.formats[entry.fmt] += 1


def _entry_origin(source: LoadedYaml, index: int | None) -> Origin:
    """Where one entry's answers came from: its place in ``statements:`` (or the whole file), then ``defaults:``."""
    here: Location = () if index is None else (STATEMENTS_KEY, index)
    return Origin(source, (here, (DEFAULTS_KEY,)), here)


def make_plan(
    engine: Engine, paths: Iterable[Path], outdir: Path, fmt: OutputFormat | None, plan: Plan | None = None
) -> Plan:
    """Read, merge, validate and place every entry of every file (into ``plan`` when given)."""
    planner = Planner(engine, outdir, fmt, plan)
    for path in collect_files(paths):
        planner.add_file(path)
    return planner.plan


# -- writing -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WorkerState:
    """What a worker process keeps from one statement to the next: its engine and its writers."""

    engine: Engine
    writers: Writers


_WORKER: list[WorkerState] = []


def _start_worker(template_dirs: list[Path], cwd: Path) -> None:
    _WORKER[:] = [WorkerState(Engine(Catalog.default(template_dirs, cwd)), Writers())]


def _start_pool_worker(template_dirs: list[Path], cwd: Path) -> None:
    """A worker process: Ctrl-C is the main process's to handle (it stops submitting and lets the few
    statements in flight finish whole), so a worker neither dies half-way nor prints a traceback.

    The worker starts while the plan is being made, so it loads the Word writer (python-docx, the
    reference document) and the Markdown parser then, not with its first statement."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _start_worker(template_dirs, cwd)
    import drafter.blocks  # noqa: F401  (Markdown parsing, imported ahead of the first statement)

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
    from drafter.redline import default_author, load_version, redline_bytes

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
            entry.target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(entry.target, data, task.force)
    except DrafterError as exc:
        return Outcome(entry.source, entry.label, entry.target, "failed", problems=exc.problems, order=entry.order)
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


def _run_chunk(tasks: list[Task]) -> list[Outcome]:
    return [run_task(task) for task in tasks]


MAX_CHUNK = 4
"""Entries a worker is given at once in a large batch: fewer round trips between processes."""


class Workers:
    """The processes that render and write: this one when ``jobs`` is 1, else a pool of ``jobs``.

    A pool starts at once, before the plan is made, so its processes load what they need while the
    main process reads and validates the inputs.
    """

    def __init__(self, jobs: int, template_dirs: list[Path], cwd: Path) -> None:
        self.jobs = jobs
        self._start = (template_dirs, cwd)
        self._pool: ProcessPoolExecutor | None = None
        if jobs > 1:
            self._pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_pool_worker, initargs=self._start)
            self._pool.submit(os.getpid)  # the processes start with the first submission

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def run(self, tasks: Iterable[Task], total: int, on_done: Callable[[Outcome], None]) -> None:
        """Run ``tasks`` (``total`` of them at most), calling ``on_done`` with each outcome as it ends."""
        if self._pool is None:
            _start_worker(*self._start)
            for task in tasks:
                on_done(run_task(task))
            return
        chunk = max(1, min(MAX_CHUNK, total // (self.jobs * 8)))
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

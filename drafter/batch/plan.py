"""A batch's plan: the entries ready to write, kept in a temporary file, and the ones that failed.

The plan is made before anything is written, so that two entries writing one file both fail and
neither is written. Entries arrive already read and validated (``Planned``, from ``batch_files``, in
this process or a worker); the ``Planner`` gives each its place and order, finds clashes and existing
files, and keeps it in the plan's file (``PlanStore``), where workers read its answers back.
"""

from __future__ import annotations

import atexit
import os
import pickle
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import Problem
from drafter.writers import OutputFormat

if TYPE_CHECKING:
    from drafter.inputs.question_types import AnswerValue


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
    output_at: Problem  # where the entry's ``output`` stands (or would), for messages about its file
    order: int = 0
    exists: bool = False

    @property
    def answers(self) -> dict[str, AnswerValue]:
        """The validated answers (a new copy at every call)."""
        answers: dict[str, AnswerValue] = pickle.loads(self.stored.read())
        return answers


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

    def keep(self, data: bytes) -> Stored:
        """Keep ``data`` (an entry, or its pickled answers for a worker to read); where it is."""
        offset = self._end
        view = memoryview(data)
        while view:
            written = os.pwrite(self._fd, view, self._end)
            view = view[written:]
            self._end += written
        return Stored(self.path, offset, len(data))

    def append(self, entry: Entry) -> int:
        """Add ``entry`` to the plan; its index."""
        stored = self.keep(pickle.dumps(entry, pickle.HIGHEST_PROTOCOL))
        self._records.extend((stored.offset, stored.length))
        return len(self._records) // 2 - 1

    def __getitem__(self, index: int) -> Entry:
        offset, length = self._records[2 * index], self._records[2 * index + 1]
        entry: Entry = pickle.loads(os.pread(self._fd, length, offset))
        return entry

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
class Planned:
    """An entry read and validated, not yet placed in a plan: its answers pickled, ready to keep."""

    source: Path
    label: str
    template: str
    answers: bytes
    target: Path
    fmt: OutputFormat
    output_at: Problem  # where the entry's ``output`` stands (or would), for messages about its file


class Restart:
    """What a file gave so far is to be forgotten: it is read again, whole."""


RESTART = Restart()
Item = Planned | Failure | Restart
"""What reading a file gives, in order: entries, failures (their ``order`` not yet set), restarts."""


def where_label(source: Path, label: str) -> str:
    """How messages name an entry: ``week.yaml statements[3]``."""
    return f"{source}" + (f" {label}" if label else "")


class Planner:
    """Places what files give into a Plan, in order: clashes between outputs, and files already there."""

    def __init__(self, plan: Plan | None = None) -> None:
        self.plan = plan or Plan()
        # Per output file, the index of the entry writing it, for a clash found later.
        self._targets: dict[str, int] = {}
        self._order = 0

    def add(self, items: Iterable[Item]) -> None:
        """Place what one file gives (a ``Restart`` forgets what it gave before)."""
        mark = (self.plan.entries.mark(), len(self.plan.failures), self._order)
        for item in items:
            if isinstance(item, Restart):
                self._rollback(mark)
            elif isinstance(item, Failure):
                self.plan.failures.append(replace(item, order=self._next()))
            else:
                self._place(item)

    def _rollback(self, mark: tuple[tuple[int, int], int, int]) -> None:
        entries, failures, self._order = mark
        for entry in self.plan.entries.rollback(entries):
            self._targets.pop(str(entry.target).casefold(), None)
            self.plan.formats[entry.fmt] -= 1
        del self.plan.failures[failures:]

    def _next(self) -> int:
        self._order += 1
        return self._order

    def _place(self, planned: Planned) -> None:
        entry = Entry(
            planned.source,
            planned.label,
            planned.template,
            self.plan.entries.keep(planned.answers),
            planned.target,
            planned.fmt,
            planned.output_at,
            order=self._next(),
        )
        problem = self._claim(entry)
        if problem is not None:
            self.plan.failures.append(Failure(entry.source, entry.label, (problem,), entry.order))

    def _claim(self, entry: Entry) -> Problem | None:
        """Add ``entry`` to the plan, or say why it cannot write its file."""
        key = str(entry.target).casefold()
        claimed = self._targets.get(key)
        if claimed is not None:
            earlier = self.plan.entries[claimed]
            if not self.plan.entries.dropped(claimed):
                self.plan.entries.drop(claimed)
                self.plan.formats[earlier.fmt] -= 1
                again = f"writes the same file {entry.target.name} as {where_label(entry.source, entry.label)}"
                problem = replace(earlier.output_at, message=again)
                self.plan.failures.append(Failure(earlier.source, earlier.label, (problem,), earlier.order))
            first = where_label(earlier.source, earlier.label)
            return replace(entry.output_at, message=f"writes the same file {entry.target.name} as {first}")
        if entry.target.is_dir():
            return replace(entry.output_at, message=f"the output {entry.target} is a folder")
        self._targets[key] = self.plan.entries.append(replace(entry, exists=entry.target.exists()))
        self.plan.formats[entry.fmt] += 1
        return None

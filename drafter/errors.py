"""The one exception family drafter raises for anything a user can fix.

Every error carries where it happened (file, line, column, field path) as data; the CLI turns it
into a single message and an exit code. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a user's input, with where it is."""

    message: str
    path: Path | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
        parts = [p for p in (where, self.field) if p]
        return ": ".join([*parts, self.message])


EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


class DrafterError(Exception):
    """Base of every error drafter reports to its user without a traceback."""

    exit_code = 1

    def __init__(self, problems: Problem | Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = Problem(problems)
        self.problems: tuple[Problem, ...] = (problems,) if isinstance(problems, Problem) else tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class InputError(DrafterError):
    """An answers or batch file that cannot be read or does not validate."""


class TemplateError(DrafterError):
    """A template that cannot be found, loaded or rendered."""


class TemplateSecurityError(TemplateError):
    """A template tried to leave the sandbox."""


class OutputError(DrafterError):
    """An output path that is refused (exists, escapes its folder, unwritable)."""


class NotInteractiveError(DrafterError):
    """An interactive command was started without a terminal."""

    exit_code = 2


class UsageError(DrafterError):
    """Options that do not fit together."""

    exit_code = 2

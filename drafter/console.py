"""rich consoles for drafter's tables and previews (full width on a terminal, 160 columns in a log), and
the drafter commands it prints for the user to run again, with the options they were given."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

from drafter.errors import NotInteractiveError, Problem


def make_console(stream: IO[str] | None = None) -> Console:
    """A rich Console writing to ``stream`` (standard output by default)."""
    from rich.console import Console

    stream = stream or sys.stdout
    terminal = stream.isatty()
    return Console(file=stream, width=None if terminal else 160, highlight=False, soft_wrap=not terminal)


_WITHOUT_TERMINAL = (
    "write an answers file and run 'drafter render FILE' (one statement) or 'drafter batch FILES -o DIR' (many)"
)


def require_terminal(command: str, instead: str = _WITHOUT_TERMINAL) -> None:
    """Refuse to start an interview without a terminal to ask in, saying what to do ``instead``."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise NotInteractiveError(
            Problem(f"drafter {command} asks questions and needs a terminal. Without one, {instead}")
        )


_SHORT = {"output": "-o"}


def command_line(*words: str | Path) -> str:
    """A drafter command as the user can paste it into a shell: each word quoted where needed."""
    return shlex.join(["drafter", *(str(word) for word in words)])


def given_options(args: argparse.Namespace, *names: str) -> list[str]:
    """The options ``names`` as the command was given them, to repeat in a command it prints: each
    folder or file given as a path made absolute, so the command works from any folder."""
    words: list[str] = []
    for name in names:
        value = getattr(args, name, None)
        flag = _SHORT.get(name, "--" + name.replace("_", "-"))
        if value is True:
            words.append(flag)
        elif isinstance(value, tuple):  # a list given as one option (``--format docx,pdf``)
            words += [flag, ",".join(_word(item) for item in value)]
        elif isinstance(value, list):
            for item in value:
                words += [flag, _word(item)]
        elif value not in (None, False, ""):
            words += [flag, _word(value)]
    return words


def _word(value: object) -> str:
    if isinstance(value, Path):
        return str(value.resolve())
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)

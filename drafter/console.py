"""rich consoles for drafter's tables and previews: full width on a terminal, 160 columns in a log."""

from __future__ import annotations

import sys
from typing import IO, Any

from drafter.errors import NotInteractiveError, Problem


def make_console(stream: IO[str] | None = None) -> Any:
    """A rich Console writing to ``stream`` (standard output by default)."""
    from rich.console import Console

    stream = stream or sys.stdout
    terminal = stream.isatty()
    return Console(file=stream, width=None if terminal else 160, highlight=False, soft_wrap=not terminal)


def require_terminal(command: str) -> None:
    """Refuse to start an interview without a terminal to ask in."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise NotInteractiveError(
            Problem(
                f"drafter {command} asks questions and needs a terminal. Without one, write an answers file "
                "and run 'drafter render FILE' (one statement) or 'drafter batch FILES -o DIR' (many)"
            )
        )

"""An interview's answers so far, saved after every answer so that nothing is lost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.console import command_line
from drafter.inputs.answers import answers_document
from drafter.output import write_atomic
from drafter.paths import user_state


@dataclass
class Unfinished:
    """The answers of an interview under way, and the file that keeps them (in the user-state folder)."""

    template: str
    path: Path
    answers: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def start(cls, template: str, answers: dict[str, Any] | None = None, source: Path | None = None) -> Unfinished:
        """Answers kept in the user-state folder: in ``source`` when it is an interrupted interview's file."""
        folder = user_state() / "interviews"
        folder.mkdir(parents=True, exist_ok=True)
        if source is not None and source.resolve().parent == folder.resolve():
            return cls(template, source.resolve(), dict(answers or {}))
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"{template}-{stamp}.answers.yaml"
        counter = 1
        while path.exists():
            counter += 1
            path = folder / f"{template}-{stamp}-{counter}.answers.yaml"
        progress = cls(template, path, dict(answers or {}))
        progress.save()
        return progress

    def save(self) -> None:
        """Write the answers given so far (atomically); a question left empty is kept as null."""
        write_atomic(self.path, answers_document(self.template, self.answers, keep_empty=True).encode(), force=True)

    def discard(self) -> None:
        """Remove the file once the statement is written."""
        self.path.unlink(missing_ok=True)

    def resume_hint(self, options: Sequence[str] = ()) -> str:
        """The message that tells where the answers are and how to go on (with the ``options`` given)."""
        resume = command_line("new", "--answers", self.path, *options)
        return f"Your answers so far are saved in {self.path}\nResume with: {resume}"

"""An interview's answers so far, saved after every answer so that nothing is lost.

The file is an ordinary answers file (``drafter render`` reads it), headed by a YAML comment that records
which questions were already asked:

```yaml
# drafter: an interview under way; `drafter new --answers <this file>` resumes it.
# asked: language, delegation, speaker, meeting
template: hrc-dialogue
language: fr
```

A comment, not a key: the answers stay valid for every command that reads them, and no template's
question name can clash with it. Resuming asks, in order, every question that applies and is not in
that list, optional ones included, so the interview goes on from the first question never answered.
A file without the comment (old answers replayed) counts every valid answer it holds as asked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import DrafterError
from drafter.inputs.answers import answers_document
from drafter.inputs.question_types import AnswerValue
from drafter.inputs.yamlio import read_text
from drafter.output import write_atomic
from drafter.paths import user_state

HEADER = "# drafter: an interview under way; `drafter new --answers <this file>` resumes it.\n"
ASKED = re.compile(r"^#\s*asked:(?P<names>.*)$")


def read_asked(path: Path) -> list[str] | None:
    """The questions an interview's answers file records as asked; None when it records none."""
    try:
        text = read_text(path)
    except DrafterError:
        return None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        found = ASKED.match(line)
        if found:
            return [name.strip() for name in found.group("names").split(",") if name.strip()]
    return None


@dataclass
class Unfinished:
    """The answers of an interview under way, and the file that keeps them (in the user-state folder).

    ``asked``: the questions already asked, in order; None for answers that do not record it.
    """

    template: str
    path: Path
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    asked: list[str] | None = None
    # The command that resumes this interview, as the user should type it (set by the command).
    resume_command: Callable[[Path], str] = field(default=lambda path: f"drafter new --answers {path}")

    @classmethod
    def start(
        cls,
        template: str,
        answers: dict[str, AnswerValue] | None = None,
        source: Path | None = None,
        asked: list[str] | None = None,
    ) -> Unfinished:
        """Answers kept in the user-state folder: in ``source`` when it is an interrupted interview's file."""
        folder = user_state() / "interviews"
        folder.mkdir(parents=True, exist_ok=True)
        if source is not None and source.resolve().parent == folder.resolve():
            return cls(template, source.resolve(), dict(answers or {}), asked)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"{template}-{stamp}.answers.yaml"
        counter = 1
        while path.exists():
            counter += 1
            path = folder / f"{template}-{stamp}-{counter}.answers.yaml"
        progress = cls(template, path, dict(answers or {}), asked)
        progress.save()
        return progress

    def was_asked(self, name: str) -> bool:
        """True when the question ``name`` was asked (or, with no record, when it has an answer)."""
        return name in self.answers if self.asked is None else name in self.asked

    def mark_asked(self, name: str) -> None:
        """Record that the question ``name`` has been answered."""
        if self.asked is None:
            self.asked = [n for n in self.answers if n != name]
        if name not in self.asked:
            self.asked.append(name)

    def save(self) -> None:
        """Write the answers given so far (atomically), with the record of the questions asked."""
        header = HEADER + f"# asked: {', '.join(self.asked)}\n" if self.asked is not None else HEADER
        text = header + answers_document(self.template, self.answers, keep_empty=True)
        write_atomic(self.path, text.encode(), force=True)

    def discard(self) -> None:
        """Remove the file once the statement is written."""
        self.path.unlink(missing_ok=True)

    def resume_hint(self) -> str:
        """The message that tells where the answers are and how to go on."""
        return f"Your answers so far are saved in {self.path}\nResume with: {self.resume_command(self.path)}"

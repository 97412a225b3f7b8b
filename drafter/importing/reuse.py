"""Last year's statement as this year's first draft: a delivered statement imported, with what belongs to
the occasion cleared (the date, the meeting, the agenda item, the heading lines that print them, and every
answer the import could only guess), so the interview asks for those and keeps everything else; optional
answers the statement does not have stay empty (the review can add them) rather than being asked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafter.engine import Engine
from drafter.importing.freeform import Value
from drafter.importing.importer import Imported, import_statement
from drafter.inputs.question_types import AnswerValue

# The answers that belong to one occasion, and the heading lines that print them.
OCCASION = ("date", "meeting", "agenda_item")
OCCASION_LINES = ("place_date", "meeting_line", "agenda_item")


@dataclass(frozen=True)
class NextDraft:
    """The answers to start the interview from, and what was cleared."""

    template: str
    answers: dict[str, AnswerValue]
    cleared: tuple[str, ...]
    imported: Imported
    path: Path

    @property
    def summary(self) -> str:
        """What the interview starts from, in one line."""
        cleared = ", ".join(self.cleared) or "nothing"
        return f"Imported {self.path.name} as {self.template}; cleared for the new occasion: {cleared}"


def next_draft(engine: Engine, path: Path, template: str | None = None) -> NextDraft:
    """Import ``path`` and clear what belongs to the occasion it was delivered on."""
    imported = import_statement(engine, path, template)
    built = imported.built
    answers: dict[str, AnswerValue] = {k: v for k, v in built.answers.items() if k not in built.guesses}
    cleared = [name for name in OCCASION if answers.pop(name, None) is not None]
    for name, question in imported.bundle.manifest.questions.items():
        if name in answers or name in OCCASION or (question.required and question.default is None):
            continue
        # The statement has none: the interview does not ask; the review can add one.
        answers[name] = [] if question.type == "list" else question.default
    sentences = answers.get("sentences")
    if isinstance(sentences, dict):
        kept: dict[str, Value] = {k: v for k, v in sentences.items() if k not in OCCASION_LINES}
        cleared += [f"the {k.replace('_', ' ')} line" for k in OCCASION_LINES if k in sentences]
        answers["sentences"] = kept
    return NextDraft(imported.template, answers, tuple(dict.fromkeys(cleared)), imported, path)

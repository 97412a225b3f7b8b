"""What the interview prefills, and what it only shows as an example.

A value is prefilled only when it is the user's own: the profile (delegation, language, usual form of
address, conventions), the answers the user gave in earlier statements for a few facts that recur
(speaker, agenda item, place: ``RecentAnswers``), today's date (the next working day at a weekend), the
forum's seat in the statement's language, and the template's own defaults for choices. A template's
example answers belong to another delegation: they are shown as a hint ("e.g. …", greyed), taken from
the example in the statement's language, and never become a value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from drafter.engine import Engine
from drafter.errors import DrafterError
from drafter.inputs.catalog import TemplateBundle
from drafter.inputs.examples import example_answers
from drafter.inputs.facts import language_of
from drafter.inputs.manifest import Question
from drafter.inputs.profile import Profile
from drafter.inputs.question_types import AnswerValue, kind_of
from drafter.inputs.yamlio import dump_yaml, load_mapping
from drafter.output import write_atomic
from drafter.paths import user_state

RECENT_FILE = "recent.yaml"
# Facts that recur from one statement to the next (never paragraphs, never what only one statement says).
RECENT_FACTS = ("speaker", "agenda_item", "place")
PLACE, DATE = "place", "date"
HINT_WIDTH = 70
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Suggested:
    """A prefilled value and where it comes from (said beside the question)."""

    value: AnswerValue
    source: str = ""


def working_day(today: dt.date) -> dt.date:
    """``today``, or the Monday after it when it falls at a weekend."""
    return today + dt.timedelta(days=max(0, 7 - today.weekday()) if today.weekday() >= 5 else 0)


@dataclass
class RecentAnswers:
    """The facts the user gave in their last statements, per language, kept in the user-state folder."""

    path: Path
    facts: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> RecentAnswers:
        """The saved facts; none when the file is missing or unreadable (it is only a convenience)."""
        path = path or user_state() / RECENT_FILE
        try:
            data = load_mapping(path).data if path.is_file() else {}
        except DrafterError:
            data = {}
        facts = {
            str(lang): {str(k): str(v) for k, v in values.items() if k in RECENT_FACTS and isinstance(v, str)}
            for lang, values in data.items()
            if isinstance(values, Mapping)
        }
        return cls(path, facts)

    def get(self, language: str, name: str) -> str | None:
        """The last value of the fact ``name`` in a statement in ``language``."""
        return self.facts.get(language, {}).get(name)

    def remember(self, answers: Mapping[str, object]) -> None:
        """Keep the recurring facts of a statement just written (an empty one forgets the old value)."""
        language = language_of(answers)
        kept = self.facts.setdefault(language, {})
        for name in RECENT_FACTS:
            if name not in answers:
                continue
            value = answers.get(name)
            if isinstance(value, str) and value.strip():
                kept[name] = value.strip()
            else:
                kept.pop(name, None)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, dump_yaml(self.facts).encode(), force=True)


def shorten(text: str, width: int = HINT_WIDTH) -> str:
    """One line of at most ``width`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _hint_text(value: object) -> str | None:
    if isinstance(value, list):
        return _hint_text(value[0]) if value else None
    if isinstance(value, Mapping):
        return next((t for t in (_hint_text(v) for v in value.values() if isinstance(v, str)) if t), None)
    if isinstance(value, bool) or value is None:
        return None
    return shorten(value.isoformat() if isinstance(value, dt.date) else str(value))


class Suggestions:
    """The interview's prefilled values (the user's own) and hints (the template's example)."""

    def __init__(self, engine: Engine, bundle: TemplateBundle, profile: Profile, recent: RecentAnswers) -> None:
        self.engine = engine
        self.bundle = bundle
        self.profile = profile
        self.recent = recent
        self.today = dt.date.today()
        self._examples: dict[str, dict[str, AnswerValue]] = {}

    # -- values ------------------------------------------------------------------------------------
    def value(self, question: Question, answers: Mapping[str, object]) -> Suggested | None:
        """The value a top-level question starts with, when the user's own data gives one."""
        language = language_of(answers)
        mine = self.profile.answer_defaults()
        if question.name in mine:
            return Suggested(mine[question.name], "your profile")
        for found in (self._date(question), self._place(question, answers), self._recent(question, language)):
            if found is not None:
                return found
        if question.type == "list" and self._takes_groups(question) and self.profile.conventions.groups:
            return Suggested([{"group": g} for g in self.profile.conventions.groups], "your usual groups")
        return self._template_default(question, language)

    def _date(self, question: Question) -> Suggested | None:
        if question.type != "date":
            return None
        day = working_day(self.today)
        return Suggested(day, "today" if day == self.today else "the next working day")

    def _place(self, question: Question, answers: Mapping[str, object]) -> Suggested | None:
        if question.name != PLACE:
            return None
        seat = self.seat(answers)
        return Suggested(seat, "the forum's seat") if seat else None

    def _recent(self, question: Question, language: str) -> Suggested | None:
        if question.name not in RECENT_FACTS:
            return None
        found = self.recent.get(language, question.name)
        return Suggested(found, "your last statement") if found else None

    def _template_default(self, question: Question, language: str) -> Suggested | None:
        """The manifest's default: a choice always; words only in the language the template writes them in."""
        if question.default is None:
            return None
        if kind_of(question).worded and language != self.bundle.manifest.languages[0]:
            return None
        return Suggested(question.default)

    @staticmethod
    def _takes_groups(question: Question) -> bool:
        return any(f.choices_from == "groups" for f in (question.fields or {}).values())

    def forum(self, answers: Mapping[str, object]) -> str | None:
        """The statement's forum: its ``forum`` answer, that question's default, or the template's."""
        chosen = answers.get("forum")
        if isinstance(chosen, str) and chosen:
            return chosen
        question = self.bundle.manifest.questions.get("forum")
        if question is not None and isinstance(question.default, str):
            return question.default
        return self.bundle.manifest.forum

    def seat(self, answers: Mapping[str, object]) -> str | None:
        """Where the statement's forum meets, in the statement's language."""
        entry = self.engine.bank.forum(self.forum(answers))
        if entry is None:
            return None
        return entry.seat.get(language_of(answers)) or entry.seat.get("en")

    def usual_group(self, chosen: Sequence[object]) -> str | None:
        """The first of the usual groups not chosen yet (for a new alignment)."""
        taken = {item.get("group") for item in chosen if isinstance(item, Mapping)}
        return next((g for g in self.profile.conventions.groups if g not in taken), None)

    # -- hints -------------------------------------------------------------------------------------
    def hint(self, path: Path_, answers: Mapping[str, object]) -> str | None:
        """The example's answer at ``path`` (a question, an item, a field of an item), as "e.g. …"."""
        language = language_of(answers)
        if language not in self._examples:
            self._examples[language] = example_answers(self.bundle, language)
        value: object = self._examples[language]
        for step in path:
            if isinstance(step, int) and isinstance(value, list) and value:
                value = value[min(step, len(value) - 1)]
            elif isinstance(step, str) and isinstance(value, Mapping):
                value = value.get(step)
            else:
                return None
        text = _hint_text(value)
        return f"e.g. {text}" if text else None

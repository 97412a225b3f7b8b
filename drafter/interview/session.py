"""The terminal interview: every question of a template asked with questionary, the draft reviewed.

With ``prompts`` (one answer) and ``editor``, the only package that imports questionary. Answers are
saved (through ``Unfinished``) after every answer, with the questions asked so far; Ctrl-C raises
KeyboardInterrupt to the caller, which says where they are and how to resume.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import questionary
from questionary import Choice

from drafter.document.statement import Statement
from drafter.document.text import to_text
from drafter.engine import Engine
from drafter.errors import DrafterError, InputError
from drafter.inputs.answers import check_answer
from drafter.inputs.catalog import TemplateBundle
from drafter.inputs.conditions import condition_holds
from drafter.inputs.manifest import Question
from drafter.inputs.profile import Profile
from drafter.inputs.question_types import AnswerValue, kind_of
from drafter.interview.defaults import Path_, RecentAnswers, Suggestions, shorten
from drafter.interview.prompts import Shown, ask_value, ask_words
from drafter.interview.unfinished import Unfinished
from drafter.output import answers_path_for
from drafter.render.frame import SENTENCES
from drafter.render.markdown_text import plain_text
from drafter.writers import format_named

DONE, ADD, EDIT, REMOVE, MOVE = "done", "add", "edit", "remove", "move"
WRITE, CHANGE, SENTENCE, QUIT = "write", "change", "sentence", "quit"
KEEP, REWRITE, DROP, RESET = "keep", "rewrite", "drop", "reset"
Echo = Callable[[str], None]
Item = dict[str, AnswerValue]


def _echo(text: str) -> None:
    print(text, flush=True)


def _shorten(value: object, width: int = 60) -> str:
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    return shorten(str(value), width) if value not in (None, "") else "—"


class Interview:
    """Asks a template's questions, keeping ``progress`` saved, then lets the user review the draft."""

    def __init__(
        self,
        engine: Engine,
        bundle: TemplateBundle,
        progress: Unfinished,
        suggestions: Suggestions | None = None,
        rate: float | None = None,
    ) -> None:
        self.engine = engine
        self.bundle = bundle
        self.progress = progress
        self.suggestions = suggestions or Suggestions(engine, bundle, Profile(), RecentAnswers.load())
        self.rate = rate
        # Where the interview's own lines go (the prompts are questionary's); tests replace it.
        self.echo: Echo = _echo

    @property
    def answers(self) -> dict[str, AnswerValue]:
        """The answers so far (the progress file's content)."""
        return self.progress.answers

    @property
    def questions(self) -> dict[str, Question]:
        """The template's questions, in order."""
        return self.bundle.manifest.questions

    # -- the questions -------------------------------------------------------------------------
    def ask_missing(self) -> None:
        """Ask, in the manifest's order, every question that applies and was not asked yet (optional ones
        too), and every answer that is not valid."""
        for question in self.questions.values():
            if not condition_holds(question.when, self.answers, question.when_at):
                continue
            if self.progress.was_asked(question.name) and self._valid(question):
                continue
            self.ask(question)

    def _valid(self, question: Question) -> bool:
        try:
            check_answer(question, self.answers.get(question.name))
        except InputError as exc:
            if question.name in self.answers:
                self.echo(f"! {question.label}: {exc.problems[0].message}")
            return False
        return True

    def ask(self, question: Question) -> None:
        """Ask one top-level question (again), save the answer and record the question as asked."""
        name = question.name
        suggested = None if name in self.answers else self.suggestions.value(question, self.answers)
        current = self.answers.get(name, suggested.value if suggested else None)
        if question.type == "list":
            items = current if isinstance(current, list) and name in self.answers else _copy_list(current)
            self.answers[name] = items
            self.edit_list(question, items, (name,))
        else:
            shown = Shown(hint=self._hint((name,), question), note=suggested.source if suggested else None)
            self.answers[name] = ask_value(question, current, shown)
        self.progress.mark_asked(name)
        self.progress.save()

    def _hint(self, path: Path_, question: Question | None = None) -> str | None:
        """The example's answer at ``path``; for a list, its first item's words (none for choices)."""
        if question is not None and question.type == "list":
            if question.item is not None:
                return self._hint((*path, 0), question.item)
            worded = [n for n, f in (question.fields or {}).items() if kind_of(f).worded]
            return self._hint((*path, 0, worded[0])) if worded else None
        if question is not None and kind_of(question).prompt(question).widget not in ("line", "paragraphs"):
            return None
        return self.suggestions.hint(path, self.answers)

    # -- repeating groups ------------------------------------------------------------------------
    def edit_list(self, question: Question, items: list[AnswerValue], path: Path_ = ()) -> None:
        """Add, edit, remove and reorder the items of a list question, in place (``path``: where the list
        stands in the answers, for the example's hints)."""
        path = path or (question.name,)
        if not items and (question.min_items or 0) > 0:
            self._add_item(question, items, path)
        steps = {ADD: self._add_item, EDIT: self._edit_item, REMOVE: self._remove_item, MOVE: self._move_item}
        while True:
            action = self._list_action(question, items, path)
            if action == DONE:
                if self._list_is_valid(question, items):
                    return
                continue
            steps[action](question, items, path)
            self.progress.save()

    def _list_action(self, question: Question, items: list[AnswerValue], path: Path_) -> str:
        """Show the list and ask what to do with it next."""
        noun = question.item_label or (question.item.label if question.item else "item")
        self.echo(f"{question.label}:")
        for index, item in enumerate(items, 1):
            self.echo(f"  {index}. {self._summary(question, item)}")
        if not items:
            hint = self._hint(path, question)
            self.echo(f"  (none yet{'; ' + hint if hint else ''})")
        choices = [Choice("Done", DONE), Choice(f"Add {noun.lower()}", ADD)]
        if items:
            choices += [Choice("Edit…", EDIT), Choice("Remove…", REMOVE)]
        if len(items) > 1:
            choices.append(Choice("Move…", MOVE))
        return str(questionary.select(f"{question.label}: what next?", choices=choices, default=DONE).unsafe_ask())

    def _list_is_valid(self, question: Question, items: list[AnswerValue]) -> bool:
        try:
            check_answer(question, items)
        except InputError as exc:
            for problem in exc.problems:
                self.echo(f"! {problem.field}: {problem.message}")
            return False
        return True

    def _edit_item(self, question: Question, items: list[AnswerValue], path: Path_) -> None:
        index = self._pick(question, items, "Edit which?")
        item = items[index]
        if question.item is not None:
            shown = Shown(f"{question.item.label} {index + 1}", self._hint((*path, index), question.item))
            items[index] = ask_value(question.item, item, shown)
        elif isinstance(item, dict):
            self._fill_fields(question, item, (*path, index), items)

    def _remove_item(self, question: Question, items: list[AnswerValue], path: Path_) -> None:
        index = self._pick(question, items, "Remove which?")
        summary = self._summary(question, items[index])
        if questionary.confirm(f"Remove {index + 1}. {summary}?", default=False).unsafe_ask():
            del items[index]

    def _move_item(self, question: Question, items: list[AnswerValue], path: Path_) -> None:
        index = self._pick(question, items, "Move which?")
        positions = [Choice(str(n), n - 1) for n in range(1, len(items) + 1)]
        target = questionary.select("To which position?", choices=positions, default=positions[index].value)
        items.insert(target.unsafe_ask(), items.pop(index))

    def _add_item(self, question: Question, items: list[AnswerValue], path: Path_) -> None:
        position = len(items)
        if question.item is not None:
            shown = Shown(f"{question.item.label} {position + 1}", self._hint((*path, position), question.item))
            items.append(ask_value(question.item, question.item.default, shown))
        else:
            item: Item = {}
            items.append(item)
            self._fill_fields(question, item, (*path, position), items)
        self.progress.save()

    def _fill_fields(
        self, question: Question, item: Item, path: Path_, siblings: list[AnswerValue] | None = None
    ) -> None:
        assert question.fields is not None
        position = int(path[-1]) + 1
        for field in question.fields.values():
            if not condition_holds(field.when, item, field.when_at):
                continue
            label = f"{question.label} {position} – {field.label}"
            if field.type == "list":
                sub = item.setdefault(field.name, [])
                if isinstance(sub, list):
                    self.edit_list(field.model_copy(update={"label": label}), sub, (*path, field.name))
            else:
                current = item.get(field.name, field.default)
                if current is None and field.choices_from == "groups":
                    current = self.suggestions.usual_group([s for s in siblings or [] if s is not item])
                shown = Shown(label, self._hint((*path, field.name), field))
                item[field.name] = ask_value(field, current, shown)
            self.progress.save()

    def _pick(self, question: Question, items: list[AnswerValue], message: str) -> int:
        choices = [Choice(f"{i}. {self._summary(question, item)}", i - 1) for i, item in enumerate(items, 1)]
        return int(questionary.select(message, choices=choices).unsafe_ask())

    @staticmethod
    def _summary(question: Question, item: object) -> str:
        if not isinstance(item, Mapping) or question.fields is None:
            return _shorten(item)
        texts = [item.get(name) for name, f in question.fields.items() if kind_of(f).worded or f.type == "select"]
        first = next((t for t in texts if t), "—")
        lists = [
            f"{len(item.get(name) or [])} {f.label.lower()}" for name, f in question.fields.items() if f.type == "list"
        ]
        return _shorten(first) + (f" ({', '.join(lists)})" if lists else "")

    # -- review ----------------------------------------------------------------------------------
    def review(self) -> Statement | None:
        """Show the whole draft until the user writes it (returned) or quits (None)."""
        while True:
            statement = self._draft()
            if statement is None:
                self.change()
                continue
            self.echo("")
            self.echo(to_text(statement.draft, statement.info.marker))
            self.echo(f"Speaking time: {statement.estimate.describe()}")
            if statement.estimate.over_limit:
                self.echo("! The statement is longer than the speaking-time limit.")
            for warning in statement.warnings:
                self.echo(f"! {warning}")
            choices = [
                Choice("Write the statement", WRITE),
                Choice("Change an answer", CHANGE),
                Choice("Change a sentence of the template (keep, swap, rewrite, drop)", SENTENCE),
                Choice("Save the answers and quit", QUIT),
            ]
            action = questionary.select("The draft above: what next?", choices=choices, default=WRITE).unsafe_ask()
            if action == WRITE:
                return statement
            if action == QUIT:
                return None
            if action == SENTENCE:
                self.change_sentence(statement)
            else:
                self.change()

    def _draft(self) -> Statement | None:
        try:
            answers = self.engine.validate(self.bundle, self.answers)
            return self.engine.compose(self.bundle, answers, self.rate)
        except DrafterError as exc:
            self.echo("The draft cannot be shown yet:")
            for problem in exc.problems:
                self.echo(f"! {problem}")
            return None

    def _applicable(self) -> list[Question]:
        return [q for q in self.questions.values() if condition_holds(q.when, self.answers, q.when_at)]

    def change(self) -> None:
        """Pick an answer, ask it again, then ask the questions the new answer brings in."""
        before = {q.name for q in self._applicable()}
        choices = [Choice(f"{q.label}: {_shorten(self.answers.get(q.name))}", q.name) for q in self._applicable()]
        name = questionary.select("Change which answer?", choices=choices).unsafe_ask()
        self.ask(self.questions[name])
        for question in self._applicable():
            if question.name not in before and self.answers.get(question.name) is None:
                self.ask(question)

    def change_sentence(self, statement: Statement) -> None:
        """Pick a sentence the template contributed; keep it, swap it for a variant, rewrite it or drop it."""
        sentences = self.engine.sentences(self.bundle, statement.answers)
        listed = [Choice(f"{s.key}: {_shorten(plain_text(s.text) or '(dropped)')}", s.key) for s in sentences]
        key = questionary.select("Change which sentence?", choices=listed).unsafe_ask()
        current = next(s for s in sentences if s.key == key)
        options = [Choice("Keep it", KEEP)]
        for name, text in self.engine.variant_texts(self.bundle, statement.answers, key).items():
            options.append(Choice(f"Use “{_shorten(plain_text(text), 70)}”", f"use:{name}"))
        options += [Choice("Rewrite it in my words", REWRITE), Choice("Drop it", DROP)]
        options.append(Choice("Back to the template's wording", RESET))
        question = f"The sentence “{_shorten(plain_text(current.text))}”:"
        action = questionary.select(question, choices=options).unsafe_ask()
        before = self.answers.get(SENTENCES)
        chosen: dict[str, AnswerValue] = dict(before) if isinstance(before, dict) else {}
        if action == KEEP:
            return
        if action == REWRITE:
            chosen[key] = ask_words("Your words", plain_text(current.text)) or False
        elif action == DROP:
            chosen[key] = False
        elif action == RESET:
            chosen.pop(key, None)
        else:
            chosen[key] = {"use": action.removeprefix("use:")}
        self.answers[SENTENCES] = chosen
        self.progress.save()

    def choose_output(self, default: Path, force: bool) -> Path:
        """Ask where to write the statement; an existing file is replaced only when confirmed."""
        while True:
            typed = questionary.text("Save the statement as", default=str(default)).unsafe_ask()
            target = Path(typed.strip()).expanduser()
            if not typed.strip() or target.is_dir():
                self.echo("! Give a file name.")
                continue
            if not target.parent.is_dir():
                self.echo(f"! The folder {target.parent} does not exist.")
                continue
            if format_named(target.suffix.lstrip(".")) is None:
                target = target.with_name(f"{target.name}.{default.suffix.lstrip('.') or 'docx'}")
            existing = [p for p in (target, answers_path_for(target)) if p.exists()]
            if existing and not force:
                names = " and ".join(str(p) for p in existing)
                replace = questionary.confirm(f"{names} already exist(s). Replace?", default=False).unsafe_ask()
                if not replace:
                    continue
            return target


def pick_template(names: list[tuple[str, str, str]]) -> str:
    """Let the user choose a template from (name, title, description) rows."""
    choices = [Choice(f"{title} ({name})", name, description=description or None) for name, title, description in names]
    return str(questionary.select("Which kind of statement?", choices=choices).unsafe_ask())


def _copy_list(value: object) -> list[AnswerValue]:
    """A deep copy of a suggested list, so that editing the answer never edits the suggestion."""
    return [_copy(v) for v in value] if isinstance(value, list) else []


def _copy(value: AnswerValue) -> AnswerValue:
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value

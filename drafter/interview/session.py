"""The terminal interview: every question of a template asked with questionary, the draft reviewed.

The only module that imports questionary. Answers are saved (through ``Unfinished``) after every answer;
Ctrl-C raises KeyboardInterrupt to the caller, which says where they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import questionary
from questionary import Choice

from drafter.document.statement import Statement
from drafter.document.text import to_text
from drafter.engine import Engine
from drafter.errors import DrafterError, InputError, Problem
from drafter.inputs.answers import check_answer
from drafter.inputs.catalog import TemplateBundle
from drafter.inputs.conditions import condition_holds
from drafter.inputs.manifest import Question
from drafter.interview.unfinished import Unfinished
from drafter.output import answers_path_for
from drafter.render.frame import SENTENCES
from drafter.render.markdown_text import plain_text
from drafter.writers import format_named

EDITOR_HINT = "(Ctrl-X Ctrl-E opens your $EDITOR)"
DONE, ADD, EDIT, REMOVE, MOVE = "done", "add", "edit", "remove", "move"
WRITE, CHANGE, SENTENCE, QUIT = "write", "change", "sentence", "quit"
KEEP, REWRITE, DROP, RESET = "keep", "rewrite", "drop", "reset"
Echo = Callable[[str], None]


def _echo(text: str) -> None:
    print(text, flush=True)


def _shorten(value: Any, width: int = 60) -> str:
    if isinstance(value, list):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    text = " ".join(str(value).split()) if value not in (None, "") else "—"
    return text if len(text) <= width else text[: width - 1] + "…"


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def convert_text(question: Question, text: str) -> Any:
    """Turn what was typed into the answer's value, validated; raise InputError with the reason."""
    text = text.strip()
    if not text:
        if question.required and not question.when:
            raise InputError(Problem("an answer is required", field=question.name))
        return None
    value: Any = text
    try:
        if question.type == "date":
            value = dt.date.fromisoformat(text)
        elif question.type == "integer":
            value = int(text)
        elif question.type == "number":
            value = float(text.replace(",", "."))
    except ValueError:
        expected = {"date": "a date written YYYY-MM-DD", "integer": "a whole number"}.get(question.type, "a number")
        raise InputError(Problem(f"expected {expected}", field=question.name)) from None
    return check_answer(question, value)


def _validator(question: Question) -> Callable[[str], bool | str]:
    def validate(text: str) -> bool | str:
        try:
            convert_text(question, text)
        except InputError as exc:
            return exc.problems[0].message
        return True

    return validate


def ask_value(question: Question, default: Any, label: str | None = None) -> Any:
    """Ask a question with a single value (not a list); return the validated answer."""
    message = label or question.label
    if question.help:
        questionary.print(f"  {question.help}", style="fg:ansibrightblack")
    if question.type == "select":
        values = [c.value for c in question.choices]
        choices = [Choice(c.label, c.value) for c in question.choices]
        return questionary.select(message, choices=choices, default=default if default in values else None).unsafe_ask()
    if question.type == "multiselect":
        chosen = set(default or [])
        checkbox = [Choice(c.label, c.value, checked=c.value in chosen) for c in question.choices]
        picked = questionary.checkbox(message, choices=checkbox).unsafe_ask()
        return check_answer(question, list(picked))
    if question.type == "confirm":
        return bool(questionary.confirm(message, default=bool(default) if default is not None else True).unsafe_ask())
    extra: dict[str, Any] = {}
    instruction = None
    if question.type == "longtext":
        extra["enable_open_in_editor"] = True
        instruction = EDITOR_HINT
    elif question.type == "date":
        instruction = "(YYYY-MM-DD)"
    typed = questionary.text(
        message, default=_as_text(default), validate=_validator(question), instruction=instruction, **extra
    ).unsafe_ask()
    return convert_text(question, typed)


class Interview:
    """Asks a template's questions, keeping ``progress`` saved, then lets the user review the draft."""

    def __init__(
        self,
        engine: Engine,
        bundle: TemplateBundle,
        progress: Unfinished,
        defaults: Mapping[str, Any],
        rate: float | None = None,
    ) -> None:
        self.engine = engine
        self.bundle = bundle
        self.progress = progress
        self.defaults = dict(defaults)
        self.rate = rate
        # Where the interview's own lines go (the prompts are questionary's); tests replace it.
        self.echo: Echo = _echo

    @property
    def answers(self) -> dict[str, Any]:
        """The answers so far (the progress file's content)."""
        return self.progress.answers

    @property
    def questions(self) -> dict[str, Question]:
        """The template's questions, in order."""
        return self.bundle.manifest.questions

    # -- the questions -------------------------------------------------------------------------
    def ask_missing(self) -> None:
        """Ask every question that applies and has no valid answer yet, in the manifest's order."""
        for question in self.questions.values():
            if not condition_holds(question.when, self.answers, question.when_at):
                continue
            if question.name in self.answers:
                try:
                    check_answer(question, self.answers[question.name])
                    continue
                except InputError as exc:
                    self.echo(f"! {question.label}: {exc.problems[0].message}")
            self.ask(question)

    def ask(self, question: Question) -> None:
        """Ask one top-level question (again) and save the answer."""
        current = self.answers.get(question.name, self.defaults.get(question.name, question.default))
        if question.type == "list":
            items = current if isinstance(current, list) and question.name in self.answers else _copy(current or [])
            self.answers[question.name] = items
            self.edit_list(question, items)
        else:
            self.answers[question.name] = ask_value(question, current)
        self.progress.save()

    # -- repeating groups ------------------------------------------------------------------------
    def edit_list(self, question: Question, items: list[Any]) -> None:
        """Add, edit, remove and reorder the items of a list question, in place."""
        if not items and (question.min_items or 0) > 0:
            self._add_item(question, items)
        steps = {ADD: self._add_item, EDIT: self._edit_item, REMOVE: self._remove_item, MOVE: self._move_item}
        while True:
            action = self._list_action(question, items)
            if action == DONE:
                if self._list_is_valid(question, items):
                    return
                continue
            steps[action](question, items)
            self.progress.save()

    def _list_action(self, question: Question, items: list[Any]) -> str:
        """Show the list and ask what to do with it next."""
        noun = question.item_label or (question.item.label if question.item else "item")
        self.echo(f"{question.label}:")
        for index, item in enumerate(items, 1):
            self.echo(f"  {index}. {self._summary(question, item)}")
        if not items:
            self.echo("  (none)")
        choices = [Choice("Done", DONE), Choice(f"Add {noun.lower()}", ADD)]
        if items:
            choices += [Choice("Edit…", EDIT), Choice("Remove…", REMOVE)]
        if len(items) > 1:
            choices.append(Choice("Move…", MOVE))
        return str(questionary.select(f"{question.label}: what next?", choices=choices, default=DONE).unsafe_ask())

    def _list_is_valid(self, question: Question, items: list[Any]) -> bool:
        try:
            check_answer(question, items)
        except InputError as exc:
            for problem in exc.problems:
                self.echo(f"! {problem.field}: {problem.message}")
            return False
        return True

    def _edit_item(self, question: Question, items: list[Any]) -> None:
        index = self._pick(question, items, "Edit which?")
        if question.item is not None:
            items[index] = ask_value(question.item, items[index], f"{question.item.label} {index + 1}")
        else:
            self._fill_fields(question, items[index], index + 1)

    def _remove_item(self, question: Question, items: list[Any]) -> None:
        index = self._pick(question, items, "Remove which?")
        summary = self._summary(question, items[index])
        if questionary.confirm(f"Remove {index + 1}. {summary}?", default=False).unsafe_ask():
            del items[index]

    def _move_item(self, question: Question, items: list[Any]) -> None:
        index = self._pick(question, items, "Move which?")
        positions = [Choice(str(n), n - 1) for n in range(1, len(items) + 1)]
        target = questionary.select("To which position?", choices=positions, default=positions[index].value)
        items.insert(target.unsafe_ask(), items.pop(index))

    def _add_item(self, question: Question, items: list[Any]) -> None:
        position = len(items) + 1
        if question.item is not None:
            items.append(ask_value(question.item, question.item.default, f"{question.item.label} {position}"))
        else:
            item: dict[str, Any] = {}
            items.append(item)
            self._fill_fields(question, item, position)
        self.progress.save()

    def _fill_fields(self, question: Question, item: dict[str, Any], position: int) -> None:
        assert question.fields is not None
        for field in question.fields.values():
            if not condition_holds(field.when, item, field.when_at):
                continue
            label = f"{question.label} {position} – {field.label}"
            if field.type == "list":
                sub = item.setdefault(field.name, [])
                self.edit_list(field.model_copy(update={"label": label}), sub)
            else:
                item[field.name] = ask_value(field, item.get(field.name, field.default), label)
            self.progress.save()

    def _pick(self, question: Question, items: list[Any], message: str) -> int:
        choices = [Choice(f"{i}. {self._summary(question, item)}", i - 1) for i, item in enumerate(items, 1)]
        return int(questionary.select(message, choices=choices).unsafe_ask())

    @staticmethod
    def _summary(question: Question, item: Any) -> str:
        if not isinstance(item, Mapping) or question.fields is None:
            return _shorten(item)
        texts = [item.get(name) for name, f in question.fields.items() if f.type in ("text", "longtext", "select")]
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
        chosen = dict(self.answers.get(SENTENCES) or {})
        if action == KEEP:
            return
        if action == REWRITE:
            typed = questionary.text(
                "Your words", default=plain_text(current.text), instruction=EDITOR_HINT, enable_open_in_editor=True
            ).unsafe_ask()
            chosen[key] = typed.strip() or False
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


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    return value

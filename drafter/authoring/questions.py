"""``questions.yaml`` checked beyond its shape: defaults that fit their questions, ``when:`` naming answers
that exist — each mistake at the line of the template's own file that says it (or its parent's)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from jinja2 import Environment, TemplateSyntaxError, meta

from drafter.errors import DrafterError, Problem
from drafter.inputs.catalog import MANIFEST, TemplateBundle
from drafter.inputs.manifest import Question
from drafter.inputs.yamlio import LoadedYaml, load_yaml
from drafter.render.explain import suggest
from drafter.render.frame import FRAME_NAMES


class ManifestPlaces:
    """Where each question's keys stand in the ``questions.yaml`` of a template and of its parents."""

    def __init__(self, bundle: TemplateBundle) -> None:
        self.files: list[LoadedYaml] = []
        for owner in (bundle, *bundle.lineage):
            try:
                self.files.append(load_yaml(owner.folder / MANIFEST))
            except DrafterError:
                continue
        self.own = bundle.folder / MANIFEST

    def at(self, *loc: str) -> Problem:
        """A Problem at the nearest file that writes ``loc`` (else its question, else the template's file)."""
        for depth in (len(loc), 2):
            for loaded in self.files:
                position = loaded.positions.get(tuple(loc[:depth]))
                if position is not None:
                    return Problem("", path=loaded.path, line=position.line)
        return Problem("", path=self.own)


def _number(value: float) -> str:
    return f"{value:g}"


def default_problem(question: Question, value: object) -> str | None:
    """What is wrong with ``value`` as the default of ``question``, in plain words; None when it fits."""
    kind = question.type
    if kind == "multiselect" and not isinstance(value, list):
        return f"the default of a multiselect question is a list: default: [{value}]"
    if kind in ("select", "multiselect") and question.choices:
        values = [c.value for c in question.choices]
        given = value if isinstance(value, list) else [value]
        wrong = next((str(v) for v in given if str(v) not in values), None)
        if wrong is not None:
            listed = ", ".join(values)
            return f"the default '{wrong}' is not one of its choices{suggest(wrong, values)} (choices: {listed})"
        return None
    checks = {"date": _date_problem, "confirm": _confirm_problem, "list": _list_problem}
    if kind in ("number", "integer"):
        return _number_problem(question, value)
    if kind in ("text", "longtext"):
        return _text_problem(question, value)
    check = checks.get(kind)
    return check(question, value) if check else None


def _date_problem(_: Question, value: object) -> str | None:
    if isinstance(value, dt.date):
        return None
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return f"the default '{value}' is not a date: write it YYYY-MM-DD, e.g. 2026-01-15"
    return None


def _confirm_problem(_: Question, value: object) -> str | None:
    return None if isinstance(value, bool) else f"the default '{value}' is not yes or no: write true or false"


def _number_problem(question: Question, value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"the default '{value}' is not a number"
    if question.type == "integer" and not isinstance(value, int):
        return f"the default {_number(value)} is not a whole number"
    if question.maximum is not None and value > question.maximum:
        return f"the default {_number(value)} is above the question's maximum, {_number(question.maximum)}"
    if question.minimum is not None and value < question.minimum:
        return f"the default {_number(value)} is below the question's minimum, {_number(question.minimum)}"
    return None


def _text_problem(question: Question, value: object) -> str | None:
    if not isinstance(value, str):
        return f"the default {value!r} is not a text: put it in quotes"
    if question.max_length is not None and len(value) > question.max_length:
        return f"the default is longer than the question's max_length, {question.max_length} characters"
    if question.pattern and re.search(question.pattern, value) is None:
        return f"the default '{value}' does not match the question's pattern {question.pattern}"
    return None


def _list_problem(question: Question, value: object) -> str | None:
    if not isinstance(value, list):
        return "the default of a list question is a list (items under it, each after '- ')"
    if question.max_items is not None and len(value) > question.max_items:
        return f"the default has {len(value)} items, more than the question's max_items, {question.max_items}"
    return None


def _questions(
    questions: dict[str, Question], prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Question]]:
    for name, question in questions.items():
        yield (*prefix, name), question
        if question.fields:
            yield from _questions(question.fields, (*prefix, name, "fields"))
        if question.item:
            yield (*prefix, name, "item"), question.item


def manifest_problems(env: Environment, bundle: TemplateBundle) -> list[Problem]:
    """Defaults that do not fit their question, and conditions naming answers that do not exist."""
    places = ManifestPlaces(bundle)
    problems: list[Problem] = []
    questions = bundle.manifest.questions
    for loc, question in _questions(questions):
        if question.default is not None:
            wrong = default_problem(question, question.default)
            if wrong is not None:
                problems.append(_with(places.at("questions", *loc, "default"), wrong))
        if question.when and len(loc) == 1:
            wrong = _condition_problem(env, question.when, questions)
            if wrong is not None:
                problems.append(_with(places.at("questions", *loc, "when"), wrong))
    return problems


def _condition_problem(env: Environment, condition: str, questions: dict[str, Question]) -> str | None:
    try:
        names = meta.find_undeclared_variables(env.parse("{{ " + condition + " }}"))
    except TemplateSyntaxError:
        return f"'when: {condition}' is not a condition drafter can read (e.g. when: report_title, when: vote == 'no')"
    unknown = sorted(names - set(questions) - FRAME_NAMES)
    if not unknown:
        return None
    return f"'when: {condition}' names '{unknown[0]}', which is not a question{suggest(unknown[0], questions)}"


def _with(where: Problem, message: str) -> Problem:
    return Problem(message, path=where.path, line=where.line)

"""Answers: the pydantic model built from a manifest, and answers files read and written.

The model is the single source of truth for what a template may receive: the interview, ``render``
and ``batch`` all validate through it. Each question type's part of the model is its class in
``question_types``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from drafter.errors import InputError
from drafter.inputs.manifest import Question
from drafter.inputs.question_types import AnswerValue, build_model, kind_of
from drafter.inputs.validation import problems_from
from drafter.inputs.yamlio import LoadedYaml, Origin, dump_yaml, load_mapping

__all__ = ["TEMPLATE_KEY", "AnswersFile", "answers_document", "build_model", "check_answer", "read_answers_file"]

TEMPLATE_KEY = "template"


def validate_answers(
    model: type[BaseModel],
    data: Mapping[str, object],
    origin: Origin | None = None,
) -> BaseModel:
    """Validate answers; raise InputError listing every problem with its place."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        raise InputError(problems_from(exc, origin or Origin(), model)) from None


def check_answer(question: Question, value: object) -> AnswerValue:
    """Validate one answer on its own; return it as plain data or raise InputError with the reason."""
    return kind_of(question).check(question, value)


@dataclass
class AnswersFile:
    """An answers file: the template it names and the answers it holds, with their positions."""

    template: str
    answers: dict[str, AnswerValue]
    source: LoadedYaml


def read_answers_file(path: Path, template: str | None = None) -> AnswersFile:
    """Read an answers file; its ``template:`` key names the template unless ``template`` is given."""
    loaded = load_mapping(path)
    data = dict(loaded.data)
    if "statements" in data:
        raise InputError(
            loaded.problem(("statements",), "this is a batch file: write it with 'drafter batch FILE -o FOLDER'")
        )
    named = data.pop(TEMPLATE_KEY, None)
    chosen = template or named
    if not isinstance(chosen, str) or not chosen:
        raise InputError(loaded.problem((TEMPLATE_KEY,), "name the template in a top-level 'template:' key"))
    return AnswersFile(chosen, data, loaded)


def answers_document(template: str, answers: Mapping[str, object], keep_empty: bool = False) -> str:
    """The YAML text of an answers file for ``template``; empty answers are left out unless ``keep_empty``."""
    kept = {k: _plain(v, keep_empty) for k, v in answers.items() if keep_empty or v is not None}
    plain = {TEMPLATE_KEY: template, **kept}
    return dump_yaml(plain)


def _plain(value: object, keep_empty: bool) -> object:
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(), keep_empty)
    if isinstance(value, Mapping):
        return {k: _plain(v, keep_empty) for k, v in value.items() if keep_empty or v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v, keep_empty) for v in value]
    return value

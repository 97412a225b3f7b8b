"""Answers: the pydantic model built from a manifest, and answers files read and written.

The model is the single source of truth for what a template may receive: the interview, ``render``
and ``batch`` all validate through it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    create_model,
    model_validator,
)

from drafter.errors import InputError
from drafter.inputs.conditions import condition_holds
from drafter.inputs.manifest import Question
from drafter.inputs.validation import problems_from
from drafter.inputs.yamlio import LoadedYaml, Origin, dump_yaml, load_mapping

TEMPLATE_KEY = "template"
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_OR_NEWLINE = re.compile(r"[\x00-\x08\n-\x1f\x7f-\x9f]")


def _no_control_characters(multiline: bool) -> AfterValidator:
    # One regular-expression search instead of a look at every character: validating a batch spent most
    # of its time here. The class is Unicode's Cc category less tab (and newline in long texts).
    refused = _CONTROLS if multiline else _CONTROLS_OR_NEWLINE

    def check(value: str) -> str:
        value = value.replace("\r\n", "\n")
        found = refused.search(value)
        if found is None:
            return value
        if found.group() == "\n":
            raise ValueError("must be a single line (use a long-text question for paragraphs)")
        raise ValueError(f"contains the control character U+{ord(found.group()):04X} at position {found.start() + 1}")

    return AfterValidator(check)


def _annotation(question: Question, owner: str = "answers") -> Any:
    """The Python type an answer to ``question`` must have (``owner`` names nested models)."""
    kind = question.type
    if kind in ("text", "longtext"):
        return Annotated[
            str,
            StringConstraints(
                strip_whitespace=True,
                min_length=max(question.min_length or 0, 1 if question.required and not question.when else 0) or None,
                max_length=question.max_length,
                pattern=question.pattern,
            ),
            _no_control_characters(kind == "longtext"),
        ]
    if kind == "select":
        return Literal[tuple(c.value for c in question.choices)]
    if kind == "multiselect":
        return list[Literal[tuple(c.value for c in question.choices)]]  # type: ignore[misc]
    if kind == "confirm":
        return bool
    if kind == "date":
        return dt.date
    if kind in ("number", "integer"):
        base = int if kind == "integer" else float
        return Annotated[base, Field(ge=question.minimum, le=question.maximum)]
    if question.fields is not None:
        item: Any = build_model(question.fields, f"{owner}.{question.name}")
    else:
        assert question.item is not None
        item = _annotation(question.item, owner)
    return Annotated[list[item], Field(min_length=question.min_items, max_length=question.max_items)]


def _field(question: Question, owner: str = "answers") -> tuple[Any, Any]:
    annotation = _annotation(question, owner)
    title, description = question.label, question.help or None
    if question.default is not None:
        return annotation, Field(default=question.default, title=title, description=description)
    if question.type in ("list", "multiselect") and (question.when or not question.required):
        return annotation, Field(default_factory=list, title=title, description=description)
    if question.when or not question.required:
        return annotation | None, Field(default=None, title=title, description=description)
    return annotation, Field(title=title, description=description)


def build_model(
    questions: Mapping[str, Question], name: str = "Answers", extra: Mapping[str, Any] | None = None
) -> type[BaseModel]:
    """Create the pydantic model validating answers to ``questions`` (and ``extra`` fields, e.g. the frame's)."""
    conditional = {q.name: q for q in questions.values() if q.when and q.required}

    def conditions_met(model: BaseModel) -> BaseModel:
        values = model.model_dump()
        for field_name, question in conditional.items():
            if values.get(field_name) in (None, "", []) and condition_holds(question.when, values, question.when_at):
                raise ValueError(f"'{field_name}' is required when {question.when}")
        return model

    validators = {"conditions_met": model_validator(mode="after")(conditions_met)} if conditional else {}
    fields = {q.name: _field(q, name) for q in questions.values()}
    fields.update(extra or {})
    return create_model(  # type: ignore[call-overload, no-any-return]
        name,
        __config__=ConfigDict(extra="forbid", str_strip_whitespace=True),
        __validators__=validators,
        **fields,
    )


def validate_answers(
    model: type[BaseModel],
    data: Mapping[str, Any],
    origin: Origin | None = None,
) -> BaseModel:
    """Validate answers; raise InputError listing every problem with its place."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        raise InputError(problems_from(exc, origin or Origin(), model)) from None


def check_answer(question: Question, value: Any) -> Any:
    """Validate one answer on its own; return it as plain data or raise InputError with the reason."""
    annotation = _field(question)[0]
    if value is None and (question.when or not question.required):
        return None
    try:
        adapter: TypeAdapter[Any] = TypeAdapter(annotation)
        return adapter.dump_python(adapter.validate_python(value))
    except ValidationError as exc:
        raise InputError(problems_from(exc, Origin(prefix=(question.name,)))) from None


@dataclass
class AnswersFile:
    """An answers file: the template it names and the answers it holds, with their positions."""

    template: str
    answers: dict[str, Any]
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


def answers_document(template: str, answers: Mapping[str, Any], keep_empty: bool = False) -> str:
    """The YAML text of an answers file for ``template``; empty answers are left out unless ``keep_empty``."""
    plain = {TEMPLATE_KEY: template, **_plain(answers, keep_empty)}
    return dump_yaml(plain)


def _plain(value: Any, keep_empty: bool) -> Any:
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(), keep_empty)
    if isinstance(value, Mapping):
        return {k: _plain(v, keep_empty) for k, v in value.items() if keep_empty or v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v, keep_empty) for v in value]
    return value

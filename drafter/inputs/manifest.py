"""The template manifest: ``questions.yaml`` read into Question and Manifest models."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails, SchemaError, SchemaValidator, core_schema

from drafter.errors import InputError, Problem, TemplateError
from drafter.inputs.validation import did_you_mean
from drafter.inputs.yamlio import LoadedYaml, Location, Origin, YamlValue, load_mapping

QuestionType = Literal["text", "longtext", "select", "multiselect", "confirm", "date", "number", "integer", "list"]
RESERVED_NAMES = frozenset({"template", "sentences", "sections", "conventions"})
# Bounds on a question's constraints: counts the validators can hold, numbers a float holds exactly.
MAX_COUNT = 1_000_000_000
MAX_NUMBER = 1e15


class Choice(BaseModel):
    """One value a select or multi-select question offers, with the label shown for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str
    label: str


class Question(BaseModel):
    """One answer a template needs: its type, wording, default and constraints."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    type: QuestionType = "text"
    label: str = ""
    help: str = ""
    # A YAML value, checked as an answer to the question by ``templates check``; not declared a YamlValue while
    # the interview takes it for an answer (AnswerValue) unchecked.
    default: Any = None
    required: bool = True
    choices: list[Choice] = Field(default_factory=list)
    choices_from: Literal["groups", "forums", "languages"] | None = None
    when: str | None = None
    after: str | None = None
    min_length: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    max_length: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    pattern: str | None = None
    minimum: float | None = Field(default=None, ge=-MAX_NUMBER, le=MAX_NUMBER)
    maximum: float | None = Field(default=None, ge=-MAX_NUMBER, le=MAX_NUMBER)
    min_items: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    max_items: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    fields: dict[str, Question] | None = None
    item: Question | None = None
    item_label: str | None = None
    _when_at: Problem | None = PrivateAttr(default=None)

    @property
    def when_at(self) -> Problem | None:
        """Where the ``when:`` condition is written (file, line, field), for messages about it."""
        return self._when_at

    @field_validator("choices", mode="before")
    @classmethod
    def _choices_shorthand(cls, value: object) -> object:
        if isinstance(value, dict):
            return [{"value": str(k), "label": str(v)} for k, v in value.items()]
        if isinstance(value, list):
            return [{"value": str(v), "label": str(v)} if not isinstance(v, dict) else v for v in value]
        return value

    @field_validator("pattern")
    @classmethod
    def _usable_pattern(cls, value: str | None) -> str | None:
        """A pattern answers are checked with must compile in pydantic's regular expressions (no look-around,
        no back-references: matching takes linear time, whatever a template asks)."""
        if value is not None:
            try:
                SchemaValidator(core_schema.str_schema(pattern=value))
            except SchemaError as exc:
                reason = str(exc).strip().splitlines()[-1].strip().removeprefix("SchemaError: ").removeprefix("error: ")
                raise ValueError(f"'{value[:60]}' is not a pattern drafter can use: {reason}") from None
        return value

    @field_validator("fields", mode="before")
    @classmethod
    def _name_fields(cls, value: object) -> object:
        return _named(value)

    @field_validator("item", mode="before")
    @classmethod
    def _item_shorthand(cls, value: object) -> object:
        return {"type": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.type in ("select", "multiselect") and not self.choices and not self.choices_from:
            raise ValueError(f"a {self.type} question needs 'choices' or 'choices_from'")
        if self.type == "list" and (self.fields is None) == (self.item is None):
            raise ValueError("a list question needs exactly one of 'fields' (a group) or 'item'")
        if self.type != "list" and (self.fields is not None or self.item is not None):
            raise ValueError("'fields' and 'item' belong to list questions only")
        if self.type == "integer" and any(
            b is not None and not float(b).is_integer() for b in (self.minimum, self.maximum)
        ):
            raise ValueError("an integer question's minimum and maximum must be whole numbers")
        if not self.label:
            self.label = self.name.replace("_", " ").capitalize()
            self.__pydantic_fields_set__.discard("label")  # a derived label never overrides a parent's
        return self


def _named(value: object) -> object:
    """Give each question of a mapping its key as name (``type: text`` may be shortened to ``text``)."""
    if not isinstance(value, dict):
        return value
    out: dict[str, object] = {}
    for key, given in value.items():
        spec = {"type": given} if isinstance(given, str) else given
        out[str(key)] = {**spec, "name": str(key)} if isinstance(spec, dict) else spec
    return out


class Manifest(BaseModel):
    """A template's manifest: what it is and the questions it asks, in order."""

    model_config = ConfigDict(extra="forbid")

    title: str
    description: str = ""
    extends: str | None = None
    languages: list[str] = Field(default_factory=lambda: ["en"])
    forum: str | None = None
    interactive: bool = False
    sections: list[str] = Field(default_factory=list)
    # The usual frame of this kind of statement: sentence choices as a statement writes them.
    sentences: dict[str, object] = Field(default_factory=dict)
    questions: dict[str, Question] = Field(default_factory=dict)
    remove: list[str] = Field(default_factory=list)
    _source: LoadedYaml | None = PrivateAttr(default=None)

    def problem(self, loc: Location, message: str) -> Problem:
        """A Problem at ``loc`` of the file this manifest was read from (its line, when known)."""
        return Origin(self._source).problem(loc, message) if self._source is not None else Problem(message)

    @field_validator("questions", mode="before")
    @classmethod
    def _name_questions(cls, value: object) -> object:
        return _named(value)

    @model_validator(mode="after")
    def _names_usable(self) -> Manifest:
        for name in self.questions:
            if not name.isidentifier() or name in RESERVED_NAMES:
                raise ValueError(f"'{name}' cannot be a question name (use letters, digits and _)")
        return self


def parse_manifest(loaded: LoadedYaml) -> Manifest:
    """Validate a manifest read from YAML, reporting each problem at its line."""
    origin = Origin(loaded)
    data: YamlValue = loaded.data
    questions = data.get("questions") if isinstance(data, dict) else None
    for name in questions if isinstance(questions, dict) else ():
        if not str(name).isidentifier() or name in RESERVED_NAMES:
            better = re.sub(r"\W", "_", str(name))
            hint = f": write it {better}" if better.isidentifier() and better not in RESERVED_NAMES else ""
            message = f"'{name}' cannot be a question name (use letters, digits and _){hint}"
            raise TemplateError(origin.problem(("questions", str(name)), message))
    try:
        manifest = Manifest.model_validate(loaded.data)
    except ValidationError as exc:
        raise TemplateError(manifest_problems(exc, origin)) from None
    manifest._source = loaded
    for name, question in manifest.questions.items():
        _place_conditions(question, loaded, ("questions", name))
    return manifest


_SHOULD_BE = {
    "string_type": "a text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "list_type": "a list (items under it, each after '- ')",
    "dict_type": "keys and values indented under it",
    "model_type": "keys and values indented under it",
}


def _suggestion(name: str, known: list[str]) -> str:
    meant = did_you_mean(name, known)
    return f"; did you mean '{meant}'?" if meant else ""


def _manifest_message(err: ErrorDetails, loc: Location) -> str:
    kind, key = err["type"], str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        if len(loc) == 1:
            return f"'{key}' is not a key of questions.yaml{_suggestion(key, list(Manifest.model_fields))}"
        known = [name for name in Question.model_fields if name != "name"]
        return f"'{key}' is not a key of a question{_suggestion(key, known)}"
    if kind == "literal_error":
        values = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        given = str(err.get("input"))
        what = "a question type" if key == "type" else f"a value of '{key}'"
        return f"'{given}' is not {what}{_suggestion(given, values)} (they are: {', '.join(values)})"
    if kind == "missing":
        return f"'{key}' is missing"
    if kind in _SHOULD_BE:
        return f"'{key}' should be {_SHOULD_BE[kind]}"
    return str(err["msg"]).removeprefix("Value error, ").replace("Input should be", "should be")


def manifest_problems(error: ValidationError, origin: Origin) -> list[Problem]:
    """questions.yaml's mistakes in a template author's words, each at its line; a key reported missing
    is left out when a misspelt key nearby was probably meant for it."""
    errors = [(err, tuple(p for p in err["loc"] if isinstance(p, str | int))) for err in error.errors()]
    meant = set()
    for err, loc in errors:
        if err["type"] == "extra_forbidden" and loc:
            known = list(Manifest.model_fields) if len(loc) == 1 else list(Question.model_fields)
            guess = did_you_mean(str(loc[-1]), known)
            meant.add((*loc[:-1], guess))
    return [
        origin.problem(loc, _manifest_message(err, loc))
        for err, loc in errors
        if not (err["type"] == "missing" and loc in meant)
    ]


def _place_conditions(question: Question, loaded: LoadedYaml, loc: Location) -> None:
    """Note where each ``when:`` of ``question`` (and of its fields or item) is written."""
    if question.when is not None and (*loc, "when") in loaded.positions:
        question._when_at = loaded.problem((*loc, "when"), "")
    for name, field in (question.fields or {}).items():
        _place_conditions(field, loaded, (*loc, "fields", name))
    if question.item is not None:
        _place_conditions(question.item, loaded, (*loc, "item"))


def _keep_places(question: Question, *sources: Question) -> Question:
    """``question`` (rebuilt from others) with the place of its conditions taken from the first source that has one."""
    if question.when_at is None:
        question._when_at = next((s.when_at for s in sources if s.when == question.when and s.when_at), None)
    for name, field in (question.fields or {}).items():
        _keep_places(field, *(s.fields[name] for s in sources if s.fields and name in s.fields))
    if question.item is not None:
        _keep_places(question.item, *(s.item for s in sources if s.item is not None))
    return question


def load_manifest(path: Path) -> Manifest:
    """Read ``questions.yaml``."""
    try:
        loaded = load_mapping(path)
    except InputError as exc:
        raise TemplateError(exc.problems) from None
    return parse_manifest(loaded)


def _override(parent: Question, child: Question) -> Question:
    """The parent's question with only the keys the child wrote changed."""
    changed = {key: getattr(child, key) for key in child.model_fields_set if key != "name"}
    merged = Question.model_validate({**parent.model_dump(exclude_unset=True), **changed, "name": parent.name})
    return _keep_places(merged, child, parent)


def _placed(questions: dict[str, Question], at: Callable[[Location, str], Problem]) -> dict[str, Question]:
    """Questions in order, each one with ``after:`` moved right behind the question it names."""
    order = list(questions)
    for name, question in questions.items():
        if question.after:
            if question.after not in questions:
                message = (
                    f"'{name}' is to come after '{question.after}', which is not a question"
                    f"{_suggestion(question.after, list(questions))}"
                )
                raise TemplateError(at(("questions", name, "after"), message))
            order.remove(name)
            order.insert(order.index(question.after) + 1, name)
    return {name: questions[name] for name in order}


def merge_manifests(parent: Manifest, child: Manifest) -> Manifest:
    """A child manifest: the parent's questions in order, changed (only the keys the child writes) or
    extended by the child's, then placed by their ``after:`` keys."""
    questions = {k: v for k, v in parent.questions.items() if k not in child.remove}
    for name, question in child.questions.items():
        questions[name] = _override(questions[name], question) if name in questions else question
    unknown = [name for name in child.remove if name not in parent.questions]
    if unknown:
        index = child.remove.index(unknown[0])
        message = (
            f"'remove' names '{unknown[0]}', which the parent does not ask"
            f"{_suggestion(unknown[0], list(parent.questions))}"
        )
        raise TemplateError(child.problem(("remove", index), message))
    questions = _placed(questions, child.problem)
    merged = Manifest(
        title=child.title,
        description=child.description or parent.description,
        extends=child.extends,
        languages=child.languages if "languages" in child.model_fields_set else parent.languages,
        forum=child.forum or parent.forum,
        interactive=child.interactive if "interactive" in child.model_fields_set else parent.interactive,
        sections=child.sections or parent.sections,
        sentences={**parent.sentences, **child.sentences},
        questions=questions,
        remove=list(dict.fromkeys([*parent.remove, *child.remove])),
    )
    merged._source = child._source
    return merged

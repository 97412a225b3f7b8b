"""The template manifest: ``questions.yaml`` read into Question and Manifest models."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from drafter.errors import InputError, Problem, TemplateError
from drafter.inputs.validation import problems_from
from drafter.inputs.yamlio import LoadedYaml, Origin, load_mapping

QuestionType = Literal["text", "longtext", "select", "multiselect", "confirm", "date", "number", "integer", "list"]
RESERVED_NAMES = frozenset({"template", "sentences", "sections", "conventions"})


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
    default: Any = None
    required: bool = True
    choices: list[Choice] = Field(default_factory=list)
    choices_from: Literal["groups", "forums", "languages"] | None = None
    when: str | None = None
    after: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    fields: dict[str, Question] | None = None
    item: Question | None = None
    item_label: str | None = None

    @field_validator("choices", mode="before")
    @classmethod
    def _choices_shorthand(cls, value: object) -> object:
        if isinstance(value, dict):
            return [{"value": str(k), "label": str(v)} for k, v in value.items()]
        if isinstance(value, list):
            return [{"value": str(v), "label": str(v)} if not isinstance(v, dict) else v for v in value]
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
    sentences: dict[str, Any] = Field(default_factory=dict)
    questions: dict[str, Question] = Field(default_factory=dict)
    remove: list[str] = Field(default_factory=list)

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
    try:
        return Manifest.model_validate(loaded.data)
    except ValidationError as exc:
        raise TemplateError(problems_from(exc, Origin(loaded))) from None


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
    return Question.model_validate({**parent.model_dump(exclude_unset=True), **changed, "name": parent.name})


def _placed(questions: dict[str, Question]) -> dict[str, Question]:
    """Questions in order, each one with ``after:`` moved right behind the question it names."""
    order = list(questions)
    for name, question in questions.items():
        if question.after:
            if question.after not in questions:
                raise TemplateError(Problem(f"'{name}' is to come after '{question.after}', which is not a question"))
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
        raise TemplateError(Problem(f"'remove' names questions the parent does not ask: {unknown}"))
    questions = _placed(questions)
    return Manifest(
        title=child.title,
        description=child.description or parent.description,
        extends=child.extends,
        languages=child.languages if "languages" in child.model_fields_set else parent.languages,
        forum=child.forum or parent.forum,
        interactive=child.interactive if "interactive" in child.model_fields_set else parent.interactive,
        sections=child.sections or parent.sections,
        sentences={**parent.sentences, **child.sentences},
        questions=questions,
    )

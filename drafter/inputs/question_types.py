"""One class per question type: everything drafter knows about a ``text``, a ``date`` or a ``list`` question.

Each class holds, for its type: the pydantic annotation an answer must satisfy, how typed text becomes
an answer (``convert``) and an answer becomes text again (``as_text``), how it is asked (``prompt``: a
small description the interview turns into a terminal widget), the value a template receives
(``structured``: paragraph answers become Markdown with their lists and quotations), the kind of value
``drafter import`` must produce for it (``import_shape``) and the placeholder import writes when a
delivered statement does not give a required answer. A new question type is one class here and its name
in ``manifest.QuestionType``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeAlias

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

from drafter.errors import InputError, Problem
from drafter.inputs.conditions import condition_holds
from drafter.inputs.validation import problems_from
from drafter.inputs.yamlio import Origin

if TYPE_CHECKING:
    from drafter.inputs.manifest import Question

AnswerValue: TypeAlias = "str | int | float | bool | dt.date | list[AnswerValue] | dict[str, AnswerValue] | None"
"""An answer as plain data: what answers files hold and templates receive."""
TypeForm: TypeAlias = Any
"""A type as pydantic reads it (``Annotated[str, …]``, ``Literal[…]``, a model): no narrower static type exists."""

Widget = Literal["line", "paragraphs", "select", "checkbox", "confirm", "list"]
ImportShape = Literal[
    "line",  # one line of text
    "paragraphs",  # one answer of paragraphs (joined by blank lines), lists and quotations kept
    "paragraph-list",  # a list of answers of paragraphs, one per numbered point
    "line-list",  # a list of single lines
    "record-list",  # a list of groups of answers (e.g. {text, points})
    "choice",  # one of the question's choices
    "choices",  # several of them
    "flag",  # true or false
    "date",
    "number",
]
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_OR_NEWLINE = re.compile(r"[\x00-\x08\n-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Prompt:
    """How a question is asked: the kind of widget, and a short instruction shown beside the question."""

    widget: Widget
    instruction: str | None = None


@dataclass(frozen=True)
class Typeset:
    """How a template receives the drafter's own words: a line of text, and a paragraph answer (Markdown
    carrying its lists and quotations)."""

    words: Callable[[str], object]
    paragraphs: Callable[[str], object]


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


def _optional(question: Question) -> bool:
    """True when the answer may be left empty (optional, or asked only under a condition)."""
    return bool(question.when) or not question.required


class QuestionKind:
    """What every question type does; subclasses change what differs."""

    name: ClassVar[str]
    widget: ClassVar[Widget] = "line"
    shape: ClassVar[ImportShape] = "line"
    expected: ClassVar[str] = "a valid answer"
    worded: ClassVar[bool] = False  # the answer is the drafter's words, in the statement's language

    def annotation(self, question: Question, owner: str) -> TypeForm:
        """The Python type an answer must have, for pydantic (``owner`` names nested models)."""
        raise NotImplementedError

    def field(self, question: Question, owner: str = "answers") -> tuple[TypeForm, object]:
        """The answer as a field of the answers model: its annotation and its default."""
        annotation = self.annotation(question, owner)
        title, description = question.label, question.help or None
        if question.default is not None:
            return annotation, Field(default=question.default, title=title, description=description)
        if _optional(question):
            return annotation | None, Field(default=None, title=title, description=description)
        return annotation, Field(title=title, description=description)

    def check(self, question: Question, value: object) -> AnswerValue:
        """Validate one answer on its own; return it as plain data or raise InputError with the reason."""
        if value is None and _optional(question):
            return None
        annotation = self.field(question)[0]
        try:
            adapter: TypeAdapter[AnswerValue] = TypeAdapter(annotation)
            checked: AnswerValue = adapter.dump_python(adapter.validate_python(value))
        except ValidationError as exc:
            raise InputError(problems_from(exc, Origin(prefix=(question.name,)))) from None
        return checked

    def parse(self, text: str) -> object:
        """The value typed ``text`` stands for, before validation; ValueError when it cannot be one."""
        return text

    def convert(self, question: Question, text: str) -> AnswerValue:
        """Typed text → the answer's value, validated; InputError with the reason."""
        text = text.strip()
        if not text:
            if not _optional(question):
                raise InputError(Problem("an answer is required", field=question.name))
            return None
        try:
            value = self.parse(text)
        except ValueError:
            raise InputError(Problem(f"expected {self.expected}", field=question.name)) from None
        return self.check(question, value)

    def as_text(self, value: object) -> str:
        """An answer as it is typed (the text a prompt starts with)."""
        return "" if value is None else str(value)

    def prompt(self, question: Question) -> Prompt:
        """How the interview asks the question."""
        return Prompt(self.widget)

    def structured(self, question: Question, value: object, typeset: Typeset) -> object:
        """The value a template receives (``typeset`` sets the drafter's words)."""
        return value

    def import_shape(self, question: Question) -> ImportShape:
        """What kind of value ``drafter import`` must produce for this question."""
        return self.shape

    def placeholder(self, question: Question) -> AnswerValue:
        """What import writes for a required answer a delivered statement does not give (None: nothing)."""
        return None


class Text(QuestionKind):
    """A single line: a name, a title, a place."""

    name = "text"
    multiline: ClassVar[bool] = False
    worded = True

    def annotation(self, question: Question, owner: str) -> TypeForm:
        """A string within the question's length and pattern, without control characters."""
        shortest = max(question.min_length or 0, 0 if _optional(question) else 1)
        constraints = StringConstraints(
            strip_whitespace=True,
            min_length=shortest or None,
            max_length=question.max_length,
            pattern=question.pattern,
        )
        return Annotated[str, constraints, _no_control_characters(self.multiline)]

    def structured(self, question: Question, value: object, typeset: Typeset) -> object:
        """The words as typeset for the statement's language."""
        return typeset.words(value) if isinstance(value, str) else value

    def placeholder(self, question: Question) -> AnswerValue:
        """A bracketed note that says what is missing."""
        return f"[{question.name.replace('_', ' ')}: not in the statement]"


class LongText(Text):
    """Paragraphs, with lists (``1.``, ``-``) and quotations (``>``) as the free text reads them."""

    name = "longtext"
    multiline = True
    widget = "paragraphs"
    shape = "paragraphs"

    def parse(self, text: str) -> object:
        """The lines typed, without the spaces left at their ends."""
        return "\n".join(line.rstrip() for line in text.splitlines())

    def structured(self, question: Question, value: object, typeset: Typeset) -> object:
        """Markdown carrying the paragraphs, lists and quotations typed."""
        return typeset.paragraphs(value) if isinstance(value, str) else value


class Select(QuestionKind):
    """One of the question's choices."""

    name = "select"
    widget = "select"
    shape = "choice"

    def annotation(self, question: Question, owner: str) -> TypeForm:
        """One of the choices' values."""
        return Literal[tuple(c.value for c in question.choices)]

    def placeholder(self, question: Question) -> AnswerValue:
        """The first choice."""
        return question.choices[0].value if question.choices else None


class _Many(QuestionKind):
    """A question whose answer is a list: left unanswered, it is the empty list."""

    def field(self, question: Question, owner: str = "answers") -> tuple[TypeForm, object]:
        """An optional list (or multi-select) defaults to the empty list."""
        if question.default is None and _optional(question):
            annotation = self.annotation(question, owner)
            return annotation, Field(default_factory=list, title=question.label, description=question.help or None)
        return super().field(question, owner)


class MultiSelect(_Many):
    """As many of the question's choices as the drafter picks."""

    name = "multiselect"
    widget = "checkbox"
    shape = "choices"

    def annotation(self, question: Question, owner: str) -> TypeForm:
        """A list of the choices' values."""
        return list[Literal[tuple(c.value for c in question.choices)]]  # type: ignore[misc]

    def parse(self, text: str) -> object:
        """Values separated by commas."""
        return [part.strip() for part in text.split(",") if part.strip()]

    def as_text(self, value: object) -> str:
        """The values, separated by commas."""
        return ", ".join(str(v) for v in value) if isinstance(value, list) else super().as_text(value)


class Confirm(QuestionKind):
    """Yes or no."""

    name = "confirm"
    widget = "confirm"
    shape = "flag"
    expected = "yes or no"
    _WORDS: ClassVar[dict[str, bool]] = {
        "y": True, "yes": True, "true": True, "oui": True, "o": True,
        "n": False, "no": False, "false": False, "non": False,
    }  # fmt: skip

    def annotation(self, question: Question, owner: str) -> TypeForm:
        """A boolean."""
        return bool

    def parse(self, text: str) -> object:
        """yes/no, true/false (and oui/non)."""
        try:
            return self._WORDS[text.casefold()]
        except KeyError:
            raise ValueError(text) from None

    def placeholder(self, question: Question) -> AnswerValue:
        """No."""
        return False


class Date(QuestionKind):
    """A date, written YYYY-MM-DD."""

    name = "date"
    shape = "date"
    expected = "a date written YYYY-MM-DD"

    def annotation(self, question: Question, owner: str) -> TypeForm:
        """A date."""
        return dt.date

    def parse(self, text: str) -> object:
        """An ISO date."""
        return dt.date.fromisoformat(text)

    def as_text(self, value: object) -> str:
        """YYYY-MM-DD."""
        return value.isoformat() if isinstance(value, dt.date) else super().as_text(value)

    def prompt(self, question: Question) -> Prompt:
        """A line, with the format to type."""
        return Prompt("line", "(YYYY-MM-DD)")

    def placeholder(self, question: Question) -> AnswerValue:
        """Today."""
        return dt.date.today()


class Number(QuestionKind):
    """A number, within the question's bounds (a decimal comma is accepted)."""

    name = "number"
    shape = "number"
    expected = "a number"

    def annotation(self, question: Question, owner: str) -> TypeForm:
        """A float within the bounds."""
        return Annotated[float, Field(ge=question.minimum, le=question.maximum)]

    def parse(self, text: str) -> object:
        """A decimal number, with a point or a comma."""
        return float(text.replace(",", "."))

    def as_text(self, value: object) -> str:
        """Whole numbers without '.0'."""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return super().as_text(value)


class Integer(Number):
    """A whole number, within the question's bounds."""

    name = "integer"
    expected = "a whole number"

    def annotation(self, question: Question, owner: str) -> TypeForm:
        """An int within the bounds."""
        return Annotated[int, Field(ge=question.minimum, le=question.maximum)]

    def parse(self, text: str) -> object:
        """Digits."""
        return int(text)


class ListKind(_Many):
    """A repeating group: items of one type (``item``) or groups of answers (``fields``)."""

    name = "list"
    widget = "list"

    def annotation(self, question: Question, owner: str) -> TypeForm:
        """A list of items (or of the group's model) within the question's item counts."""
        item: TypeForm
        if question.fields is not None:
            item = build_model(question.fields, f"{owner}.{question.name}")
        else:
            assert question.item is not None
            item = kind_of(question.item).annotation(question.item, owner)
        return Annotated[list[item], Field(min_length=question.min_items, max_length=question.max_items)]

    def parse(self, text: str) -> object:
        """A list is not typed on one line."""
        raise ValueError(text)

    def as_text(self, value: object) -> str:
        """How many items."""
        count = len(value) if isinstance(value, list) else 0
        return f"{count} item{'s' if count != 1 else ''}"

    def structured(self, question: Question, value: object, typeset: Typeset) -> object:
        """Each item as its own type makes it (each group's answers, each paragraph)."""
        if not isinstance(value, list):
            return value
        if question.fields is not None:
            return [structured(question.fields, v, typeset) if isinstance(v, Mapping) else v for v in value]
        assert question.item is not None
        item = question.item
        return [kind_of(item).structured(item, v, typeset) for v in value]

    def import_shape(self, question: Question) -> ImportShape:
        """Groups, paragraphs or lines, from what each item is."""
        if question.fields is not None:
            return "record-list"
        assert question.item is not None
        return "paragraph-list" if question.item.type == "longtext" else "line-list"


KINDS: dict[str, QuestionKind] = {
    kind.name: kind for kind in (Text(), LongText(), Select(), MultiSelect(), Confirm(), Date(), Number(), Integer())
}
KINDS[ListKind.name] = ListKind()


def kind_of(question: Question) -> QuestionKind:
    """The class that handles ``question``'s type."""
    return KINDS[question.type]


def structured(questions: Mapping[str, Question], answers: Mapping[str, object], typeset: Typeset) -> dict[str, object]:
    """Answers as templates receive them: the drafter's words typeset, every paragraph answer as Markdown
    carrying its structure."""
    out = dict(answers)
    for name, question in questions.items():
        if out.get(name) is not None:
            out[name] = kind_of(question).structured(question, out[name], typeset)
    return out


def build_model(
    questions: Mapping[str, Question], name: str = "Answers", extra: Mapping[str, tuple[TypeForm, object]] | None = None
) -> type[BaseModel]:
    """Create the pydantic model validating answers to ``questions`` (and ``extra`` fields, e.g. the frame's)."""
    conditional = {q.name: q for q in questions.values() if q.when and q.required}

    def conditions_met(model: BaseModel) -> BaseModel:
        values = model.model_dump(warnings=False)
        for field_name, question in conditional.items():
            if values.get(field_name) in (None, "", []) and condition_holds(question.when, values, question.when_at):
                raise ValueError(f"'{field_name}' is required when {question.when}")
        return model

    validators = {"conditions_met": model_validator(mode="after")(conditions_met)} if conditional else {}
    fields: dict[str, tuple[TypeForm, object]] = {q.name: kind_of(q).field(q, name) for q in questions.values()}
    fields.update(extra or {})
    return create_model(  # type: ignore[call-overload, no-any-return]
        name,
        __config__=ConfigDict(extra="forbid", str_strip_whitespace=True),
        __validators__=validators,
        **fields,
    )

"""Pydantic's validation errors turned into Problems that name the file, the line and the field."""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Sequence
from typing import TypeGuard

from pydantic import BaseModel, ValidationError

from drafter.errors import Problem
from drafter.inputs.yamlio import Location, Origin

_MESSAGES = {
    "missing": "required answer is missing",
    "extra_forbidden": "is not a question of this template (a misspelt name?)",
}


def problems_from(
    error: ValidationError, origin: Origin, model: type[BaseModel] | None = None, unknown: str | None = None
) -> list[Problem]:
    """Turn pydantic's errors into Problems naming the file, line and field path of the answers' ``origin``.

    With ``model``, an unknown field is given the name it was most likely meant to be; ``unknown`` says what
    an unknown field is not, where that is not a question of the template (a conventions file's).
    """
    problems = []
    for err in error.errors():
        # A mapping's key that fails is reported at the key itself ("[key]" is pydantic's marker for it).
        loc: Location = tuple(p for p in err["loc"] if isinstance(p, str | int) and p != "[key]")
        message = _MESSAGES.get(err["type"], err["msg"])
        if err["type"] == "extra_forbidden" and unknown:
            message = unknown
        if err["type"] == "extra_forbidden" and model is not None and loc and isinstance(loc[-1], str):
            meant = did_you_mean(loc[-1], field_names(model, loc[:-1]))
            # The delegation's conventions are no question of the template: say what they are.
            what = "one of the delegation's conventions" if loc[0] == "conventions" else "a question of this template"
            what = "a convention" if unknown else what
            if meant:
                message = f"is not {what}; did you mean '{meant}'?"
        if err["type"] == "literal_error":
            message = _not_a_choice(err.get("input"), str(err.get("ctx", {}).get("expected", "")))
        if err["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        elif err["type"].startswith("date_"):
            message = "expected a date written YYYY-MM-DD, e.g. 2014-09-08"
        problems.append(origin.problem(loc, message))
    return problems


def _not_a_choice(given: object, expected: str) -> str:
    """A value that is not one of a question's choices, in plain words, with the choice probably meant."""
    choices = re.findall(r"'([^']*)'", expected)
    meant = did_you_mean(str(given), choices)
    hint = f"; did you mean '{meant}'?" if meant else ""
    return f"'{given}' is not one of the choices{hint} (choices: {', '.join(choices)})"


def did_you_mean(name: str, known: Sequence[str]) -> str | None:
    """The known name closest to ``name`` (a misspelling, another case), or None when none is close."""
    folded = {k.casefold(): k for k in known}
    close = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def field_names(model: type[BaseModel], loc: Location) -> list[str]:
    """The fields allowed at ``loc`` inside ``model`` (list indexes skipped), or none when it is not a model."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return []
        current = _inner_model(current.model_fields[part].annotation)
    return list(current.model_fields) if current is not None else []


def _is_model(value: object) -> TypeGuard[type[BaseModel]]:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _inner_model(annotation: object) -> type[BaseModel] | None:
    """The model inside ``Annotated[list[Model] | None, …]`` and the like."""
    if _is_model(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None

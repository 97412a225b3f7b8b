"""Pydantic's validation errors turned into Problems that name the file, the line and the field."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from drafter.errors import Problem
from drafter.yamlio import LoadedYaml, Location, format_location

_MESSAGES = {
    "missing": "required answer is missing",
    "extra_forbidden": "is not a question of this template (a misspelt name?)",
}


def problems_from(
    error: ValidationError,
    source: LoadedYaml | None,
    bases: Sequence[Location] = ((),),
    prefix: Location = (),
) -> list[Problem]:
    """Turn pydantic's errors into Problems naming the file, line and field path.

    ``bases`` are where the answers stand in the file: an entry, then the defaults it was merged
    over; the first holding the field gives its line.
    """
    problems = []
    for err in error.errors():
        loc: Location = tuple(p for p in err["loc"] if isinstance(p, str | int))
        message = _MESSAGES.get(err["type"], err["msg"])
        if err["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        elif err["type"].startswith("date_"):
            message = "expected a date written YYYY-MM-DD, e.g. 2014-09-08"
        if source is not None:
            where = next((b for b in bases if loc and (*b, loc[0]) in source.positions), bases[0])
            problems.append(source.problem(loc, message, where, prefix))
        else:
            problems.append(Problem(message, field=format_location((*prefix, *loc)) or None))
    return problems

"""``when:`` conditions: Jinja expressions evaluated, sandboxed, on the answers given so far."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from drafter.errors import Problem, TemplateError

_ENV = ImmutableSandboxedEnvironment()


@lru_cache(maxsize=512)
def _compile(expression: str) -> Any:
    return _ENV.compile_expression(expression, undefined_to_none=True)


def check_condition(expression: str) -> None:
    """Raise TemplateError when ``expression`` is not a valid Jinja expression."""
    try:
        _compile(expression)
    except TemplateSyntaxError:
        raise TemplateError(
            Problem(
                f"'when: {expression}' is not a condition drafter can read (e.g. when: report_title, "
                "or when: vote == 'against')"
            )
        ) from None


def condition_holds(expression: str | None, answers: Mapping[str, Any]) -> bool:
    """True when there is no condition, or when it is true for ``answers`` (unknown names are empty)."""
    if not expression:
        return True
    check_condition(expression)
    try:
        return bool(_compile(expression)(**answers))
    except Exception as exc:
        raise TemplateError(Problem(f"'when: {expression}' failed: {exc}")) from exc

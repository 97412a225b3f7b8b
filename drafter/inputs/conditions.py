"""``when:`` conditions: Jinja expressions evaluated, sandboxed and bounded, on the answers given so far.

A condition comes from a template, which may come from anyone: it runs in the same bounded sandbox
as a statement (time, size, powers, nesting), and whatever stops it is one message naming the
``questions.yaml`` file, the line and the question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from jinja2 import TemplateSyntaxError
from jinja2.environment import TemplateExpression
from jinja2.exceptions import SecurityError

from drafter.errors import DrafterError, Problem, TemplateError
from drafter.inputs.sandbox import BoundedSandboxedEnvironment

_ENV = BoundedSandboxedEnvironment()


@lru_cache(maxsize=512)
def _compile(expression: str) -> TemplateExpression:
    return _ENV.compile_expression(expression, undefined_to_none=True)


def _problem(message: str, at: Problem | None) -> Problem:
    return Problem(message) if at is None else replace(at, message=message)


def check_condition(expression: str, at: Problem | None = None) -> None:
    """Raise TemplateError when ``expression`` is not a valid Jinja expression (``at``: where it is written)."""
    try:
        _compile(expression)
    except TemplateSyntaxError as exc:
        message = (
            f"'when: {_short(expression)}' is not a condition drafter can read ({exc.message}; write e.g. "
            "when: report_title, or when: vote == 'against')"
        )
        raise TemplateError(_problem(message, at)) from None


def condition_holds(expression: str | None, answers: Mapping[str, object], at: Problem | None = None) -> bool:
    """True when there is no condition, or when it is true for ``answers`` (unknown names are empty).

    ``at`` is where the condition is written (``Question.when_at``), named by every message about it.
    """
    if not expression:
        return True
    check_condition(expression, at)
    try:
        with _ENV.limits():
            return bool(_compile(expression)(**answers))
    except DrafterError as exc:
        reason = "; ".join(p.message for p in exc.problems)
        raise TemplateError(_problem(f"'when: {_short(expression)}' was stopped: {reason}", at)) from None
    except SecurityError as exc:
        raise TemplateError(_problem(f"'when: {_short(expression)}' was blocked by the sandbox: {exc}", at)) from None
    except Exception as exc:
        raise TemplateError(_problem(f"'when: {_short(expression)}' failed: {exc}", at)) from None


def _short(expression: str) -> str:
    """The condition as quoted in a message (a long one cut)."""
    return expression if len(expression) <= 80 else expression[:77] + "..."

"""The bounded sandbox in process: what it lets through, what it refuses, and the alarm behind the hooks."""

from __future__ import annotations

import signal
import time

import pytest
from jinja2 import StrictUndefined

from drafter.inputs.costs import percent_cost, replace_cost, spec_width
from drafter.inputs.sandbox import BoundedSandboxedEnvironment, RenderLimitError


def _environment(seconds: float = 5.0) -> BoundedSandboxedEnvironment:
    return BoundedSandboxedEnvironment(undefined=StrictUndefined, seconds=seconds)


ORDINARY = [
    ("{{ '{:,}'.format(amount) }}", "12,500,000,000"),
    ("{{ '%05.1f' % 3.14159 }}", "003.1"),
    ("{{ '%(d)s, %(d)s' % {'d': 'Norway'} }}", "Norway, Norway"),
    ("{{ 'Japan'|center(11) }}", "   Japan   "),
    ("{{ 'Senegal'.ljust(9, '.') }}", "Senegal.."),
    ("{{ ['Costa Rica', 'Norway']|join(' and ') }}", "Costa Rica and Norway"),
    ("{{ 'a b c'|replace(' ', ', ') }}", "a, b, c"),
    ("{{ 'one\ntwo'|indent(2, first=true) }}", "  one\n  two"),
    ("{{ (lipsum(2, false, 5, 6)|wordcount) > 5 }}", "True"),
    ("{{ 2 ** 64 }}", str(2**64)),
    ("{% for i in range(3) %}{{ loop.index }}{% endfor %}", "123"),
]


@pytest.mark.parametrize(("source", "expected"), ORDINARY)
def test_what_templates_ordinarily_do_is_let_through(source: str, expected: str) -> None:
    assert _environment().from_string(source).render(amount=12_500_000_000) == expected


def test_a_single_long_call_in_python_is_stopped_by_the_alarm() -> None:
    """No hook runs inside one long call; the alarm stops it shortly after the deadline."""
    env = _environment(seconds=0.3)

    def spin() -> None:
        until = time.monotonic() + 120  # without the alarm, the render ends and the test fails
        while time.monotonic() < until:
            pass

    env.globals["spin"] = spin
    with pytest.raises(RenderLimitError, match=r"longer than 0\.3 s"):
        env.from_string("{{ spin() }}").render()


def test_the_alarm_rings_again_when_the_first_ring_is_swallowed() -> None:
    env = _environment(seconds=0.2)
    rings: list[str] = []

    def stubborn() -> None:
        while len(rings) < 2:
            try:
                until = time.monotonic() + 120
                while time.monotonic() < until:
                    pass
            except RenderLimitError as exc:  # code that catches everything, once
                rings.append(str(exc))
        until = time.monotonic() + 120
        while time.monotonic() < until:
            pass

    env.globals["stubborn"] = stubborn
    with pytest.raises(RenderLimitError):
        env.from_string("{{ stubborn() }}").render()
    assert len(rings) == 2


def test_the_bounds_end_with_the_render() -> None:
    before = signal.getsignal(signal.SIGALRM)
    env = _environment(seconds=0.2)
    assert env.from_string("{{ 'x' * 10 }}").render() == "xxxxxxxxxx"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm is left to ring
    assert signal.getsignal(signal.SIGALRM) == before


@pytest.mark.parametrize(
    ("template", "values", "at_least"),
    [("%999d", 1, 999), ("%.50f", 1.0, 50), ("%*s", (70, "x"), 70), ("%(a)s%(a)s", {"a": "x" * 10}, 20)],
)
def test_percent_cost_counts_widths_and_values(template: str, values: object, at_least: int) -> None:
    cost = percent_cost(template, values)
    assert cost is not None
    assert cost >= at_least


def test_replace_and_spec_costs() -> None:
    assert replace_cost("abc", "", "xx") == 3 + 4 * 2
    assert replace_cost("aaaa", "a", "bbb", 2) == 4 + 2 * 2
    assert replace_cost("abc", "b", 1) is None
    assert spec_width(">999999999") == 999_999_999
    assert spec_width("9" * 40) > 10**11

"""What a call in a template would make, estimated before it runs.

A single call — ``'x'.center(10**9)``, ``'%999999999d' % 1``, ``lipsum(10**7)``, ``text|indent(10**8)`` —
runs in one step that no deadline can interrupt, so the sandbox asks here first how many characters
(or items) it would produce and refuses it when that is past its bound. The estimates are upper
bounds, cheap to compute (linear at worst in what the template already holds); None means "nothing
out of proportion to the inputs", and the result is still measured after the call.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Mapping, Sized

from jinja2.utils import generate_lorem_ipsum

# A number written with more digits than this is past every bound (and int() of thousands of digits is slow).
_DIGITS = 12
_HUGE = 10**_DIGITS
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.DOTALL)
_SPEC_NUMBER = re.compile(r"\d+")
_LOREM_WORD = 12  # characters a lorem ipsum word takes at most, with its space, punctuation and markup


def number(digits: str) -> int:
    """A run of digits as a number, capped where it is past every bound anyway."""
    return int(digits) if len(digits) <= _DIGITS else _HUGE


def _count(value: object) -> int:
    """An integer argument as a count (0 when it is not one)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def text_size(value: object) -> int:
    """How long ``value`` is when printed, at most (roughly, for containers)."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 2
    if isinstance(value, float):
        return 25
    if isinstance(value, Sized):
        return 8 * len(value) + 2
    return 100


def spec_width(spec: str) -> int:
    """The largest width or precision written in a ``format`` specification (``>999999999``, ``.5f``)."""
    return max((number(d) for d in _SPEC_NUMBER.findall(spec)), default=0)


def percent_cost(template: object, values: object) -> int | None:
    """``template % values``: the template, plus for each conversion its width, precision and longest value."""
    if isinstance(template, bytes):
        template = template.decode("latin-1")  # one character a byte: the same widths, the same length
    if not isinstance(template, str):
        return None
    items: list[object]
    if isinstance(values, tuple):
        items = list(values)
    elif isinstance(values, Mapping):
        items = list(values.values())
    else:
        items = [values]
    longest = max((text_size(v) for v in items), default=0)
    stars = sum(_count(v) for v in items)
    total = len(template)
    for width, precision, _ in _PERCENT.findall(template):
        total += longest
        for part in (width, precision):
            if part == "*":
                total += stars
            elif part:
                total += number(part)
    return total


# -- methods of the values a template holds ------------------------------------------------------------
def _padded(owner: str | bytes, args: tuple[object, ...], kwargs: Mapping[str, object]) -> int:
    return max(len(owner), _count(args[0] if args else kwargs.get("width")))


def _expanded(owner: str | bytes, args: tuple[object, ...], kwargs: Mapping[str, object]) -> int:
    tab = _count(args[0] if args else kwargs.get("tabsize", 8))
    tabs = owner.count("\t") if isinstance(owner, str) else owner.count(b"\t")
    return len(owner) + tabs * tab


def replace_cost(owner: object, old: object, new: object, count: object = -1) -> int | None:
    """``owner.replace(old, new, count)``: each ``old`` (each gap when it is empty) grows by the difference."""
    texts = str | bytes
    if not isinstance(owner, texts) or not isinstance(old, texts) or not isinstance(new, texts):
        return None
    found = _occurrences(owner, old) if type(old) is type(new) else None
    if found is None:
        return None
    limit = _count(count)
    if limit > 0 or count == 0:
        found = min(found, limit)
    return len(owner) + found * max(len(new) - len(old), 0)


def _occurrences(owner: str | bytes, old: str | bytes) -> int | None:
    """How often ``old`` is in ``owner`` (each gap when it is empty); None for a text in bytes or bytes in a text."""
    if not old:
        return len(owner) + 1
    if isinstance(owner, str):
        return owner.count(old) if isinstance(old, str) else None
    return owner.count(old) if isinstance(old, bytes) else None


def _replaced(owner: str | bytes, args: tuple[object, ...], kwargs: Mapping[str, object]) -> int | None:
    if len(args) < 2:
        return None
    return replace_cost(owner, args[0], args[1], args[2] if len(args) > 2 else kwargs.get("count", -1))


def join_cost(separator: object, items: object) -> int | None:
    """``separator.join(items)`` for a list or tuple of items."""
    if not isinstance(items, list | tuple):
        return None
    return sum(text_size(i) for i in items) + text_size(separator) * max(len(items) - 1, 0)


def _joined(owner: str | bytes, args: tuple[object, ...], kwargs: Mapping[str, object]) -> int | None:
    return join_cost(owner, args[0]) if args else None


def _translated(owner: str | bytes, args: tuple[object, ...], kwargs: Mapping[str, object]) -> int | None:
    table = args[0] if args else None
    if not isinstance(table, Mapping):
        return None
    longest = max((len(v) for v in table.values() if isinstance(v, str | bytes)), default=1)
    return len(owner) * max(longest, 1)


_TEXT_METHODS: dict[str, Callable[[str | bytes, tuple[object, ...], Mapping[str, object]], int | None]] = {
    "center": _padded,
    "ljust": _padded,
    "rjust": _padded,
    "zfill": _padded,
    "expandtabs": _expanded,
    "replace": _replaced,
    "join": _joined,
    "translate": _translated,
}


def method_cost(function: object, args: tuple[object, ...], kwargs: Mapping[str, object]) -> int | None:
    """What calling the bound method ``function`` would make, when it can make far more than its inputs."""
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if isinstance(owner, str | bytes) and name in _TEXT_METHODS:
        return _TEXT_METHODS[name](owner, args, kwargs)
    if isinstance(owner, int) and name == "to_bytes":
        return _count(args[0] if args else kwargs.get("length", 1))
    if isinstance(owner, dt.date | dt.time) and name == "strftime" and args and isinstance(args[0], str):
        return 40 * len(args[0])
    if function is generate_lorem_ipsum:
        return lorem_cost(args, kwargs)
    return None


def lorem_cost(args: tuple[object, ...], kwargs: Mapping[str, object]) -> int | None:
    """``lipsum(n, html, min, max)``: n paragraphs of up to ``max`` words."""
    try:
        bound = _LOREM.bind(*args, **kwargs)
    except TypeError:
        return None
    bound.apply_defaults()
    values = bound.arguments
    words = max(_count(values["min"]), _count(values["max"]))
    return _count(values["n"]) * words * _LOREM_WORD


_LOREM = inspect.signature(generate_lorem_ipsum)


# -- Jinja's filters -------------------------------------------------------------------------------------
def _lines(text: object) -> int:
    return text.count("\n") + 1 if isinstance(text, str) else 1


def _indent(a: Mapping[str, object]) -> int | None:
    width = a.get("width", 4)
    step = len(width) if isinstance(width, str) else _count(width)
    return text_size(a["s"]) + _lines(a["s"]) * step


def _wordwrap(a: Mapping[str, object]) -> int | None:
    size = text_size(a["s"])
    wrap = a.get("wrapstring")
    return size + (size // max(_count(a.get("width", 79)), 1) + 1) * (len(wrap) + 1 if isinstance(wrap, str) else 2)


def _sum(a: Mapping[str, object]) -> int | None:
    """Summing lists or texts copies the total once per item (builtin ``sum``)."""
    start = a.get("start", 0)
    items = a["iterable"]
    if isinstance(start, int | float) or not isinstance(items, list | tuple):
        return None
    return len(items) * (sum(text_size(i) for i in items) + text_size(start)) // 8


FILTER_COSTS: dict[str, Callable[[Mapping[str, object]], int | None]] = {
    "center": lambda a: max(text_size(a["value"]), _count(a.get("width", 80))),
    "indent": _indent,
    "wordwrap": _wordwrap,
    "format": lambda a: percent_cost(a["value"], a.get("kwargs") or a.get("args", ())),
    "replace": lambda a: replace_cost(a["s"], a["old"], a["new"], a.get("count") if a.get("count") is not None else -1),
    "join": lambda a: join_cost(a.get("d", ""), a["value"]),
    "batch": lambda a: _count(a["linecount"]),
    "slice": lambda a: _count(a["slices"]),
    "sum": _sum,
}
# Filters that run over their whole input at once: an iterator given to them is made a list first (its
# items counted), so that its size is known.
MATERIALISED = {"join": "value", "sum": "iterable"}

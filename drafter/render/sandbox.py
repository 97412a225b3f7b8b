"""A Jinja sandbox for templates drafter did not write: no escape, and bounded in time and size.

Jinja's own sandbox keeps a template away from Python's internals; this one also stops a template
that would run for ever or fill the memory — a loop of a billion turns, ``'x' * 10**9``, a macro or
an include that calls itself — with a message naming the limit, instead of waiting for it.
"""

from __future__ import annotations

import functools
import math
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import nodes
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from drafter.errors import Problem, TemplateSecurityError

RENDER_SECONDS = 5.0
MAX_OUTPUT_CHARS = 5_000_000
MAX_CALL_DEPTH = 100
MAX_POWER_BITS = 10_000
_LOOP_FILTER = "drafter_bounded_loop"
_SIZE_FILTER = "drafter_bounded_size"
_WIDTH_FILTERS = frozenset({"center", "indent", "format", "replace", "wordwrap", "truncate", "batch", "slice"})
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "replace", "format", "join"})


class RenderLimitError(TemplateSecurityError):
    """A template went past a time, size or depth bound."""


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict | set) else 0


class BoundedSandboxedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with a deadline, an output cap and a call-depth bound per render.

    Every ``for`` loop and every ``~`` concatenation is wrapped (at parse time) in a check; calls,
    the ``*``, ``**``, ``+`` and ``%`` operators and the filters that take a width are checked before
    and after; the output is counted as it is joined. Bounds hold only inside :meth:`limits`.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, seconds: float = RENDER_SECONDS, max_chars: int = MAX_OUTPUT_CHARS, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.seconds = seconds
        self.max_chars = max_chars
        self._deadline: float | None = None
        self._depth = 0
        for name, function in list(self.filters.items()):
            self.filters[name] = self._bounded_filter(name, function)
        self.filters[_LOOP_FILTER] = self._loop
        self.filters[_SIZE_FILTER] = self._checked

    # -- the bounds -----------------------------------------------------------------------------
    @contextmanager
    def limits(self) -> Iterator[None]:
        """Render inside: bounds apply, and running past one, recursing or running out of memory becomes a message."""
        if self._deadline is not None:  # a phrase rendered inside a statement: the statement's bounds hold
            yield
            return
        self._deadline = time.monotonic() + self.seconds
        self._depth = 0
        try:
            yield
        except RecursionError as exc:
            raise _limit("templates include, extend or call each other without end", exc) from None
        except MemoryError as exc:
            raise _limit("the template needs more memory than there is (a value grows without bound?)", exc) from None
        finally:
            self._deadline = None

    def _check_time(self) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise RenderLimitError(
                Problem(f"rendering took longer than {self.seconds:g} s and was stopped (a loop without end?)")
            )

    def _checked(self, value: Any) -> Any:
        if self._deadline is not None and _size(value) > self.max_chars:
            raise RenderLimitError(
                Problem(f"a value of more than {self.max_chars:,} characters or items was refused (a text that grows?)")
            )
        return value

    def _loop(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for count, item in enumerate(iterable):
            if not count & 255:
                self._check_time()
            yield item

    def concat(self, pieces: Iterable[str]) -> str:
        """Join rendered pieces, stopping at the deadline or the output cap."""
        out: list[str] = []
        total = 0
        for piece in pieces:
            total += len(piece)
            out.append(piece)
            if self._deadline is not None:
                if total > self.max_chars:
                    raise RenderLimitError(Problem(f"the output passed {self.max_chars:,} characters and was stopped"))
                # Loops and calls check the clock themselves; here every 64th piece is enough.
                if not len(out) & 63:
                    self._check_time()
        return "".join(out)

    # -- the sandbox's hooks --------------------------------------------------------------------
    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Calls (functions, methods, macros) check the deadline, their nesting and the size of what they make."""
        __self._check_time()
        if __self._deadline is not None:
            if getattr(__obj, "__name__", "") in _WIDTH_METHODS and isinstance(getattr(__obj, "__self__", None), str):
                __self._check_counts(args, kwargs)
            __self._depth += 1
            if __self._depth > MAX_CALL_DEPTH:
                raise RenderLimitError(
                    Problem(f"calls nested more than {MAX_CALL_DEPTH} deep (a macro that calls itself?)")
                )
        try:
            return __self._checked(super().call(__context, __obj, *args, **kwargs))
        finally:
            if __self._deadline is not None and __self._depth > 0:
                __self._depth -= 1

    def call_binop(self, context: Context, operator_name: str, left: Any, right: Any) -> Any:
        """``*`` and ``**`` are refused when their result would be huge; every result is size-checked."""
        self._check_time()
        if self._deadline is not None:
            if operator_name == "*":
                count, other = (right, left) if isinstance(right, int) else (left, right)
                if isinstance(count, int) and _size(other) * max(count, 0) > self.max_chars:
                    raise RenderLimitError(
                        Problem(f"a repetition of more than {self.max_chars:,} characters was refused")
                    )
            elif operator_name == "**" and _huge_power(left, right):
                raise RenderLimitError(Problem("a power too large to compute was refused"))
        return self._checked(super().call_binop(context, operator_name, left, right))

    def _check_counts(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > self.max_chars:
                raise RenderLimitError(Problem(f"a width or count above {self.max_chars:,} was refused"))

    def _bounded_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        counted = name in _WIDTH_FILTERS

        @functools.wraps(function)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            self._check_time()
            if counted and self._deadline is not None:
                self._check_counts(args[1:], kwargs)
            return self._checked(function(*args, **kwargs))

        return bounded

    # -- parsing ----------------------------------------------------------------------------------
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Wrap every loop's iterable and every ``~`` in a check, so that no loop or text runs unbounded."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _LOOP_FILTER, [], [], None, None, lineno=loop.iter.lineno)
        for parent in list(tree.find_all(nodes.Node)):
            for field in parent.fields:
                value = getattr(parent, field, None)
                if isinstance(value, nodes.Concat):
                    setattr(parent, field, _sized(value))
                elif isinstance(value, list):
                    value[:] = [_sized(v) if isinstance(v, nodes.Concat) else v for v in value]
        return tree


def _sized(node: nodes.Concat) -> nodes.Filter:
    return nodes.Filter(node, _SIZE_FILTER, [], [], None, None, lineno=node.lineno)


def _huge_power(base: Any, exponent: Any) -> bool:
    if not isinstance(base, int) or not isinstance(exponent, int) or exponent <= 0 or abs(base) < 2:
        return False
    return exponent * math.log2(abs(base)) > MAX_POWER_BITS


def _limit(message: str, exc: BaseException) -> RenderLimitError:
    """A bound's error at the innermost template line the failure passed through."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return RenderLimitError(Problem(message))
    return RenderLimitError(Problem(message, path=Path(frames[-1].filename), line=frames[-1].lineno))

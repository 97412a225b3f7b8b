"""A Jinja sandbox for templates drafter did not write: no escape, and bounded in time and size.

Jinja's own sandbox keeps a template away from Python's internals; this one also stops a template
that would run for ever or fill the memory — a loop of a billion turns, ``'x' * 10**9``, ``7 ** 10**8``,
``lipsum(10**7)``, ``'%999999999d' % 1``, a macro or an include that calls itself, an expression nested
a thousand deep — with a message naming the limit, instead of waiting for it. Every template made by
an environment of this class (a statement, a phrase, a ``when:`` condition) runs inside the bounds.

Three layers: a call that would make something huge is refused before it runs (``costs``); loops,
calls, filters and joins check a deadline; and, where the process allows it, an alarm stops a single
long call in Python code (a text wrapped a million times) shortly after the deadline.
"""

from __future__ import annotations

import functools
import inspect
import math
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import BuiltinMethodType, FrameType, MethodType
from typing import TypedDict, TypeGuard, TypeVar, Unpack

from jinja2 import BaseLoader, Environment, Template, TemplateSyntaxError, Undefined, nodes
from jinja2.environment import TemplateExpression
from jinja2.parser import Parser
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from markupsafe import Markup

from drafter.errors import Problem, TemplateSecurityError
from drafter.inputs.costs import FILTER_COSTS, MATERIALISED, method_cost, percent_cost, spec_width

RENDER_SECONDS = 5.0
MAX_OUTPUT_CHARS = 5_000_000
MAX_ITEMS = 1_000_000
MAX_CALL_DEPTH = 100
MAX_POWER_BITS = 10_000
MAX_NESTING = 50
MAX_SOURCE_CHARS = 1_000_000
# Everything one render makes, counted as it is made (characters of texts, items of lists): a loop that keeps
# a new text of millions of characters at every turn is stopped before it fills the memory.
MAX_MADE = 50 * MAX_OUTPUT_CHARS
# The alarm rings this long after the deadline: the hooks' own checks come first when they can.
_GRACE = 0.5
_LOOP_FILTER = "drafter_bounded_loop"
_SIZE_FILTER = "drafter_bounded_size"


class RenderLimitError(TemplateSecurityError):
    """A template went past a time, size or depth bound."""


_T = TypeVar("_T")


class EnvironmentOptions(TypedDict, total=False):
    """The options of Jinja's ``Environment`` that drafter's templates, phrases and conditions are made with."""

    loader: BaseLoader | None
    undefined: type[Undefined]
    finalize: Callable[..., object] | None
    autoescape: bool | Callable[[str | None], bool]
    trim_blocks: bool
    lstrip_blocks: bool
    keep_trailing_newline: bool


def _size(value: object) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict | set | frozenset) else 0


class BoundedTemplate(Template):
    """A template that renders inside its environment's bounds (a phrase inside a statement: the statement's)."""

    def render(self, *args: object, **kwargs: object) -> str:
        """Render within the bounds (see :meth:`BoundedSandboxedEnvironment.limits`)."""
        environment = self.environment
        if not isinstance(environment, BoundedSandboxedEnvironment):  # pragma: no cover - always made by one
            return super().render(*args, **kwargs)
        with environment.limits():
            return super().render(*args, **kwargs)


class BoundedSandboxedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with a deadline, an output cap and a call-depth bound per render.

    Every ``for`` loop and every ``~`` concatenation is wrapped (at parse time) in a check; calls,
    the ``*``, ``**``, ``+`` and ``%`` operators, ``str.format`` and the filters are checked before
    (what they would make) and after (what they made); the output is counted as it is joined.
    Bounds hold inside :meth:`limits`, which every template of this environment renders in.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    template_class = BoundedTemplate

    def __init__(
        self,
        *,
        seconds: float = RENDER_SECONDS,
        max_chars: int = MAX_OUTPUT_CHARS,
        **options: Unpack[EnvironmentOptions],
    ) -> None:
        super().__init__(**options)
        self.seconds = seconds
        self.max_chars = max_chars
        self._deadline: float | None = None
        self._depth = 0
        self._made = 0
        for name, function in list(self.filters.items()):
            self.filters[name] = self._bounded_filter(name, function)
        self.filters[_LOOP_FILTER] = self._loop
        self.filters[_SIZE_FILTER] = self._checked

    # -- the bounds -----------------------------------------------------------------------------
    @contextmanager
    def limits(self) -> Iterator[None]:
        """Run inside the bounds; running past one, recursing or running out of memory becomes a message."""
        if self._deadline is not None:  # a phrase rendered inside a statement: the statement's bounds hold
            yield
            return
        self._deadline = time.monotonic() + self.seconds
        self._depth = 0
        self._made = 0
        try:
            with _alarm(self.seconds + _GRACE, self._too_long):
                yield
        except RecursionError as exc:
            raise _limit(
                "nested without end (templates or macros including, extending or calling each other?)", exc
            ) from None
        except MemoryError as exc:
            raise _limit("the template needs more memory than there is (a value grows without bound?)", exc) from None
        finally:
            self._deadline = None

    def _too_long(self) -> RenderLimitError:
        return RenderLimitError(
            Problem(f"rendering took longer than {self.seconds:g} s and was stopped (a loop without end?)")
        )

    def _check_time(self) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise self._too_long()

    def _checked(self, value: _T) -> _T:
        if self._deadline is not None:
            size = _size(value)
            if isinstance(value, str | bytes):
                if size > self.max_chars:
                    raise RenderLimitError(
                        Problem(f"a text of more than {self.max_chars:,} characters was refused (a text that grows?)")
                    )
            elif size > MAX_ITEMS:
                raise RenderLimitError(Problem(f"a list of more than {MAX_ITEMS:,} items was refused"))
            self._made += size
            if self._made > MAX_MADE:
                raise RenderLimitError(
                    Problem(
                        f"the template made more than {MAX_MADE:,} characters and items in all (a text made again "
                        "and again?)"
                    )
                )
        return value

    def _refuse_cost(self, cost: int | None) -> None:
        """Refuse a call that would make more than the bound (``cost`` from ``costs``)."""
        if cost is not None and cost > self.max_chars:
            raise RenderLimitError(
                Problem(
                    f"a width or count that would make about {cost:,} characters was refused "
                    f"(at most {self.max_chars:,})"
                )
            )

    def _loop(self, iterable: Iterable[_T]) -> Iterator[_T]:
        for count, item in enumerate(iterable):
            if not count & 15:
                self._check_time()
            yield item

    def _listed(self, iterable: object) -> object:
        """An iterator's items as a list (bounded), so that what a call makes of them can be estimated."""
        if isinstance(iterable, str | bytes | list | tuple | Mapping) or not isinstance(iterable, Iterable):
            return iterable
        items: list[object] = []
        for item in self._loop(iterable):
            items.append(item)
            if len(items) > MAX_ITEMS:
                self._checked(items)
        return items

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
    def call(__self, __context: Context, __obj: object, *args: object, **kwargs: object) -> object:  # noqa: N805
        """Calls (functions, methods, macros) check the deadline, their nesting and what they would make."""
        __self._check_time()
        if __self._deadline is not None:
            if args and getattr(__obj, "__name__", "") == "join" and isinstance(getattr(__obj, "__self__", None), str):
                args = (__self._listed(args[0]), *args[1:])
            __self._refuse_cost(method_cost(__obj, args, kwargs))
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

    def call_binop(self, context: Context, operator_name: str, left: object, right: object) -> object:
        """``*``, ``**`` and ``%`` are refused when their result would be huge; every result is size-checked."""
        self._check_time()
        if self._deadline is not None:
            if operator_name == "*":
                self._check_product(left, right)
            elif operator_name == "**" and _huge_power(left, right):
                raise RenderLimitError(Problem("a power too large to compute was refused"))
            elif operator_name == "%":
                self._refuse_cost(percent_cost(left, right))
        return self._checked(super().call_binop(context, operator_name, left, right))

    def _check_product(self, left: object, right: object) -> None:
        if _is_int(left) and _is_int(right):
            if left.bit_length() + right.bit_length() > MAX_POWER_BITS:
                raise RenderLimitError(Problem("a product too large to compute was refused"))
            return
        count, other = (right, left) if _is_int(right) else (left, right)
        if _is_int(count) and _size(other) * max(count, 0) > self.max_chars:
            raise RenderLimitError(Problem(f"a repetition of more than {self.max_chars:,} characters was refused"))

    def wrap_str_format(self, value: object) -> Callable[..., str] | None:
        """``str.format`` and ``str.format_map`` through a formatter that checks every field's width and size."""
        # Jinja wraps a text's own bound format or format_map; after it, the type is narrowed to say so.
        if super().wrap_str_format(value) is None or not isinstance(value, MethodType | BuiltinMethodType):
            return None
        owner = value.__self__
        if not isinstance(owner, str):
            return None
        formatter: _BoundedFormatter | _BoundedEscapeFormatter
        if isinstance(owner, Markup):
            formatter = _BoundedEscapeFormatter(self, escape=owner.escape)
        else:
            formatter = _BoundedFormatter(self)
        is_map = value.__name__ == "format_map"

        def wrapper(*args: object, **kwargs: object) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                return type(owner)(formatter.vformat(owner, (), args[0]))
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return functools.update_wrapper(wrapper, value)

    def check_field(self, spec: str, made: str | None = None, total: int = 0) -> None:
        """A ``format`` field: its width before it is made, the text made so far after."""
        self._check_time()
        if self._deadline is None:
            return
        if made is None:
            self._refuse_cost(spec_width(spec))
        elif total > self.max_chars:
            raise RenderLimitError(Problem(f"a text of more than {self.max_chars:,} characters was refused"))

    def _bounded_filter(self, name: str, function: Callable[..., object]) -> Callable[..., object]:
        cost = FILTER_COSTS.get(name)
        signature = inspect.signature(function) if cost is not None else None
        listed = MATERIALISED.get(name)

        @functools.wraps(function)
        def bounded(*args: object, **kwargs: object) -> object:
            self._check_time()
            if cost is not None and signature is not None and self._deadline is not None:
                try:
                    bound = signature.bind(*args, **kwargs)
                except TypeError:
                    pass  # the filter says what is wrong with its arguments
                else:
                    if listed in bound.arguments:
                        bound.arguments[listed] = self._listed(bound.arguments[listed])
                    self._refuse_cost(cost(bound.arguments))
                    args, kwargs = bound.args, bound.kwargs
            result = function(*args, **kwargs)
            if isinstance(result, Iterator) and self._deadline is not None:
                return self._loop(result)
            return self._checked(result)

        return bounded

    # -- parsing ----------------------------------------------------------------------------------
    def compile_expression(self, source: str, undefined_to_none: bool = True) -> TemplateExpression:
        """A ``when:`` condition compiled; one nested past what the parser can follow is a syntax error."""
        try:
            return super().compile_expression(source, undefined_to_none)
        except (RecursionError, MemoryError):
            raise TemplateSyntaxError(f"expressions nested more than {MAX_NESTING} deep", 1) from None

    def _generate(
        self, source: nodes.Template, name: str | None, filename: str | None, defer_init: bool = False
    ) -> str:
        """Every tree is checked for nesting before it is compiled (templates, phrases and conditions alike)."""
        _check_nesting(source, name, filename)
        return super()._generate(source, name, filename, defer_init)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse within bounds (size), then wrap every loop's iterable, every ``~`` and every slice in a check."""
        if len(source) > MAX_SOURCE_CHARS:
            message = f"the template is {len(source):,} characters long; at most {MAX_SOURCE_CHARS:,} are read"
            raise TemplateSyntaxError(message, 1, name, filename)
        parser = Parser(self, source, name, filename)
        try:
            tree = parser.parse()
        except (RecursionError, MemoryError):
            message = f"expressions or blocks nested more than {MAX_NESTING} deep"
            raise TemplateSyntaxError(message, parser.stream.current.lineno, name, filename) from None
        except ValueError as exc:  # a number of thousands of digits
            raise TemplateSyntaxError(f"cannot be read: {exc}", parser.stream.current.lineno, name, filename) from None
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _LOOP_FILTER, [], [], None, None, lineno=loop.iter.lineno)
        # ``~`` and slices (which Jinja compiles to plain Python, past every hook) make new values: each is measured.
        for parent in list(tree.find_all(nodes.Node)):
            for field in parent.fields:
                value = getattr(parent, field, None)
                if _makes_a_value(value):
                    setattr(parent, field, _sized(value))
                elif isinstance(value, list):
                    value[:] = [_sized(v) if _makes_a_value(v) else v for v in value]
        return tree


class _FieldCounter:
    """Checks each field a ``format`` call makes, and the total."""

    _env: Environment
    _made = 0

    def format_field(self, value: object, format_spec: str) -> str:
        env = self._env
        assert isinstance(env, BoundedSandboxedEnvironment)
        env.check_field(format_spec)
        made: str = super().format_field(value, format_spec)  # type: ignore[misc]
        self._made += len(made)
        env.check_field(format_spec, made, self._made)
        return made

    def vformat(self, format_string: str, args: Sequence[object], kwargs: object) -> str:
        """``kwargs``: the keyword arguments, or what ``format_map`` was given (its fields are looked up in it)."""
        self._made = 0
        return super().vformat(format_string, args, kwargs)  # type: ignore[misc, no-any-return]


class _BoundedFormatter(_FieldCounter, SandboxedFormatter):
    """``str.format`` in the sandbox, bounded."""


class _BoundedEscapeFormatter(_FieldCounter, SandboxedEscapeFormatter):
    """``Markup.format`` in the sandbox (escaping its values), bounded."""


def _check_nesting(tree: nodes.Node, name: str | None, filename: str | None) -> None:
    """Refuse expressions or blocks nested deeper than ``MAX_NESTING`` (compiling them would overflow)."""
    stack: list[tuple[nodes.Node, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            message = f"expressions or blocks nested more than {MAX_NESTING} deep"
            raise TemplateSyntaxError(message, getattr(node, "lineno", 1) or 1, name, filename)
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())


@contextmanager
def _alarm(seconds: float, expired: Callable[[], Exception]) -> Iterator[None]:
    """Raise ``expired()`` after ``seconds`` even inside one long call in Python code (main thread only,
    where signals are delivered, and only when nothing else uses SIGALRM)."""
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )
    if not usable:
        yield
        return

    def ring(signum: int, frame: FrameType | None) -> None:
        raise expired()

    previous = signal.signal(signal.SIGALRM, ring)
    # It rings again every half second: code that swallowed the first ring (``except Exception``) hears the next.
    signal.setitimer(signal.ITIMER_REAL, seconds, _GRACE)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _makes_a_value(node: object) -> TypeGuard[nodes.Expr]:
    return isinstance(node, nodes.Concat) or (isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Slice))


def _sized(node: nodes.Expr) -> nodes.Filter:
    return nodes.Filter(node, _SIZE_FILTER, [], [], None, None, lineno=node.lineno)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _huge_power(base: object, exponent: object) -> bool:
    if not _is_int(base) or not _is_int(exponent) or exponent <= 0 or abs(base) < 2:
        return False
    return bool(exponent * math.log2(abs(base)) > MAX_POWER_BITS)


def _limit(message: str, exc: BaseException) -> RenderLimitError:
    """A bound's error at the innermost template line the failure passed through."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return RenderLimitError(Problem(message))
    return RenderLimitError(Problem(message, path=Path(frames[-1].filename), line=frames[-1].lineno))

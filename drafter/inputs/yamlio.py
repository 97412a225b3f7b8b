"""Safe YAML reading that remembers where every value stands, and plain YAML writing.

Reading is bounded: a file is refused, with its line, before it can take long or much memory —
too large, nested too deep, a value too long, or aliases that would expand it ("billion laughs").
LibYAML's C parser is used when it is installed; positions come from its marks either way.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import stat
import sys
from collections import ChainMap
from collections.abc import Callable, Generator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeAlias, cast

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from drafter.errors import InputError, Problem
from drafter.inputs.yamlhelp import plain_yaml_problem

if TYPE_CHECKING:
    from yaml._yaml import Mark as LibYamlMark
    from yaml.error import Mark as PyYamlMark

    Mark: TypeAlias = PyYamlMark | LibYamlMark
    """Where an event or a node starts or ends: PyYAML's own parser and LibYAML's make marks of two classes."""

YamlScalar: TypeAlias = "str | int | float | bool | dt.date | dt.datetime | bytes | None"
"""A value YAML writes alone: a text, a number, true or false, a date (with a time: a ``dt.datetime``),
base64 data (``!!binary``), or null."""
YamlValue: TypeAlias = (
    "YamlScalar | list[YamlValue] | dict[str, YamlValue] | set[YamlScalar] | tuple[YamlValue, YamlValue]"
)
"""What safe YAML reading makes of a document: scalars, lists and mappings nested, and, where a file asks
for them, ``!!set`` (a set) and ``!!omap`` or ``!!pairs`` (a list of key-value tuples). Keys are typed as
text, as answers and templates name them; a key written as a number or a date stays one, and validation
names it."""
Location = tuple[str | int, ...]
MAX_YAML_BYTES = 64_000_000
MAX_DEPTH = 100
MAX_VALUES = 1_000_000
DENSE_AFTER = 50_000
MIN_CHARS_PER_VALUE = 6
MAX_VALUE_CHARS = 1_000_000
MAX_TEXT_CHARS = MAX_YAML_BYTES


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass
class LoadedYaml:
    """Data read from a YAML file, with the position of each mapping key and list item."""

    # A YamlValue, not declared as one while its readers take it for what they expect unchecked (an answers
    # file's mapping handed on as answers before validation): declared, it names each of them.
    data: Any
    path: Path
    positions: Mapping[Location, Position] = field(default_factory=dict)

    def locate(self, loc: Location) -> Position | None:
        """Return the position of the deepest known prefix of ``loc``."""
        for end in range(len(loc), -1, -1):
            found = self.positions.get(tuple(loc[:end]))
            if found is not None:
                return found
        return None

    def problem(self, loc: Location, message: str) -> Problem:
        """A Problem naming this file, the line of the value at ``loc`` and its field path."""
        return Origin(self).problem(loc, message)


@dataclass(frozen=True)
class Origin:
    """Where a set of answers came from, made once per set: the file, where they stand in it, and the
    field path they have in messages.

    ``bases`` are where the answers' keys stand: a batch entry, then the defaults it was merged over; a
    key's line is taken from the first that holds it. ``prefix`` is the answers' own place
    (``statements[3]``), put in front of every field path.
    """

    source: LoadedYaml | None = None
    bases: tuple[Location, ...] = ((),)
    prefix: Location = ()

    def problem(self, loc: Location, message: str) -> Problem:
        """A Problem at the answer ``loc``: its file, line and column when known, and its field path."""
        field_path = format_location((*self.prefix, *loc)) or None
        if self.source is None:
            return Problem(message, field=field_path)
        positions = self.source.positions
        base = next((b for b in self.bases if loc and (*b, loc[0]) in positions), self.bases[0])
        pos = self.source.locate((*base, *loc))
        line, column = (pos.line, pos.column) if pos else (None, None)
        return Problem(message, path=self.source.path, line=line, column=column, field=field_path)


def format_location(loc: Location) -> str:
    """Render a field path: ``actions[2].points[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _mark_position(mark: Mark | None) -> Position | None:
    return Position(mark.line + 1, mark.column + 1) if mark is not None else None


def _problem_at(message: str, path: Path, mark: Mark | None, field: str | None = None) -> Problem:
    pos = _mark_position(mark)
    return Problem(message, path=path, line=pos.line if pos else None, column=pos.column if pos else None, field=field)


def _as_pyyaml(mark: Mark | None) -> PyYamlMark | None:
    """``mark`` where types-PyYAML wants one (a node's, an error's): it names PyYAML's own class only, though
    PyYAML itself puts LibYAML's marks there too, which have the same fields."""
    return cast("PyYamlMark | None", mark)


def _value_event(event: Event) -> ScalarEvent | CollectionStartEvent:
    """``event``, which starts a value that is no alias: a scalar, a list or a mapping (the parser gives no other
    event where a value is expected)."""
    if isinstance(event, ScalarEvent | CollectionStartEvent):
        return event
    raise ComposerError("expected a value", _as_pyyaml(event.start_mark), f"found {type(event).__name__}", None)


class _BoundedComposer(Composer):
    """Builds the node graph, and the position of every key and list item, within bounds.

    A value reached through an alias counts again (the data does hold it again once validated and
    rendered), so nine lines of nested aliases are refused at the alias that crosses the bound, and a
    value reached through an alias is not entered again for positions.
    """

    if TYPE_CHECKING:  # provided by the parser and the resolver it is mixed with

        def get_event(self) -> Event: ...
        def peek_event(self) -> Event: ...
        def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool] | bool) -> str: ...
        def construct_document(self, node: yaml.Node) -> YamlValue: ...
        def construct_object(self, node: yaml.Node, deep: bool = False) -> YamlValue: ...

    def _start_bounds(self, path: Path) -> None:
        self.anchors: dict[str, yaml.Node] = {}
        self.path = path
        self.positions: dict[Location, Position] = {}
        self._values = 0
        self._written = 0
        self._chars = 0
        self._sizes: dict[str, tuple[int, int]] = {}

    def compose_document(self) -> yaml.Node:
        self.get_event()
        start = self.peek_event().start_mark
        if start is not None:
            self.positions[()] = Position(start.line + 1, start.column + 1)
        node = self._compose((), 1)
        self.get_event()
        self.anchors = {}
        return node

    def _refuse(self, message: str, mark: Mark | None, loc: Location | None = None) -> InputError:
        return InputError(_problem_at(message, self.path, mark, format_location(loc) if loc else None))

    def _compose(self, loc: Location | None, depth: int) -> yaml.Node:
        """One node; ``loc`` is its field path, or None inside a mapping key."""
        started = self.get_event()
        if isinstance(started, AliasEvent):
            return self._alias(started, loc)
        event = _value_event(started)
        mark = event.start_mark
        if depth > MAX_DEPTH:
            raise self._refuse(f"nested more than {MAX_DEPTH} levels deep", mark, loc)
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            raise self._refuse(f"the anchor &{anchor} is defined twice; rename one", mark, loc)
        values, chars = self._values, self._chars
        node = self._scalar(event, loc) if isinstance(event, ScalarEvent) else self._collection(event, loc, depth)
        if anchor is not None:
            self.anchors[anchor] = node
            self._sizes[anchor] = (self._values - values, self._chars - chars)
        return node

    def _tag(self, event: ScalarEvent | CollectionStartEvent, kind: type[yaml.Node], value: str | None) -> str:
        tag = event.tag
        return str(self.resolve(kind, value, event.implicit)) if tag is None or tag == "!" else str(tag)

    def _scalar(self, event: ScalarEvent, loc: Location | None) -> yaml.Node:
        length = len(event.value)
        if length > MAX_VALUE_CHARS:
            message = f"a value of {length:,} characters; at most {MAX_VALUE_CHARS:,} are allowed"
            raise self._refuse(message, event.start_mark, loc)
        self._add(1, length, event.start_mark, loc)
        tag = self._tag(event, yaml.ScalarNode, event.value)
        start, end = _as_pyyaml(event.start_mark), _as_pyyaml(event.end_mark)
        node = yaml.ScalarNode(tag, event.value, start, end, style=event.style)
        if tag in _READ_AS:
            self._construct_scalar(node, loc)
        return node

    def _construct_scalar(self, node: yaml.ScalarNode, loc: Location | None) -> None:
        """Build a number, a date or a truth value now, where its field is known: 2014-02-30, or a number of
        thousands of digits, is refused with its line and field (the value is kept for the document's build)."""
        try:
            self.construct_object(node)
        except yaml.YAMLError:
            raise
        except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
            raise self._refuse(_unreadable(node, exc), node.start_mark, loc) from None

    def _collection(self, event: CollectionStartEvent, loc: Location | None, depth: int) -> yaml.Node:
        """A sequence or a mapping, registered under its anchor before its items (so an alias inside is caught)."""
        mark = event.start_mark
        self._add(1, 0, mark, loc)
        node: yaml.Node
        start = _as_pyyaml(mark)
        if type(event) is SequenceStartEvent:
            node = yaml.SequenceNode(self._tag(event, yaml.SequenceNode, None), [], start, None, event.flow_style)
        else:
            node = yaml.MappingNode(self._tag(event, yaml.MappingNode, None), [], start, None, event.flow_style)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        if isinstance(node, yaml.SequenceNode):
            self._items(node, loc, depth)
        else:
            self._pairs(node, loc, depth)
        return node

    def _alias(self, event: AliasEvent, loc: Location | None) -> yaml.Node:
        anchor = str(event.anchor)
        node = self.anchors.get(anchor)
        if node is None:
            raise self._refuse(f"the alias *{anchor} names no anchor (&{anchor}) before it", event.start_mark, loc)
        size = self._sizes.get(anchor)
        if size is None:
            raise self._refuse(f"the alias *{anchor} refers to the value that contains it", event.start_mark, loc)
        self._add(size[0], size[1], event.start_mark, loc, anchor)
        return node

    def _items(self, node: yaml.SequenceNode, loc: Location | None, depth: int) -> None:
        items: list[yaml.Node] = node.value
        while type(self.peek_event()) is not SequenceEndEvent:
            child: Location | None = None
            if loc is not None:
                child = (*loc, len(items))
                start = self.peek_event().start_mark
                if start is not None:
                    self.positions[child] = Position(start.line + 1, start.column + 1)
            items.append(self._compose(child, depth + 1))
        node.end_mark = self.get_event().end_mark

    def _pairs(self, node: yaml.MappingNode, loc: Location | None, depth: int) -> None:
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        seen: set[str] = set()
        while type(self.peek_event()) is not MappingEndEvent:
            key_node = self._compose(None, depth + 1)
            child: Location | None = None
            if loc is not None and isinstance(key_node, yaml.ScalarNode):
                key = str(key_node.value)
                child = (*loc, key)
                if key in seen and key != "<<":
                    raise self._refuse(f"the key '{key}' appears twice; keep one", key_node.start_mark, child)
                seen.add(key)
                start = key_node.start_mark
                if start is not None:
                    self.positions[child] = Position(start.line + 1, start.column + 1)
            pairs.append((key_node, self._compose(child, depth + 1)))
        node.end_mark = self.get_event().end_mark

    def stream_parts(self, key: str) -> Iterator[Part]:
        """The document in parts: see ``stream_yaml``."""
        self.get_event()
        if type(self.peek_event()) is StreamEndEvent:
            yield Part("whole", None, LoadedYaml(None, self.path, {}))
            return
        self.get_event()
        start = self.peek_event().start_mark
        if start is not None:
            self.positions[()] = Position(start.line + 1, start.column + 1)
        event = self.get_event()
        if type(event) is MappingStartEvent and event.anchor is None and event.tag in (None, "!", _MAP_TAG):
            rest = yaml.MappingNode(_MAP_TAG, [], _as_pyyaml(event.start_mark), None, event.flow_style)
            self._add(1, 0, event.start_mark, ())
            streamed = yield from self._stream_pairs(rest, key)
            rest.end_mark = self.get_event().end_mark
            node: yaml.Node = rest
        else:
            node = self._compose_started(event)
            streamed = False
        self._end_document()
        data = self.construct_document(node)
        yield Part("rest" if streamed else "whole", None, LoadedYaml(data, self.path, self.positions))

    def _compose_started(self, event: Event) -> yaml.Node:
        """The top-level node whose first event is already read (as ``_compose`` would make it)."""
        if isinstance(event, AliasEvent):
            return self._alias(event, ())
        started = _value_event(event)
        node = self._scalar(started, ()) if isinstance(started, ScalarEvent) else self._collection(started, (), 1)
        if started.anchor is not None:
            self._sizes[started.anchor] = (self._values, self._chars)
        return node

    def _end_document(self) -> None:
        end = self.get_event()
        if type(self.peek_event()) is not StreamEndEvent:
            raise ComposerError(
                "expected a single document in the stream",
                _as_pyyaml(end.start_mark),
                "but found another document",
                _as_pyyaml(self.peek_event().start_mark),
            )
        self.anchors = {}

    def _stream_pairs(self, rest: yaml.MappingNode, key: str) -> Generator[Part, None, bool]:
        """The top-level pairs: the list under ``key`` item by item, the other pairs kept in ``rest``."""
        pairs: list[tuple[yaml.Node, yaml.Node]] = rest.value
        seen: set[str] = set()
        streamed = False
        while type(self.peek_event()) is not MappingEndEvent:
            key_node = self._compose(None, 2)
            child: Location | None = None
            if isinstance(key_node, yaml.ScalarNode):
                name = str(key_node.value)
                child = (name,)
                if name in seen and name != "<<":
                    raise self._refuse(f"the key '{name}' appears twice; keep one", key_node.start_mark, child)
                seen.add(name)
                self.positions[child] = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if name == key and not streamed and key_node.tag == _STR_TAG and self._plain_list_next():
                    yield Part("head", None, LoadedYaml(self.construct_document(rest), self.path, self.positions))
                    yield from self._stream_items(child)
                    streamed = True
                    continue
            pairs.append((key_node, self._compose(child, 2)))
        return streamed

    def _plain_list_next(self) -> bool:
        event = self.peek_event()
        return type(event) is SequenceStartEvent and event.anchor is None and event.tag in (None, "!", _SEQ_TAG)

    def _stream_items(self, loc: Location) -> Iterator[Part]:
        """Each item of a list, composed and constructed alone, with its own positions only."""
        self._add(1, 0, self.get_event().start_mark, loc)
        shared = self.positions
        index = 0
        while type(self.peek_event()) is not SequenceEndEvent:
            child = (*loc, index)
            start = self.peek_event().start_mark
            self.positions = {child: Position(start.line + 1, start.column + 1)} if start is not None else {}
            try:
                node = self._compose(child, 3)
            finally:
                own, self.positions = self.positions, shared
            yield Part("item", index, LoadedYaml(self.construct_document(node), self.path, ChainMap(own, shared)))
            index += 1
        self.get_event()

    def _add(self, values: int, chars: int, mark: Mark | None, loc: Location | None, alias: str | None = None) -> None:
        self._values += values
        self._chars += chars
        if alias is None:
            self._written += 1
        if self._values > MAX_VALUES or self._chars > MAX_TEXT_CHARS:
            what = f"{MAX_VALUES:,} values" if self._values > MAX_VALUES else f"{MAX_TEXT_CHARS:,} characters"
            if alias is not None:
                raise self._refuse(
                    f"the alias *{alias} expands the file beyond {what} (aliases nested in aliases, a 'billion "
                    "laughs'?); write the values out or use fewer aliases",
                    mark,
                    loc,
                )
            raise self._refuse(f"the file holds more than {what}; split it into several files", mark, loc)
        index = mark.index if mark is not None else 0
        if self._written > DENSE_AFTER and self._written * MIN_CHARS_PER_VALUE > index:
            raise self._refuse(
                f"{self._written:,} values in the first {index:,} characters: answers hold texts, not long "
                "lists of tiny values; drafter refuses a structure this large",
                mark,
                loc,
            )


_READ_AS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:binary": "base64 data",
}


def _unreadable(node: yaml.ScalarNode, exc: Exception) -> str:
    value = str(node.value)
    shown = value if len(value) <= 40 else f"{value[:20]}…{value[-10:]} ({len(value):,} characters)"
    if node.tag == "tag:yaml.org,2002:int" and isinstance(exc, ValueError) and "digits" in str(exc):
        limit = sys.get_int_max_str_digits()
        return f"a number of {sum(c.isdigit() for c in value):,} digits is too long; at most {limit:,} are read"
    if node.tag == "tag:yaml.org,2002:timestamp":
        reason = str(exc) if isinstance(exc, ValueError) else "not a date"
        return f"'{shown}' is not a real date ({reason}); write dates as YYYY-MM-DD, e.g. 2014-09-08"
    return f"'{shown}' cannot be read as {_READ_AS[node.tag]}"


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Part:
    """A piece of a file read by ``stream_yaml``.

    ``kind`` is ``head`` (the top-level keys before the streamed list), ``item`` (one of its items, at
    ``index``), ``rest`` (every top-level key but the streamed list, once the file is read) or ``whole``
    (the whole document, when there was no list to stream).
    """

    kind: str
    index: int | None
    loaded: LoadedYaml


class _PurePythonLoader(_BoundedComposer, yaml.SafeLoader):
    """PyYAML's own safe loader, bounded."""

    def __init__(self, text: str | BinaryIO, path: Path) -> None:
        yaml.SafeLoader.__init__(self, text)
        self._start_bounds(path)


_Loader: type[_PurePythonLoader | _LibYamlLoader] = _PurePythonLoader
if getattr(yaml, "__with_libyaml__", False):

    class _LibYamlLoader(_BoundedComposer, yaml.CSafeLoader):
        """LibYAML's C scanner and parser (with marks), composed and bounded here, constructed safely."""

        def __init__(self, text: str | BinaryIO, path: Path) -> None:
            yaml.CSafeLoader.__init__(self, text)
            self._start_bounds(path)

    _Loader = _LibYamlLoader


def _reader_problem(exc: yaml.reader.ReaderError, text: str, path: Path) -> InputError:
    position = exc.position
    if _Loader is not _PurePythonLoader:
        # LibYAML counts bytes of the UTF-8 encoding, not characters.
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    hint = " (is the file UTF-16 without a byte order mark? save it as UTF-8)" if code == 0 else ""
    return InputError(
        Problem(f"the control character U+{code:04X} is not allowed{hint}", path=path, line=line, column=column)
    )


@contextmanager
def _yaml_errors(text: Callable[[], str], path: Path) -> Iterator[None]:
    """Turn what the parser raises into an InputError with the file, line and column."""
    try:
        yield
    except yaml.MarkedYAMLError as exc:
        reason = exc.problem or "not valid YAML"
        if "maximum nesting depth" in reason:
            # Newer LibYAML stops deep nesting itself, before drafter's own bound: say it the same way.
            raise InputError(_problem_at(f"nested more than {MAX_DEPTH} levels deep", path, exc.problem_mark)) from None
        raise InputError(plain_yaml_problem(exc, text(), path)) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(exc, text(), path) from None
    except OSError as exc:
        raise InputError(Problem(f"cannot read: {exc.strerror}", path=path)) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(f"not valid YAML: {exc}", path=path)) from None
    except RecursionError:
        raise InputError(Problem(f"nested more than {MAX_DEPTH} levels deep", path=path)) from None


def parse_yaml(text: str, path: Path) -> LoadedYaml:
    """Parse YAML text safely; raise InputError with the file, line and column of a syntax error or a bound."""
    try:
        loader = _Loader(text, path)
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(exc, text, path) from None
    try:
        with _yaml_errors(lambda: text, path):
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return LoadedYaml(data, path, loader.positions if node is not None else {})


def stream_yaml(path: Path, key: str) -> Iterator[Part]:
    """Read a YAML file in parts, so that a long list under the top-level ``key`` is never held whole.

    When the top level is a mapping and ``key`` holds a plain list, the parts are: ``head`` (the keys
    before it), each ``item`` of the list (its data, and positions for its own values and the shared
    keys), then ``rest`` (every other key). Otherwise one ``whole`` part, as ``load_yaml`` reads it.
    Bounds count over the whole file, and anchors stay usable from one item to the next. With LibYAML,
    a UTF-8 file is checked, then parsed from the file itself: its text is never held in memory.
    """
    handle = _utf8_file(path) if _Loader is not _PurePythonLoader else None
    source: str | BinaryIO = handle if handle is not None else read_text(path)
    try:
        with _yaml_errors(lambda: source if isinstance(source, str) else read_text(path), path):
            loader = _Loader(source, path)
            try:
                yield from loader.stream_parts(key)
            finally:
                loader.dispose()
    finally:
        if handle is not None:
            handle.close()


def _utf8_file(path: Path) -> BinaryIO | None:
    """The file open at its start when it is UTF-8 without a byte order mark and within the size bound;
    None when it must be read as text instead (where a wrong byte is reported)."""
    handle = os.fdopen(_open_regular(path), "rb")
    try:
        first = handle.read(4)
        if first.startswith(tuple(bom for bom, _ in _BOMS)) or b"\0" in first[:2]:
            handle.close()
            return None
        decoder = codecs.getincrementaldecoder("utf-8")()
        size = len(first)
        decoder.decode(first)
        while chunk := handle.read(1 << 20):
            size += len(chunk)
            if size > MAX_YAML_BYTES:
                raise InputError(Problem(f"file is larger than {MAX_YAML_BYTES:,} bytes", path=path))
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        handle.seek(0)
    except UnicodeDecodeError:
        handle.close()
        return None
    except OSError as exc:
        handle.close()
        raise InputError(Problem(f"cannot read: {exc.strerror}", path=path)) from None
    except BaseException:
        handle.close()
        raise
    return handle


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 text (or UTF-16/32 with a byte order mark, as YAML allows); a wrong byte is named by line and column."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    if encoding == "utf-8" and b"\0" in data[:2]:
        message = "looks like UTF-16 text without a byte order mark; save the file as UTF-8"
        raise InputError(Problem(message, path=path, line=1))
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        label = "UTF-8" if encoding == "utf-8" else encoding.upper()
        message = f"not {label} text: byte 0x{byte} cannot be read (save the file as UTF-8)"
        raise InputError(Problem(message, path=path, line=line, column=column)) from None


def _open_regular(path: Path) -> int:
    """A descriptor open on ``path`` for reading, refused unless it is a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError(Problem("no such file", path=path)) from None
    except IsADirectoryError:
        raise InputError(Problem("is a folder, not a file", path=path)) from None
    except OSError as exc:
        raise InputError(Problem(f"cannot read: {exc.strerror}", path=path)) from None
    try:
        mode = os.fstat(fd).st_mode
    except OSError as exc:
        os.close(fd)
        raise InputError(Problem(f"cannot read: {exc.strerror}", path=path)) from None
    if stat.S_ISDIR(mode) or not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise InputError(Problem("is a folder, not a file", path=path))
        raise InputError(Problem("is not a regular file (a FIFO, device or socket); give a YAML file", path=path))
    return fd


def read_bytes(path: Path) -> bytes:
    """Read a file's bytes (at most ``MAX_YAML_BYTES``), turning every way it can fail into an InputError.

    Only regular files are read: a FIFO or a device (``/dev/zero``) is refused without waiting on it.
    """
    fd = _open_regular(path)
    try:
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_YAML_BYTES + 1)
    except OSError as exc:
        raise InputError(Problem(f"cannot read: {exc.strerror}", path=path)) from None
    finally:
        os.close(fd)
    if len(data) > MAX_YAML_BYTES:
        raise InputError(Problem(f"file is larger than {MAX_YAML_BYTES:,} bytes", path=path))
    return data


def read_text(path: Path) -> str:
    """Read a text file (UTF-8 by default), turning every way it can fail into an InputError."""
    return decode_text(read_bytes(path), path)


def load_yaml(path: Path) -> LoadedYaml:
    """Read and parse a YAML file."""
    return parse_yaml(read_text(path), path)


def load_mapping(path: Path) -> LoadedYaml:
    """Read a YAML file whose top level must be a mapping."""
    loaded = load_yaml(path)
    if not isinstance(loaded.data, dict):
        raise InputError(Problem("expected a mapping of keys to values at the top level", path=path, line=1))
    return loaded


class _Dumper(yaml.SafeDumper):
    """Writes texts with line breaks as literal blocks (``|``) so answers files stay readable."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: object) -> str:
    """Serialise data as block-style YAML, keys in the given order, Unicode kept."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)

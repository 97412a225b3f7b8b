"""Safe YAML reading that remembers where every value stands, and plain YAML writing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import InputError, Problem

Location = tuple[str | int, ...]
MAX_YAML_BYTES = 64_000_000


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass
class LoadedYaml:
    """Data read from a YAML file, with the position of each mapping key and list item."""

    data: Any
    path: Path
    positions: dict[Location, Position] = field(default_factory=dict)

    def locate(self, loc: Location) -> Position | None:
        """Return the position of the deepest known prefix of ``loc``."""
        for end in range(len(loc), -1, -1):
            found = self.positions.get(tuple(loc[:end]))
            if found is not None:
                return found
        return None

    def problem(self, loc: Location, message: str, base: Location = (), prefix: Location = ()) -> Problem:
        """A Problem naming this file, the line of ``base + loc`` and the field path ``prefix + loc``."""
        pos = self.locate((*base, *loc))
        return Problem(
            message,
            path=self.path,
            line=pos.line if pos else None,
            column=pos.column if pos else None,
            field=format_location((*prefix, *loc)) or None,
        )


def format_location(loc: Location) -> str:
    """Render a field path: ``actions[2].points[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _mark_position(mark: yaml.Mark | None) -> Position | None:
    return Position(mark.line + 1, mark.column + 1) if mark is not None else None


def _problem_at(message: str, path: Path, mark: yaml.Mark | None, field: str | None = None) -> Problem:
    pos = _mark_position(mark)
    return Problem(message, path=path, line=pos.line if pos else None, column=pos.column if pos else None, field=field)


def _walk(node: yaml.Node, loc: Location, out: dict[Location, Position], path: Path) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                field = format_location((*loc, key))
                raise InputError(
                    _problem_at(f"the key '{key}' appears twice; keep one", path, key_node.start_mark, field)
                )
            seen.add(key)
            child = (*loc, key)
            pos = _mark_position(key_node.start_mark)
            if pos:
                out[child] = pos
            _walk(value_node, child, out, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*loc, index)
            pos = _mark_position(item.start_mark)
            if pos:
                out[child] = pos
            _walk(item, child, out, path)


def _reader_problem(exc: yaml.reader.ReaderError, text: str, path: Path) -> InputError:
    line = text.count("\n", 0, exc.position) + 1
    column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return InputError(
        Problem(f"the control character U+{code:04X} is not allowed", path=path, line=line, column=column)
    )


def parse_yaml(text: str, path: Path) -> LoadedYaml:
    """Parse YAML text safely; raise InputError with the file, line and column of a syntax error."""
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(exc, text, path) from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        reason = exc.problem or "not valid YAML"
        if exc.context:
            reason = f"{exc.context}, {reason}"
        raise InputError(_problem_at(f"not valid YAML: {reason}", path, exc.problem_mark)) from exc
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(exc, text, path) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(f"not valid YAML: {exc}", path=path)) from exc
    finally:
        loader.dispose()
    loaded = LoadedYaml(data, path)
    if node is not None:
        root = _mark_position(node.start_mark)
        if root:
            loaded.positions[()] = root
        _walk(node, (), loaded.positions, path)
    return loaded


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, turning every way it can fail into an InputError."""
    try:
        if path.stat().st_size > MAX_YAML_BYTES:
            raise InputError(Problem(f"file is larger than {MAX_YAML_BYTES:,} bytes", path=path))
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(Problem("no such file", path=path)) from exc
    except IsADirectoryError as exc:
        raise InputError(Problem("is a folder, not a file", path=path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(Problem(f"not UTF-8 text (byte {exc.start})", path=path)) from exc
    except OSError as exc:
        raise InputError(Problem(f"cannot read: {exc.strerror}", path=path)) from exc


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
    """Writes long texts as folded blocks so answers files stay readable."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """Serialise data as block-style YAML, keys in the given order, Unicode kept."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)

"""YAML's syntax errors said in plain words, at the line where the mistake is.

The parser speaks of "mapping values" and "block ends"; a person who indented one line by a space too
many, pressed Tab, or wrote a colon inside a value needs to hear that, and where.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from drafter.errors import Problem

_INDENTATION = ("mapping values are not allowed", "did not find expected key", "expected <block end>")
_INDENTED = "this line is indented differently from the lines around it; {name} uses two spaces per level"


def _line(text: str, mark: yaml.Mark | None) -> str:
    lines = text.splitlines()
    return lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) else ""


def _at(message: str, path: Path, mark: yaml.Mark | None, column: bool = False) -> Problem:
    if mark is None:
        return Problem(message, path=path)
    return Problem(message, path=path, line=mark.line + 1, column=mark.column + 1 if column else None)


def _tab(exc: yaml.MarkedYAMLError, line: str, path: Path) -> Problem | None:
    indentation = line[: len(line) - len(line.lstrip())]
    if "tab" not in (exc.problem or "") and "\t" not in indentation:
        return None
    return _at(f"a tab indents this line; {path.name} uses two spaces per level, never tabs", path, exc.problem_mark)


def _emptied(exc: yaml.MarkedYAMLError, text: str, path: Path) -> Problem | None:
    """A key written ``questions: {}`` (or ``[]``) with lines indented under it: the ``{}`` is the mistake."""
    mark = exc.problem_mark
    if mark is None or not any(s in (exc.problem or "") for s in _INDENTATION):
        return None
    lines = text.splitlines()
    above = [i for i in range(min(mark.line, len(lines))) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    if not above or not lines[above[-1]].rstrip().endswith(("{}", "[]")):
        return None
    written = lines[above[-1]].rstrip()
    key, empty = written.split(":")[0].strip(), written[-2:]
    message = (
        f"'{key}: {empty}' says nothing is under '{key}', but the lines below are indented under it: remove the {empty}"
    )
    return Problem(message, path=path, line=above[-1] + 1)


def _indentation(exc: yaml.MarkedYAMLError, line: str, path: Path) -> Problem | None:
    reason, mark = exc.problem or "", exc.problem_mark
    if "mapping values are not allowed" in reason and mark is not None and line.find(":") < mark.column:
        message = (
            'this value holds a colon followed by a space: put the whole value in quotes, e.g. label: "Note: this"'
        )
        return _at(message, path, mark)
    if any(
        s in reason for s in ("mapping values are not allowed", "did not find expected key", "expected <block end>")
    ):
        return _at(_INDENTED.format(name=path.name), path, mark)
    return None


def _unfinished(exc: yaml.MarkedYAMLError, line: str, path: Path) -> Problem | None:
    reason, mark, context = exc.problem or "", exc.problem_mark, exc.context_mark
    if "could not find expected ':'" in reason:
        return _at("this line is not 'key: value': a colon is missing after the key", path, context or mark)
    if "end of stream" in reason and "quoted" in (exc.context or ""):
        return _at("the quotation opened on this line is never closed: add the closing quote", path, context)
    if "cannot start any token" in reason and mark is not None:
        character = line[mark.column : mark.column + 1]
        return _at(f"a value cannot begin with {character}: put the value in quotes", path, mark, column=True)
    return None


_RULES: tuple[Callable[[yaml.MarkedYAMLError, str, Path], Problem | None], ...] = (_tab, _indentation, _unfinished)


def plain_yaml_problem(exc: yaml.MarkedYAMLError, text: str, path: Path) -> Problem:
    """What the YAML mistake is, in plain words, at its line."""
    line = _line(text, exc.problem_mark)
    emptied = _emptied(exc, text, path)
    if emptied is not None:
        return emptied
    for rule in _RULES:
        found = rule(exc, line, path)
        if found is not None:
            return found
    reason = exc.problem or "not valid YAML"
    detail = f"{exc.context}, {reason}" if exc.context else reason
    return _at(f"not valid YAML: {detail}", path, exc.problem_mark, column=True)

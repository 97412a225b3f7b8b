"""Whether answers give the statement back word for word: rendered, laid out, and compared paragraph by
paragraph (text, list kind and level) with the statement as read; the heading lines as a set."""

from __future__ import annotations

from collections.abc import Mapping

from drafter.document.blocks import Draft
from drafter.engine import Engine
from drafter.errors import DrafterError
from drafter.importing.source import Source, normalise, paragraphs_of
from drafter.inputs.catalog import TemplateBundle

Row = tuple[str, str, int]


def rows_of(source: Source) -> tuple[set[str], list[Row]]:
    """The heading lines and the paragraphs (text, kind, level) of a statement as read."""
    front = {p.text for p in source.front}
    body: list[Row] = [(p.text, str(p.kind), p.level if p.is_list else 0) for p in source.body]
    return front, body


def rows_of_draft(draft: Draft, marker: str) -> tuple[set[str], list[Row]]:
    """The same for a rendered statement."""
    paragraphs = paragraphs_of(draft)
    front = {p.text for p in paragraphs if p.front}
    if marker:
        front.add(normalise(marker))
    body: list[Row] = [(p.text, str(p.kind), p.level if p.is_list else 0) for p in paragraphs if not p.front]
    return front, body


def difference(engine: Engine, bundle: TemplateBundle, answers: Mapping[str, object], source: Source) -> str:
    """'' when the answers render back to ``source``; else where they first differ."""
    try:
        validated = engine.validate(bundle, answers)
        statement = engine.compose(bundle, validated)
    except DrafterError as exc:
        return str(exc).splitlines()[0]
    expected_front, expected = rows_of(source)
    front, body = rows_of_draft(statement.draft, statement.info.marker)
    if body != expected:
        return _first_difference(expected, body)
    if front != expected_front:
        return f"heading lines differ: {sorted(expected_front ^ front)[:2]}"
    return ""


def _first_difference(expected: list[Row], actual: list[Row]) -> str:
    for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
        if want != got:
            return f"paragraph {index + 1}: expected {want[0][:60]!r} ({want[1]}), got {got[0][:60]!r} ({got[1]})"
    return f"{len(expected)} paragraphs expected, {len(actual)} rendered"

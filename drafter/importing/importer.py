"""A delivered statement in, a template's answers out: read, recognise, build, check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafter.engine import Engine
from drafter.importing.answers import AnswerBuilder, Built
from drafter.importing.front import front_length
from drafter.importing.kinds import Kind, recognise_kind
from drafter.importing.language import detect_language
from drafter.importing.patterns import Patterns
from drafter.importing.reader import read_statement
from drafter.importing.recognise import Reading, Recogniser
from drafter.importing.shapes import shape_for
from drafter.importing.source import Source
from drafter.importing.stated import read_facts


@dataclass(frozen=True)
class Imported:
    """What ``import`` made of a statement."""

    template: str
    reason: str
    built: Built
    source: Source
    kind: Kind

    @property
    def reading(self) -> Reading:
        """The frame as found."""
        return self.built.reading


def import_statement(engine: Engine, path: Path, template: str | None = None) -> Imported:
    """Read ``path`` and build the answers of ``template`` (by default the best-fitting built-in one)."""
    source = read_statement(path)
    language = detect_language((p.text for p in source.paragraphs), _languages(engine))
    patterns = Patterns(engine.renderer, engine.bank, language)
    if not source.front_known:
        source = source.with_front(front_length(source.paragraphs, patterns))
    if template is None:
        kind = recognise_kind(source.front, source.body, engine.catalog.names())
    else:
        kind = Kind(template, "named with --template")
    name, reason = kind.name, kind.reason
    bundle = engine.template(name)
    shape = shape_for(bundle)
    markers = [
        m
        for lang in _languages(engine)
        for m in Patterns(engine.renderer, engine.bank, lang).variants("markers").values()
    ]
    stated = read_facts(source.front, source.body, language)
    recogniser = Recogniser(patterns, shape, markers, {name: fact.value for name, fact in stated.items()})
    heading, marker = recogniser.heading(source.front)
    parts = recogniser.statement(source.body)
    reading = Reading(language, heading, marker, parts, recogniser.facts)
    built = AnswerBuilder(engine, bundle, shape, source).best(reading)
    return Imported(name, reason, built, source, kind)


def _languages(engine: Engine) -> list[str]:
    return [lang for lang in engine.bank.languages if lang in engine.bank.phrases]

"""A delivered statement in, a template's answers out: read, recognise, build, check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafter.engine import Engine
from drafter.importing.addresses import own_forms
from drafter.importing.answers import AnswerBuilder, Built, convention
from drafter.importing.front import front_length
from drafter.importing.heading import HeadingReader
from drafter.importing.kinds import Kind, recognise_kind
from drafter.importing.language import detect_language
from drafter.importing.patterns import Patterns
from drafter.importing.reader import read_statement
from drafter.importing.reading import FactBook, Reading
from drafter.importing.recognise import Recogniser
from drafter.importing.shapes import Shape, read_shape
from drafter.importing.source import Source
from drafter.importing.stated import Stated, read_facts
from drafter.inputs.catalog import TemplateBundle


@dataclass(frozen=True)
class Imported:
    """What ``import`` made of a statement."""

    template: str
    built: Built
    source: Source
    kind: Kind
    stated: dict[str, Stated]
    bundle: TemplateBundle
    shape: Shape

    @property
    def reading(self) -> Reading:
        """The frame as found."""
        return self.built.reading


# The end mark some French-speaking missions write after the last sentence ("Je vous remercie./.").
END_MARK = "./."


def import_statement(engine: Engine, path: Path, template: str | None = None) -> Imported:
    """Read ``path`` and build the answers of ``template`` (by default the kind of statement it is)."""
    source, end_mark = read_statement(path).without_end_mark(END_MARK)
    language = detect_language((p.text for p in source.paragraphs), _languages(engine))
    patterns = Patterns(engine.renderer, engine.bank, language)
    if not source.front_known:
        source = source.with_front(front_length(source.paragraphs, patterns))
    patterns = patterns.with_own(own_forms((p.text for p in source.body if p.kind == "paragraph"), patterns))
    if template is None:
        kind = recognise_kind(source.front, source.body, engine.catalog.names())
    else:
        kind = Kind(template, "named with --template")
    bundle = engine.template(kind.name)
    shape = read_shape(engine.renderer.env, bundle)
    stated = read_facts(source.front, source.body, language)
    book = FactBook({name: fact.value for name, fact in stated.items()})
    heading = HeadingReader(patterns, book, shape.heading, _markers(engine)).read(source.front)
    parts = Recogniser(patterns, shape, book, bundle.manifest.questions).statement(source.body)
    reading = Reading(language, heading.found, heading.marker, parts, book.facts, heading.order)
    built = AnswerBuilder(engine, bundle, shape, source).best(reading)
    if end_mark:  # the delegation writes "./." after its last sentence: a convention, not a word of it
        convention(built.answers, "end_mark", end_mark)
    return Imported(kind.name, built, source, kind, stated, bundle, shape)


def _languages(engine: Engine) -> list[str]:
    return [lang for lang in engine.bank.languages if lang in engine.bank.phrases]


def _markers(engine: Engine) -> list[str]:
    """The front-page markers of every language."""
    return [
        m
        for lang in _languages(engine)
        for m in Patterns(engine.renderer, engine.bank, lang).variants("markers").values()
    ]

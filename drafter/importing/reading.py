"""What recognition makes of a statement: the sentences of its frame found, its sections, and the facts read.

A sentence is a bank *variant* when the bank writes exactly those words (the facts inside it, e.g. the
delegation, are read from it), the bank's *wording* when the phrase has one, else the drafter's *own
words*. The facts found in sentences must agree with the facts read before (the delegation a heading
names, the vote the statement states); a sentence whose facts disagree is kept as own words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from drafter.importing.patterns import PhraseMatch
from drafter.importing.source import Paragraph

Fact = str | dt.date | list[str]


@dataclass
class Found:
    """A sentence of the frame found in the statement."""

    key: str
    text: str
    variant: str | None = None  # the bank's variant that writes exactly these words; None: own words
    facts: dict[str, Fact] = field(default_factory=dict)
    bank: bool = False  # the phrase has one wording, and the bank writes exactly these words

    @property
    def own_words(self) -> bool:
        """True when the sentence is the drafter's own words, not the bank's."""
        return self.variant is None and not self.bank

    @property
    def how(self) -> str:
        """How the sentence was recognised, for the report."""
        if self.variant is not None:
            return f"variant '{self.variant}'"
        return "the bank's wording" if self.bank else "own words"

    def as_own_words(self) -> Found:
        """The same sentence, kept as the delegation's own words."""
        return Found(self.key, self.text)


@dataclass
class Part:
    """One section of the statement: its sentences, the words after them, and its own paragraphs."""

    section: str
    found: list[Found] = field(default_factory=list)
    extra: str = ""  # words after the sentences, in their paragraph (printed as an answer of the section)
    paragraphs: list[Paragraph] = field(default_factory=list)  # the delegation's own paragraphs it holds
    lists: dict[str, list[Paragraph]] = field(default_factory=dict)  # list answers (questions) and their items
    source: list[Paragraph] = field(default_factory=list)  # every paragraph of the statement it spans


@dataclass
class Reading:
    """A delivered statement read against a template: the heading, the frame found, the rest as paragraphs."""

    language: str
    heading: list[Found]
    marker: str
    parts: list[Part]  # in order; the part named "body" holds the free paragraphs
    facts: dict[str, Fact]
    heading_order: list[str] = field(default_factory=list)  # the heading's sentence keys in the file's order

    @property
    def body(self) -> Part:
        """The part holding the delegation's own paragraphs."""
        return next(p for p in self.parts if p.section == "body")


class FactBook:
    """The facts read so far; a sentence's facts are kept only when they agree with them."""

    def __init__(self, known: dict[str, Fact] | None = None) -> None:
        self.facts: dict[str, Fact] = dict(known or {})

    def accept(self, match: PhraseMatch | None, text: str, key: str | None = None) -> Found | None:
        """A match as a Found; when its facts disagree with those already read, the words as own words."""
        if match is None:
            return None
        facts: dict[str, Fact] = {k: v for k, v in match.facts.items() if isinstance(v, str | list)}
        for name, value in facts.items():
            known = self.facts.get(name)
            if known is not None and not _agree(known, value):
                return Found(key or match.key, text)
        for name, value in facts.items():
            self.facts[name] = value  # the sentence's own words for it ("the Special Rapporteur")
        return Found(key or match.key, text, match.variant, facts, bank=match.variant is None)

    def note(self, name: str, value: Fact) -> None:
        """A fact read outside a sentence of the bank (the first reading wins)."""
        self.facts.setdefault(name, value)


def _agree(known: Fact, value: Fact) -> bool:
    """The same fact, or the sentence's a shorter form of the one read ("the Special Rapporteur" in the thanks,
    "the Special Rapporteur on the human rights of migrants" in the heading)."""
    if isinstance(known, str) and isinstance(value, str):
        a, b = known.casefold(), value.casefold()
        return a == b or (len(b.split()) > 1 and a.startswith(b))
    return _folded(known) == _folded(value)


def _folded(value: Fact) -> object:
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, list):
        return [v.casefold() for v in value]
    return value

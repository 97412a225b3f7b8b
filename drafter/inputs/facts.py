"""The facts drafter itself reads from a statement's answers, as one typed contract read in one place.

Templates may ask any questions; these few names are the ones drafter's own code relies on (document
properties, the front-page marker, the speaking-time limit, forms of address, whole-statement rules,
file names). Every module reads them through ``StatementFacts``, so renaming one is a change here and
``templates check`` reports a template that no longer asks it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, fields
from typing import Literal, Protocol

DEFAULT_LANGUAGE = "en"
NO_MARKER = "none"
Officer = Literal[
    "president",
    "vice-president",
    "chair",
    "co-chairs",
    "co-facilitators",
    "moderator",
    "high-commissioner",
    "special-rapporteur",
    "independent-expert",
    "excellencies",
]


def language_of(answers: Answers) -> str:
    """The statement's language alone (read for every phrase, so without building all the facts)."""
    return str(answers.get("language") or DEFAULT_LANGUAGE)


class Answers(Protocol):
    """Anything answers can be read from by name: a mapping, or the template's rendering context."""

    def get(self, key: str, /) -> object:
        """The answer called ``key``."""
        ...


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _text(answers: Answers, name: str) -> str:
    value = answers.get(name)
    return "" if value is None else str(value)


@dataclass(frozen=True)
class StatementFacts:
    """What drafter reads from any statement's answers; each field is the answer of the same name."""

    language: str = DEFAULT_LANGUAGE
    delegation: str = ""
    speaker: str = ""
    meeting: str = ""
    date: dt.date | None = None
    marker: str = NO_MARKER
    forum: str | None = None
    time_limit: float | None = None
    presiding_officer: str | None = None
    officer_gender: str | None = None
    voice: str = ""

    @classmethod
    def read(cls, answers: Answers, forum: str | None = None) -> StatementFacts:
        """The facts of validated ``answers``; ``forum`` is the template's own when the answers name none."""
        limit = answers.get("time_limit")
        return cls(
            language=language_of(answers),
            delegation=_text(answers, "delegation"),
            speaker=_text(answers, "speaker"),
            meeting=_text(answers, "meeting"),
            date=_date(answers.get("date")),
            marker=_text(answers, "marker") or NO_MARKER,
            forum=_text(answers, "forum") or forum,
            time_limit=float(limit) if isinstance(limit, int | float) and limit else None,
            presiding_officer=_text(answers, "presiding_officer") or None,
            officer_gender=_text(answers, "officer_gender") or None,
            voice=_text(answers, "voice"),
        )


FACT_NAMES = frozenset(f.name for f in fields(StatementFacts))
# The facts a template must ask for drafter to do its job (the others are optional).
REQUIRED_FACTS = frozenset({"language", "delegation", "meeting", "marker"})


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe form of ``text``: lower case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out


def statement_stem(answers: Answers) -> str:
    """A file name (without extension) from the date, delegation and meeting: 2014-09-08-belgium-informal-…"""
    facts = StatementFacts.read(answers)
    parts = [facts.date.isoformat() if facts.date else "", slug(facts.delegation, 30), slug(facts.meeting, 40)]
    return "-".join(p for p in parts if p) or "statement"

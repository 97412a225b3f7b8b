"""Where the heading block ends in a file that does not say: the lines above the statement proper.

Web pages, e-mails and documents from elsewhere put a title, a speaker, a meeting, a date, a marker
("Check against delivery"), sometimes a note in another language, above the statement. The statement
starts at its salutation or opening thanks ("Mr. President,", "Thank you, Chair."); when it has none, at
its first paragraph that reads as the statement (a sentence in the first person, or a long sentence
with no mark of a heading).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from drafter.importing.addresses import is_opening, words
from drafter.importing.dates import find_date
from drafter.importing.language import share_of
from drafter.importing.patterns import Patterns
from drafter.importing.source import Paragraph

_I = re.IGNORECASE
# What heading lines say: who speaks, where, when, and the marker.
HEADING_CUES = re.compile(
    r"^(joint |national |u\.?s\.? |uk |eu )?(statement|intervention|déclaration|discours|explanation|explication"
    r"|remarks|allocution|speech|right of reply|droit de réponse|press release|communiqué|eov|eop)\b"
    r"|^([\w.’']+ ){0,3}(statement|intervention|remarks) (by|of|delivered|on behalf|at|for|on)\b"
    r"|\bdelivered by\b|\bprononcée? par\b"
    r"|against delivery|fait foi|as delivered|verbatim|talade ordet|^\(?check\b"
    r"|^(agenda )?item \d|^point \d|\bsession\b|permanent (representative|mission)"
    r"|représentant(e)? permanent|mission permanente|\bambassad(or|eur|rice)\b"
    r"|^(h\.e\.|s\.e\.|mr\.|ms\.|mrs\.|m\.|mme) [A-Z]",
    _I,
)
# How a statement's own paragraphs start: the speaker speaking.
_BODY_START = re.compile(
    r"^((first(ly)?|at the outset|today|tout d’abord|d’emblée|aujourd’hui),? )?"
    r"(i|we|my|our|let me|allow me|permit me|je|j’|j'|nous|ma|mon|notre|nos|permettez-moi|qu’il me soit)\b",
    _I,
)
_SENTENCE_END = (".", "!", "?", "./.", ";")
_MAX_FRONT = 12  # heading lines at most


def front_length(paragraphs: Sequence[Paragraph], patterns: Patterns) -> int:
    """How many paragraphs at the top are heading lines, for files that do not say."""
    limit = min(len(paragraphs) - 1, _MAX_FRONT)
    for index, paragraph in enumerate(paragraphs[: limit + 1]):
        if paragraph.kind != "paragraph" or is_opening(paragraph.text, patterns):
            return _above_opening(paragraphs[:index], patterns.language)
        if _reads_as_statement(paragraph, patterns.language):
            return _cues_up_to(paragraphs[:index], patterns.language)
    return 0


def _reads_as_statement(paragraph: Paragraph, language: str) -> bool:
    """A paragraph of the statement proper, not a heading line."""
    text = paragraph.text
    if is_heading_line(paragraph, language):
        return False
    if _BODY_START.match(text) and words(text) > 4:
        return True
    return words(text) >= 6 and text.rstrip().endswith(_SENTENCE_END)


def is_heading_line(paragraph: Paragraph, language: str) -> bool:
    """A line that says what a heading says, is set as one, or is written in another language."""
    text = paragraph.text
    if paragraph.style in ("Title", "Subtitle") or paragraph.heading:
        return True
    if HEADING_CUES.search(text) and words(text) <= 60:
        return True
    if find_date(text, language) is not None and words(text) <= 30:
        return True
    return words(text) >= 6 and share_of(text, language) < 0.04


def _above_opening(paragraphs: Sequence[Paragraph], language: str) -> int:
    """The heading lines above the opening: all of them, but for a section title after the last heading line
    ("Introduction" between the date line and "Mr. President,")."""
    cues = [i for i, p in enumerate(paragraphs) if is_heading_line(p, language)]
    if not cues:
        return len(paragraphs)
    rest = paragraphs[cues[-1] + 1 :]
    if rest and all(words(p.text) == 1 and not p.text.rstrip().endswith(_SENTENCE_END) for p in rest):
        return cues[-1] + 1
    return len(paragraphs)


def _cues_up_to(paragraphs: Sequence[Paragraph], language: str) -> int:
    """The heading lines above a statement that has no salutation: up to the last one that reads as a heading."""
    count = 0
    for index, paragraph in enumerate(paragraphs):
        short = words(paragraph.text) <= 20 and not paragraph.text.rstrip().endswith(_SENTENCE_END)
        if is_heading_line(paragraph, language) or short:
            count = index + 1
    return count

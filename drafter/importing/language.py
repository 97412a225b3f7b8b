"""Which of the phrase bank's languages a statement is in: its common words, and the bank's own phrases."""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORDS = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "we",
            "our",
            "in",
            "is",
            "that",
            "this",
            "for",
            "with",
            "are",
            "on",
            "be",
            "as",
            "it",
            "will",
            "thank",
            "you",
            "have",
            "its",
            "by",
            "which",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "des",
            "et",
            "du",
            "de",
            "nous",
            "notre",
            "est",
            "une",
            "un",
            "pour",
            "dans",
            "que",
            "qui",
            "sur",
            "au",
            "aux",
            "sont",
            "ce",
            "cette",
            "merci",
            "avec",
        ]
    ),
}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(texts: Iterable[str], languages: Iterable[str]) -> str:
    """The language among ``languages`` whose common words the texts use most (English on a tie)."""
    counts = dict.fromkeys(languages, 0)
    for text in texts:
        for word in _TOKEN.findall(text.casefold()):
            for language in counts:
                if word in _WORDS.get(language, ()):
                    counts[language] += 1
    if not counts:
        return "en"
    return max(counts, key=lambda lang: (counts[lang], lang == "en"))


def share_of(text: str, language: str) -> float:
    """The share of ``text``'s words that are common words of ``language`` (0 for a text in another one)."""
    tokens = _TOKEN.findall(text.casefold())
    common = _WORDS.get(language, frozenset())
    return sum(t in common for t in tokens) / len(tokens) if tokens else 0.0

"""Forms of address as statements write them: is a paragraph a salutation, an opening, a closing; whom it
addresses, and as Mr. or Madam.

The phrase bank's own forms (``address.*``) are recognised exactly by ``patterns``; this module reads the
forms the bank does not write ("Madame President", "Mr Chairman", "M. le Président") so that the facts
they state — the presiding officer and the form of address — are read, not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from drafter.importing.patterns import Address, Patterns

_I = re.IGNORECASE
_SALUTATION_START = re.compile(
    r"^(excellenc|ladies|mesdames|messieurs|distinguished|dear|chers?|monsieur|madame|mr\.? |mrs\.? |ms\.? |madam|"
    r"m\. le |mme |president|président|vice|chair|co-chair|high commissioner|special rapporteur|independent expert|"
    r"moderator|co-facilitator|secretary|under-secretary|honou?rable|esteemed|haut|haute|rapporteu|experte?)",
    _I,
)
_THANKS_START = re.compile(r"^(thank you|thanks|merci|je vous remercie|i thank you)\b", _I)
_THANKS_ANYWHERE = re.compile(r"\b(thank you|merci|je vous remercie)\b", _I)
_QUESTION = re.compile(r"\?\s*$")
# Whom a form of address names, in either language (the longest names first).
_OFFICERS: tuple[tuple[str, str], ...] = (
    (r"vice[- ]pr[ée]sident(e)?", "vice-president"),
    (r"co-?pr[ée]sident(e)?s|co-chairs?", "co-chairs"),
    (r"co-?facilitat(ors?|eurs?|rices?)|cofacilitat\w+", "co-facilitators"),
    (r"pr[ée]sident(e)?", "president"),
    (r"chair(man|woman|person)?", "chair"),
    (r"high commissioner|haut(e)?-commissaire", "high-commissioner"),
    (r"special rapporteur|rapporteu(r|se) spécial(e)?", "special-rapporteur"),
    (r"independent expert|expert(e)? indépendant(e)?", "independent-expert"),
    (r"moderator|modérat(eur|rice)", "moderator"),
    (r"excellenc(ies|es)", "excellencies"),
)
_MALE = r"mr\.?|mister|sir|monsieur|m\."
_FEMALE = r"madam|madame|mrs\.?|ms\.?|mme\.?"
_TITLED = re.compile(rf"^(?:{_MALE}|{_FEMALE})\s", _I)  # a form of address that starts with Mr, Madame …
_ADDRESS = re.compile(
    rf"(?:\b(?P<title>{_MALE}|{_FEMALE})\s+(?:(?:le|la)\s+|l[’']\s*|the\s+)?)?"
    rf"\b(?P<officer>{'|'.join(f'(?:{p})' for p, _ in _OFFICERS)})\b",
    _I,
)


@dataclass(frozen=True)
class Addressed:
    """Whom a form of address names (a key of the bank's ``address``) and how (male, female, neutral)."""

    officer: str
    gender: str
    text: str


def words(text: str) -> int:
    """How many words ``text`` has."""
    return len(text.split())


def is_salutation(text: str, patterns: Patterns) -> bool:
    """A short paragraph that addresses someone: "Mr. President,", "High Commissioner.", "Excellencies"."""
    if words(text) > 12 or _QUESTION.search(text):
        return False
    if any(text.startswith(a.text) for a in patterns.addresses):
        return len(text) <= 60 or text.rstrip().endswith((",", "."))
    return bool(_SALUTATION_START.match(text)) and words(text) <= 8 and addressed(text) is not None


def is_opening(text: str, patterns: Patterns) -> bool:
    """A salutation, or a short thanks to whom presides ("Thank you, Mr. President.", "Merci, M. le Président.",
    "Madame President, thank you for letting me take the floor.")."""
    if is_salutation(text, patterns):
        return True
    if _QUESTION.search(text) or words(text) > 14:
        return False
    if _THANKS_START.match(text):
        return True
    found = addressed(text)
    return found is not None and text.startswith(found.text) and bool(_THANKS_ANYWHERE.search(text))


def is_closing(text: str) -> bool:
    """A short closing thanks ("Thank you.", "I thank you, Mr. President.", "Je vous remercie./.")."""
    return bool(_THANKS_START.match(text)) and words(text) <= 12 and not _QUESTION.search(text)


def addressed(text: str) -> Addressed | None:
    """The first form of address in ``text``: whom it names and how."""
    match = _ADDRESS.search(text)
    if match is None:
        return None
    name = match.group("officer")
    officer = next(key for pattern, key in _OFFICERS if re.fullmatch(pattern, name, _I))
    title = (match.group("title") or "").casefold().rstrip(".")
    if officer in ("co-chairs", "co-facilitators", "excellencies"):
        gender = "any"
    elif not title:
        gender = "neutral"
    else:
        gender = "female" if re.fullmatch(_FEMALE, title, _I) else "male"
    return Addressed(officer, gender, match.group(0))


def own_forms(texts: Iterable[str], patterns: Patterns) -> list[Address]:
    """The forms of address the statement writes in its salutations, openings and closings that the bank
    does not ("Madame President", "Mr. Chairman", "Madame la présidente"): the delegation's own."""
    forms: dict[str, Address] = {}
    for text in texts:
        if not (is_opening(text, patterns) or is_closing(text)):
            continue
        found = addressed(text)
        if found is None or found.gender == "any" or not _TITLED.match(found.text):
            continue
        if patterns.address(found.text) is None:
            forms.setdefault(found.text, Address(found.text, found.officer, found.gender, own=True))
    return list(forms.values())

"""The built-in template that fits a statement best, and why, from the words of its heading and opening."""

from __future__ import annotations

import re
from collections.abc import Sequence

from drafter.importing.source import Paragraph

_I = re.IGNORECASE
# In order: the first that fits wins. (template, where to look, pattern, what it says)
_SIGNS: tuple[tuple[str, str, re.Pattern[str], str], ...] = (
    ("right-of-reply", "start", re.compile(r"right of reply|droit de réponse", _I), "it speaks of a right of reply"),
    (
        "explanation-of-vote",
        "start",
        re.compile(
            r"explanation of (vote|position)|explain (our|its|my delegation’s|my delegation's|the) (vote|position)"
            r"|explication de (vote|position)|expliquer (notre|son|sa|le) (vote|position)|\bexplain\w* (its|our) vote"
            r"|\bvote[sd]? (against|in favou?r)|\babst(ain|ained|ention)\b|s’est abstenue|s'est abstenue"
            r"|avons voté|a voté",
            _I,
        ),
        "it explains a vote or a position",
    ),
    (
        "joint-statement",
        "front",
        re.compile(r"\bon behalf of\b|\bau nom d(e|u|es)\b|^joint statement|^déclaration commune", _I | re.M),
        "its heading says it is delivered on behalf of a group",
    ),
    (
        "joint-statement",
        "start",
        re.compile(r"\b(speak|deliver this statement|honou?r to speak) on behalf of\b|\bau nom d(e|u|es)\b", _I),
        "it is delivered on behalf of a group",
    ),
    (
        "hrc-dialogue",
        "start",
        re.compile(
            r"High Commissioner|Special Rapporteur|Independent Expert|Human Rights Council|Haut-Commissaire"
            r"|Haute-Commissaire|Rapporteu(r|se) spécial|Expert(e)? indépendant|Conseil des droits de l"
            r"|Universal Periodic"
            r"|Examen périodique universel|\bUPR\b|\bEPU\b|\bHRC\b",
            _I,
        ),
        "it addresses a Human Rights Council mandate holder or meeting",
    ),
    (
        "general-debate",
        "start",
        re.compile(
            r"general debate|débat général|session of the (United Nations )?General Assembly|Ladies and Gentlemen"
            r"|Mesdames et Messieurs|Heads of State|Chefs d’État|congratulat\w+ you on your election|vous féliciter",
            _I,
        ),
        "it is a General Assembly general debate",
    ),
    (
        "open-debate",
        "start",
        re.compile(r"open debate|débat public|Security Council|Conseil de sécurité|\bpresidency\b|\bprésidence\b", _I),
        "it is a Security Council (open) debate",
    ),
)


def choose_template(front: Sequence[Paragraph], body: Sequence[Paragraph]) -> tuple[str, str]:
    """The template's name and the reason it was chosen."""
    texts = {
        "front": "\n".join(p.text for p in front),
        "start": "\n".join(p.text for p in [*front, *body[:3]]),
        "all": "\n".join(p.text for p in [*front, *body]),
    }
    for name, where, pattern, reason in _SIGNS:
        found = pattern.search(texts[where])
        if found is not None:
            return name, f'{reason} ("{found.group(0)}")'
    return "interactive-dialogue", "no sign of another kind of statement: the general national statement"

"""The kind of a statement, from what it does: explains a vote, replies, speaks for a group, congratulates
the President on the election, thanks the presidency for convening, addresses a mandate holder, questions
a panel; where it is delivered counts too, for less.

Each sign has a weight; a sign in the heading block or the first paragraphs (where a statement says what
it is doing) counts half again. The kind with the most is chosen, the runner-up reported when it is
close; a statement that shows no sign of any kind is a general national statement (the interactive
dialogue's template).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from drafter.importing.source import Paragraph
from drafter.importing.stated import SCAN_LIMIT, bounded

_I = re.IGNORECASE
_A = "[’']"  # either apostrophe
DEFAULT_KIND = "interactive-dialogue"
_START = 3  # paragraphs of the statement that count as its start
_CLOSE = 0.75  # a runner-up with at least this share of the winner's weight is reported


@dataclass(frozen=True)
class Sign:
    """Something a statement of one kind does or names: its weight, and what it says for the report."""

    kind: str
    weight: float
    pattern: re.Pattern[str]
    says: str
    where: str = "all"  # "heading": only in the heading block; "start": heading and first paragraphs; "all"
    unless: re.Pattern[str] | None = None  # words just before a match that make it say something else

    def search(self, text: str) -> re.Match[str] | None:
        """The first match that the words before it do not turn into something else."""
        for found in self.pattern.finditer(text):
            if self.unless is None or not self.unless.search(text[max(0, found.start() - 80) : found.start()]):
                return found
        return None


def _sign(kind: str, weight: float, pattern: str, says: str, where: str = "all") -> Sign:
    return Sign(kind, weight, re.compile(pattern, _I | re.M), says, where)


# "aligns with the statement delivered on behalf of the Group": an alignment, not a joint statement.
_ALIGNED = re.compile(r"\b(align\w*|associ\w*|subscrib\w*)\b\W+(\w+\W+){0,8}$", _I)


SIGNS: tuple[Sign, ...] = (
    # right of reply
    _sign("right-of-reply", 12, r"right of reply|droit de réponse|\bRoR\b", "it exercises a right of reply"),
    _sign(
        "right-of-reply",
        4,
        r"\bin response to the (statement|intervention|remarks)|\ben réponse (à|aux) (la déclaration|l’intervention"
        r"|l'intervention|les propos)|\b(comment|respond) on (the )?statements? (by|of|made)",
        "it answers another delegation's statement",
    ),
    # explanation of vote or position
    _sign(
        "explanation-of-vote",
        10,
        rf"explanation of (\w+{_A}s? )?(vote|position)|explication de (vote|position)|\bEO[VP]\b"
        rf"|\bexplain (our|its|my delegation{_A}s|the|his|her) (vote|position)"
        r"|\bexpliquer (notre|son|sa|le|la) (vote|position)",
        "it explains a vote or a position",
    ),
    _sign(
        "explanation-of-vote",
        7,
        r"\bvot(e|ed|es|ing) (in favou?r|against|for|yes|no)\b|\b(will|shall|would) vote\b|\bvoted\b"
        r"|\babst(ain|ained|ains|ention|aining)\b|\ba voté\b|\bavons voté\b|\bvoter(ons|a)\b|s[’']abst"
        r"|\bvote (pour|contre|oui|non)\b",
        "it says how the delegation votes",
    ),
    _sign(
        "explanation-of-vote",
        6,
        r"\bunanim\w*|adopted (without a vote|by consensus)|adopté(e)? (sans vote|par consensus)|par consensus"
        r"|join(ed|s|ing)? (the )?consensus|rejoint le consensus|dissociat|se dissoci|co-?sponsor"
        r"|adoption (of|de) (this|the|la|cette) (draft )?(resolution|résolution|decision|décision)",
        "it speaks of the adoption of a text",
    ),
    _sign(
        "explanation-of-vote",
        3,
        r"draft (resolution|decision)|projet de (résolution|décision)|\bamendments?\b",
        "it names a draft or an amendment",
    ),
    _sign(
        "explanation-of-vote",
        1,
        r"\b(this|the) (resolution|decision)\b|\b(cette|la) (résolution|décision)\b",
        "it names a resolution or decision",
    ),
    # joint statement
    _sign("joint-statement", 10, r"joint statement|déclaration commune|^joint\b", "it is a joint statement", "heading"),
    _sign("joint-statement", 10, r"\bthis joint statement|\bcette déclaration commune", "it is a joint statement"),
    replace(
        _sign(
            "joint-statement",
            10,
            r"\bon behalf of (the |a group of |these )?(\d+ |\w+ )?(countries|states|members|group|nordic|baltic"
            r"|benelux|european union|core group|friends|coalition|like-minded)"
            r"|\bon behalf of ([A-Z][\w.-]+( [A-Z][\w.-]+)*, ){1,}([A-Z][\w.-]+ )*(and )?[A-Z]"
            r"|\bau nom (du groupe|des pays|de l[’']Union|des États|d[’']un groupe|des \d+)"
            r"|\bfollowing countries align|\bpays suivants s[’']associent",
            "it is delivered on behalf of a group",
        ),
        unless=_ALIGNED,
    ),
    _sign(
        "joint-statement",
        -10,
        r"\bnational statement|on behalf of my (own )?(country|delegation|government)|\bà titre national"
        r"|\bin my national capacity|\bau nom de mon (pays|gouvernement)",
        "it says it is a national statement",
    ),
    # Human Rights Council dialogue
    _sign(
        "hrc-dialogue",
        3,
        rf"Human Rights Council|Conseil des droits de l{_A}homme|\bHRC ?\d*\b|\bCDH\b",
        "it is delivered in the Human Rights Council",
    ),
    _sign(
        "hrc-dialogue",
        4,
        r"High Commissioner|Haut(e)?-Commissaire|Special Rapporteur|Rapporteu(r|se) spécial|Independent Expert"
        r"|Expert(e)? indépendant|mandate holder|Special Procedures|procédures spéciales|Commission of Inquiry"
        r"|Fact-Finding Mission",
        "it addresses a mandate holder",
        "start",
    ),
    _sign(
        "hrc-dialogue",
        5,
        r"Universal Periodic Review|Examen périodique universel|\bUPR\b|\bEPU\b|\brecommends? that\b"
        r"|\brecommande que\b",
        "it speaks in a Universal Periodic Review",
        "start",
    ),
    _sign("hrc-dialogue", 2, r"\bGeneva\b|\bGenève\b|^item \d+\b", "it is delivered in Geneva"),
    # general debate
    _sign(
        "general-debate",
        8,
        r"(congratulat|félicit)\w*\W+(\w+\W+){0,25}(on|upon|for|pour|de) (your|his|her|votre|son|sa)"
        r" (election|élection)"
        r"|\bgeneral debate of the (\w+ )?(session of the )?(United Nations )?General Assembly"
        r"|\bdébat général de (la|l[’'])",
        "it congratulates the President on the election",
    ),
    _sign(
        "general-debate",
        3,
        r"President of the General Assembly|Président(e)? de l[’']Assemblée générale"
        r"|Heads of State|Chefs d[’']État|Excellencies, Ladies and Gentlemen|\bgeneral debate\b|\bdébat général\b",
        "it is a General Assembly debate",
    ),
    # Security Council open debate
    _sign("open-debate", 7, r"\bopen debate\b|\bdébat public\b", "it is an open debate"),
    _sign(
        "open-debate",
        6,
        r"(thank|remerci)\w*\W+(\w+\W+){0,8}(presidency|présidence)\W+(\w+\W+){0,6}"
        r"(for (convening|organi[sz]ing|holding)|d[’']avoir (organisé|convoqué))"
        r"|\bconcept note\b|\bnote (de cadrage|conceptuelle)\b",
        "it thanks the presidency for convening the debate",
    ),
    _sign(
        "open-debate",
        3,
        r"\bbriefers?\b|\bbriefings?\b|\bexposés?\b|\bSpecial (Coordinator|Envoy|Representative)\b"
        r"|\b(Représentant|Envoyé|Coordonnateur) spécial\b",
        "it thanks the briefers",
    ),
    _sign(
        "open-debate",
        2,
        r"(?<!reform of the )Security Council(?! reform)|(?<!réforme du )Conseil de sécurité|\bthis Council\b"
        r"|\bce Conseil\b|\bUNSC\b",
        "it is delivered in the Security Council",
    ),
    # interactive dialogue
    _sign(
        "interactive-dialogue",
        4,
        r"\bpanel(ists?|lists?)?\b|\bmoderator\b|\bmodérat(eur|rice)\b|co-?chairs?\b|coprésident"
        r"|\bIGN\b|intergovernmental negotiations|négociations intergouvernementales"
        r"|\binformal (interactive )?(meeting|dialogue|plenary)|\bréunion informelle|[ée]changes? de vues"
        r"|exchange of views",
        "it speaks to a panel or an informal meeting",
    ),
    _sign(
        "interactive-dialogue",
        3,
        r"\b(First|Second|Third|Fourth|Fifth|Sixth|1st|2nd|3rd|4th|5th|6th) Committee\b"
        r"|\b(Première|Deuxième|Troisième|Quatrième|Cinquième|Sixième) Commission\b",
        "it is delivered in a Main Committee of the General Assembly",
    ),
    _sign(
        "interactive-dialogue",
        2,
        r"interactive dialogue|dialogue interactif|Security Council reform|réforme du Conseil de sécurité",
        "it is an interactive dialogue",
    ),
)


@dataclass(frozen=True)
class Kind:
    """The kind chosen, why, and the runner-up when it is close."""

    name: str
    reason: str
    runner_up: str | None = None
    scores: tuple[tuple[str, float], ...] = ()


def recognise_kind(front: Sequence[Paragraph], body: Sequence[Paragraph], kinds: Iterable[str]) -> Kind:
    """The kind of the statement among ``kinds`` (template names), from its signs."""
    known = set(kinds)
    front, body = bounded(front, SCAN_LIMIT // 10), bounded(body)
    start = "\n".join(p.text for p in [*front, *body[:_START]])
    rest = "\n".join(p.text for p in body[_START:])
    scores: dict[str, float] = {}
    evidence: dict[str, list[tuple[float, str, str]]] = {}
    heading = "\n".join(p.text for p in front)
    for sign in SIGNS:
        if sign.kind not in known:
            continue
        found = sign.search(heading if sign.where == "heading" else start)
        weight = sign.weight * 1.5 if found else sign.weight
        if found is None and sign.where == "all":
            found = sign.search(rest)
        if found is None:
            continue
        scores[sign.kind] = scores.get(sign.kind, 0.0) + weight
        evidence.setdefault(sign.kind, []).append((weight, sign.says, found.group(0)))
    ranked = sorted(((s, k) for k, s in scores.items() if s > 0), reverse=True)
    if not ranked:
        return Kind(DEFAULT_KIND, "no sign of another kind of statement: a general national statement")
    best, name = ranked[0]
    runner = next((k for s, k in ranked[1:] if s >= best * _CLOSE), None)
    strongest = sorted(evidence[name], reverse=True)[:2]
    reason = "; ".join(f'{says} ("{text}")' for _, says, text in strongest)
    return Kind(name, reason, runner, tuple((k, s) for s, k in ranked))

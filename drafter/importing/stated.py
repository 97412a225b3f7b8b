"""The facts a statement states, each with the words it was read from: the delegation as it names itself,
whom it addresses, the vote it casts, the text voted on, whom it answers, the mandate holder.

A fact is read only from words that state it; what no words state is left to ``answers``, which reports
it as guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from drafter.importing.addresses import addressed
from drafter.importing.names import as_delegation, bare, french_after, name_pattern
from drafter.importing.source import Paragraph

_I = re.IGNORECASE
SCAN_LIMIT = 100_000  # characters of a statement read for its facts and its kind (the longest real ones: 30,000)


@dataclass(frozen=True)
class Stated:
    """A fact as the statement states it, and the words it was read from."""

    value: str
    words: str


# -- the delegation --------------------------------------------------------------------------------
# How a delegation speaks of itself in the third person: the verbs that follow its name.
# How a delegation speaks of itself in the third person: the verbs that follow its name. The first are what
# a statement says of its own delegation ("thanks", "aligns", "voted"); the others are said of any country
# ("continues", "rejects") and count for less.
_SELF_VERBS = {
    "en": re.compile(
        r"^(thank|welcom|align|associat|support|believ|urg|reaffirm|reiterat|vot|abstain|commend|congratulat"
        r"|appreciat|regret|express|wish|encourag|recommend|applaud|salut|underlin|underscor|stress|emphasi[sz]"
        r"|acknowledg|calls?$|look)",
        _I,
    ),
    "fr": re.compile(
        r"^(remerci|salu|félicit|s[’']associ|s[’']engag|soutien|appui|appell|réaffirm|réitèr|se réjoui|se félicit"
        r"|regrett|votera|s[’']abst|souhait|tient|recommand|encourag|exprim|plaid)",
        _I,
    ),
}
_OTHER_VERBS = {
    "en": re.compile(
        r"^(condemn|remain|continu|shar|recogni[sz]|notes?$|noted$|join|stand|agree|attach|consider|deplor|oppos"
        r"|reject|favou?r|request|takes$|took$|will$|would$|shall$|cannot$|can$|strongly|fully|firmly"
        r"|unequivocally|highly|deeply|again|also|therefore)",
        _I,
    ),
    "fr": re.compile(
        r"^(a$|condamn|déplor|pens|consid|estim|rest|continuer|poursuivr|reconna|demand|partag|rappell|se joint"
        r"|prend|préconis|défend|assumer|n[’']a$|ne$|se$)",
        _I,
    ),
}
# "is committed", "was pleased", "est convaincue": a state the delegation is in.
_SELF_STATES = re.compile(
    r"^(committed|concerned|pleased|proud|ready|convinced|deeply|fully|firmly|gravely|seriously|particularly|also"
    r"|strongly|determined|alarmed|encouraged|grateful|hono(u)?red|always|consistently|engagée?|convaincue?"
    r"|attachée?|préoccupée?|favorable|fermement|pleinement|profondément|déterminée?|toujours|soucieuse?)$",
    _I,
)
_BE = re.compile(r"^(is|was|has|remains|est|reste|a)$", _I)
_FRENCH_AUXILIARIES = ("a", "s’est", "s'est", "se", "s’", "s'")
_AFTER_NAME = re.compile(r"(, [^,.;:]{1,90},)? (?P<first>[\w’'-]+)(?: (?P<second>[\w’'-]+))?")
_HEADING_BY = re.compile(
    r"(?:\b(?:by|of|from)(?: the (?:delegation|permanent mission|mission|representative|government) of)?"
    r"|\brepresentative of|\bmission of|\bbehalf of|\bdéclaration|\bintervention|\bexplication de vote)\s+$"
    r"|(?:\bde|\bd[’'])\s*$",
    _I,
)
_FR_CONTRACTED = re.compile(r"\b(du|des|de la|de l[’']|au|aux)\s*$", _I)
_MY_COUNTRY = re.compile(
    r"\bmy (?:own )?country,? |\bmon (?:propre )?pays,? |\b(?:as|en ma qualité de|en tant que) (?:the )?"
    r"(?:representative|représentante?|délégué|delegate) (?:of |de |du |des |de la |de l[’'])",
    _I,
)
_OWN_NOUNS = re.compile(r"[’']s (right of reply|position|vote)\b", _I)


def delegation(front: Sequence[Paragraph], body: Sequence[Paragraph], language: str) -> Stated | None:
    """The delegation as the statement names itself: the subject of its own sentences ("Japan voted …",
    "La France s'associe …"), "my own country, Norway", else the heading ("Statement by the United States")."""
    pattern = name_pattern(language)
    counts: Counter[str] = Counter()
    forms: dict[str, Stated] = {}
    body = bounded(body)
    for paragraph in body:
        for stated, weight in _subjects(paragraph.text, pattern, language):
            key = bare(stated.value)
            counts[key] += weight
            forms.setdefault(key, stated)
    if counts:
        return forms[counts.most_common(1)[0][0]]
    for paragraph in body:
        found = _after_my_country(paragraph.text, pattern, language)
        if found is not None:
            return found
    return _from_heading(front, pattern, language)


def _subjects(text: str, pattern: re.Pattern[str], language: str) -> Iterable[tuple[Stated, int]]:
    """Names that open a sentence or clause and are followed by a verb a delegation uses of itself, each with
    how surely it speaks of itself (3: "thanks", "aligns"; 1: "continues", "will")."""
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()].rstrip()
        if (
            before
            and not before.endswith((".", ",", ";", ":", "!", "?", "–", "—", "-"))
            and not re.search(r"\b(and|that|et|que|qu[’'])$", before, _I)
        ):
            continue
        after = _AFTER_NAME.match(text, match.end())
        if after is None:
            continue
        weight = _speaks_of_itself(after.group("first"), after.group("second") or "", language)
        if weight:
            words = text[match.start() : after.end()]
            yield Stated(as_delegation(match.group("name"), match.group("article"), language), words), weight


def _speaks_of_itself(first: str, second: str, language: str) -> int:
    """How surely the words after a name are what a delegation says of itself: 3 ("thanks", "is committed"),
    1 ("continues", "will"), 0."""
    if not first.islower():
        return 0
    own = _SELF_VERBS.get(language, _SELF_VERBS["en"])
    other = _OTHER_VERBS.get(language, _OTHER_VERBS["en"])
    if _BE.match(first) and _SELF_STATES.match(second):
        return 3
    if language == "fr" and first.lower() in _FRENCH_AUXILIARIES:
        verb = f"se {second}" if first.lower() in ("se", "s’", "s'") else second
        if own.match(verb) or (first.lower() != "a" and second.islower()):  # "s’est abstenue", "a voté"
            return 3
        return 1 if other.match(verb) else 0
    for word in (first, second) if first.endswith("ly") or other.match(first) else (first,):
        if own.match(word):
            return 3
    return 1 if other.match(first) else 0


def _after_my_country(text: str, pattern: re.Pattern[str], language: str) -> Stated | None:
    """ "my own country, Norway", "en ma qualité de représentante de la Suisse", "Ukraine’s right of reply"."""
    for mine in _MY_COUNTRY.finditer(text):
        match = pattern.match(text, mine.end())
        if match is not None:
            article = match.group("article") or french_after(mine.group(0).split()[-1])
            return Stated(as_delegation(match.group("name"), article, language), text[mine.start() : match.end()])
    for match in pattern.finditer(text):
        if _OWN_NOUNS.match(text, match.end()):
            return Stated(as_delegation(match.group("name"), match.group("article"), language), match.group(0))
    return None


def _from_heading(front: Sequence[Paragraph], pattern: re.Pattern[str], language: str) -> Stated | None:
    """The name a heading gives the speaker's delegation ("Statement by …", "Intervention de la France",
    "Permanent Mission of Japan", "UK Statement …"), else the first name it gives."""
    first: Stated | None = None
    for paragraph in front:
        text = paragraph.text
        for match in pattern.finditer(text):
            before = text[: match.start()]
            article = match.group("article")
            contracted = _FR_CONTRACTED.search(before) if language == "fr" and not article else None
            if contracted is not None:
                article = french_after(contracted.group(1).replace("'", "’"))
            stated = Stated(as_delegation(match.group("name"), article, language), text)
            after = text[match.end() :]
            if _HEADING_BY.search(before) or (not before.strip() and re.match(r"^ (statement|déclaration)", after, _I)):
                return stated
            first = first or stated
    return first


# -- whom the statement addresses ------------------------------------------------------------------
# Whom a statement addresses first when it addresses both the chair and a mandate holder.
_PRESIDING = frozenset({"president", "vice-president", "chair", "co-chairs", "co-facilitators", "moderator"})


def address(paragraphs: Sequence[Paragraph]) -> dict[str, Stated]:
    """The presiding officer and the form of address, from the first form of address in ``paragraphs``."""
    forms = [found for found in (addressed(p.text) for p in paragraphs) if found is not None]
    presiding = [f for f in forms if f.officer in _PRESIDING]
    if not forms:
        return {}
    found = (presiding or forms)[0]
    facts = {"presiding_officer": Stated(found.officer, found.text)}
    if found.gender != "any":
        facts["officer_gender"] = Stated(found.gender, found.text)
    return facts


# -- the vote --------------------------------------------------------------------------------------
_VOTES: tuple[tuple[str, str, str], ...] = (
    # (timing, vote, pattern)
    ("before", "in-favour", r"\b(will|shall|intend to|going to) vote (in favou?r|for|yes)\b"
     r"|\bvoter(a|ons) (pour|oui|en faveur)"),
    ("before", "against", r"\b(will|shall|intend to|going to),?( \w+,)? vote against\b|\bvoter(a|ons) contre"),
    ("before", "abstain", r"\b(will|shall|intend to) abstain\b|s[’']abstiendr|nous abstiendrons"),
    ("after", "in-favour", r"\bvoted (in favou?r|for|yes)\b|\b(pleased|proud) to vote (in favou?r|for)\b"
     r"|\ba(vons)? voté (pour|oui|en faveur)"),
    ("after", "against", r"\bvoted against\b|\ba(vons)? voté contre"),
    ("after", "abstain", r"\babstained\b|s[’']est abstenue?|sommes abstenus|a choisi de s[’']abstenir"),
    ("", "against", r"\bvote against\b"),
    ("", "in-favour", r"\bvote in favou?r\b"),
)  # fmt: skip
_TIMING = (
    ("before", r"\b(explanation of vote|eov) before\b|\bexplication de vote avant\b|\bbefore the vote\b"),
    ("after", r"\b(explanation of vote|eov) after\b|\bexplication de vote après\b|\bafter the vote\b"),
    ("position", r"explanation of position|explication de position|\bEOP\b|without a vote|par consensus"
     r"|sans vote|by consensus|join(ed)? (the )?consensus"),
)  # fmt: skip
_POSITIONS = (
    ("dissociates", r"\bdissociat|\bse dissoci"),
    ("reservations", r"\bfor the record\b|\bon record\b|\breservations?\b|faire consigner|\bréserves?\b"),
    ("joined", r"\bjoin(ed|s)? (the )?consensus|rejoint le consensus|par consensus|by consensus"),
)
_DOCUMENTS = (
    ("draft-resolution", r"\bdraft resolution\b|\bprojet de résolution\b"),
    ("draft-decision", r"\bdraft decision\b|\bprojet de décision\b"),
    ("amendment", r"\bamendment\b|\bamendement\b"),
    ("resolution", r"\bresolution\b|\brésolution\b"),
    ("decision", r"\bdecision\b|\bdécision\b"),
)
_VOTE_WORDS = re.compile(r"\bvot|\babst|\badopt|\bconsensus\b", _I)
_THIS_BEFORE = re.compile(r"\b(this|these|ce|cette|ces|present|présente?)\s+$", _I)
_TODAY = re.compile(r"^\W*(\w+\W+){0,3}(today|aujourd[’']hui)\b", _I)
_SYMBOL = re.compile(r"\b(A/[A-Z0-9./]*\d[A-Z0-9./]*|S/\d{4}/\d+|(?<![\w/])L\.\d+(/Rev\.\d+)?)")


def vote(front: Sequence[Paragraph], body: Sequence[Paragraph]) -> dict[str, Stated]:
    """The timing, the vote cast or the position taken, the kind of text and its symbol, as stated."""
    text = "\n".join(p.text for p in body)
    heading = "\n".join(p.text for p in front)
    facts: dict[str, Stated] = {}
    for timing, cast, pattern in _VOTES:
        found = re.search(pattern, text, _I)
        if found is not None:
            facts["vote"] = Stated(cast, found.group(0))
            if timing:
                facts["timing"] = Stated(timing, found.group(0))
            break
    for timing, pattern in _TIMING:
        found = re.search(pattern, f"{heading}\n{text}", _I)
        if found is not None and (timing == "position" or "timing" not in facts):
            facts["timing"] = Stated(timing, found.group(0))
            break
    if facts.get("timing", Stated("", "")).value == "position":
        facts.pop("vote", None)
        for position, pattern in _POSITIONS:
            found = re.search(pattern, text, _I)
            if found is not None:
                facts["position"] = Stated(position, found.group(0))
                break
    document = _document(body, front)
    if document is not None:
        facts["document"] = document
    symbol = _SYMBOL.search(f"{heading}\n{text}") if facts else None
    if symbol is not None:
        facts["symbol"] = Stated(symbol.group(0), symbol.group(0))
    return facts


def _document(body: Sequence[Paragraph], front: Sequence[Paragraph]) -> Stated | None:
    """The kind of text voted on: the one called "this" (or "today's"), else named in the sentence of the
    vote, else the first named."""
    sentences = [s for p in body for s in re.split(r"(?<=[.!?])\s+", p.text)]
    mentions = [(sentence, name, found) for sentence in sentences for name, found in _named_documents(sentence)]
    for wanted in (_this_one, lambda m: _VOTE_WORDS.search(m[0]) is not None, lambda m: True):
        chosen = next((m for m in mentions if wanted(m)), None)
        if chosen is not None:
            return Stated(chosen[1], chosen[0])
    heading = [m for p in front for m in _named_documents(p.text)]
    return Stated(heading[0][0], heading[0][1].group(0)) if heading else None


def _named_documents(sentence: str) -> list[tuple[str, re.Match[str]]]:
    """Each text a sentence names, the most specific name for each place ("draft resolution" over "resolution")."""
    found: list[tuple[str, re.Match[str]]] = []
    for name, pattern in _DOCUMENTS:
        for match in re.finditer(pattern, sentence, _I):
            if not any(m.start() <= match.start() < m.end() for _, m in found):
                found.append((name, match))
    return sorted(found, key=lambda item: item[1].start())


def _this_one(mention: tuple[str, str, re.Match[str]]) -> bool:
    sentence, _, found = mention
    before, after = sentence[: found.start()], sentence[found.end() : found.end() + 40]
    return bool(_THIS_BEFORE.search(before) or _TODAY.search(after))


# -- whom the statement answers, and the mandate holder ----------------------------------------------
_RESPONDING = re.compile(
    r"\b(?:in response to|reply(?:ing)? to|respond(?:ing)? to|comment on|due to) (?:the )?(?:statements?|intervention"
    r"|remarks) (?:made )?(?:by|of) (?P<en>[^.;:]+?)(?: made\b| earlier\b| today\b| calling\b| at\b|[.;:,])"
    r"|\b(?:à la déclaration|aux propos) (?:faite par|de|du|des) (?P<fr>[^.;:]+?)(?:[.;:,]| lors\b)",
    _I,
)
_MANDATE = re.compile(
    r"\b(?P<en>(?:the )?(?:Special Rapporteur(?: on [^,.;:?]+?)?|High Commissioner(?: for Human Rights)?"
    r"|Independent Expert(?: on [^,.;:?]+?)?|Working Group on [^,.;:?]+?))(?=[,.;:?]| for\b| and\b| on his\b"
    r"| on her\b|$)|\b(?P<fr>(?:la |le )?(?:Rapporteu(?:r|se) spécial(?:e)?(?: sur [^,.;:?]+?)?"
    r"|Haut(?:e)?-Commissaire(?: aux droits de l[’']homme)?|Expert(?:e)? indépendant(?:e)?(?: sur [^,.;:?]+?)?))"
    r"(?=[,.;:?]| pour\b| et\b|$)",
    _I,
)


def responding_to(body: Sequence[Paragraph]) -> Stated | None:
    """Whom a reply answers ("the statement made by the delegate of …")."""
    for paragraph in body[:4]:
        found = _RESPONDING.search(paragraph.text)
        if found is not None:
            return Stated((found.group("en") or found.group("fr")).strip(), found.group(0))
    return None


def mandate_holder(front: Sequence[Paragraph], body: Sequence[Paragraph]) -> Stated | None:
    """The mandate holder the statement addresses, as the heading or the first paragraphs name them."""
    for paragraph in [*front, *body[:4]]:
        found = _MANDATE.search(paragraph.text)
        if found is not None:
            name = (found.group("en") or found.group("fr")).strip()
            if not re.match(r"(the|la|le) ", name, _I):
                name = f"the {name}" if found.group("en") else f"{'la' if 'Haute' in name else 'le'} {name}"
            return Stated(name, found.group(0))
    return None


_BEHALF = re.compile(
    r"\bon behalf of (?P<en>(?:the |a group of )?[^:.,;]+?)(?=[:.,;]| who\b| which\b|$)"
    r"|\bau nom (?P<fr>(?:du|des|de la|de l[’']|d[’'])\s*[^:.,;]+?)(?=[:.,;]|$)",
    _I,
)


def group(front: Sequence[Paragraph], body: Sequence[Paragraph]) -> Stated | None:
    """The group a joint statement speaks for, as its first paragraphs (or its heading) name it."""
    for paragraph in [*body[:3], *front]:
        found = _BEHALF.search(paragraph.text)
        if found is None:
            continue
        name = (found.group("en") or found.group("fr") or "").strip()
        if re.match(r"(my|mon|ma)\b", name, _I) or not name:
            continue
        if found.group("fr"):
            contraction = re.match(r"(du|des|de la|de l[’']|d[’'])\s*", name, _I)
            assert contraction is not None
            name = french_after(contraction.group(1).replace("'", "’")) + name[contraction.end() :]
        return Stated(name, found.group(0))
    return None


def bounded(paragraphs: Sequence[Paragraph], limit: int = SCAN_LIMIT) -> list[Paragraph]:
    """The paragraphs within the first ``limit`` characters (a statement is far shorter; a hostile file is not
    read further), the last one cut there."""
    kept: list[Paragraph] = []
    room = limit
    for paragraph in paragraphs:
        if room <= 0:
            break
        kept.append(paragraph if len(paragraph.text) <= room else Paragraph(paragraph.text[:room], paragraph.kind))
        room -= len(paragraph.text)
    return kept


def read_facts(front: Sequence[Paragraph], body: Sequence[Paragraph], language: str) -> dict[str, Stated]:
    """Every fact the statement states, by the name of the answer it gives."""
    front, body = bounded(front, SCAN_LIMIT // 10), bounded(body)
    facts: dict[str, Stated] = {}
    found = delegation(front, body, language)
    if found is not None:
        facts["delegation"] = found
    short = [p for p in [*body[:3], *body[-3:]] if p.kind == "paragraph" and len(p.text.split()) <= 14]
    if body:  # "Thank you, Mr. President.  As we have made clear …": the opening in the first sentence
        short.insert(0, Paragraph(body[0].text[:60]))
    facts.update(address(short))
    facts.update(vote(front, body))
    readers = (
        ("responding_to", responding_to(body)),
        ("mandate_holder", mandate_holder(front, body)),
        ("group_name", group(front, body)),
    )
    for name, fact in readers:
        if fact is not None:
            facts[name] = fact
    return facts

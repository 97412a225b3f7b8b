"""The frame of a delivered statement found with the phrase bank: heading lines, marker, salutations,
alignment, thanks, closing; everything else is the delegation's own paragraphs.

Recognition only looks where a template puts its sentences: the heading block, the paragraphs that open
the statement (salutation, alignment, thanks, in any order), and those that end it (the repeated
salutation before the closing paragraphs, the closing thanks). A sentence is a bank *variant* when the
bank writes exactly those words (the facts inside it, e.g. the delegation, are read from it), else the
drafter's *own words*. What is not recognised stays, in order, as free paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from drafter.importing.addresses import is_salutation
from drafter.importing.dates import find_date, place_before
from drafter.importing.patterns import Patterns, PhraseMatch
from drafter.importing.shapes import Shape
from drafter.importing.source import Paragraph

_I = re.IGNORECASE
_MARKER = re.compile(r"against delivery|^as delivered\.?$|verbatim|fait foi|talade ordet", _I)
_TITLE = re.compile(
    r"^(joint )?(statement|intervention|déclaration|discours|explanation|explication|remarks|allocution|speech)\b",
    _I,
)
_DELEGATION = re.compile(
    r"\b(?:statement|intervention|remarks|explanation of (?:vote|position)) (?:by|of) (?:the delegation of )?"
    r"(?:H\.E\. |Ambassador )?(?P<en>[^,–—:-]+?)(?: on behalf of\b| at\b| to\b| in\b|,|$)"
    r"|\b(?:déclaration|intervention|explication de vote|discours) "
    r"(?P<fr>(?:de la|de l’|du|des|de) [^,–—:-]+?)(?: au nom\b| à\b| lors\b|,|$)",
    _I,
)
_AGENDA = re.compile(r"^(agenda )?item \d|^point \d", _I)
_SALUTATION_START = re.compile(
    r"^(excellenc|ladies|mesdames|messieurs|distinguished|dear|chers?|monsieur|madame|mr\.? |mrs\.? |ms\.? |madam|"
    r"president|président|vice|chair|co-chair|high commissioner|special rapporteur|independent expert|moderator|"
    r"co-facilitator|secretary|under-secretary|honou?rable|esteemed)",
    _I,
)
_OPENING_START = re.compile(r"^(thank you|thanks|merci|je vous remercie)\b", _I)
_CLOSING = re.compile(r"^(i )?(thank you|je vous remercie|merci|thanks)\b", _I)
_ALIGNMENT = re.compile(
    r"\balign(s|ed)?( (itself|themselves|ourselves|myself))?( fully)? with\b|\bs[’']associ|\bnous associons\b|"
    r"\bsubscribes? to\b",
    _I,
)
_BEHALF = re.compile(r"\bon behalf of\b|\bau nom d", _I)
_THANKS = re.compile(
    r"^((first(ly)?|at the outset|tout d’abord|d’emblée),? )?("
    r"(i|we|my delegation|[A-Z]\w+( \w+)?) (would |also |wish to |want to )*(like to )?"
    r"(thank|thanks|commend|welcome)s?\b"
    r"|(let me|allow me to) (begin by |start by |first )?(thank|congratulat)|thank you,? (very much )?(for|to)\b"
    r"|(je|nous) ((tiens|tenons|souhaite|souhaitons|voudrais|voudrions) (à )?)?(vous )?remerci"
    r"|(je remercie|nous remercions)|(la|le|l’)\s?\w+ (remercie|salue|félicite))",
    _I,
)
_CONGRATULATE = re.compile(r"congratulat|félicit", _I)
_EXPLAIN = re.compile(r"\bexplain\b.*\b(vote|position)\b|\bexpliquer\b.*\b(vote|position)\b", _I)
_REPLY = re.compile(r"right of reply|droit de réponse", _I)
_QUESTION = re.compile(r"\?\s*$")


@dataclass
class Found:
    """A sentence of the frame found in the statement."""

    key: str
    text: str
    variant: str | None = None  # the bank's variant that writes exactly these words; None: own words
    facts: dict[str, Any] = field(default_factory=dict)
    bank: bool = False  # the phrase has one wording, and the bank writes exactly these words

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
    extra: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Reading:
    """A delivered statement read against a template: the frame found, the rest as paragraphs."""

    language: str
    heading: list[Found]
    marker: str
    parts: list[Part]  # in order; the part named "body" holds the free paragraphs
    facts: dict[str, Any]
    guesses: dict[str, str] = field(default_factory=dict)

    @property
    def body(self) -> Part:
        """The part holding the delegation's own paragraphs."""
        return next(p for p in self.parts if p.section == "body")


class Recogniser:
    """Finds a template's frame in a statement, with the phrase bank of its language."""

    def __init__(
        self, patterns: Patterns, shape: Shape, other_markers: Sequence[str] = (), known: dict[str, Any] | None = None
    ) -> None:
        self.patterns = patterns
        self.shape = shape
        self.other_markers = other_markers
        self.facts: dict[str, Any] = dict(known or {})

    # -- facts -----------------------------------------------------------------------------------
    def _accept(self, match: PhraseMatch | None, text: str, key: str | None = None) -> Found | None:
        """A match as a Found; its facts must agree with those already read, else it is own words."""
        if match is None:
            return None
        facts = match.facts
        for name, value in facts.items():
            known = self.facts.get(name)
            if known is not None and _folded(known) != _folded(value):
                return Found(key or match.key, text)
        for name, value in facts.items():
            self.facts.setdefault(name, value)
        many = match.variant is not None
        return Found(key or match.key, text, match.variant, dict(facts), bank=not many)

    def find(self, key: str, text: str) -> Found | None:
        """The sentence ``key`` if it is all of ``text``."""
        return self._accept(self.patterns.match(key, text), text)

    def _prefix(self, keys: Sequence[str], text: str, start: int) -> tuple[Found, int] | None:
        for key in keys:
            match = self.patterns.match(key, text, whole=False, start=start)
            if match is not None:
                found = self._accept(match, text[start : match.end], key)
                if found is not None and found.variant is None and not found.bank:
                    return None
                if found is not None:
                    return found, match.end
        return None

    # -- the heading block -------------------------------------------------------------------------
    def heading(self, lines: Sequence[Paragraph]) -> tuple[list[Found], str]:
        """Each heading line as the sentence of the slot it fills; the marker's choice."""
        remaining = [p.text for p in lines]
        slots: dict[str, Found] = {}
        title = self.shape.title
        marker = self._take_marker(remaining, slots)
        self._take_first(remaining, slots, title, _TITLE)
        if title not in slots and remaining:
            slots[title] = Found(title, remaining.pop(0))
        self._take_place_date(remaining, slots)
        self._take_first(remaining, slots, "agenda_item", _AGENDA)
        for slot, fact in (("meeting_line", "meeting"), ("speaker_line", "speaker")):
            if remaining and fact not in self.facts:
                text = remaining.pop(0)
                self.facts[fact] = text
                slots[slot] = Found(slot, text, bank=True, facts={fact: text})
        for text in remaining:
            self._delegation_from(text)
        self._place_leftovers(remaining, slots, title)
        for found in slots.values():
            self._delegation_from(found.text)
        order = ("markers", title, "speaker_line", "meeting_line", "agenda_item", "place_date")
        return [slots[s] for s in order if s in slots], marker

    def _take_marker(self, remaining: list[str], slots: dict[str, Found]) -> str:
        """The first line that is a front-page marker: its choice (and its wording when not the bank's)."""
        for text in remaining:
            choice = self._marker_choice(text)
            if choice is not None:
                if choice[1] is not None:
                    slots["markers"] = choice[1]
                remaining.remove(text)
                return choice[0]
        return "none"

    def _take_first(self, remaining: list[str], slots: dict[str, Found], slot: str, shape: re.Pattern[str]) -> None:
        """The first line the phrase bank's ``slot`` sentence matches, or that looks like one."""
        for text in remaining:
            found = self.find(slot, text)
            if found is None and shape.match(text):
                found = Found(slot, text)
            if found is not None:
                slots[slot] = found
                remaining.remove(text)
                return

    def _take_place_date(self, remaining: list[str], slots: dict[str, Found]) -> None:
        """The first line with a date: the date and the place before it are facts too."""
        for text in remaining:
            date = find_date(text, self.patterns.language)
            if date is None:
                continue
            self.facts.setdefault("date", date)
            place = place_before(text, date)
            if place:
                self.facts.setdefault("place", place)
            slots["place_date"] = self._place_date(text)
            remaining.remove(text)
            return

    @staticmethod
    def _place_leftovers(remaining: list[str], slots: dict[str, Found], title: str) -> None:
        """Lines no slot recognised, in order into the free slots, the rest joined to the last one filled."""
        for slot in (title, "meeting_line", "speaker_line", "agenda_item", "place_date"):
            if remaining and slot not in slots:
                slots[slot] = Found(slot, remaining.pop(0))
        if remaining:
            slot = next(s for s in ("speaker_line", "meeting_line", title, "agenda_item", "place_date") if s in slots)
            slots[slot] = Found(slot, "\n\n".join([slots[slot].text, *remaining]))

    def _marker_choice(self, text: str) -> tuple[str, Found | None] | None:
        for variant, wording in self.patterns.variants("markers").items():
            if wording == text and variant is not None:
                return variant, None
        short = _words(text) <= 6 and find_date(text, self.patterns.language) is None
        if (short and _MARKER.search(text)) or text in self.other_markers:
            return "check-against-delivery", Found("markers", text)
        return None

    def _place_date(self, text: str) -> Found:
        if "place" in self.facts and "date" in self.facts:
            source = self.patterns.variants("place_date").get(None, "")
            context = {"place": self.facts["place"], "date": self.facts["date"], "language": self.patterns.language}
            try:
                rendered = str(self.patterns.renderer.env.from_string(source).render(context))
            except Exception:
                rendered = ""
            if rendered == text:
                return Found("place_date", text, bank=True)
        return Found("place_date", text)

    def _delegation_from(self, text: str) -> None:
        if "delegation" in self.facts:
            return
        match = _DELEGATION.search(text)
        if match is not None:
            self.facts["delegation"] = (match.group("en") or match.group("fr") or "").strip()

    # -- the statement -----------------------------------------------------------------------------
    def statement(self, body: Sequence[Paragraph]) -> list[Part]:
        """The sections found at the start and the end, and the paragraphs between them."""
        paragraphs = list(body)
        leading = self._leading(paragraphs)
        rest = paragraphs[len(leading) :]
        trailing = self._trailing(rest, leading)
        used = sum(len(p.paragraphs) + (p.section != "final") for p in trailing)
        middle = rest[: len(rest) - used]
        body_part = Part("body", paragraphs=middle)
        self._body_lead(body_part)
        return [*leading, body_part, *trailing]

    def _leading(self, paragraphs: list[Paragraph]) -> list[Part]:
        parts: list[Part] = []
        salutation: str | None = None
        for index, paragraph in enumerate(paragraphs):
            if paragraph.kind != "paragraph" or paragraph.heading:
                break
            text = paragraph.text
            done = {p.section for p in parts}
            part: Part | None = None
            if index == 0 and "opening" in self.shape.sections:
                part = self._opening(text)
            salutes = "salutation" in self.shape.sections and is_salutation(text, self.patterns)
            if part is None and salutes and salutation in (None, text):
                found = self.find("salutation", text) or Found("salutation", text)
                part = Part("salutation", [found])
                salutation = text
            if part is None and "alignment" not in done and self.shape.alignment:
                part = self._alignment(text)
            if part is None and "thanks" not in done and self.shape.thanks:
                part = self._thanks(text)
            if part is None:
                break
            part.paragraphs = [paragraph]
            parts.append(part)
        return parts

    def _opening(self, text: str) -> Part | None:
        for key in self.shape.opening:
            found = self.find(key, text)
            if found is not None:
                return Part("opening", [found])
        if is_salutation(text, self.patterns) or (_OPENING_START.match(text) and _words(text) <= 12):
            return Part("opening", [Found(self.shape.opening[-1], text)])
        return None

    def _alignment(self, text: str) -> Part | None:
        keys = self.shape.alignment
        if keys[0] == "on_behalf" and not _BEHALF.search(text):
            return None
        if keys[0] != "on_behalf" and not _ALIGNMENT.search(text):
            return None
        return self._chain("alignment", keys, text, extra_allowed=keys[0] == "on_behalf")

    def _thanks(self, text: str) -> Part | None:
        keys = self.shape.thanks
        if keys[0].startswith("explain"):
            if not _EXPLAIN.search(text):
                return None
        elif keys[0] == "congratulate_president":
            if not _CONGRATULATE.search(text):
                return None
        elif not _THANKS.search(text):
            return None
        return self._chain("thanks", keys, text, extra_allowed=self.shape.thanks_text is not None)

    def _chain(self, section: str, keys: Sequence[str], text: str, extra_allowed: bool) -> Part:
        """Sentences of ``keys`` one after another in a paragraph (the first required); the rest as
        the section's own words, or the whole paragraph as own words of the first."""
        found: list[Found] = []
        position = 0
        for group in keys:
            options = [k for k in self._expand(group) if k]
            start = position + 1 if found and text[position : position + 1] == " " else position
            hit = self._prefix(options, text, start)
            if hit is None:
                if not found:
                    break
                continue
            found.append(hit[0])
            position = hit[1]
            if hit[0].key.startswith("explain."):
                self.facts["timing"] = hit[0].key.split(".")[1]
        rest = text[position:].strip()
        if found and (not rest or extra_allowed):
            return Part(section, found, extra=rest)
        if found and len(found) > 1 and self._expand(keys[1])[0].startswith("vote"):
            return Part(section, [*found[:1], Found(found[1].key, text[len(found[0].text) :].strip())])
        if found and keys[0].startswith("explain") and rest:
            return Part(section, [found[0], Found(self._vote_key(), rest)])
        return Part(section, [Found(self._own_key(keys[0]), text)])

    def _expand(self, group: str) -> list[str]:
        """The sentence keys a key of the shape stands for (``explain`` → explain.before, …)."""
        if group == "explain":
            return ["explain.before", "explain.after", "explain.position"]
        if group == "thank_chair":
            return ["thank_chair", "thank_panel"]
        if group == "vote":
            timing = self.facts.get("timing", "before")
            if timing == "position":
                return [f"vote.position.{p}" for p in ("reservations", "joined", "dissociates")]
            return [f"vote.{timing}.{v}" for v in ("in-favour", "against", "abstain")]
        return [group]

    def _vote_key(self) -> str:
        timing = self.facts.get("timing", "before")
        return "vote.position.joined" if timing == "position" else f"vote.{timing}.in-favour"

    def _own_key(self, group: str) -> str:
        return self._expand(group)[0]

    def _trailing(self, rest: list[Paragraph], leading: list[Part]) -> list[Part]:
        parts: list[Part] = []
        if not rest:
            return parts
        last = rest[-1]
        if "final" in self.shape.sections and last.kind == "paragraph" and len(rest) > 1:
            found = self.find("closing_thanks", last.text)
            if found is None and _CLOSING.match(last.text) and _words(last.text) <= 12:
                found = Found("closing_thanks", last.text)
            if found is not None:
                parts.append(Part("final", [found], paragraphs=[last]))
        remaining = rest[: len(rest) - len(parts)]
        known = next((p.found[0].text for p in leading if p.section == "salutation"), None)
        for index in range(len(remaining) - 1, 0, -1):
            paragraph = remaining[index]
            if paragraph.kind != "paragraph" or not is_salutation(paragraph.text, self.patterns):
                continue
            if known is not None and known != paragraph.text:
                break
            tail = remaining[index + 1 :]
            if tail and "closing" not in self.shape.sections:
                break
            found = self.find("salutation", paragraph.text) or Found("salutation", paragraph.text)
            section = "closing" if tail else "salutation"
            if tail and any(p.kind != "paragraph" for p in tail):
                break
            parts.insert(0, Part(section, [found], paragraphs=list(tail)))
            break
        return parts

    def _body_lead(self, body: Part) -> None:
        key = self.shape.body_lead
        if key is None or not body.paragraphs or body.paragraphs[0].kind != "paragraph":
            return
        text = body.paragraphs[0].text
        found = self.find(key, text)
        if found is None and _REPLY.search(text):
            found = Found(key, text)
        if found is not None:
            body.found.append(found)
            body.paragraphs = body.paragraphs[1:]


def _words(text: str) -> int:
    return len(text.split())


def _folded(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value

"""The frame of a delivered statement found with the phrase bank: the sections that open it (opening,
salutation, alignment, thanks, in any order), the sentence that opens the body (a reply's), the list a
body ends with (questions after "We would like to ask:"), and the sections that end it (the repeated
salutation and the paragraphs after it, the closing thanks, the place and date written after it).

Recognition looks only where the template (its ``Shape``) puts sentences, and tries every variant the
phrase bank offers for each of them, so a variant added to the bank is recognised with no change here.
A paragraph that does the work of a sentence in words the bank does not have (a thanks, an alignment, a
closing) is that sentence in the drafter's own words. What is not recognised stays, in order, as the
delegation's own paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from drafter.importing.addresses import is_closing, is_opening, is_salutation, words
from drafter.importing.dates import find_date, place_before
from drafter.importing.patterns import ADDRESSEE_SALUTATION, Patterns, PhraseMatch
from drafter.importing.reading import Fact, FactBook, Found, Part
from drafter.importing.shapes import Sentence, Shape, fits
from drafter.importing.source import Paragraph
from drafter.inputs.manifest import Question

_I = re.IGNORECASE
# What a paragraph doing a sentence's work says, by the sentence's key in the bank (for own words).
_CUES: dict[str, re.Pattern[str]] = {
    "alignment": re.compile(
        r"\balign(s|ed)?( (itself|themselves|ourselves|myself))?( fully)? with\b|\bs[’']associ|\bnous associons\b"
        r"|\bsubscribes? to\b",
        _I,
    ),
    "on_behalf": re.compile(r"\bon behalf of\b|\bau nom d", _I),
    "thanks": re.compile(
        r"^((first(ly)?|at the outset|tout d’abord|d’emblée),? )?("
        r"(i|we|my delegation|[A-Z][\w’'-]*( [\w’'-]+){0,5}) (would |also |wish to |want to )*(like to )?"
        r"(thank|thanks|commend|welcome|appreciate|applaud)s?\b"
        r"|(let me|allow me to) (begin by |start by |first )?(thank|congratulat)|thank you,? (very much )?(for|to)\b"
        r"|(je|nous) ((tiens|tenons|souhaite|souhaitons|voudrais|voudrions) (à )?)?(vous )?remerci"
        r"|(je remercie|nous remercions)|(la|le|l’)\s?\w+ (remercie|salue|félicite))",
        _I,
    ),
    "congratulate_president": re.compile(r"congratulat|félicit", _I),
    "explain": re.compile(r"\bexplain\b.*\b(vote|position)\b|\bexpliquer\b.*\b(vote|position)\b", _I),
    "right_of_reply": re.compile(
        r"right of reply|droit de réponse|^(this (intervention|statement) is )?in response to the "
        r"(statement|intervention|remarks)|^en réponse (à|aux) (la déclaration|l[’']intervention|les propos)",
        _I,
    ),
}
_QUESTION = re.compile(r"\?\s*$")
_TRAILER_WORDS = 14  # a signature, a place and date after the closing thanks


def _cue(sentence: Sentence) -> re.Pattern[str]:
    return _CUES.get(sentence.root, _CUES["thanks"])


class Recogniser:
    """Finds a template's frame in a statement, with the phrase bank of its language."""

    def __init__(self, patterns: Patterns, shape: Shape, book: FactBook, questions: Mapping[str, Question]) -> None:
        self.patterns = patterns
        self.shape = shape
        self.book = book
        self.questions = questions

    def showable(self, sentence: Sentence) -> bool:
        """Whether answers can show the sentence: the answers its ``{% if %}`` tests are facts read, yes/no
        questions, groups to align with, or texts (left as placeholders when the statement does not say)."""
        for name, shown in sentence.shown_by:
            question = self.questions.get(name)
            if not shown or question is None or name in self.book.facts:
                continue
            if question.type not in ("confirm", "text", "longtext") and "group" not in (question.fields or {}):
                return False
        return True

    # -- sentences of the bank ---------------------------------------------------------------------------
    def keys_for(self, sentence: Sentence) -> list[str]:
        """The bank's keys a sentence of the template stands for (``explain.{timing}`` → ``explain.after`` …),
        those that fit the facts read so far first."""
        if "{" not in sentence.key:
            return [sentence.key]
        parts = sentence.key.split(".")
        keys = [k for k in self.patterns.bank.sentence_variants if fits(sentence.key, k)]
        keys = [k for k in keys if self.patterns.variants(k)]
        return sorted(keys, key=lambda k: -self._agrees(parts, k.split(".")))

    def _agrees(self, parts: list[str], key: list[str]) -> int:
        facts = self.book.facts
        return sum(p.startswith("{") and facts.get(p.strip("{}")) == k for p, k in zip(parts, key, strict=True))

    def find(self, key: str, text: str) -> Found | None:
        """The sentence ``key`` if it is all of ``text``."""
        return self.book.accept(self.patterns.match(key, text), text)

    def own_key(self, sentence: Sentence) -> str:
        """The key own words of a sentence go under: its expansion that fits the facts."""
        return self.keys_for(sentence)[0] if self.keys_for(sentence) else sentence.key

    def _note_path(self, sentence: Sentence, key: str) -> None:
        """The answers a key's parts stand for (``explain.after``: timing is after)."""
        for part, value in zip(sentence.key.split("."), key.split("."), strict=False):
            if part.startswith("{"):
                self.book.note(part.strip("{}"), value)

    # -- the statement ---------------------------------------------------------------------------------
    def statement(self, body: Sequence[Paragraph]) -> list[Part]:
        """The sections found at the start and the end, and the paragraphs between them."""
        paragraphs = list(body)
        leading = self._leading(paragraphs)
        rest = paragraphs[sum(len(p.source) for p in leading) :]
        trailing = self._trailing(rest, leading)
        middle = rest[: len(rest) - sum(len(p.source) for p in trailing)]
        body_part = Part("body", paragraphs=list(middle), source=list(middle))
        self._body_lead(body_part)
        self._body_lists(body_part)
        return [*leading, body_part, *trailing]

    def _leading(self, paragraphs: list[Paragraph]) -> list[Part]:
        parts: list[Part] = []
        index = 0
        while index < len(paragraphs):
            paragraph = paragraphs[index]
            if paragraph.kind != "paragraph" or paragraph.heading:
                break
            part = self._opening_lines(paragraphs[index:]) if not parts else None
            if part is None:
                part = self._opening_part(paragraph.text, index, parts)
                if part is None:
                    break
                part.source = [paragraph]
            if part.section == "opening" and len(part.source) == 1:
                self._salutations(part, paragraphs[index + 1 :])
            parts.append(part)
            index += len(part.source)
        return parts

    def _opening_lines(self, paragraphs: Sequence[Paragraph]) -> Part | None:
        """An opening the bank writes over several paragraphs, as a Head of State greets each audience on a
        line of its own."""
        for sentence in self.shape.sentences("opening"):
            for wording in self.patterns.variants(sentence.key).values():
                count = wording.count("\n\n") + 1
                if count < 2 or count >= len(paragraphs):  # one paragraph, or nothing left for the body
                    continue
                lines = paragraphs[:count]
                if any(p.kind != "paragraph" or p.heading for p in lines):
                    continue
                found = self.find(sentence.key, "\n\n".join(p.text for p in lines))
                if found is not None:
                    return Part("opening", [found], source=list(lines))
        return None

    def _salutations(self, opening: Part, after: Sequence[Paragraph]) -> None:
        """A run of three or more salutations ("Mr. President, / Excellencies, / Ladies and Gentlemen,"): one
        opening in the drafter's words."""
        run = 0
        while run < len(after) and after[run].kind == "paragraph" and is_salutation(after[run].text, self.patterns):
            run += 1
        if run < 2:
            return
        opening.source += after[:run]
        text = "\n\n".join(p.text for p in opening.source)
        opening.found = [Found(opening.found[0].key, text)]

    def _opening_part(self, text: str, index: int, done: list[Part]) -> Part | None:
        """The section a paragraph at the start of the statement belongs to, if any."""
        sections = {name for p in done for name in p.section.split("+")}
        if "opening" not in sections and self.shape.sentences("opening"):
            part = self._opening(text)
            if part is not None:
                return part
        if "opening" in sections and "addressee" not in sections and self._has("addressee"):
            part = self._addressee(text)
            if part is not None:
                return part
        salutation = next((p.found[0].text for p in done if p.section == "salutation"), None)
        if self._has("salutation") and is_salutation(text, self.patterns) and salutation in (None, text):
            return Part("salutation", [self.find("salutation", text) or Found("salutation", text)])
        for section in ("alignment", "thanks"):
            if section not in sections and self.shape.sentences(section):
                part = self._chain(section, text)
                if part is not None:
                    return part
        return None

    def _opening_and_addressee(self, text: str) -> Part | None:
        """The opening and the salutation to whom the speaker turns, in one paragraph ("Merci Madame la
        Présidente, Madame la Haute-Commissaire,"): the sections ``opening+addressee``."""
        if not self._has("addressee"):
            return None
        for sentence in self.shape.sentences("opening"):
            opening = self.patterns.match(sentence.key, text, whole=False)
            if opening is None or text[opening.end : opening.end + 1] != " ":
                continue
            rest = text[opening.end + 1 :]
            turned = self._turned_to(rest, opening.facts.get("presiding_officer"))
            if turned is None:
                continue
            first, second = self.book.accept(opening, text[: opening.end]), self.book.accept(turned, rest)
            if first is not None and second is not None and not (first.own_words or second.own_words):
                return Part("opening+addressee", [first, second])
        return None

    def _addressee(self, text: str) -> Part | None:
        """A salutation after the opening to someone other than whom presides ("Madam High Commissioner,")."""
        if not is_salutation(text, self.patterns):
            return None
        found = self.book.accept(self._turned_to(text, self.book.facts.get("presiding_officer")), text)
        return None if found is None or found.own_words else Part("addressee", [found])

    def _turned_to(self, text: str, presiding: object) -> PhraseMatch | None:
        """``text`` as the bank's salutation to someone other than ``presiding`` (the presiding officer)."""
        match = self.patterns.match(ADDRESSEE_SALUTATION, text)
        return None if match is None or match.facts.get("addressee") == presiding else match

    def _has(self, section: str) -> bool:
        return section in self.shape.sections and bool(self.shape.sentences(section))

    def _opening(self, text: str) -> Part | None:
        sentences = self.shape.sentences("opening")
        for sentence in sentences:
            found = self.find(sentence.key, text)
            if found is not None:
                return Part("opening", [found])
        joined = self._opening_and_addressee(text)
        if joined is not None:
            return joined
        if is_opening(text, self.patterns):
            plain = [s for s in sentences if all(shown is False for _, shown in s.shown_by)] or list(sentences)
            return Part("opening", [Found(plain[-1].key, text)])
        return None

    def _chain(self, section: str, text: str) -> Part | None:
        """Sentences of a section one after another in a paragraph (the first required); the words after them
        as the section's printed answer, or as own words of the next sentence, or the paragraph as own words."""
        sentences = self.shape.sentences(section)
        chained = self._sentences_in(sentences, text)
        if chained is None:
            return None
        found, position = chained
        rest = text[position:].strip()
        if found and (not rest or self.shape.printed(section)):
            return Part(section, found, extra=rest)
        later = [s for s in sentences if s.key != sentences[0].key and self.showable(s)]
        if found and rest and later and len(found) == 1:
            return Part(section, [found[0], Found(self.own_key(later[-1]), rest)])
        first = sentences[0]
        if not _cue(first).search(text) or not (self.showable(first) or self.shape.printed(section)):
            return None
        return Part(section, [Found(self.own_key(first), text)])

    def _sentences_in(self, sentences: Sequence[Sentence], text: str) -> tuple[list[Found], int] | None:
        """The bank's sentences at the start of ``text``, in order, and where they end; None when the first is
        not there and nothing in the paragraph does its work."""
        found: list[Found] = []
        position = 0
        for sentence in sentences:
            start = position + 1 if found and text[position : position + 1] == " " else position
            hit = self._prefix(sentence, text, start)
            if hit is not None:
                found.append(hit[0])
                position = hit[1]
            elif not found:
                return ([], 0) if _cue(sentence).search(text) else None
        return found, position

    def _prefix(self, sentence: Sentence, text: str, start: int) -> tuple[Found, int] | None:
        for key in self.keys_for(sentence):
            match = self.patterns.match(key, text, whole=False, start=start)
            if match is None:
                continue
            found = self.book.accept(match, text[start : match.end], key)
            if found is None or found.own_words:
                return None
            self._note_path(sentence, key)
            return found, match.end
        return None

    # -- the body ---------------------------------------------------------------------------------------
    def _body_lead(self, body: Part) -> None:
        """The sentence that opens the body (a reply's "… in exercise of its right of reply …")."""
        for key in self.shape.body_lead():
            if not body.paragraphs or body.paragraphs[0].kind != "paragraph":
                return
            text = body.paragraphs[0].text
            sentence = self.shape.sentence(key) or Sentence(key)
            found = self.find(key, text)
            if found is None and _cue(sentence).search(text):
                found = Found(key, text)
            if found is None:
                return
            body.found.append(found)
            body.paragraphs = body.paragraphs[1:]

    def _body_lists(self, body: Part) -> None:
        """A closing list opened by the bank's lead sentence ("We would like to ask:" and the questions)."""
        for key, answer in self.shape.body_lists():
            paragraphs = body.paragraphs
            for index, paragraph in enumerate(paragraphs):
                items = paragraphs[index + 1 :]
                if not items or any(p.kind != "bullet" or p.level for p in items):
                    continue
                found = self.find(key, paragraph.text)
                if found is not None:
                    body.found.append(found)
                    body.lists[answer] = list(items)
                    body.paragraphs = paragraphs[:index]
                    return

    # -- the end -----------------------------------------------------------------------------------------
    def _trailing(self, rest: list[Paragraph], leading: list[Part]) -> list[Part]:
        final = self._final(rest)
        foot = self._foot(rest[-1]) if final is not None and len(final.source) == 2 else None
        if final is not None and foot is not None:  # the place and date, or the speaker: a section of its own
            key, text = final.found[0].key, final.source[0].text
            final = Part("final", [self.find(key, text) or Found(key, text)], source=final.source[:1])
        remaining = rest[: len(rest) - (len(final.source) if final else 0) - (1 if foot else 0)]
        known = next((p.found[0].text for p in leading if p.section == "salutation"), None)
        closing = self._closing(remaining, known)
        return [p for p in (closing, final, foot) if p is not None]

    def _foot(self, paragraph: Paragraph) -> Part | None:
        """The line after the closing thanks: the place and date, or the speaker's name (a signature) when the
        heading names no other speaker."""
        dateline = self._dateline(paragraph)
        if dateline is not None:
            return dateline
        speaker = self.book.facts.get("speaker")
        if speaker not in (None, paragraph.text) or not self.patterns.variants("signature"):
            return None
        found = Found("signature", paragraph.text, facts={"speaker": paragraph.text}, bank=True)
        return Part("signature", [found], source=[paragraph])

    def _dateline(self, paragraph: Paragraph) -> Part | None:
        """The place and date after the closing thanks ("New York, 25 septembre 2024"), in the bank's wording
        of one of its variants or in the drafter's own."""
        text = paragraph.text
        date = find_date(text, self.patterns.language)
        place = place_before(text, date) if date is not None else ""
        if date is None or not place:
            return None
        facts: dict[str, Fact] = {"place": place, "date": date}
        writing = [name for name, wording in self.patterns.written("dateline", facts).items() if wording == text]
        found = Found("dateline", text, facts=facts)  # no wording of the bank writes it: the drafter's own
        if writing:
            found = Found("dateline", text, writing[0], facts, bank=writing[0] is None)
        return Part("dateline", [found], source=[paragraph])

    def _final(self, rest: list[Paragraph]) -> Part | None:
        """The closing thanks: the last paragraph, or the one before a signature or a place and date."""
        if "final" not in self.shape.sections or len(rest) < 2:
            return None
        keys = self.shape.keys("final") or ("closing_thanks",)
        for tail in (rest[-1:], rest[-2:]):
            if any(p.kind != "paragraph" for p in tail) or len(rest) <= len(tail):
                continue
            last = tail[0].text
            found = next((f for f in (self.find(k, last) for k in keys) if f is not None), None)
            if found is None and is_closing(last):
                found = Found(keys[0], last)
            if found is not None and (len(tail) == 1 or _trailer(tail[1].text)):
                if len(tail) == 2:
                    found = Found(found.key, f"{last}\n\n{tail[1].text}")
                return Part("final", [found], source=list(tail))
        return None

    def _closing(self, remaining: list[Paragraph], known: str | None) -> Part | None:
        """The repeated salutation near the end and the paragraphs after it (or the salutation alone)."""
        for index in range(len(remaining) - 1, 0, -1):
            paragraph = remaining[index]
            if paragraph.kind != "paragraph" or not is_salutation(paragraph.text, self.patterns):
                continue
            tail = remaining[index + 1 :]
            fits = known in (None, paragraph.text) and all(p.kind == "paragraph" for p in tail)
            if not fits or (tail and not self.shape.printed("closing")):
                return None
            found = self._repeated_salutation(paragraph.text)
            return Part("closing" if tail else "salutation", [found], paragraphs=list(tail), source=[paragraph, *tail])
        return None

    def _repeated_salutation(self, text: str) -> Found:
        """The salutation repeated near the end: to whom the speaker turned to (the addressee) when there is one."""
        facts = self.book.facts
        match = self.patterns.match("salutation", text)
        turned_to = (facts.get("addressee"), facts.get("addressee_gender"))
        if match is not None and (match.facts.get("presiding_officer"), match.facts.get("officer_gender")) == turned_to:
            return Found("salutation", text, match.variant, bank=match.variant is None)
        return self.find("salutation", text) or Found("salutation", text)


def _trailer(text: str) -> bool:
    """A line after the closing thanks that is not a paragraph of the statement: a signature, a place and date."""
    return words(text) <= _TRAILER_WORDS and not _QUESTION.search(text) and not text.rstrip().endswith((".", "!"))

"""A reading of a statement turned into a template's answers, checked to render back to the same text.

The frame found becomes the ``sentences`` and ``sections`` answers (a variant, the bank's wording, or own
words); the facts read become the answers the template's sentences take them from (its shape says which);
a sentence found also sets the yes/no answers that show it. Free paragraphs go, in order, into the answers
the template prints them from. The answers are validated and rendered; if the rendering differs from the
statement, recognised sentences are kept as own words instead, and as a last resort everything after the
heading becomes free paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from drafter.engine import Engine
from drafter.importing.check import difference
from drafter.importing.freeform import Value, actions, free_items, is_actions, is_themes, themes
from drafter.importing.patterns import ADDRESS_KEY, ADDRESS_STYLE, SPELLING
from drafter.importing.reading import Fact, Found, Part, Reading
from drafter.importing.shapes import Sentence, Shape, Use, fits
from drafter.importing.source import Paragraph, Source
from drafter.inputs.catalog import TemplateBundle
from drafter.inputs.conditions import condition_holds
from drafter.inputs.conventions import CONVENTIONS
from drafter.inputs.facts import StatementFacts
from drafter.inputs.manifest import Question
from drafter.render.frame import EXTRA_SECTIONS
from drafter.render.typography import french

Answers = dict[str, Value]
LEVELS = ("recognised", "own words", "free text")


@dataclass
class Built:
    """Answers for a template and what they say about the statement."""

    answers: Answers
    reading: Reading
    free: list[str] = field(default_factory=list)  # the answers free paragraphs went into
    diverted: dict[str, str] = field(default_factory=dict)  # own words of a sentence kept in a free-text answer
    guesses: dict[str, str] = field(default_factory=dict)
    exact: bool = False
    level: str = "recognised"  # recognised | own words | free text
    difference: str = ""


def _choice(found: Found) -> Value:
    """The ``sentences`` entry of a sentence found: None when the template writes it as it is."""
    if found.variant is not None:
        return {"use": found.variant}
    return None if found.bank else found.text


class AnswerBuilder:
    """Builds and checks the answers of one template for one reading."""

    def __init__(self, engine: Engine, bundle: TemplateBundle, shape: Shape, source: Source) -> None:
        self.engine = engine
        self.bundle = bundle
        self.shape = shape
        self.source = source
        self.questions = bundle.manifest.questions

    def best(self, reading: Reading) -> Built:
        """The most recognised answers that render back to the statement, else the last attempt."""
        built: Built | None = None
        for level, attempt in zip(LEVELS, (reading, own_words(reading), free_text(reading)), strict=True):
            built = self._checked(attempt, level)
            if built.exact:
                return built
            if level == LEVELS[0]:
                # One sentence the bank's wording does not give back: that one alone in own words.
                for single in one_in_own_words(reading):
                    kept = self._checked(single, level)
                    if kept.exact:
                        return kept
        assert built is not None
        return built

    def _checked(self, reading: Reading, level: str) -> Built:
        built = self.build(reading)
        built.level = level
        built.difference = difference(self.engine, self.bundle, built.answers, self.source)
        built.exact = not built.difference
        return built

    # -- building ----------------------------------------------------------------------------------------
    def build(self, reading: Reading) -> Built:
        """The answers for ``reading``."""
        built = Built({"language": reading.language}, reading)
        sentences: dict[str, Value] = {}
        self._facts(reading.facts, built)
        self._heading(reading, sentences, built.answers)
        for part in reading.parts:
            for found in part.found:
                self._sentence(found, part, sentences, built)
            self._section(part, built)
        for key in self.shape.body_lead():
            if not any(f.key == key for f in reading.body.found):
                sentences[key] = False
        built.answers["sections"] = [p.section for p in reading.parts]
        built.answers["sentences"] = sentences
        if reading.language == "fr" and not self._typeset_in_french():
            convention(built.answers, "typography", "as-typed")
        self._required(built)
        return built

    def _typeset_in_french(self) -> bool:
        """Whether the statement is typed as drafter would set it in French (’, no-break spaces): when it is
        not, its words are kept as typed so that it renders back as it was."""
        return all(french(p.text) == p.text for p in self.source.paragraphs)

    def _heading(self, reading: Reading, sentences: dict[str, Value], answers: Answers) -> None:
        answers["marker"] = reading.marker
        slots = {f.key: f for f in reading.heading}
        for key in (*self.shape.heading, "markers"):
            found = slots.get(key)
            if found is None:
                if key not in ("agenda_item", "markers"):
                    sentences[key] = False
                continue
            choice = _choice(found)
            if choice is not None:
                sentences[key] = choice

    def _sentence(self, found: Found, part: Part, sentences: dict[str, Value], built: Built) -> None:
        """A sentence found: its choice, the facts inside it, and the answers that show it."""
        use = self.shape.sentence(found.key) or Sentence(found.key)
        free = self._free_text_answer(part.section)
        if found.own_words and free is not None and not self._can_show(use, part, built.answers):
            # Own words where the sentence needs answers the statement does not give: the section's free text.
            _append(built.answers, free, found.text)
            built.free.append(free)
            built.diverted[found.key] = free
            return
        choice = _choice(found)
        if choice is not None:
            sentences[found.key] = choice
        for variable, value in found.facts.items():
            built.answers.pop(use.answer_for(variable), None)  # the sentence's words for it, over a reading
            self._give(use.answer_for(variable), value, built.answers)
        for name, shown in use.shown_by:
            self._show(name, shown, found, built)

    def _free_text_answer(self, section: str) -> str | None:
        """The answer a section prints its free words in (the thanks' own words), if it has one."""
        for name in self.shape.printed(section):
            question = self.questions.get(name)
            if question is not None and question.type == "longtext":
                return name
        return None

    def _can_show(self, use: Sentence, part: Part, answers: Answers) -> bool:
        """Whether the answers that show the sentence are given, or set from the statement."""
        own = set(self.shape.printed(part.section)) if part.paragraphs else set()
        return all(
            not shown or answers.get(name) or name in own or self._settable(name) for name, shown in use.shown_by
        )

    def _settable(self, name: str) -> bool:
        question = self.questions.get(name)
        return question is not None and (question.type == "confirm" or "group" in (question.fields or {}))

    def _show(self, name: str, shown: bool, found: Found, built: Built) -> None:
        """Make the answer ``name`` show (or hide) the sentence found: a yes/no answer is set, a group to
        align with guessed from the sentence, a text the statement does not give left as a placeholder."""
        question = self.questions.get(name)
        answers = built.answers
        if question is None or answers.get(name) or name in self.shape.printed_anywhere():
            return
        if question.type == "confirm":
            answers[name] = shown
        elif shown and question.type == "list" and question.fields and "group" in question.fields:
            group = self._guess_group(found.text)
            answers[name] = [{"group": group}]
            if not self._names_group(group, found.text):
                built.guesses[name] = f"{group} (the statement names no group drafter knows: the first one)"
        elif shown and question.type in ("text", "longtext"):
            guess = _guess(name, question)
            if guess is not None:
                answers[name], built.guesses[name] = guess

    def _give(self, name: str, value: Fact, answers: Answers) -> None:
        """A fact as the answer ``name``: lists split, group statements as alignments."""
        question = self.questions.get(name)
        if question is None or name in answers or value in ("", None):
            return
        if question.type == "list" and question.fields and "group" in question.fields:
            items = value if isinstance(value, list) else [str(value)]
            answers[name] = [self._alignment_item(str(s), answers) for s in items]
        elif question.type == "list" and isinstance(value, str):
            answers[name] = list[Value](_split_list(value, self._and(answers)))
        elif isinstance(value, list):
            answers[name] = list[Value](value)
        elif question.type != "list":
            answers[name] = value

    def _section(self, part: Part, built: Built) -> None:
        """A section's own paragraphs and the words after its sentences."""
        printed = self.shape.printed(part.section)
        if part.extra and printed:
            _append(built.answers, printed[0], part.extra)
            built.free.append(printed[0])
        if part.section == "body":
            self._body(part, built)
        elif part.section == "closing" and printed and part.paragraphs:
            built.answers[printed[0]] = list[Value](free_items(part.paragraphs))
            built.free.append(printed[0])

    def _body(self, part: Part, built: Built) -> None:
        answers = built.answers
        listed = {answer for _, answer in self.shape.body_lists()}
        for name, items in part.lists.items():
            answers[name] = [p.text for p in items]
        main = [a for a in self.shape.body_answers() if a not in listed]
        if not main or not part.paragraphs:
            return
        question = self.questions.get(main[0])
        if question is None:
            return
        built.free.append(main[0])
        following = self.questions.get(main[1]) if len(main) > 1 else None
        if question.type == "longtext" and following is not None and is_actions(following):
            lead, found = actions(part.paragraphs, self._ordinals(answers))
            if lead:
                answers[main[0]] = "\n\n".join(free_items(lead))
            if found:
                answers[main[1]] = found
                built.free.append(main[1])
        elif is_themes(question):
            answers[main[0]] = themes(part.paragraphs)
        elif question.type == "longtext":
            answers[main[0]] = "\n\n".join(free_items(part.paragraphs))
        else:
            answers[main[0]] = list[Value](free_items(part.paragraphs))

    # -- facts -------------------------------------------------------------------------------------------
    def _facts(self, facts: dict[str, Fact], built: Built) -> None:
        """The facts read, as answers; one that only shows a sentence (a mandate holder to thank) only when
        the statement has that sentence."""
        found = {f.key for p in built.reading.parts for f in p.found}
        for name, value in facts.items():
            if name in (ADDRESS_STYLE, SPELLING):  # "Mr President", "honor": the delegation's conventions
                convention(built.answers, name, str(value))
            elif name.startswith(ADDRESS_KEY):  # "Madame President": the delegation's form of address
                convention(built.answers, "sentences", {name: str(value)})
            elif not self._held_back(name, found):
                self._give(name, value, built.answers)
        answers = built.answers
        if "group_name" in answers and "on_behalf_of" in self.questions:
            answers.setdefault("on_behalf_of", self._guess_group(str(answers["group_name"])))

    @cached_property
    def _gating(self) -> list[Use]:
        """What the template writes that a fact may hold back. A section a statement adds only when it has it
        (the place and date, the speaker's name at the foot) holds back no fact: the fact is the heading's too."""
        added = set(EXTRA_SECTIONS) - set(self.shape.sections)
        return [u for block, given in self.shape.blocks.items() if block not in added for u in given]

    def _held_back(self, name: str, found: set[str]) -> bool:
        """Whether the fact ``name`` only shows sentences the statement does not have (a mandate holder to
        thank, in a statement that thanks no one)."""
        if not any(shown == name for u in self._gating for shown, _ in u.shown_by):
            return False
        gated = [u for u in self._gating if isinstance(u, Sentence) and (name, True) in u.shown_by]
        return bool(gated) and not any(fits(s.key, k) for s in gated for k in found)

    def _required(self, built: Built) -> None:
        """Every required answer the statement does not give: a guess or a clear placeholder, noted."""
        answers = built.answers
        given = {**{n: q.default for n, q in self.questions.items() if q.default is not None}, **answers}
        for name, question in self.questions.items():
            if name in answers or question.default is not None or not question.required:
                continue
            if question.when and not condition_holds(question.when, given):
                continue
            guess = _guess(name, question)
            if guess is not None:
                answers[name], note = guess
                if note:
                    built.guesses[name] = note

    def _language(self, answers: Answers) -> str:
        return StatementFacts.read(answers).language

    def _and(self, answers: Answers) -> str:
        return str(self.engine.bank.phrase(self._language(answers), "and"))

    def _ordinals(self, answers: Answers) -> list[str]:
        ordinals = self.engine.bank.phrase(self._language(answers), "ordinals")
        return [str(o) for o in ordinals] if isinstance(ordinals, list) else []

    def _alignment_item(self, wording: str, answers: Answers) -> dict[str, Value]:
        language = self._language(answers)
        for key, group in self.engine.bank.groups.items():
            found = group.wordings.get(language)
            if found is not None and found.statement == wording:
                return {"group": key}
        return {"group": self._guess_group(wording), "wording": wording}

    def _names_group(self, key: str, text: str) -> bool:
        """Whether ``text`` names the group ``key`` (as its guess found it)."""
        first = next(iter(self.engine.bank.groups), None)
        return key != first or self._guess_group(text, default="") == key

    def _guess_group(self, text: str, default: str | None = None) -> str:
        groups = self.engine.bank.groups
        folded = text.casefold()
        for key, entry in groups.items():
            names = [entry.label, *(wording.name for wording in entry.wordings.values())]
            if any(n and re.sub(r"^(the|les?|la|l’) ", "", n.casefold()) in folded for n in names):
                return key
        if re.search(r"\b(EU|European Union|Union européenne|UE)\b", text) and "eu" in groups:
            return "eu"
        return next(iter(groups)) if default is None else default


def convention(answers: Answers, name: str, value: Value) -> None:
    """One of the delegation's conventions the statement shows, added to the answers' ``conventions:``."""
    given = answers.get(CONVENTIONS)
    conventions = dict(given) if isinstance(given, dict) else {}
    before = conventions.get(name)
    if isinstance(value, dict) and isinstance(before, dict):
        value = {**before, **value}
    answers[CONVENTIONS] = {**conventions, name: value}


def _guess(name: str, question: Question) -> tuple[Value, str] | None:
    """A value for a required answer the statement does not give, and how the report says it was guessed."""
    if question.type == "date":
        today = dt.date.today()
        return today, f"{today.isoformat()} (no date in the statement: today's)"
    if question.type == "select" and question.choices:
        value = question.choices[0].value
        return value, f"{value} (not in the statement: the first choice)"
    if question.type == "confirm":
        return False, ""
    if question.type in ("text", "longtext"):
        value = f"[{name.replace('_', ' ')}: not in the statement]"
        return value, f"'{value}' (placeholder)"
    return None


def _append(answers: Answers, name: str, text: str) -> None:
    before = answers.get(name)
    answers[name] = f"{before} {text}".strip() if isinstance(before, str) else text


def _split_list(text: str, conjunction: str) -> list[str]:
    return [p for p in re.split(rf", | {re.escape(conjunction)} ", text) if p]


# -- the fallbacks ---------------------------------------------------------------------------------------
def own_words(reading: Reading) -> Reading:
    """The same reading with every sentence kept as own words."""

    def plain(found: Found) -> Found:
        return found if found.own_words else found.as_own_words()

    parts = [replace(p, found=[plain(f) for f in p.found]) for p in reading.parts]
    return replace(reading, heading=[plain(f) for f in reading.heading], parts=parts)


def one_in_own_words(reading: Reading) -> Iterator[Reading]:
    """The reading with one recognised sentence after another kept as own words, the rest as recognised."""
    for index, found in enumerate(reading.heading):
        if not found.own_words:
            heading = [*reading.heading[:index], found.as_own_words(), *reading.heading[index + 1 :]]
            yield replace(reading, heading=heading)
    for p_index, part in enumerate(reading.parts):
        for f_index, found in enumerate(part.found):
            if not found.own_words:
                changed = replace(part, found=[*part.found[:f_index], found.as_own_words(), *part.found[f_index + 1 :]])
                yield replace(reading, parts=[*reading.parts[:p_index], changed, *reading.parts[p_index + 1 :]])


def free_text(reading: Reading) -> Reading:
    """The same reading with everything after the heading as the delegation's own paragraphs."""
    paragraphs: list[Paragraph] = [p for part in reading.parts for p in part.source]
    own = own_words(reading)
    return replace(own, parts=[Part("body", paragraphs=paragraphs, source=paragraphs)])

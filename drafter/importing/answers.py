"""A reading of a statement turned into a template's answers, checked to render back to the same text.

The frame found becomes the ``sentences`` and ``sections`` answers (a variant, the bank's wording, or
own words); the facts read from it (delegation, date, the group…) become the template's answers; free
paragraphs go, in order, into the template's paragraph questions, lists and quotations written as
drafter's free text ("1.", "-", ">"). The answers are validated and rendered; if the rendering differs
from the statement, recognised sentences are kept as own words instead, and as a last resort everything
after the heading becomes free paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from drafter.document.blocks import Draft
from drafter.engine import Engine
from drafter.errors import DrafterError
from drafter.importing.recognise import Found, Part, Reading
from drafter.importing.shapes import Shape
from drafter.importing.source import Paragraph, Source, normalise, paragraphs_of
from drafter.inputs.catalog import TemplateBundle
from drafter.inputs.conditions import condition_holds
from drafter.render.freetext import literal_line

Row = tuple[str, str, int]
_LIST_KINDS = ("numbered", "bullet")


@dataclass
class Built:
    """Answers for a template and what they say about the statement."""

    answers: dict[str, Any]
    reading: Reading
    free: list[str] = field(default_factory=list)  # where free paragraphs went
    guesses: dict[str, str] = field(default_factory=dict)
    exact: bool = False
    level: str = "recognised"  # recognised | own words | free text
    difference: str = ""


def free_items(paragraphs: Sequence[Paragraph]) -> list[str]:
    """Paragraphs as paragraph answers: one per paragraph; a list (with its nesting) or a quotation in one."""
    items: list[str] = []
    run: list[str] = []
    for paragraph in paragraphs:
        if paragraph.is_list:
            marker = "1." if paragraph.kind == "numbered" else "-"
            level = min(paragraph.level, _depth(run) + 1) if run else 0
            run.append(f"{'   ' * level}{marker} {paragraph.text}")
            continue
        if run:
            items.append("\n".join(run))
            run = []
        items.append(f"> {paragraph.text}" if paragraph.kind == "quote" else literal_line(paragraph.text))
    if run:
        items.append("\n".join(run))
    return items


def _depth(run: list[str]) -> int:
    last = run[-1]
    return (len(last) - len(last.lstrip(" "))) // 3


def _choice(found: Found) -> Any:
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
        attempts = [
            ("recognised", reading),
            ("own words", _own_words(reading)),
            ("free text", _free_text(reading)),
        ]
        built: Built | None = None
        for level, attempt in attempts:
            built = self.build(attempt)
            built.level = level
            self.check(built)
            if built.exact:
                return built
        assert built is not None
        return built

    # -- building ----------------------------------------------------------------------------------
    def build(self, reading: Reading) -> Built:
        """The answers for ``reading``."""
        answers: dict[str, Any] = {"language": reading.language}
        sentences: dict[str, Any] = {}
        built = Built(answers, reading)
        facts = dict(reading.facts)
        self._heading(reading, sentences, answers)
        for part in reading.parts:
            for found in part.found:
                choice = _choice(found)
                if choice is not None:
                    sentences[found.key] = choice
            handler = getattr(self, f"_{part.section}", None)
            if handler is not None:
                handler(part, answers, sentences, facts, built)
        if self.shape.body_lead and not reading.body.found:
            sentences[self.shape.body_lead] = False
        self._facts(facts, answers)
        answers["sections"] = [p.section for p in reading.parts]
        answers["sentences"] = sentences
        self._required(answers, built)
        return built

    def _heading(self, reading: Reading, sentences: dict[str, Any], answers: dict[str, Any]) -> None:
        answers["marker"] = reading.marker
        slots = {f.key: f for f in reading.heading}
        for key in (self.shape.title, "speaker_line", "meeting_line", "place_date", "agenda_item", "markers"):
            found = slots.get(key)
            if found is None:
                if key not in ("agenda_item", "markers"):
                    sentences[key] = False
                continue
            choice = _choice(found)
            if choice is not None:
                sentences[key] = choice

    def _opening(self, part: Part, answers: dict[str, Any], *_: Any) -> None:
        if "full_opening" in self.questions:
            answers["full_opening"] = part.found[0].key == "salutation_full"

    def _alignment(
        self, part: Part, answers: dict[str, Any], sentences: dict[str, Any], facts: dict[str, Any], built: Built
    ) -> None:
        keys = [f.key for f in part.found]
        if "on_behalf" in keys or self.shape.alignment[:1] == ("on_behalf",):
            for name, target in (("members", "members"), ("countries", "aligned")):
                if isinstance(facts.get(name), str):
                    answers[target] = _split_list(facts.pop(name), self._and(answers))
            if part.extra:
                answers["behalf_note"] = part.extra
                built.free.append("behalf_note")
            if "aligned_countries" not in keys and "aligned" in answers:
                del answers["aligned"]
            return
        statements = facts.pop("statements", None)
        alignments = [self._alignment_item(s, answers) for s in statements] if isinstance(statements, list) else []
        answers["alignments"] = alignments or [{"group": self._guess_group(part.found[0].text)}]
        answers["national_remarks"] = "national_capacity" in keys

    def _thanks(
        self, part: Part, answers: dict[str, Any], sentences: dict[str, Any], facts: dict[str, Any], built: Built
    ) -> None:
        for found in part.found:
            key = found.key
            if key.startswith("explain."):
                answers["timing"] = key.split(".")[1]
            elif key.startswith("vote."):
                _, timing, vote = key.split(".")[:3]
                answers["position" if timing == "position" else "vote"] = vote
            elif key == "congratulate_president":
                answers["congratulate"] = True
            elif key in ("thank_chair", "thank_panel") and found.variant is None and not found.bank:
                del sentences[key]
                answers["thanks_text"] = found.text
                built.free.append("thanks_text")
        if isinstance(facts.get("briefers"), str):
            answers["briefers"] = _split_list(facts.pop("briefers"), self._and(answers))
        for fact, answer in (("reason", "chair_thanks"), ("panel", "panel_thanks"), ("title", "report_title")):
            if fact in facts and answer in self.questions:
                answers[answer] = facts.pop(fact)
        for fact, answer in (
            ("author", "report_author"),
            ("symbol", "report_symbol"),
            ("possessive", "report_possessive"),
        ):
            if fact in facts and answer in self.questions:
                answers[answer] = facts.pop(fact)
        if part.extra and self.shape.thanks_text:
            answers[self.shape.thanks_text] = (answers.get(self.shape.thanks_text, "") + " " + part.extra).strip()
            built.free.append(self.shape.thanks_text)

    def _body(
        self, part: Part, answers: dict[str, Any], sentences: dict[str, Any], facts: dict[str, Any], built: Built
    ) -> None:
        body = self.shape.body
        if body is None or not part.paragraphs:
            return
        question = self.questions.get(body)
        built.free.append(body)
        if body == "themes":
            answers["themes"] = _themes(part.paragraphs)
        elif body == "lead_in" and "actions" in self.questions:
            lead, actions = self._actions(part.paragraphs, answers)
            if lead:
                answers["lead_in"] = "\n\n".join(free_items(lead))
            if actions:
                answers["actions"] = actions
                built.free.append("actions")
        elif question is not None and question.type == "longtext":
            answers[body] = "\n\n".join(free_items(part.paragraphs))
        else:
            answers[body] = free_items(part.paragraphs)

    def _closing(self, part: Part, answers: dict[str, Any], *_: Any) -> None:
        if self.shape.closing and part.paragraphs:
            answers[self.shape.closing] = free_items(part.paragraphs)

    # -- facts -------------------------------------------------------------------------------------
    def _facts(self, facts: dict[str, Any], answers: dict[str, Any]) -> None:
        for name, value in facts.items():
            if name in self.questions and name not in answers and value not in ("", None):
                answers[name] = value
        if "group_name" in answers and "on_behalf_of" in self.questions:
            answers.setdefault("on_behalf_of", self._guess_group(str(answers["group_name"])))

    def _required(self, answers: dict[str, Any], built: Built) -> None:
        """Every required answer the statement does not give: a guess or a clear placeholder, noted."""
        given = {**{n: q.default for n, q in self.questions.items() if q.default is not None}, **answers}
        for name, question in self.questions.items():
            if name in answers or question.default is not None:
                continue
            if not question.required or (question.when and not condition_holds(question.when, given)):
                continue
            value: Any
            if question.type == "date":
                value = dt.date.today()
                built.guesses[name] = f"{value.isoformat()} (no date in the statement: today's)"
            elif question.type == "select" and question.choices:
                value = question.choices[0].value
                built.guesses[name] = f"{value} (not in the statement: the first choice)"
            elif question.type == "confirm":
                value = False
            elif question.type in ("text", "longtext"):
                value = f"[{name.replace('_', ' ')}: not in the statement]"
                built.guesses[name] = f"'{value}' (placeholder)"
            else:
                continue
            answers[name] = value

    def _and(self, answers: dict[str, Any]) -> str:
        language = str(answers.get("language", "en"))
        return str(self.engine.bank.phrase(language, "and"))

    def _alignment_item(self, wording: str, answers: dict[str, Any]) -> dict[str, str]:
        language = str(answers.get("language", "en"))
        for key in self.engine.bank.groups:
            try:
                if self.engine.bank.group(key, language).get("statement") == wording:
                    return {"group": key}
            except DrafterError:
                continue
        return {"group": self._guess_group(wording), "wording": wording}

    def _guess_group(self, text: str) -> str:
        groups = self.engine.bank.groups
        folded = text.casefold()
        for key, entry in groups.items():
            names = [str(entry.get("label", ""))]
            names += [str(v.get("name", "")) for v in entry.values() if isinstance(v, dict)]
            if any(n and re.sub(r"^(the|les?|la|l’) ", "", n.casefold()) in folded for n in names):
                return key
        if re.search(r"\b(EU|European Union|Union européenne|UE)\b", text) and "eu" in groups:
            return "eu"
        return next(iter(groups))

    def _actions(
        self, paragraphs: Sequence[Paragraph], answers: dict[str, Any]
    ) -> tuple[list[Paragraph], list[dict[str, Any]]]:
        """A closing run of numbered items opened by the bank's connectors (Firstly, …) as the actions."""
        language = str(answers.get("language", "en"))
        ordinals = [str(o) for o in self.engine.bank.phrase(language, "ordinals")]
        start = next((i for i, p in enumerate(paragraphs) if p.kind == "numbered" and p.level == 0), None)
        if start is None:
            return list(paragraphs), []
        actions: list[dict[str, Any]] = []
        for paragraph in paragraphs[start:]:
            if paragraph.kind == "numbered" and paragraph.level == 0:
                if len(actions) >= len(ordinals):
                    return list(paragraphs), []
                opener = f"{ordinals[len(actions)]}, "
                if not paragraph.text.startswith(opener) or len(paragraph.text) == len(opener):
                    return list(paragraphs), []
                actions.append({"text": paragraph.text[len(opener) :], "points": []})
            elif paragraph.kind == "bullet" and paragraph.level == 1 and actions:
                actions[-1]["points"].append(paragraph.text)
            else:
                return list(paragraphs), []
        return list(paragraphs[:start]), actions

    # -- checking ----------------------------------------------------------------------------------
    def check(self, built: Built) -> None:
        """Validate and render ``built``; note whether it gives back the statement, word for word."""
        try:
            answers = self.engine.validate(self.bundle, built.answers)
            statement = self.engine.compose(self.bundle, answers)
        except DrafterError as exc:
            built.exact, built.difference = False, str(exc).splitlines()[0]
            return
        expected_front, expected = rows_of(self.source)
        front, body = rows_of_draft(statement.draft, statement.info.marker)
        if body != expected:
            built.exact = False
            built.difference = _first_difference(expected, body)
        elif front != expected_front:
            built.exact = False
            built.difference = f"heading lines differ: {sorted(expected_front ^ front)[:2]}"
        else:
            built.exact = True


def rows_of(source: Source) -> tuple[set[str], list[Row]]:
    """The heading lines and the paragraphs (text, kind, level) of a statement as read."""
    front = {p.text for p in source.front}
    body: list[Row] = [(p.text, str(p.kind), p.level if p.is_list else 0) for p in source.body]
    return front, body


def rows_of_draft(draft: Draft, marker: str) -> tuple[set[str], list[Row]]:
    """The same for a rendered statement."""
    paragraphs = paragraphs_of(draft)
    front = {p.text for p in paragraphs if p.front}
    if marker:
        front.add(normalise(marker))
    body: list[Row] = [(p.text, str(p.kind), p.level if p.is_list else 0) for p in paragraphs if not p.front]
    return front, body


def _first_difference(expected: list[Row], actual: list[Row]) -> str:
    for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
        if want != got:
            return f"paragraph {index + 1}: expected {want[0][:60]!r} ({want[1]}), got {got[0][:60]!r} ({got[1]})"
    return f"{len(expected)} paragraphs expected, {len(actual)} rendered"


def _split_list(text: str, conjunction: str) -> list[str]:
    return [p for p in re.split(rf", | {re.escape(conjunction)} ", text) if p]


def _themes(paragraphs: Sequence[Paragraph]) -> list[dict[str, Any]]:
    themes: list[dict[str, Any]] = []
    current: dict[str, Any] = {"paragraphs": []}
    pending: list[Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.heading and paragraph.kind == "paragraph" and (pending or (not themes and current.get("heading"))):
            current["paragraphs"] = free_items(pending)
            themes.append(current)
            current, pending = {"heading": paragraph.text, "paragraphs": []}, []
        elif paragraph.heading and paragraph.kind == "paragraph" and not pending and not themes:
            current = {"heading": paragraph.text, "paragraphs": []}
        else:
            pending.append(paragraph)
    current["paragraphs"] = free_items(pending)
    themes.append(current)
    return [t for t in themes if t["paragraphs"]] or [{"paragraphs": free_items(paragraphs)}]


def _own_words(reading: Reading) -> Reading:
    def plain(found: Found) -> Found:
        return found.as_own_words() if found.variant is not None or found.bank else found

    parts = [replace(p, found=[plain(f) for f in p.found]) for p in reading.parts]
    return replace(reading, heading=[plain(f) for f in reading.heading], parts=parts)


def _free_text(reading: Reading) -> Reading:
    paragraphs: list[Paragraph] = []
    for part in reading.parts:
        count = len(part.paragraphs) if part.section == "body" else 0
        if part.section == "body":
            lead = [Paragraph(f.text) for f in part.found]
            paragraphs.extend([*lead, *part.paragraphs[:count]])
        elif part.section in ("closing", "salutation") and part.found:
            paragraphs.append(Paragraph(part.found[0].text))
            paragraphs.extend(part.paragraphs)
        else:
            paragraphs.extend(part.paragraphs)
    own = _own_words(reading)
    return replace(own, parts=[Part("body", paragraphs=paragraphs)])

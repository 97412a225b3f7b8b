"""What ``drafter import`` says it did: how it read the file, the kind of statement and why, where each
heading line and each paragraph went (a sentence of the frame and its variant, an answer, or own words),
what the reading copy changes in the heading block, the facts read and the facts guessed."""

from __future__ import annotations

from collections.abc import Iterator

from drafter.importing.freeform import is_actions, is_themes
from drafter.importing.importer import Imported
from drafter.importing.reading import Found, Part
from drafter.importing.source import Paragraph
from drafter.inputs.conventions import CONVENTIONS

_SECTIONS = {
    "closing": "repeated salutation",
    "final": "closing thanks",
    "dateline": "place and date",
    "signature": "the speaker's name",
}
_SLOTS = {
    "markers": "marker",
    "statement_by": "title",
    "joint_statement_by": "title",
    "speaker_line": "speaker",
    "meeting_line": "meeting",
    "agenda_item": "agenda item",
    "place_date": "place and date",
}
_FACTS = (
    "delegation", "speaker", "meeting", "date", "place", "presiding_officer", "officer_gender", "mandate_holder",
    "group_name", "responding_to", "timing", "vote", "position", "document", "symbol",
)  # fmt: skip


def _short(text: str, width: int = 60) -> str:
    line = " / ".join(part.strip() for part in text.split("\n\n"))
    return line if len(line) <= width else line[: width - 1] + "…"


def describe(result: Imported) -> list[str]:
    """The report's lines."""
    built = result.built
    lines = [f"Read: {result.source.layout or 'a statement'}; {_front(result)}"]
    lines.append(f"Template: {result.template} ({result.kind.reason})")
    if result.kind.runner_up is not None:
        lines.append(f"  a close second: {result.kind.runner_up}")
    lines.append(f"Language: {built.reading.language}")
    lines += list(_heading(result))
    lines += list(_statement(result))
    lines += list(_facts(result))
    if built.level != "recognised":
        lines.append(f"Kept as {built.level}: the recognised wording did not render back exactly")
    if not built.exact:
        lines.append(f"Warning: the answers do not render back exactly: {built.difference}")
    return lines


def _front(result: Imported) -> str:
    count = len(result.source.front)
    return f"{count} heading line(s)" if count else "no heading lines"


# -- the heading block -------------------------------------------------------------------------------
def _heading(result: Imported) -> Iterator[str]:
    reading = result.reading
    if not reading.heading and reading.marker == "none":
        return
    yield "Heading:"
    if reading.marker != "none" and not any(f.key == "markers" for f in reading.heading):
        yield f"  marker: {reading.marker} (the bank's wording)"
    for found in reading.heading:
        yield f"  {_SLOTS.get(found.key, found.key)}: {found.how}: “{_short(found.text)}”"
        if "\n\n" in found.text:
            count = found.text.count("\n\n") + 1
            yield f"    ({count} lines kept together as one {_SLOTS.get(found.key, '')} line)"
    layout = [k for k in ("markers", *_layout(result)) if k in reading.heading_order]
    if reading.heading_order != layout:
        order = ", ".join(_SLOTS.get(k, k) for k in layout)
        yield f"  The reading copy lays these lines out in its own order: {order}"


def _layout(result: Imported) -> list[str]:
    keys = [f.key for f in result.reading.heading]
    order = ["statement_by", "joint_statement_by", "speaker_line", "meeting_line", "agenda_item", "place_date"]
    return [k for k in order if k in keys]


# -- the statement -----------------------------------------------------------------------------------
def _statement(result: Imported) -> Iterator[str]:
    yield "Statement:"
    for number, (paragraph, where) in enumerate(placements(result), start=1):
        yield f"  ¶{number} “{_short(paragraph.text, 48)}” → {where}"


def placements(result: Imported) -> list[tuple[Paragraph, str]]:
    """Each paragraph of the statement and where it went."""
    placed: list[tuple[Paragraph, str]] = []
    for part in result.reading.parts:
        if part.section == "body":
            placed += _body(result, part)
        elif part.section == "closing":
            placed.append((part.source[0], _sentences(part, result.built.diverted)))
            placed += [(p, f"{_closing_answer(result)}[{i}]") for i, p in enumerate(part.source[1:])]
        else:
            placed += [(p, _sentences(part, result.built.diverted)) for p in part.source]
    return placed


def _sentences(part: Part, diverted: dict[str, str]) -> str:
    section = _SECTIONS.get(part.section, part.section)
    said = " + ".join(_found(f, diverted) for f in part.found)
    extra = " + the words after it, in free text" if part.extra else ""
    return f"{section}: {said}{extra}"


def _found(found: Found, diverted: dict[str, str] | None = None) -> str:
    where = (diverted or {}).get(found.key)
    return f"{found.key}, own words kept in {where}" if where else f"{found.key}, {found.how}"


def _closing_answer(result: Imported) -> str:
    printed = result.shape.printed("closing")
    return printed[0] if printed else "closing"


def _body(result: Imported, part: Part) -> list[tuple[Paragraph, str]]:
    placed: list[tuple[Paragraph, str]] = []
    leads = {f.text: f for f in part.found}
    listed = {id(p): name for name, items in part.lists.items() for p in items}
    free = _free_places(result, part.paragraphs)
    for paragraph in part.source:
        if paragraph.text in leads and paragraph not in part.paragraphs:
            placed.append((paragraph, f"body: {_found(leads[paragraph.text])}"))
        elif id(paragraph) in listed:
            placed.append((paragraph, f"{listed[id(paragraph)]} (a list item)"))
        else:
            placed.append((paragraph, free.pop(0) if free else "free text"))
    return placed


def _free_places(result: Imported, paragraphs: list[Paragraph]) -> list[str]:
    """Where each of the body's own paragraphs went: ``points[2]``, ``lead_in``, ``actions[1]``, ``themes``…"""
    answers = [a for a in result.shape.body_answers() if a not in {n for _, n in result.shape.body_lists()}]
    if not answers:
        return ["free text" for _ in paragraphs]
    questions = result.bundle.manifest.questions
    question = questions.get(answers[0])
    following = questions.get(answers[1]) if len(answers) > 1 else None
    if following is not None and is_actions(following) and answers[1] in result.built.answers:
        return _action_places(answers[0], answers[1], paragraphs)
    if question is None or question.type != "list" or is_themes(question):
        return [answers[0] for _ in paragraphs]
    places: list[str] = []
    index = -1
    for position, paragraph in enumerate(paragraphs):
        continues = position and paragraph.is_list and paragraphs[position - 1].is_list
        index += 0 if continues else 1
        places.append(f"{answers[0]}[{index}]")
    return places


def _action_places(lead: str, name: str, paragraphs: list[Paragraph]) -> list[str]:
    """The lead-in's paragraphs, then each numbered action and its points."""
    start = next((i for i, p in enumerate(paragraphs) if p.kind == "numbered" and p.level == 0), len(paragraphs))
    places = [lead for _ in paragraphs[:start]]
    action = -1
    for paragraph in paragraphs[start:]:
        action += paragraph.kind == "numbered" and paragraph.level == 0
        places.append(f"{name}[{action}]" + (" (a point)" if paragraph.kind == "bullet" else ""))
    return places


# -- the facts -----------------------------------------------------------------------------------------
def _facts(result: Imported) -> Iterator[str]:
    built = result.built
    answers = built.answers
    read = [n for n in _FACTS if n in answers and n not in built.guesses and n in result.reading.facts]
    if read:
        yield "Read from the statement:"
    for name in read:
        stated = result.stated.get(name)
        source = f" (“{_short(stated.words, 50)}”)" if stated is not None else ""
        yield f"  {name}: {answers[name]}{source}"
    for name, guess in built.guesses.items():
        yield f"Guessed {name}: {guess}"
    yield from _conventions(answers.get(CONVENTIONS))


def _conventions(given: object) -> Iterator[str]:
    """The delegation's conventions the statement shows ("Mr President", "./.", its own forms of address)."""
    if not isinstance(given, dict):
        return
    shown = {k: v for k, v in given.items() if k != "sentences" and v}
    shown.update(given.get("sentences") or {})
    if shown:
        yield "The delegation's conventions, as the statement shows them (kept under conventions:):"
    for name, value in shown.items():
        yield f"  {name}: {value}"

"""The delegation's own paragraphs as the answers that print them: a list of paragraphs, one text, themes
under their headings, numbered actions opened by the bank's connectors ("Firstly, …") with their points.

Lists and quotations inside are written as drafter's free text ("1.", "-", ">"), so every word and the
list structure come back when the answers are rendered.
"""

from __future__ import annotations

from collections.abc import Sequence

from drafter.importing.source import Paragraph
from drafter.inputs.manifest import Question
from drafter.inputs.question_types import AnswerValue
from drafter.render.freetext import literal_line

Value = AnswerValue


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


def is_themes(question: Question) -> bool:
    """A list of themes: a heading and paragraphs each."""
    return question.type == "list" and bool(question.fields) and {"heading", "paragraphs"} <= set(question.fields or {})


def is_actions(question: Question) -> bool:
    """A list of numbered actions: a text and points each."""
    return question.type == "list" and bool(question.fields) and {"text", "points"} <= set(question.fields or {})


def themes(paragraphs: Sequence[Paragraph]) -> list[Value]:
    """Paragraphs grouped under the headings set in the body (a heading with nothing under it stays a
    paragraph)."""
    found: list[Value] = []
    current: dict[str, Value] = {}
    pending: list[Paragraph] = []
    for paragraph in paragraphs:
        is_heading = paragraph.heading and paragraph.kind == "paragraph"
        if is_heading and (pending or (not found and "heading" in current)):
            found.append({**current, "paragraphs": list[Value](free_items(pending))})
            current, pending = {"heading": paragraph.text}, []
        elif is_heading and not pending and not found:
            current = {"heading": paragraph.text}
        else:
            pending.append(paragraph)
    found.append({**current, "paragraphs": list[Value](free_items(pending))})
    kept: list[Value] = [t for t in found if isinstance(t, dict) and t["paragraphs"]]
    return kept or [{"paragraphs": list[Value](free_items(paragraphs))}]


def actions(paragraphs: Sequence[Paragraph], ordinals: Sequence[str]) -> tuple[list[Paragraph], list[Value]]:
    """A closing run of numbered items opened by the bank's connectors (Firstly, …), with their bullet points,
    as actions; the paragraphs before them as the lead-in. No actions when the run does not fit."""
    start = next((i for i, p in enumerate(paragraphs) if p.kind == "numbered" and p.level == 0), None)
    if start is None:
        return list(paragraphs), []
    found: list[dict[str, Value]] = []
    for paragraph in paragraphs[start:]:
        if paragraph.kind == "numbered" and paragraph.level == 0:
            if len(found) >= len(ordinals):
                return list(paragraphs), []
            opener = f"{ordinals[len(found)]}, "
            if not paragraph.text.startswith(opener) or len(paragraph.text) == len(opener):
                return list(paragraphs), []
            found.append({"text": paragraph.text[len(opener) :], "points": []})
        elif paragraph.kind == "bullet" and paragraph.level == 1 and found:
            points = found[-1]["points"]
            assert isinstance(points, list)
            points.append(paragraph.text)
        else:
            return list(paragraphs), []
    return list(paragraphs[:start]), list[Value](found)

"""Where each built-in template puts the sentences of its frame, and which answer takes free paragraphs.

A template of one's own gets a shape read from its questions: its sections, and its first question of
paragraphs for the free text.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafter.inputs.catalog import TemplateBundle


@dataclass(frozen=True)
class Shape:
    """The frame of a template, as ``recognise`` looks for it and ``answers`` fills it in."""

    name: str
    sections: tuple[str, ...]
    body: str | None
    title: str = "statement_by"
    opening: tuple[str, ...] = ("opening",)
    alignment: tuple[str, ...] = ()
    thanks: tuple[str, ...] = ()
    thanks_text: str | None = None  # the answer taking the words after the thanks, in their paragraph
    body_lead: str | None = None  # a sentence opening the body (the right of reply's)
    closing: str | None = None  # the answer taking the paragraphs after the repeated salutation


_NATIONAL = ("alignment", "national_capacity")
_SECTIONS = ("opening", "alignment", "thanks", "body", "closing", "final", "salutation")
BUILT_IN = {
    "interactive-dialogue": Shape(
        "interactive-dialogue",
        _SECTIONS,
        "lead_in",
        alignment=_NATIONAL,
        thanks=("thank_chair", "thank_report"),
        thanks_text="thanks_text",
        closing="closing",
    ),
    "general-debate": Shape(
        "general-debate",
        _SECTIONS,
        "themes",
        opening=("salutation_full", "opening"),
        alignment=_NATIONAL,
        thanks=("congratulate_president", "thank_outgoing"),
        closing="closing",
    ),
    "open-debate": Shape(
        "open-debate", _SECTIONS, "points", alignment=_NATIONAL, thanks=("thank_presidency",), closing="closing"
    ),
    "hrc-dialogue": Shape(
        "hrc-dialogue", _SECTIONS, "points", alignment=_NATIONAL, thanks=("thank_mandate_holder",), closing="closing"
    ),
    "explanation-of-vote": Shape(
        "explanation-of-vote", _SECTIONS, "reasons", alignment=_NATIONAL, thanks=("explain", "vote"), closing="closing"
    ),
    "right-of-reply": Shape(
        "right-of-reply", ("opening", "body", "final", "salutation"), "points", body_lead="right_of_reply"
    ),
    "joint-statement": Shape(
        "joint-statement",
        _SECTIONS,
        "paragraphs",
        title="joint_statement_by",
        alignment=("on_behalf", "aligned_countries"),
        thanks_text=None,
        closing="closing",
    ),
}


def shape_for(bundle: TemplateBundle) -> Shape:
    """The built-in shape of a template of that name, else one read from its questions."""
    questions = bundle.manifest.questions
    known = BUILT_IN.get(bundle.name)
    if known is not None and (known.body is None or known.body in questions):
        return known
    sections = (*bundle.manifest.sections, "salutation")
    body = next(
        (
            name
            for name, q in questions.items()
            if name != "closing" and q.type == "list" and q.item is not None and q.item.type == "longtext"
        ),
        None,
    ) or next((name for name, q in questions.items() if q.type == "longtext"), None)
    closing = "closing" if "closing" in questions else None
    alignment = _NATIONAL if "alignments" in questions else ()
    return Shape(bundle.name, sections, body, alignment=alignment, closing=closing)

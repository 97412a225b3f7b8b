"""One class per question type: what each converts, how it is asked, what templates and import get."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

import pytest

from drafter.errors import InputError
from drafter.inputs.manifest import Manifest, Question, QuestionType
from drafter.inputs.question_types import KINDS, Typeset, kind_of, structured


def question(**spec: Any) -> Question:
    return Manifest.model_validate({"title": "T", "questions": {"q": spec}}).questions["q"]


def test_every_type_of_the_manifest_has_its_class() -> None:
    assert set(get_args(QuestionType)) == set(KINDS)


@pytest.mark.parametrize(
    ("spec", "typed", "value"),
    [
        ({"type": "text"}, "  Norway ", "Norway"),
        ({"type": "longtext"}, "One.  \n\n1. two  ", "One.\n\n1. two"),
        ({"type": "select", "choices": ["president", "chair"]}, "chair", "chair"),
        ({"type": "multiselect", "choices": ["eu", "g77"]}, "eu, g77", ["eu", "g77"]),
        ({"type": "confirm"}, "oui", True),
        ({"type": "date"}, "2026-06-22", dt.date(2026, 6, 22)),
        ({"type": "number"}, "2,5", 2.5),
        ({"type": "integer"}, "68", 68),
    ],
)
def test_typed_text_converts(spec: dict[str, Any], typed: str, value: object) -> None:
    q = question(**spec)
    assert kind_of(q).convert(q, typed) == value
    assert kind_of(q).convert(q, kind_of(q).as_text(value)) == value


def test_wrong_text_says_what_was_expected() -> None:
    for spec, expected in (({"type": "integer"}, "a whole number"), ({"type": "confirm"}, "yes or no")):
        q = question(**spec)
        with pytest.raises(InputError, match=expected):
            kind_of(q).convert(q, "perhaps")
    with pytest.raises(InputError, match="'king' is not one of the choices"):
        q = question(type="select", choices=["president", "chair"])
        kind_of(q).convert(q, "king")


def test_how_each_is_asked() -> None:
    specs = {name: {"type": name, "choices": ["a"]} if "select" in name else {"type": name} for name in KINDS}
    specs["list"]["item"] = "text"
    widgets = {name: kind.prompt(question(**specs[name])).widget for name, kind in KINDS.items()}
    assert widgets == {
        "text": "line",
        "longtext": "paragraphs",
        "select": "select",
        "multiselect": "checkbox",
        "confirm": "confirm",
        "date": "line",
        "number": "line",
        "integer": "line",
        "list": "list",
    }
    assert kind_of(question(type="date")).prompt(question(type="date")).instruction == "(YYYY-MM-DD)"


def test_what_import_must_produce() -> None:
    points = question(type="list", item="longtext")
    actions = question(type="list", fields={"text": "longtext", "points": {"type": "list", "item": "longtext"}})
    questions = question(type="list", item="text")
    assert [kind_of(q).import_shape(q) for q in (points, actions, questions)] == [
        "paragraph-list",
        "record-list",
        "line-list",
    ]
    body = question(type="longtext")
    assert kind_of(body).import_shape(body) == "paragraphs"
    assert kind_of(body).placeholder(body) == "[q: not in the statement]"
    officer = question(type="select", choices=["president", "chair"])
    assert kind_of(officer).placeholder(officer) == "president"


def test_templates_receive_paragraphs_as_markdown_at_every_depth() -> None:
    actions = question(type="list", fields={"text": "longtext", "points": {"type": "list", "item": "longtext"}})
    answers = {"q": [{"text": "Act.\n- now", "points": ["1. first"]}]}
    typeset = Typeset(lambda text: f"<w>{text}</w>", lambda text: f"<md>{text}</md>")
    out = structured({"q": actions, "name": question(type="text")}, {**answers, "name": "Norvège"}, typeset)
    assert out == {"q": [{"text": "<md>Act.\n- now</md>", "points": ["<md>1. first</md>"]}], "name": "<w>Norvège</w>"}

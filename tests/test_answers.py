"""The answers model built from a manifest: types, constraints, conditions, control characters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from drafter.errors import InputError
from drafter.inputs.answers import build_model, validate_answers
from drafter.inputs.manifest import Manifest

MANIFEST = Manifest.model_validate(
    {
        "title": "T",
        "questions": {
            "delegation": {"type": "text", "max_length": 40},
            "body": "longtext",
            "date": "date",
            "officer": {"type": "select", "choices": ["president", "chair"]},
            "gender": {"type": "select", "choices": ["male", "female"], "when": "officer == 'president'"},
            "minutes": {"type": "number", "minimum": 1, "maximum": 15, "required": False},
            "thank": {"type": "confirm", "default": True},
            "actions": {
                "type": "list",
                "min_items": 1,
                "fields": {"text": "longtext", "points": {"type": "list", "required": False, "item": "longtext"}},
            },
        },
    }
)
MODEL = build_model(MANIFEST.questions)
GOOD: dict[str, Any] = {
    "delegation": "Belgium",
    "body": "One.\nTwo.",
    "date": "2014-09-08",
    "officer": "chair",
    "actions": [{"text": "act"}],
}


def problems(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InputError) as caught:
        validate_answers(MODEL, data)
    return {str(p.field): p.message for p in caught.value.problems}


def test_valid_answers_get_defaults_and_types() -> None:
    answers = validate_answers(MODEL, GOOD).model_dump()
    assert answers["date"] == dt.date(2014, 9, 8)
    assert answers["thank"] is True
    assert answers["minutes"] is None
    assert answers["actions"][0]["points"] == []


def test_wrong_type_missing_and_unknown_fields() -> None:
    found = problems({**GOOD, "delegation": 42, "extra": 1, "actions": [{"points": ["x"]}]} | {"body": None})
    assert "valid string" in found["delegation"]
    assert "not a question" in found["extra"]
    assert found["actions[0].text"] == "required answer is missing"


def test_constraints() -> None:
    found = problems({**GOOD, "delegation": "x" * 41, "minutes": 20, "actions": []})
    assert "40 characters" in found["delegation"]
    assert "15" in found["minutes"]
    assert "at least 1 item" in found["actions"]


def test_control_characters_and_newlines_in_single_line_text() -> None:
    assert "U+0007" in problems({**GOOD, "delegation": "Bel\x07gium"})["delegation"]
    assert "single line" in problems({**GOOD, "delegation": "Bel\ngium"})["delegation"]
    assert "U+001B" in problems({**GOOD, "body": "text \x1b[31m red"})["body"]


def test_condition_makes_a_question_required() -> None:
    found = problems({**GOOD, "officer": "president"})
    assert "required when" in next(iter(found.values()))
    ok = validate_answers(MODEL, {**GOOD, "officer": "president", "gender": "female"}).model_dump()
    assert ok["gender"] == "female"


def test_select_rejects_unknown_choice() -> None:
    assert (
        "'king' is not one of the choices (choices: president, chair)"
        in problems({**GOOD, "officer": "king"})["officer"]
    )

"""questions.yaml: the manifest model, shorthands, inheritance, mistakes reported at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import TemplateError
from drafter.inputs.manifest import Manifest, load_manifest, merge_manifests


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "questions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shorthands_and_names(tmp_path: Path) -> None:
    manifest = load_manifest(
        write(
            tmp_path,
            (
                "title: T\nquestions:\n  topic: text\n  gender:\n    type: select\n    choices: {m: Mr., f: Madam}\n"
                "  points:\n    type: list\n    item: longtext\n"
            ),
        )
    )
    assert list(manifest.questions) == ["topic", "gender", "points"]
    assert manifest.questions["topic"].label == "Topic"
    assert [c.value for c in manifest.questions["gender"].choices] == ["m", "f"]
    assert manifest.questions["points"].item is not None
    assert manifest.questions["points"].item.type == "longtext"


def test_unknown_key_is_reported_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        load_manifest(write(tmp_path, "title: T\nquestions:\n  topic:\n    type: text\n    lable: Topic\n"))
    problem = caught.value.problems[0]
    assert problem.line == 5
    assert problem.field == "questions.topic.lable"


def test_select_needs_choices(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="needs 'choices'"):
        load_manifest(write(tmp_path, "title: T\nquestions:\n  x:\n    type: select\n"))


def test_bad_question_name(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="cannot be a question name"):
        load_manifest(write(tmp_path, "title: T\nquestions:\n  template: text\n"))


def test_child_overrides_keep_parent_order() -> None:
    parent = Manifest.model_validate({"title": "P", "questions": {"a": "text", "b": "text", "c": "text"}})
    child = Manifest.model_validate(
        {"title": "C", "extends": "p", "remove": ["c"], "questions": {"b": {"type": "longtext"}, "d": "date"}}
    )
    merged = merge_manifests(parent, child)
    assert list(merged.questions) == ["a", "b", "d"]
    assert merged.questions["b"].type == "longtext"

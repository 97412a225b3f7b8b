"""YAML reading: positions for every field, clear errors for broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import InputError
from drafter.yamlio import dump_yaml, format_location, load_mapping, parse_yaml


def test_positions_of_nested_fields() -> None:
    loaded = parse_yaml("a: 1\nitems:\n  - text: x\n    points: [p, q]\n", Path("f.yaml"))
    assert loaded.positions[("a",)].line == 1
    assert loaded.positions[("items", 0, "text")].line == 3
    assert loaded.positions[("items", 0, "points")].line == 4
    assert loaded.locate(("items", 0, "missing")).line == 3


def test_syntax_error_names_file_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml("a: [1, 2\nb: 3\n", Path("broken.yaml"))
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == (Path("broken.yaml"), 2)
    assert "not valid YAML" in str(caught.value)


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(InputError, match="appears twice") as caught:
        parse_yaml("a: 1\nb: 2\na: 3\n", Path("d.yaml"))
    assert caught.value.problems[0].line == 3


def test_raw_control_character_is_refused_with_its_line() -> None:
    with pytest.raises(InputError, match="U\\+0007") as caught:
        parse_yaml("a: 1\nb: x\x07y\n", Path("c.yaml"))
    assert caught.value.problems[0].line == 2


def test_unsafe_tags_are_refused() -> None:
    with pytest.raises(InputError, match="not valid YAML"):
        parse_yaml("a: !!python/object/apply:os.system ['true']\n", Path("evil.yaml"))


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    with pytest.raises(InputError, match="mapping"):
        load_mapping(path)


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_mapping(tmp_path / "absent.yaml")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00a")
    with pytest.raises(InputError, match="UTF-8"):
        load_mapping(binary)


def test_format_location() -> None:
    assert format_location(("actions", 2, "points", 0)) == "actions[2].points[0]"


def test_dump_keeps_order_and_unicode() -> None:
    text = dump_yaml({"b": "« x »", "a": "line one\nline two"})
    assert text.index("b:") < text.index("a:")
    assert "« x »" in text
    assert "|" in text

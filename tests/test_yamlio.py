"""YAML reading: positions for every field, clear errors for broken files."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from drafter.errors import InputError
from drafter.inputs import yamlio
from drafter.inputs.yamlio import MAX_VALUE_CHARS, dump_yaml, format_location, load_mapping, parse_yaml, stream_yaml

LIBYAML = getattr(yamlio, "_LibYamlLoader", None)
# Both loaders are tested; LibYAML's may be missing only outside CI (PyYAML built without it).
LOADERS = [
    yamlio._PurePythonLoader,
    pytest.param(
        LIBYAML,
        marks=pytest.mark.skipif(LIBYAML is None and not os.environ.get("CI"), reason="PyYAML without LibYAML"),
        id="_LibYamlLoader",
    ),
]


def test_libyaml_is_there_where_drafter_is_tested() -> None:
    if os.environ.get("CI"):
        assert LIBYAML is not None, "CI's PyYAML was built without LibYAML: only one loader would be tested"


@pytest.mark.parametrize(
    "text",
    [
        *(p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent.parent / "seeds").glob("*.yaml"))[:6]),
        "é: 1\nitems:\n  - text: «Genève» ’x’\n    points: [p, q]\n",
        "a: [1, 2\nb: 3\n",
        "k: v\n  bad: 1\n",
        "é: x\né: y\n",
        "text: |\n  line «un»\n  line deux\nafter: 2\n",
        "k: 'unclosed\n",
    ],
)
def test_both_loaders_place_values_and_mistakes_alike(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if LIBYAML is None:
        pytest.skip("PyYAML without LibYAML") if not os.environ.get("CI") else pytest.fail("no LibYAML in CI")
    seen = []
    for loader in (yamlio._PurePythonLoader, LIBYAML):
        monkeypatch.setattr(yamlio, "_Loader", loader)
        try:
            loaded = parse_yaml(text, Path("f.yaml"))
            seen.append(("ok", {k: (v.line, v.column) for k, v in loaded.positions.items()}))
        except InputError as exc:
            seen.append(("error", [(p.line, p.column, p.field) for p in exc.problems]))
    assert seen[0] == seen[1]


def test_positions_of_nested_fields() -> None:
    loaded = parse_yaml("a: 1\nitems:\n  - text: x\n    points: [p, q]\n", Path("f.yaml"))
    assert loaded.positions[("a",)].line == 1
    assert loaded.positions[("items", 0, "text")].line == 3
    assert loaded.positions[("items", 0, "points")].line == 4
    assert loaded.locate(("items", 0, "missing")).line == 3


@pytest.mark.parametrize("loader", LOADERS)
def test_syntax_error_names_file_line_and_column(loader: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "_Loader", loader)
    with pytest.raises(InputError) as caught:
        parse_yaml("a: [1, 2\nb: 3\n", Path("broken.yaml"))
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == (Path("broken.yaml"), 2)
    assert "not valid YAML" in str(caught.value)


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(InputError, match="appears twice") as caught:
        parse_yaml("a: 1\nb: 2\na: 3\n", Path("d.yaml"))
    assert caught.value.problems[0].line == 3


@pytest.mark.parametrize("loader", LOADERS)
def test_raw_control_character_is_refused_with_its_line(loader: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "_Loader", loader)
    with pytest.raises(InputError, match="U\\+0007") as caught:
        parse_yaml("a: 1\nb: ééx\x07y\n", Path("c.yaml"))
    assert (caught.value.problems[0].line, caught.value.problems[0].column) == (2, 7)


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
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(InputError, match="not UTF-8 text: byte 0xE9") as caught:
        load_mapping(latin)
    assert (caught.value.problems[0].line, caught.value.problems[0].column) == (2, 7)


def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("a: « é »\n".encode("utf-16"))
    assert load_mapping(path).data == {"a": "« é »"}


def test_fifo_and_devices_are_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(InputError, match="not a regular file"):
            load_mapping(path)


@pytest.mark.parametrize("loader", LOADERS)
def test_billion_laughs_is_refused_at_the_alias(loader: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "_Loader", loader)
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[n]
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    started = time.monotonic()
    with pytest.raises(InputError, match="billion laughs") as caught:
        parse_yaml("\n".join(lines) + "\n", Path("bomb.yaml"))
    assert time.monotonic() - started < 1
    assert caught.value.problems[0].line == 7


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: " + "[" * 150 + "]" * 150 + "\n", "nested more than 100 levels", 1),
        ("a: &a [1, *a]\n", "refers to the value that contains it", 1),
        ("a: 1\nb: *nothing\n", "names no anchor", 2),
        ("a: 1\nb: " + "x" * (MAX_VALUE_CHARS + 1) + "\n", "at most 1,000,000 are allowed", 2),
        ("a: 1\nlist: [" + "1," * 60_000 + "1]\n", "lists of tiny values", 2),
        ("a: &x 1\nb: &x 2\n", "defined twice", 2),
    ],
)
def test_bounds_name_the_line(loader: Any, monkeypatch: pytest.MonkeyPatch, text: str, message: str, line: int) -> None:
    monkeypatch.setattr(yamlio, "_Loader", loader)
    with pytest.raises(InputError, match=message) as caught:
        parse_yaml(text, Path("f.yaml"))
    assert caught.value.problems[0].line == line


@pytest.mark.parametrize("loader", LOADERS)
def test_both_parsers_give_the_same_data_and_positions(loader: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "_Loader", loader)
    text = "base: &b {x: 1, y: é}\nmerged:\n  <<: *b\n  y: 2\nitems:\n  - *b\n  - [ü, 2014-09-08]\n"
    loaded = parse_yaml(text, Path("m.yaml"))
    assert loaded.data["merged"] == {"x": 1, "y": 2}
    assert loaded.data["items"][1] == ["ü", dt.date(2014, 9, 8)]
    assert loaded.positions[("merged", "y")] == yamlio.Position(4, 3)
    assert loaded.positions[("items", 1)] == yamlio.Position(7, 5)


def test_libyaml_is_used_when_installed() -> None:
    if yaml.__with_libyaml__:
        assert yamlio._Loader is not yamlio._PurePythonLoader


def test_format_location() -> None:
    assert format_location(("actions", 2, "points", 0)) == "actions[2].points[0]"


def test_dump_keeps_order_and_unicode() -> None:
    text = dump_yaml({"b": "« x »", "a": "line one\nline two"})
    assert text.index("b:") < text.index("a:")
    assert "« x »" in text
    assert "|" in text


def test_a_list_read_item_by_item(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text("defaults: &d {a: 1}\nstatements:\n  - &x {b: 2, <<: *d}\n  - *x\n  - {c: *d}\nother: 3\n")
    parts = list(stream_yaml(path, "statements"))
    assert [(p.kind, p.index) for p in parts] == [("head", None), ("item", 0), ("item", 1), ("item", 2), ("rest", None)]
    assert parts[0].loaded.data == {"defaults": {"a": 1}}
    assert [p.loaded.data for p in parts[1:4]] == [{"a": 1, "b": 2}, {"a": 1, "b": 2}, {"c": {"a": 1}}]
    assert parts[1].loaded.positions[("statements", 0, "b")].line == 3
    assert ("statements", 0, "b") not in parts[3].loaded.positions
    assert parts[3].loaded.positions[("defaults", "a")].line == 1
    assert parts[4].loaded.data == {"defaults": {"a": 1}, "other": 3}
    path.write_text("a: 1\n")
    assert [(p.kind, p.loaded.data) for p in stream_yaml(path, "statements")] == [("whole", {"a": 1})]

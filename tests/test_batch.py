"""``drafter batch``: many statements, validated first, written safely in parallel, failures reported."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from drafter.render.phrasebank import deep_merge

from helpers import EXAMPLES, SEED, Result, read_paragraphs

Run = Callable[..., Result]
BASE = {
    "template": "interactive-dialogue",
    "meeting": "Informal interactive dialogue",
    "place": "New York",
    "date": "2014-09-08",
    "officer_gender": "male",
    "lead_in": "Lead-in.",
}


def batch_file(
    folder: Path, statements: list[Any], defaults: dict[str, Any] | None = None, name: str = "b.yaml"
) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump({"defaults": defaults or BASE, "statements": statements}, sort_keys=False))
    return path


def entry(delegation: str, **extra: Any) -> dict[str, Any]:
    return {"delegation": delegation, "actions": [{"text": f"an action of {delegation}"}], **extra}


def test_example_batch_writes_every_statement(drafter: Run, isolated: Path) -> None:
    result = drafter("batch", EXAMPLES / "r2p-dialogue.batch.yaml", "-o", "out", "--jobs", "2")
    assert result.code == 0, result.err
    assert sorted(p.name for p in (isolated / "out").iterdir()) == ["belgium.docx", "luxembourg.docx", "netherlands.md"]
    texts = [p.text for p in read_paragraphs(isolated / "out" / "luxembourg.docx")]
    assert "Statement by Luxembourg" in texts
    assert texts[-1] == "Mr. President, I thank you for your attention."
    assert "Luxembourg fully aligns itself with the statement of the European Union" in " ".join(texts)
    assert "3 written, 0 failed" in result.out
    assert "[3/3]" in result.out


def test_week_example_writes_statements_across_templates(drafter: Run, isolated: Path) -> None:
    result = drafter("batch", EXAMPLES / "week.batch.yaml", "-o", "week")
    assert result.code == 0, result.err
    assert "5 written, 0 failed" in result.out
    hrc = [p.text for p in read_paragraphs(isolated / "week" / "thursday-hrc.docx")]
    assert hrc[0] == "Seul le prononcé fait foi" and hrc[-1] == "Je vous remercie."
    batch = json.loads(drafter("schema", "--batch").out)
    week = yaml.safe_load((EXAMPLES / "week.batch.yaml").read_text(encoding="utf-8"))
    for entry in week["statements"]:
        entry["date"] = str(entry["date"])
    jsonschema.validate(week, batch)


def test_defaults_merge_under_entries(drafter: Run, isolated: Path) -> None:
    path = batch_file(isolated, [entry("Belgium"), entry("Chile", place="Geneva", output="chile")])
    assert drafter("batch", path, "-o", "out", "--jobs", "1").code == 0
    chile = [p.text for p in read_paragraphs(isolated / "out" / "chile.docx")]
    assert "Geneva, 8 September 2014" in chile
    derived = isolated / "out" / "2014-09-08-belgium-informal-interactive-dialogue.docx"
    assert "New York, 8 September 2014" in [p.text for p in read_paragraphs(derived)]


def test_deep_merge_merges_mappings_and_replaces_the_rest() -> None:
    merged = deep_merge({"a": {"x": 1, "y": 2}, "l": [1, 2]}, {"a": {"y": 3}, "l": [9]})
    assert merged == {"a": {"x": 1, "y": 3}, "l": [9]}


def test_bad_entries_are_reported_and_good_ones_written(drafter: Run, isolated: Path) -> None:
    statements = [
        entry("Good"),
        {"delegation": "Broken", "actions": [{"text": "a"}, {"points": ["no text"]}]},
        entry("Typo", lead_inn="x"),
        "not a mapping",
    ]
    path = batch_file(isolated, statements)
    result = drafter("batch", path, "-o", "out", "--jobs", "2")
    assert result.code == 1
    assert "1 written, 3 failed" in result.out
    assert re.search(r"b\.yaml:\d+:\d+: statements\[1\]\.actions\[1\]\.text: required answer is missing", result.err)
    assert "statements[2].lead_inn: is not a question of this template" in result.err
    assert "statements[3]: each statement must be a mapping of answers" in result.err
    assert [p.name for p in (isolated / "out").iterdir()] == ["2014-09-08-good-informal-interactive-dialogue.docx"]


def test_errors_in_defaults_point_at_the_defaults(drafter: Run, isolated: Path) -> None:
    path = batch_file(isolated, [entry("A")], {**BASE, "date": "someday"})
    result = drafter("batch", path, "-o", "out")
    assert result.code == 1
    assert re.search(r"b\.yaml:5:\d+: statements\[0\]\.date: expected a date", result.err)


@pytest.mark.parametrize(
    "output",
    ["../escape.docx", "/tmp/absolute.docx", "a/../../escape.docx", "C:\\\\evil.docx", "bad\x00name.docx", "", "."],
)
def test_hostile_outputs_are_refused(drafter: Run, isolated: Path, output: str) -> None:
    path = batch_file(isolated, [entry("A", output=output), entry("B")])
    result = drafter("batch", path, "-o", "out")
    assert result.code == 1
    assert "statements[0]" in result.err
    written = [p.name for p in (isolated / "out").iterdir()]
    assert written == ["2014-09-08-b-informal-interactive-dialogue.docx"]
    assert not (isolated / "escape.docx").exists() and not Path("/tmp/absolute.docx").exists()


def test_symlink_out_of_the_folder_is_refused(drafter: Run, isolated: Path, tmp_path: Path) -> None:
    (isolated / "out").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, isolated / "out" / "link")
    path = batch_file(isolated, [entry("A", output="link/x.docx")])
    result = drafter("batch", path, "-o", "out")
    assert result.code == 1 and "leaves the output folder" in result.err
    assert list(outside.iterdir()) == []


def test_two_entries_writing_one_file_both_fail(drafter: Run, isolated: Path) -> None:
    first = batch_file(isolated, [entry("A", output="same.docx")], name="one.yaml")
    second = batch_file(isolated, [entry("B", output="SAME.docx")], name="two.yaml")
    result = drafter("batch", first, second, "-o", "out")
    assert result.code == 1
    assert re.search(
        r"one\.yaml:\d+:\d+: statements\[0\]\.output: writes the same file .*two\.yaml statements\[0\]", result.err
    )
    assert re.search(
        r"two\.yaml:\d+:\d+: statements\[0\]\.output: writes the same file .*one\.yaml statements\[0\]", result.err
    )
    assert not (isolated / "out").exists()


def test_existing_files_are_kept_unless_forced(drafter: Run, isolated: Path) -> None:
    path = batch_file(isolated, [entry("A", output="a.docx"), entry("B", output="b.docx")])
    (isolated / "out").mkdir()
    (isolated / "out" / "a.docx").write_bytes(b"edited by a colleague")
    result = drafter("batch", path, "-o", "out")
    assert result.code == 0
    assert "1 written, 1 skipped, 0 failed" in result.out
    assert (isolated / "out" / "a.docx").read_bytes() == b"edited by a colleague"
    assert drafter("batch", path, "-o", "out", "--force").code == 0
    assert (isolated / "out" / "a.docx").read_bytes().startswith(b"PK")


def test_dry_run_checks_everything_and_writes_nothing(drafter: Run, isolated: Path) -> None:
    path = batch_file(isolated, [entry("A"), entry("B", meeting=None)])
    result = drafter("batch", path, "-o", "out", "--dry-run")
    assert result.code == 1
    assert "1 checked, 1 failed" in result.out
    assert not (isolated / "out").exists()


def test_folders_are_searched_and_plain_answers_files_accepted(drafter: Run, isolated: Path) -> None:
    folder = isolated / "week"
    folder.mkdir()
    (folder / "seed.yaml").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    batch_file(folder, [entry("A", output="a.md")], name="more.yml")
    (folder / "notes.txt").write_text("not YAML")
    result = drafter("batch", folder, "-o", "out", "--format", "txt")
    assert result.code == 0, result.err
    names = sorted(p.name for p in (isolated / "out").iterdir())
    assert names == ["2014-09-08-belgium-informal-interactive-dialogue-of-the.txt", "a.md"]


def test_parallel_and_serial_runs_agree(drafter: Run, isolated: Path) -> None:
    path = batch_file(isolated, [entry(f"Delegation {n}", output=f"{n}.docx") for n in range(6)])
    assert drafter("batch", path, "-o", "serial", "--jobs", "1").code == 0
    assert drafter("batch", path, "-o", "parallel", "--jobs", "2").code == 0
    for n in range(6):
        assert read_paragraphs(isolated / "serial" / f"{n}.docx") == read_paragraphs(
            isolated / "parallel" / f"{n}.docx"
        )


def test_schema_validates_answers_and_batch_files(drafter: Run, isolated: Path) -> None:
    answers = drafter("schema", "interactive-dialogue")
    assert answers.code == 0
    schema = json.loads(answers.out)
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    seed["date"] = str(seed["date"])
    jsonschema.validate(seed, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**seed, "delegation": 42}, schema)
    assert schema["properties"]["delegation"]["description"].startswith("The country")
    batch = json.loads(drafter("schema", "--batch").out)
    example = yaml.safe_load((EXAMPLES / "r2p-dialogue.batch.yaml").read_text(encoding="utf-8"))
    example["defaults"]["date"] = str(example["defaults"]["date"])
    jsonschema.validate(example, batch)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"statements": [{"delegaton": "typo"}]}, batch)


def test_plan_entries_keep_their_answers_packed(isolated: Path) -> None:
    import datetime as dt

    from drafter.batch.files import FileReader, make_plan
    from drafter.engine import Engine
    from drafter.inputs.catalog import Catalog

    path = batch_file(isolated, [entry("Belgium"), entry("Chile")])
    plan = make_plan(FileReader(Engine(Catalog.default()), isolated / "out", None), [path])
    first = plan.entries[0]
    assert first.stored.length < 2000 and Path(first.stored.path).is_file()  # kept on disk, not in memory
    assert first.answers["delegation"] == "Belgium" and first.answers["date"] == dt.date(2014, 9, 8)
    assert first.answers is not first.answers  # a copy each time: a worker may change its own


def test_entries_read_one_by_one_keep_anchors_and_a_late_defaults(drafter: Run, isolated: Path) -> None:
    """A batch file is read entry by entry: an alias may name an earlier entry, and a 'defaults:' written
    after 'statements:' still applies to every entry."""
    dumped = yaml.safe_dump(BASE, sort_keys=False).replace("\n", "\n  ")
    text = (
        "statements:\n"
        "  - &first {delegation: Belgium, actions: [{text: an action}], output: a.docx}\n"
        "  - {<<: *first, output: b.docx}\n"
        f"defaults:\n  {dumped}"
    )
    (isolated / "late.yaml").write_text(text)
    result = drafter("batch", isolated / "late.yaml", "-o", "out")
    assert result.code == 0, result.err
    assert sorted(p.name for p in (isolated / "out").iterdir()) == ["a.docx", "b.docx"]
    assert "Statement by Belgium" in [p.text for p in read_paragraphs(isolated / "out" / "b.docx")]


def _quiet_entry(n: int) -> dict[str, Any]:
    """An entry that raises no warning: an EU member aligning with the EU, two actions."""
    return entry("Belgium", output=f"s{n:03d}.docx", actions=[{"text": "one"}, {"text": "two"}])


def test_a_large_batch_lists_only_the_statements_with_something_to_report(drafter: Run, isolated: Path) -> None:
    """Past 200 statements the closing table keeps to those that failed, were skipped, ran over the
    time limit or were warned about, so neither the table nor what is kept for it grows with the batch."""
    statements = [_quiet_entry(n) for n in range(203)]
    statements[7]["time_limit"] = 0.5
    statements[7]["lead_in"] = "A lead-in that runs long. " * 60
    statements[150]["lead_inn"] = "a typo"
    (isolated / "out").mkdir()
    (isolated / "out" / "s042.docx").write_bytes(b"kept")
    result = drafter("batch", batch_file(isolated, statements), "-o", "out", "--jobs", "2")
    assert result.code == 1
    listed = re.findall(r"statements\[(\d+)\]", result.out)
    assert sorted(set(listed), key=int) == ["7", "42", "150"]
    assert "OVER LIMIT" in result.out
    assert "200 statements with nothing to report are not listed" in result.out
    assert "201 written, 1 skipped, 1 failed" in result.out
    assert "[203/202]" not in result.out and "[202/202]" in result.out
    assert "statements[150].lead_inn: is not a question of this template" in result.err
    assert len(list((isolated / "out").iterdir())) == 202


def test_the_table_stops_at_200_rows_and_every_warning_is_still_printed(drafter: Run, isolated: Path) -> None:
    eu = [{"group": "eu", "wording": "the statement of the EU"}]
    statements = [{**_quiet_entry(n), "delegation": "Chile", "alignments": eu} for n in range(204)]  # warned
    result = drafter("batch", batch_file(isolated, statements), "-o", "out", "--jobs", "2")
    assert result.code == 0, result.err
    listed = [int(n) for n in re.findall(r"statements\[(\d+)\]", result.out)]
    assert listed == list(range(200))
    assert "4 more statements with something to report: see the messages below" in result.out
    assert "204 written, 0 failed" in result.out
    warned = re.findall(r"warning: \S+ statements\[(\d+)\]: alignments\[0\]\.group: Chile", result.err)
    assert [int(n) for n in warned] == list(range(204))


def test_a_batch_of_up_to_200_lists_every_statement(drafter: Run, isolated: Path) -> None:
    statements = [_quiet_entry(n) for n in range(5)]
    result = drafter("batch", batch_file(isolated, statements), "-o", "out", "--jobs", "2")
    assert result.code == 0, result.err
    assert sorted(set(re.findall(r"statements\[(\d+)\]", result.out)), key=int) == ["0", "1", "2", "3", "4"]
    assert "not listed" not in result.out


def test_the_plan_file_is_removed_whether_the_batch_succeeds_or_not(
    drafter_process: Run, isolated: Path, tmp_path: Path
) -> None:
    """The plan is kept in a temporary file while the batch runs; none is left behind afterwards."""
    temp = tmp_path / "temp"
    temp.mkdir()
    good = batch_file(isolated, [_quiet_entry(n) for n in range(3)], name="good.yaml")
    bad = batch_file(isolated, [_quiet_entry(0), {**_quiet_entry(1), "lead_inn": "x"}], name="bad.yaml")
    assert drafter_process("batch", good, "-o", "out", "--jobs", "2", env={"TMPDIR": str(temp)}).code == 0
    assert drafter_process("batch", bad, "-o", "out2", "--jobs", "2", env={"TMPDIR": str(temp)}).code == 1
    assert drafter_process("batch", good, "-o", "out3", "--jobs", "1", env={"TMPDIR": str(temp)}).code == 0
    assert list(temp.iterdir()) == []
    assert len(list((isolated / "out").iterdir())) == 3


def test_a_folder_is_planned_the_same_by_the_workers_as_by_one_process(
    drafter: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With several processes the workers read the small files and the main process places what they
    read, in order; large files are read by the main process. The table, the counts and every message
    are those of a plan made in one process: clashes across files, restarts, unreadable files."""
    folder = isolated / "week"
    folder.mkdir()
    batch_file(folder, [_quiet_entry(1), {**_quiet_entry(2), "output": "same.docx"}], name="a.yaml")
    (folder / "b.yaml").write_text(yaml.safe_dump({**BASE, **_quiet_entry(3)}))
    (folder / "c.yaml").write_text("statements: [unclosed\n")
    dumped = yaml.safe_dump(BASE, sort_keys=False).replace("\n", "\n  ")
    (folder / "d.yaml").write_text(
        "statements:\n  - &x {delegation: Belgium, actions: [{text: one}, {text: two}], output: d1.docx}\n"
        f"  - {{<<: *x, output: d2.docx}}\ndefaults:\n  {dumped}"
    )
    batch_file(folder, [{**_quiet_entry(5), "output": "SAME.docx"}], name="e.yaml")
    batch_file(folder, [{**_quiet_entry(6), "lead_inn": "typo"}], name="f.yaml")
    for n in range(7, 12):
        batch_file(folder, [_quiet_entry(n)], name=f"g{n}.yaml")

    def closing(result: Result) -> tuple[list[str], str]:
        return [line for line in result.out.splitlines() if not line.startswith("[")], result.err

    one = drafter("batch", folder, "-o", "out", "--jobs", "1")
    two = drafter("batch", folder, "-o", "out2", "--jobs", "2")
    monkeypatch.setattr("drafter.batch.workers.LARGE_FILE", 300)  # a.yaml, d.yaml and e.yaml are then read here
    mixed = drafter("batch", folder, "-o", "out3", "--jobs", "2")
    assert one.code == two.code == mixed.code == 1
    assert closing(one) == closing(two) == closing(mixed)
    assert "9 written, 4 failed" in one.out
    assert "c.yaml" in one.err and "statements[0].lead_inn" in one.err
    assert len(re.findall("writes the same file", one.err)) == 2
    names = {p.name for p in (isolated / "out").iterdir()}
    assert names == {p.name for p in (isolated / "out2").iterdir()} == {p.name for p in (isolated / "out3").iterdir()}
    assert {"d1.docx", "d2.docx", "s001.docx", "s011.docx"} <= names and "same.docx" not in names

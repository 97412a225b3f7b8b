"""Hostile and unlucky input, through the installed ``drafter`` command in child processes.

Every case runs under a wall-clock bound (the subprocess timeout) and an address-space bound
(RLIMIT_AS in the child) that the test enforces: a hang or a runaway allocation fails the test.
Every refusal must be one clear message (no traceback, no "internal error"), a non-zero exit code,
and nothing half-written.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document

from drafter.word.package import DEFLATED, PackedPart, pack, write_package

from conftest import drafter_command, run_drafter
from helpers import SEED, Result, read_paragraphs

SECONDS = 20
MEMORY = 2 * 1024**3
BATCH_SECONDS = 600


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _clean(err: str) -> None:
    assert "Traceback" not in err, err
    assert "internal error" not in err, err


def run(*args: str | Path, cwd: Path, timeout: float = SECONDS) -> Result:
    """drafter in a child process, bounded in time and memory; a clean message whatever happens."""
    result = run_drafter(*args, cwd=cwd, timeout=timeout, preexec_fn=_limit_memory)
    _clean(result.err)
    return result


def refused(result: Result, *phrases: str) -> None:
    assert result.code not in (0, 70), result
    assert "drafter: " in result.err
    for phrase in phrases:
        assert phrase in result.err, result.err


def written_nothing(folder: Path, *keep: Path) -> None:
    """No statement, no temporary file: only what the test put there."""
    kept = {p.resolve() for p in keep}
    left = [p.name for p in folder.rglob("*") if p.resolve() not in kept and p.is_file()]
    assert left == [], left


def opens(path: Path) -> None:
    Document(str(path))


def seed_data() -> dict[str, object]:
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def render(tmp: Path, name: str, content: bytes | str, *extra: str) -> tuple[Result, Path]:
    source = tmp / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    source.write_bytes(content)
    out = tmp / "out.docx"
    return run("render", source, "-o", out, *extra, cwd=tmp), source


def laughs(levels: int = 9, header: str = "template: interactive-dialogue\n") -> str:
    lines = [header + 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels + 1):
        lines.append(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


# -- YAML ---------------------------------------------------------------------------------------------
YAML_REFUSALS = [
    ("billion laughs", laughs(), "billion laughs"),
    (
        "merge-key laughs",
        "template: interactive-dialogue\nm0: &m0 {a: lol, b: lol, c: lol, d: lol, e: lol, f: lol, g: lol}\n"
        + "".join(
            f"m{n}: &m{n} {{<<: *m{n - 1}, " + ", ".join(f"k{k}: *m{n - 1}" for k in range(10)) + "}\n"
            for n in range(1, 9)
        ),
        "billion laughs",
    ),
    ("recursive alias", "template: interactive-dialogue\nactions: &a [*a]\n", "refers to the value that contains it"),
    ("undefined alias", "template: interactive-dialogue\nactions: *nothing\n", "names no anchor"),
    ("deep flow nesting", "template: x\na: " + "[" * 10_000 + "]" * 10_000 + "\n", "nested more than"),
    ("deep block nesting", "".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "x\n", "nested more than"),
    ("wide list", "template: x\nitems: [" + "1," * 2_000_000 + "1]\n", "tiny values"),
    ("wide mapping", "template: x\n" + "".join(f"k{i}: 1\n" for i in range(300_000)), "tiny values"),
    ("50 MB scalar", "template: x\nlead_in: " + "x" * 50_000_000 + "\n", "at most 1,000,000"),
    ("python tag", "template: x\ndelegation: !!python/object/apply:os.system ['touch pwned']\n", "not valid YAML"),
    ("python name tag", "template: x\ndelegation: !!python/name:os.system\n", "not valid YAML"),
    ("local tag", "template: x\ndelegation: !shell rm -rf /\n", "not valid YAML"),
    ("duplicate key", "template: interactive-dialogue\ndelegation: A\ndelegation: B\n", "appears twice"),
    ("not a mapping", "- template\n- x\n", "mapping"),
    ("empty", "", "mapping"),
    ("NUL byte", "template: interactive-dialogue\ndelegation: Bel\x00gium\n", "U+0000"),
    ("two documents", "template: x\n---\ntemplate: y\n", "not valid YAML"),
]


@pytest.mark.parametrize(("name", "text", "message"), YAML_REFUSALS, ids=[c[0] for c in YAML_REFUSALS])
def test_yaml_is_refused_quickly(isolated: Path, name: str, text: str, message: str) -> None:
    result, source = render(isolated, "hostile.yaml", text)
    refused(result, message, "hostile.yaml")
    written_nothing(isolated, source)


def test_alias_bomb_in_a_batch_file(isolated: Path) -> None:
    source = isolated / "week.yaml"
    source.write_text(laughs(header="defaults:\n  template: interactive-dialogue\nstatements: []\n"))
    result = run("batch", source, "-o", isolated / "out", cwd=isolated)
    refused(result, "billion laughs", "week.yaml")
    written_nothing(isolated, source)


def test_merge_keys_are_honoured(isolated: Path) -> None:
    seed = SEED.read_text(encoding="utf-8").splitlines()
    kept = [line for line in seed if not line.startswith(("template:", "delegation:"))]
    text = "template: interactive-dialogue\n<<: {delegation: Luxembourg}\n" + "\n".join(kept) + "\n"
    result, _ = render(isolated, "merged.yaml", text)
    assert result.code == 0, result.err
    assert "Statement by Luxembourg" in [p.text for p in read_paragraphs(isolated / "out.docx")]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-16", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-32", b"")],
    ids=["UTF-16 with BOM", "UTF-8 with BOM", "UTF-32 with BOM"],
)
def test_unicode_encodings_with_a_byte_order_mark_are_read(isolated: Path, encoding: str, prefix: bytes) -> None:
    text = SEED.read_text(encoding="utf-8").replace("delegation: Belgium", "delegation: Côte d’Ivoire")
    result, _ = render(isolated, "encoded.yaml", prefix + text.encode(encoding))
    assert result.code == 0, result.err
    assert "Statement by Côte d’Ivoire" in [p.text for p in read_paragraphs(isolated / "out.docx")]


def test_latin1_is_refused_with_its_line(isolated: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("delegation: Belgium", "delegation: Côte")
    result, source = render(isolated, "latin.yaml", text.encode("latin-1", errors="replace"))
    line = text.splitlines().index("delegation: Côte") + 1
    refused(result, f"latin.yaml:{line}:", "not UTF-8 text: byte 0xF4")
    written_nothing(isolated, source)


def test_utf16_without_a_byte_order_mark_is_refused(isolated: Path) -> None:
    result, source = render(isolated, "bare16.yaml", SEED.read_text(encoding="utf-8").encode("utf-16-le"))
    refused(result, "UTF-16", "save the file as UTF-8")
    written_nothing(isolated, source)


def test_a_fifo_is_refused_without_waiting_for_a_writer(isolated: Path) -> None:
    fifo = isolated / "answers.yaml"
    os.mkfifo(fifo)
    result = run("render", fifo, "-o", "out.docx", cwd=isolated)
    refused(result, "not a regular file")
    assert not (isolated / "out.docx").exists()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused(isolated: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} is missing")
    result = run("render", device, "-o", "out.docx", cwd=isolated)
    refused(result, "not a regular file")
    written_nothing(isolated)


def test_a_device_in_a_batch_is_one_failure(isolated: Path) -> None:
    result = run("batch", "/dev/zero", "-o", "out", cwd=isolated)
    refused(result, "not a regular file")
    written_nothing(isolated)


def test_a_folder_as_answers_is_refused(isolated: Path) -> None:
    (isolated / "folder.yaml").mkdir()
    result = run("render", "folder.yaml", "-o", "out.docx", cwd=isolated)
    refused(result, "is a folder")


# -- answers -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("delegation: Belgium", "delegaton: Belgium", "did you mean 'delegation'?"),
        ("presiding_officer:", "Presiding_Officer:", "did you mean 'presiding_officer'?"),
        ("    points:", "    pionts:", "did you mean 'points'?"),
    ],
    ids=["top-level", "case", "nested"],
)
def test_unknown_fields_suggest_the_name_meant(isolated: Path, old: str, new: str, message: str) -> None:
    text = SEED.read_text(encoding="utf-8").replace(old, new, 1)
    result, source = render(isolated, "typo.yaml", text)
    refused(result, message, "is not a question of this template")
    written_nothing(isolated, source)


def test_a_control_character_in_an_answer_is_refused(isolated: Path) -> None:
    data = seed_data()
    data["lead_in"] = "Let me \x1b[31mnow\x1b[0m bring up"
    result, source = render(isolated, "esc.yaml", yaml.safe_dump(data, allow_unicode=True))
    refused(result, "control character")
    written_nothing(isolated, source)


def _seed_with(old: str, new: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


ODD_VALUES = [
    ("an impossible date", "date: 2014-09-08", "date: 2014-02-30", "date", "not a real date"),
    ("a thirteenth month", "date: 2014-09-08", "date: 2014-13-01", "date", "not a real date"),
    ("an impossible hour", "date: 2014-09-08", "date: 2014-09-08 25:00:00", "date", "not a real date"),
    (
        "a number of 5,000 digits",
        "template:",
        "time_limit: " + "9" * 5000 + "\ntemplate:",
        "time_limit",
        "5,000 digits",
    ),
    (
        "a hexadecimal of 5,000 digits",
        "template:",
        "time_limit: 0x" + "f" * 5000 + "\ntemplate:",
        "time_limit",
        "number",
    ),
    ("a tagged number", "template:", "time_limit: !!int twelve\ntemplate:", "time_limit", "whole number"),
    ("a tagged truth", "template:", "time_limit: !!bool perhaps\ntemplate:", "time_limit", "true or false"),
    ("a tagged date", "template:", "time_limit: !!timestamp soon\ntemplate:", "time_limit", "not a real date"),
]


@pytest.mark.parametrize(("name", "old", "new", "field", "message"), ODD_VALUES, ids=[c[0] for c in ODD_VALUES])
def test_an_odd_value_is_named_by_file_line_and_field(
    isolated: Path, name: str, old: str, new: str, field: str, message: str
) -> None:
    text = _seed_with(old, new)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith(f"{field}:"))
    result, source = render(isolated, "odd.yaml", text)
    refused(result, f"odd.yaml:{line}:", f"{field}:", message)
    assert result.err.count("\n") == 1, result.err
    written_nothing(isolated, source)


def test_an_impossible_date_in_a_batch_names_its_entry(isolated: Path) -> None:
    entry = {**seed_data(), "output": "x.docx"}
    entry.pop("date")
    text = yaml.safe_dump({"statements": [entry]}, allow_unicode=True).replace(
        "  output:", "  date: 2014-02-30\n  output:"
    )
    source = isolated / "week.yaml"
    source.write_text(text, encoding="utf-8")
    result = run("batch", source, "-o", "out", cwd=isolated, timeout=60)
    line = text.splitlines().index("  date: 2014-02-30") + 1
    refused(result, f"week.yaml:{line}:", "statements[0].date", "not a real date")


def test_an_impossible_default_date_names_questions_yaml(isolated: Path, starter: Path) -> None:
    folder = hostile_template(starter, isolated, (starter / "template.md.j2").read_text())
    manifest = folder / "questions.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "  day:\n    type: date\n    default: 2014-02-30\n")
    line = manifest.read_text(encoding="utf-8").count("\n")
    result = run("render", folder / "example.yaml", "-o", "out.docx", "--template-dir", folder.parent, cwd=isolated)
    refused(result, f"questions.yaml:{line}:", "questions.day.default", "not a real date")


CONSTRAINTS = [
    ("look-around", "text", 'pattern: "(?=x)x"', "not a pattern drafter can use"),
    ("back-reference", "text", 'pattern: "(a+)+\\\\1"', "not a pattern drafter can use"),
    ("unclosed group", "text", 'pattern: "("', "not a pattern drafter can use"),
    ("a pattern too large", "text", 'pattern: "(a{1000}){1000}"', "not a pattern drafter can use"),
    ("a length of 23 digits", "text", "max_length: 99999999999999999999999", "less than or equal"),
    ("a negative count", "text", "min_length: -5", "greater than or equal"),
    ("an infinite maximum", "integer", "maximum: .inf", "less than or equal"),
    ("half a bound", "integer", "maximum: 1.5", "whole numbers"),
]


@pytest.mark.parametrize(("name", "kind", "constraint", "message"), CONSTRAINTS, ids=[c[0] for c in CONSTRAINTS])
def test_a_constraint_no_validator_can_hold_names_its_line(
    isolated: Path, starter: Path, name: str, kind: str, constraint: str, message: str
) -> None:
    folder = hostile_template(starter, isolated, (starter / "template.md.j2").read_text())
    manifest = folder / "questions.yaml"
    text = manifest.read_text(encoding="utf-8") + f"  extra:\n    type: {kind}\n    required: false\n"
    manifest.write_text(text + f"    {constraint}\n", encoding="utf-8")
    result = run("render", folder / "example.yaml", "-o", "out.docx", "--template-dir", folder.parent, cwd=isolated)
    refused(result, "questions.yaml:", "questions.extra", message)
    assert not (isolated / "out.docx").exists()


LITERAL_TEXTS = [
    ("markdown", "**Not bold**, _not italic_, `not code`, [not a link](http://example.org) # not a heading"),
    ("html", "<b>not bold</b> <script>alert('x')</script> &amp; &lt;tag&gt; <!-- not a comment -->"),
    ("jinja", "{{ 7 * 7 }} {% for x in range(3) %}x{% endfor %} {# not a comment #} {{ lipsum() }}"),
    ("bidi overrides", "Belgium \u202edeniw\u202c supports \u2067العربية\u2069 the \u200fmark"),
    ("zero-width", "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffjoiner"),
]


@pytest.mark.parametrize(("name", "text"), LITERAL_TEXTS, ids=[c[0] for c in LITERAL_TEXTS])
def test_answer_text_comes_out_literally(isolated: Path, name: str, text: str) -> None:
    data = seed_data()
    data["lead_in"] = text
    result, _ = render(isolated, "literal.yaml", yaml.safe_dump(data, allow_unicode=True))
    assert result.code == 0, result.err
    assert text in [p.text for p in read_paragraphs(isolated / "out.docx")]


# -- untrusted templates --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working template made by ``drafter templates new``, copied by each case."""
    root = tmp_path_factory.mktemp("starter")
    env = {**os.environ, "HOME": str(root), "XDG_CONFIG_HOME": str(root / "config")}
    made = subprocess.run(
        [*drafter_command(), "templates", "new", "hostile", "--dir", str(root / "templates")],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    return root / "templates" / "hostile"


def hostile_template(starter: Path, work: Path, body: str, **files: str) -> Path:
    folder = work / "templates" / "hostile"
    shutil.copytree(starter, folder)
    (folder / "template.md.j2").write_text(body)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


TEMPLATES = [
    ("dunder class", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "blocked by the sandbox"),
    ("globals", "{{ cycler.__init__.__globals__.os.system('touch pwned') }}", "blocked by the sandbox"),
    ("format escape", "{{ '{0.__class__.__base__}'.format(delegation) }}", "blocked by the sandbox"),
    ("mutating", "{% set l = [1] %}{{ l.append(2) }}", "blocked by the sandbox"),
    ("range(10**9)", "{% for i in range(10**9) %}{{ i }}{% endfor %}", "Range too big"),
    ("nested loops", "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "longer than"),
    ("huge string", "{{ 'x' * 10**9 }}", "repetition"),
    ("huge list", "{{ [0] * 10**9 }}", "repetition"),
    ("huge power", "{{ 7 ** 1000000000 }}", "power too large"),
    ("huge width", "{{ 'x'|center(10**9) }}", "width or count"),
    ("huge method width", "{{ 'x'.ljust(10**9) }}", "width or count"),
    ("huge format", "{{ '%*s'|format(10**9, 'x') }}", "width or count"),
    (
        "doubling text",
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
        "characters",
    ),
    ("huge output", "{% for i in range(99999) %}{% for j in range(999) %}xxxxxxxxxx{% endfor %}{% endfor %}", "output"),
    ("recursive macro", "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "nested more than"),
    (
        "exponential macro",
        "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(80) }}",
        "longer than",
    ),
    ("includes itself", '{% include "hostile/template.md.j2" %}', "without end"),
    ("extends itself", '{% extends "hostile/template.md.j2" %}', "without end"),
    ("includes each other", '{% include "hostile/other.j2" %}', "without end"),
    ("absolute include", '{% include "/etc/passwd" %}', "not found"),
    ("climbing include", '{% include "../../../../../../etc/passwd" %}', "not found"),
    ("climbing import", '{% import "hostile/../../../../etc/hostname" as x %}', "not found"),
    # One call that would run for minutes or fill the memory is refused before it runs.
    ("lipsum paragraphs", "{{ lipsum(n=10**7) }}", "width or count"),
    ("lipsum words", "{{ lipsum(1, min=10**8, max=10**8) }}", "width or count"),
    ("percent width", "{{ '%0999999999d' % 7 }}", "width or count"),
    ("percent precision", "{{ '%.999999999f' % 1.5 }}", "width or count"),
    ("percent star", "{{ '%*s' % (10**9, delegation) }}", "width or count"),
    ("named percent width", "{{ '%(x)999999999s' % {'x': delegation} }}", "width or count"),
    ("format width", "{{ '{:>999999999}'.format(delegation) }}", "width or count"),
    ("nested format width", "{{ '{:{w}}'.format(delegation, w=10**9) }}", "width or count"),
    ("format_map width", "{{ '{d:^999999999}'.format_map({'d': delegation}) }}", "width or count"),
    ("markup format width", "{{ raw('{:>999999999}').format(delegation) }}", "width or count"),
    ("date format width", "{{ '{:%999999999Y}'.format(date) }}", "width or count"),
    ("a field repeated", "{{ ('{0}' * 100000).format('x' * 1000) }}", "characters"),
    ("zfill", "{{ delegation.zfill(10**9) }}", "width or count"),
    ("expandtabs", "{{ ('\t' * 1000000).expandtabs(1000) }}", "width or count"),
    ("replace between letters", "{{ delegation.replace('', 'x' * 4000000) }}", "width or count"),
    ("replace filter", "{{ ('x' * 4000000)|replace('x', 'yy') }}", "width or count"),
    ("translate", "{{ ('x' * 1000000).translate({120: 'y' * 1000}) }}", "width or count"),
    ("to_bytes", "{{ (1).to_bytes(10**9, 'big') }}", "width or count"),
    ("strftime", "{{ date.strftime('%c' * 2000000) }}", "width or count"),
    ("join a range", "{{ range(100000)|join('x' * 1000) }}", "width or count"),
    ("join method", "{{ ('y' * 1000).join(('x' * 100000)|list) }}", "width or count"),
    ("indent by a text", "{{ ('x\n' * 1000000)|indent('y' * 100) }}", "width or count"),
    ("indent width", "{{ ('x\n' * 2000000)|indent(1000) }}", "width or count"),
    ("wordwrap", "{{ ('x ' * 2000000)|wordwrap(1) }}", "width or count"),
    ("sum of lists", "{{ ([[1] * 1000] * 100000)|sum(start=[]) }}", "width or count"),
    ("batch fill", "{{ [1]|batch(10**9, 0)|list }}", "width or count"),
    ("big product", "{{ (2**9999) * (2**9999) }}", "product too large"),
    (
        "squaring",
        "{% set ns = namespace(x=3) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}{{ ns.x }}",
        "product too large",
    ),
    ("a list of letters", "{{ ('x' * 4000000)|list|sort }}", "list of more than"),
    (
        "doubling list",
        "{% set ns = namespace(l=[1]) %}{% for i in range(64) %}{% set ns.l = ns.l + ns.l %}{% endfor %}{{ ns.l }}",
        "list of more than",
    ),
    (
        "filters in a loop",
        "{% for i in range(100000) %}{{ ('x' * 1000)|list|map('upper')|list|length }}{% endfor %}",
        "longer than",
    ),
    ("recursive loop", "{% for i in range(100000) recursive %}{{ loop(range(100000)) }}{% endfor %}", "nested more"),
    (
        "nested value",
        "{% set ns = namespace(l=[]) %}{% for i in range(100000) %}{% set ns.l = [ns.l] %}{% endfor %}{{ ns.l }}",
        "without end",
    ),
    (
        "a new text kept at every turn",
        "{% set ns = namespace(l=[]) %}{% for i in range(100000) %}{% set ns.l = ns.l + ['x' * 4000000] %}{% endfor %}",
        "in all",
    ),
    (
        "slices kept at every turn",
        "{% set ns = namespace(l=[], s='x' * 4000000) %}{% for i in range(1000) %}"
        "{% set ns.l = ns.l + [ns.s[i:]] %}{% endfor %}",
        "in all",
    ),
    ("truncate's own check", "{{ delegation|truncate(3, end='x' * 100) }}", "template failed"),
    # Written to overflow the parser or the compiler.
    ("nested parentheses", "{{ " + "(" * 200 + "1" + ")" * 200 + " }}", "nested more than"),
    ("nested lists", "{{ " + "[" * 300 + "]" * 300 + " }}", "nested more than"),
    ("a long sum", "{{ 1" + " + 1" * 500 + " }}", "nested more than"),
    ("nested ifs", "{% if true %}" * 120 + "{% endif %}" * 120, "nested more than"),
    ("a number of 5,000 digits", "{{ " + "9" * 5000 + " }}", "cannot be read"),
]


@pytest.mark.parametrize(("name", "body", "message"), TEMPLATES, ids=[c[0] for c in TEMPLATES])
def test_untrusted_template_is_stopped(isolated: Path, starter: Path, name: str, body: str, message: str) -> None:
    folder = hostile_template(starter, isolated, body, **{"other.j2": '{% include "hostile/template.md.j2" %}'})
    result = run(
        "render", folder / "example.yaml", "-o", "out.docx", "--template-dir", isolated / "templates", cwd=isolated
    )
    refused(result, message)
    assert not (isolated / "out.docx").exists()
    assert not (isolated / "pwned").exists()


def test_a_hostile_template_fails_alone_in_a_batch(isolated: Path, starter: Path) -> None:
    folder = hostile_template(starter, isolated, "{{ 'x' * 10**9 }}")
    seed = seed_data()
    statements = [{**seed, "output": "good.docx"}, {"template": "hostile", **_example(folder), "output": "bad.docx"}]
    source = isolated / "mixed.yaml"
    source.write_text(yaml.safe_dump({"statements": statements}, allow_unicode=True))
    result = run(
        "batch", source, "-o", "out", "--jobs", "1", "--template-dir", isolated / "templates", cwd=isolated, timeout=60
    )
    refused(result, "repetition")
    opens(isolated / "out" / "good.docx")
    assert not (isolated / "out" / "bad.docx").exists()


def _example(folder: Path) -> dict[str, object]:
    data = yaml.safe_load((folder / "example.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    data.pop("template", None)
    return data


def with_condition(folder: Path, condition: str, name: str = "extra") -> int:
    """Add a required question asked only ``when: condition``; return the line of its ``when:``."""
    manifest = folder / "questions.yaml"
    text = manifest.read_text(encoding="utf-8").rstrip("\n") + f"\n  {name}:\n    type: text\n"
    line = text.count("\n") + 1
    manifest.write_text(text + f"    when: {json.dumps(condition)}\n", encoding="utf-8")
    return line


CONDITIONS = [
    ("power", "7 ** 100000000 > 1", "power too large"),
    ("product", "(2 ** 9000) * (2 ** 9000) > 1", "product too large"),
    ("zfill", "delegation.zfill(10**9)", "width or count"),
    ("lipsum", "lipsum(10**7)", "width or count"),
    ("repetition", "delegation * 10**9", "repetition"),
    ("percent width", "'%999999999s' % delegation", "width or count"),
    ("a long list", "(range(100000)|list) * 50", "list of more than"),
    ("a slow chain", "(range(100000)|list * 9)" + "|map('string')" * 30 + "|list", "longer than"),
    ("nesting", "(" * 300 + "1" + ")" * 300, "nested more than"),
    ("escape", "delegation.__class__.__mro__", "blocked by the sandbox"),
    ("not an expression", "delegation ==", "is not a condition drafter can read"),
]


@pytest.mark.parametrize(("name", "condition", "message"), CONDITIONS, ids=[c[0] for c in CONDITIONS])
def test_a_hostile_condition_is_stopped_at_its_line(
    isolated: Path, starter: Path, name: str, condition: str, message: str
) -> None:
    folder = hostile_template(starter, isolated, (starter / "template.md.j2").read_text())
    line = with_condition(folder, condition)
    result = run("render", folder / "example.yaml", "-o", "out.docx", "--template-dir", folder.parent, cwd=isolated)
    refused(result, message, f"questions.yaml:{line}:", "extra")
    assert result.err.count("drafter: ") == 1, result.err
    assert not (isolated / "out.docx").exists()


def test_a_hostile_condition_fails_its_entry_in_a_batch(isolated: Path, starter: Path) -> None:
    folder = hostile_template(starter, isolated, (starter / "template.md.j2").read_text())
    line = with_condition(folder, "lipsum(10**7)")
    statements = [
        {**seed_data(), "output": "good.docx"},
        {"template": "hostile", **_example(folder), "output": "x.docx"},
    ]
    source = isolated / "mixed.yaml"
    source.write_text(yaml.safe_dump({"statements": statements}, allow_unicode=True))
    result = run("batch", source, "-o", "out", "--template-dir", folder.parent, cwd=isolated, timeout=60)
    refused(result, "width or count", f"questions.yaml:{line}:")
    assert not (isolated / "out" / "x.docx").exists()


def test_templates_check_reports_a_hostile_condition(isolated: Path, starter: Path) -> None:
    folder = hostile_template(starter, isolated, (starter / "template.md.j2").read_text())
    line = with_condition(folder, "7 ** 100000000 > 1")
    result = run("templates", "check", "hostile", "--template-dir", folder.parent, cwd=isolated)
    assert result.code == 1, result
    assert "power too large" in result.out
    assert f"questions.yaml:{line}" in result.out


def test_a_hostile_condition_stops_the_interview(isolated: Path, starter: Path) -> None:
    import pexpect
    from test_interview_pty import ENTER, FINISH, Terminal

    folder = hostile_template(starter, isolated, (starter / "template.md.j2").read_text())
    line = with_condition(folder, "7 ** 100000000 > 1")
    command, *rest = drafter_command()
    child = pexpect.spawn(
        command,
        [*rest, "new", "hostile", "--template-dir", str(folder.parent), "-o", "out.docx"],
        cwd=str(isolated),
        env={**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"},
        encoding="utf-8",
        dimensions=(50, 140),
        timeout=SECONDS,
        preexec_fn=_limit_memory,
    )
    typed = {"Delegation": "Norway" + ENTER, "Meeting": "Human Rights Council" + ENTER, "Paragraph 1": "A." + FINISH}
    terminal = Terminal(child)
    terminal.walk("power too large", typed)  # each default accepted, or an answer typed, until the condition
    child.expect(pexpect.EOF, timeout=SECONDS)
    seen = terminal.transcript + (child.before or "")
    child.close()
    assert f"questions.yaml:{line}" in seen, seen[-2000:]
    assert "Traceback" not in seen
    assert child.exitstatus == 1
    assert not (isolated / "out.docx").exists()


# -- what templates may read -------------------------------------------------------------------------------
SECRET = "TOP-SECRET-7f3a"


@pytest.fixture
def secret(isolated: Path) -> Path:
    """A file outside every template folder, which no template may read."""
    path = isolated / "private" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


def render_hostile(isolated: Path, folder: Path, *extra: str) -> Result:
    return run("render", folder / "example.yaml", "-o", "out.md", "--template-dir", folder.parent, *extra, cwd=isolated)


def nothing_leaked(result: Result, isolated: Path) -> None:
    assert SECRET not in result.out + result.err
    assert not (isolated / "out.md").exists()


INCLUDES = [
    ("include", "{% include 'hostile/leak.txt' %}"),
    ("import", "{% import 'hostile/leak.txt' as leak %}{{ leak }}"),
    ("from import", "{% from 'hostile/leak.txt' import x %}"),
    ("extends", "{% extends 'hostile/leak.txt' %}"),
    ("a name from an answer", "{% include 'hostile/' ~ 'leak.txt' %}"),
    ("include of a list", "{% include ['hostile/missing.j2', 'hostile/leak.txt'] %}"),
    ("through a linked folder", "{% include 'hostile/linked/secret.txt' %}"),
    ("through two links", "{% include 'hostile/relay.txt' %}"),
]


@pytest.mark.parametrize(("name", "body"), INCLUDES, ids=[c[0] for c in INCLUDES])
def test_a_template_cannot_read_through_a_link(
    isolated: Path, starter: Path, secret: Path, name: str, body: str
) -> None:
    folder = hostile_template(starter, isolated, body)
    (folder / "leak.txt").symlink_to(secret)
    (folder / "linked").symlink_to(secret.parent, target_is_directory=True)
    (folder / "relay.txt").symlink_to(folder / "leak.txt")
    result = render_hostile(isolated, folder)
    refused(result, "leads outside the template folders")
    nothing_leaked(result, isolated)


def test_the_password_file_is_not_included(isolated: Path, starter: Path) -> None:
    folder = hostile_template(starter, isolated, "{% include 'hostile/leak.txt' %}")
    (folder / "leak.txt").symlink_to("/etc/passwd")
    result = render_hostile(isolated, folder)
    refused(result, "leads outside the template folders", "/etc/passwd")
    assert "root:" not in result.out + result.err
    assert not (isolated / "out.md").exists()


@pytest.mark.parametrize(
    "relative",
    [
        "questions.yaml",
        "example.yaml",
        "template.md.j2",
        "reference.docx",
        "../_shared/groups.yaml",
        "../_shared/phrases/en.yaml",
        "../_shared/macros.md.j2",
    ],
)
def test_a_template_file_that_leads_outside_is_refused(
    isolated: Path, starter: Path, secret: Path, relative: str
) -> None:
    folder = hostile_template(starter, isolated, (starter / "template.md.j2").read_text())
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    outside = secret.parent / target.name
    if target.exists():
        outside.write_bytes(target.read_bytes())
        target.unlink()
    else:
        outside.write_text(f"{SECRET}: {SECRET}\n", encoding="utf-8")
    target.symlink_to(outside)
    example = folder / "example.yaml"
    answers = example if relative != "example.yaml" else isolated / "answers.yaml"
    if relative == "example.yaml":  # read as the template's example by templates check and the interview
        result = run("templates", "check", "hostile", "--template-dir", folder.parent, cwd=isolated)
        assert result.code == 1, result
        assert "leads outside the template folders" in result.out
    else:
        result = run("render", answers, "-o", "out.docx", "--template-dir", folder.parent, cwd=isolated)
        refused(result, "leads outside the template folders")
    assert SECRET not in result.out + result.err
    assert not (isolated / "out.docx").exists()


def test_a_template_folder_may_be_a_link_and_link_inside_itself(isolated: Path, starter: Path) -> None:
    kept = isolated / "elsewhere" / "mine"
    shutil.copytree(starter, kept)
    (kept / "body.j2").write_text("{{ delegation }} speaks from a linked folder.\n", encoding="utf-8")
    (kept / "alias.j2").symlink_to(kept / "body.j2")
    (kept / "template.md.j2").write_text(
        "{% extends '_statement/template.md.j2' %}{% block body %}{% include 'mine/alias.j2' %}{% endblock %}\n"
    )
    example = kept / "example.yaml"
    example.write_text(example.read_text(encoding="utf-8").replace("template: hostile", "template: mine"))
    root = isolated / "templates"
    root.mkdir()
    (root / "mine").symlink_to(kept, target_is_directory=True)
    result = run("render", root / "mine" / "example.yaml", "-o", "out.md", "--template-dir", root, cwd=isolated)
    assert result.code == 0, result.err
    assert "Belgium speaks from a linked folder." in (isolated / "out.md").read_text(encoding="utf-8")


def test_a_link_to_a_system_folder_is_no_template_folder(isolated: Path, starter: Path) -> None:
    folder = hostile_template(starter, isolated, "{% include 'etc/passwd' %}")
    (folder.parent / "etc").symlink_to("/etc", target_is_directory=True)
    result = render_hostile(isolated, folder)
    refused(result)
    assert "root:" not in result.out + result.err


def _sparse(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(10**10)


SPECIAL_FILES: list[tuple[str, Callable[[Path], object], str]] = [
    ("a FIFO", os.mkfifo, "not found"),
    ("a device", lambda path: path.symlink_to("/dev/zero"), "not found"),
    ("a sparse file of 10 GB", _sparse, "at most"),
    ("a file of 2 MB", lambda path: path.write_text("x" * 2_000_000), "at most"),
    ("not UTF-8", lambda path: path.write_bytes(b"caf\xe9\n"), "not UTF-8"),
]


@pytest.mark.parametrize(("name", "make", "message"), SPECIAL_FILES, ids=[c[0] for c in SPECIAL_FILES])
def test_an_included_file_that_is_no_template_is_refused_without_reading_it(
    isolated: Path, starter: Path, name: str, make: Callable[[Path], object], message: str
) -> None:
    folder = hostile_template(starter, isolated, "{% include 'hostile/part.j2' %}")
    make(folder / "part.j2")
    result = render_hostile(isolated, folder)
    refused(result, message)
    assert not (isolated / "out.md").exists()


@pytest.mark.parametrize("name", ["x" * 300, "a\\x00b", "a/" * 2000 + "b"], ids=["long", "NUL", "deep"])
def test_odd_include_names_are_not_found(isolated: Path, starter: Path, name: str) -> None:
    folder = hostile_template(starter, isolated, "{% include 'hostile/" + name + "' %}")
    result = render_hostile(isolated, folder)
    refused(result, "not found")


def test_a_hostile_phrase_is_bounded(isolated: Path, starter: Path) -> None:
    folder = hostile_template(starter, isolated, "{{ t('mine') }}")
    phrases = folder.parent / "_shared" / "phrases"
    phrases.mkdir(parents=True)
    (phrases / "en.yaml").write_text('mine: "{{ lipsum(10**7) }}"\n', encoding="utf-8")
    result = render_hostile(isolated, folder)
    refused(result, "width or count")


@pytest.mark.parametrize(
    "wording",
    [
        "{{ 7 ** 100000000 }}{{ address }},",
        "".join(f"{{% if a{n} %}}x{{% endif %}}" for n in range(40)) + "{{ address }},",
    ],
    ids=["a power", "2**40 wordings"],
)
def test_import_with_a_hostile_phrase_bank_is_bounded(isolated: Path, wording: str) -> None:
    """The phrases a statement is recognised by come from the template folders too: a phrase that cannot be
    rendered is not recognised, and one with 40 optional names is not tried in its 2**40 wordings."""
    phrases = isolated / "templates" / "_shared" / "phrases"
    phrases.mkdir(parents=True)
    (phrases / "en.yaml").write_text(f"opening:\n  address: {json.dumps(wording)}\n", encoding="utf-8")
    statement = isolated / "statement.txt"
    statement.write_text("Mr. President,\n\nBelgium speaks.\n\nThank you.\n", encoding="utf-8")
    result = run("import", statement, "-o", "back.yaml", cwd=isolated)
    assert result.code == 0, result.err
    assert "Belgium speaks." in (isolated / "back.yaml").read_text(encoding="utf-8")


# -- import: what render would refuse is refused first --------------------------------------------------
STATEMENT = "Mr. President,\n\nCosta Rica welcomes this debate.\n\nThank you, Mr. President.\n"


def _word_document(path: Path, paragraphs: int) -> None:
    """A Word document of ``paragraphs`` paragraphs, written straight into its XML (python-docx takes minutes)."""
    from docx import Document as NewDocument

    small = path.with_name("small.docx")
    document = NewDocument()
    document.add_paragraph("Mr. President,")
    document.add_paragraph("MARK")
    document.save(str(small))
    one = "<w:p><w:r><w:t>Costa Rica welcomes this debate.</w:t></w:r></w:p>"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:p><w:r><w:t>MARK</w:t></w:r></w:p>", one.encode() * paragraphs)
            target.writestr(item, data)
    small.unlink()


IMPORT_REFUSALS: list[tuple[str, str, Callable[[Path], object], str]] = [
    ("50 MB of text", "big.txt", lambda p: p.write_text(STATEMENT * 600_000), "at most 4,000,004 bytes"),
    ("a line of 1.2 million characters", "line.txt", lambda p: p.write_text("word " * 240_000), "1,000,000"),
    ("10,001 paragraphs", "many.txt", lambda p: p.write_text("Point.\n\n" * 10_001), "at most 10,000"),
    ("20,000 list lines", "list.md", lambda p: p.write_text("- point\n" * 20_000), "at most 10,000"),
    ("200,000 Word paragraphs", "big.docx", lambda p: _word_document(p, 200_000), "more than 10,000 paragraphs"),
    ("UTF-16 without its mark", "bare.txt", lambda p: p.write_bytes(STATEMENT.encode("utf-16-le")), "UTF-16"),
    ("a NUL byte", "nul.md", lambda p: p.write_bytes(b"Mr. President,\n\nab\x00c\n"), "NUL"),
    ("a FIFO", "fifo.txt", os.mkfifo, "is not a file"),
    ("a device", "zero.txt", lambda p: p.symlink_to("/dev/zero"), "is not a file"),
]


@pytest.mark.parametrize(("name", "filename", "make", "message"), IMPORT_REFUSALS, ids=[c[0] for c in IMPORT_REFUSALS])
def test_import_refuses_up_front(
    isolated: Path, name: str, filename: str, make: Callable[[Path], object], message: str
) -> None:
    source = isolated / filename
    make(source)
    result = run("import", source, "-o", "back.yaml", cwd=isolated)
    refused(result, filename, message)
    assert result.err.count("\n") == 1, result.err
    assert not (isolated / "back.yaml").exists()


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-16", b""), ("utf-16-be", b"\xfe\xff"), ("utf-32", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-8", b"")],
    ids=["UTF-16", "UTF-16 big-endian", "UTF-32", "UTF-8 with its mark", "UTF-8"],
)
def test_import_reads_every_encoding_answers_files_accept(isolated: Path, encoding: str, prefix: bytes) -> None:
    """And Windows-1252, as Word saves plain text on a Western-European Windows (said as a warning)."""
    source = isolated / "statement.txt"
    source.write_bytes(prefix + STATEMENT.replace("Costa Rica", "Côte d’Ivoire").encode(encoding))
    result = run("import", source, "-o", "back.yaml", cwd=isolated)
    assert result.code == 0, result.err
    assert "Côte d’Ivoire welcomes this debate." in (isolated / "back.yaml").read_text(encoding="utf-8")
    rendered = run("render", "back.yaml", "-o", "back.md", cwd=isolated)
    assert rendered.code == 0, rendered.err


def test_what_import_accepts_render_accepts(isolated: Path) -> None:
    """Just under the bounds: the answers import writes are answers render reads."""
    source = isolated / "long.txt"
    source.write_text("Mr. President,\n\n" + "Norway stands ready. " * 45_000 + "\n\nThank you.\n", encoding="utf-8")
    result = run("import", source, "-o", "long.yaml", cwd=isolated, timeout=60)
    assert result.code == 0, result.err
    rendered = run("render", "long.yaml", "-o", "long.md", cwd=isolated, timeout=60)
    assert rendered.code == 0, rendered.err


# -- Word files from outside ------------------------------------------------------------------------------
# Every Word file drafter reads comes in through one door (drafter/word/opening.py): a statement to import,
# a redline's earlier version, a template's reference.docx, the user's house style. Each hostile file is
# tried through each of them.
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GIB = 1024**3


@pytest.fixture(scope="module")
def good_docx() -> bytes:
    """A reading copy drafter made, the base every hostile file is made from."""
    from drafter.document.blocks import parse_blocks
    from drafter.document.info import DocumentInfo
    from drafter.word.writer import DocxWriter

    draft = parse_blocks("# Statement by Senegal\n\n---\n\nMr. President,\n\n1. First point.\n2. Second point.\n")
    info = DocumentInfo("Statement by Senegal", "Senegal", "Dialogue", "Check against delivery", "en-GB")
    return DocxWriter(None).compose(draft, info)


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes], packed: dict[str, PackedPart] | None = None) -> bytes:
    """A zip of ``parts``; ``packed`` entries (made by hand: bombs, lies) replace the parts of that name."""
    packed = packed or {}
    entries = [packed.get(name) or pack(name, blob) for name, blob in parts.items()]
    return write_package([*entries, *(entry for name, entry in packed.items() if name not in parts)])


def _with(good: bytes, **replaced: bytes) -> bytes:
    parts = _parts(good)
    parts.update({name.replace("__", "/").replace("_xml", ".xml"): blob for name, blob in replaced.items()})
    return _zip(parts)


def deflated(*pieces: tuple[bytes, int]) -> tuple[bytes, int, int]:
    """Raw deflate data of each (bytes, times) piece in turn, made in half a second for a gigabyte: each
    piece compressed once and its output repeated (a full flush resets the compressor, so every repeat
    compresses the same); with the CRC-32 and the size of what it unpacks to."""
    data: list[bytes] = []
    crc = size = 0
    for block, times in pieces:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        data.append((compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)) * times)
        for _ in range(times):
            crc = zlib.crc32(block, crc)
        size += len(block) * times
    return b"".join(data) + zlib.compressobj(9, zlib.DEFLATED, -15).flush(), crc, size


MEGABYTE = 1 << 20


def bomb(good: bytes, part: str, size: int = int(1.1 * GIB), declared: int | None = None) -> bytes:
    """``part`` unpacking to ``size`` bytes of zeros; ``declared``: the size its zip entry claims (a lie)."""
    data, crc, stated = deflated((b"\0" * MEGABYTE, size // MEGABYTE))
    if declared is not None:
        stated, crc = declared, zlib.crc32(b"\0" * declared)
    return _zip(_parts(good), {part: PackedPart(part, crc, stated, DEFLATED, data)})


def spaced_xml(good: bytes, size: int) -> bytes:
    """A well-formed word/document.xml of ``size`` bytes, nearly all spaces: valid XML that compresses 1000:1."""
    head, tail = f'<w:document xmlns:w="{W}"><w:body>'.encode(), b"</w:body></w:document>"
    data, crc, stated = deflated((head, 1), (b" " * MEGABYTE, size // MEGABYTE), (tail, 1))
    return _zip(_parts(good), {"word/document.xml": PackedPart("word/document.xml", crc, stated, DEFLATED, data)})


def laughs_xml(root: str, levels: int = 9) -> bytes:
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, levels + 1))
    return (
        f'<?xml version="1.0"?><!DOCTYPE w:{root} [{entities}]>'
        f'<w:{root} xmlns:w="{W}"><w:body><w:p><w:r><w:t>&l{levels};</w:t></w:r></w:p></w:body></w:{root}>'
    ).encode()


def flipped(good: bytes, part: str = "word/document.xml") -> bytes:
    data = bytearray(good)
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    return bytes(data)


def cut_xml(good: bytes, part: str = "word/document.xml") -> bytes:
    parts = _parts(good)
    parts[part] = parts[part][: len(parts[part]) // 2]
    return _zip(parts)


WORD_REFUSALS = [
    ("zip bomb in document.xml", lambda g: bomb(g, "word/document.xml"), "word/document.xml: unpacks to more than"),
    ("zip bomb in styles.xml", lambda g: bomb(g, "word/styles.xml"), "word/styles.xml: unpacks to more than"),
    ("entity bomb in document.xml", lambda g: _with(g, word__document_xml=laughs_xml("document")), "DOCTYPE"),
    ("entity bomb in styles.xml", lambda g: _with(g, word__styles_xml=laughs_xml("styles")), "DOCTYPE"),
    ("one byte flipped", flipped, "word/document.xml: is damaged"),
    ("truncated XML part", cut_xml, "word/document.xml: is not well-formed XML"),
]
TARGETS = ("import", "redline", "reference", "house")


def _through(target: str, work: Path, starter: Path, data: bytes) -> tuple[Result, Path, str]:
    """``data`` given to drafter as ``target`` says; the result, the file that must not be written, its name."""
    if target == "import":
        source = work / "delivered.docx"
        source.write_bytes(data)
        return run("import", source, "-o", work / "out.yaml", cwd=work), work / "out.yaml", "delivered.docx"
    if target == "redline":
        source = work / "old.docx"
        source.write_bytes(data)
        result = run("render", SEED, "--redline", source, "-o", work / "changes.docx", cwd=work)
        return result, work / "changes.docx", "old.docx"
    if target == "house":
        from drafter.paths import user_house_style

        user_house_style().mkdir(parents=True)
        (user_house_style() / "reference.docx").write_bytes(data)
        return run("render", SEED, "-o", work / "out.docx", cwd=work), work / "out.docx", "reference.docx"
    folder = work / "templates" / "hostile"
    shutil.copytree(starter, folder)
    (folder / "reference.docx").write_bytes(data)
    result = run("render", folder / "example.yaml", "-o", work / "out.docx", "--template-dir", folder.parent, cwd=work)
    return result, work / "out.docx", "reference.docx"


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize(("name", "make", "message"), WORD_REFUSALS, ids=[c[0] for c in WORD_REFUSALS])
def test_a_hostile_word_file_is_refused_at_every_door(
    isolated: Path, starter: Path, good_docx: bytes, target: str, name: str, make: Any, message: str
) -> None:
    result, output, file_name = _through(target, isolated, starter, make(good_docx))
    refused(result, f"{file_name}: ", message, "refused")
    assert result.code == 1, result
    assert not output.exists()
    assert len(result.err.strip().splitlines()) == 1, result.err


def _doctype_after_a_long_comment(good: bytes) -> bytes:
    """The DOCTYPE past the first chunk the door reads: the parser's own check must catch it."""
    xml = laughs_xml("document").replace(b"<!DOCTYPE", b"<!--" + b"x" * 600_000 + b"--><!DOCTYPE", 1)
    return _with(good, word__document_xml=xml)


def _utf16(xml: bytes) -> bytes:
    return xml.decode().replace('"1.0"?', '"1.0" encoding="UTF-16"?').encode("utf-16")


def _typed_xml(good: bytes) -> bytes:
    """The main document renamed word/body.bin: XML by its content type alone, as python-docx reads it."""
    parts = _parts(good)
    parts["word/body.bin"] = laughs_xml("document")
    del parts["word/document.xml"]
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"word/document.xml", b"word/body.bin")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"/word/document.xml", b"/word/body.bin")
    return _zip(parts)


def _many_parts(good: bytes) -> bytes:
    parts = _parts(good)
    parts.update({f"customXml/item{n}.xml": b"<a/>" for n in range(2001)})
    return _zip(parts)


def _method(good: bytes, method: int, flags: int = 0) -> bytes:
    parts = _parts(good)
    packed = pack("word/document.xml", parts["word/document.xml"])
    odd = PackedPart(packed.name, packed.crc, packed.size, method, packed.data)
    data = bytearray(_zip(parts, {"word/document.xml": odd}))
    if flags:  # the general-purpose flags of the local header and of the central directory's entry
        local = data.index(b"word/document.xml") - 30  # the name follows each fixed-size header
        central = data.rindex(b"word/document.xml") - 46
        for offset in (local + 6, central + 8):
            data[offset] |= flags
    return bytes(data)


def _twice(good: bytes) -> bytes:
    """word/document.xml twice (a zip writer refuses that, so the copy is renamed in the bytes after)."""
    entries = [pack(name, blob) for name, blob in _parts(good).items()]
    document = next(e for e in entries if e.name == "word/document.xml")
    data = write_package([*entries, replace(document, name="word/documenT.xml")])
    return data.replace(b"word/documenT.xml", b"word/document.xml")


MORE_WORD_REFUSALS = [
    ("a lying size", lambda g: bomb(g, "word/document.xml", size=64 << 20, declared=1 << 20), "word/document.xml"),
    ("50 MB and a bit", lambda g: bomb(g, "word/document.xml", size=51 << 20), "unpacks to more than 50 MB"),
    ("a high ratio under 50 MB", lambda g: spaced_xml(g, 20 << 20), "times its packed size"),
    ("a bomb in a media part", lambda g: bomb(g, "word/media/image1.png"), "word/media/image1.png"),
    (
        "external entity",
        lambda g: _with(
            g,
            word__document_xml=(
                f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
            ).encode(),
        ),
        "DOCTYPE",
    ),
    ("DOCTYPE after a long comment", _doctype_after_a_long_comment, "DOCTYPE"),
    ("entity bomb in UTF-16", lambda g: _with(g, word__document_xml=_utf16(laughs_xml("document"))), "DOCTYPE"),
    (
        "10,000 nested elements",
        lambda g: _with(g, word__document_xml=b"<a>" * 10_000 + b"</a>" * 10_000),
        "is not well-formed XML",
    ),
    ("a DOCTYPE in the content types", lambda g: _with(g, **{"[Content_Types]_xml": laughs_xml("Types")}), "DOCTYPE"),
    ("entity bomb in XML not named .xml", _typed_xml, "word/body.bin: declares a DOCTYPE"),
    ("2,001 parts", _many_parts, "more than 2,000 parts"),
    ("bzip2 compression", lambda g: _method(g, 12), "compressed in a way Word does not use"),
    ("encrypted", lambda g: _method(g, 8, flags=1), "encrypted"),
    ("a part twice", _twice, "appears twice"),
    ("cut in half", lambda g: g[: len(g) // 2], "not a zip archive"),
    ("empty", lambda g: b"", "not a zip archive"),
    ("text", lambda g: b"Mr. President,\n", "not a zip archive"),
    ("a zip of something else", lambda g: _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "Word"),
    (
        "no main document",
        lambda g: _zip({k: v for k, v in _parts(g).items() if k != "word/document.xml"}),
        "delivered.docx",
    ),
]


@pytest.mark.parametrize(("name", "make", "message"), MORE_WORD_REFUSALS, ids=[c[0] for c in MORE_WORD_REFUSALS])
def test_more_hostile_word_files_are_refused(
    isolated: Path, starter: Path, good_docx: bytes, name: str, make: Any, message: str
) -> None:
    result, output, _ = _through("import", isolated, starter, make(good_docx))
    refused(result, "delivered.docx", message)
    assert result.code == 1, result
    assert not output.exists()


def test_a_word_file_too_big_to_read_is_refused_unread(isolated: Path, starter: Path) -> None:
    source = isolated / "delivered.docx"
    with source.open("wb") as handle:
        handle.truncate(101 * MEGABYTE)  # sparse: nothing written, nothing read
    result = run("import", source, "-o", isolated / "out.yaml", cwd=isolated)
    refused(result, "delivered.docx: is 105,906,176 bytes", "at most 64,000,000 bytes")  # import's own bound
    assert not (isolated / "out.yaml").exists()
    result = run("render", SEED, "--redline", source, "-o", isolated / "changes.docx", cwd=isolated)
    refused(result, "delivered.docx: is larger than 100 MB; refused")  # the door every Word file goes through
    assert not (isolated / "changes.docx").exists()


def test_a_hostile_house_style_fails_its_check_not_drafter(isolated: Path, starter: Path, good_docx: bytes) -> None:
    folder = isolated / "templates" / "hostile"
    shutil.copytree(starter, folder)
    (folder / "reference.docx").write_bytes(bomb(good_docx, "word/styles.xml"))
    result = run("templates", "check", "hostile", "--template-dir", folder.parent, cwd=isolated)
    assert result.code == 1, result
    assert "reference.docx: word/styles.xml: unpacks to more than 50 MB; refused" in result.out, result.out


def _numbered(paragraphs: str, numbering: str, styles: bytes | None = None) -> Any:
    def make(good: bytes) -> bytes:
        replaced = {
            "word__document_xml": f'<w:document xmlns:w="{W}"><w:body>{paragraphs}</w:body></w:document>'.encode(),
            "word__numbering_xml": f'<w:numbering xmlns:w="{W}">{numbering}</w:numbering>'.encode(),
        }
        if styles is not None:
            replaced["word__styles_xml"] = styles
        return _with(good, **replaced)

    return make


def _item(text: str, level: str | int, num_id: str | int = 1, style: str = "") -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    props += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    return f"<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def _para(text: str, style: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}<w:r><w:t>{text}</w:t></w:r></w:p>"


LIST = (
    '<w:abstractNum w:abstractNumId="0">'
    + "".join(
        f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%{n + 1}."/></w:lvl>'
        for n in range(9)
    )
    + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
)
DEEP_LISTS = _numbered(
    _para("Mr. President,")
    + "".join(_item(f"Point at level {n}, word{n}.", n) for n in range(50))
    + _item("A point at level two to the fortieth, wordhuge.", 2**40)
    + _item("A point at level minus one, wordminus.", -1)
    + _item("A point in a list that does not exist, wordnolist.", 0, num_id=999)
    + _para("Thank you, Mr. President."),
    LIST,
)
ODD_NUMBERS = _numbered(
    _para("Mr. President,")
    + _item("A level that is no number, wordabc.", "abc")
    + _item("A list id of forty digits, wordforty.", 0, num_id="9" * 40)
    + _item("A list id that is a word, wordnoid.", 0, num_id="one")
    + _item("A level of five thousand digits, wordfive.", "7" * 5000)
    + _para("Thank you, Mr. President."),
    '<w:abstractNum w:abstractNumId="x"><w:lvl w:ilvl="zero"><w:start w:val="-"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="x"/><w:lvlOverride w:ilvl="q"><w:startOverride w:val="z"/>'
    "</w:lvlOverride></w:num>" + LIST.replace('w:numId="1"', 'w:numId="2"'),
)
STYLE_LOOP = _numbered(
    _para("Mr. President,") + _para("A paragraph whose style is based on itself, wordloop.", "A") + _para("Thank you."),
    LIST,
    styles=(
        f'<w:styles xmlns:w="{W}">'
        '<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/></w:style>'
        "</w:styles>"
    ).encode(),
)
WORD_IMPORTS = [
    ("list levels 0 to 49, 2^40, -1 and a list that does not exist", DEEP_LISTS, ("nine levels", "negative", "define")),
    ("numbers that are not numbers", ODD_NUMBERS, ()),
    ("styles based on each other", STYLE_LOOP, ()),
]


@pytest.mark.parametrize(("name", "make", "warnings"), WORD_IMPORTS, ids=[c[0] for c in WORD_IMPORTS])
def test_odd_word_lists_import_and_no_word_is_lost(
    isolated: Path, starter: Path, good_docx: bytes, name: str, make: Any, warnings: tuple[str, ...]
) -> None:
    result, answers, _ = _through("import", isolated, starter, make(good_docx))
    assert result.code == 0, result
    for warning in warnings:
        assert f"drafter: warning: {isolated / 'delivered.docx'}: " in result.err and warning in result.err
    source = _parts(make(good_docx))["word/document.xml"].decode()
    wanted = Counter(_WORD.findall(" ".join(re.findall(r"<w:t>([^<]*)</w:t>", source))))
    assert words_of_docx(_render(isolated, answers, "docx")) >= wanted
    same_words(isolated, answers)


def _styles(*styles: str) -> bytes:
    normal = '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    return f'<w:styles xmlns:w="{W}">{normal}{"".join(styles)}</w:styles>'.encode()


def _style(style_id: str, name: str, body: str = "", kind: str = "paragraph") -> str:
    return f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{name}"/>{body}</w:style>'


ODD_HOUSE = {
    "word__styles_xml": _styles(
        _style("LN", "List Number", '<w:pPr><w:numPr><w:ilvl w:val="abc"/><w:numId w:val="1"/></w:numPr></w:pPr>'),
        _style("LB", "List Bullet", '<w:basedOn w:val="LB2"/>'),
        _style("LB2", "List Bullet 2", '<w:basedOn w:val="LB"/>'),
        _style("Linked", "Linked", '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr>'),
        _style("H", "Heading " + "7" * 5000),
    ),
    "word__numbering_xml": (
        f'<w:numbering xmlns:w="{W}">'
        '<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="Linked"/></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="zz"><w:lvl w:ilvl="x"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    ).encode(),
}


def test_a_house_style_with_odd_lists_and_styles_still_lays_statements_out(
    isolated: Path, starter: Path, good_docx: bytes
) -> None:
    result, output, _ = _through("reference", isolated, starter, _with(good_docx, **ODD_HOUSE))
    assert result.code == 0, result
    assert "welcomes this opportunity" in " ".join(p.text for p in read_paragraphs(output))


def test_a_house_style_whose_title_is_no_paragraph_style_is_refused(
    isolated: Path, starter: Path, good_docx: bytes
) -> None:
    styles = _styles(_style("Title", "Title", kind="character"))
    result, output, _ = _through("reference", isolated, starter, _with(good_docx, word__styles_xml=styles))
    refused(result, "reference.docx: is a Word document drafter cannot use as a house style")
    assert not output.exists()


def test_an_old_version_with_odd_styles_is_read(isolated: Path, starter: Path, good_docx: bytes) -> None:
    paragraphs = _para("Mr. President,", "H") + _item("A point.", "abc", style="LN") + _para("Thank you.", "LB")
    old = _numbered(paragraphs, ODD_HOUSE["word__numbering_xml"].decode()[len(f'<w:numbering xmlns:w="{W}">') : -14])
    data = _with(old(good_docx), word__styles_xml=ODD_HOUSE["word__styles_xml"])
    result, output, _ = _through("redline", isolated, starter, data)
    assert result.code == 0, result
    assert output.is_file()


# -- no word lost between the Markdown and the Word copy ------------------------------------------------------
_WORD = re.compile(r"[^\W_]+")
_MARKDOWN_LIST = re.compile(r"^[ \t>]*(?:\d{1,9}[.)]|[-*+])[ \t]+", re.MULTILINE)


def _render(folder: Path, answers: Path, fmt: str) -> Path:
    out = folder / f"same-words.{fmt}"
    result = run("render", answers, "-o", out, "--force", cwd=folder)
    assert result.code == 0, result
    return out


def words_of_docx(path: Path) -> Counter[str]:
    return Counter(w for p in read_paragraphs(path) for w in _WORD.findall(p.text))


def same_words(folder: Path, answers: Path) -> None:
    """The Word copy holds every word of the Markdown copy, and no other (list numbers aside)."""
    markdown = _render(folder, answers, "md").read_text(encoding="utf-8")
    in_markdown = Counter(_WORD.findall(_MARKDOWN_LIST.sub("", markdown)))
    assert words_of_docx(_render(folder, answers, "docx")) == in_markdown


def _deep_answers(levels: int) -> str:
    data = seed_data()
    data["lead_in"] = "Let me list:\n" + "\n".join(
        "   " * n + f"{'1.' if n % 2 else '-'} Point {n}, word{n}." for n in range(levels)
    )
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.mark.parametrize("levels", [9, 10, 50, 99])
def test_lists_deeper_than_word_s_nine_levels_keep_every_word(isolated: Path, levels: int) -> None:
    result, source = render(isolated, "deep.yaml", _deep_answers(levels))
    assert result.code == 0, result
    assert ("Word has 9" in result.out + result.err) == (levels > 9), result
    same_words(isolated, source)
    levels_used = {p.level for p in read_paragraphs(isolated / "out.docx") if p.level is not None}
    assert max(levels_used) == min(levels, 9) - 1


def test_lists_nested_beyond_what_drafter_reads_are_refused_not_dropped(isolated: Path) -> None:
    result, source = render(isolated, "deeper.yaml", _deep_answers(400))
    refused(result, "nested more than 99 deep")
    written_nothing(isolated, source)


@pytest.mark.parametrize(("name", "text"), LITERAL_TEXTS, ids=[c[0] for c in LITERAL_TEXTS])
def test_literal_answers_lose_no_word_in_the_word_copy(isolated: Path, name: str, text: str) -> None:
    data = seed_data()
    data["lead_in"] = text
    result, source = render(isolated, "literal.yaml", yaml.safe_dump(data, allow_unicode=True))
    assert result.code == 0, result.err
    same_words(isolated, source)


# -- outputs -------------------------------------------------------------------------------------------
def test_a_symlink_at_the_output_is_not_written_through(isolated: Path) -> None:
    victim = isolated / "victim.txt"
    victim.write_text("precious")
    (isolated / "out.docx").symlink_to(victim)
    result = run("render", SEED, "-o", "out.docx", cwd=isolated)
    refused(result, "already exists")
    assert victim.read_text() == "precious"
    assert (isolated / "out.docx").is_symlink()


def test_a_dangling_symlink_at_the_output_is_not_followed(isolated: Path) -> None:
    (isolated / "out.docx").symlink_to(isolated / "elsewhere.docx")
    result = run("render", SEED, "-o", "out.docx", cwd=isolated)
    refused(result, "already exists")
    assert not (isolated / "elsewhere.docx").exists()


def test_force_replaces_the_symlink_not_its_target(isolated: Path) -> None:
    victim = isolated / "victim.txt"
    victim.write_text("precious")
    (isolated / "out.docx").symlink_to(victim)
    result = run("render", SEED, "-o", "out.docx", "--force", cwd=isolated)
    assert result.code == 0, result.err
    assert victim.read_text() == "precious"
    assert not (isolated / "out.docx").is_symlink()
    opens(isolated / "out.docx")


def test_a_symlink_in_a_batch_output_folder_is_kept(isolated: Path) -> None:
    victim = isolated / "victim.txt"
    victim.write_text("precious")
    out = isolated / "out"
    out.mkdir()
    (out / "s.docx").symlink_to(victim)
    (out / "t.docx").symlink_to(out / "inside.docx")
    entries = [{**seed_data(), "output": "s.docx"}, {**seed_data(), "output": "t.docx"}]
    source = isolated / "links.yaml"
    source.write_text(yaml.safe_dump({"statements": entries}, allow_unicode=True))
    result = run("batch", source, "-o", out, cwd=isolated, timeout=60)
    refused(result, "t.docx: already exists")
    assert "s.docx: already exists" in result.err
    assert victim.read_text() == "precious"
    assert not (out / "inside.docx").exists()


OUTPUT_NAMES = [
    ("300 characters", "a" * 300 + ".docx", "305 bytes long"),
    ("255 bytes of accents", "é" * 126 + ".docx", "257 bytes long"),
    ("a folder name too long", "d" * 256 + "/x.docx", "256 bytes long"),
    ("a path of 6,000 bytes", "a/" * 3000 + "x.docx", "bytes long; the system allows"),
    ("a direction mark", "minutes\u202excod.docx", "direction mark"),
    ("a line break", "two\nlines.docx", "plain file name"),
    ("a NUL byte", "nul\x00.docx", "plain file name"),
]


@pytest.mark.parametrize(("name", "output", "message"), OUTPUT_NAMES, ids=[c[0] for c in OUTPUT_NAMES])
def test_an_output_name_the_system_cannot_hold_names_its_entry(
    isolated: Path, name: str, output: str, message: str
) -> None:
    text = yaml.safe_dump({"statements": [{**seed_data(), "output": output}]}, allow_unicode=True)
    source = isolated / "names.yaml"
    source.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.lstrip("- ").startswith("output:"))
    result = run("batch", source, "-o", "out", cwd=isolated, timeout=60)
    refused(result, f"names.yaml:{line}:", "statements[0].output", message)
    assert not (isolated / "out").exists() or list((isolated / "out").iterdir()) == []


@pytest.mark.parametrize(
    ("output", "message"),
    [("a" * 300 + ".docx", "305 bytes long"), ("é" * 126 + ".docx", "257 bytes long"), ("x\u202ey.docx", "direction")],
    ids=["300 characters", "255 bytes of accents", "a direction mark"],
)
def test_render_refuses_an_output_name_the_system_cannot_hold(isolated: Path, output: str, message: str) -> None:
    result = run("render", SEED, "-o", output, cwd=isolated)
    refused(result, message)
    assert result.err.count("\n") == 1
    written_nothing(isolated)


def test_a_windows_device_name_is_an_ordinary_name_here(isolated: Path) -> None:
    """CON, NUL and COM1 are reserved on Windows only; where drafter runs on Linux they are file names."""
    result = run("render", SEED, "-o", "CON.docx", cwd=isolated)
    assert result.code == 0, result.err
    opens(isolated / "CON.docx")


def _closed_stdout() -> None:
    _limit_memory()
    os.close(1)


def printing(args: list[str], cwd: Path, stdout: int | None, preexec: Callable[[], None] = _limit_memory) -> Result:
    """drafter with its standard output on ``stdout`` (None: the test's own, closed by ``preexec``)."""
    proc = subprocess.run(
        [*drafter_command(), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=cwd,
        timeout=SECONDS,
        preexec_fn=preexec,
    )
    _clean(proc.stderr)
    return Result(proc.returncode, "", proc.stderr)


PRINTING = {
    "render": ["render", str(SEED), "-o", "-", "--format", "md"],
    "schema": ["schema", "interactive-dialogue"],
    "templates show": ["templates", "show", "interactive-dialogue"],
}


@pytest.mark.parametrize("command", list(PRINTING))
def test_a_full_or_closed_standard_output_is_one_message(isolated: Path, command: str) -> None:
    with open("/dev/full", "wb") as full:
        result = printing(PRINTING[command], isolated, full.fileno())
    assert result.code == 1, result
    message = "drafter: error: cannot write to standard output: No space left on device; the output is incomplete\n"
    assert result.err == message
    closed = printing(PRINTING[command], isolated, None, _closed_stdout)
    assert closed.code == 1, closed
    assert closed.err == "drafter: error: standard output is closed; nothing could be printed\n"


def test_a_reader_that_stops_is_one_message(isolated: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before drafter writes: every write is a broken pipe
    try:
        result = printing(PRINTING["render"], isolated, write)
    finally:
        os.close(write)
    assert result.code == 1, result
    assert result.err.startswith("drafter: error: standard output was closed"), result.err
    assert result.err.count("\n") == 1


def test_a_huge_number_of_jobs_starts_only_a_few_processes(isolated: Path) -> None:
    source = _batch_file(isolated, 2)
    result = run("batch", source, "-o", "out", "--jobs", "99999", cwd=isolated, timeout=120)
    assert result.code == 0, result.err
    assert len(_check_folder(isolated / "out")) == 2


def _mount_tmpfs(where: Path, options: str) -> None:
    """Mount a small tmpfs (root only); skip locally where that is impossible, fail in CI."""
    where.mkdir(exist_ok=True)
    mounted = False
    if os.geteuid() == 0 and shutil.which("mount"):
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
        mounted = proc.returncode == 0
    if not mounted:
        if os.environ.get("CI"):
            pytest.fail("CI runs as root and must be able to mount a tmpfs")
        pytest.skip("mounting a tmpfs needs root")


@contextlib.contextmanager
def tmpfs(where: Path, options: str) -> Iterator[Path]:
    _mount_tmpfs(where, options)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_read_only_folder_is_refused(isolated: Path) -> None:
    folder = isolated / "readonly"
    if os.geteuid() == 0:
        context: contextlib.AbstractContextManager[Path] = tmpfs(folder, "ro,size=64k")
    else:
        folder.mkdir()
        folder.chmod(0o555)
        context = contextlib.nullcontext(folder)
    with context:
        result = run("render", SEED, "-o", folder / "out.docx", cwd=isolated)
        refused(result, "nothing was written")
        assert "read-only" in result.err or "permission" in result.err
        assert list(folder.iterdir()) == []


def test_a_full_disk_leaves_nothing_half_written(isolated: Path) -> None:
    with tmpfs(isolated / "small", "size=64k") as folder:
        filler = folder / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            handle.write(b"\0" * (64 * 1024 - 8 * 1024))
        result = run("render", SEED, "-o", folder / "out.docx", cwd=isolated)
        refused(result, "the disk is full", "nothing was written")
        assert sorted(p.name for p in folder.iterdir()) == ["filler"]
        filler.unlink()


def test_a_batch_onto_a_full_disk_writes_whole_files_only(isolated: Path) -> None:
    with tmpfs(isolated / "small", "size=192k") as folder:
        source = _batch_file(isolated, 12)
        result = run("batch", source, "-o", folder, "--jobs", "2", cwd=isolated, timeout=BATCH_SECONDS)
        refused(result, "the disk is full")
        files = list(folder.iterdir())
        assert all(p.suffix == ".docx" for p in files), files
        for path in files:
            opens(path)


def _batch_file(folder: Path, count: int, name: str = "many.yaml") -> Path:
    seed = seed_data()
    defaults = {k: v for k, v in seed.items() if k != "lead_in"}
    statements = [{"output": f"s-{n:03d}.docx", "lead_in": f"{seed['lead_in']} ({n})"} for n in range(count)]
    path = folder / name
    path.write_text(yaml.safe_dump({"defaults": defaults, "statements": statements}, allow_unicode=True))
    return path


def _spawn_batch(
    source: Path, out: Path, cwd: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*drafter_command(), "batch", str(source), "-o", str(out), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        start_new_session=True,
        preexec_fn=_limit_memory,  # noqa: PLW1509 (the memory bound of the test; no threads here)
    )


def _check_folder(out: Path) -> list[Path]:
    """Only whole statements: every file is a .docx that python-docx opens; no temporary file."""
    files = sorted(out.iterdir())
    assert all(p.suffix == ".docx" and not p.name.startswith(".") for p in files), [p.name for p in files]
    for path in files:
        opens(path)
    return files


def test_two_batches_into_one_folder_at_once(isolated: Path) -> None:
    source = _batch_file(isolated, 40)
    out = isolated / "out"
    first = _spawn_batch(source, out, isolated, "--jobs", "2")
    second = _spawn_batch(source, out, isolated, "--jobs", "2")
    results = [proc.communicate(timeout=BATCH_SECONDS) for proc in (first, second)]
    for proc, (_, err) in zip((first, second), results, strict=True):
        _clean(err)
        assert proc.returncode in (0, 1), err
        for line in err.splitlines():
            assert "already exists" in line or line.startswith("drafter: warning"), line
    assert len(_check_folder(out)) == 40


def _wait_for_files(out: Path, proc: subprocess.Popen[str], count: int) -> None:
    deadline = time.monotonic() + BATCH_SECONDS
    while len(list(out.glob("*.docx"))) < count:
        assert proc.poll() is None, "the batch ended before it could be interrupted"
        assert time.monotonic() < deadline, f"fewer than {count} files after {BATCH_SECONDS} s"
        time.sleep(0.05)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_a_signal_half_way_through_a_batch_then_a_rerun(isolated: Path, sig: signal.Signals) -> None:
    source = _batch_file(isolated, 300)
    out = isolated / "out"
    temp = isolated / "temp"  # where the batch keeps its plan
    temp.mkdir()
    proc = _spawn_batch(source, out, isolated, "--jobs", "2", env={"TMPDIR": str(temp)})
    try:
        _wait_for_files(out, proc, 20)
        os.killpg(proc.pid, sig)  # as Ctrl-C does: the whole process group
        _, err = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    if sig == signal.SIGINT:
        _clean(err)
        assert proc.returncode == 130
        assert "drafter: interrupted" in err
        assert list(temp.iterdir()) == []  # the plan's file is removed on Ctrl-C too
    else:
        assert proc.returncode == -signal.SIGKILL  # nothing can remove the plan's file then
    assert len(_check_folder(out)) < 300
    again = run("batch", source, "-o", out, "--jobs", "2", cwd=isolated, timeout=BATCH_SECONDS)
    assert again.code == 0, again.err
    assert len(_check_folder(out)) == 300


def test_import_reads_windows_1252_as_word_saves_plain_text(isolated: Path) -> None:
    source = isolated / "statement.txt"
    source.write_bytes(STATEMENT.replace("Costa Rica", "Côte d’Ivoire").encode("cp1252"))
    result = run("import", source, "-o", "back.yaml", cwd=isolated)
    assert result.code == 0, result.err
    assert "read as Windows-1252" in result.err
    assert "Côte d’Ivoire welcomes this debate." in (isolated / "back.yaml").read_text(encoding="utf-8")

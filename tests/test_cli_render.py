"""``drafter render`` as a user meets it: outputs, speaking time, and every bad input refused cleanly."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import SEED, Result

Run = Callable[..., Result]


def seed_variant(tmp: Path, old: str, new: str, name: str = "variant.yaml") -> Path:
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    path = tmp / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_render_docx_reports_speaking_time(drafter: Run, isolated: Path) -> None:
    result = drafter("render", SEED, "-o", "out.docx")
    assert result.code == 0
    assert "Wrote out.docx" in result.out
    assert "Speaking time: 923 words, about 8 min 23 s at 110 words per minute" in result.out
    assert (isolated / "out.docx").stat().st_size > 5000


def test_default_output_name_and_rate(drafter: Run, isolated: Path) -> None:
    result = drafter("render", SEED, "--format", "txt", "--rate", "130")
    assert result.code == 0
    assert (isolated / "belgium-r2p-2014.txt").is_file()
    assert "at 130 words per minute" in result.out


def test_markdown_and_text_to_stdout(drafter: Run) -> None:
    md = drafter("render", SEED, "-o", "-", "--format", "md")
    assert md.code == 0
    assert md.out.startswith("*Check against delivery*")
    assert "\n1. Firstly, the importance" in md.out
    assert "Speaking time" in md.err
    txt = drafter("render", SEED, "-o", "-", "--format", "txt")
    assert "3. Thirdly, the fight against impunity" in txt.out
    assert "    • Firstly, as a practical tool" in txt.out


def test_over_the_limit_warns(drafter: Run, isolated: Path) -> None:
    path = seed_variant(isolated, "officer_gender: male", "officer_gender: male\ntime_limit: 5")
    result = drafter("render", path, "-o", "x.docx")
    assert result.code == 0
    assert "OVER the 5 min limit by 3 min 23 s" in result.out
    assert "Warning" in result.out


BAD_INPUTS = [
    ("malformed YAML", "delegation: Belgium", "delegation: [Belgium", "not valid YAML", 11),
    ("wrong type", "delegation: Belgium", "delegation: 42", "delegation: Input should be a valid string", 10),
    ("missing answer", "\nmeeting:", "\nmeeting_typo:", "meeting: required answer is missing", None),
    ("unknown field", "lead_in: >-", "lead_in_typo: >-", "lead_in_typo: is not a question of this template", 34),
    (
        "unknown template",
        "template: interactive-dialogue",
        "template: interactive-dialog",
        "unknown template 'interactive-dialog'. Did you mean interactive-dialogue",
        None,
    ),
    (
        "escaped control character",
        "delegation: Belgium",
        'delegation: "Bel\\u0007gium"',
        "control character U+0007",
        10,
    ),
    ("raw control character", "delegation: Belgium", "delegation: Bel\x1bgium", "control character U+001B", 10),
    ("nested field", "  - group: eu", "  - group: atlantis", "group: 'atlantis' is not one of the choices", 18),
    ("date", "date: 2014-09-08", "date: 8 September 2014", "date: expected a date written YYYY-MM-DD", 13),
]


@pytest.mark.parametrize(("case", "old", "new", "message", "line"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_one_clear_message(
    drafter: Run, isolated: Path, case: str, old: str, new: str, message: str, line: int | None
) -> None:
    path = seed_variant(isolated, old, new)
    result = drafter("render", path, "-o", "out.docx")
    assert result.code == 1, case
    assert result.err.startswith("drafter: error: ")
    assert message in result.err
    if line is not None:
        assert f"variant.yaml:{line}:" in result.err
    assert "Traceback" not in result.err
    assert not (isolated / "out.docx").exists()
    assert [p.name for p in isolated.iterdir()] == ["variant.yaml"]


def test_existing_output_is_kept_without_force(drafter: Run, isolated: Path) -> None:
    target = isolated / "out.docx"
    target.write_bytes(b"colleague's edits")
    result = drafter("render", SEED, "-o", "out.docx")
    assert result.code == 1
    assert "already exists; use --force" in result.err
    assert target.read_bytes() == b"colleague's edits"
    assert drafter("render", SEED, "-o", "out.docx", "--force").code == 0
    assert target.read_bytes().startswith(b"PK")


def test_missing_answers_file_and_folder(drafter: Run) -> None:
    assert "no such file" in drafter("render", "absent.yaml").err
    assert "the folder does not exist" in drafter("render", SEED, "-o", "no/such/dir/x.docx").err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "x.odt"), "drafter writes .docx, .md, .txt or .pdf files, not .odt"),
        (("-o", "x.md", "--format", "docx"), "the file name says .md but --format says docx"),
        (("--rate", "0"), "is not a speaking rate"),
        (("--rate", "fast"), "is not a number of words per minute"),
    ],
)
def test_options_that_do_not_fit_are_refused(
    drafter_process: Run, isolated: Path, args: tuple[str, ...], message: str
) -> None:
    result = drafter_process("render", SEED, *args, cwd=isolated)
    assert result.code == 2 and message in result.err
    assert list(isolated.iterdir()) == []


def test_a_batch_file_given_to_render_says_so(drafter: Run) -> None:
    from helpers import EXAMPLES

    result = drafter("render", EXAMPLES / "week.batch.yaml")
    assert result.code == 1 and "this is a batch file: write it with 'drafter batch" in result.err


def test_docx_to_stdout_is_a_usage_error(drafter: Run) -> None:
    result = drafter("render", SEED, "-o", "-")
    assert result.code == 2
    assert "standard output" in result.err


def test_debug_shows_the_traceback(drafter: Run, isolated: Path) -> None:
    path = seed_variant(isolated, "delegation: Belgium", "delegation: 42")
    from drafter.errors import InputError

    with pytest.raises(InputError):
        drafter("--debug", "render", path)


def test_installed_command_works_from_any_folder(drafter_process: Run, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = drafter_process("render", SEED, "-o", "b.docx", cwd=elsewhere)
    assert result.code == 0, result.err
    assert (elsewhere / "b.docx").is_file()
    bad = drafter_process("render", elsewhere / "nothing.yaml", cwd=elsewhere)
    assert bad.code == 1 and "Traceback" not in bad.err


def test_python_dash_m_and_help_do_not_load_python_docx() -> None:
    heavy = ("docx", "jinja2", "pydantic", "questionary", "lxml")
    code = (
        "import sys; from drafter.cli import build_parser; build_parser(); "
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"
    proc = subprocess.run([sys.executable, "-m", "drafter", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "render" in proc.stdout

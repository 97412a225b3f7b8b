"""Every command drafter prints for the user to run — resume an interview, render again, check a new
template — works as printed: it carries the options the first command was given, quoted for the shell."""

from __future__ import annotations

import argparse
import shlex
import subprocess
from pathlib import Path

from test_interview_pty import CTRL_C, ENTER, FINISH, Terminal, plain

from drafter.console import command_line, given_options

from conftest import drafter_command
from helpers import read_paragraphs


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command)
    assert words[0] == "drafter"
    return subprocess.run(
        [*drafter_command(), *words[1:]], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def test_options_are_given_back_as_they_were_given(tmp_path: Path) -> None:
    args = argparse.Namespace(template_dir=[Path("my templates")], output="a b.docx", force=True, rate=130.0)
    options = given_options(args, "output", "force", "rate", "template_dir", "format")
    assert options == [
        "-o",
        "a b.docx",
        "--force",
        "--rate",
        "130",
        "--template-dir",
        str(Path("my templates").resolve()),
    ]
    assert command_line("render", "x y.yaml", *options[:2]) == "drafter render 'x y.yaml' -o 'a b.docx'"


def test_the_resume_and_render_again_commands_work_as_printed(isolated: Path) -> None:
    folder = isolated / "my templates"
    made = subprocess.run(
        [*drafter_command(), "templates", "new", "reply", "--kind", "reply", "--dir", str(folder)],
        cwd=isolated,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    term = Terminal.start("new", "reply", "--template-dir", "my templates", "-o", "first copy.docx", cwd=isolated)
    term.walk(r"\? Meeting", {"Delegation": "Costa Rica" + ENTER})
    term.send(CTRL_C)
    said = term.wait_for(r"Resume with: drafter[^\r\n]+")
    assert term.finish() == 130
    resume = said.split("Resume with: ")[1].splitlines()[0].strip()
    assert "--template-dir" in resume and "'first copy.docx'" in resume

    resumed = Terminal.start(*shlex.split(resume)[1:], cwd=isolated)
    typed = {
        "Meeting": "General Assembly, 80th session" + ENTER,
        "The statement replied to": "the representative of Atlantis" + ENTER,
        "Paragraph": "We reject these allegations." + FINISH,
    }
    screen = resumed.walk(r"Render it again with: drafter render .*", typed)
    assert resumed.finish() == 0, screen
    written = isolated / "first copy.docx"
    again = (screen + plain(resumed.transcript)).split("Render it again with: ")[1].splitlines()[0].strip()
    assert "--force" in again and "--template-dir" in again
    before = read_paragraphs(written)
    rendered = _run(again, isolated)
    assert rendered.returncode == 0, rendered.stderr
    assert read_paragraphs(written) == before

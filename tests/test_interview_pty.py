"""``drafter new`` in a real pseudo-terminal, as a person meets it (pexpect)."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pexpect

from drafter.inputs.yamlio import load_mapping

from conftest import drafter_command
from helpers import read_paragraphs

ENTER, CTRL_C, CLEAR = "\r", "\x03", "\x15"


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    command, *rest = drafter_command()
    child = pexpect.spawn(
        command,
        [*rest, *args],
        cwd=str(cwd),
        env={**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"},
        encoding="utf-8",
        dimensions=(50, 140),
        timeout=30,
    )
    return child


PASTE_ON, PASTE_OFF = "\x1b[?2004h", "\x1b[?2004l"
WAIT = 60.0
_SCREENS: dict[int, str] = {}


def _read(child: pexpect.spawn, timeout: float) -> str:
    """Read what is there, keeping the whole transcript of ``child`` (to know whether a prompt is waiting)."""
    text: str = child.read_nonblocking(65536, timeout=timeout)
    _SCREENS[id(child)] = _SCREENS.get(id(child), "") + text
    return text


def _waiting(text: str) -> bool:
    """prompt_toolkit switches bracketed paste on while a prompt waits for keys and off when it ends."""
    return text.rfind(PASTE_ON) > text.rfind(PASTE_OFF)


def settle(child: pexpect.spawn, quiet: float = 0.3) -> str:
    """Everything the program prints until it has been quiet for ``quiet`` seconds (or ends)."""
    seen = ""
    while True:
        try:
            seen += _read(child, quiet)
        except (pexpect.TIMEOUT, pexpect.EOF):
            return seen


def until_prompt(child: pexpect.spawn, after_key: bool = False, timeout: float = WAIT) -> str:
    """What the program prints until a prompt waits for a key, or the program ends.

    ``after_key``: a key was just pressed that ends the current prompt, so the output must show that
    prompt ending and the next one starting; no fixed pause decides it.
    """
    seen = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            seen += _read(child, 0.2)
        except pexpect.EOF:
            return seen
        except pexpect.TIMEOUT:
            ready = PASTE_OFF in seen and _waiting(seen) if after_key else _waiting(_SCREENS.get(id(child), ""))
            if ready:
                return seen
    raise AssertionError(f"no prompt within {timeout} s; the screen showed {seen[-500:]!r}")


def wait_for(child: pexpect.spawn, pattern: str, timeout: float = WAIT) -> str:
    """What the program prints until ``pattern`` has shown and the screen is still again."""
    seen = ""
    deadline = time.monotonic() + timeout
    while True:
        try:
            seen += _read(child, 0.2)
        except pexpect.TIMEOUT:
            if re.search(pattern, seen):
                return seen
        except pexpect.EOF:
            if re.search(pattern, seen):
                return seen
            raise AssertionError(f"the program ended before {pattern!r} showed: {seen[-500:]!r}") from None
        if time.monotonic() > deadline:
            raise AssertionError(f"{pattern!r} never appeared within {timeout} s: {seen[-500:]!r}")


def press_enter_until(child: pexpect.spawn, pattern: str, limit: int = 200) -> str:
    """Press Enter (accepting each default) until ``pattern`` shows; return that screen.

    Enter is pressed only once a prompt waits, and the next only once that prompt has ended and the
    following one waits, so no Enter meant for one prompt reaches the next, however slow the machine.
    """
    seen = until_prompt(child)
    for _ in range(limit):
        if re.search(pattern, seen):
            return seen
        if not child.isalive():
            break
        child.send(ENTER)
        seen = until_prompt(child, after_key=True)
    raise AssertionError(f"{pattern!r} never appeared")


def test_enter_through_writes_the_example_statement(isolated: Path) -> None:
    child = spawn("new", cwd=isolated)
    press_enter_until(child, "Wrote ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    docx = next(isolated.glob("*.docx"))
    # The first template of the list (in alphabetical order) is chosen, with its example's answers.
    assert docx.name == "2026-11-12-belgium-third-committee-of-the-general-assembly.docx"
    answers = load_mapping(docx.with_name(docx.stem + ".answers.yaml")).data
    assert answers["template"] == "explanation-of-vote"
    assert answers["delegation"] == "Belgium"
    texts = [p.text for p in read_paragraphs(docx)]
    assert texts[:2] == ["Check against delivery", "Statement by Belgium"]
    assert texts[-1] == "Thank you."


def test_answers_file_replays_to_the_same_document(isolated: Path) -> None:
    child = spawn("new", "interactive-dialogue", "-o", "first.docx", cwd=isolated)
    press_enter_until(child, "Wrote ")
    child.expect(pexpect.EOF)
    replay = subprocess.run([*drafter_command(), "render", "first.answers.yaml", "-o", "again.docx"], cwd=isolated)
    assert replay.returncode == 0
    assert read_paragraphs(isolated / "first.docx") == read_paragraphs(isolated / "again.docx")


def test_ctrl_c_half_way_then_resume(isolated: Path) -> None:
    child = spawn("new", "interactive-dialogue", cwd=isolated)
    press_enter_until(child, "Meeting")
    child.send(CLEAR + "Security Council open debate on the protection of civilians" + ENTER)
    wait_for(child, "Agenda item")
    child.send(CTRL_C)
    child.expect("Interrupted")
    child.expect(r"Resume with: drafter new --answers (\S+\.answers\.yaml)")
    saved = Path(child.match.group(1))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    progress = load_mapping(saved).data
    assert progress["meeting"] == "Security Council open debate on the protection of civilians"
    assert "agenda_item" not in progress

    resumed = spawn("new", "--answers", str(saved), "-o", "resumed.docx", cwd=isolated)
    assert "Agenda item" in wait_for(resumed, "Agenda item")
    press_enter_until(resumed, "Wrote ")
    resumed.expect(pexpect.EOF)
    resumed.close()
    assert resumed.exitstatus == 0
    texts = [p.text for p in read_paragraphs(isolated / "resumed.docx")]
    assert "Security Council open debate on the protection of civilians" in texts
    assert not saved.exists()


def test_wrong_answer_is_re_asked_with_the_reason(isolated: Path) -> None:
    child = spawn("new", "interactive-dialogue", "-o", "dated.docx", cwd=isolated)
    press_enter_until(child, "Date of delivery")
    child.send(CLEAR + "next Tuesday" + ENTER)
    wait_for(child, "expected a date written YYYY-MM-DD")
    child.send(CLEAR + "2015-09-08" + ENTER)
    press_enter_until(child, "Wrote ")
    child.expect(pexpect.EOF)
    answers = load_mapping(isolated / "dated.answers.yaml").data
    assert str(answers["date"]) == "2015-09-08"
    assert "New York, 8 September 2015" in [p.text for p in read_paragraphs(isolated / "dated.docx")]


def test_profile_values_become_defaults(isolated: Path) -> None:
    setting = subprocess.run([*drafter_command(), "profile", "set", "delegation", "Luxembourg"], cwd=isolated)
    assert setting.returncode == 0
    child = spawn("new", "interactive-dialogue", "-o", "lux.docx", cwd=isolated)
    press_enter_until(child, "Wrote ")
    child.expect(pexpect.EOF)
    assert "Statement by Luxembourg" in [p.text for p in read_paragraphs(isolated / "lux.docx")]


def test_without_a_terminal_new_refuses_and_says_what_to_do(isolated: Path) -> None:
    proc = subprocess.run(
        [*drafter_command(), "new"], cwd=isolated, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 2
    assert "needs a terminal" in proc.stderr
    assert "drafter render" in proc.stderr and "drafter batch" in proc.stderr
    assert list(isolated.iterdir()) == []


def test_screen_shows_help_and_editor_key(isolated: Path) -> None:
    child = spawn("new", "interactive-dialogue", cwd=isolated)
    screen = press_enter_until(child, re.escape("Lead-in to the actions"))
    assert "The sentence that introduces the numbered actions" in screen
    assert "Ctrl-X Ctrl-E opens your $EDITOR" in screen
    child.send(CTRL_C)
    child.expect(pexpect.EOF)


def test_profile_interview_saves_the_choices(isolated: Path) -> None:
    child = spawn("profile", cwd=isolated)
    wait_for(child, "Delegation")
    child.send("Luxembourg" + ENTER)
    press_enter_until(child, "Saved ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = subprocess.run([*drafter_command(), "profile", "show"], cwd=isolated, capture_output=True, text=True)
    assert "delegation: Luxembourg" in shown.stdout
    assert "presiding_officer: president" in shown.stdout


def test_long_text_opens_in_the_editor(isolated: Path, tmp_path: Path) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'Text written in the editor.' > \"$1\"\n")
    editor.chmod(0o755)
    command, *rest = drafter_command()
    child = pexpect.spawn(
        command,
        [*rest, "new", "interactive-dialogue", "-o", "edited.docx"],
        cwd=str(isolated),
        env={**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "EDITOR": str(editor)},
        encoding="utf-8",
        dimensions=(50, 140),
        timeout=30,
    )
    press_enter_until(child, "Lead-in to the actions")
    child.send(CLEAR + "\x18\x05")  # Ctrl-X Ctrl-E
    wait_for(child, "Text written in the editor.")
    child.send(ENTER)
    press_enter_until(child, "Wrote ")
    child.expect(pexpect.EOF)
    assert "Text written in the editor." in [p.text for p in read_paragraphs(isolated / "edited.docx")]

"""``drafter new`` in a real pseudo-terminal, as a person meets it (pexpect)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import time
from pathlib import Path

import pexpect

from drafter.inputs.profile import profile_path
from drafter.inputs.yamlio import load_mapping
from drafter.interview.defaults import working_day

from conftest import drafter_command
from helpers import EXAMPLES, read_paragraphs

ENTER, CTRL_C, CLEAR, FINISH = "\r", "\x03", "\x15", "\x1b\r"
PASTE_ON, PASTE_OFF = "\x1b[?2004h", "\x1b[?2004l"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # what a terminal sends around pasted text
WAIT = 60.0
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[>=]|\r")


def plain(text: str) -> str:
    """What the screen says, without the terminal's control sequences."""
    return ANSI.sub("", text)


class Terminal:
    """A drafter command in a pseudo-terminal, and everything it printed so far."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.transcript = ""

    @classmethod
    def start(cls, *args: str, cwd: Path, env: dict[str, str] | None = None) -> Terminal:
        """``drafter ARGS`` started in a terminal of 50 lines of 140 columns."""
        command, *rest = drafter_command()
        child = pexpect.spawn(
            command,
            [*rest, *args],
            cwd=str(cwd),
            env={**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})},
            encoding="utf-8",
            dimensions=(50, 140),
            timeout=30,
        )
        return cls(child)

    def _read(self, timeout: float) -> str:
        text: str = self.child.read_nonblocking(65536, timeout=timeout)
        self.transcript += text
        return text

    def send(self, keys: str) -> None:
        """Type ``keys``."""
        self.child.send(keys)

    def until_prompt(self, after_key: bool = False, timeout: float = WAIT) -> str:
        """What the program prints until a prompt waits for a key, or the program ends.

        ``after_key``: a key was just pressed that ends the current prompt, so the output must show that
        prompt ending and the next one starting; no fixed pause decides it. (prompt_toolkit switches
        bracketed paste on while a prompt waits for keys and off when it ends.)
        """
        seen = ""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                seen += self._read(0.2)
            except pexpect.EOF:
                return seen
            except pexpect.TIMEOUT:
                text = seen if after_key else self.transcript
                if (PASTE_OFF in seen or not after_key) and text.rfind(PASTE_ON) > text.rfind(PASTE_OFF):
                    return seen
        raise AssertionError(f"no prompt within {timeout} s; the screen showed {plain(seen)[-500:]!r}")

    def wait_for(self, pattern: str, timeout: float = WAIT) -> str:
        """What the program prints until ``pattern`` has shown (control sequences left out)."""
        seen = ""
        deadline = time.monotonic() + timeout
        while True:
            try:
                seen += self._read(0.2)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                if re.search(pattern, plain(seen)):
                    return plain(seen)
                raise AssertionError(f"the program ended before {pattern!r} showed: {plain(seen)[-500:]!r}") from None
            if re.search(pattern, plain(seen)):
                return plain(seen)
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} never appeared within {timeout} s: {plain(seen)[-500:]!r}")

    def current_prompt(self) -> str:
        """The last question shown, from its label on."""
        screen = plain(self.transcript)
        starts = [m.end() for m in re.finditer(r"(?:^|\n)\? ", screen)]
        return screen[starts[-1] :] if starts else ""

    def walk(self, until: str, typed: dict[str, str] | None = None, limit: int = 200) -> str:
        """Answer prompt after prompt until ``until`` shows: the text in ``typed`` for a prompt whose label
        starts with one of its keys (what was there cleared first), the default for the others.

        A key is sent only once a prompt waits, and the next only once that prompt has ended and the
        following one waits, so no key meant for one prompt reaches the next, however slow the machine.
        """
        typed = typed or {}
        seen = plain(self.until_prompt())
        for _ in range(limit):
            if re.search(until, seen):
                return seen
            if not self.child.isalive():
                break
            current = self.current_prompt()
            label = next((key for key in typed if current.startswith(key)), None)
            accept = FINISH if "Esc then Enter" in current else ENTER  # a paragraph answer ends with Esc, Enter
            self.send(CLEAR + typed[label] if label is not None else accept)
            seen = plain(self.until_prompt(after_key=True))
        raise AssertionError(f"{until!r} never appeared; last screen {seen[-500:]!r}")

    def finish(self) -> int:
        """Wait for the program to end; its exit status."""
        self.child.expect(pexpect.EOF, timeout=WAIT)
        self.transcript += self.child.before or ""
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)


def press_enter_until(child: pexpect.spawn, pattern: str) -> str:
    """Every prompt of ``child`` given its default until ``pattern`` shows (for other tests' interviews)."""
    return Terminal(child).walk(pattern)


def run_printed(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command drafter printed for the user, run exactly as printed."""
    words = shlex.split(command)
    assert words[0] == "drafter"
    return subprocess.run([*drafter_command(), *words[1:]], cwd=cwd, capture_output=True, text=True, timeout=120)


def profile(cwd: Path, *settings: tuple[str, str]) -> None:
    for key, value in settings:
        assert subprocess.run([*drafter_command(), "profile", "set", key, value], cwd=cwd).returncode == 0


MEETING = "Conseil des droits de l'homme, dialogue interactif avec le Rapporteur spécial sur le droit à l'alimentation"
POINTS = [
    "Le Sénégal salue le rapport et souligne trois priorités :",
    "",
    "1. l'accès des femmes rurales à la terre ;",
    "   - par des titres fonciers ;",
    "   - par le crédit ;",
    "2. la résilience face au climat ;",
    "3. la protection sociale.",
    "",
    "> Nul ne doit souffrir de la faim.",
]


def test_a_french_speaking_delegation_drafts_resumes_and_renders_again(isolated: Path) -> None:
    profile(isolated, ("delegation", "le Sénégal"), ("language", "fr"), ("conventions.voice", "delegation"))
    term = Terminal.start("new", "hrc-dialogue", "-o", "senegal.docx", cwd=isolated)
    screen = term.walk(r"\? Meeting")
    assert "? Language of the statement French" in plain(term.transcript)
    assert "? Delegation  (your profile) le Sénégal" in plain(term.transcript)
    assert "e.g. Conseil des droits de l'homme" in screen  # the example, in French, as a hint only
    screen = term.walk(r"\? Place", {"Meeting": MEETING + ENTER})
    assert "(the forum's seat) Genève" in screen
    screen = term.walk(r"\? Group statements to align with: what next")
    assert "(none yet" in screen  # no group of another delegation's statement
    holder = "le Rapporteur spécial sur le droit à l'alimentation"
    term.walk(
        r"\? Paragraph 1", {"The mandate holder": holder + ENTER, "Thank the mandate holder": "son rapport" + ENTER}
    )
    # Typed in place: Enter starts a line, Esc then Enter ends the answer; the structure is said back.
    for line in POINTS:
        term.send(line + ENTER)
    term.send(FINISH)
    said = term.wait_for(r"→ .*quotation")
    assert "→ 1 paragraph, a numbered list of 3 items (1 with sub-points), 1 quotation" in said
    term.walk(r"\? Questions to the mandate holder: what next")
    term.send(CTRL_C)
    said = term.wait_for(r"Resume with: drafter new .*")
    assert term.finish() == 130
    resume = re.search(r"Resume with: (drafter new .*)", said)
    assert resume is not None
    saved = Path(shlex.split(resume.group(1))[3])
    progress = load_mapping(saved).data
    assert progress["delegation"] == "le Sénégal" and progress["place"] == "Genève"
    assert str(progress["date"]) == working_day(dt.date.today()).isoformat()
    assert "questions" not in progress and not progress["alignments"]
    assert progress["points"] == ["\n".join(POINTS)]

    # The printed command, as printed: it goes straight back to the question that was interrupted.
    command = shlex.split(resume.group(1))
    assert command[-2:] == ["-o", "senegal.docx"]
    resumed = Terminal.start(*command[1:], cwd=isolated)
    first = plain(resumed.until_prompt())
    assert "Questions to the mandate holder" in first
    assert "Language of the statement" not in first and "Meeting" not in first
    done = resumed.walk(r"Render it again with: drafter render .*")
    assert resumed.finish() == 0
    again = re.search(r"Render it again with: (drafter render .*)", done + plain(resumed.transcript))
    assert again is not None and "--force" in again.group(1)
    assert not saved.exists()

    paragraphs = read_paragraphs(isolated / "senegal.docx")
    texts = [p.text for p in paragraphs]
    assert "Déclaration du Sénégal" in texts
    assert any(t.startswith("Genève, le ") for t in texts)
    assert any(t.startswith("Le Sénégal remercie le Rapporteur spécial") for t in texts)  # the profile's voice
    numbered = [p for p in paragraphs if p.num_id is not None and p.level == 0]
    assert [p.text for p in numbered][:3] == [  # typed in place, set in French typography
        "l’accès des femmes rurales à la terre\u00a0;",
        "la résilience face au climat\u00a0;",
        "la protection sociale.",
    ]
    written = load_mapping(isolated / "senegal.answers.yaml").data
    assert written["conventions"] == {"voice": "delegation"}  # the profile's, so that render needs no profile
    everything = " ".join(texts) + (isolated / "senegal.answers.yaml").read_text(encoding="utf-8")
    assert "Belg" not in everything and "éducation" not in everything

    profile_path().unlink()  # the answers file alone gives the same statement
    rendered = run_printed(again.group(1), isolated)
    assert rendered.returncode == 0, rendered.stderr
    assert [p.text for p in read_paragraphs(isolated / "senegal.docx")] == texts


def test_answers_file_replays_to_the_same_document(isolated: Path) -> None:
    example = EXAMPLES / "interactive-dialogue.en.yaml"
    term = Terminal.start("new", "--answers", str(example), "-o", "first.docx", cwd=isolated)
    term.walk("Wrote ")
    assert term.finish() == 0
    replay = subprocess.run([*drafter_command(), "render", "first.answers.yaml", "-o", "again.docx"], cwd=isolated)
    assert replay.returncode == 0
    assert read_paragraphs(isolated / "first.docx") == read_paragraphs(isolated / "again.docx")


def test_nothing_of_the_example_is_prefilled(isolated: Path) -> None:
    term = Terminal.start("new", "interactive-dialogue", cwd=isolated)
    term.walk(r"\? Delegation")
    term.send(ENTER)
    assert "an answer is required (the grey text is only an example)" in term.wait_for(r"an answer is required.*")
    term.send("Norway" + ENTER)
    screen = term.walk(r"\? Meeting")
    assert "Belgium" not in screen.split("? Delegation")[-1]
    term.send(CTRL_C)
    assert term.finish() == 130


def test_wrong_answer_is_re_asked_with_the_reason(isolated: Path) -> None:
    term = Terminal.start("new", "interactive-dialogue", cwd=isolated)
    term.walk(r"\? Date of delivery", {"Delegation": "Costa Rica" + ENTER, "Meeting": "Open debate" + ENTER})
    term.send(CLEAR + "next Tuesday" + ENTER)
    term.wait_for("expected a date written YYYY-MM-DD")
    term.send(CLEAR + "2015-09-08" + ENTER)
    term.until_prompt(after_key=True)
    term.send(CTRL_C)
    said = term.wait_for(r"saved in \S+\.answers\.yaml")
    assert term.finish() == 130
    saved = re.search(r"saved in (\S+\.answers\.yaml)", said)
    assert saved is not None
    assert str(load_mapping(Path(saved.group(1))).data["date"]) == "2015-09-08"


def test_without_a_terminal_new_refuses_and_says_what_to_do(isolated: Path) -> None:
    proc = subprocess.run(
        [*drafter_command(), "new"], cwd=isolated, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 2
    assert "needs a terminal" in proc.stderr
    assert "drafter render" in proc.stderr and "drafter batch" in proc.stderr
    assert list(isolated.iterdir()) == []


def test_paragraphs_show_how_to_finish_and_the_editor_key(isolated: Path) -> None:
    term = Terminal.start("new", "interactive-dialogue", cwd=isolated)
    screen = term.walk(
        re.escape("? Lead-in to the actions"), {"Delegation": "Japan" + ENTER, "Meeting": "Dialogue" + ENTER}
    )
    assert "The sentence that introduces the numbered actions" in screen
    assert "Enter: new line · Esc then Enter (or Alt+Enter): finish · Ctrl-X Ctrl-E: editor" in screen
    term.send(CTRL_C)
    assert term.finish() == 130


def test_no_editor_found_says_so_and_stays_and_pasting_keeps_paragraphs(isolated: Path) -> None:
    env = {"VISUAL": "", "EDITOR": "", "PATH": str(Path(drafter_command()[0]).parent)}
    term = Terminal.start("new", "interactive-dialogue", cwd=isolated, env=env)
    term.walk(re.escape("? Lead-in to the actions"), {"Delegation": "Japan" + ENTER, "Meeting": "Dialogue" + ENTER})
    term.send("Typed here." + "\x18\x05")  # Ctrl-X Ctrl-E
    term.wait_for(r"No editor found \(\$VISUAL, \$EDITOR, nano\)")
    term.send(" Still here.")
    term.send(PASTE_START + "\n\nA pasted paragraph.\n- one\n- two" + PASTE_END + FINISH)
    assert "→ 2 paragraphs, a bulleted list of 2 items" in term.wait_for("→ .*items")
    term.until_prompt()
    term.send(CTRL_C)
    assert term.finish() == 130


def test_profile_interview_saves_the_choices_and_conventions(isolated: Path) -> None:
    term = Terminal.start("profile", cwd=isolated)
    term.walk(r"\? Delegation")
    term.send("Norway" + ENTER)
    screen = term.walk(r"\? Your usual closing")
    assert "“Thank you. · Je vous remercie.”" in screen  # each variant as it reads, in both languages
    listed = screen.rsplit("Your usual closing", 1)[1].splitlines()
    offered = [line for line in listed if "“" in line or "As each template has it" in line]
    target = next(i for i, line in enumerate(offered) if "“Thank you. · Je vous remercie.”" in line)
    start = next(i for i, line in enumerate(offered) if "As each template has it" in line)
    term.send("\x1b[A" * (start - target) + ENTER)  # up from "As each template has it" to "Thank you."
    term.until_prompt(after_key=True)
    term.walk(r"Saved ")
    assert term.finish() == 0
    shown = subprocess.run([*drafter_command(), "profile", "show"], cwd=isolated, capture_output=True, text=True)
    assert "delegation: Norway" in shown.stdout
    assert "presiding_officer: president" in shown.stdout
    assert "    sentences:\n      closing_thanks:\n        use: thank-you" in shown.stdout


def test_long_text_opens_in_the_editor(isolated: Path, tmp_path: Path) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'Text written in the editor.' > \"$1\"\n")
    editor.chmod(0o755)
    term = Terminal.start("new", "interactive-dialogue", cwd=isolated, env={"EDITOR": str(editor), "VISUAL": ""})
    term.walk(re.escape("? Lead-in to the actions"), {"Delegation": "Japan" + ENTER, "Meeting": "Dialogue" + ENTER})
    term.send(CLEAR + "\x18\x05")  # Ctrl-X Ctrl-E
    term.wait_for("Text written in the editor.")
    term.send(FINISH)
    term.wait_for("→ 1 paragraph")
    term.until_prompt()
    term.send(CTRL_C)
    said = term.wait_for(r"saved in \S+\.answers\.yaml")
    assert term.finish() == 130
    saved = re.search(r"saved in (\S+\.answers\.yaml)", said)
    assert saved is not None
    assert load_mapping(Path(saved.group(1))).data["lead_in"] == "Text written in the editor."

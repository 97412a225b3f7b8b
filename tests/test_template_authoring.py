"""New kinds of statement without Jinja: a template drawn from a delivered statement, and starters of the
usual kinds (national, joint, reply), each checked, rendered in English and French, and read back."""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from test_corpus import REAL, SLUGS, delivered, reading_copy

from helpers import ROOT, TEMPLATES, Result, read_paragraphs

Run = Callable[..., Result]


def _printed_commands(out: str) -> list[list[str]]:
    """The drafter commands a command printed, as a shell would split them."""
    return [shlex.split(line.strip()) for line in out.splitlines() if line.strip().startswith("drafter ")]


@pytest.mark.parametrize("slug", SLUGS)
def test_a_statement_becomes_a_template_whose_example_renders_it_back(slug: str, drafter: Run, isolated: Path) -> None:
    result = drafter("templates", "new", "drawn", "--from-statement", REAL / f"{slug}.txt")
    assert result.code == 0, result.err
    assert "renders the statement back word for word" in result.out, result.out
    assert "everything after the heading lines is the delegation's paragraphs" not in result.out  # the bank's kept
    check = drafter("templates", "check", "drawn")
    assert check.code == 0, check.out
    assert drafter("render", "templates/drawn/example.yaml", "-o", "copy.docx").code == 0
    heading, body = delivered(slug)
    copy_heading, copy_body = reading_copy(isolated / "copy.docx")
    assert copy_body == body
    assert copy_heading == heading


def test_the_drawn_template_writes_the_frame_as_sentences_and_asks_the_paragraphs(drafter: Run, isolated: Path) -> None:
    source = REAL / "fr-hrc-dialogue-france-2020.txt"
    assert drafter("templates", "new", "france-hrc", "--from-statement", source).code == 0
    folder = isolated / "templates" / "france-hrc"
    template = (folder / "template.md.j2").read_text(encoding="utf-8")
    assert '{{ t("closing_thanks", variant="thank-you") }}' in template
    assert '{{ t("statement_by", variant="statement-of") }}' in template
    assert "{{ m.paragraphs(points) }}" in template
    assert "{% if" not in template
    manifest = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    assert manifest["languages"] == ["en", "fr"]
    assert manifest["questions"]["points"]["type"] == "list"
    example = yaml.safe_load((folder / "example.yaml").read_text(encoding="utf-8"))
    assert example["language"] == "fr" and example["delegation"] == "la France"
    assert len(example["points"]) == 3
    # The same template in English: the bank's English sentences around the same paragraphs.
    assert drafter("templates", "preview", "france-hrc", "--lang", "en").code == 0
    english = yaml.safe_load((folder / "example.yaml").read_text(encoding="utf-8"))
    english.update(language="en", delegation="Norway", sentences={})
    Path("norway.yaml").write_text(yaml.safe_dump(english, allow_unicode=True), encoding="utf-8")
    assert drafter("render", "norway.yaml", "-o", "norway.docx").code == 0
    texts = [p.text for p in read_paragraphs(isolated / "norway.docx")]
    assert "Statement of Norway" in texts
    assert texts[-1] == "Thank you."


def test_a_drawn_template_turns_to_the_mandate_holder_as_the_shared_layout_does(drafter: Run, isolated: Path) -> None:
    """ "High Commissioner." after the opening: the shared layout's addressee block says it, its wording the
    example's choice, so the template holds no condition; the same template without an addressee leaves it out."""
    result = drafter("templates", "new", "uk-hrc", "--from-statement", REAL / "en-hrc-dialogue-uk-2024.txt")
    assert "renders the statement back word for word" in result.out, result.out
    folder = isolated / "templates" / "uk-hrc"
    template = (folder / "template.md.j2").read_text(encoding="utf-8")
    assert "salutation_addressee" not in template and "{% if" not in template
    example = yaml.safe_load((folder / "example.yaml").read_text(encoding="utf-8"))
    assert (example["addressee"], example["sentences"]["salutation_addressee"]) == (
        "high-commissioner",
        {"use": "address-full-stop"},
    )
    example.update(addressee="none")
    Path("alone.yaml").write_text(yaml.safe_dump({"template": "uk-hrc", **example}), encoding="utf-8")
    alone = drafter("render", "alone.yaml", "--format", "md", "-o", "-", "--template-dir", "templates")
    assert alone.code == 0, alone.err
    assert "High Commissioner." not in alone.out.split("---")[1].split("\n\n")[2]


def test_a_drawn_template_keeps_the_delegations_end_mark(drafter: Run, isolated: Path) -> None:
    source = ROOT / "tests" / "data" / "heldout" / "real" / "fr-explanation-of-vote-france-2022.txt"
    result = drafter("templates", "new", "fr-eov", "--from-statement", source)
    assert "renders the statement back word for word" in result.out, result.out
    assert "everything after the heading lines" not in result.out
    preview = drafter("templates", "preview", "fr-eov", "--template-dir", "templates")
    assert "Je vous remercie./." in preview.out


def test_the_author_renames_removes_and_adds_questions(drafter: Run, isolated: Path) -> None:
    assert (
        drafter("templates", "new", "uk-dialogue", "--from-statement", REAL / "en-hrc-dialogue-uk-2024.txt").code == 0
    )
    folder = isolated / "templates" / "uk-dialogue"
    for name in ("questions.yaml", "template.md.j2", "example.yaml"):
        path = folder / name
        path.write_text(re.sub(r"\bpoints\b", "remarks", path.read_text(encoding="utf-8")), encoding="utf-8")
    check = drafter("templates", "check", "uk-dialogue")
    assert check.code == 0, check.out
    path = folder / "template.md.j2"
    path.write_text(path.read_text(encoding="utf-8").replace("m.paragraphs(remarks)", "m.paragraphs(remark)"))
    check = drafter("templates", "check", "uk-dialogue")
    assert check.code == 1
    assert "did you mean 'remarks'?" in check.out


def test_a_statement_not_read_is_refused_and_nothing_written(drafter: Run, isolated: Path) -> None:
    Path("notes.pdf").write_text("x")
    result = drafter("templates", "new", "x", "--from-statement", "notes.pdf")
    assert result.code == 1
    assert "notes.pdf" in result.err
    assert not (isolated / "templates" / "x").exists()


@pytest.mark.parametrize("kind", ["national", "joint", "reply"])
def test_a_starter_of_each_kind_checks_and_renders_in_both_languages(kind: str, drafter: Run, isolated: Path) -> None:
    result = drafter("templates", "new", f"my-{kind}", "--kind", kind)
    assert result.code == 0, result.err
    check = drafter("templates", "check", f"my-{kind}")
    assert check.out.strip() == f"my-{kind}: ok", check.out
    for language in ("en", "fr"):
        preview = drafter("templates", "preview", f"my-{kind}", "--lang", language)
        assert preview.code == 0, preview.out
    example = isolated / "templates" / f"my-{kind}" / "example.yaml"
    assert drafter("render", example, "-o", f"{kind}.docx").code == 0


def test_the_national_starter_has_alignment_thanks_numbered_points_and_no_closing_question(
    drafter: Run, isolated: Path
) -> None:
    assert drafter("templates", "new", "sixth", "--kind", "national").code == 0
    assert drafter("render", "templates/sixth/example.yaml", "-o", "sixth.docx").code == 0
    paragraphs = read_paragraphs(isolated / "sixth.docx")
    texts = [p.text for p in paragraphs]
    assert "Mr. Chair," in texts
    assert "Norway aligns itself with the statement of the Nordic-Baltic countries." in texts
    assert "We thank the Special Rapporteur for his report." in texts
    numbered = [p for p in paragraphs if p.num_id is not None]
    assert numbered[0].text == "Norway welcomes the draft articles adopted on first reading."
    assert texts[-1] == "Thank you, Mr. Chair."
    shown = drafter("templates", "show", "sixth").out
    assert "closing" not in re.findall(r"^\s+(\w+)", shown, re.M)
    answers = yaml.safe_load((isolated / "templates" / "sixth" / "example.yaml").read_text())
    answers.update(language="fr", delegation="la Norvège")
    Path("fr.yaml").write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    assert drafter("render", "fr.yaml", "-o", "sixth-fr.docx").code == 0
    french = [p.text for p in read_paragraphs(isolated / "sixth-fr.docx")]
    assert "Monsieur le Président," in french
    assert french[-1] == "Je vous remercie, Monsieur le Président."


def test_every_command_templates_new_prints_works_as_printed(drafter: Run, isolated: Path) -> None:
    result = drafter("templates", "new", "elsewhere", "--dir", "my templates")
    assert result.code == 0, result.err
    commands = _printed_commands(result.out)
    assert len(commands) == 2 and all("--template-dir" in c for c in commands)
    for command in commands:
        again = drafter(*command[1:])
        assert again.code == 0, (command, again.out, again.err)


def test_drafter_s_own_source_tree_is_not_a_project_folder(drafter: Run, isolated: Path) -> None:
    """From a checkout of drafter, ./templates holds the built-in templates: not searched as a project's
    (they would shadow the installed ones), and new templates go to the user's folder, unless asked."""
    (isolated / "drafter").mkdir()
    (isolated / "drafter" / "cli.py").write_text("")
    copy = isolated / "templates"
    shutil.copytree(TEMPLATES / "_statement", copy / "_statement")
    shutil.copytree(TEMPLATES / "right-of-reply", copy / "right-of-reply")
    listed = drafter("templates", "list")
    assert "shadows" not in listed.out and "project" not in listed.out
    assert drafter("templates", "check", "right-of-reply").out.strip() == "right-of-reply: ok"
    made = drafter("templates", "new", "tribute")
    assert made.code == 0
    assert "drafter's own source tree" in made.out
    assert not (copy / "tribute").exists()
    for command in _printed_commands(made.out):
        assert drafter(*command[1:]).code == 0, command
    asked = drafter("templates", "list", "--template-dir", "templates")
    assert "shadows" in asked.out


def test_a_statement_whose_frame_cannot_be_kept_becomes_paragraphs_that_render_it_back(
    drafter: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drafter.authoring import from_statement

    monkeypatch.setattr(from_statement.Drawer, "call", lambda self, found: "A sentence drafter got wrong.")
    slug = "en-hrc-dialogue-uk-2024"
    result = drafter("templates", "new", "plain", "--from-statement", REAL / f"{slug}.txt")
    assert result.code == 0, result.err
    assert "everything after the heading lines is the delegation's paragraphs" in result.out
    assert "renders the statement back word for word" in result.out
    assert drafter("render", "templates/plain/example.yaml", "-o", "copy.docx").code == 0
    assert reading_copy(isolated / "copy.docx") == delivered(slug)


def test_the_interview_of_a_national_starter_does_not_ask_for_closing_paragraphs(isolated: Path) -> None:
    from test_interview_pty import ENTER, FINISH, Terminal, plain

    from conftest import run_drafter

    assert run_drafter("templates", "new", "sixth", "--kind", "national", cwd=isolated).code == 0
    term = Terminal.start("new", "sixth", "-o", "sixth.docx", cwd=isolated)
    typed = {
        "Delegation": "Costa Rica" + ENTER,
        "Meeting": "Sixth Committee" + ENTER,
        "Whom the statement thanks": "the Special Rapporteur" + ENTER,
        "What the statement thanks them for": "his report" + ENTER,
        "Numbered points 1 – Point": "The Commission's work matters." + FINISH,
    }
    term.walk("Wrote ", typed)
    assert term.finish() == 0, plain(term.transcript)[-2000:]
    transcript = plain(term.transcript)
    assert "Group statements to align with" in transcript
    assert "Closing paragraphs" not in transcript
    assert [p.text for p in read_paragraphs(isolated / "sixth.docx")][-1] == "Thank you, Mr. Chair."


def test_two_ways_to_start_at_once_are_refused(drafter: Run, isolated: Path) -> None:
    result = drafter("templates", "new", "x", "--kind", "national", "--from", "right-of-reply")
    assert result.code == 2
    assert "--from and --kind" in result.err
    assert not (isolated / "templates" / "x").exists()

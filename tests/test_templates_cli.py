"""``drafter templates``: users list, show, create, check, preview and restyle their own templates."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import drafter_command
from helpers import SEED, TEMPLATES, Result, read_paragraphs

Run = Callable[..., Result]


def starter(drafter: Run, name: str = "condolences") -> Path:
    result = drafter("templates", "new", name)
    assert result.code == 0, result.err
    return Path("templates") / name


def test_list_shows_origins_and_shadowing(drafter: Run, isolated: Path) -> None:
    shutil.copytree(TEMPLATES / "right-of-reply", isolated / "templates" / "right-of-reply")
    result = drafter("templates", "list")
    assert result.code == 0
    for name in (
        "interactive-dialogue",
        "general-debate",
        "open-debate",
        "hrc-dialogue",
        "explanation-of-vote",
        "right-of-reply",
        "joint-statement",
    ):
        assert name in result.out
    assert "project:" in result.out and "built-in:" in result.out
    assert "shadows" in result.out
    assert "_statement" not in result.out


def test_show_lists_questions_conditions_and_blocks(drafter: Run) -> None:
    result = drafter("templates", "show", "interactive-dialogue")
    assert result.code == 0
    for text in (
        "presiding_officer",
        "asked when: presiding_officer in",
        "actions",
        "points",
        "group: select of eu, r2p-friends, nordic-baltic, nordic, benelux",
        "alignment",
        "_national/template.md.j2",
        "closing",
        "final",
        "_statement/template.md.j2",
    ):
        assert text in result.out, text
    source = drafter("templates", "show", "interactive-dialogue", "--source")
    assert "{% block body %}" in source.out


def test_starter_renders_out_of_the_box(drafter: Run, isolated: Path) -> None:
    folder = starter(drafter)
    assert sorted(p.name for p in folder.iterdir()) == ["example.yaml", "questions.yaml", "template.md.j2"]
    assert drafter("templates", "check", "condolences").out.strip() == "condolences: ok"
    assert drafter("render", folder / "example.yaml", "-o", "c.docx").code == 0
    assert "Statement by Belgium" in [p.text for p in read_paragraphs(isolated / "c.docx")]


def test_new_refuses_bad_names_and_existing_folders(drafter: Run) -> None:
    assert "cannot name a template" in drafter("templates", "new", "../evil").err
    starter(drafter)
    again = drafter("templates", "new", "condolences")
    assert again.code == 1 and "already exists" in again.err


def test_child_overrides_one_block_and_inherits_the_rest(drafter: Run, isolated: Path) -> None:
    result = drafter("templates", "new", "my-dialogue", "--from", "interactive-dialogue", "--override", "closing")
    assert result.code == 0, result.err
    folder = Path("templates/my-dialogue")
    template = (folder / "template.md.j2").read_text()
    assert '{% extends "interactive-dialogue/template.md.j2" %}' in template
    assert "{% block closing %}" in template and "{% block body %}" not in template
    assert drafter("templates", "check", "my-dialogue").out.strip() == "my-dialogue: ok"
    (folder / "template.md.j2").write_text(
        template.replace("{{ salutation() }}", "{{ salutation() }}\n\nOur delegation concludes as follows.")
    )
    (folder / "questions.yaml").write_text(
        (folder / "questions.yaml")
        .read_text()
        .replace(
            "questions: {}",
            "questions:\n  officer_gender:\n    default: female\n  motto:\n    type: text\n    required: false",
        )
    )
    seed = SEED.read_text().replace("template: interactive-dialogue", "template: my-dialogue")
    Path("mine.yaml").write_text(seed)
    assert drafter("render", "mine.yaml", "-o", "mine.docx").code == 0
    assert drafter("render", SEED, "-o", "seed.docx").code == 0
    mine = [p.text for p in read_paragraphs(isolated / "mine.docx")]
    seed_texts = [p.text for p in read_paragraphs(isolated / "seed.docx")]
    assert mine[: mine.index("Our delegation concludes as follows.")] == seed_texts[: len(seed_texts) - 3]
    shown = drafter("templates", "show", "my-dialogue").out
    assert "motto" in shown and "female" in shown
    check = drafter("templates", "check", "my-dialogue")
    assert "the question 'motto' is asked but the template never uses its answer" in check.out
    assert check.code == 0


BREAKAGES = [
    (
        "syntax",
        "template.md.j2",
        "{% block body %}",
        "{% block body %}{% if points %}",
        r"template\.md\.j2:6: the \{% if %\} opened at line 6 is never closed; add \{% endif %\} before",
    ),
    (
        "undeclared",
        "template.md.j2",
        "m.paragraphs(points)",
        "m.paragraphs(pointz)",
        r"template\.md\.j2:7: the template uses 'pointz'",
    ),
    ("manifest", "questions.yaml", "type: list", "type: lst", r"questions\.yaml:\d+:\d+: questions\.points\.type"),
    ("example", "example.yaml", "date: 2026-01-15", "date: someday", r"example\.yaml:\d+:\d+: date: expected a date"),
    (
        "phrase",
        "template.md.j2",
        "{{ m.paragraphs(points) }}",
        '{{ t("no_such_phrase") }}',
        r"there is no phrase 'no_such_phrase' in the phrase bank",
    ),
    (
        "security",
        "template.md.j2",
        "{{ m.paragraphs(points) }}",
        "{{ points.__class__.__mro__ }}",
        r"security: blocked by the sandbox",
    ),
]


@pytest.mark.parametrize(("case", "filename", "old", "new", "expected"), BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_check_reports_each_mistake(drafter: Run, case: str, filename: str, old: str, new: str, expected: str) -> None:
    folder = starter(drafter)
    path = folder / filename
    text = path.read_text()
    assert old in text, case
    path.write_text(text.replace(old, new, 1))
    result = drafter("templates", "check", str(folder))
    assert result.code == 1, result.out
    import re

    assert re.search(expected, result.out), result.out


def test_check_reference_document(drafter: Run) -> None:
    folder = starter(drafter)
    (folder / "reference.docx").write_text("not a Word file")
    assert "reference.docx: is not a Word document (.docx)" in drafter("templates", "check", "condolences").out
    Document().save(str(folder / "reference.docx"))
    result = drafter("templates", "check", "condolences")
    # A house style made in Word lacks drafter's own styles: drafter adds them, check says so.
    assert result.code == 0 and "has no styles Statement Marker" in result.out, result.out
    assert drafter("templates", "style", "condolences", "--force").code == 0
    assert drafter("templates", "check", "condolences").out.strip() == "condolences: ok"


def test_style_writes_the_house_style_and_render_honours_it(drafter: Run, isolated: Path) -> None:
    folder = starter(drafter)
    assert drafter("templates", "style", "condolences").code == 0
    reference = folder / "reference.docx"
    doc = Document(str(reference))
    doc.styles["Normal"].font.name = "Georgia"
    doc.styles["Normal"].font.size = Pt(15)
    doc.sections[0].header.paragraphs[0].text = "Permanent Mission of Belgium"
    _give_list_style_a_bullet(doc, "➢")
    doc.save(str(reference))
    example = (folder / "example.yaml").read_text()
    (folder / "example.yaml").write_text(example.replace("points:\n", "points:\n- '- first bullet'\n"))
    Path("list.md.j2")
    assert drafter("render", folder / "example.yaml", "-o", "styled.docx").code == 0
    styled = Document(str(isolated / "styled.docx"))
    assert styled.styles["Normal"].font.name == "Georgia"
    assert styled.sections[0].header.paragraphs[0].text == "Permanent Mission of Belgium"
    built_in = drafter("templates", "style", "interactive-dialogue")
    assert built_in.code == 0 and (isolated / "reference.docx").is_file()
    assert drafter("templates", "style", "interactive-dialogue").code == 1


def _give_list_style_a_bullet(doc: object, bullet: str) -> None:
    """Attach a numbering with ``bullet`` to the List Bullet style, as Word's 'define new bullet' does."""
    numbering = doc.part.numbering_part.element  # type: ignore[attr-defined]
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, value in (("w:start", "1"), ("w:numFmt", "bullet"), ("w:lvlText", bullet)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        lvl.append(element)
    abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    style = doc.styles["List Bullet"].element  # type: ignore[attr-defined]
    ppr = style.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "90")
    num_pr.append(num_id)
    ppr.insert(0, num_pr)


def test_house_list_bullet_is_used(drafter: Run, isolated: Path) -> None:
    from drafter.document.blocks import parse_blocks
    from drafter.document.info import DocumentInfo
    from drafter.word.writer import DocxWriter, build_reference_document

    doc = build_reference_document()
    _give_list_style_a_bullet(doc, "➢")
    doc.save(str(isolated / "ref.docx"))
    info = DocumentInfo("T", "X", "M", "", "en-GB")
    (isolated / "out.docx").write_bytes(DocxWriter(isolated / "ref.docx").compose(parse_blocks("- one\n- two\n"), info))
    xml = Document(str(isolated / "out.docx")).part.numbering_part.element.xml
    assert xml.count('w:val="➢"') >= 2


def test_preview_prints_the_statement_and_its_time(drafter: Run) -> None:
    result = drafter("templates", "preview", "interactive-dialogue", "--answers", SEED)
    assert result.code == 0
    assert "Mr. President, I thank you for your attention." in result.out
    assert "Speaking time: 923 words" in result.out
    french = drafter("templates", "preview", "general-debate", "--lang", "fr")
    assert "Seul le prononcé fait foi" in french.out


def test_preview_takes_a_template_folder_and_says_when_a_folder_is_not_one(drafter: Run, isolated: Path) -> None:
    folder = isolated / "drafts" / "condolences"
    shutil.move(starter(drafter), folder)
    assert drafter("templates", "check", folder).out.strip() == "condolences: ok"
    preview = drafter("templates", "preview", folder)
    assert preview.code == 0
    assert "welcomes this opportunity" in preview.out
    not_one = drafter("templates", "check", folder.parent)
    assert not_one.code == 1
    assert f"{folder.parent}: is not a template folder (it has no questions.yaml)" in not_one.out


@contextmanager
def previewing(cwd: Path, *options: str) -> Iterator[queue.Queue[str]]:
    """``drafter templates preview --watch`` running in ``cwd``: the lines it prints, as they come."""
    command = [*drafter_command(), "templates", "preview", *options, "--watch", "--interval", "0.1"]
    lines: queue.Queue[str] = queue.Queue()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    ) as proc:
        assert proc.stdout is not None
        threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout or ()], daemon=True).start()
        try:
            yield lines
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def save_until_shown(lines: queue.Queue[str], save: Callable[[], object], expected: str) -> None:
    """Save again until the preview shows ``expected``: a save that lands in the moment between the first
    rendering and the watcher's start is caught by the next."""
    deadline = time.monotonic() + 60
    shown = ""
    while expected not in shown:
        assert time.monotonic() < deadline, f"the preview never showed {expected!r}"
        save()
        shown += _read_until(lines, expected, timeout=1, required=False)


def test_preview_watch_renders_again_when_a_file_changes(drafter: Run, isolated: Path) -> None:
    example = starter(drafter) / "example.yaml"
    with previewing(isolated, "condolences") as lines:
        first = _read_until(lines, "Watching the template's files")
        assert "welcomes this opportunity" in first
        text = example.read_text().replace("welcomes this opportunity", "is glad of this chance")
        save_until_shown(lines, lambda: example.write_text(text), "is glad of this chance")


def test_preview_watch_follows_answers_an_editor_saves_by_renaming(drafter: Run, isolated: Path) -> None:
    starter(drafter)
    answers = isolated / "statements" / "tribute.yaml"
    answers.parent.mkdir()
    text = (isolated / "templates" / "condolences" / "example.yaml").read_text()
    answers.write_text(text)

    def save_by_renaming(new: str) -> None:
        draft = answers.with_name(".tribute.yaml.swp")
        draft.write_text(text.replace("welcomes this opportunity", new))
        os.replace(draft, answers)

    with previewing(isolated, "condolences", "--answers", str(answers)) as lines:
        assert "welcomes this opportunity" in _read_until(lines, "Watching the template's files")
        save_until_shown(lines, lambda: save_by_renaming("is glad of this chance"), "is glad of this chance")
        save_until_shown(lines, lambda: save_by_renaming("thanks you for this chance"), "thanks you for this chance")


def _read_until(lines: queue.Queue[str], text: str, timeout: float = 60, required: bool = True) -> str:
    """The lines a process printed until one holds ``text`` (or ``timeout`` seconds passed)."""
    seen = ""
    deadline = time.monotonic() + timeout
    while text not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            assert not required, f"{text!r} never appeared: {seen[-500:]!r}"
            return seen
        try:
            seen += lines.get(timeout=remaining)
        except queue.Empty:
            continue
    return seen


def test_user_phrases_and_groups_override_the_bank(drafter: Run, isolated: Path) -> None:
    shared = isolated / "templates" / "_shared"
    (shared / "phrases").mkdir(parents=True)
    (shared / "phrases" / "en.yaml").write_text('closing_thanks: "{{ address }}, thank you."\n')
    (shared / "groups.yaml").write_text(
        "nordic:\n  label: Nordic countries\n  en:\n    name: the Nordic countries\n"
        "    statement: the statement of the Nordic countries\n"
        "  fr:\n    name: les pays nordiques\n    statement: la déclaration des pays nordiques\n"
    )
    seed = SEED.read_text().replace("  - group: eu\n    wording: the statement of the EU\n", "  - group: nordic\n")
    Path("nordic.yaml").write_text(seed)
    result = drafter("render", "nordic.yaml", "-o", "-", "--format", "txt")
    assert result.code == 0, result.err
    assert "Belgium fully aligns itself with the statement of the Nordic countries and with" in " ".join(
        result.out.split()
    )
    assert "Mr. President, thank you." in result.out
    check = drafter("templates", "check")
    assert "the phrase bank has no French version of" not in check.out

"""Redlines: Word tracked changes that turn an earlier version into the new draft.

Accepting every change must give exactly the new reading copy and rejecting every change exactly the
old one: checked by applying the changes to the XML as Word does and reading the result back with
python-docx, and by LibreOffice, whose own reading of the changes is taken from its ODF export.
"""

from __future__ import annotations

import io
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn

from drafter.document.blocks import Block, Span
from drafter.document.compare import Version, compare, word_changes

from conftest import require_tool
from helpers import EXAMPLES, ROOT, SEED, Result

Run = Callable[..., Result]
PARA = tuple[str, str]  # (text, style) as python-docx reads a paragraph


# -- versions of the seed ---------------------------------------------------------------------------
def _edited(answers: dict[str, Any]) -> dict[str, Any]:
    """The seed as capital sent it back: words changed, an alignment and a sub-point gone, a point added."""
    new = yaml.safe_load(yaml.safe_dump(answers, allow_unicode=True))
    new["marker"] = "read-out-verbatim"
    new["alignments"] = new["alignments"][:1]
    actions = new["actions"]
    actions[0]["points"][0] = actions[0]["points"][0].replace("a crucial role", "a decisive role")
    del actions[0]["points"][-1]
    actions[1]["text"] = actions[1]["text"].replace("is obvious", "is evident")
    actions[-1]["points"].append("Thirdly, Belgium will host an expert meeting on national prevention architectures.")
    return new


@pytest.fixture
def versions(isolated: Path) -> tuple[Path, Path]:
    """old.yaml (the seed) and new.yaml (its edited version) in the test's folder."""
    answers = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    old, new = isolated / "old.yaml", isolated / "new.yaml"
    old.write_text(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False), encoding="utf-8")
    new.write_text(yaml.safe_dump(_edited(answers), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return old, new


def _paragraphs(document: Document) -> list[PARA]:
    return [(p.text, p.style.name) for p in document.paragraphs if p.text.strip()]


def read(path: Path) -> list[PARA]:
    """The non-empty paragraphs of a Word file: text and style."""
    return _paragraphs(Document(str(path)))


# -- accepting and rejecting changes, as Word does ---------------------------------------------------
def settle(path: Path, accept: bool) -> list[PARA]:
    """Accept (or reject) every tracked change in the XML, save, and read the result back with python-docx.

    Accepting drops ``w:del`` with its text and unwraps ``w:ins``; rejecting does the reverse. A paragraph
    whose paragraph mark goes is joined to the next one.
    """
    doc = Document(str(path))
    body = doc.element.body
    gone, kept = (qn("w:del"), qn("w:ins")) if accept else (qn("w:ins"), qn("w:del"))
    joined = []
    for mark in list(body.iter(gone)):
        if mark.getparent().tag == qn("w:rPr"):
            joined.append(mark.getparent().getparent().getparent())
        mark.getparent().remove(mark)
    for mark in list(body.iter(kept)):
        parent = mark.getparent()
        if parent.tag != qn("w:rPr"):
            for child in list(mark):
                mark.addprevious(child)
        parent.remove(mark)
    for text in list(body.iter(qn("w:delText"))):
        text.tag = qn("w:t")
    for paragraph in reversed(joined):
        following = paragraph.getnext()
        content = [c for c in paragraph if c.tag != qn("w:pPr")]
        anchor = following.find(qn("w:pPr"))
        for child in reversed(content):
            if anchor is not None:
                anchor.addnext(child)
            else:
                following.insert(0, child)
        paragraph.getparent().remove(paragraph)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _paragraphs(Document(buffer))


def tracked(path: Path) -> list[Any]:
    body = Document(str(path)).element.body
    return [*body.iter(qn("w:ins")), *body.iter(qn("w:del"))]


# -- the comparison ------------------------------------------------------------------------------
def test_words_are_compared_word_by_word_keeping_emphasis() -> None:
    old = Block("paragraph", (Span("We call on "), Span("all", bold=True), Span(" States to act now.")))
    new = Block("paragraph", (Span("We call on "), Span("all", bold=True), Span(" Member States to act.")))
    pieces = [(p.op, p.text, p.bold) for p in word_changes(old, new)]
    assert pieces == [
        ("same", "We call on ", False),
        ("same", "all", True),
        ("same", " ", False),
        ("inserted", "Member ", False),
        ("same", "States to ", False),
        ("deleted", "act now.", False),
        ("inserted", "act.", False),
    ]
    assert "".join(p.text for p in word_changes(old, new) if p.op != "deleted") == new.text
    assert "".join(p.text for p in word_changes(old, new) if p.op != "inserted") == old.text


def test_paragraphs_pair_up_when_changed_and_stand_alone_when_new_or_gone() -> None:
    def para(text: str) -> Block:
        return Block("paragraph", (Span(text),))

    old = Version("Check against delivery", (para("Mr. President,"), para("We thank the briefers."), para("Gone.")))
    new = Version(
        "Check against delivery",
        (para("Mr. President,"), para("We warmly thank the briefers."), para("A new point entirely.")),
    )
    assert [(r.status, r.block.text) for r in compare(old, new)] == [
        ("same", "Check against delivery"),
        ("same", "Mr. President,"),
        ("changed", "We warmly thank the briefers."),
        ("deleted", "Gone."),
        ("inserted", "A new point entirely."),
    ]


# -- the Word document ---------------------------------------------------------------------------
@pytest.mark.parametrize("old_kind", ["answers", "docx"])
def test_accepting_gives_the_new_text_and_rejecting_the_old(
    drafter: Run, isolated: Path, versions: tuple[Path, Path], old_kind: str
) -> None:
    old, new = versions
    assert drafter("render", old, "-o", "old.docx").code == 0
    assert drafter("render", new, "-o", "new.docx").code == 0
    against = isolated / "old.docx" if old_kind == "docx" else old
    result = drafter("render", new, "--redline", against, "-o", "changes.docx")
    assert result.code == 0, result.err
    assert "Wrote changes.docx: tracked changes from" in result.out
    changes = isolated / "changes.docx"
    assert settle(changes, accept=True) == read(isolated / "new.docx")
    assert settle(changes, accept=False) == read(isolated / "old.docx")
    assert read(isolated / "new.docx") != read(isolated / "old.docx")
    marker = Document(str(changes)).paragraphs[0]
    assert marker.style.name == "Statement Marker"
    changes_in_marker = [m for m in marker._p if m.tag in (qn("w:ins"), qn("w:del"))]
    assert [(m.tag, "".join(t.text for t in m.iter(qn("w:t"), qn("w:delText")))) for m in changes_in_marker] == [
        (qn("w:del"), "Check against delivery"),
        (qn("w:ins"), "Read out verbatim"),
    ]


def test_changes_are_word_level_with_author_and_date(drafter: Run, isolated: Path, versions: tuple[Path, Path]) -> None:
    old, new = versions
    assert drafter("render", new, "--redline", old, "-o", "changes.docx", "--author", "Capital").code == 0
    marks = tracked(isolated / "changes.docx")
    assert marks
    assert {m.get(qn("w:author")) for m in marks} == {"Capital"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", m.get(qn("w:date"))) for m in marks)
    ids = [m.get(qn("w:id")) for m in marks]
    assert len(set(ids)) == len(ids)
    inserted = ["".join(t.text for t in m.iter(qn("w:t"))) for m in marks if m.tag == qn("w:ins")]
    deleted = ["".join(t.text for t in m.iter(qn("w:delText"))) for m in marks if m.tag == qn("w:del")]
    assert "decisive " in inserted and "crucial " in deleted
    assert "evident. " in inserted and "obvious. " in deleted
    marked_paragraph_marks = [m for m in marks if m.getparent().tag == qn("w:rPr")]
    assert len(marked_paragraph_marks) == 2  # the sub-point removed, the sub-point added


def test_the_author_is_the_delegation_by_default(drafter: Run, isolated: Path, versions: tuple[Path, Path]) -> None:
    old, new = versions
    assert drafter("render", new, "--redline", old, "-o", "changes.docx").code == 0
    assert {m.get(qn("w:author")) for m in tracked(isolated / "changes.docx")} == {"Belgium"}


def test_the_redline_is_the_reading_copy(drafter: Run, isolated: Path, versions: tuple[Path, Path]) -> None:
    old, new = versions
    assert drafter("render", new, "-o", "new.docx").code == 0
    assert drafter("render", new, "--redline", old, "-o", "changes.docx").code == 0
    changes = Document(str(isolated / "changes.docx"))
    plain = Document(str(isolated / "new.docx"))
    assert changes.core_properties.title == plain.core_properties.title == "Statement by Belgium"
    assert changes.paragraphs[0].style.name == "Statement Marker"

    def items(document: Any) -> int:
        return sum(1 for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None)

    assert items(changes) == items(plain) + 1  # the deleted sub-point stays in its list until accepted


def test_an_unchanged_statement_has_no_tracked_changes(drafter: Run, isolated: Path) -> None:
    assert drafter("render", SEED, "-o", "old.docx").code == 0
    assert drafter("render", SEED, "--redline", "old.docx", "-o", "changes.docx").code == 0
    assert tracked(isolated / "changes.docx") == []
    assert read(isolated / "changes.docx") == read(isolated / "old.docx")


@pytest.mark.parametrize(
    "example", sorted(p.name for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".batch.yaml"))
)
def test_every_example_read_back_from_its_reading_copy_is_unchanged(drafter: Run, isolated: Path, example: str) -> None:
    assert drafter("render", EXAMPLES / example, "-o", "copy.docx").code == 0
    assert drafter("render", EXAMPLES / example, "--redline", "copy.docx", "-o", "changes.docx").code == 0
    assert tracked(isolated / "changes.docx") == []


def test_an_earlier_redline_counts_as_accepted(drafter: Run, isolated: Path, versions: tuple[Path, Path]) -> None:
    old, new = versions
    assert drafter("render", new, "--redline", old, "-o", "changes.docx").code == 0
    assert drafter("render", new, "--redline", "changes.docx", "-o", "again.docx").code == 0
    assert tracked(isolated / "again.docx") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--redline", "absent.docx", "-o", "c.docx"), "absent.docx: no such file"),
        (("--redline", "old.yaml", "-o", "c.pdf"), "a redline is a Word document with tracked changes"),
        (("--redline", "old.yaml", "-o", "-", "--format", "md"), "a redline is a Word document with tracked changes"),
        (("--author", "Capital", "-o", "c.docx"), "give --redline OLD too"),
        (("--redline", "notes.txt", "-o", "c.docx"), "compare with a Word document (.docx) or an answers file"),
    ],
)
def test_redline_mistakes_write_nothing(
    drafter: Run, isolated: Path, versions: tuple[Path, Path], args: tuple[str, ...], message: str
) -> None:
    (isolated / "notes.txt").write_text("Mr. President,\n")
    before = sorted(isolated.iterdir())
    result = drafter("render", versions[1], *args)
    assert result.code != 0 and message in result.err
    assert sorted(isolated.iterdir()) == before


def test_batch_redlines_each_statement_against_the_file_of_the_same_name(
    drafter: Run, isolated: Path, versions: tuple[Path, Path]
) -> None:
    old, new = versions
    old_answers = yaml.safe_load(old.read_text(encoding="utf-8"))
    new_answers = yaml.safe_load(new.read_text(encoding="utf-8"))
    for name, answers in (("v1.yaml", old_answers), ("v2.yaml", new_answers)):
        entries = [{**answers, "output": "r2p.docx"}, {**answers, "output": "fresh.docx", "delegation": "Chile"}]
        (isolated / name).write_text(yaml.safe_dump({"statements": entries}, allow_unicode=True), encoding="utf-8")
    assert drafter("batch", "v1.yaml", "-o", "v1").code == 0
    (isolated / "v1" / "fresh.docx").unlink()
    result = drafter("batch", "v2.yaml", "-o", "changes", "--redline", "v1", "--author", "Capital")
    assert result.code == 1
    assert "no earlier version to compare with: found neither fresh.docx or fresh.answers.yaml" in result.err
    assert sorted(p.name for p in (isolated / "changes").iterdir()) == ["r2p.docx"]
    assert drafter("render", new, "-o", "new.docx").code == 0
    assert settle(isolated / "changes" / "r2p.docx", accept=True) == read(isolated / "new.docx")
    assert settle(isolated / "changes" / "r2p.docx", accept=False) == read(isolated / "v1" / "r2p.docx")
    assert {m.get(qn("w:author")) for m in tracked(isolated / "changes" / "r2p.docx")} == {"Capital"}
    assert drafter("batch", "v2.yaml", "-o", "x", "--redline", "v1.yaml").code == 2


# -- LibreOffice ---------------------------------------------------------------------------------
ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def _odf(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{ODF[prefix]}}}{name}"


def _events(element: ET.Element) -> Iterator[tuple[str, str]]:
    """A paragraph's text and change marks in reading order: ("text", …), ("start", id), ("end", id)."""
    if element.text:
        yield "text", element.text
    for child in element:
        if child.tag in (_odf("text:change-start"), _odf("text:change-end")):
            yield ("start" if child.tag.endswith("start") else "end"), child.get(_odf("text:change-id")) or ""
        elif child.tag == _odf("text:s"):
            yield "text", " " * int(child.get(_odf("text:c"), "1"))
        elif child.tag == _odf("text:tab"):
            yield "text", "\t"
        elif child.tag == _odf("text:line-break"):
            yield "text", "\n"
        elif child.tag not in (_odf("text:bookmark"), _odf("text:soft-page-break")):
            yield from _events(child)
        if child.tail:
            yield "text", child.tail


def libreoffice_view(path: Path, tmp_path: Path) -> tuple[dict[str, str], Callable[[bool], list[str]]]:
    """LibreOffice's changes (id → insertion/deletion, author) and a function giving the text accepted or rejected."""
    soffice = require_tool("soffice")
    out = tmp_path / "lo"
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    subprocess.run(
        [soffice, "--headless", profile, "--convert-to", "fodt", "--outdir", str(out), str(path)],
        capture_output=True,
        check=True,
        timeout=180,
    )
    root = ET.parse(out / f"{path.stem}.fodt").getroot()
    kinds = {}
    for region in root.iter(_odf("text:changed-region")):
        change = next(iter(region))
        creator = change.find(f"{_odf('office:change-info')}/{_odf('dc:creator')}")
        who = creator.text if creator is not None else ""
        kinds[region.get(_odf("text:id")) or ""] = f"{change.tag.split('}')[1]} by {who}"
    office_text = root.find(f"{_odf('office:body')}/{_odf('office:text')}")
    assert office_text is not None
    stream: list[tuple[str, str]] = []
    for paragraph in office_text.iter():
        if paragraph.tag in (_odf("text:p"), _odf("text:h")):
            stream += [*_events(paragraph), ("break", "")]

    def settled(accept: bool) -> list[str]:
        dropped = "deletion" if accept else "insertion"
        open_changes: set[str] = set()
        paragraphs, current = [], ""
        for kind, value in stream:
            if kind == "start":
                open_changes.add(value)
            elif kind == "end":
                open_changes.discard(value)
            elif any(kinds[c].startswith(dropped) for c in open_changes):
                continue
            elif kind == "break":
                paragraphs.append(current)
                current = ""
            else:
                current += value
        return [p for p in paragraphs if p.strip()]

    return kinds, settled


def test_libreoffice_opens_the_redline_showing_the_changes(
    drafter: Run, isolated: Path, versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = versions
    for name, answers in (("old.docx", old), ("new.docx", new)):
        assert drafter("render", answers, "-o", name).code == 0
    assert drafter("render", new, "--redline", "old.docx", "-o", "changes.docx", "--author", "Capital").code == 0
    kinds, settled = libreoffice_view(isolated / "changes.docx", tmp_path)
    assert {kind.split()[0] for kind in kinds.values()} == {"insertion", "deletion"}
    assert all(kind.endswith("by Capital") for kind in kinds.values())
    assert settled(True) != settled(False)
    assert settled(True) == [text for text, _ in read(isolated / "new.docx")]
    assert settled(False) == [text for text, _ in read(isolated / "old.docx")]


# -- the guide -----------------------------------------------------------------------------------
GUIDE = ROOT / "docs" / "workflows.md"
ANNOTATED = re.compile(r"<!-- (file: (?P<path>\S+)|commands) -->\n```\w*\n(?P<body>.*?)```", re.S)


def test_the_workflows_guide_runs_as_written(drafter: Run, isolated: Path) -> None:
    shutil.copytree(EXAMPLES, isolated / "examples")
    steps = list(ANNOTATED.finditer(GUIDE.read_text(encoding="utf-8")))
    assert len(steps) >= 4
    for step in steps:
        if step.group("path"):
            (isolated / step.group("path")).write_text(step.group("body"), encoding="utf-8")
            continue
        for line in step.group("body").strip().splitlines():
            command = shlex.split(line)
            if command[-1].endswith(".pdf"):
                require_tool("soffice")
            result = drafter(*command[1:])
            assert result.code == 0, f"{line}\n{result.out}\n{result.err}"
    changes = isolated / "reply-changes.docx"
    assert {m.get(qn("w:author")) for m in tracked(changes)} == {"Permanent Mission of Belgium"}
    inserted = ["".join(t.text for t in m.iter(qn("w:t"))) for m in tracked(changes) if m.tag == qn("w:ins")]
    assert "always " in inserted and "and in good faith " in inserted
    assert drafter("render", "reply-v2.yaml", "-o", "reply-v2.docx").code == 0
    assert settle(changes, accept=True) == read(isolated / "reply-v2.docx")
    assert settle(changes, accept=False) == read(isolated / "reply-v1.docx")

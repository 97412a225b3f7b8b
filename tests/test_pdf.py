"""PDF: the reading copy printed by LibreOffice, with its title, author and language in the PDF's properties."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
import yaml
from test_interview_pty import press_enter_until

from conftest import drafter_command, require_tool
from helpers import EXAMPLES, SEED, Result, read_paragraphs

Run = Callable[..., Result]


def pdf_text(pdf: Path) -> str:
    pdftotext = require_tool("pdftotext")
    return subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_info(pdf: Path) -> dict[str, str]:
    pdfinfo = require_tool("pdfinfo")
    out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def pdf_language(pdf: Path) -> str:
    found = re.findall(rb"/Lang\s*\(([^)]*)\)", pdf.read_bytes())
    assert found, "the PDF names no language"
    return found[0].decode()


def words(text: str) -> list[str]:
    return text.split()


def in_order(needles: list[str], haystack: list[str]) -> bool:
    """Every word of ``needles`` found in ``haystack``, in order (page numbers and list numbers may come between)."""
    remaining = iter(haystack)
    return all(any(word == candidate for candidate in remaining) for word in needles)


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A PATH on which no soffice is found."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("DRAFTER_SOFFICE", raising=False)


def test_the_seed_as_pdf_has_every_paragraph_and_its_properties(drafter: Run, isolated: Path) -> None:
    require_tool("soffice")
    assert drafter("render", SEED, "-o", "belgium.docx").code == 0
    result = drafter("render", SEED, "-o", "belgium.pdf")
    assert result.code == 0, result.err
    assert result.out.startswith("Wrote belgium.pdf\n")
    pdf = isolated / "belgium.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert text.lstrip().startswith("Check against delivery")
    paragraphs = [p.text for p in read_paragraphs(isolated / "belgium.docx") if p.text.strip()]
    everything = words(" ".join(paragraphs))
    assert in_order(everything, words(text))
    assert len(words(text)) - len(everything) < 20  # list numbers and page numbers, nothing else
    for paragraph in paragraphs:
        if len(paragraph) < 200:  # short ones cannot straddle a page break
            assert " ".join(words(paragraph)) in " ".join(words(text))
    info = pdf_info(pdf)
    assert info["Title"] == "Statement by Belgium"
    assert info["Author"] == "Belgium"
    assert info["Subject"].startswith("Informal interactive dialogue of the General Assembly")
    assert pdf_language(pdf) == "en-GB"
    assert sorted(p.name for p in isolated.iterdir()) == ["belgium.docx", "belgium.pdf"]


def test_a_french_statement_says_french(drafter: Run, isolated: Path) -> None:
    require_tool("soffice")
    result = drafter("render", EXAMPLES / "open-debate.fr.yaml", "--format", "pdf", "-o", "debat.pdf")
    assert result.code == 0, result.err
    pdf = isolated / "debat.pdf"
    assert pdf_language(pdf).startswith("fr")
    assert "Seul le prononcé fait foi" in pdf_text(pdf)
    assert pdf_info(pdf)["Title"].startswith("Déclaration")


def test_batch_writes_pdfs_in_parallel(drafter: Run, isolated: Path) -> None:
    require_tool("soffice")
    answers = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    entries = [
        {**answers, "delegation": name, "output": f"{name.lower()}.pdf"} for name in ("Belgium", "Chile", "Fiji")
    ]
    (isolated / "week.yaml").write_text(yaml.safe_dump({"statements": entries}, allow_unicode=True), encoding="utf-8")
    result = drafter("batch", "week.yaml", "-o", "out", "--jobs", "2")
    assert result.code == 0, result.out + result.err
    written = sorted((isolated / "out").iterdir())
    assert [p.name for p in written] == ["belgium.pdf", "chile.pdf", "fiji.pdf"]
    for pdf, name in zip(written, ("Belgium", "Chile", "Fiji"), strict=True):
        assert pdf_info(pdf)["Author"] == name
        assert f"Statement by {name}" in pdf_text(pdf)


def test_without_libreoffice_the_message_names_the_package_and_nothing_is_written(
    drafter: Run, isolated: Path, no_libreoffice: None
) -> None:
    for args in (("render", SEED, "-o", "x.pdf"), ("render", SEED, "--format", "pdf"), ("batch", SEED, "-o", "out")):
        extra = ("--format", "pdf") if args[0] == "batch" else ()
        result = drafter(*args, *extra)
        assert result.code == 1
        assert "writing PDF needs LibreOffice" in result.err
        assert "apt-get install libreoffice-writer-nogui" in result.err
    assert list(isolated.iterdir()) == []


def test_an_existing_pdf_is_kept_without_force(drafter: Run, isolated: Path) -> None:
    target = isolated / "belgium.pdf"
    target.write_bytes(b"the copy sent to the interpreters")
    result = drafter("render", SEED, "-o", "belgium.pdf")
    assert result.code == 1 and "already exists; use --force" in result.err
    assert target.read_bytes() == b"the copy sent to the interpreters"


def test_the_interview_writes_a_pdf(isolated: Path) -> None:
    require_tool("soffice")
    command, *rest = drafter_command()
    child = pexpect.spawn(
        command,
        [*rest, "new", "--answers", str(SEED), "-o", "belgium.pdf"],
        cwd=str(isolated),
        env={**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"},
        encoding="utf-8",
        dimensions=(50, 140),
        timeout=120,
    )
    press_enter_until(child, "Wrote ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Statement by Belgium" in pdf_text(isolated / "belgium.pdf")
    assert (isolated / "belgium.answers.yaml").is_file()


def test_the_interview_refuses_pdf_before_asking_without_libreoffice(isolated: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    command, *rest = drafter_command()
    child = pexpect.spawn(
        command,
        [*rest, "new", "interactive-dialogue", "--format", "pdf"],
        cwd=str(isolated),
        env={**os.environ, "PATH": str(empty), "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"},
        encoding="utf-8",
        timeout=30,
    )
    child.expect("libreoffice-writer-nogui")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert list(isolated.iterdir()) == []

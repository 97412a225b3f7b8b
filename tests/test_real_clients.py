"""The reading copy as other programs read it: pandoc's list structure, LibreOffice's PDF."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import require_tool
from helpers import SEED, Result, pandoc_nodes


@pytest.fixture
def seed_docx(drafter: Callable[..., Result], isolated: Path) -> Path:
    assert drafter("render", SEED, "-o", "belgium.docx").code == 0
    return isolated / "belgium.docx"


def libreoffice_convert(document: Path, target: str, tmp_path: Path) -> Path:
    """Convert ``document`` with LibreOffice (its own profile folder); return the output folder."""
    soffice = require_tool("soffice")
    out = tmp_path / "converted"
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    command = [soffice, "--headless", profile, "--convert-to", target, "--outdir", str(out), str(document)]
    subprocess.run(command, capture_output=True, check=True, timeout=180)
    return out


def test_pandoc_reads_three_numbered_items_and_five_nested_bullets(seed_docx: Path) -> None:
    pandoc = require_tool("pandoc")
    ast = json.loads(
        subprocess.run([pandoc, "-t", "json", str(seed_docx)], capture_output=True, text=True, check=True).stdout
    )
    ordered = pandoc_nodes(ast["blocks"], "OrderedList")
    assert len(ordered) == 1
    attributes, items = ordered[0]["c"]
    assert attributes[0] == 1
    assert len(items) == 3
    bullets = pandoc_nodes(items, "BulletList")
    assert [len(b["c"]) for b in bullets] == [3, 2]
    assert len(pandoc_nodes(ast["blocks"], "BulletList")) == 2


def test_pandoc_plain_text_keeps_the_words(seed_docx: Path) -> None:
    pandoc = require_tool("pandoc")
    text = subprocess.run(
        [pandoc, "-t", "plain", "--wrap=none", str(seed_docx)], capture_output=True, text=True, check=True
    ).stdout
    assert "1.  Firstly, the importance of a rapid identification" in text
    assert "Mr. President, I thank you for your attention." in text


def test_libreoffice_converts_to_pdf_showing_the_marker(seed_docx: Path, tmp_path: Path) -> None:
    pdftotext = require_tool("pdftotext")
    pdf = libreoffice_convert(seed_docx, "pdf", tmp_path) / "belgium.pdf"
    assert pdf.stat().st_size > 10_000
    first_page = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert first_page.lstrip().startswith("Check against delivery")
    assert "Statement by Belgium" in first_page
    everything = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "I thank you for your attention." in everything
    pages = everything.count("\f")
    assert pages >= 3


def test_libreoffice_reads_one_numbered_list_with_nested_bullets(seed_docx: Path, tmp_path: Path) -> None:
    from lxml import html

    out = libreoffice_convert(seed_docx, "html:XHTML Writer File:UTF8", tmp_path)
    page = html.parse(str(out / "belgium.html")).getroot()
    ordered = list(page.iter("ol"))
    assert len(ordered) == 1
    items = ordered[0].findall("li")
    assert [" ".join(li.text_content().split())[:10] for li in items] == ["1.Firstly,", "2.Secondly", "3.Thirdly,"]
    nested = [ul for ul in page.iter("ul") if ul.getparent().tag == "li"]
    assert [len(ul.findall("li")) for ul in nested] == [3, 2]
    assert nested[0].getparent() is items[0] and nested[1].getparent() is items[2]

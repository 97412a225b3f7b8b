"""Reading a DOCX back the way a reviewer would: paragraphs, styles, list membership."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "belgium-r2p-2014.yaml"
ORIGINAL = Path(__file__).parent / "data" / "belgium-r2p-2014.original.txt"
EXAMPLES = ROOT / "examples"
TEMPLATES = ROOT / "templates"


@dataclass
class Result:
    """What a drafter run printed and returned."""

    code: int
    out: str
    err: str


@dataclass(frozen=True)
class Para:
    """A paragraph as Word shows it."""

    text: str
    style: str
    num_id: int | None
    level: int | None


def read_paragraphs(path: Path) -> list[Para]:
    """Every body paragraph with its style and list membership."""
    doc = Document(str(path))
    out = []
    for paragraph in doc.paragraphs:
        num_pr = paragraph._p.pPr.find(qn("w:numPr")) if paragraph._p.pPr is not None else None
        num_id = level = None
        if num_pr is not None:
            num_id = int(num_pr.find(qn("w:numId")).get(qn("w:val")))
            level = int(num_pr.find(qn("w:ilvl")).get(qn("w:val")))
        out.append(Para(paragraph.text, paragraph.style.name, num_id, level))
    return out


def numbering_formats(path: Path, num_id: int) -> dict[int, tuple[str, int]]:
    """For a list instance: level → (number format, start value after overrides)."""
    doc = Document(str(path))
    root = doc.part.numbering_part.element
    num = next(n for n in root.findall(qn("w:num")) if int(n.get(qn("w:numId"))) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in root.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    overrides = {
        int(o.get(qn("w:ilvl"))): int(o.find(qn("w:startOverride")).get(qn("w:val")))
        for o in num.findall(qn("w:lvlOverride"))
        if o.find(qn("w:startOverride")) is not None
    }
    formats = {}
    for lvl in abstract.findall(qn("w:lvl")):
        level = int(lvl.get(qn("w:ilvl")))
        start = int(lvl.find(qn("w:start")).get(qn("w:val")))
        formats[level] = (lvl.find(qn("w:numFmt")).get(qn("w:val")), overrides.get(level, start))
    return formats


def pandoc_nodes(node: Any, kind: str) -> list[Any]:
    """Every element of pandoc's JSON tree whose type ("t") is ``kind`` (OrderedList, BulletList, …)."""
    found = []
    if isinstance(node, dict):
        if node.get("t") == kind:
            found.append(node)
        for value in node.values():
            found += pandoc_nodes(value, kind)
    elif isinstance(node, list):
        for value in node:
            found += pandoc_nodes(value, kind)
    return found

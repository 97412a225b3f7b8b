"""Import real statements as users have them, without naming a template, and say how well drafter read them.

Run from the repository root (after ``pip install -e .``):

    python bench/import_corpus.py                       # tests/data/real and tests/data/import, quick forms
    python bench/import_corpus.py DIR --forms all       # another folder, every form (LibreOffice: slow)
    python bench/import_corpus.py --json figures.json   # the figures as JSON too

Each statement is a ``<slug>.txt`` in the corpus format (heading lines, a ``---`` line, the statement
one paragraph per block, list items "1." / "-"). It is written in the forms a user has it:

- ``lines``: one paragraph per line, no blank line (Word's "Save as plain text", a copied web page, an
  e-mail): numbered items "1.", bullets "•", nested items indented by a tab;
- ``blank``: a blank line between paragraphs, no ``---`` line;
- ``marked``: the corpus file itself (a ``---`` line ends the heading);
- ``wrapped``: blank lines between paragraphs, lines cut at 72 characters (an e-mail, a text editor);
- ``docx``: a Word document made with python-docx: Normal paragraphs, List Number / List Bullet, Quote;
- ``gdocs``: a Word document as Google Docs saves one: every paragraph "Normal" with direct formatting
  (a bold centred title), lists through numbering definitions of its own;
- ``pandoc``: ``pandoc x.md -o x.docx`` ("First Paragraph", "Body Text", "Compact" list items);
- ``libreoffice``, ``odt``: the Word document converted by LibreOffice to .docx, or to .odt and back.

Each form is imported through the command line (``drafter import FILE -o …``, no ``--template``), the
answers rendered to a Word copy (``drafter render``), and the copy read back. Figures, per form and
over all: statements that render back word for word (the statement's paragraphs in order with their
list kind and level, and the heading's words); and, from the blank-line form, the kind of statement
right (against ``expected.yaml`` beside the statements, or the template of ``seeds/<slug>.yaml``), the
delegation read (where the statement names it), the facts it states read, and the frame's sentences
(opening, salutations, alignment, thanks, on-behalf, vote, reply, closing) taken as sentences of the
frame, and as the phrase bank's own wording.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from drafter.render.renderer import with_end_mark

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = (ROOT / "tests" / "data" / "real", ROOT / "tests" / "data" / "import")
QUICK_FORMS = ("lines", "blank", "marked", "wrapped", "docx", "gdocs", "pandoc")
ALL_FORMS = (*QUICK_FORMS, "libreoffice", "odt")
HEADING_KEYS = frozenset(
    {"statement_by", "joint_statement_by", "speaker_line", "meeting_line", "agenda_item", "place_date", "markers"}
)
# Sentences a template writes inside the delegation's own part (list leads), not the frame around it.
BODY_KEYS = frozenset({"questions_lead", "concept_note_lead", "concept_question", "ordinals", "ordinal_last"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


# The corpus test's reading of a stored statement (paragraphs, list items, quotations), shared.
sys.path.insert(0, str(ROOT / "tests"))
from test_corpus import Line, normalised, stored  # noqa: E402


@dataclass
class Statement:
    """A statement of the corpus: heading lines and paragraphs."""

    slug: str
    path: Path
    heading: list[str]
    body: list[Line]

    @property
    def key(self) -> str:
        """The statement's folder and slug (two folders may hold statements of the same slug)."""
        return f"{self.path.parent.name}/{self.slug}"


@dataclass
class Expected:
    """What a drafter would have written down for the statement."""

    kind: str
    delegation: str | None
    facts: dict[str, str] = field(default_factory=dict)
    frame: list[str] = field(default_factory=list)
    also: tuple[str, ...] = ()  # other kinds a drafter could as well have chosen


@dataclass
class Outcome:
    """What drafter made of one form of one statement."""

    exact: bool
    template: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    report: str = ""
    difference: str = ""


def parse(path: Path) -> Statement:
    """A corpus file: heading blocks before ``---``, then paragraphs (list items one per line allowed)."""
    heading, lines = stored(path)
    return Statement(path.stem, path, heading, lines)


# -- the forms -------------------------------------------------------------------------------------
def _list_markers(body: list[Line], bullet: str) -> Iterator[tuple[str, Line]]:
    """Each paragraph with the marker a plain-text copy writes before it ("1.", "2.", "•")."""
    counters: dict[int, int] = {}
    previous = "paragraph"
    for line in body:
        if line.kind == "numbered":
            if previous not in ("numbered", "bullet"):
                counters.clear()
            counters[line.level] = counters.get(line.level, 0) + 1
            yield f"{counters[line.level]}.", line
        elif line.kind == "bullet":
            yield bullet, line
        else:
            yield "", line
        previous = line.kind


def as_lines(statement: Statement) -> str:
    rows = list(statement.heading)
    for marker, line in _list_markers(statement.body, "•"):
        indent = "\t" * line.level
        rows.append(f"{indent}{marker}\t{line.text}" if marker else line.text)
    return "\n".join(rows) + "\n"


def as_blank(statement: Statement, width: int | None = None) -> str:
    blocks = [_wrap(h, width) for h in statement.heading]
    items: list[str] = []
    for marker, line in _list_markers(statement.body, "-"):
        if marker:
            indent = "   " * line.level
            items.append(_wrap(line.text, width, f"{indent}{marker} ", indent + " " * (len(marker) + 1)))
            continue
        if items:
            blocks.append("\n".join(items))
            items = []
        blocks.append(_wrap(f"> {line.text}" if line.kind == "quote" else line.text, width))
    if items:
        blocks.append("\n".join(items))
    return "\n\n".join(blocks) + "\n"


def _wrap(text: str, width: int | None, first: str = "", rest: str = "") -> str:
    if width is None:
        return first + text
    return textwrap.fill(text, width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False)


def write_docx(statement: Statement, path: Path) -> None:
    from docx import Document

    document = Document()
    for text in statement.heading:
        document.add_paragraph(text)
    for line in statement.body:
        if line.kind in ("numbered", "bullet"):
            style = "List Number" if line.kind == "numbered" else "List Bullet"
            document.add_paragraph(line.text, style=f"{style} 2" if line.level else style)
        else:
            document.add_paragraph(line.text, style="Quote" if line.kind == "quote" else None)
    document.save(str(path))


def write_gdocs(statement: Statement, path: Path) -> None:
    """Google Docs' way: "Normal" everywhere, direct formatting, lists through numbering of its own."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    numbering = document.part.numbering_part.element
    formats = {"numbered": ("decimal", "%1."), "bullet": ("bullet", "●")}
    ids = {}
    for offset, (kind, (fmt, text)) in enumerate(formats.items()):
        abstract_id, num_id = 90 + offset, 90 + offset
        levels = "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text.replace("1", str(level + 1))}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
            for level in range(3)
        )
        numbering.insert(
            0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>')
        )
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
        )
        ids[kind] = num_id
    for index, text in enumerate(statement.heading):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if index == 0:
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in statement.body:
        paragraph = document.add_paragraph(line.text)
        if line.kind in ids:
            p_pr = paragraph._p.get_or_add_pPr()
            number = f'<w:ilvl w:val="{line.level}"/><w:numId w:val="{ids[line.kind]}"/>'
            p_pr.append(parse_xml(f"<w:numPr {nsdecls('w')}>{number}</w:numPr>"))
        elif line.kind == "quote":
            paragraph.paragraph_format.left_indent = 457200
    document.save(str(path))


def write_pandoc(statement: Statement, path: Path) -> None:
    markdown = path.with_suffix(".md")
    markdown.write_text(_markdown(statement), encoding="utf-8")
    subprocess.run(["pandoc", "-f", "markdown-smart", str(markdown), "-o", str(path)], check=True, timeout=120)


def _markdown(statement: Statement) -> str:
    def escape(text: str) -> str:
        text = re.sub(r"([\\`*_\[\]<>#|~^])", r"\\\1", text)
        return re.sub(r"^(\d+)([.)])", r"\1\\\2", re.sub(r"^([-+])(\s)", r"\\\1\2", text))

    blocks = [escape(h) for h in statement.heading]
    items: list[str] = []
    for marker, line in _list_markers(statement.body, "-"):
        if marker:
            items.append(f"{'    ' * line.level}{marker} {escape(line.text)}")
            continue
        if items:
            blocks.append("\n".join(items))
            items = []
        blocks.append(f"> {escape(line.text)}" if line.kind == "quote" else escape(line.text))
    if items:
        blocks.append("\n".join(items))
    return "\n\n".join(blocks) + "\n"


def _soffice(source: Path, target: str, folder: Path) -> Path:
    soffice = shutil.which("soffice") or "soffice"
    profile = folder / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target, "--outdir",
         str(folder), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return folder / f"{source.stem}.{target.split(':', maxsplit=1)[0]}"


def write_form(statement: Statement, form: str, folder: Path) -> Path:
    """The statement written in ``form`` in ``folder``; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / statement.slug
    if form in ("lines", "blank", "marked", "wrapped"):
        path = stem.with_suffix(".txt")
        text = {
            "lines": lambda: as_lines(statement),
            "blank": lambda: as_blank(statement),
            "marked": lambda: statement.path.read_text(encoding="utf-8"),
            "wrapped": lambda: as_blank(statement, 72),
        }[form]()
        path.write_text(text, encoding="utf-8")
        return path
    path = stem.with_suffix(".docx")
    if form == "gdocs":
        write_gdocs(statement, path)
    elif form == "pandoc":
        write_pandoc(statement, path)
    else:
        write_docx(statement, path)
    if form == "libreoffice":
        lo = folder / "lo"
        lo.mkdir(exist_ok=True)
        converted = _soffice(path, 'docx:"MS Word 2007 XML"'.replace('"', ""), lo)
        return converted.replace(path)
    if form == "odt":
        lo = folder / "lo"
        lo.mkdir(exist_ok=True)
        odt = _soffice(path, "odt", lo)
        back = lo / "back"
        back.mkdir(exist_ok=True)
        return _soffice(odt, "docx:MS Word 2007 XML", back).replace(path)
    return path


# -- expectations ----------------------------------------------------------------------------------
def expectations(statement: Statement, engine: Any) -> Expected | None:
    """From ``expected.yaml`` beside the statement, else from the hand-written ``seeds/<slug>.yaml``."""
    listed = statement.path.parent / "expected.yaml"
    entries = yaml.safe_load(listed.read_text(encoding="utf-8")) or {} if listed.exists() else {}
    entry = entries.get(statement.slug) or {}
    also = tuple(entry.get("also") or ())
    if "kind" in entry:
        facts, frame = entry.get("facts") or {}, entry.get("frame") or []
        return Expected(entry["kind"], entry.get("delegation"), facts, frame, also)
    seed = ROOT / "seeds" / f"{statement.slug}.yaml"
    if not seed.exists():
        return None
    data = yaml.safe_load(seed.read_text(encoding="utf-8"))
    kind = data.pop("template")
    bundle = engine.template(kind)
    answers = engine.validate(bundle, data)
    frame = [s.text for s in engine.sentences(bundle, answers) if _is_frame(s.key) and s.text]
    delegation = str(data.get("delegation") or "")
    body = " ".join(line.text for line in statement.body).casefold()
    named = _bare(delegation) in body
    # The seeds' other facts may come from outside the text (who chaired): only expected.yaml lists facts.
    return Expected(kind, delegation if named else None, {}, frame, also)


def _is_frame(key: str) -> bool:
    root = key.split(".", maxsplit=1)[0]
    return root not in HEADING_KEYS and root not in BODY_KEYS


def _same_name(read: str, expected: str) -> bool:
    """The same name, articles aside; a longer official form counts ("the Kingdom of the Netherlands")."""
    return bool(read) and (_bare(read) == _bare(expected) or _bare(read).endswith(f" {_bare(expected)}"))


def _bare(name: str) -> str:
    return re.sub(r"^(the|la|le|les|l’|l')\s*", "", name.strip(), flags=re.I).casefold()


# -- running drafter -------------------------------------------------------------------------------
def drafter(*args: str | Path) -> tuple[int, str, str]:
    from drafter.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def read_copy(path: Path) -> tuple[Counter[str], list[Line]]:
    """A Word reading copy read back: the heading's words, and the statement's paragraphs."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(path))
    formats = _number_formats(document)
    front = {"Statement Marker", "Title", "Subtitle", "Statement Front"}
    heading: Counter[str] = Counter()
    lines: list[Line] = []
    in_front = True
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        in_front = in_front and style in front
        text = normalised(paragraph.text)
        if not text:
            continue
        if in_front:
            heading.update(_WORD.findall(text))
            continue
        num_pr = paragraph._p.pPr.find(qn("w:numPr")) if paragraph._p.pPr is not None else None
        if num_pr is not None:
            num_id = int(num_pr.find(qn("w:numId")).get(qn("w:val")))
            level = int(num_pr.find(qn("w:ilvl")).get(qn("w:val")))
            kind = "bullet" if formats.get((num_id, level)) == "bullet" else "numbered"
            lines.append(Line(text, kind, level))
        else:
            lines.append(Line(text, "quote" if style == "Quote" else "paragraph"))
    return heading, lines


def _number_formats(document: Any) -> dict[tuple[int, int], str]:
    from docx.oxml.ns import qn

    part = document.part
    try:
        root = part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstracts = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
    formats: dict[tuple[int, int], str] = {}
    for num in root.findall(qn("w:num")):
        abstract = abstracts.get(num.find(qn("w:abstractNumId")).get(qn("w:val")))
        if abstract is None:
            continue
        for lvl in abstract.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            formats[(int(num.get(qn("w:numId"))), int(lvl.get(qn("w:ilvl"))))] = (
                fmt.get(qn("w:val")) if fmt is not None else "decimal"
            )
    return formats


def expected_rows(statement: Statement, form: str) -> tuple[Counter[str], list[Line]]:
    heading: Counter[str] = Counter()
    for text in statement.heading:
        heading.update(_WORD.findall(text))
    body = statement.body
    if form == "lines":  # plain text has no quotations: they come back as paragraphs
        body = [Line(b.text, "paragraph") if b.kind == "quote" else b for b in body]
    return heading, body


def import_form(statement: Statement, form: str, folder: Path) -> Outcome:
    folder = folder / statement.path.parent.name
    source = write_form(statement, form, folder / form)
    answers_path = folder / form / f"{statement.slug}.answers.yaml"
    code, out, err = drafter("import", source, "-o", answers_path, "--force")
    if code != 0:
        return Outcome(False, report=out, difference=f"import failed: {err.strip()}")
    answers = yaml.safe_load(answers_path.read_text(encoding="utf-8"))
    copy = folder / form / f"{statement.slug}.copy.docx"
    code, _, err = drafter("render", answers_path, "-o", copy, "--force")
    if code != 0:
        return Outcome(False, str(answers.get("template")), answers, out, f"render failed: {err.strip()}")
    heading, body = read_copy(copy)
    want_heading, want_body = expected_rows(statement, form)
    difference = _difference(want_body, body)
    if not difference and heading != want_heading:
        missing = sorted((want_heading - heading).elements())[:4]
        extra = sorted((heading - want_heading).elements())[:4]
        difference = f"heading words differ: missing {missing}, extra {extra}"
    return Outcome(not difference, str(answers.get("template")), answers, out, difference)


def _difference(want: list[Line], got: list[Line]) -> str:
    for index, (a, b) in enumerate(zip(want, got, strict=False)):
        if a != b:
            return f"paragraph {index + 1}: expected {a.kind} {a.text[:50]!r}, got {b.kind} {b.text[:50]!r}"
    if len(want) != len(got):
        return f"{len(want)} paragraphs expected, {len(got)} rendered"
    return ""


# -- judging the reading ---------------------------------------------------------------------------
@dataclass
class Judged:
    """How one statement's reading compares with what a drafter wrote down."""

    kind_right: bool
    delegation: str | None  # None: the statement does not name it
    delegation_right: bool
    facts: dict[str, tuple[str, str]]  # name → (expected, read)
    frame: int
    from_frame: int
    from_bank: int
    missed: list[str]


def judge(outcome: Outcome, expected: Expected, engine: Any) -> Judged:
    answers = dict(outcome.answers)
    kind = answers.pop("template", "")
    read = str(answers.get("delegation") or "")
    guessed = re.search(r"^Guessed delegation:", outcome.report, re.M) is not None
    delegation_right = expected.delegation is not None and not guessed and _same_name(read, expected.delegation)
    validated, sentences = _frame_of(kind, answers, engine)
    facts = {name: (value, str(validated.get(name) or "")) for name, value in expected.facts.items()}
    from_frame, from_bank, missed = _frame_figures(expected.frame, sentences)
    return Judged(
        kind == expected.kind or kind in expected.also,
        expected.delegation,
        delegation_right,
        facts,
        len(expected.frame),
        from_frame,
        from_bank,
        missed,
    )


def _frame_of(kind: str, answers: dict[str, Any], engine: Any) -> tuple[dict[str, Any], list[tuple[str, str, bool]]]:
    """The answers validated, and the frame's sentences they render: (key, text, the bank's wording)."""
    try:
        bundle = engine.template(kind)
        validated = engine.validate(bundle, answers)
        rendered = engine.sentences(bundle, validated)
    except Exception:
        return {}, []
    chosen = answers.get("sentences") or {}
    frame = [(s.key, normalised(s.text), not _own_words(chosen, s.key)) for s in rendered if _is_frame(s.key)]
    frame = [f for f in frame if f[1]]
    mark = (answers.get("conventions") or {}).get("end_mark")
    if mark and frame and frame[-1][0] == "closing_thanks":
        # The delegation's end mark ("./.") follows its last sentence: a convention, the sentence the bank's.
        key, text, banked = frame[-1]
        frame[-1] = (key, with_end_mark(text, mark).strip(), banked)
    return validated, frame


def _frame_figures(expected: list[str], sentences: list[tuple[str, str, bool]]) -> tuple[int, int, list[str]]:
    """How many expected frame sentences the answers write as sentences of the frame, and as the bank's."""
    from_frame = from_bank = 0
    missed = []
    for text in expected:
        want = normalised(text)
        hit = next((s for s in sentences if s[1] == want), None) or next((s for s in sentences if want in s[1]), None)
        if hit is None:
            missed.append(text)
            continue
        from_frame += 1
        banked = hit[2] and hit[1] == want
        from_bank += banked
        if not banked:
            missed.append(f"{text} (own words, as {hit[0]})")
    return from_frame, from_bank, missed


def _own_words(chosen: dict[str, Any], key: str) -> bool:
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in chosen:
            return isinstance(chosen[name], str)
    return False


# -- the run ---------------------------------------------------------------------------------------
def statements(dirs: list[Path]) -> list[Statement]:
    found = []
    for folder in dirs:
        found.extend(parse(p) for p in sorted(folder.glob("*.txt")))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="folders of <slug>.txt statements")
    parser.add_argument("--forms", default="quick", help="comma-separated forms, 'quick' or 'all'")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="each statement's differences and misses")
    parser.add_argument("--only", help="only the statements whose slug contains this")
    args = parser.parse_args(argv)
    forms = {"quick": QUICK_FORMS, "all": ALL_FORMS}.get(args.forms) or tuple(args.forms.split(","))
    from drafter.engine import Engine
    from drafter.inputs.catalog import Catalog

    engine = Engine(Catalog.default([]))
    corpus = [s for s in statements(args.dirs or list(DEFAULT_DIRS)) if not args.only or args.only in s.slug]
    figures = run(corpus, forms, engine, args.verbose)
    for folder, subset in figures.pop("folders").items():
        print(f"== {folder}")
        print_figures(subset)
    print("== all")
    print_figures(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


def run(corpus: list[Statement], forms: tuple[str, ...], engine: Any, verbose: bool) -> dict[str, Any]:
    exact: dict[str, list[str]] = {form: [] for form in forms}
    failures: dict[str, dict[str, str]] = {form: {} for form in forms}
    judged: dict[str, Judged] = {}
    with tempfile.TemporaryDirectory(prefix="drafter-import-bench-") as tmp:
        folder = Path(tmp)
        for statement in corpus:
            expected = expectations(statement, engine)
            for form in forms:
                outcome = import_form(statement, form, folder)
                if outcome.exact:
                    exact[form].append(statement.key)
                else:
                    failures[form][statement.key] = outcome.difference
                first = form == "blank" or (form == forms[0] and statement.key not in judged)
                if expected is not None and first:
                    judged[statement.key] = judge(outcome, expected, engine)
            if verbose:
                _print_statement(statement.key, failures, judged.get(statement.key))
    figures = _figures(corpus, forms, exact, failures, judged)
    figures["folders"] = {}
    for folder in dict.fromkeys(s.path.parent.name for s in corpus):
        keys = {s.key for s in corpus if s.path.parent.name == folder}
        subset = [s for s in corpus if s.key in keys]
        part = {k: v for k, v in judged.items() if k in keys}
        figures["folders"][folder] = _figures(subset, forms, exact, failures, part)
    return figures


def _print_statement(slug: str, failures: dict[str, dict[str, str]], judged: Judged | None) -> None:
    for form, failed in failures.items():
        if slug in failed:
            print(f"{slug} [{form}]: {failed[slug]}")
    if judged is not None:
        if not judged.kind_right:
            print(f"{slug}: kind wrong")
        if judged.delegation is not None and not judged.delegation_right:
            print(f"{slug}: delegation not read ({judged.delegation})")
        for name, (want, got) in judged.facts.items():
            if want != got:
                print(f"{slug}: {name} {want!r}, read {got!r}")
        for text in judged.missed:
            print(f"{slug}: frame sentence missed: {text}")
    sys.stdout.flush()


def _figures(
    corpus: list[Statement],
    forms: tuple[str, ...],
    exact: dict[str, list[str]],
    failures: dict[str, dict[str, str]],
    judged: dict[str, Judged],
) -> dict[str, Any]:
    named = [j for j in judged.values() if j.delegation is not None]
    facts = [(want, got) for j in judged.values() for want, got in j.facts.values()]
    frame = sum(j.frame for j in judged.values())
    keys = {s.key for s in corpus}
    return {
        "statements": len(corpus),
        "word_for_word": {form: len(set(exact[form]) & keys) for form in forms},
        "all_forms_word_for_word": sum(all(s.key in exact[f] for f in forms) for s in corpus),
        "failures": {form: {k: v for k, v in failed.items() if k in keys} for form, failed in failures.items()},
        "judged": len(judged),
        "kind_right": sum(j.kind_right for j in judged.values()),
        "kind_wrong": sorted(slug for slug, j in judged.items() if not j.kind_right),
        "delegation_named": len(named),
        "delegation_read": sum(j.delegation_right for j in named),
        "facts": len(facts),
        "facts_read": sum(want == got for want, got in facts),
        "frame_sentences": frame,
        "from_frame": sum(j.from_frame for j in judged.values()),
        "from_bank": sum(j.from_bank for j in judged.values()),
    }


def print_figures(figures: dict[str, Any]) -> None:
    total = figures["statements"]
    print(f"statements: {total}")
    for form, count in figures["word_for_word"].items():
        print(f"  word for word, {form:12} {count:3} of {total}")
    print(f"  word for word in every form: {figures['all_forms_word_for_word']} of {total}")
    print(f"kind right: {figures['kind_right']} of {figures['judged']}  {figures['kind_wrong']}")
    print(f"delegation read: {figures['delegation_read']} of {figures['delegation_named']} that name it")
    print(f"facts stated, read: {figures['facts_read']} of {figures['facts']}")
    frame = figures["frame_sentences"] or 1
    print(
        f"frame sentences: {figures['frame_sentences']}; from the frame {figures['from_frame']} "
        f"({100 * figures['from_frame'] / frame:.0f} %), from the phrase bank {figures['from_bank']} "
        f"({100 * figures['from_bank'] / frame:.0f} %)"
    )


if __name__ == "__main__":
    sys.exit(main())

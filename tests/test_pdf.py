"""PDF: the reading copy printed by LibreOffice, tagged, with its title, author and language in the PDF's
properties; PDF/A for archives; many statements per LibreOffice start, a hung or failed one reported by name.

Every property is read back from the file with pikepdf (the structure tree, /MarkInfo, /Lang, the viewer
preferences, the bookmarks, the XMP metadata), never taken on trust from the options given to LibreOffice.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pikepdf
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


@dataclass(frozen=True)
class Reading:
    """What a PDF says of itself, read back with a PDF library."""

    tagged: bool  # /MarkInfo /Marked true
    structure: list[str]  # the structure elements' types, in order, the roles mapped to standard ones
    language: str | None  # the catalog's /Lang
    shows_title: bool  # /ViewerPreferences /DisplayDocTitle
    title: str | None  # the document information's /Title
    subject: str | None
    author: str | None
    bookmarks: list[str]
    xmp: dict[str, str]  # the XMP metadata's title, description, creator, pdfaid:part and conformance
    problems: list[str]  # what qpdf finds wrong with the file's structure


def _structure(root: pikepdf.Dictionary) -> list[str]:
    roles = {str(k): str(v) for k, v in root.get("/RoleMap", {}).items()}
    found: list[str] = []

    def walk(node: pikepdf.Object) -> None:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(roles.get(str(kid.S), str(kid.S)))
                walk(kid)

    walk(root)
    return found


def _one(value: object) -> str:
    """An XMP value as text (the first of a list: dc:creator is a sequence)."""
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return str(value)


def read_pdf(path: Path) -> Reading:
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        mark = root.get("/MarkInfo")
        prefs = root.get("/ViewerPreferences")
        tree = root.get("/StructTreeRoot")
        with pdf.open_outline() as outline:
            bookmarks = [str(item.title) for item in outline.root]
        meta = pdf.open_metadata()
        keys = ("dc:title", "dc:description", "dc:creator", "pdfaid:part", "pdfaid:conformance")
        info = pdf.docinfo
        return Reading(
            tagged=mark is not None and bool(mark.get("/Marked", False)),
            structure=_structure(tree) if tree is not None else [],
            language=str(root.Lang) if "/Lang" in root else None,
            shows_title=prefs is not None and bool(prefs.get("/DisplayDocTitle", False)),
            title=str(info["/Title"]) if "/Title" in info else None,
            subject=str(info["/Subject"]) if "/Subject" in info else None,
            author=str(info["/Author"]) if "/Author" in info else None,
            bookmarks=bookmarks,
            xmp={key: _one(meta[key]) for key in keys if key in meta},
            problems=pdf.check_pdf_syntax(),
        )


def assert_accessible(reading: Reading, language: str, title: str) -> None:
    """Tagged, in ``language``, titled ``title`` in the title bar, with a bookmark for it."""
    assert reading.tagged
    assert reading.structure[:1] == ["/Document"]
    assert "/H1" in reading.structure and "/P" in reading.structure
    assert reading.language == language
    assert reading.shows_title and reading.title == title
    assert reading.bookmarks[:1] == [title]
    assert reading.problems == []


def pdf_language(pdf: Path) -> str:
    language = read_pdf(pdf).language
    assert language, "the PDF names no language"
    return language


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
    reading = read_pdf(pdf)
    assert_accessible(reading, "en-GB", "Statement by Belgium")
    assert reading.structure.count("/LI") >= 8  # the numbered actions and their sub-points, tagged as a list
    assert "/L" in reading.structure
    assert sorted(p.name for p in isolated.iterdir()) == ["belgium.docx", "belgium.pdf"]


def test_a_french_statement_says_french(drafter: Run, isolated: Path) -> None:
    require_tool("soffice")
    result = drafter("render", EXAMPLES / "open-debate.fr.yaml", "--format", "pdf", "-o", "debat.pdf")
    assert result.code == 0, result.err
    pdf = isolated / "debat.pdf"
    assert "Seul le prononcé fait foi" in pdf_text(pdf)
    assert_accessible(read_pdf(pdf), "fr-BE", "Déclaration de la Belgique")


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
        assert_accessible(read_pdf(pdf), "en-GB", f"Statement by {name}")


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


def _interview_of_the_seed(folder: Path, *options: str) -> None:
    """``drafter new --answers SEED …`` in a terminal, Enter on every question, until it has written."""
    require_tool("soffice")
    command, *rest = drafter_command()
    child = pexpect.spawn(
        command,
        [*rest, "new", "--answers", str(SEED), *options],
        cwd=str(folder),
        env={**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"},
        encoding="utf-8",
        dimensions=(50, 140),
        timeout=120,
    )
    press_enter_until(child, "Wrote ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_the_interview_writes_a_pdf(isolated: Path) -> None:
    _interview_of_the_seed(isolated, "-o", "belgium.pdf")
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


# -- PDF/A, several formats, and statements LibreOffice fails on ----------------------------------------------


def test_pdf_a_declares_its_conformance_and_its_metadata_agrees(drafter: Run, isolated: Path) -> None:
    """--pdf-a: PDF/A-2b in the XMP, which says what the document information says, apostrophes and
    ampersands included (LibreOffice 7.4 escapes them twice there; drafter puts them right)."""
    require_tool("soffice")
    answers = yaml.safe_load((EXAMPLES / "open-debate.fr.yaml").read_text(encoding="utf-8"))
    answers.update(delegation="Côte d'Ivoire", meeting="Paix & sécurité : l'avenir des opérations")
    (isolated / "civ.yaml").write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    result = drafter("render", "civ.yaml", "-o", "civ.pdf", "--pdf-a")
    assert result.code == 0, result.err
    reading = read_pdf(isolated / "civ.pdf")
    assert reading.xmp["pdfaid:part"] == "2" and reading.xmp["pdfaid:conformance"] == "B"
    assert reading.author == "Côte d'Ivoire" and reading.xmp["dc:creator"] == "Côte d'Ivoire"
    assert reading.subject == reading.xmp["dc:description"] == "Paix & sécurité : l'avenir des opérations"
    assert reading.title == reading.xmp["dc:title"]
    assert_accessible(reading, "fr-BE", str(reading.title))
    assert "Côte d’Ivoire" in pdf_text(isolated / "civ.pdf") or "Côte d'Ivoire" in pdf_text(isolated / "civ.pdf")


def test_a_plain_pdf_claims_no_archive_conformance(drafter: Run, isolated: Path) -> None:
    require_tool("soffice")
    assert drafter("render", SEED, "-o", "belgium.pdf").code == 0
    assert "pdfaid:part" not in read_pdf(isolated / "belgium.pdf").xmp


def test_render_writes_several_formats_from_one_name(drafter: Run, isolated: Path) -> None:
    require_tool("soffice")
    result = drafter("render", EXAMPLES / "hrc-dialogue.en.yaml", "-o", "geneva.docx", "--format", "docx,pdf")
    assert result.code == 0, result.err
    assert result.out.startswith("Wrote geneva.docx and geneva.pdf\n")
    assert sorted(p.name for p in isolated.iterdir()) == ["geneva.docx", "geneva.pdf"]
    paragraphs = [p.text for p in read_paragraphs(isolated / "geneva.docx") if p.text.strip()]
    assert " ".join(words(paragraphs[-1])) in " ".join(words(pdf_text(isolated / "geneva.pdf")))
    again = drafter("render", EXAMPLES / "hrc-dialogue.en.yaml", "-o", "geneva", "--format", "pdf,docx")
    assert again.code == 1 and "geneva.pdf: already exists" in again.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "x.txt", "--format", "docx,pdf"), "the file name says .txt but --format says docx and pdf"),
        (("-o", "-", "--format", "md,txt"), "several formats cannot go to standard output"),
        (("-o", "x.docx", "--pdf-a"), "--pdf-a makes PDF/A files"),
        (("--format", "docx,odt"), "'odt' is not a format drafter writes"),
        (("-o", "x.docx", "--format", "docx,pdf", "--redline", str(SEED)), "it cannot be written as pdf"),
    ],
)
def test_wrong_format_options_are_refused_before_any_work(
    drafter: Run, isolated: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    try:
        result = drafter("render", SEED, *args)
        code, err = result.code, result.err
    except SystemExit as exc:  # argparse's own refusals
        code, err = int(str(exc.code)), capsys.readouterr().err
    assert code == 2
    assert message in err
    assert list(isolated.iterdir()) == []


FAKE_SOFFICE = """#!{python}
# LibreOffice itself, except for the statement of {name}: its Word document is {how} before LibreOffice reads it.
import os, sys, zipfile
for arg in sys.argv[1:]:
    if arg.endswith(".docx") and os.path.isfile(arg):
        with zipfile.ZipFile(arg) as docx:
            chosen = b"{name}" in docx.read("word/document.xml")
        if chosen:
            os.remove(arg)
            {action}
os.execv({soffice!r}, [{soffice!r}, *sys.argv[1:]])
"""
ACTIONS = {
    "hung": "os.mkfifo(arg)  # LibreOffice waits for a writer that never comes",
    "damaged": "open(arg, 'wb').write(b'PK not a Word document')",
}


def fake_soffice(folder: Path, name: str, how: str) -> Path:
    """An soffice that makes one statement (the one mentioning ``name``) hang or fail LibreOffice."""
    script = folder / "soffice"
    real = os.path.realpath(require_tool("soffice"))
    script.write_text(
        FAKE_SOFFICE.format(python=sys.executable, name=name, how=how, action=ACTIONS[how], soffice=real),
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def five_statements(folder: Path, odd_one: str) -> Path:
    answers = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    names = ["Senegal", "Norway", odd_one, "Japan", "Costa Rica"]
    entries = [
        {**answers, "delegation": name, "output": f"{i}-{name.split()[0].lower()}"} for i, name in enumerate(names)
    ]
    batch = folder / "week.yaml"
    batch.write_text(yaml.safe_dump({"statements": entries}, allow_unicode=True), encoding="utf-8")
    return batch


def our_libreoffices() -> list[str]:
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    return [line for line in ps.splitlines() if "soffice" in line and "drafter-pdf-" in line]


@pytest.mark.parametrize("how", ["hung", "damaged"])
def test_a_statement_libreoffice_fails_on_is_named_and_the_others_are_written(
    drafter_process: Callable[..., Result], isolated: Path, tmp_path: Path, how: str
) -> None:
    """One LibreOffice start for the batch; the statement it hangs on (stopped after the timeout) or cannot
    read is named, with its entry and its file; the others are written, whole; nothing is left running."""
    soffice = fake_soffice(tmp_path, "Hangland" if how == "hung" else "Brokenland", how)
    batch = five_statements(isolated, "Hangland" if how == "hung" else "Brokenland")
    before = our_libreoffices()
    env = {"DRAFTER_SOFFICE": str(soffice), "DRAFTER_PDF_TIMEOUT": "20", "TMPDIR": str(tmp_path)}
    jobs = "2" if how == "hung" else "1"  # the workers' processes, and the main one's
    result = drafter_process("batch", batch, "-o", "out", "--format", "pdf", "--jobs", jobs, env=env)
    assert result.code == 1, result.out + result.err
    assert "4 written, 1 failed" in result.out
    failures = [line for line in result.err.splitlines() if line.startswith("drafter: failed:")]
    expected = "LibreOffice did not finish the PDF within 20 s and was stopped" if how == "hung" else "could not read"
    assert len(failures) == 1 and expected in failures[0], result.err
    name = "2-hangland.pdf" if how == "hung" else "2-brokenland.pdf"
    assert failures[0].startswith(f"drafter: failed: {batch}: statements[2]: {name}: ")
    written = sorted(p.name for p in (isolated / "out").iterdir())
    assert written == ["0-senegal.pdf", "1-norway.pdf", "3-japan.pdf", "4-costa.pdf"]
    for pdf in (isolated / "out").iterdir():
        assert read_pdf(pdf).tagged and read_pdf(pdf).problems == []
    assert our_libreoffices() == before
    assert not list(tmp_path.glob("drafter-pdf-*"))


def test_a_pdf_that_fails_leaves_no_word_copy_either(
    drafter_process: Callable[..., Result], isolated: Path, tmp_path: Path
) -> None:
    soffice = fake_soffice(tmp_path, "Brokenland", "damaged")
    answers = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    (isolated / "x.yaml").write_text(yaml.safe_dump({**answers, "delegation": "Brokenland"}), encoding="utf-8")
    env = {"DRAFTER_SOFFICE": str(soffice)}
    result = drafter_process("render", "x.yaml", "--format", "docx,pdf", "-o", "x", env=env)
    assert result.code == 1
    assert result.err.startswith("drafter: error: x.pdf: LibreOffice could not read the Word document")
    assert sorted(p.name for p in isolated.iterdir()) == ["x.yaml"]


def test_batch_writes_each_format_of_each_statement(drafter: Run, isolated: Path) -> None:
    require_tool("soffice")
    answers = yaml.safe_load((EXAMPLES / "right-of-reply.fr.yaml").read_text(encoding="utf-8"))
    entries = [{**answers, "delegation": name} for name in ("Sénégal", "Norvège")]
    entries[1]["output"] = "norvege.pdf"
    (isolated / "week.yaml").write_text(yaml.safe_dump({"statements": entries}, allow_unicode=True), encoding="utf-8")
    result = drafter("batch", "week.yaml", "-o", "out", "--format", "docx,pdf", "--pdf-a")
    assert result.code == 0, result.out + result.err
    written = sorted(p.name for p in (isolated / "out").iterdir())
    assert len(written) == 4 and "norvege.docx" in written and "norvege.pdf" in written
    for pdf in (isolated / "out").glob("*.pdf"):
        reading = read_pdf(pdf)
        assert reading.tagged and reading.language == "fr-BE"
        assert reading.xmp["pdfaid:part"] == "2"
    assert "4 written, 0 failed" in result.out


def test_the_interview_writes_word_and_pdf(isolated: Path) -> None:
    _interview_of_the_seed(isolated, "-o", "belgium.docx", "--format", "docx,pdf")
    assert sorted(p.name for p in isolated.iterdir()) == ["belgium.answers.yaml", "belgium.docx", "belgium.pdf"]
    assert_accessible(read_pdf(isolated / "belgium.pdf"), "en-GB", "Statement by Belgium")


def test_libreoffice_output_tells_which_statement_failed(tmp_path: Path) -> None:
    """How LibreOffice's lines are read: ``convert A -> B`` once it has read A; a crash is blamed on the
    statement it was on, and the statements after it are left for a new LibreOffice."""
    from drafter.writers.libreoffice import _Run

    files = [tmp_path / f"{n:05d}.docx" for n in range(1, 6)]
    (tmp_path / "00001.pdf").write_bytes(b"%PDF-1.6\n...\n%%EOF\n")
    (tmp_path / "00003.pdf").write_bytes(b"%PDF-1.6\n... cut short")
    run = _Run(files=files, outdir=tmp_path)
    for line in (
        "Warning: failed to launch javaldx - java may not function correctly",
        f"convert {files[0]} -> {tmp_path / '00001.pdf'} using filter : writer_pdf_Export",
        "Error: source file could not be loaded",
        f"convert {files[2]} -> {tmp_path / '00003.pdf'} using filter : writer_pdf_Export",
    ):
        run.feed(line)
    run.ended(-11)  # killed by a signal while writing the third PDF
    assert run.results[files[0]] is None
    assert "could not read the Word document" in str(run.results[files[1]])
    assert run.results[files[2]] == "LibreOffice stopped (exit code -11)"
    assert run.untouched() == files[3:]


def test_the_interview_prints_the_formats_it_wrote() -> None:
    import argparse

    from drafter.console import command_line, given_options

    args = argparse.Namespace(format=("docx", "pdf"), pdf_a=True, rate=None, template_dir=[])
    options = given_options(args, "format", "pdf_a", "rate", "template_dir")
    printed = command_line("render", Path("x.answers.yaml"), "-o", Path("x.docx"), "--force", *options)
    assert printed == "drafter render x.answers.yaml -o x.docx --force --format docx,pdf --pdf-a"

"""LibreOffice run headless: many Word documents turned into PDFs by one process start, watched statement by
statement.

One ``soffice --convert-to`` command line takes every document of a batch (or of a worker's share of it):
LibreOffice starts once, with a profile of drafter's own made once, instead of once per statement. Its
output says where it is: ``convert A -> B`` when it has read A and starts writing B's PDF, ``Error: ...``
when it could not read or write one. That is enough to tell which statement a failure or a hang belongs to:

- a document it cannot read or write is reported by name, and the others are converted;
- when nothing happens for ``timeout`` seconds (a conversion hangs), the whole process group is killed
  (killing ``soffice`` alone leaves ``soffice.bin`` running), the statement it was on is reported, and the
  statements after it go to a new LibreOffice, with a fresh profile.

The export settings (tagged PDF, bookmarks, the title in the title bar, PDF/A-2b) are written into the
private profile before LibreOffice first starts, where every version of LibreOffice reads them (the
command line's JSON filter options need 7.4 or later). The profile is never the user's own: a LibreOffice
the user has open is neither used nor disturbed.
"""

from __future__ import annotations

import contextlib
import multiprocessing.util
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TIMEOUT = 120.0
"""Seconds a statement's conversion may take before LibreOffice is stopped (a statement takes 0.1 to 2.5)."""
TIMEOUT_VARIABLE = "DRAFTER_PDF_TIMEOUT"
_IGNORED = ("Warning: failed to launch javaldx",)

_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{items}
</oor:items>
"""
_ITEM = (
    '<item oor:path="/org.openoffice.Office.Common/Filter/PDF/Export">'
    '<prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
)


def export_settings(archive: bool) -> dict[str, str]:
    """LibreOffice's PDF export settings: tagged, with bookmarks and the title shown; PDF/A-2b for ``archive``."""
    settings = {
        "UseTaggedPDF": "true",
        "ExportBookmarks": "true",
        "DisplayPDFDocumentTitle": "true",
        "ExportNotes": "false",
        "SelectPdfVersion": "2" if archive else "0",  # 2: PDF/A-2b; 0: PDF 1.6
    }
    return settings


def timeout_seconds() -> float:
    """The per-statement timeout: $DRAFTER_PDF_TIMEOUT, else DEFAULT_TIMEOUT."""
    try:
        value = float(os.environ.get(TIMEOUT_VARIABLE, ""))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Converted:
    """One document's PDF, or why there is none."""

    pdf: bytes | None = None
    problem: str | None = None


class LibreOffice:
    """A private LibreOffice profile and the folder its conversions run in, kept for the life of the writer.

    The folder is removed by ``close``, or when the process ends (a batch's worker processes included).
    """

    def __init__(self, soffice: str, archive: bool, timeout: float | None = None) -> None:
        self.soffice = soffice
        self.archive = archive
        self.timeout = timeout or timeout_seconds()
        self.folder = Path(tempfile.mkdtemp(prefix="drafter-pdf-"))
        self._close = multiprocessing.util.Finalize(
            self, shutil.rmtree, args=(str(self.folder),), kwargs={"ignore_errors": True}, exitpriority=0
        )
        self._profiles = 0
        self.profile = self._new_profile()

    def _new_profile(self) -> Path:
        """A profile folder holding only drafter's export settings (LibreOffice adds the rest on first start)."""
        self._profiles += 1
        profile = self.folder / f"profile-{self._profiles}"
        (profile / "user").mkdir(parents=True)
        items = "\n".join(_ITEM.format(name=k, value=v) for k, v in export_settings(self.archive).items())
        (profile / "user" / "registrymodifications.xcu").write_text(_SETTINGS.format(items=items), encoding="utf-8")
        return profile

    def command(self, outdir: Path) -> list[str]:
        """The command line, before the documents' paths."""
        return [
            self.soffice,
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"-env:UserInstallation={self.profile.as_uri()}",
            "--infilter=MS Word 2007 XML",  # a damaged document fails instead of being read as plain text
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
        ]

    def convert(self, documents: Sequence[bytes]) -> list[Converted]:
        """The PDF of each Word document, in order; a document LibreOffice fails on says why."""
        with tempfile.TemporaryDirectory(dir=self.folder, prefix="run-") as work:
            inputs = Path(work) / "in"
            outdir = Path(work) / "out"
            inputs.mkdir()
            files = []
            for number, data in enumerate(documents, 1):
                path = inputs / f"{number:05d}.docx"
                path.write_bytes(data)
                files.append(path)
            problems = self._convert_files(files, outdir)
            return [_result(problems.get(path), outdir / f"{path.stem}.pdf") for path in files]

    def _convert_files(self, files: list[Path], outdir: Path) -> dict[Path, str | None]:
        """Each file's problem (None: its PDF is in ``outdir``), LibreOffice started again after a hang or crash."""
        problems: dict[Path, str | None] = {}
        pending = files
        fruitless = 0
        while pending:
            run = _Run(files=pending, outdir=outdir)
            _watch(self.command(outdir), run, self.timeout)
            problems.update(run.results)
            pending = run.untouched()
            fruitless = 0 if run.events else fruitless + 1
            if pending and fruitless >= 2:  # LibreOffice itself does not start: no use trying each statement
                problems.update(dict.fromkeys(pending, run.ending or "LibreOffice did not start"))
                break
            if pending:
                self.profile = self._new_profile()  # the killed one may be left locked or half-written
        return problems

    def close(self) -> None:
        """Remove the profile and the conversions' folder."""
        self._close()


@dataclass
class _Run:
    """What one LibreOffice process did with its files, followed line by line."""

    files: list[Path]
    outdir: Path
    results: dict[Path, str | None] = field(default_factory=dict)
    following: int = 0  # the next file LibreOffice will read
    writing: int | None = None  # the file whose PDF it is writing
    events: int = 0
    said: list[str] = field(default_factory=list)
    ending: str | None = None

    def feed(self, line: str) -> None:
        """One line of LibreOffice's output."""
        if line.startswith("convert "):
            self.events += 1
            self._settle()
            self.writing = self._index(line.removeprefix("convert ").split(" -> ")[0])
            self.following = self.writing + 1
        elif line.startswith("Error:") and self.following < len(self.files) and "could not be loaded" in line:
            self.events += 1
            self._settle()
            self.results[self.files[self.following]] = f"LibreOffice could not read the Word document ({line})"
            self.following += 1
        elif line.startswith("Error:") and self.writing is not None:
            self.events += 1
            self.results[self.files[self.writing]] = f"LibreOffice could not write the PDF ({line})"
            self.writing = None
        elif line and not line.startswith(_IGNORED):
            self.said.append(line)

    def _index(self, name: str) -> int:
        for index in range(self.following, len(self.files)):
            if str(self.files[index]) == name:
                return index
        return self.following

    def _pdf(self, index: int) -> Path:
        return self.outdir / f"{self.files[index].stem}.pdf"

    def _settle(self) -> None:
        """The file being written is done: LibreOffice has moved on (or ended)."""
        if self.writing is not None:
            whole = _complete(self._pdf(self.writing))
            self.results[self.files[self.writing]] = None if whole else self._lost("wrote no PDF")
            self.writing = None

    def _lost(self, what: str) -> str:
        detail = f": {self.said[-1]}" if self.said else ""
        return f"LibreOffice {what}{detail}"

    def ended(self, code: int) -> None:
        """LibreOffice exited by itself."""
        if code == 0:
            self._settle()
            for path in self.files[self.following :]:
                self.results.setdefault(path, self._lost("ended without converting it"))
            return
        self.ending = self._lost(f"stopped (exit code {code})")
        self._blame(self.ending)

    def stalled(self, seconds: float) -> None:
        """LibreOffice was killed after ``seconds`` without a sign of progress."""
        self.ending = f"LibreOffice did not finish the PDF within {seconds:g} s and was stopped"
        self._blame(self.ending)

    def _blame(self, problem: str) -> None:
        """The file LibreOffice was on when it stopped gets ``problem``; the ones after it are left to retry."""
        if self.writing is not None:
            if not _complete(self._pdf(self.writing)):
                self.results[self.files[self.writing]] = problem
                self.writing = None
                return
            self._settle()
        if self.following < len(self.files):
            self.results[self.files[self.following]] = problem

    def untouched(self) -> list[Path]:
        """The files LibreOffice never reached."""
        return [path for path in self.files if path not in self.results]


def _result(problem: str | None, pdf: Path) -> Converted:
    return Converted(problem=problem) if problem else Converted(pdf.read_bytes())


def _complete(pdf: Path) -> bool:
    """Whether ``pdf`` is a whole PDF file (it ends with the end-of-file marker, written last)."""
    try:
        with open(pdf, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 1024))
            return b"%%EOF" in handle.read()
    except OSError:
        return False


class _StalledError(Exception):
    """No line from LibreOffice within the time allowed."""


def _watch(command: list[str], run: _Run, timeout: float) -> None:
    """Run LibreOffice on ``run``'s files, feeding ``run`` its output; killed when it stalls."""
    try:
        process = subprocess.Popen(
            [*command, *map(str, run.files)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killing it reaches soffice.bin
        )
    except OSError as exc:
        run.ending = f"cannot run LibreOffice ({command[0]}): {exc.strerror}"
        return
    try:
        for line in _lines(process, timeout):
            run.feed(line)
    except _StalledError:
        _kill(process)
        run.stalled(timeout)
        return
    except BaseException:
        _kill(process)
        raise
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:  # its output closed, every PDF written, but LibreOffice does not exit
        _kill(process)
        code = 0
    run.ended(code)


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _lines(process: subprocess.Popen[bytes], timeout: float) -> Iterator[str]:
    """LibreOffice's output line by line; _StalledError when none comes within ``timeout`` seconds (twice that for
    the first, which waits for LibreOffice to start)."""
    assert process.stdout is not None
    stream = process.stdout.fileno()
    pending = b""
    deadline = time.monotonic() + 2 * timeout
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _StalledError
            if not selector.select(timeout=left):
                continue
            chunk = os.read(stream, 65536)
            if not chunk:
                if pending:
                    yield pending.decode(errors="replace").strip()
                process.stdout.close()
                return
            pending += chunk
            *lines, pending = pending.split(b"\n")
            if lines:
                deadline = time.monotonic() + timeout
            for line in lines:
                yield line.decode(errors="replace").strip()

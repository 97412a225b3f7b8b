"""The PDF writer (``pdf``): the Word reading copy, converted by LibreOffice run headless.

Every conversion runs LibreOffice with a profile folder of its own, made and removed with it, so parallel
runs (``drafter batch --jobs``, two terminals, a LibreOffice the user has open) never share one:
LibreOffice hands the work to the instance already using a profile, or waits for it. A fresh profile
costs a few tenths of a second against the two seconds of a conversion.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.errors import OutputError, Problem
from drafter.writers.word import WordWriter

if TYPE_CHECKING:
    from drafter.document.statement import Statement
    from drafter.writers import OutputFormat, Writer

INSTALL_HINT = (
    "writing PDF needs LibreOffice, which is not installed (or not on PATH): install it "
    "(Debian and Ubuntu: 'apt-get install libreoffice-writer-nogui'; elsewhere from libreoffice.org), "
    "or set DRAFTER_SOFFICE to its soffice program"
)
TIMEOUT_SECONDS = 300
_MAC_SOFFICE = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")


def find_soffice() -> str | None:
    """LibreOffice's ``soffice`` program: $DRAFTER_SOFFICE, then PATH, then the macOS application."""
    configured = os.environ.get("DRAFTER_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and _MAC_SOFFICE.is_file():
        found = str(_MAC_SOFFICE)
    return found


def check_available() -> None:
    """Refuse (before anything is written) when LibreOffice is missing."""
    if find_soffice() is None:
        raise OutputError(Problem(INSTALL_HINT))


def convert_docx(docx: bytes) -> bytes:
    """A PDF of the Word document ``docx``, made by LibreOffice."""
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(Problem(INSTALL_HINT))
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-") as folder:
        source = Path(folder) / "statement.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(Path(folder) / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            folder,
            str(source),
        ]
        try:
            done = subprocess.run(
                command, check=False, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            raise OutputError(Problem(f"LibreOffice did not finish the PDF within {TIMEOUT_SECONDS} s")) from None
        except OSError as exc:
            raise OutputError(Problem(f"cannot run LibreOffice ({soffice}): {exc.strerror}")) from None
        result = source.with_suffix(".pdf")
        if done.returncode != 0 or not result.is_file():
            said = (done.stderr or done.stdout).strip().splitlines()
            detail = f": {said[-1]}" if said else ""
            raise OutputError(Problem(f"LibreOffice could not make the PDF (exit code {done.returncode}){detail}"))
        return result.read_bytes()


class PdfWriter:
    """The reading copy as a PDF whose properties carry the title, author (the delegation) and language."""

    def __init__(self) -> None:
        self.word = WordWriter()

    def write(self, statement: Statement) -> bytes:
        """The .pdf file's bytes."""
        return convert_docx(self.word.write(statement))


def create(fmt: OutputFormat) -> Writer:
    """The PDF writer."""
    return PdfWriter()

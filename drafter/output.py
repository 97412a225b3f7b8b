"""Writing files safely: atomically, never over an existing file unless asked, never outside a folder."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any

from drafter.errors import OutputError, Problem


def check_writable(target: Path, force: bool) -> None:
    """Refuse early (before any work) a target that exists without ``force`` or whose folder is missing."""
    if target.is_dir():
        raise OutputError(Problem("is a folder; give a file name", path=target))
    if target.exists() and not force:
        raise OutputError(Problem("already exists; use --force to replace it", path=target))
    if not target.parent.is_dir():
        raise OutputError(Problem("the folder does not exist", path=target.parent))


def write_atomic(target: Path, data: bytes, force: bool) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder, then rename.

    Without ``force`` an existing file is never replaced, even one created since the check.
    """
    check_writable(target, force)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644 & ~_UMASK)
        if force:
            os.replace(temp, target)
        else:
            try:
                os.link(temp, target)
            except FileExistsError:
                raise OutputError(Problem("already exists; use --force to replace it", path=target)) from None
            except OSError:
                if target.exists():
                    raise OutputError(Problem("already exists; use --force to replace it", path=target)) from None
                os.rename(temp, target)
    except OSError as exc:
        raise OutputError(Problem(f"cannot write: {exc.strerror}", path=target)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _read_umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


_UMASK = _read_umask()


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe form of ``text``: lower case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out


def statement_stem(answers: Mapping[str, Any]) -> str:
    """A file name (without extension) from the date, delegation and meeting: 2014-09-08-belgium-informal-…"""
    parts = [str(answers.get("date") or ""), slug(str(answers.get("delegation") or ""), 30)]
    parts.append(slug(str(answers.get("meeting") or ""), 40))
    return "-".join(p for p in parts if p) or "statement"


def answers_path_for(target: Path) -> Path:
    """The answers file kept next to a statement: ``x.docx`` → ``x.answers.yaml``."""
    return target.with_name(f"{target.stem}.answers.yaml")


def inside(folder: Path, relative: str) -> Path:
    """Resolve ``relative`` under ``folder``, refusing absolute paths and ones that climb out."""
    pure = PurePath(relative)
    if not relative or pure.is_absolute() or relative.startswith(("/", "\\")) or ":" in pure.parts[0]:
        raise OutputError(Problem(f"output '{relative}' must be a relative file name inside {folder}"))
    resolved = (folder / pure).resolve()
    if not resolved.is_relative_to(folder.resolve()):
        raise OutputError(Problem(f"output '{relative}' leaves the output folder {folder}"))
    return resolved

"""Jinja's templates read from the catalog's folders, and from nowhere else.

Like Jinja's own FileSystemLoader, a name is looked up in each folder of the search path in turn and
may not climb out with ``..``; unlike it, a file whose links lead outside the template folders is
refused (``leak.txt`` → ``/etc/passwd``), and so is anything but a regular file of a bounded size
(a FIFO, a device, a sparse file of gigabytes), before a byte of it is read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.loaders import split_template_path

from drafter.errors import Problem, TemplateError, TemplateSecurityError
from drafter.inputs.catalog import Catalog, leads_outside
from drafter.inputs.sandbox import MAX_SOURCE_CHARS

# UTF-8 takes at most four bytes a character.
MAX_SOURCE_BYTES = 4 * MAX_SOURCE_CHARS


class TemplateLoader(BaseLoader):
    """Templates from ``catalog``'s folders, links followed only while they stay inside them."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The text of ``template``, the file it is in, and a check that the file is unchanged."""
        path = self._find(template)
        if not self.catalog.inside_templates(path):
            raise TemplateSecurityError(Problem(f"{path} is {leads_outside(path)}"))
        real = path.resolve()
        text, mtime = _read(real)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(real) == mtime
            except OSError:
                return False

        return text, os.path.normpath(path), uptodate

    def list_templates(self) -> list[str]:
        """The names of the template files in the catalog's folders (for suggestions; links not followed)."""
        found: set[str] = set()
        for root in self.catalog.search_path:
            for folder, _, files in os.walk(root):
                relative = Path(folder).relative_to(root)
                found.update((relative / name).as_posix() for name in files if name.endswith(".j2"))
        return sorted(found)

    def _find(self, template: str) -> Path:
        pieces = split_template_path(template)
        for root in self.catalog.search_path:
            candidate = root.joinpath(*pieces)
            try:
                if candidate.is_file():
                    return candidate
            except (OSError, ValueError):  # a name too long, or with a NUL byte
                break
        raise TemplateNotFound(template)


def _read(path: Path) -> tuple[str, float]:
    """A template file's text (UTF-8), refused unless it is a regular file of at most ``MAX_SOURCE_BYTES``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise TemplateError(Problem(f"cannot read: {exc.strerror}", path=path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateError(Problem("is not a regular file", path=path))
        if info.st_size > MAX_SOURCE_BYTES:
            message = f"the template file is {info.st_size:,} bytes; at most {MAX_SOURCE_BYTES:,} are read"
            raise TemplateError(Problem(message, path=path))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise TemplateError(Problem(f"cannot read: {exc.strerror}", path=path)) from None
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8"), info.st_mtime
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TemplateError(Problem("is not UTF-8 text; save it as UTF-8", path=path, line=line)) from None

"""Writing files safely: atomically, never over an existing file unless asked, never outside a folder."""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import os
import secrets
import sys
import tempfile
import unicodedata
from pathlib import Path, PurePath

from drafter.errors import OutputError, Problem

# What POSIX promises at least, where the system does not say (os.pathconf).
_NAME_MAX = 255
_PATH_MAX = 4096
# Characters that reorder how a name is displayed ("statement\u202excod.exe" shows as "statementexe.docx").
_DIRECTION_MARKS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Errors of a write to a stream (standard output): a full disk or pipe, a reader gone, a closed descriptor.
_STREAM_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EPIPE, errno.EBADF, errno.EFBIG})


def check_writable(target: Path, force: bool) -> None:
    """Refuse early (before any work) a target that exists without ``force``, whose folder is missing, or whose
    name the system cannot hold."""
    check_name(target)
    try:
        if target.is_dir():
            raise OutputError(Problem("is a folder; give a file name", path=target))
        if target.exists() and not force:
            raise OutputError(Problem("already exists; use --force to replace it", path=target))
        if not target.parent.is_dir():
            raise OutputError(Problem("the folder does not exist", path=target.parent))
    except OSError as exc:
        raise OutputError(_write_problem(exc, target)) from None


def check_name(target: Path) -> None:
    """Refuse a file name the system cannot hold: a part longer than its bytes allow (255 on most), a path
    longer than 4,096 bytes, a NUL byte, or characters its encoding cannot write (a lone surrogate).
    Names reserved on Windows (CON, NUL…) are ordinary names where drafter runs on Linux or macOS."""
    text = str(target)
    if "\0" in text:
        raise OutputError(Problem(f"the file name '{_shown(text)}' holds a NUL byte; give a plain file name"))
    odd = next((c for c in target.name if unicodedata.category(c) == "Cc" or c in _DIRECTION_MARKS), None)
    if odd is not None:
        what = "a control character" if unicodedata.category(odd) == "Cc" else "an invisible direction mark"
        message = f"the file name {_shown(target.name)!a} holds {what} (U+{ord(odd):04X}); give a plain file name"
        raise OutputError(Problem(message))
    try:
        whole = os.fsencode(os.path.abspath(text))
        parts = [os.fsencode(part) for part in target.parts]
    except UnicodeError:
        raise OutputError(Problem(f"the file name '{_shown(text)}' holds characters no file name can hold")) from None
    name_max, path_max = _name_limits(target)
    for part in parts:
        if len(part) > name_max:
            shown = _shown(os.fsdecode(part))
            message = f"the name '{shown}' is {len(part):,} bytes long; the file system allows at most {name_max}"
            raise OutputError(Problem(message))
    if len(whole) > path_max:
        raise OutputError(Problem(f"the path is {len(whole):,} bytes long; the system allows at most {path_max:,}"))


def _name_limits(target: Path) -> tuple[int, int]:
    """The longest name and path the file system holding ``target`` allows (its nearest existing folder's)."""
    folder = Path(os.path.abspath(target)).parent
    while not os.path.isdir(folder) and folder != folder.parent:  # isdir: False for a name too long
        folder = folder.parent
    try:
        return os.pathconf(folder, "PC_NAME_MAX"), os.pathconf(folder, "PC_PATH_MAX")
    except (OSError, ValueError, AttributeError):
        return _NAME_MAX, _PATH_MAX


def _shown(name: str) -> str:
    """A name as quoted in a message: a long one shortened."""
    return name if len(name) <= 60 else f"{name[:40]}…{name[-12:]}"


def write_stdout(data: bytes) -> None:
    """Print ``data`` on standard output, flushed: a full disk or pipe is an OutputError, not a crash."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        problem = stream_problem(exc)
        if problem is None:
            raise
        raise OutputError(problem) from None


class _ClosedOutput(io.RawIOBase):
    """Standard output when drafter was started without one (``>&-``): every write fails as on a closed descriptor."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def ensure_stdout() -> None:
    """Give a process started with standard output closed one whose writes fail (and are reported), not None."""
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(_ClosedOutput(), write_through=True)


def stream_problem(exc: OSError) -> Problem | None:
    """The message for a failed write to standard output (no file named, a stream's error), else None."""
    if exc.filename is not None or exc.errno not in _STREAM_ERRORS:
        return None
    if isinstance(exc, BrokenPipeError):
        return Problem("standard output was closed before everything was written (the reading program stopped)")
    if exc.errno == errno.EBADF:
        return Problem("standard output is closed; nothing could be printed")
    return Problem(f"cannot write to standard output: {exc.strerror or exc}; the output is incomplete")


def write_atomic(target: Path, data: bytes, force: bool) -> None:
    """Write ``data`` to ``target`` so that it appears whole or not at all.

    The bytes go to an unnamed temporary file in the target's folder (a hidden named one where the
    system has none), which is then linked into place: without ``force`` the link fails if a file,
    folder or symbolic link is already there, even one created since the check, so nothing is
    ever replaced and no link is written through. With ``force`` it is renamed over the old name
    (replacing a symbolic link itself, not the file it points to).
    """
    check_writable(target, force)
    try:
        if not _write_unnamed(target, data, force):
            _write_named(target, data, force)
    except OSError as exc:
        raise OutputError(_write_problem(exc, target)) from None


_NO_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.ENOSYS})


def _write_unnamed(target: Path, data: bytes, force: bool) -> bool:
    """Write through Linux's O_TMPFILE: an interrupted write leaves no file behind. False where unsupported."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not Path("/proc/self/fd").is_dir():
        return False
    folder = os.open(target.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fd = os.open(".", flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o644, dir_fd=folder)
        except OSError as exc:
            if exc.errno in (errno.EISDIR, errno.EINVAL, *_NO_LINKS):
                return False
            raise
        try:
            _fill(fd, data)
            return _link_unnamed(f"/proc/self/fd/{fd}", folder, target, force)
        finally:
            os.close(fd)
    finally:
        os.close(folder)


def _link_unnamed(source: str, folder: int, target: Path, force: bool) -> bool:
    # A source directory descriptor makes os.link call linkat() with AT_SYMLINK_FOLLOW (plain link()
    # would try to link the /proc symbolic link itself).
    name = f".{target.name}.{secrets.token_hex(6)}.tmp" if force else target.name
    try:
        os.link(source, name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=True)
    except FileExistsError:
        if not force:
            raise _exists(target) from None
        raise
    except OSError as exc:
        if exc.errno in _NO_LINKS or exc.errno == errno.ENOENT:
            return False
        raise
    if force:
        try:
            os.replace(name, target.name, src_dir_fd=folder, dst_dir_fd=folder)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name, dir_fd=folder)
    return True


def _write_named(target: Path, data: bytes, force: bool) -> None:
    """Write through a hidden temporary file beside the target, then link (or rename) it into place."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temp = Path(temp_name)
    try:
        try:
            _fill(fd, data)
        finally:
            os.close(fd)
        if force:
            os.replace(temp, target)
            return
        try:
            os.link(temp, target)
        except FileExistsError:
            raise _exists(target) from None
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            _rename_into_new(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _rename_into_new(temp: Path, target: Path) -> None:
    """Where hard links are not supported: claim the name exclusively first, then rename over the claim."""
    try:
        claim = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        raise _exists(target) from None
    os.close(claim)
    try:
        os.replace(temp, target)
    except OSError:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        raise


def _fill(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)
    os.fchmod(fd, 0o644 & ~_umask())


def _exists(target: Path) -> OutputError:
    return OutputError(Problem("already exists; use --force to replace it", path=target))


def _write_problem(exc: OSError, target: Path) -> Problem:
    folder = target.parent
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return Problem("the disk is full (no space left on the device); nothing was written", path=target)
    if exc.errno == errno.EROFS:
        return Problem(f"the folder {folder} is on a read-only disk; nothing was written", path=target)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Problem(f"no permission to write in the folder {folder}; nothing was written", path=target)
    return Problem(f"cannot write: {exc.strerror or exc}; nothing was written", path=target)


@functools.cache
def _umask() -> int:
    """The process's umask, read once when first needed (Linux reports it; elsewhere it is set and restored)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    current = os.umask(0o22)
    os.umask(current)
    return current


def answers_path_for(target: Path) -> Path:
    """The answers file kept next to a statement: ``x.docx`` → ``x.answers.yaml``."""
    return target.with_name(f"{target.stem}.answers.yaml")


def inside(folder: Path, relative: str) -> Path:
    """Place ``relative`` under ``folder``, refusing absolute paths and ones that climb out."""
    pure = PurePath(relative)
    if not relative or pure.is_absolute() or relative.startswith(("/", "\\")) or ":" in pure.parts[0]:
        raise OutputError(Problem(f"output '{relative}' must be a relative file name inside {folder}"))
    if pure.name in ("", ".", ".."):
        raise OutputError(Problem(f"output '{relative}' does not name a file"))
    check_name(folder / pure)
    # The folders are resolved, the file name is not: a symbolic link there is refused when writing,
    # never followed.
    try:
        resolved = (folder / pure).parent.resolve() / pure.name
    except OSError as exc:
        raise OutputError(Problem(f"output '{_shown(relative)}': {exc.strerror or exc}")) from None
    if not resolved.is_relative_to(folder.resolve()):
        raise OutputError(Problem(f"output '{relative}' leaves the output folder {folder}"))
    check_name(resolved)
    return resolved

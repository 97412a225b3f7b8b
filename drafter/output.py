"""Writing files safely: atomically, never over an existing file unless asked, never outside a folder."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import secrets
import tempfile
from pathlib import Path, PurePath

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
    # The folders are resolved, the file name is not: a symbolic link there is refused when writing,
    # never followed.
    resolved = (folder / pure).parent.resolve() / pure.name
    if not resolved.is_relative_to(folder.resolve()):
        raise OutputError(Problem(f"output '{relative}' leaves the output folder {folder}"))
    return resolved

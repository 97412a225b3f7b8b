"""Shared fixtures: an isolated user environment, the seed, and ways to run the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from drafter.cli import main

from helpers import Result


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test runs in an empty folder with its own user config and data folders."""
    home = tmp_path / "home"
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    yield work


@pytest.fixture
def drafter(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run drafter in process, as the installed command would."""

    def run(*args: str | Path) -> Result:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def drafter_command() -> list[str]:
    """The installed ``drafter`` script, or ``python -m drafter`` next to this interpreter."""
    script = Path(sys.executable).parent / "drafter"
    return [str(script)] if script.exists() else [sys.executable, "-m", "drafter"]


def run_drafter(*args: str | Path, cwd: Path | None = None, timeout: float = 120, **popen: Any) -> Result:
    """The installed drafter command in a child process (no terminal, no standard input)."""
    proc = subprocess.run(
        [*drafter_command(), *[str(a) for a in args]],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        timeout=timeout,
        **popen,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def drafter_process() -> Callable[..., Result]:
    """Run the installed drafter command in a child process, with extra environment variables if given."""

    def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
        return run_drafter(*args, cwd=cwd, env={**os.environ, **(env or {})})

    return run


def require_tool(name: str) -> str:
    """The path of an external program; skip without it, unless in CI, where it must be there."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return path

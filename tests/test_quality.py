"""The code base stays typed (mypy strict), lint-clean and formatted (ruff)."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT, timeout=600)


FOLDERS = [name for name in ("drafter", "tests", "bench") if (ROOT / name).is_dir()]


def test_ruff_is_clean() -> None:
    result = run_tool("ruff", "check", *FOLDERS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_leaves_the_code_as_it_is() -> None:
    result = run_tool("ruff", "format", "--check", *FOLDERS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes() -> None:
    result = run_tool("mypy", "drafter")
    assert result.returncode == 0, result.stdout + result.stderr

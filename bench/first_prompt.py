"""Time from typing ``drafter new`` to the first question on screen, in a real pseudo-terminal.

Run by hand:  python bench/first_prompt.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

import pexpect


def drafter_command() -> list[str]:
    script = shutil.which("drafter")
    return [script] if script else [sys.executable, "-m", "drafter"]


def first_prompt_seconds(args: list[str], pattern: str) -> float:
    home = tempfile.mkdtemp(prefix="drafter-bench-")
    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "XDG_STATE_HOME": home, "XDG_CONFIG_HOME": home}
    command, *rest = drafter_command()
    start = time.perf_counter()
    child = pexpect.spawn(command, [*rest, *args], env=env, cwd=home, encoding="utf-8", timeout=30)
    child.expect(pattern)
    elapsed = time.perf_counter() - start
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    shutil.rmtree(home, ignore_errors=True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    cases = {
        "drafter new interactive-dialogue → first question": (
            ["new", "interactive-dialogue"],
            "Language of the statement",
        ),
        "drafter new → template list": (["new"], "Which kind of statement"),
    }
    for label, (args, pattern) in cases.items():
        first_prompt_seconds(args, pattern)  # warm the file cache
        times = sorted(first_prompt_seconds(args, pattern) for _ in range(runs))
        print(f"{label}: median {statistics.median(times) * 1000:.0f} ms, best {times[0] * 1000:.0f} ms ({runs} runs)")


if __name__ == "__main__":
    main()

"""Batch benchmark: seed-size statements through ``drafter batch`` against a plain python-docx loop.

Run by hand from the repository root (after ``pip install .``):

    python bench/batch.py                 # 1,000 statements, memory at 100 and 1,000, --help timing
    python bench/batch.py --count 200     # a quicker look

Every figure comes from the same run on the same machine. The plain loop writes the same paragraphs
(the text drafter renders) with python-docx's default template, one ``Document()`` and ``save()`` per
statement, sequentially: what a script written without drafter would do.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "belgium-r2p-2014.yaml"
DELEGATIONS = ("Belgium", "Luxembourg", "the Netherlands", "Slovenia", "Austria", "Ireland", "Portugal", "Estonia")


def drafter_command() -> list[str]:
    script = shutil.which("drafter")
    return [script] if script else [sys.executable, "-m", "drafter"]


def make_batch(folder: Path, count: int) -> Path:
    """``count`` variations of the seed's answers in one batch file."""
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    statements = []
    for n in range(count):
        entry = {
            "delegation": DELEGATIONS[n % len(DELEGATIONS)],
            "date": f"2014-09-{1 + n % 28:02d}",
            "output": f"statement-{n:05d}.docx",
            "lead_in": f"{seed['lead_in']} (version {n})",
        }
        actions = [dict(a) for a in seed["actions"]]
        actions[n % len(actions)]["text"] += f" Point {n}."
        entry["actions"] = actions
        statements.append(entry)
    defaults = {k: v for k, v in seed.items() if k not in ("delegation", "date", "lead_in", "actions")}
    path = folder / "batch.yaml"
    path.write_text(
        yaml.safe_dump({"defaults": defaults, "statements": statements}, allow_unicode=True, sort_keys=False)
    )
    return path


PLAIN_LOOP = r"""
import json, sys, time
start = time.perf_counter()
from docx import Document
jobs = json.load(open(sys.argv[1], encoding="utf-8"))
for job in jobs:
    doc = Document()
    for style, text in job["paragraphs"]:
        doc.add_paragraph(text, style=style)
    doc.save(job["path"])
print(time.perf_counter() - start)
"""


def plain_jobs(folder: Path, batch: Path, outdir: Path) -> Path:
    """The paragraphs drafter renders for each entry, for the plain loop to write (not timed)."""
    from drafter.batch import make_plan
    from drafter.catalog import Catalog
    from drafter.engine import Engine

    engine = Engine(Catalog.default())
    plan = make_plan(engine, [batch], folder / "unused", None)
    styles = {"heading": "Heading 1", "item": "List Paragraph", "paragraph": "Normal", "rule": "Normal"}
    jobs = []
    for index, entry in enumerate(plan.entries):
        statement = engine.compose(engine.template(entry.template), entry.answers)
        paragraphs = [[styles[b.kind], b.text] for b in statement.draft.blocks]
        jobs.append({"path": str(outdir / f"plain-{index:05d}.docx"), "paragraphs": paragraphs})
    path = folder / "plain.json"
    path.write_text(json.dumps(jobs))
    return path


def measured(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time in seconds and the peak resident memory (MiB) of the largest process it ran."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        f"subprocess.run({command!r}, check=True, cwd={str(cwd)!r}, "
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    try:
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        batch = make_batch(work, args.count)
        outdir = work / "plain"
        outdir.mkdir()
        jobs = plain_jobs(work, batch, outdir)
        loop = work / "loop.py"
        loop.write_text(PLAIN_LOOP)

        drafter_time, drafter_memory = measured(
            [*drafter_command(), "batch", str(batch), "-o", str(work / "out")], work
        )
        plain_time, plain_memory = measured([sys.executable, str(loop), str(jobs)], work)
        written = len(list((work / "out").glob("*.docx")))
        print(f"{args.count} statements: drafter batch {drafter_time:.2f} s", end=" ")
        print(f"({written} written, peak {drafter_memory:.0f} MiB)")
        print(f"{args.count} statements: plain python-docx loop {plain_time:.2f} s (peak {plain_memory:.0f} MiB)")
        print(f"speed-up: {plain_time / drafter_time:.2f}x")

        for count in sorted({100, args.count}):
            small = work / f"mem-{count}"
            small.mkdir()
            _, memory = measured(
                [*drafter_command(), "batch", str(make_batch(small, count)), "-o", str(small / "out")], small
            )
            print(f"peak memory at {count} statements: {memory:.0f} MiB")

        imports = "import jinja2, pydantic, questionary, docx, yaml, markdown_it, rich, platformdirs, babel.dates"
        help_time = median_seconds([*drafter_command(), "--help"], 15)
        import_time = median_seconds([sys.executable, "-c", imports], 15)
        print(f"drafter --help: {help_time * 1000:.0f} ms; importing every dependency: {import_time * 1000:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

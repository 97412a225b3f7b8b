"""Batch benchmark: seed-size statements through ``drafter batch``, in three shapes, against a plain python-docx loop.

Run by hand from the repository root (after ``pip install .``):

    python bench/batch.py                          # 1,000 statements; memory at 1,000 and 10,000
    python bench/batch.py --count 200 --big 1000   # a quicker look

Every figure comes from the same run on the same machine. The three shapes hold the same statements:

- ``full``: one batch file, every entry written out in full (no ``defaults:``), as a new user writes it;
- ``defaults``: one batch file, the shared answers under ``defaults:``;
- ``folder``: a folder of separate answers files, one per statement.

The plain loop writes the same paragraphs (the text drafter renders) with python-docx's default
template, one ``Document()`` and ``save()`` per statement, sequentially: what a script written without
drafter would do. "One worker" is the time per statement in a single process once warm (render,
blocks, Word bytes; planning and file writing left out).
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "belgium-r2p-2014.yaml"
DELEGATIONS = ("Belgium", "Luxembourg", "the Netherlands", "Slovenia", "Austria", "Ireland", "Portugal", "Estonia")
VARIED = ("delegation", "date", "lead_in", "actions")
SHAPES = ("full", "defaults", "folder")
FULL_LIMIT = 9000


def drafter_command() -> list[str]:
    script = shutil.which("drafter")
    return [script] if script else [sys.executable, "-m", "drafter"]


def _dump(data: Any) -> str:
    # No anchors and aliases: every entry is written out, as a person would.
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _variation(seed: dict[str, Any], n: int) -> dict[str, Any]:
    """The ``n``th statement's own answers: delegation, date, lead-in and one action varied."""
    actions = copy.deepcopy(seed["actions"])
    actions[n % len(actions)]["text"] += f" Point {n}."
    return {
        "delegation": DELEGATIONS[n % len(DELEGATIONS)],
        "date": f"2014-09-{1 + n % 28:02d}",
        "output": f"statement-{n:05d}.docx",
        "lead_in": f"{seed['lead_in']} (version {n})",
        "actions": actions,
    }


def make_input(folder: Path, shape: str, count: int) -> Path:
    """``count`` variations of the seed's answers in ``shape``; returns the file or folder to give drafter."""
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    shared = {k: v for k, v in seed.items() if k not in VARIED}
    folder.mkdir(parents=True, exist_ok=True)
    if shape == "defaults":
        path = folder / "batch.yaml"
        path.write_text(_dump({"defaults": shared, "statements": [_variation(seed, n) for n in range(count)]}))
    elif shape == "full":
        path = folder / "batch.yaml"
        with path.open("w", encoding="utf-8") as out:
            out.write("statements:\n")
            for n in range(count):  # written entry by entry: the generator's own memory stays small
                entry = {**copy.deepcopy(shared), **_variation(seed, n)}
                out.write(_dump([entry]))
    else:
        path = folder / "answers"
        path.mkdir()
        for n in range(count):
            (path / f"statement-{n:05d}.yaml").write_text(_dump({**shared, **_variation(seed, n)}), encoding="utf-8")
    return path


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size


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
PLAIN_STYLES = {"heading": "Heading 1", "item": "List Paragraph"}


def _statements(source: Path, count: int) -> tuple[Any, list[Any]]:
    """The engine and ``count`` rendered statements of ``source`` (through drafter's library, not timed)."""
    from drafter.batch.files import FileReader, make_plan
    from drafter.engine import Engine
    from drafter.inputs.catalog import Catalog

    engine = Engine(Catalog.default())
    plan = make_plan(FileReader(engine, source.parent / "unused", None), [source])
    if plan.failures:
        raise SystemExit(f"the benchmark's input does not validate: {plan.failures[0].problems[0]}")
    entries = list(itertools.islice(plan.entries, count))
    return engine, [(engine.compose(engine.template(e.template), e.answers), e) for e in entries]


def plain_jobs(folder: Path, source: Path, outdir: Path) -> Path:
    """The paragraphs drafter renders for each entry, for the plain loop to write (not timed)."""
    _, statements = _statements(source, 10**9)
    jobs = []
    for index, (statement, _) in enumerate(statements):
        paragraphs = [[PLAIN_STYLES.get(b.kind, "Normal"), b.text] for b in statement.draft.blocks]
        jobs.append({"path": str(outdir / f"plain-{index:05d}.docx"), "paragraphs": paragraphs})
    path = folder / "plain.json"
    path.write_text(json.dumps(jobs))
    return path


def one_worker_ms(source: Path, count: int = 200) -> float:
    """Milliseconds per statement in one warm process: render, blocks and the Word file's bytes."""
    from drafter.writers import Writers, statement_bytes

    engine, statements = _statements(source, count)
    writers = Writers()

    def run() -> float:
        start = time.perf_counter()
        for _, entry in statements:
            statement = engine.compose(engine.template(entry.template), entry.answers)
            statement_bytes(statement, "docx", writers)
        return (time.perf_counter() - start) / len(statements) * 1000

    run()
    return min(run() for _ in range(3))


def seed_ms(count: int = 300) -> float:
    """Milliseconds per statement in one warm process for the seed's own answers, the same each time."""
    from drafter.engine import Engine
    from drafter.inputs.catalog import Catalog
    from drafter.writers import Writers, statement_bytes

    engine = Engine(Catalog.default())
    data = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    bundle = engine.template(data.pop("template"))
    answers = engine.validate(bundle, data)
    writers = Writers()

    def run() -> float:
        start = time.perf_counter()
        for _ in range(count):
            statement_bytes(engine.compose(bundle, answers), "docx", writers)
        return (time.perf_counter() - start) / count * 1000

    run()
    return min(run() for _ in range(3))


def measured(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall time and CPU time (all its processes) in seconds, and the peak resident memory (MiB) of the
    largest process it ran. CPU time is the steadier figure on a machine busy with other work."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        f"subprocess.run({command!r}, check=True, cwd={str(cwd)!r}, "
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


def run_batch(work: Path, shape: str, count: int) -> tuple[float, float, float, int, int]:
    """(wall s, CPU s, peak MiB, statements written, input bytes) of ``drafter batch`` on ``count`` statements."""
    folder = work / f"{shape}-{count}"
    source = make_input(folder, shape, count)
    seconds, cpu, memory = measured([*drafter_command(), "batch", str(source), "-o", str(folder / "out")], folder)
    written = len(list((folder / "out").glob("*.docx")))
    size = size_of(source)
    shutil.rmtree(folder, ignore_errors=True)
    return seconds, cpu, memory, written, size


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="statements per timed shape")
    parser.add_argument("--big", type=int, default=10000, help="statements for the second memory figure")
    parser.add_argument("--one-worker", type=Path, help=argparse.SUPPRESS)  # the figures below, in a fresh process
    args = parser.parse_args()
    if args.one_worker:
        print(f"one worker: {one_worker_ms(args.one_worker):.2f} ms per statement (render, blocks, Word bytes)")
        print(f"one worker, the seed alone: {seed_ms():.2f} ms per statement")
        return
    work = Path(tempfile.mkdtemp(prefix="drafter-bench-"))
    try:
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        source = make_input(work / "plain-input", "defaults", args.count)
        outdir = work / "plain"
        outdir.mkdir()
        jobs = plain_jobs(work, source, outdir)
        loop = work / "loop.py"
        loop.write_text(PLAIN_LOOP)
        plain_time, plain_cpu, plain_memory = measured([sys.executable, str(loop), str(jobs)], work)
        shutil.rmtree(outdir, ignore_errors=True)
        print(
            f"plain python-docx loop, {args.count} statements: {plain_time:.2f} s "
            f"(CPU {plain_cpu:.2f} s, peak {plain_memory:.0f} MiB)"
        )
        for shape in SHAPES:
            seconds, cpu, memory, written, size = run_batch(work, shape, args.count)
            print(
                f"drafter batch, {shape:8} {args.count} statements: {seconds:.2f} s, {plain_time / seconds:.2f}x "
                f"(CPU {cpu:.2f} s; {written} written, peak {memory:.0f} MiB, input {size / 2**20:.1f} MiB)"
            )
        # In a process of its own: this one holds the inputs it made and the plain loop's jobs.
        subprocess.run([sys.executable, __file__, "--one-worker", str(source)], check=True)
        for shape in SHAPES:
            # A full-entries file of 10,000 statements (65 MB) is over drafter's 64 MB limit for one YAML file.
            big = min(args.big, FULL_LIMIT) if shape == "full" else args.big
            for count in sorted({args.count, big}):
                _, _, memory, written, size = run_batch(work, shape, count)
                print(
                    f"peak memory, {shape:8} {count:>6} statements: {memory:.0f} MiB "
                    f"({written} written, input {size / 2**20:.1f} MiB)"
                )

        imports = "import jinja2, pydantic, questionary, docx, yaml, markdown_it, rich, platformdirs, babel.dates"
        help_time = median_seconds([*drafter_command(), "--help"], 15)
        import_time = median_seconds([sys.executable, "-c", imports], 15)
        print(
            f"drafter --help: {help_time * 1000:.0f} ms; importing every dependency: {import_time * 1000:.0f} ms "
            f"({help_time / import_time:.2f}x)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

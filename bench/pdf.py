"""PDF benchmark: a batch with ``--format pdf`` against the floor a user can script by hand, in one run.

Run by hand from the repository root (after ``pip install ".[test]"``; LibreOffice installed):

    python bench/pdf.py                 # 20 statements, 5 rounds
    python bench/pdf.py --rounds 3 --json results.jsonl

Each round times, on the same 20 statements (every template, in English and French, for delegations
that are in none of the examples):

- ``pdf``: ``drafter batch week.yaml -o A --format pdf`` (default --jobs), the whole command;
- ``floor``: ``drafter batch week.yaml -o B`` (Word copies), then ONE ``soffice --convert-to pdf`` of the 20
  files, as a user would script it: plain PDF (untagged, so less work than drafter's), with a profile
  warmed up before the first round (no first-start cost, which drafter's batch pays every time).

The two run one after the other, in alternating order, and each round reports pdf / floor with the load
average before it: the machine may be shared, and the spread says how much. Every PDF of every
``pdf`` run is read back with pikepdf and must be tagged (/MarkInfo /Marked, a /StructTreeRoot, /Lang);
one last run with ``--pdf-a`` must declare PDF/A-2b in its XMP metadata.
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
from typing import Any

import pikepdf
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DELEGATIONS = ("Senegal", "Costa Rica", "Norway", "Japan", "Chile")


def drafter_command() -> list[str]:
    script = Path(sys.executable).parent / "drafter"
    return [str(script)] if script.exists() else [sys.executable, "-m", "drafter"]


def make_batch(folder: Path, count: int) -> Path:
    """``count`` statements: the examples (every template, English and French) for other delegations."""
    examples = sorted(EXAMPLES.glob("*.??.yaml"))
    entries = []
    for n in range(count):
        answers = yaml.safe_load(examples[n % len(examples)].read_text(encoding="utf-8"))
        answers["delegation"] = DELEGATIONS[n % len(DELEGATIONS)]
        answers["output"] = f"{n + 1:02d}-{examples[n % len(examples)].name.removesuffix('.yaml')}"
        entries.append(answers)
    path = folder / "week.yaml"
    path.write_text(yaml.safe_dump({"statements": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def load() -> float:
    return os.getloadavg()[0]


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds


def check_pdf(path: Path, archive: bool) -> None:
    """Exit unless ``path`` is tagged and in a language (and, for ``archive``, PDF/A-2b)."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        mark = root.get("/MarkInfo")
        wrong = []
        if mark is None or not bool(mark.get("/Marked", False)):
            wrong.append("not marked as tagged")
        if "/StructTreeRoot" not in root:
            wrong.append("no structure tree")
        if "/Lang" not in root:
            wrong.append("no /Lang")
        if archive:
            meta = pdf.open_metadata()
            if meta.get("pdfaid:part") != "2" or meta.get("pdfaid:conformance") != "B":
                wrong.append("no PDF/A-2b declared")
    if wrong:
        sys.exit(f"{path}: {', '.join(wrong)}")


class Bench:
    """The folders, the batch and the floor's profile of one run."""

    def __init__(self, folder: Path, count: int, soffice: str, jobs: list[str]) -> None:
        self.jobs = jobs  # --jobs N for both batches, or nothing (the cores)
        self.folder = folder
        self.batch = make_batch(folder, count)
        self.count = count
        self.soffice = soffice
        self.profile = (folder / "floor-profile").as_uri()

    def fresh(self, name: str) -> Path:
        path = self.folder / name
        shutil.rmtree(path, ignore_errors=True)
        return path

    def pdf_batch(self, *extra: str) -> tuple[float, Path]:
        out = self.fresh("pdf")
        command = [*drafter_command(), "batch", str(self.batch), "-o", str(out), "--format", "pdf"]
        seconds = timed([*command, *self.jobs, *extra], ROOT)
        pdfs = sorted(out.glob("*.pdf"))
        if len(pdfs) != self.count:
            sys.exit(f"the PDF batch wrote {len(pdfs)} PDFs, not {self.count}")
        for pdf in pdfs:
            check_pdf(pdf, archive="--pdf-a" in extra)
        return seconds, out

    def floor(self) -> tuple[float, float]:
        """(the DOCX batch, one LibreOffice converting its files)."""
        out = self.fresh("docx")
        pdfs = self.fresh("floor-pdf")
        docx = timed([*drafter_command(), "batch", str(self.batch), "-o", str(out), *self.jobs], ROOT)
        files = sorted(str(p) for p in out.glob("*.docx"))
        command = [self.soffice, "--headless", "--norestore", f"-env:UserInstallation={self.profile}"]
        convert = timed([*command, "--convert-to", "pdf", "--outdir", str(pdfs), *files], ROOT)
        if len(list(pdfs.glob("*.pdf"))) != self.count:
            sys.exit("the floor's LibreOffice did not convert every file")
        return docx, convert


def round_(bench: Bench, number: int) -> dict[str, Any]:
    before = load()
    if number % 2:
        docx, convert = bench.floor()
        pdf, _ = bench.pdf_batch()
    else:
        pdf, _ = bench.pdf_batch()
        docx, convert = bench.floor()
    floor = docx + convert
    return {
        "round": number,
        "pdf_s": round(pdf, 2),
        "docx_s": round(docx, 2),
        "soffice_s": round(convert, 2),
        "floor_s": round(floor, 2),
        "ratio": round(pdf / floor, 2),
        "load1": round(before, 2),
        "load1_after": round(load(), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, help="drafter batch --jobs N for both batches (default: the cores)")
    parser.add_argument("--json", type=Path, help="append each round as a JSON line to this file")
    args = parser.parse_args()
    soffice = shutil.which("soffice") or sys.exit("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="drafter-bench-pdf-") as tmp:
        bench = Bench(Path(tmp), args.count, soffice, ["--jobs", str(args.jobs)] if args.jobs else [])
        bench.floor()  # warms the floor's profile, the caches and drafter's own start-up
        jobs = args.jobs or len(os.sched_getaffinity(0))
        print(f"{args.count} statements, --jobs {jobs}, {os.cpu_count()} cores; load average {load():.2f}")
        rows = []
        for number in range(1, args.rounds + 1):
            row = round_(bench, number)
            rows.append(row)
            print(
                f"round {number}: pdf batch {row['pdf_s']:6.2f} s | docx batch {row['docx_s']:5.2f} s + one soffice "
                f"{row['soffice_s']:5.2f} s = {row['floor_s']:6.2f} s | ratio {row['ratio']:.2f} | "
                f"load {row['load1']:.2f}",
                flush=True,
            )
            if args.json:
                with args.json.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps(row) + "\n")
        ratios = [row["ratio"] for row in rows]
        print(
            f"ratio pdf/floor: median {statistics.median(ratios):.2f}, min {min(ratios):.2f}, max {max(ratios):.2f} "
            f"(target at most 1.5); load {min(r['load1'] for r in rows):.2f}-{max(r['load1'] for r in rows):.2f}"
        )
        seconds, _ = bench.pdf_batch("--pdf-a")
        print(f"--pdf-a batch: {seconds:.2f} s, {args.count} PDFs tagged and declaring PDF/A-2b")
        print(f"every PDF of the {args.rounds} pdf batches tagged (StructTreeRoot, MarkInfo, /Lang)")


if __name__ == "__main__":
    main()

"""Scale benchmark: cold build, no-change rebuild, one-changed-document rebuild, peak memory and
throughput, for generated corpora of several sizes (or any folder of TEI documents).

    .venv/bin/python bench/bench_scale.py [--sizes 10,100,1000] [--pdf-sizes 10] [--source DIR] [-j N]

Each build runs in its own process (the CLI, as a user runs it), so that peak memory is that of
one build. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "bench"))

from corpus import write_corpus  # noqa: E402


def run_build(source: Path, out: Path, cache: Path, fmt: str, jobs: int | None) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one `build.py` run."""
    command = [sys.executable, str(PROJECT / "build.py"), "-q", fmt, "--source", str(source), "--out", str(out)]
    if jobs is not None:
        command += ["-j", str(jobs)]
    env = {**os.environ, "EDITION_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(before, after) / 1024


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.xml"))


def measure(label: str, source: Path, fmt: str, jobs: int | None) -> None:
    with tempfile.TemporaryDirectory() as work:
        out, cache = Path(work) / "dist", Path(work) / "cache"
        # Validation (tei_all, 12 s to compile) is measured by bench_validate; warm it here.
        subprocess.run([sys.executable, str(PROJECT / "build.py"), "-q", "validate", str(source)],
                       check=True, env={**os.environ, "EDITION_CACHE_DIR": str(cache)})  # fmt: skip
        cold, peak = run_build(source, out, cache, fmt, jobs)
        again, _ = run_build(source, out, cache, fmt, jobs)
        first = sorted(source.glob("*.xml"))[0]
        text = first.read_text(encoding="utf-8")
        at = text.index("</p>", text.index("<body"))
        first.write_text(text[:at] + " Added." + text[at:], encoding="utf-8")  # one word more, still valid
        one, _ = run_build(source, out, cache, fmt, jobs)
        megabytes = size_of(source) / 1e6
        pages = sum(1 for _ in out.rglob("*.html")) if fmt != "pdf" else sum(1 for _ in out.rglob("*.pdf"))
    print(
        f"{label:>14} {fmt:>5}: {megabytes:7.1f} MB TEI | cold {cold:7.2f} s ({megabytes / cold:6.2f} MB/s, "
        f"{pages / cold:7.1f} {'pages' if fmt != 'pdf' else 'PDFs'}/s) | no change {again:6.2f} s "
        f"| one changed {one:6.2f} s | peak {peak:7.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--pdf-sizes", default="10")
    parser.add_argument("--source", type=Path)
    parser.add_argument("-j", "--jobs", type=int)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    if args.source:
        with tempfile.TemporaryDirectory() as work:
            copy = Path(work) / "corpus"
            shutil.copytree(args.source, copy)
            measure(args.source.name, copy, "html", args.jobs)
        return
    for fmt, sizes in (("html", args.sizes), ("pdf", args.pdf_sizes)):
        for size in [int(s) for s in sizes.split(",") if s]:
            with tempfile.TemporaryDirectory() as work:
                folder = Path(work) / "corpus"
                write_corpus(folder, size)
                measure(f"{size} documents", folder, fmt, args.jobs)


if __name__ == "__main__":
    main()

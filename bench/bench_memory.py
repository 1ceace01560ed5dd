"""Peak memory of a collection's build by its size: the build's own process and its workers.

The issue's target is memory flat (within 20 %) from 100 to 5,000 documents, workers included.
For each size, ``N`` letters (``generated.letters``) are built by the CLI three times in a fresh
folder, as a user builds them:

1. cold (nothing cached but the validation cache, warmed by a first build of the smallest size);
2. again with one letter changed (one word added, still valid);
3. with ``pdf`` as well when ``--pdf`` names the size (PDF workers hold WeasyPrint's caches).

Memory is sampled from ``/proc`` every 20 ms: the main process's RSS alone, and the main process
with every descendant at the same instant, both as the sum of their RSS and as the sum of their
PSS (``smaps_rollup``: each shared page divided among the processes that share it). Workers are
forked from the main process and share its pages until they write to them, so the sum of RSS
counts those pages once per process; the sum of PSS counts each page once. Printed are the peaks
and their ratio to the smallest size.

With ``--baseline DIR`` (a checkout of another commit), each build is made by that builder too,
in turn with this one, in a folder of its own, so that the two compare in one run.

Run: ``.venv/bin/python bench/bench_memory.py [--letters 100,1000,5000] [-j 2] [--pdf 20,200]
[--baseline DIR]``. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "bench"))

from generated import letters  # noqa: E402


def processes() -> tuple[dict[int, int], dict[int, int]]:
    """Each process's parent and resident set (KiB), read from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(entry.path, "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    return parents, rss


def _pss(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def family(root: int, parents: dict[int, int]) -> set[int]:
    """``root`` and all its descendants, by the parents of ``processes``."""
    found = {root}
    grown = True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in found and pid not in found:
                found.add(pid)
                grown = True
    return found


def sample(root: int) -> tuple[int, int, int]:
    """The RSS (KiB) of ``root`` alone, and the sums of RSS and of PSS of ``root`` with all its
    descendants."""
    parents, rss = processes()
    tree = family(root, parents)
    return rss.get(root, 0), sum(rss.get(pid, 0) for pid in tree), sum(_pss(pid) for pid in tree)


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """Wall seconds, and the peaks (MiB) of the main process's RSS and of the whole tree's RSS
    and PSS, of one build."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    main = tree = proportional = 0
    while process.poll() is None:
        alone, together, shared = sample(process.pid)
        main, tree, proportional = max(main, alone), max(tree, together), max(proportional, shared)
        time.sleep(0.02)
    if process.returncode:
        raise SystemExit(f"build failed ({process.returncode}): {' '.join(command)}")
    return time.perf_counter() - started, main / 1024, tree / 1024, proportional / 1024


def row_line(row: tuple[str, int, float, float, float, float]) -> str:
    kind, count, seconds, main, tree, proportional = row
    return (
        f"{kind:>25} {count:>6}: {seconds:7.1f} s | main {main:6.0f} MiB"
        f" | with workers: RSS {tree:6.0f}, PSS {proportional:6.0f} MiB"
    )


def write_letters(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for name, text in letters(count):
        (folder / name).write_text(text, encoding="utf-8")


def change_one(folder: Path) -> None:
    first = sorted(folder.glob("*.xml"))[0]
    text = first.read_text(encoding="utf-8")
    at = text.index("</p>", text.index("<body"))
    first.write_text(text[:at] + " Added." + text[at:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", default="100,1000,5000")
    parser.add_argument("--pdf", default="", help="sizes also built with pdf")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--baseline", type=Path, help="a checkout of another commit, measured in turn")
    args = parser.parse_args()
    builders = {"": PROJECT / "build.py"}
    if args.baseline is not None:
        builders["baseline "] = args.baseline.resolve() / "build.py"
    sizes = [int(s) for s in args.letters.split(",") if s]
    pdf_sizes = [int(s) for s in args.pdf.split(",") if s]
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; -j {args.jobs}")
    rows: list[tuple[str, int, float, float, float, float]] = []
    with tempfile.TemporaryDirectory(dir=PROJECT.parent) as work:
        cache = Path(work) / "cache"
        env = {**os.environ, "EDITION_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
        warm = Path(work) / "warm"
        write_letters(warm, 10)
        for script in builders.values():
            command = [sys.executable, str(script), "-q", "html", "--source", str(warm), "--out", f"{warm}.out"]
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
        for fmt, chosen in (("html", sizes), ("pdf", pdf_sizes)):
            for count in chosen:
                for label, script in builders.items():
                    folder = Path(work) / f"{label.strip() or 'this'}-{fmt}-{count}"
                    source, out = folder / "src", folder / "out"
                    write_letters(source, count)
                    command = [sys.executable, str(script), "-q", fmt, "--source", str(source), "--out", str(out)]
                    command += ["-j", str(args.jobs)]
                    rows.append((f"{label}{fmt} cold", count, *run(command, env)))
                    change_one(source)
                    rows.append((f"{label}{fmt} one changed", count, *run(command, env)))
                    for row in rows[-2:]:
                        print(row_line(row), flush=True)
                    shutil.rmtree(folder)
    print()
    for kind in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == kind]
        low = mine[0]
        for row in mine[1:]:
            print(
                f"{kind:>25}: {low[1]} → {row[1]} letters | main {low[3]:.0f} → {row[3]:.0f} MiB"
                f" ({row[3] / low[3]:.2f}×) | with workers: RSS {low[4]:.0f} → {row[4]:.0f} MiB"
                f" ({row[4] / low[4]:.2f}×), PSS {low[5]:.0f} → {row[5]:.0f} MiB ({row[5] / low[5]:.2f}×)"
            )


if __name__ == "__main__":
    main()

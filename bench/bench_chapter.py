"""The chapter's builds as an editor meets them: cold, unchanged, after a one-character edit, and
``serve`` showing that edit, beside the PDF floor and the schema work measured in the same run.

Each build is a fresh ``build.py`` process (wall time, as the editor waits for it) in a copy of the
project's ``edition.toml`` and ``source/`` in a temporary folder, with its own cache:

- cold: no cache, no output (the pruned schema compiled, every page and the PDF made);
- no change: the same build again;
- one character: a letter of the first "Congress" in the body changed, then built (validated again,
  its pages and its PDF made again);
- serve: ``build.py serve`` on a free port (HTML only, its own folder); a letter changed again;
  the time from the file's write until the page, fetched over HTTP every 20 ms, shows it;
- the schema work: ``build.py validate`` with no cache (what a cold build spends on the schema);
- the PDF floor: ``bench_pdf.py`` (one WeasyPrint layout and one write of the same print page, in
  a warm process).

Run: ``.venv/bin/python bench/bench_chapter.py [--rounds 3]``; medians are printed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SOURCE = "source/north-heritage-khrushchev.xml"


def project_copy() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="bench-chapter-"))
    shutil.copy(PROJECT / "edition.toml", folder)
    shutil.copytree(PROJECT / "source", folder / "source")
    if (PROJECT / "releases").is_dir():
        shutil.copytree(PROJECT / "releases", folder / "releases")
    return folder


def environment(folder: Path) -> dict[str, str]:
    return {**os.environ, "EDITION_CACHE_DIR": str(folder / ".cache" / "edition")}


def timed(folder: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, str(PROJECT / "build.py"), "-q", *args],
        cwd=folder,
        env=environment(folder),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def edit(folder: Path, replacement: str) -> None:
    """Change the letter of the first "Congres?" after <body> to ``replacement``."""
    path = folder / SOURCE
    text = path.read_text(encoding="utf-8")
    body = text.index("<body")
    found = re.compile(r"Congres.").search(text, body)
    assert found is not None
    path.write_text(text[: found.start()] + "Congres" + replacement + text[found.end() :], encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def serve_latency(folder: Path, letters: str) -> list[float]:
    """Seconds from each edit's write until the served page shows it."""
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, str(PROJECT / "build.py"), "-q", "serve", "--port", str(port), "--out", str(folder / "preview")],
        cwd=folder,
        env=environment(folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/index.html"
    try:
        deadline = time.monotonic() + 120
        while "Congres" not in fetch(url):
            assert time.monotonic() < deadline, "serve never showed the page"
            time.sleep(0.1)
        found = []
        for letter in letters:
            edit(folder, letter)
            started = time.perf_counter()
            while f"Congres{letter}" not in fetch(url):
                assert time.perf_counter() - started < 60, "serve never showed the edit"
                time.sleep(0.02)
            found.append(time.perf_counter() - started)
            time.sleep(1)
        return found
    finally:
        server.terminate()
        server.wait(10)


def pdf_floor() -> tuple[float, float]:
    """The floor and the build's PDF from ``bench_pdf.py``, in seconds."""
    run = subprocess.run(
        [PYTHON, str(PROJECT / "bench" / "bench_pdf.py"), "--runs", "3"],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT,
    )
    floor = re.search(r"floor \(layout \+ write\):\s+([\d.]+)", run.stdout)
    build = re.search(r"build's PDF:\s+([\d.]+)", run.stdout)
    assert floor and build, run.stdout
    return float(floor.group(1)), float(build.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows: dict[str, list[float]] = {name: [] for name in ("cold", "no change", "one character", "schema work")}
    serve: list[float] = []
    for round_ in range(args.rounds):
        folder = project_copy()
        try:
            rows["schema work"].append(timed(folder, "validate"))
            shutil.rmtree(folder / ".cache", ignore_errors=True)
            rows["cold"].append(timed(folder))
            rows["no change"].append(timed(folder))
            edit(folder, "Z")
            rows["one character"].append(timed(folder))
            serve += serve_latency(folder, "XY")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in rows.items()), file=sys.stderr)
    floor, pdf = pdf_floor()
    median = {name: statistics.median(values) for name, values in rows.items()}
    print(f"## The chapter's builds (wall seconds, medians of {args.rounds} rounds; serve: of {len(serve)} edits)\n")
    print("| what | seconds | target |")
    print("|---|---:|---|")
    print(f"| PDF floor (one layout + one write, warm) | {floor:.2f} | |")
    print(f"| the build's PDF (warm) | {pdf:.2f} | ≤ 1.3 × floor = {1.3 * floor:.2f} ({pdf / floor:.2f}×) |")
    print(f"| schema work (cold `validate`) | {median['schema work']:.2f} | |")
    limit = floor + median["schema work"] + 1
    print(f"| cold `build.py` | {median['cold']:.2f} | ≤ floor + schema work + 1 s = {limit:.2f} |")
    print(f"| no change | {median['no change']:.2f} | |")
    print(f"| one character changed | {median['one character']:.2f} | < 3 s |")
    print(f"| `serve` shows the edit | {statistics.median(serve):.2f} (max {max(serve):.2f}) | < 1 s |")


if __name__ == "__main__":
    main()

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

from bench_memory import family, processes  # noqa: E402
from corpus import write_corpus  # noqa: E402


def _tree_rss(root: int) -> int:
    """Resident memory (KiB) of a process and all its descendants, from /proc."""
    parents, rss = processes()
    return sum(rss.get(pid, 0) for pid in family(root, parents))


def run_build(source: Path, out: Path, cache: Path, fmt: str, jobs: int | None) -> tuple[float, float, float]:
    """Seconds, peak RSS of the build and its workers together (MiB), and cores busy, of one `build.py` run."""
    command = [sys.executable, str(PROJECT / "build.py"), "-q", fmt, "--source", str(source), "--out", str(out)]
    if jobs is not None:
        command += ["-j", str(jobs)]
    env = {**os.environ, "EDITION_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"build failed: {command}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, peak / 1024, cpu / seconds


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.xml"))


def measure(label: str, source: Path, fmt: str, jobs: int | None) -> None:
    with tempfile.TemporaryDirectory() as work:
        out, cache = Path(work) / "dist", Path(work) / "cache"
        # Cold: nothing cached, validation included (each worker compiles tei_all once, ~12 s).
        cold, peak, busy = run_build(source, out, cache, fmt, jobs)
        shutil.rmtree(out)
        shutil.rmtree(cache / "render", ignore_errors=True)
        # Rendering alone: the validation cache kept, the render cache and the output gone.
        render, render_peak, render_busy = run_build(source, out, cache, fmt, jobs)
        again, _, _ = run_build(source, out, cache, fmt, jobs)
        content_check(label, out)
        first = sorted(source.glob("*.xml"))[0]
        text = first.read_text(encoding="utf-8")
        at = text.index("</p>", text.index("<body"))
        first.write_text(text[:at] + " Added." + text[at:], encoding="utf-8")  # one word more, still valid
        one, one_peak, _ = run_build(source, out, cache, fmt, jobs)
        megabytes = size_of(source) / 1e6
        if fmt == "pdf":
            import pikepdf

            pages = 0
            for pdf in out.rglob("*.pdf"):
                with pikepdf.open(pdf) as opened:
                    pages += len(opened.pages)
        else:
            pages = sum(1 for _ in out.rglob("*.html"))
    unit = "pages" if fmt != "pdf" else "PDF pages"
    print(
        f"{label:>14} {fmt:>4}: {megabytes:5.1f} MB TEI | cold {cold:6.1f} s ({busy:3.1f} cores busy, peak"
        f" {peak:5.0f} MiB) | rendering only {render:6.1f} s ({megabytes / render:5.2f} MB/s,"
        f" {megabytes / render / (jobs or os.cpu_count() or 1):5.2f} MB/s/core, {pages / render:6.1f} {unit}/s,"
        f" {render_busy:3.1f} cores, peak {render_peak:5.0f} MiB) | no change {again:5.2f} s"
        f" | one changed {one:5.1f} s (peak {one_peak:4.0f} MiB)",
        flush=True,
    )


def content_check(label: str, out: Path, runs: int = 3) -> None:
    """What the no-change check costs: every file's size against the manifest, and every file's
    SHA-256 as well (what it does), in this process, best of ``runs`` (the files in the page cache)."""
    sys.path.insert(0, str(PROJECT))
    from edition.build.output import intact

    timings = {}
    for content in (False, True):
        best = float("inf")
        for _ in range(runs):
            started = time.perf_counter()
            assert intact(out, content=content)
            best = min(best, time.perf_counter() - started)
        timings[content] = best
    files = [p for p in out.rglob("*") if p.is_file()]
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    print(
        f"{label:>14} no-change check: {len(files)} files, {megabytes:.0f} MB | sizes only {timings[False]:.2f} s"
        f" | sizes and SHA-256 {timings[True]:.2f} s (+{timings[True] - timings[False]:.2f} s)",
        flush=True,
    )


def stage_figures(label: str, source: Path, limit: int = 200) -> None:
    """Per-stage throughput on one core, in this process: parsing, the XSLT alone, and the whole
    document stage (XSLT, pages, citations, downloads, DTS, link check), over up to ``limit``
    documents of ``source`` (the stages' code is warmed on the first document first)."""
    sys.path.insert(0, str(PROJECT))
    from edition.build.document import render_document
    from edition.site.pages import SiteOptions
    from edition.tei.load import Document, parse
    from edition.tei.transform import transform

    every = sorted(source.rglob("*.xml"))
    files = every[:: max(1, len(every) // limit)][:limit]  # spread over the corpus, not its first names
    docs = [d for d in (parse(f) for f in files) if isinstance(d, Document)]
    render_document(docs[0], "warm/", SiteOptions(), ("html",))
    megabytes = sum(len(d.source) for d in docs) / 1e6
    started = time.perf_counter()
    for f in files:
        parse(f)
    parsing = time.perf_counter() - started
    started = time.perf_counter()
    for d in docs:
        transform(d)
    xslt = time.perf_counter() - started
    started = time.perf_counter()
    for d in docs:
        render_document(d, f"{d.stem}/", SiteOptions(), ("html",))
    stage = time.perf_counter() - started
    print(
        f"{label:>14} stages, one core, {len(docs)} documents, {megabytes:.2f} MB:"
        f" parse {megabytes / parsing:6.2f} MB/s"
        f" | XSLT {megabytes / xslt:5.2f} MB/s ({xslt / len(docs) * 1000:5.1f} ms a document)"
        f" | whole document stage {megabytes / stage:5.2f} MB/s ({stage / len(docs) * 1000:5.1f} ms a document)",
        flush=True,
    )


def heavy_figures() -> None:
    """The linearity target: one generated 2 MB document with 3,000 notes, 3,000 apparatus
    entries and 3,000 pointers, its XSLT alone and its whole HTML document stage, in this process."""
    sys.path.insert(0, str(PROJECT))
    from corpus import heavy_document

    from edition.build.document import render_document
    from edition.site.pages import SiteOptions
    from edition.tei.load import Document, parse
    from edition.tei.transform import transform

    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "heavy.xml"
        path.write_text(heavy_document(), encoding="utf-8")
        doc = parse(path)
        assert isinstance(doc, Document)
        transform(doc)  # compile the stylesheet first
        started = time.perf_counter()
        transform(doc)
        xslt = time.perf_counter() - started
        started = time.perf_counter()
        files, _ = render_document(doc, "", SiteOptions(), ("html",))
        stage = time.perf_counter() - started
    print(
        f"heavy document: {len(doc.source) / 1e6:.2f} MB, 3,000 notes, 3,000 app | XSLT {xslt:.2f} s"
        f" | whole HTML document stage {stage:.2f} s ({len(files)} files)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--pdf-sizes", default="10")
    parser.add_argument("--source", type=Path)
    parser.add_argument("-j", "--jobs", type=int)
    parser.add_argument("--heavy", action="store_true", help="also time the 2 MB, 3,000-note document")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    if args.heavy:
        heavy_figures()
    if args.source:
        with tempfile.TemporaryDirectory() as work:
            copy = Path(work) / "corpus"
            shutil.copytree(args.source, copy)
            stage_figures(args.source.name, copy)
            measure(args.source.name, copy, "html", args.jobs)
        return
    for fmt, sizes in (("html", args.sizes), ("pdf", args.pdf_sizes)):
        for size in [int(s) for s in sizes.split(",") if s]:
            with tempfile.TemporaryDirectory() as work:
                folder = Path(work) / "corpus"
                write_corpus(folder, size)
                if fmt == "html" and size == max(int(s) for s in args.sizes.split(",") if s):
                    stage_figures(f"{size} documents", folder)
                measure(f"{size} documents", folder, fmt, args.jobs)


if __name__ == "__main__":
    main()

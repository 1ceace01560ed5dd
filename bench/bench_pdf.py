"""Benchmark of the PDF edition: layout passes, whole render, page count; prints figures.

Run: ``.venv/bin/python bench/bench_pdf.py [TEI file]`` (default: the chapter).
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from edition.pdf.render import render_pdf  # noqa: E402
from edition.tei.load import Document, parse  # noqa: E402
from edition.tei.transform import transform  # noqa: E402


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT / "source" / "north-heritage-khrushchev.xml"
    doc = parse(path)
    assert isinstance(doc, Document), doc
    started = time.perf_counter()
    fragments = transform(doc, link_style="single", note_style="inline")
    transform_s = time.perf_counter() - started
    times = []
    result = None
    for _ in range(3):
        started = time.perf_counter()
        result = render_pdf(doc, fragments)
        times.append(time.perf_counter() - started)
    assert result is not None
    median = statistics.median(times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"document:               {doc.name}")
    print(f"pages:                  {result.pages}")
    print(f"PDF size:               {len(result.pdf) / 1024:8.1f} KiB")
    print(f"print transform:        {transform_s * 1000:8.1f} ms")
    print(f"render (median of 3):   {median:8.2f} s  (two layout passes or more, then the PDF/A write)")
    print(f"pages per second:       {result.pages / median:8.1f}")
    print(f"peak RSS:               {peak:8.1f} MiB")


if __name__ == "__main__":
    main()

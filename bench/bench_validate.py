"""Benchmark of loading, validation and plain-text rendering; prints figures and ratios.

Run: ``.venv/bin/python bench/bench_validate.py [TEI file]`` (default: the chapter).
Nothing here is asserted: the figures go into closing notes and the README.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))

from timing import seconds  # noqa: E402

from edition.tei.load import Document, parse  # noqa: E402
from edition.tei.text import render_text  # noqa: E402
from edition.validate import CITABLE  # noqa: E402
from edition.validate.cache import ValidationCache  # noqa: E402
from edition.validate.rules import check_schematron, compiled_schematron  # noqa: E402
from edition.validate.schema import check_tei_all, compiled_tei_all  # noqa: E402


def command_seconds(*args: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(PROJECT / "build.py"), *args], check=True, env=env, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT / "source" / "north-heritage-khrushchev.xml"
    doc = parse(path)
    assert isinstance(doc, Document), doc
    print(f"document: {doc.name} ({len(doc.source):,} bytes, {sum(1 for _ in doc.tree.iter()):,} nodes)")

    parse_s = seconds(lambda: parse(path), repeat=20)
    rng_compile = seconds(compiled_tei_all)
    sch_compile = seconds(compiled_schematron)
    rng_check = seconds(lambda: check_tei_all(doc), repeat=10)
    sch_check = seconds(lambda: check_schematron(doc), repeat=10)
    text_s = seconds(lambda: render_text(doc), repeat=20)
    with tempfile.TemporaryDirectory() as folder:
        cache = ValidationCache(Path(folder))
        cache.remember(doc, CITABLE, [])
        lookup = seconds(lambda: cache.passed(doc, CITABLE), repeat=100)

        env = {**os.environ, "EDITION_CACHE_DIR": folder}
        cold = command_seconds("validate", "--no-cache", str(path), env=env)
        command_seconds("validate", str(path), env=env)  # fills the cache
        warm = command_seconds("validate", str(path), env=env)

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"parse:                 {parse_s * 1000:8.1f} ms")
    print(f"compile tei_all:       {rng_compile * 1000:8.1f} ms  (once per process)")
    print(f"compile Schematron:    {sch_compile * 1000:8.1f} ms  (once per process)")
    print(f"tei_all validation:    {rng_check * 1000:8.1f} ms")
    print(f"Schematron validation: {sch_check * 1000:8.1f} ms")
    print(f"cache lookup:          {lookup * 1000:8.3f} ms")
    print(f"plain text:            {text_s * 1000:8.1f} ms")
    print(f"`build.py validate` cold (--no-cache): {cold:6.2f} s")
    print(f"`build.py validate` with a warm cache: {warm:6.2f} s")
    print(f"ratio cold / warm command:             {cold / warm:6.1f}x")
    print(f"ratio compile / validate (tei_all):    {rng_compile / rng_check:6.1f}x")
    print(f"peak RSS of this process:              {peak_mib:6.1f} MiB")


if __name__ == "__main__":
    main()

"""Benchmark of the HTML edition: stylesheet compile, transform, pages, whole build; prints figures.

Run: ``.venv/bin/python bench/bench_html.py [copies]``. The whole-build figures use a warm
validation cache, so they measure the HTML stages, not the 12 s tei_all compile, and no render
cache, so that every build renders (an unchanged build otherwise writes nothing: bench_scale
measures that).
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))
os.environ["EDITION_RENDER_CACHE"] = "0"

from timing import seconds  # noqa: E402

from edition.build.pipeline import build  # noqa: E402
from edition.site.pages import SiteOptions, document_site  # noqa: E402
from edition.tei.load import Document, parse  # noqa: E402
from edition.tei.transform import stylesheet, transform  # noqa: E402
from tests.helpers import site_files  # noqa: E402

CHAPTER = PROJECT / "source" / "north-heritage-khrushchev.xml"


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    doc = parse(CHAPTER)
    assert isinstance(doc, Document)
    compile_s = seconds(stylesheet)
    transform_s = seconds(lambda: transform(doc), repeat=10)
    fragments = transform(doc)
    pages_s = seconds(lambda: document_site(doc, fragments, "", SiteOptions()), repeat=10)
    site_s = seconds(lambda: site_files([doc], SiteOptions()), repeat=10)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "dist"
        build([CHAPTER], out, formats=("html",))  # warms the validation cache
        chapter_build = seconds(lambda: build([CHAPTER], out, formats=("html",)), repeat=5)
        many = Path(folder) / "many"
        many.mkdir()
        for n in range(copies):
            shutil.copy(CHAPTER, many / f"copy-{n:03}.xml")
        build([many], Path(folder) / "many-dist", formats=("html",))  # warm cache (same bytes: one validation)
        many_build = seconds(lambda: build([many], Path(folder) / "many-dist", formats=("html",)), repeat=3)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"compile XSLT:                        {compile_s * 1000:8.1f} ms  (once per process)")
    print(f"transform the chapter:               {transform_s * 1000:8.1f} ms")
    print(f"render its pages (Jinja):            {pages_s * 1000:8.1f} ms")
    print(f"all site files in memory:            {site_s * 1000:8.1f} ms")
    print(f"whole build of the chapter (cached): {chapter_build * 1000:8.1f} ms")
    print(f"whole build of {copies} copies:            {many_build * 1000:8.1f} ms")
    print(f"per document in the collection:      {many_build / copies * 1000:8.1f} ms")
    print(f"ratio collection / single:           {many_build / chapter_build:8.1f}x for {copies}x the documents")
    print(f"peak RSS:                            {peak:8.1f} MiB")


if __name__ == "__main__":
    main()

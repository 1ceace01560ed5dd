"""Benchmark of the PDF edition: the build's render beside the floor of one layout plus one write.

The floor is what WeasyPrint needs at the least for this print page: one layout of the whole page
(title, text, works and index, with the index as printed) and one PDF/A write of that layout, with
the same stylesheets, fonts, tags and attachment as the build. The build's PDF time is
``render_pdf`` (every layout pass it makes, the checks and the write); the ratio is the build over
the floor. Each figure is the median of ``--runs`` runs in this process, after one warm-up render
(fonts, hyphenation dictionaries and stylesheets loaded once, as in a build worker).

Run: ``.venv/bin/python bench/bench_pdf.py [TEI file] [--runs N]`` (default: the chapter, 3 runs).
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from edition.dates import build_date, midnight_utc  # noqa: E402
from edition.pdf import render  # noqa: E402
from edition.tei.load import Document, parse  # noqa: E402
from edition.tei.transform import transform  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tei", nargs="?", type=Path, default=PROJECT / "source" / "north-heritage-khrushchev.xml")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    doc = parse(args.tei)
    assert isinstance(doc, Document), doc
    from weasyprint import HTML, Attachment

    started = time.perf_counter()
    fragments = transform(doc, link_style="single", note_style="inline")
    transform_s = time.perf_counter() - started
    page = render.floor_html(doc, fragments)
    when = midnight_utc(build_date(doc.metadata))

    def layout() -> object:
        fetcher = render.print_fetcher()
        return HTML(string=page, base_url=render.BASE_URL, url_fetcher=fetcher).render(
            font_config=render._font_config(), pdf_tags=True
        )

    def write(rendered: object) -> bytes:
        attachment = Attachment(
            file_obj=io.BytesIO(doc.source), name=f"{doc.stem}.xml", created=when, modified=when, relationship="Source"
        )
        return bytes(
            rendered.write_pdf(  # type: ignore[attr-defined]
                pdf_variant=render.PDF_VARIANT,
                pdf_tags=True,
                attachments=[attachment],
                finisher=render._add_xmp(render._xmp_properties(doc)),
            )
        )

    started = time.perf_counter()
    result = render.render_pdf(doc, fragments)
    warm_up = time.perf_counter() - started
    layouts, writes, builds = [], [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        rendered = layout()
        layouts.append(time.perf_counter() - started)
        started = time.perf_counter()
        write(rendered)
        writes.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = render.render_pdf(doc, fragments)
        builds.append(time.perf_counter() - started)
    one_layout, one_write, build = (statistics.median(t) for t in (layouts, writes, builds))
    floor = one_layout + one_write
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"document:               {doc.name}")
    print(f"pages:                  {result.pages}")
    print(f"PDF size:               {len(result.pdf) / 1024:8.1f} KiB")
    print(f"print transform:        {transform_s * 1000:8.1f} ms")
    print(f"first render (warm-up): {warm_up:8.2f} s")
    print(f"one layout:             {one_layout:8.2f} s  (median of {args.runs})")
    print(f"one write:              {one_write:8.2f} s")
    print(f"floor (layout + write): {floor:8.2f} s")
    print(f"build's PDF:            {build:8.2f} s  (render_pdf: every pass, the checks, the write)")
    print(f"layouts of the book:    {getattr(result, 'layouts', '?'):>8}  (the index's own short layout not counted)")
    print(f"ratio build / floor:    {build / floor:8.2f}")
    print(f"pages per second:       {result.pages / build:8.1f}")
    print(f"peak RSS:               {peak:8.1f} MiB")


if __name__ == "__main__":
    main()

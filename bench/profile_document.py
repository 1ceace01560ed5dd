"""Where one document's time goes: cProfile of the document stage, and libxslt's own profile of
the stylesheets' templates.

    .venv/bin/python bench/profile_document.py FILE [--top 25] [--sort tottime|cumulative]
        [--xslt] [--note-style end|inline]

The stage is run as ``bench_peer.py`` runs it (parse, ``render_document`` with HTML only,
``check_links``), once, in a process that has already built another document (so that the
stylesheet, the templates and the citation styles are loaded, as in a build's worker), under
cProfile. ``--xslt`` also runs the stylesheets alone with ``profile_run=True`` and prints their
most expensive templates (time without the templates they call, as libxslt counts it; libxslt
counts 1/100,000 s). Profiling slows Python down by about half and libxslt by more: the
profiles say where the time goes, the benchmarks how much there is.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")

from bench_peer import WARM_UP, _document_module  # noqa: E402


def xslt_profile(path: Path, note_style: str, top: int) -> None:
    from lxml import etree

    module = _document_module()
    doc = module.parse(path, path.read_bytes())
    sheet = etree.XSLT(etree.parse(str(PROJECT / "xslt" / "edition.xsl")))
    params = {"link-style": "pages", "note-style": note_style, "text-page": "index.html"}
    if note_style == "inline":
        params.update({"link-style": "single", "text-page": ""})
    started = time.process_time()
    result = sheet(doc.tree, profile_run=True, **{k: etree.XSLT.strparam(v) for k, v in params.items()})
    elapsed = time.process_time() - started
    rows = sorted(
        (
            (int(t.get("time")), int(t.get("calls")), t.get("name") or t.get("match") or "", t.get("mode") or "")
            for t in result.xslt_profile.getroot()
        ),
        reverse=True,
    )
    total = sum(row[0] for row in rows) or 1
    print(f"\nlibxslt profile, {path.name}: {elapsed:.3f} s CPU with profiling; templates by own time")
    print(f"{'own ms':>9} {'share':>6} {'calls':>8} {'µs/call':>8}  template")
    for own, calls, name, mode in rows[:top]:
        label = (name[:90] + (f" (mode {mode})" if mode else "")).replace("\n", " ")
        print(f"{own / 100:9.1f} {own / total:6.1%} {calls:8d} {own * 10 / max(calls, 1):8.1f}  {label}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--xslt", action="store_true")
    parser.add_argument("--note-style", default="end", choices=("end", "inline"))
    args = parser.parse_args()
    logging.getLogger("edition").setLevel(logging.ERROR)
    module = _document_module()
    options = module.SiteOptions()

    def stage(path: Path) -> None:
        source = path.read_bytes()
        doc = module.parse(path, source)
        files, _ = module.render_document(doc, f"{path.stem}/", options, formats=("html",))
        module.check_links(files, f"{path.stem}/")

    stage(WARM_UP)
    started = time.process_time()
    profile = cProfile.Profile()
    profile.enable()
    stage(args.file)
    profile.disable()
    elapsed = time.process_time() - started
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats(args.sort).print_stats(args.top)
    print(f"document stage, {args.file.name}: {elapsed:.3f} s CPU under cProfile")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:20000])
    if args.xslt:
        xslt_profile(args.file, args.note_style, args.top)


if __name__ == "__main__":
    main()

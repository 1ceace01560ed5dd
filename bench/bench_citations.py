"""The per-document cost of citations (issue 14), before and after the fast path, on letters.

Run::

    .venv/bin/python bench/bench_citations.py                      # Escher letters + 500 generated
    .venv/bin/python bench/bench_citations.py --generated 2000     # more generated letters
    .venv/bin/python bench/bench_citations.py --baseline /tmp/main # and another checkout's code

For each letter (the real letters of ``/work/shared/corpora/letters`` and the generated
correspondence of ``generated.letters``, each retitled, so that no two have the same citations)
it times, in CPU milliseconds of one process:

- ``forms``: what a document's pages need of citeproc: the six forms of the edition and of
  "paragraph {n}", plain and HTML (``csl.formatted_forms`` twice), by citeproc-py every time
  (``fast=False``, "before") and by the fast path ("after", which renders each shape of record
  with stand-ins once per process: the first letter pays for the collection);
- ``all``: everything citation-related the document stage does: the forms above, the page tags
  (Highwire, Dublin Core, JSON-LD, COinS) of one page and the four citation files;
- with ``--baseline DIR``, the ``forms`` of the code in DIR (a checkout, e.g. ``git archive main``
  unpacked), in a separate process: the old path made 12 plain-text renders a document.

Each figure is the fastest of ``--repeat`` runs (default 3) over the whole corpus, divided by the
number of letters; the first letter's share is printed apart. Nothing is asserted: the figures
go into ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))

from generated import LETTERS, letters  # noqa: E402
from lxml import etree  # noqa: E402

from edition.cite import csl, tags  # noqa: E402
from edition.dates import build_date  # noqa: E402
from edition.tei.header import Metadata, read_metadata  # noqa: E402

Corpus = list[tuple[Metadata, str, str]]  # metadata, build date, URL
One = Callable[[Metadata, str, str], object]


def corpus(generated: int) -> tuple[list[tuple[str, bytes]], int]:
    """The letters as (name, bytes): the real ones, then ``generated`` generated ones."""
    real = sorted(LETTERS.glob("*__briefe__*.xml")) if LETTERS.is_dir() else []
    texts = [(path.name, path.read_bytes()) for path in real]
    texts += [(name, text.encode("utf-8")) for name, text in letters(generated)]
    return texts, len(real)


def metadata(texts: Sequence[tuple[str, bytes]]) -> Corpus:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    found: Corpus = []
    for name, data in texts:
        meta = read_metadata(etree.ElementTree(etree.fromstring(data, parser)))
        found.append((meta, build_date(meta), f"https://letters.example.org/{Path(name).stem}/index.html"))
    return found


def per_document(letters_: Corpus, one: One, repeat: int) -> tuple[float, float]:
    """Fastest of ``repeat`` runs: (ms a document over the corpus, ms of the first document)."""
    best, first = float("inf"), 0.0
    for _ in range(repeat):
        started = time.process_time()
        first_done = 0.0
        for n, (meta, date, url) in enumerate(letters_):
            one(meta, date, url)
            if n == 0:
                first_done = time.process_time() - started
        total = time.process_time() - started
        if total < best:
            best, first = total, first_done
    return best * 1000 / len(letters_), first * 1000


def measure(texts: Sequence[tuple[str, bytes]], repeat: int) -> dict[str, list[float]]:
    letters_ = metadata(texts)

    def forms(fast: bool) -> One:
        def one(meta: Metadata, date: str, url: str) -> object:
            edition = csl.formatted_forms(meta, date, url, fast=fast)
            paragraph = csl.formatted_forms(meta, date, f"{url}#{{id}}", "{n}", fast=fast)
            return edition, paragraph

        return one

    def everything(meta: Metadata, date: str, url: str) -> object:
        made = forms(True)(meta, date, url)
        page = (
            tags.highwire_tags(meta, url, date),
            tags.dublin_core_tags(meta, url, date),
            tags.json_ld(meta, url, date),
            tags.coins(meta, url, date),
        )
        return made, page, csl.citation_files(meta, date, url)

    results: dict[str, list[float]] = {}
    results["citeproc every time (forms)"] = list(per_document(letters_, forms(False), 1))
    csl._TEMPLATES.clear()  # the fast path starts cold: its first letter makes the templates
    results["fast path, cold (forms)"] = list(per_document(letters_, forms(True), 1))
    results["fast path, warm (forms)"] = list(per_document(letters_, forms(True), repeat))
    results["fast path, warm (all citation work)"] = list(per_document(letters_, everything, repeat))
    return results


def baseline(checkout: Path, texts_file: Path, repeat: int) -> dict[str, list[float]]:
    """The forms of another checkout's code, timed in a process that imports it."""
    script = f"""
import json, sys, time
sys.path.insert(0, {str(checkout)!r})
from lxml import etree
from edition.cite import csl
from edition.dates import build_date
from edition.tei.header import read_metadata
texts = json.load(open({str(texts_file)!r}))
parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
letters = []
for name, text in texts:
    meta = read_metadata(etree.ElementTree(etree.fromstring(text.encode("utf-8"), parser)))
    letters.append((meta, build_date(meta), "https://letters.example.org/" + name + "/index.html"))
best = None
for _ in range({repeat}):
    started = time.process_time()
    for meta, date, url in letters:
        csl.formatted(meta, date, url)
        csl.formatted(meta, date, url + "#{{id}}", paragraph="{{n}}")
    total = time.process_time() - started
    best = total if best is None else min(best, total)
assert csl.__file__.startswith({str(checkout)!r}), csl.__file__
print(json.dumps(best * 1000 / len(letters)))
"""
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=checkout)
    return {f"baseline {checkout} (forms, 12 plain renders)": [float(out.stdout.strip()), 0.0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=500, help="generated letters (default 500)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout, timed the same way")
    args = parser.parse_args()
    texts, real = corpus(args.generated)
    print(f"{len(texts)} letters ({real} real from {LETTERS}, {len(texts) - real} generated)")
    results = measure(texts, args.repeat)
    if args.baseline is not None:
        texts_file = Path("/tmp") / f"bench-citations-{len(texts)}.json"
        texts_file.write_text(json.dumps([(Path(n).stem, t.decode("utf-8")) for n, t in texts]), encoding="utf-8")
        results = {**baseline(args.baseline.resolve(), texts_file, min(args.repeat, 2)), **results}
    width = max(len(name) for name in results)
    print(f"{'':{width}}  ms a document   first letter")
    for name, (mean, first) in results.items():
        print(f"{name:{width}}  {mean:14.2f}   {first:10.1f} ms")


if __name__ == "__main__":
    main()

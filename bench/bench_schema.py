"""Benchmark of schema validation: the full tei_all against schemas pruned to a document's elements.

Run: ``.venv/bin/python bench/bench_schema.py [--corpora DIR] [--runs N]``. Every figure of the first
table comes from a fresh Python process (``subprocess``), as a cold build or a ``serve`` worker
pays it: the full schema (parse + compile + validate), the pruned schema with an empty cache
(parse tei_all, prune, check the compile in a child, write, compile, validate) and with a warm
disk cache (hash tei_all, load the pruned file, compile, validate); then the same with the
edition's Schematron rules added. The second table gives, per kind of document in the shared
corpora, the time to prune and to compile in one process. Nothing is asserted: the figures go
into bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from lxml import etree  # noqa: E402

from edition.validate import prune as schema_prune  # noqa: E402

CHAPTER = PROJECT / "source" / "north-heritage-khrushchev.xml"

# Each snippet runs in a fresh interpreter and prints JSON: its own timings, and the wall time of
# the whole process (interpreter start and imports included) is measured from outside.
FULL = """
import json, sys, time
t0 = time.perf_counter()
from lxml import etree
parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
schema = etree.RelaxNG(etree.parse(sys.argv[1], parser))
t1 = time.perf_counter()
valid = schema.validate(etree.parse(sys.argv[2], parser))
print(json.dumps({"compile": t1 - t0, "validate": time.perf_counter() - t1, "valid": valid}))
"""
PRUNED = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[4])
from lxml import etree
from edition.validate.prune import PrunedSchemas, element_names, safe_parser
tree = etree.parse(sys.argv[2], safe_parser())
schemas = PrunedSchemas(Path(sys.argv[1]), Path(sys.argv[3]))
schema = schemas.compiled(element_names(tree))
t1 = time.perf_counter()
valid = schema.validate(tree)
t2 = time.perf_counter()
rules = None
if len(sys.argv) > 5:
    from lxml import isoschematron
    sch = isoschematron.Schematron(etree.parse(sys.argv[5], safe_parser()), store_report=True)
    sch.validate(tree)
    rules = time.perf_counter() - t2
print(json.dumps({"compile": t1 - t0, "validate": t2 - t1, "valid": valid, "rules": rules}))
"""


def tei_all() -> Path:
    return Path(str(importlib.resources.files("schemas") / "tei_all.rng"))


def rules_path() -> Path | None:
    # The lead is moving modules into subpackages: find the rules wherever they went.
    return next(iter(sorted((PROJECT / "edition").rglob("edition.sch"))), None)


def fresh(code: str, *args: str) -> tuple[float, dict[str, object]]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    return wall, json.loads(done.stdout)


def median_runs(runs: int, make: Callable[[], tuple[float, dict[str, object]]]) -> tuple[float, dict[str, object]]:
    results = [make() for _ in range(runs)]
    walls = [w for w, _ in results]
    middle = sorted(results, key=lambda r: r[0])[len(results) // 2]
    return statistics.median(walls), middle[1]


def fresh_process_table(document: Path, runs: int) -> None:
    schema = str(tei_all())
    rules = rules_path()
    print(f"Validating {document.name} in a fresh process (median of {runs}; wall time includes Python start-up)")
    print(f"{'':38} {'wall s':>8} {'schema s':>9} {'validate s':>11} {'rules s':>8}")

    def row(label: str, wall: float, inner: dict[str, object]) -> None:
        rules_s = inner.get("rules")
        rules_txt = f"{rules_s:8.3f}" if isinstance(rules_s, float) else f"{'':>8}"
        print(f"{label:38} {wall:8.3f} {inner['compile']:9.3f} {inner['validate']:11.3f} {rules_txt}")

    full_wall, full = median_runs(runs, lambda: fresh(FULL, schema, str(document)))
    row("full tei_all (parse + compile)", full_wall, full)

    def cold() -> tuple[float, dict[str, object]]:
        with tempfile.TemporaryDirectory() as folder:
            return fresh(PRUNED, schema, str(document), folder, str(PROJECT))

    cold_wall, cold_inner = median_runs(runs, cold)
    row("pruned, cold cache (prune + compile)", cold_wall, cold_inner)
    with tempfile.TemporaryDirectory() as folder:
        fresh(PRUNED, schema, str(document), folder, str(PROJECT))
        warm_wall, warm = median_runs(runs, lambda: fresh(PRUNED, schema, str(document), folder, str(PROJECT)))
        row("pruned, warm cache (load + compile)", warm_wall, warm)
        if rules is not None:
            both_wall, both = median_runs(
                runs, lambda: fresh(PRUNED, schema, str(document), folder, str(PROJECT), str(rules))
            )
            row("pruned warm + Schematron rules", both_wall, both)
    assert full["valid"] == cold_inner["valid"] == warm["valid"], "verdicts differ"
    full_schema_s, warm_schema_s = float(str(full["compile"])), float(str(warm["compile"]))
    print(
        f"ratios (wall): full/cold {full_wall / cold_wall:.1f}x, full/warm {full_wall / warm_wall:.1f}x; "
        f"schema time full/warm {full_schema_s / warm_schema_s:.0f}x"
    )
    print()


def corpus_table(corpora: Path) -> None:
    grammar, _ = schema_prune.load_grammar(tei_all())
    print(f"Pruned schemas per kind of document in {corpora} (one process; seconds; median and max)")
    print(f"{'kind':12} {'docs':>4} {'names':>6} {'prune':>13} {'compile':>13} {'kept defines':>13}")
    for kind in sorted(p for p in corpora.iterdir() if p.is_dir()):
        prunes, compiles, kept, names = [], [], [], []
        for path in sorted(kind.glob("*.xml")):
            tree = etree.parse(str(path), schema_prune.safe_parser())
            used = schema_prune.element_names(tree)
            started = time.perf_counter()
            pruned, report = schema_prune.prune(grammar, used)
            prunes.append(time.perf_counter() - started)
            started = time.perf_counter()
            etree.RelaxNG(pruned)
            compiles.append(time.perf_counter() - started)
            kept.append(report.defines_kept)
            names.append(len(used))
        if not prunes:
            continue
        print(
            f"{kind.name:12} {len(prunes):4} {int(statistics.median(names)):6} "
            f"{statistics.median(prunes):6.3f}/{max(prunes):6.3f} "
            f"{statistics.median(compiles):6.3f}/{max(compiles):6.3f} "
            f"{int(statistics.median(kept)):6}/{max(kept):6}"
        )
    defines = sum(1 for _ in grammar.getroot().iter("{http://relaxng.org/ns/structure/1.0}define"))
    started = time.perf_counter()
    etree.RelaxNG(grammar)
    print(f"{'(full)':12} {'':4} {'':6} {'':13} {time.perf_counter() - started:6.3f}{'':7} {defines:6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("document", nargs="?", type=Path, default=CHAPTER)
    parser.add_argument("--runs", type=int, default=3)
    default_corpora = next(
        (
            p
            for p in (PROJECT.parent / "shared" / "corpora", PROJECT.parent.parent / "shared" / "corpora")
            if p.is_dir()
        ),
        None,
    )
    parser.add_argument("--corpora", type=Path, default=default_corpora)
    args = parser.parse_args()
    fresh_process_table(args.document, args.runs)
    if args.corpora is not None:
        corpus_table(args.corpora)


if __name__ == "__main__":
    main()

"""Validation at scale: one document of 1,000, 10,000 and 50,000 paragraphs, each layer timed
(the schema, the core pointer rules, the citable profile's Schematron), to show that every layer
is linear: the cost per paragraph stays flat as the document grows.

    .venv/bin/python bench/bench_validate_scale.py [--sizes 1000,10000,50000]

The schema and the rules are compiled first (compiling tei_all takes seconds, once per process)
and are not counted. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from edition.tei.load import Document, parse  # noqa: E402
from edition.validate import CITABLE  # noqa: E402
from edition.validate.core import pointer_findings  # noqa: E402
from edition.validate.rules import check_rules  # noqa: E402
from edition.validate.schema import check_schema, schema_for  # noqa: E402

PEOPLE = 50


def document(paragraphs: int) -> str:
    """A valid citable document of ``paragraphs`` numbered paragraphs (about 170 bytes each, as
    the issue's 8.4 MB document of 50,000), each naming one of a few people of its register."""
    body = "\n".join(
        f'<p xml:id="p{n}" n="{n}">Paragraph {n} of a long text, in which '
        f'<persName ref="#pers.{n % PEOPLE}">Person {n % PEOPLE}</persName> speaks once more.</p>'
        for n in range(1, paragraphs + 1)
    )
    people = "".join(f'<person xml:id="pers.{k}"><persName>Person {k}</persName></person>' for k in range(PEOPLE))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader><fileDesc>
    <titleStmt><title type="main">A long document</title><author>Bench</author></titleStmt>
    <editionStmt><edition n="0.1.0">Bench</edition></editionStmt>
    <publicationStmt><publisher>Bench</publisher><date when="2026-01-01">2026</date>
      <idno type="edition">long</idno></publicationStmt>
    <sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader>
  <text><body><div type="chapter" n="1"><head>Long</head>
{body}
  </div></body></text>
  <standOff><listPerson>{people}</listPerson></standOff>
</TEI>
"""


def timed(step: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    found = step()
    return time.perf_counter() - started, found


def measure(paragraphs: int, folder: Path, shown: bool = True) -> None:
    path = folder / f"long-{paragraphs}.xml"
    path.write_text(document(paragraphs), encoding="utf-8")
    doc = parse(path)
    assert isinstance(doc, Document), doc
    schema, problems = schema_for(doc, CITABLE.schema, CITABLE.project)
    assert schema is not None and not problems, problems
    layers = {
        "schema": lambda: check_schema(doc, schema),
        "core": lambda: pointer_findings(doc),
        "citable": lambda: [p for rules, builtin in CITABLE.rule_files() for p in check_rules(doc, rules, builtin)],
    }
    figures = []
    total = 0.0
    for name, step in layers.items():
        seconds, found = timed(step)
        assert isinstance(found, list) and not found, found[:3] if isinstance(found, list) else found
        total += seconds
        figures.append(f"{name} {seconds:6.2f} s ({seconds / paragraphs * 1e6:5.1f} µs/p)")
    if not shown:
        return
    print(
        f"{paragraphs:>6} paragraphs, {len(doc.source) / 1e6:5.1f} MB: {' | '.join(figures)}"
        f" | all {total:6.2f} s ({total / paragraphs * 1e6:5.1f} µs a paragraph)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,50000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        measure(100, folder, shown=False)  # compiles the schema and the rules, and warms every layer
        for size in [int(s) for s in args.sizes.split(",") if s]:
            measure(size, folder)


if __name__ == "__main__":
    main()

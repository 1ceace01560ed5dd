"""Fuzz the builder for longer than CI does: random TEI documents through transform, pages and diff.

Usage: ``.venv/bin/python bench/fuzz.py [--examples N] [--seed S]``. Prints the number of cases run
and how long they took; a failing case is shrunk and printed by hypothesis, and the exit status is 1.
The grammar and the properties are those of ``tests/property/test_fuzz.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from tests.property.tei_grammar import DOCUMENTS, check  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--examples", type=int, default=2000, help="Random documents to try (default 2000).")
    parser.add_argument("--seed", type=int, default=None, help="Seed, to repeat a run.")
    args = parser.parse_args()
    cases = 0

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(DOCUMENTS)
    def fuzz(data: bytes) -> None:
        nonlocal cases
        cases += 1
        check(data)

    if args.seed is not None:
        fuzz = seed(args.seed)(fuzz)
    started = time.perf_counter()
    failed = False
    try:
        fuzz()
    except AssertionError:
        failed = True
        raise
    finally:
        seconds = time.perf_counter() - started
        outcome = "FAILED" if failed else "all properties held"
        print(f"fuzz: {cases} cases run in {seconds:.1f} s ({cases / seconds:.1f}/s): {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of the diff: accuracy on known random edits of the chapter, and speed beside xmldiff.

Run: ``.venv/bin/python bench/bench_diff.py [--pairs 1000] [--speed-pairs 100] [--seed 1]``.

Accuracy: ``tests.diff.generate`` applies 1 to 4 random edits to the chapter (words, punctuation,
paragraph moves, splits and merges, markup and attribute changes, register and header edits) and
the diff must report exactly those edits; precision and recall are counted over every pair, and
every pair that went wrong is printed with its edits, what was missed and what was extra.

Speed: on the first ``--speed-pairs`` of the same pairs, the time to diff the two parsed trees,
ours and ``xmldiff.main.diff_trees`` (a test-only dependency), side by side; medians and their
ratio are printed. Parsing is left out of both.
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from lxml import etree  # noqa: E402
from xmldiff import main as xmldiff  # noqa: E402

from edition.diff import diff_trees  # noqa: E402
from edition.tei.load import safe_parser  # noqa: E402
from tests.diff.generate import Pair, Score, generate, signature  # noqa: E402

CHAPTER = PROJECT / "source" / "north-heritage-khrushchev.xml"


def accuracy(pairs: list[Pair]) -> Score:
    score = Score()
    for number, pair in enumerate(pairs):
        score.add(number, pair, diff_trees(pair.old, pair.new).changes)
    return score


def by_kind(pairs: list[Pair]) -> dict[str, tuple[int, int]]:
    """Per kind of expected change: (found, expected)."""
    found: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    for pair in pairs:
        reported = Counter(signature(c) for c in diff_trees(pair.old, pair.new).changes)
        for item in pair.expected:
            expected[item.kind] += 1
            if reported[item] > 0:
                reported[item] -= 1
                found[item.kind] += 1
    return {kind: (found[kind], expected[kind]) for kind in sorted(expected)}


def speed(pairs: list[Pair]) -> tuple[list[float], list[float]]:
    ours: list[float] = []
    theirs: list[float] = []
    for pair in pairs:
        started = time.perf_counter()
        diff_trees(pair.old, pair.new)
        ours.append(time.perf_counter() - started)
        # xmldiff may annotate the trees it is given: it gets copies, made outside the timing.
        left, right = copy.deepcopy(pair.old), copy.deepcopy(pair.new)
        started = time.perf_counter()
        xmldiff.diff_trees(left, right)
        theirs.append(time.perf_counter() - started)
    return ours, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--speed-pairs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tree = etree.parse(str(CHAPTER), safe_parser())
    rng = random.Random(args.seed)
    started = time.perf_counter()
    pairs = [generate(tree, rng) for _ in range(args.pairs)]
    generated = time.perf_counter() - started
    score = accuracy(pairs)
    edits = sum(len(p.edits) for p in pairs)
    print(f"chapter: {CHAPTER.relative_to(PROJECT)}; seed {args.seed}; {generated:.1f} s to generate")
    print(f"accuracy over {len(pairs)} pairs ({edits} edits, {score.expected} expected changes):")
    print(f"  precision {score.precision:.4f}  ({score.matched}/{score.reported} reported changes right)")
    print(f"  recall    {score.recall:.4f}  ({score.matched}/{score.expected} expected changes found)")
    for kind, (found, expected) in by_kind(pairs).items():
        print(f"    {kind:<18} {found:>5}/{expected:<5}")
    print(f"  pairs with a miss: {len(score.misses)}")
    for number, pair_edits, missing, extra in score.misses:
        print(f"  pair {number}: {'; '.join(pair_edits)}")
        for item in missing:
            print(f"    missed: {item}")
        for item in extra:
            print(f"    extra:  {item}")
    ours, theirs = speed(pairs[: args.speed_pairs])
    ours_ms, theirs_ms = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
    print(f"speed over {len(ours)} of the same pairs (median time to diff two parsed trees):")
    print(f"  edition.diff  {ours_ms:8.1f} ms")
    print(f"  xmldiff       {theirs_ms:8.1f} ms")
    print(f"  ratio         {theirs_ms / ours_ms:8.1f}x (xmldiff / edition.diff)")


if __name__ == "__main__":
    main()

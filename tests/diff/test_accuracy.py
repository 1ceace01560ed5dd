"""Accuracy: random known edits of the chapter, and a diff that reports exactly those edits.

The full benchmark (``bench/bench_diff.py``) runs a thousand pairs and more; here a few dozen keep
the suite quick while still covering every kind of edit.
"""

from __future__ import annotations

import random

import pytest
from conftest import CHAPTER
from lxml import etree

from edition.diff import diff_trees
from edition.tei.load import safe_parser
from tests.diff.generate import EDITS, Score, generate, signature


@pytest.fixture(scope="module")
def chapter() -> etree._ElementTree:
    return etree.parse(str(CHAPTER), safe_parser())


def test_thirty_random_pairs_are_diffed_with_full_precision_and_recall(chapter: etree._ElementTree) -> None:
    rng = random.Random(20261125)
    score = Score()
    for number in range(30):
        pair = generate(chapter, rng)
        assert pair.edits, "every pair carries at least one edit"
        score.add(number, pair, diff_trees(pair.old, pair.new).changes)
    assert score.expected >= 30
    assert score.misses == []
    assert (score.precision, score.recall) == (1.0, 1.0)


@pytest.mark.parametrize("kind", EDITS)
def test_every_kind_of_edit_is_reported_exactly(chapter: etree._ElementTree, kind: str) -> None:
    rng = random.Random(kind)
    pair = generate(chapter, rng, count=1, kinds=(kind,))
    assert len(pair.expected) == 1, pair.edits
    assert sorted(signature(c) for c in diff_trees(pair.old, pair.new).changes) == pair.expected


def test_the_score_counts_misses_on_both_sides(chapter: etree._ElementTree) -> None:
    # A diff that says nothing has no false positives and misses every edit.
    pair = generate(chapter, random.Random(1), count=2, kinds=("word-replace",))
    score = Score()
    score.add(0, pair, [])
    assert (score.precision, score.recall, score.expected) == (1.0, 0.0, 2)
    assert score.misses[0][2] == sorted(pair.expected)

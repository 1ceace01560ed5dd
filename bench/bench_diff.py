"""Benchmark of the diff: accuracy on known random edits of the chapter, speed beside xmldiff, and scale.

Run: ``.venv/bin/python bench/bench_diff.py [--pairs 1000] [--speed-pairs 100] [--seed 1]``, or
``bench/bench_diff.py --scale [--megabytes 0.2,0.8,3.2] [--copies 16,64,256] [--repeats 3]``.

Accuracy: ``tests.diff.generate`` applies 1 to 4 random edits to the chapter (words, punctuation,
paragraph moves, splits and merges, markup and attribute changes, register and header edits) and
the diff must report exactly those edits; precision and recall are counted over every pair, and
every pair that went wrong is printed with its edits, what was missed and what was extra.

Speed: on the first ``--speed-pairs`` of the same pairs, the time to diff the two parsed trees,
ours and ``xmldiff.main.diff_trees`` (a test-only dependency), side by side; medians and their
ratio are printed. Parsing is left out of both.

Scale (``--scale``), three documents at three sizes each:

* novels: the chapters of the ELTeC level-1 novels in ``--novels`` (no ``xml:id``: paired by
  content) one after another up to ``--megabytes`` (``tests.diff.scale.concatenate``; 0.2, 0.8 and
  3.2 MB are about 1,000, 4,000 and 16,000 paragraphs);
* the same, tokenised as ELTeC level 2 is (a ``w`` a word, a ``pc`` a mark: ``scale.tokenise``);
* re-encoded: the novels against their own tokenisation, no word changed (the text columns count
  the changes of text reported, which must be none; the size is of the tokenised side);
* the flagship chapter's body ``--copies`` times (62 paragraphs a copy, identifiers suffixed:
  ``scale.repeat``), 256 copies of one text being the hardest case for pairing by content.

Each against a revision: every division (chapter, copy) edited as the accuracy pairs are (word,
punctuation, markup, attribute, move, split and merge edits), one edit for 25 paragraphs; one
paragraph in eight divisions moved to another division, as many new paragraphs inserted, two
register or header edits. Each size runs in a fresh process: ``edition diff OLD NEW`` in-process (loading both files,
``diff_documents``, the text report), best of ``--repeats``; and the process's peak RSS (VmHWM),
with what it held before loading. The growth per size step and per doubling of paragraphs is printed.
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from lxml import etree  # noqa: E402

from edition.diff import diff_documents, diff_trees  # noqa: E402
from edition.diff import units as U  # noqa: E402
from edition.diff.render import render  # noqa: E402
from edition.diff.sources import read_sides  # noqa: E402
from edition.tei.load import safe_parser  # noqa: E402
from tests.diff import scale  # noqa: E402
from tests.diff.generate import (  # noqa: E402
    MARKUP_EDITS,
    OTHER_EDITS,
    STRUCTURE_EDITS,
    TEI,
    TEXT_EDITS,
    WORDS,
    Pair,
    Score,
    generate,
    signature,
)

CHAPTER = PROJECT / "source" / "north-heritage-khrushchev.xml"
NOVELS = Path("/work/shared/corpora/novels")


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
    from xmldiff import main as xmldiff  # a test-only dependency, not needed by --scale

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


def _body(tree: etree._ElementTree) -> etree._Element:
    body = tree.getroot().find(f"{TEI}text/{TEI}body")
    assert body is not None
    return body


def revision(old: etree._ElementTree, rng: random.Random) -> etree._ElementTree:
    """A revision of ``old``: each division of its body edited apart, moves across, paragraphs added."""
    new = generate(old, rng, count=2, kinds=OTHER_EDITS).new  # its header and registers
    body = _body(new)
    divisions = [child for child in body if U.is_element(child)]
    shell = copy.deepcopy(new)  # the header and registers around one division at a time
    shell_body = _body(shell)
    for child in list(shell_body):
        shell_body.remove(child)
    edited: list[etree._Element] = []
    for division in divisions:
        tail = division.tail
        shell_body.append(division)
        # As many edits as the chapter's accuracy pairs have (1 to 4 in 62 paragraphs): one in 25.
        count = max(1, round(len(division.findall(f".//{TEI}p")) / 25)) if len(divisions) > 1 else None
        revised = _body(generate(shell, rng, count, TEXT_EDITS + MARKUP_EDITS + STRUCTURE_EDITS).new)[0]
        revised.tail = tail
        edited.append(revised)
        shell_body.remove(division)
    for revised in edited:
        body.append(revised)
    paragraphs = [p for division in edited if (p := division.findall(f"{TEI}p"))]
    for _ in range(max(1, len(edited) // 8)):  # a paragraph moved to another division
        paragraph, anchor = rng.choice(rng.choice(paragraphs)), rng.choice(rng.choice(paragraphs))
        if anchor is not paragraph:
            anchor.addnext(paragraph)
    for _ in range(max(1, len(edited) // 8)):  # a new paragraph
        anchor = rng.choice(rng.choice(paragraphs))
        paragraph = etree.Element(f"{TEI}p")
        paragraph.text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 60))).capitalize() + "."
        paragraph.tail = anchor.tail
        anchor.addnext(paragraph)
    return new


def _high_water() -> int:
    """Peak resident memory of this process so far, bytes (VmHWM: unlike ru_maxrss, not the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def scale_child(old: Path, new: Path, repeats: int) -> None:
    """One size, in a fresh process: ``edition diff OLD NEW`` in-process, printed as one JSON line."""
    baseline = _high_water()
    best: dict[str, float] = {}
    changes = 0
    for _ in range(repeats):
        started = time.perf_counter()
        documents = read_sides([old, new], None)
        loaded = time.perf_counter()
        result = diff_documents(*documents)
        diffed = time.perf_counter()
        render(result, "text")
        rendered = time.perf_counter()
        times = {"load": loaded - started, "diff": diffed - loaded, "report": rendered - diffed}
        times["total"] = rendered - started
        if not best or times["total"] < best["total"]:
            best = times
        changes = len(result.changes)
        text = sum(1 for change in result.changes if change.category == "text")
        del documents, result
    figures = {**best, "changes": changes, "text": text, "peak": _high_water(), "baseline": baseline}
    print(json.dumps(figures))


def _cases(tree: etree._ElementTree, args: argparse.Namespace) -> list[tuple[str, Callable[[], etree._ElementTree]]]:
    """(label, the old document made when asked for), in order: novels, the same tokenised, the chapter."""
    cases: list[tuple[str, Callable[[], etree._ElementTree]]] = []
    novels = [etree.parse(str(path), safe_parser()) for path in sorted(args.novels.glob("*level1*.xml"))]
    if novels:
        for megabytes in (float(m) for m in args.megabytes.split(",") if m):
            cases.append((f"novels {megabytes:g} MB", functools.partial(scale.concatenate, novels, megabytes)))
        for megabytes in (float(m) for m in args.megabytes.split(",") if m):
            cases.append((f"tokenised {megabytes:g} MB", functools.partial(scale.concatenate, novels, megabytes)))
        for megabytes in (float(m) for m in args.megabytes.split(",") if m):
            cases.append((f"re-encoded {megabytes:g} MB", functools.partial(scale.concatenate, novels, megabytes)))
    else:
        print(f"no ELTeC level-1 novels in {args.novels}: novels left out")
    for copies in (int(c) for c in args.copies.split(",") if c):
        cases.append((f"chapter ×{copies}", functools.partial(scale.repeat, tree, copies)))
    return cases


def run_scale(tree: etree._ElementTree, args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    print(f"seed {args.seed}; best of {args.repeats}; each size in a fresh process")
    print(
        f"{'document':<18} {'paragraphs':>10} {'MB':>5} {'changes':>7} {'text':>5} {'load':>6} {'diff':>6}"
        f" {'report':>6} {'total':>6} {'× step':>6} {'× 2':>5} {'peak RSS':>8}"
    )
    previous: dict[str, tuple[int, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for label, make in _cases(tree, args):
            old = make()
            kind = label.split()[0]
            new = scale.tokenise(old) if kind == "re-encoded" else revision(old, rng)
            if kind == "tokenised":
                old, new = scale.tokenise(old), scale.tokenise(new)
            paragraphs = sum(1 for _ in _body(old).iter(f"{TEI}p"))
            old_path, new_path = Path(folder, "old.xml"), Path(folder, "new.xml")
            old.write(str(old_path), encoding="utf-8", xml_declaration=True)
            new.write(str(new_path), encoding="utf-8", xml_declaration=True)
            del old, new
            megabytes = max(old_path.stat().st_size, new_path.stat().st_size) / 1e6
            command = [sys.executable, __file__, "--scale-child", str(old_path), str(new_path)]
            command += ["--repeats", str(args.repeats)]
            output = subprocess.run(command, capture_output=True, text=True, check=True)
            figures = json.loads(output.stdout.splitlines()[-1])
            step = per_doubling = ""
            if kind in previous:
                size, seconds = previous[kind]
                ratio = figures["total"] / seconds
                step = f"{ratio:.2f}"
                per_doubling = f"{ratio ** (1 / math.log2(paragraphs / size)):.2f}"
            previous[kind] = (paragraphs, figures["total"])
            print(
                f"{label:<18} {paragraphs:>10,} {megabytes:>5.1f} {figures['changes']:>7} {figures['text']:>5}"
                f" {figures['load']:>5.2f}s {figures['diff']:>5.2f}s {figures['report']:>5.2f}s"
                f" {figures['total']:>5.2f}s {step:>6} {per_doubling:>5} {figures['peak'] / 2**20:>4.0f} MiB"
                f" (before loading {figures['baseline'] / 2**20:.0f})",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--speed-pairs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", action="store_true", help="time edition diff at three document sizes")
    parser.add_argument("--megabytes", default="0.2,0.8,3.2", help="--scale: sizes of the novels, plain and tokenised")
    parser.add_argument("--copies", default="16,64,256", help="--scale: copies of the chapter's body")
    parser.add_argument("--novels", type=Path, default=NOVELS, help="--scale: ELTeC level-1 novels")
    parser.add_argument("--repeats", type=int, default=3, help="--scale: best of this many runs")
    parser.add_argument("--scale-child", nargs=2, type=Path, metavar=("OLD", "NEW"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_child:
        old, new = args.scale_child
        scale_child(old, new, args.repeats)
        return
    tree = etree.parse(str(CHAPTER), safe_parser())
    if args.scale:
        run_scale(tree, args)
        return
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

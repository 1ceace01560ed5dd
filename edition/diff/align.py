"""Alignment of units across revisions: by ``xml:id`` first, by content where ids fail.

Units are aligned within a *pool* (same section and kind: paragraphs with paragraphs, notes with
notes, register entries with entries). The result is a list of ``Group``: one old unit and one new
unit for a paragraph that stayed (however edited), one-sided groups for units added or removed,
and several units on one side for a paragraph split or paragraphs merged. Moves are found from the
groups' order (``moved``): the longest run of groups in the same order stays put, the rest moved.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .units import Unit, View
from .words import similarity

# A pair by id whose texts share less than this is open to a better partner found by content.
WEAK = 0.5
# Content alone pairs units this alike (difflib ratio over tokens).
ALIKE = 0.5
# Beyond this many candidate pairs, unpaired units are compared only with their neighbours' gap.
ANYWHERE = 40_000
# A split or merge is accepted when joining the parts brings the texts at least this close ...
JOINED = 0.8
# ... and closer than the single pair by at least this much (a new paragraph next to an old one
# shares little with it, so it never passes).
GAIN = 1e-9


@dataclass
class Group:
    """Units that correspond: ``old`` and ``new`` hold unit indices, each side in document order."""

    old: list[int] = field(default_factory=list)
    new: list[int] = field(default_factory=list)

    @property
    def both(self) -> bool:
        return bool(self.old) and bool(self.new)


@dataclass
class Alignment:
    groups: list[Group]
    old_group: dict[int, int]
    new_group: dict[int, int]


def align(old: View, new: View) -> Alignment:
    """Group every unit of ``old`` and ``new``; every unit ends up in exactly one group."""
    pools: dict[tuple[str, str], tuple[list[Unit], list[Unit]]] = defaultdict(lambda: ([], []))
    for unit in old.units:
        pools[unit.pool][0].append(unit)
    for unit in new.units:
        pools[unit.pool][1].append(unit)
    groups: list[Group] = []
    for pool in sorted(pools):
        olds, news = pools[pool]
        groups.extend(_align_pool(olds, news, positional=pool[0] == "header"))
    old_group = {i: g for g, group in enumerate(groups) for i in group.old}
    new_group = {i: g for g, group in enumerate(groups) for i in group.new}
    return Alignment(groups, old_group, new_group)


def _align_pool(olds: list[Unit], news: list[Unit], positional: bool) -> list[Group]:
    pairs: dict[int, int] = {}  # position in olds -> position in news
    new_by_id = {u.xml_id: j for j, u in enumerate(news) if u.xml_id}
    weak: dict[int, int] = {}
    for i, unit in enumerate(olds):
        j = new_by_id.get(unit.xml_id) if unit.xml_id else None
        if j is None:
            continue
        if unit.text != news[j].text and similarity(unit.tokens, news[j].tokens) < WEAK:
            weak[i] = j  # perhaps the ids were renumbered: let content decide first
        else:
            pairs[i] = j
    free_old = [i for i in range(len(olds)) if i not in pairs]
    free_new = [j for j in range(len(news)) if j not in pairs.values()]
    _pair_by_content(olds, news, free_old, free_new, pairs)
    taken_new = set(pairs.values())
    for i, j in weak.items():
        if i not in pairs and j not in taken_new:
            pairs[i] = j
            taken_new.add(j)
    if positional:
        _pair_by_place(olds, news, pairs)
    groups = [Group([i], [j]) for i, j in sorted(pairs.items())]
    _join_splits_and_merges(olds, news, groups)
    in_old = {i for g in groups for i in g.old}
    in_new = {j for g in groups for j in g.new}
    groups.extend(Group([i], []) for i in range(len(olds)) if i not in in_old)
    groups.extend(Group([], [j]) for j in range(len(news)) if j not in in_new)
    # Back from positions in the pool to unit indices of the views.
    return [Group([olds[i].index for i in g.old], [news[j].index for j in g.new]) for g in groups]


def _pair_by_content(
    olds: list[Unit], news: list[Unit], free_old: list[int], free_new: list[int], pairs: dict[int, int]
) -> None:
    """Pair units without a partner: identical text first (same place in the tree preferred), then alike."""
    taken: set[int] = set()
    for keyed in (True, False):
        buckets: dict[object, list[int]] = defaultdict(list)
        for j in free_new:
            if j not in taken:
                buckets[(news[j].path, news[j].text) if keyed else news[j].text].append(j)
        for i in free_old:
            if i in pairs:
                continue
            bucket = buckets.get((olds[i].path, olds[i].text) if keyed else olds[i].text)
            if bucket:
                pairs[i] = bucket.pop(0)
                taken.add(pairs[i])
    # Alike: first among the units between the same paired neighbours (a paragraph edited in place),
    # which keeps the work near linear in a long document without ids; then anywhere (one moved and
    # edited), unless that would mean comparing too many pairs.
    _pair_alike(olds, news, pairs, taken, _windows(free_old, free_new, pairs, taken))
    rest_old = [i for i in free_old if i not in pairs]
    rest_new = [j for j in free_new if j not in taken]
    if len(rest_old) * len(rest_new) <= ANYWHERE:
        _pair_alike(olds, news, pairs, taken, [(rest_old, rest_new)])


def _windows(
    free_old: list[int], free_new: list[int], pairs: dict[int, int], taken: set[int]
) -> list[tuple[list[int], list[int]]]:
    """Unpaired units grouped by the paired units around them, each side in order."""
    anchors = sorted(pairs.items())
    anchor_old = [i for i, _ in anchors]
    rest_new = sorted(j for j in free_new if j not in taken)
    windows: dict[int, tuple[list[int], list[int]]] = {}
    low: float
    high: float
    for i in free_old:
        if i in pairs:
            continue
        k = bisect.bisect_left(anchor_old, i)
        low = anchors[k - 1][1] if k > 0 else -1
        high = anchors[k][1] if k < len(anchors) else math.inf
        if k not in windows:
            windows[k] = ([], [j for j in rest_new if low < j < high])
        windows[k][0].append(i)
    return list(windows.values())


def _pair_alike(
    olds: list[Unit],
    news: list[Unit],
    pairs: dict[int, int],
    taken: set[int],
    windows: list[tuple[list[int], list[int]]],
) -> None:
    scored = []
    for window_old, window_new in windows:
        for i in window_old:
            for j in window_new:
                if i in pairs or j in taken:
                    continue
                score = similarity(olds[i].tokens, news[j].tokens)
                if score >= ALIKE:
                    scored.append((-score, abs(i - j), i, j))
    for _, _, i, j in sorted(scored):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)


def _pair_by_place(olds: list[Unit], news: list[Unit], pairs: dict[int, int]) -> None:
    """Header fields have no ids and are often short: the n-th unpaired field at a path pairs with the n-th."""
    taken = set(pairs.values())
    by_path: dict[str, list[int]] = defaultdict(list)
    for j, unit in enumerate(news):
        if j not in taken:
            by_path[unit.path].append(j)
    for i, unit in enumerate(olds):
        if i not in pairs and by_path.get(unit.path):
            pairs[i] = by_path[unit.path].pop(0)


def joined(units: Sequence[Unit]) -> list[str]:
    """The tokens of several units read as one text, a space between them."""
    tokens: list[str] = []
    for unit in units:
        if tokens:
            tokens.append(" ")
        tokens.extend(unit.tokens)
    return tokens


def _join_splits_and_merges(olds: list[Unit], news: list[Unit], groups: list[Group]) -> None:
    """Grow groups with unpaired neighbours when the joined text matches better: splits and merges."""
    grown = True
    while grown:
        grown = False
        for side in ("new", "old"):
            units = news if side == "new" else olds
            others = olds if side == "new" else news
            owner = {k: g for g, group in enumerate(groups) for k in getattr(group, side)}
            for k in range(len(units)):
                if k in owner:
                    continue
                best: tuple[float, int] | None = None
                for neighbour in (k - 1, k + 1):
                    g = owner.get(neighbour)
                    if g is None:
                        continue
                    group = groups[g]
                    mine: list[int] = getattr(group, side)
                    theirs: list[int] = group.old if side == "new" else group.new
                    target = joined([others[t] for t in theirs])
                    before = similarity(joined([units[m] for m in mine]), target)
                    after = similarity(joined([units[m] for m in sorted([*mine, k])]), target)
                    if after >= JOINED and after > before + GAIN and (best is None or after > best[0]):
                        best = (after, g)
                if best is not None:
                    getattr(groups[best[1]], side).append(k)
                    getattr(groups[best[1]], side).sort()
                    owner[k] = best[1]
                    grown = True


def moved(order_old: list[int], order_new: list[int]) -> set[int]:
    """Indices (into both lists) of items out of order: all but a longest common ordered run.

    ``order_old[k]`` and ``order_new[k]`` are the positions of item ``k`` in each revision. Found
    as a longest increasing subsequence (patience sorting, O(n log n)).
    """
    items = sorted(range(len(order_old)), key=lambda k: order_old[k])
    tails: list[int] = []  # tails[m]: index into items of the smallest tail of a run of length m+1
    previous: list[int] = [-1] * len(items)
    tail_values: list[int] = []
    for position, k in enumerate(items):
        value = order_new[k]
        m = bisect.bisect_left(tail_values, value)
        if m == len(tail_values):
            tail_values.append(value)
            tails.append(position)
        else:
            tail_values[m] = value
            tails[m] = position
        previous[position] = tails[m - 1] if m > 0 else -1
    keep: set[int] = set()
    position = tails[-1] if tails else -1
    while position >= 0:
        keep.add(items[position])
        position = previous[position]
    return set(range(len(order_old))) - keep

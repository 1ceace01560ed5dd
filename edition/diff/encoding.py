"""Markup compared apart from the words: elements inside aligned units, attributes, the skeleton.

Inside a group of aligned units the elements of both revisions are placed on the joined text and
matched through the word diff's offset map: an element that still encloses the same words (or the
same words as edited) is the same element, whatever was typed around it. What is left unmatched
was added, removed or renamed around the text. Outside the units, skeleton elements (``div``,
``cit``, ``listPerson``, ...) are matched by ``xml:id``, then by the units they contain, then by
their place under a matched parent.
"""

from __future__ import annotations

import bisect
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .units import Inline, Skeleton, Unit, View
from .words import WordDiff


@dataclass
class Placed:
    """An element of a unit placed on the group's joined text."""

    inline: Inline
    unit: Unit
    start: int
    end: int

    @property
    def name(self) -> str:
        return self.inline.name

    @property
    def attrs(self) -> dict[str, str]:
        return self.inline.attrs


@dataclass
class Matched:
    """The outcome of matching elements: pairs (with how they differ) and the unmatched on each side."""

    same: list[tuple[Placed, Placed]] = field(default_factory=list)
    renamed: list[tuple[Placed, Placed]] = field(default_factory=list)
    moved: list[tuple[Placed, Placed]] = field(default_factory=list)
    removed: list[Placed] = field(default_factory=list)
    added: list[Placed] = field(default_factory=list)


def attribute_changes(old: dict[str, str], new: dict[str, str]) -> list[tuple[str, str, str | None, str | None]]:
    """``(kind, name, old value, new value)`` for each attribute that differs, in a stable order."""
    found: list[tuple[str, str, str | None, str | None]] = []
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        kind = "attribute-added" if before is None else "attribute-removed" if after is None else "attribute-changed"
        found.append((kind, name, before, after))
    return found


def _same_extent(o: Placed, n: Placed, diff: WordDiff) -> bool:
    if (o.start == o.end) != (n.start == n.end):
        return False
    low, high = diff.compatible(o.start)
    if not low <= n.start <= high:
        return False
    low, high = diff.compatible(o.end)
    return low <= n.end <= high


def _overlaps(o: Placed, n: Placed, diff: WordDiff) -> bool:
    if o.start == o.end or n.start == n.end:
        return o.start == o.end and n.start == n.end
    low = diff.compatible(o.start)[0]
    high = diff.compatible(o.end)[1]
    return low < n.end and n.start < high


def _shared(o: Placed, n: Placed) -> int:
    return sum(1 for k, v in o.attrs.items() if n.attrs.get(k) == v)


def match_inlines(olds: Iterable[Placed], news: Iterable[Placed], diff: WordDiff) -> Matched:
    """Match the elements of an aligned group of units (nested-unit anchors excluded).

    In four passes, each pairing in document order every old element still free with the
    best-scoring fitting new one still free (the first of equals): same name, attributes and
    extent; same name and extent; same extent (renamed); same name and attributes, overlapping
    (moved). A new element can have the same extent only if it starts where the old one's start
    maps to, so the candidates are looked up by their start, not compared one with another: a
    paragraph of thousands of tokens stays linear.
    """
    left, right = list(olds), list(news)
    if not left or not right:  # elements on one side only (a text tokenised): nothing to pair
        return Matched(removed=left, added=right)
    free_old, free_new = [True] * len(left), [True] * len(right)
    by_start = sorted(range(len(right)), key=lambda k: right[k].start)
    starts = [right[k].start for k in by_start]

    def near(o: Placed) -> list[int]:
        low, high = diff.compatible(o.start)
        found = by_start[bisect.bisect_left(starts, low) : bisect.bisect_right(starts, high)]
        return sorted(k for k in found if free_new[k])

    def pair(
        fits: Callable[[Placed, Placed], bool],
        score: Callable[[Placed, Placed], int] | None = None,
        candidates: Callable[[Placed], list[int]] = near,
    ) -> list[tuple[Placed, Placed]]:
        pairs = []
        for x, o in enumerate(left):
            if not free_old[x]:
                continue
            fitting = [k for k in candidates(o) if fits(o, right[k])]
            if fitting:
                chosen = fitting[0] if score is None else max(fitting, key=lambda k: score(o, right[k]))
                pairs.append((o, right[chosen]))
                free_old[x] = free_new[chosen] = False
        return pairs

    result = Matched()
    result.same = pair(lambda o, n: o.name == n.name and o.attrs == n.attrs and _same_extent(o, n, diff))
    result.same += pair(lambda o, n: o.name == n.name and _same_extent(o, n, diff), _shared)
    result.renamed = pair(lambda o, n: _same_extent(o, n, diff), _shared)
    alike: dict[tuple[str, tuple[tuple[str, str], ...]], list[int]] = defaultdict(list)
    for k, n in enumerate(right):
        if free_new[k]:
            alike[(n.name, tuple(sorted(n.attrs.items())))].append(k)

    def same_markup(o: Placed) -> list[int]:
        return [k for k in alike.get((o.name, tuple(sorted(o.attrs.items()))), ()) if free_new[k]]

    result.moved = pair(lambda o, n: _overlaps(o, n, diff), candidates=same_markup)
    result.removed = [o for x, o in enumerate(left) if free_old[x]]
    result.added = [n for k, n in enumerate(right) if free_new[k]]
    return result


@dataclass
class SkeletonMatch:
    pairs: list[tuple[Skeleton, Skeleton]]
    removed: list[Skeleton]
    added: list[Skeleton]


def match_skeleton(old: View, new: View, old_group: dict[int, int], new_group: dict[int, int]) -> SkeletonMatch:
    """Match skeleton elements; report only what is more than a consequence of units added or removed."""
    old_sets = [frozenset(old_group[u] for u in s.units) for s in old.skeleton]
    new_sets = [frozenset(new_group[u] for u in s.units) for s in new.skeleton]
    pairs: dict[int, int] = {0: 0} if old.skeleton and new.skeleton else {}
    taken = set(pairs.values())  # always the values of pairs: the new elements matched

    def pair(i: int, j: int) -> None:
        pairs[i] = j
        taken.add(j)

    # By xml:id.
    new_ids = {s.xml_id: s.index for s in new.skeleton if s.xml_id}
    for s in old.skeleton:
        j = new_ids.get(s.xml_id) if s.xml_id else None
        if j is not None and s.index not in pairs and j not in taken:
            pair(s.index, j)
    # By the very same units, then by most units shared.
    buckets: dict[tuple[str, str, frozenset[int]], deque[int]] = {}
    for j in range(len(new.skeleton)):
        if j not in taken and new_sets[j]:
            buckets.setdefault((new.skeleton[j].section, new.skeleton[j].name, new_sets[j]), deque()).append(j)
    for s in old.skeleton:
        bucket = buckets.get((s.section, s.name, old_sets[s.index]))
        if s.index not in pairs and old_sets[s.index] and bucket:
            pair(s.index, bucket.popleft())
    # Candidates share a group of units (a Jaccard index of one half or more needs one): found
    # through the groups, not by comparing every unmatched element with every other.
    holding: dict[int, list[int]] = defaultdict(list)
    for j in range(len(new.skeleton)):
        if j not in taken:
            for g in new_sets[j]:
                holding[g].append(j)
    scored = []
    for s in old.skeleton:
        if s.index in pairs or not old_sets[s.index]:
            continue
        candidates = {j for g in old_sets[s.index] for j in holding.get(g, ())}
        for j in candidates:
            t = new.skeleton[j]
            if t.name == s.name and t.section == s.section and new_sets[j]:
                jaccard = len(old_sets[s.index] & new_sets[j]) / len(old_sets[s.index] | new_sets[j])
                if jaccard >= 0.5:
                    scored.append((-jaccard, abs(s.depth - t.depth), s.index, j))
    for _, _, i, j in sorted(scored):
        if i not in pairs and j not in taken:
            pair(i, j)
    # Renamed: the same units, another name.
    by_set: dict[tuple[str, frozenset[int]], deque[int]] = {}
    for j in range(len(new.skeleton)):
        if j not in taken and new_sets[j]:
            by_set.setdefault((new.skeleton[j].section, new_sets[j]), deque()).append(j)
    for s in old.skeleton:
        bucket = by_set.get((s.section, old_sets[s.index]))
        if s.index not in pairs and old_sets[s.index] and bucket:
            pair(s.index, bucket.popleft())
    # What is left pairs by place under matched parents: an element holding no units (an attribution's
    # bibl, a citeStructure), or one whose units changed too much to tell (a register list).
    old_children: dict[int | None, list[Skeleton]] = defaultdict(list)
    for c in old.skeleton:
        old_children[c.parent].append(c)
    new_children: dict[int | None, list[Skeleton]] = defaultdict(list)
    for d in new.skeleton:
        new_children[d.parent].append(d)
    queue = deque(sorted(pairs.items()))
    while queue:
        i, j = queue.popleft()
        olds = [c for c in old_children.get(i, ()) if c.index not in pairs]
        news = [c for c in new_children.get(j, ()) if c.index not in taken]
        for exact in (True, False):
            for c in olds:
                if c.index in pairs:
                    continue
                for d in news:
                    if d.index not in taken and d.name == c.name and (not exact or d.attrs == c.attrs):
                        pair(c.index, d.index)
                        queue.append((c.index, d.index))
                        break
        left = [c for c in olds if c.index not in pairs]
        right = [d for d in news if d.index not in taken]
        for c, d in zip(left, right, strict=False):
            if bool(old_sets[c.index]) == bool(new_sets[d.index]) and (
                not old_sets[c.index] or old_sets[c.index] & new_sets[d.index]
            ):
                pair(c.index, d.index)  # same place under the same parent, another name: renamed
                queue.append((c.index, d.index))
    in_new = set(new_group.values())
    in_old = set(old_group.values())
    one_sided_old = {g for g in in_old if g not in in_new}
    one_sided_new = {g for g in in_new if g not in in_old}

    def reportable(s: Skeleton, units: frozenset[int], one_sided: set[int], gone: set[int]) -> bool:
        if units:
            return not units <= one_sided  # wholly new or gone paragraphs say it already
        return s.parent not in gone  # an empty child of an added or removed element goes with it

    gone_old = {s.index for s in old.skeleton if s.index not in pairs}
    gone_new = {s.index for s in new.skeleton if s.index not in taken}
    removed = [
        s for s in old.skeleton if s.index in gone_old and reportable(s, old_sets[s.index], one_sided_old, gone_old)
    ]
    added = [
        s for s in new.skeleton if s.index in gone_new and reportable(s, new_sets[s.index], one_sided_new, gone_new)
    ]
    return SkeletonMatch([(old.skeleton[i], new.skeleton[j]) for i, j in sorted(pairs.items())], removed, added)

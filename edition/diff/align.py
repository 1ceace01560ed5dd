"""Alignment of units across revisions: by ``xml:id`` first, by content where ids fail.

Units are aligned within a *pool* (same section and kind: paragraphs with paragraphs, notes with
notes, register entries with entries). The result is a list of ``Group``: one old unit and one new
unit for a paragraph that stayed (however edited), one-sided groups for units added or removed,
and several units on one side for a paragraph split or paragraphs merged. Moves are found from the
groups' order (``moved``): the longest run of groups in the same order stays put, the rest moved.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .units import Unit, View
from .words import increasing_run, similarity

# A pair by id whose texts share less than this is open to a better partner found by content.
WEAK = 0.5
# Content alone pairs units this alike (difflib ratio over tokens).
ALIKE = 0.5
# Beyond this many candidate pairs, unpaired units are compared only with their neighbours' gap.
ANYWHERE = 40_000
# Within a gap, beyond this many candidate pairs each unit is compared only with the ``BAND``
# units on either side of its place.
WINDOW = 40_000
BAND = 25
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
        if not unit.same_text(news[j]) and similarity(unit.tokens, news[j].tokens) < WEAK:
            weak[i] = j  # perhaps the ids were renumbered: let content decide first
        else:
            pairs[i] = j
    free_old = [i for i in range(len(olds)) if i not in pairs]
    paired_new = set(pairs.values())
    free_new = [j for j in range(len(news)) if j not in paired_new]
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

    def in_order(key: Callable[[Unit], object]) -> None:
        # Between the same paired neighbours: of several paragraphs with the same text (a
        # repeated heading, "— Oui."), the one that stayed in place pairs with its own.
        for window_old, window_new in _windows(free_old, free_new, pairs, taken):
            keys_old = [key(olds[i]) for i in window_old]
            keys_new = [key(news[j]) for j in window_new]
            for x, y in _in_order(keys_old, keys_new):
                pairs[window_old[x]] = window_new[y]
                taken.add(window_new[y])

    # Unchanged units first, by their markup (compared in C): only what changed is read.
    in_order(lambda unit: (unit.path, unit.lang, unit.serialised()))
    for keyed in (True, False):

        def key(unit: Unit, keyed: bool = keyed) -> object:
            return (unit.path, unit.text) if keyed else unit.text

        in_order(key)
        # Then anywhere: a paragraph moved elsewhere.
        buckets: dict[object, deque[int]] = defaultdict(deque)
        for j in free_new:
            if j not in taken:
                buckets[key(news[j])].append(j)
        for i in free_old:
            if i in pairs:
                continue
            bucket = buckets.get(key(olds[i]))
            if bucket:
                pairs[i] = bucket.popleft()
                taken.add(pairs[i])
    # Alike: first among the units between the same paired neighbours (a paragraph edited in place),
    # which keeps the work near linear in a long document without ids; then anywhere (one moved and
    # edited), unless that would mean comparing too many pairs.
    _pair_alike(olds, news, pairs, taken, _windows(free_old, free_new, pairs, taken))
    rest_old = [i for i in free_old if i not in pairs]
    rest_new = [j for j in free_new if j not in taken]
    if len(rest_old) * len(rest_new) <= ANYWHERE:
        _pair_alike(olds, news, pairs, taken, [(rest_old, rest_new)])


def _in_order(a: Sequence[object], b: Sequence[object]) -> list[tuple[int, int]]:
    """Positions ``(x, y)`` with ``a[x] == b[y]``, increasing on both sides: a patience alignment.

    Common beginnings and ends pair first; then values found once on each side, as many as keep
    their order (a longest increasing run); then the same within each stretch between those, and
    where a stretch has no such value, equal values in turn. Near linear, where an optimal
    alignment would be quadratic.
    """
    found: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        a_low, a_high, b_low, b_high = stack.pop()
        while a_low < a_high and b_low < b_high and a[a_low] == b[b_low]:
            found.append((a_low, b_low))
            a_low, b_low = a_low + 1, b_low + 1
        while a_low < a_high and b_low < b_high and a[a_high - 1] == b[b_high - 1]:
            a_high, b_high = a_high - 1, b_high - 1
            found.append((a_high, b_high))
        if a_low >= a_high or b_low >= b_high:
            continue
        count_a = Counter(a[a_low:a_high])
        count_b = Counter(b[b_low:b_high])
        once_b = {value: y for y, value in enumerate(b[b_low:b_high], b_low) if count_b[value] == 1}
        anchors = [
            (x, once_b[value])
            for x, value in enumerate(a[a_low:a_high], a_low)
            if count_a[value] == 1 and value in once_b
        ]
        if not anchors:
            found.extend(_in_turn(a, b, a_low, a_high, b_low, b_high))
            continue
        kept = [anchors[k] for k in increasing_run([y for _, y in anchors])]
        found.extend(kept)
        previous = (a_low - 1, b_low - 1)
        for x, y in [*kept, (a_high, b_high)]:
            if x - previous[0] > 1 and y - previous[1] > 1:
                stack.append((previous[0] + 1, x, previous[1] + 1, y))
            previous = (x, y)
    return found


def _in_turn(
    a: Sequence[object], b: Sequence[object], a_low: int, a_high: int, b_low: int, b_high: int
) -> list[tuple[int, int]]:
    """Equal values paired in turn, each after the last one paired (so in order on both sides)."""
    positions: dict[object, list[int]] = defaultdict(list)
    for y in range(b_low, b_high):
        positions[b[y]].append(y)
    found: list[tuple[int, int]] = []
    last = b_low - 1
    for x in range(a_low, a_high):
        candidates = positions.get(a[x])
        if not candidates:
            continue
        k = bisect.bisect_right(candidates, last)
        if k < len(candidates):
            last = candidates[k]
            found.append((x, last))
    return found


def _windows(
    free_old: list[int], free_new: list[int], pairs: dict[int, int], taken: set[int]
) -> list[tuple[list[int], list[int]]]:
    """Unpaired units grouped by the paired units around them, each side in order."""
    anchors = sorted(pairs.items())
    anchor_old = [i for i, _ in anchors]
    rest_new = sorted(j for j in free_new if j not in taken)
    windows: dict[int, tuple[list[int], list[int]]] = {}
    for i in free_old:
        if i in pairs:
            continue
        k = bisect.bisect_left(anchor_old, i)
        if k not in windows:
            # The free new units strictly between the partners of the paired units around.
            start = bisect.bisect_right(rest_new, anchors[k - 1][1]) if k > 0 else 0
            stop = bisect.bisect_left(rest_new, anchors[k][1]) if k < len(anchors) else len(rest_new)
            windows[k] = ([], rest_new[start:stop])
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
        banded = len(window_old) * len(window_new) > WINDOW
        for x, i in enumerate(window_old):
            if banded:
                # A long stretch without anchors (a text re-spaced throughout): each unit is
                # compared with those near its place in the stretch only, which keeps it linear.
                middle = x * len(window_new) // len(window_old)
                candidates = window_new[max(0, middle - BAND) : middle + BAND + 1]
            else:
                candidates = window_new
            for j in candidates:
                if i in pairs or j in taken:
                    continue
                score = _alike(olds[i], news[j])
                if score >= ALIKE:
                    scored.append((-score, abs(i - j), i, j))
    for _, _, i, j in sorted(scored):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)


def _alike(old: Unit, new: Unit) -> float:
    """``similarity`` of two units, or 0 when a bound shows they cannot be ``ALIKE``."""
    a, b = old.tokens, new.tokens
    if 2.0 * min(len(a), len(b)) < ALIKE * (len(a) + len(b)):
        return 0.0  # too different in length to share enough
    # Tokens in common regardless of order bound the tokens matched in order: below, difflib could
    # not find them ALIKE. (Two paragraphs of one language share most spaces and small words, so
    # this rules out most pairs of the search anywhere, but not all.)
    if a != b and 2.0 * sum((old.counts & new.counts).values()) < ALIKE * (len(a) + len(b)):
        return 0.0
    return similarity(a, b)


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
    keep = {items[position] for position in increasing_run([order_new[k] for k in items])}
    return set(range(len(order_old))) - keep

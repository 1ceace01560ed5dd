"""Word-level diff of two texts, and the map it gives from old character offsets to new ones.

Texts arrive with XML whitespace already collapsed (``units``), so a re-indented file has no
text changes. A token is a run of word characters, one space, or any other single character:
quotation marks, dashes, the ellipsis and the no-break space (U+00A0) are tokens of their own,
so changing one of them is a change of text, reported as ``punctuation``.

One change of spaces alone is not: a space added or dropped between two tokens (``w``, ``pc``) of
either side, where a tokenised source records no spacing of its own (its printing rules and its
layout of one token a line decide), is a difference of encoding, ``token-spacing``, unless the
space parts two words (letters, marks or digits on both sides: "नमस्ते दुनिया" made one word by a
``@join`` is a change of text). A text compared with its own re-encoding as tokens then has no
change of text, although a tokenised source cannot record that an untokenised one had "rêvasser
:oui".
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .model import Segment

TOKEN = re.compile(r"\w+| |.", re.DOTALL)
WORD = re.compile(r"\w")
CONTEXT = 40


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)


@dataclass(frozen=True)
class Hunk:
    """One change of text: old characters ``[old_start, old_end)`` became new ``[new_start, new_end)``."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old: str
    new: str

    spacing: bool = False

    @property
    def kind(self) -> str:
        if self.spacing:
            return "token-spacing"
        if not WORD.search(self.old) and not WORD.search(self.new):
            return "punctuation"
        if not self.old:
            return "text-inserted"
        if not self.new:
            return "text-deleted"
        return "text-replaced"


@dataclass(frozen=True)
class Block:
    """An opcode in characters: equal, or a changed region (either side may be empty)."""

    equal: bool
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    spacing: bool = False  # spaces alone changed, in a gap between tokens (``WordDiff._spaced``)


class WordDiff:
    """The diff of two texts: hunks, segments for display, and an offset map old -> new."""

    def __init__(
        self,
        old: str,
        new: str,
        old_tokens: list[str] | None = None,
        new_tokens: list[str] | None = None,
        old_gaps: Sequence[tuple[int, int]] = (),
        new_gaps: Sequence[tuple[int, int]] = (),
    ):
        """``old_gaps`` and ``new_gaps``: each side's gaps between tokens, ``(end, start)`` in order
        (``Unit.gaps``)."""
        self.old = old
        self.new = new
        a = old_tokens if old_tokens is not None else tokenize(old)
        b = new_tokens if new_tokens is not None else tokenize(new)
        blocks = _blocks(a, b) if old != new else [Block(True, 0, len(old), 0, len(new))]
        if old_gaps or new_gaps:
            spaced = [not b.equal and self._spaced(b, old_gaps, new_gaps) for b in blocks]
            blocks = [replace(b, spacing=True) if s else b for b, s in zip(blocks, spaced, strict=True)]
        self.blocks = blocks
        # Only blocks holding old characters can contain one; insertions hold none.
        self._holding = [b for b in self.blocks if b.old_end > b.old_start]
        self._starts = [b.old_start for b in self._holding]

    @property
    def hunks(self) -> list[Hunk]:
        return [
            Hunk(
                b.old_start,
                b.old_end,
                b.new_start,
                b.new_end,
                self.old[b.old_start : b.old_end],
                self.new[b.new_start : b.new_end],
                b.spacing,
            )
            for b in self.blocks
            if not b.equal
        ]

    def segments(self) -> list[Segment]:
        found: list[Segment] = []
        for b in self.blocks:
            old, new = self.old[b.old_start : b.old_end], self.new[b.new_start : b.new_end]
            if b.equal or b.spacing:  # a space the tokens' rule prints differs in encoding only
                found.append(Segment("equal", old, new))
            else:
                found.append(Segment("replace" if old and new else "delete" if old else "insert", old, new))
        return [s for s in found if s.old or s.new]

    def _spaced(self, block: Block, old_gaps: Sequence[tuple[int, int]], new_gaps: Sequence[tuple[int, int]]) -> bool:
        """Whether only spaces changed in ``block``, in a gap between tokens on either side, and
        not between two words."""
        old = self.old[block.old_start : block.old_end]
        new = self.new[block.new_start : block.new_end]
        if old.strip(" ") or new.strip(" "):
            return False
        # The side that has the space: letters on both sides of it make two words of one.
        text, start, end = (self.old, block.old_start, block.old_end)
        if not old:
            text, start, end = self.new, block.new_start, block.new_end
        if start > 0 and end < len(text) and _word_like(text[start - 1]) and _word_like(text[end]):
            return False
        return _in_gap(old_gaps, block.old_start, block.old_end) or _in_gap(new_gaps, block.new_start, block.new_end)

    def _holding_block(self, offset: int) -> Block:
        return self._holding[bisect.bisect_right(self._starts, offset) - 1]

    def _after_char(self, offset: int) -> int:
        """New position just after the old character at ``offset``."""
        block = self._holding_block(offset)
        return block.new_start + (offset - block.old_start) + 1 if block.equal else block.new_end

    def _before_char(self, offset: int) -> int:
        """New position just before the old character at ``offset``."""
        block = self._holding_block(offset)
        return block.new_start + (offset - block.old_start) if block.equal else block.new_start

    def compatible(self, position: int) -> tuple[int, int]:
        """The new positions an old boundary may have moved to.

        A boundary between old characters ``position - 1`` and ``position`` maps to one point in
        unchanged text; next to an insertion it may sit on either side of the inserted words (an
        element that grew with the words is the same element), and inside a changed region
        anywhere in its replacement.
        """
        low = self._after_char(position - 1) if position > 0 else 0
        high = self._before_char(position) if position < len(self.old) else len(self.new)
        return (low, high) if low <= high else (high, low)

    def inside_change_old(self, start: int, end: int) -> bool:
        """Whether old ``[start, end)`` lies wholly inside changed (deleted or replaced) text."""
        return _inside(self.blocks, start, end, old_side=True)

    def inside_change_new(self, start: int, end: int) -> bool:
        """Whether new ``[start, end)`` lies wholly inside changed (inserted or replacing) text."""
        return _inside(self.blocks, start, end, old_side=False)


def _in_gap(gaps: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end]`` lies within one of ``gaps`` (ordered, apart)."""
    index = bisect.bisect_right(gaps, start, key=lambda gap: gap[0]) - 1
    return index >= 0 and gaps[index][0] <= start and end <= gaps[index][1]


def _word_like(character: str) -> bool:
    """A letter, a mark (a vowel sign, a combining accent) or a digit."""
    return unicodedata.category(character)[0] in "LMN"


def _inside(blocks: list[Block], start: int, end: int, old_side: bool) -> bool:
    for b in blocks:
        if b.equal:
            continue
        lo, hi = (b.old_start, b.old_end) if old_side else (b.new_start, b.new_end)
        if lo < hi and lo <= start and end <= hi and (start < end or lo < start < hi):
            return True
    return False


def opcodes(a: list[str], b: list[str]) -> list[tuple[bool, int, int, int, int]]:
    """``(equal, i1, i2, j1, j2)`` token opcodes: common ends trimmed, then difflib on the middle.

    Edits are local, so trimming the shared beginning and end first leaves difflib a few tokens
    instead of a whole paragraph. difflib is quadratic in what is left (the space, in every other
    token, matches everywhere), so a long middle is first cut at anchors (``_anchored``).
    """
    prefix = 0
    limit = min(len(a), len(b))
    while prefix < limit and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and a[len(a) - 1 - suffix] == b[len(b) - 1 - suffix]:
        suffix += 1
    found: list[tuple[bool, int, int, int, int]] = []
    if prefix:
        found.append((True, 0, prefix, 0, prefix))
    middle_a, middle_b = a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]
    if middle_a or middle_b:
        if len(middle_a) * len(middle_b) <= DIFFLIB:
            # autojunk would treat the space, the commonest token, as junk in any long paragraph.
            matcher = difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                found.append((tag == "equal", i1 + prefix, i2 + prefix, j1 + prefix, j2 + prefix))
        else:
            found.extend(_runs(_anchored(middle_a, middle_b), len(middle_a), len(middle_b), prefix))
    if suffix:
        found.append((True, len(a) - suffix, len(a), len(b) - suffix, len(b)))
    return found


# difflib on at most this many token pairs (a paragraph of 500 tokens against another: a few ms);
# beyond, the middle is cut at anchors first, and a stretch still this long without any anchor is
# not searched for matches at all, so that the work stays bounded.
DIFFLIB = 250_000
UNANCHORED = 4_000_000


def _anchored(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    """Matching blocks ``(i, j, size)`` of two long token lists, found as a patience diff does.

    Tokens found exactly once in each (a name, a rare word) and in the same order on both sides
    (a longest increasing run) are anchors; each stretch between two anchors is diffed in turn:
    its common ends trimmed, then difflib if it is short, else anchors again within it.
    """
    blocks: list[tuple[int, int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        a_low, a_high, b_low, b_high = stack.pop()
        start = a_low
        while a_low < a_high and b_low < b_high and a[a_low] == b[b_low]:
            a_low, b_low = a_low + 1, b_low + 1
        if a_low > start:
            blocks.append((start, b_low - (a_low - start), a_low - start))
        end = a_high
        while a_low < a_high and b_low < b_high and a[a_high - 1] == b[b_high - 1]:
            a_high, b_high = a_high - 1, b_high - 1
        if a_high < end:
            blocks.append((a_high, b_high, end - a_high))
        if a_low >= a_high or b_low >= b_high:
            continue
        size = (a_high - a_low) * (b_high - b_low)
        if size <= DIFFLIB:
            matcher = difflib.SequenceMatcher(None, a[a_low:a_high], b[b_low:b_high], autojunk=False)
            blocks.extend((i + a_low, j + b_low, n) for i, j, n in matcher.get_matching_blocks() if n)
            continue
        count_a = Counter(a[a_low:a_high])
        count_b = Counter(b[b_low:b_high])
        once_b = {b[j]: j for j in range(b_low, b_high) if count_b[b[j]] == 1}
        anchors = [(i, once_b[a[i]]) for i in range(a_low, a_high) if count_a[a[i]] == 1 and a[i] in once_b]
        if not anchors:
            if size <= UNANCHORED:
                matcher = difflib.SequenceMatcher(None, a[a_low:a_high], b[b_low:b_high], autojunk=False)
                blocks.extend((i + a_low, j + b_low, n) for i, j, n in matcher.get_matching_blocks() if n)
            continue  # else: one changed stretch, not searched
        kept = [anchors[k] for k in increasing_run([j for _, j in anchors])]
        previous = (a_low, b_low)
        for i, j in kept:
            blocks.append((i, j, 1))
            stack.append((previous[0], i, previous[1], j))
            previous = (i + 1, j + 1)
        stack.append((previous[0], a_high, previous[1], b_high))
    return sorted(blocks)


def increasing_run(values: list[int]) -> list[int]:
    """Indices of a longest strictly increasing subsequence of ``values`` (patience sorting)."""
    tails: list[int] = []
    tail_values: list[int] = []
    previous = [-1] * len(values)
    for index, value in enumerate(values):
        m = bisect.bisect_left(tail_values, value)
        if m == len(tail_values):
            tail_values.append(value)
            tails.append(index)
        else:
            tail_values[m] = value
            tails[m] = index
        previous[index] = tails[m - 1] if m > 0 else -1
    run: list[int] = []
    index = tails[-1] if tails else -1
    while index >= 0:
        run.append(index)
        index = previous[index]
    return run[::-1]


def _runs(
    blocks: list[tuple[int, int, int]], length_a: int, length_b: int, offset: int
) -> list[tuple[bool, int, int, int, int]]:
    """Matching blocks (sorted, in order on both sides) as opcodes, shifted by ``offset``."""
    found: list[tuple[bool, int, int, int, int]] = []
    i = j = 0
    for bi, bj, n in blocks:
        if bi > i or bj > j:
            found.append((False, i + offset, bi + offset, j + offset, bj + offset))
        if found and found[-1][0] and found[-1][2] == bi + offset and found[-1][4] == bj + offset:
            found[-1] = (True, found[-1][1], bi + n + offset, found[-1][3], bj + n + offset)
        else:
            found.append((True, bi + offset, bi + n + offset, bj + offset, bj + n + offset))
        i, j = bi + n, bj + n
    if i < length_a or j < length_b:
        found.append((False, i + offset, length_a + offset, j + offset, length_b + offset))
    return found


def _blocks(a: list[str], b: list[str]) -> list[Block]:
    """Token opcodes as character blocks, changes separated only by spaces merged into one."""
    a_offsets = _offsets(a)
    b_offsets = _offsets(b)
    raw = opcodes(a, b)
    merged: list[list[int | bool]] = []
    for index, op in enumerate(raw):
        # "the party" -> "a group" aligns the space between the words; one replacement reads better.
        is_gap = (
            op[0]
            and 0 < index < len(raw) - 1
            and all(token == " " for token in a[op[1] : op[2]])
            and not raw[index - 1][0]
            and not raw[index + 1][0]
        )
        if is_gap or (not op[0] and merged and not merged[-1][0]):
            merged[-1][2], merged[-1][4] = op[2], op[4]
            merged[-1][0] = False
        else:
            merged.append(list(op))
    return [
        Block(bool(e), a_offsets[int(i1)], a_offsets[int(i2)], b_offsets[int(j1)], b_offsets[int(j2)])
        for e, i1, i2, j1, j2 in merged
    ]


def _offsets(tokens: list[str]) -> list[int]:
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


def similarity(a: list[str], b: list[str]) -> float:
    """How alike two token lists are, 0..1: twice the matched tokens over the total (difflib's ratio)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    # A cheap upper bound first: tokens in common regardless of order.
    common = sum((Counter(a) & Counter(b)).values())
    if 2.0 * common / (len(a) + len(b)) < 0.3:
        return 2.0 * common / (len(a) + len(b)) * 0.5
    matched = sum(i2 - i1 for equal, i1, i2, _, _ in opcodes(a, b) if equal)
    return 2.0 * matched / (len(a) + len(b))


def context_before(text: str, offset: int) -> str:
    """Up to ``CONTEXT`` characters before ``offset``, cut at a word boundary."""
    start = max(0, offset - CONTEXT)
    chunk = text[start:offset]
    if start > 0 and " " in chunk:
        chunk = chunk[chunk.index(" ") + 1 :]
    return chunk


def context_after(text: str, offset: int) -> str:
    """Up to ``CONTEXT`` characters after ``offset``, cut at a word boundary."""
    end = min(len(text), offset + CONTEXT)
    chunk = text[offset:end]
    if end < len(text) and " " in chunk:
        chunk = chunk[: chunk.rindex(" ")]
    return chunk

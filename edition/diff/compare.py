"""The diff itself: two TEI trees in, a ``DiffResult`` out; a pure function of its arguments.

It reads both trees as units and skeleton (``units``), aligns the units (``align``), then for each
group of aligned units diffs the words (``words``) and the markup (``encoding``), and finally the
skeleton. Changes are sorted by report section, then by where they stand in the new revision.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypedDict

from lxml import etree

from edition.tei.load import Document

from . import units as U
from .align import Alignment, Group, align, joined, moved
from .encoding import Placed, attribute_changes, match_inlines, match_skeleton
from .model import CATEGORIES, Category, Change, DiffResult, Segment, UnitView
from .words import WordDiff, context_after, context_before

# Elements of one name added (or removed) around unchanged text this many times or more in one
# diff are reported as one change with their number: a re-encoding (every word put in ``w``), not
# edits to review one by one.
SUMMARY = 50
_ORDER = {category: number for number, category in enumerate(CATEGORIES)}


def _sided(
    cat: Category, kind: str, name: str, identifier: str | None, path: str, written: str, content: str | None
) -> Change:
    """A change of markup on one side: the new revision's for an element added, else the old's."""
    added = kind == "element-added"
    return Change(
        cat,
        kind,
        old_id=None if added else identifier,
        new_id=identifier if added else None,
        old_xpath=None if added else path,
        new_xpath=path if added else None,
        element=name,
        old=None if added else written,
        new=written if added else None,
        content=content,
    )


class Where(TypedDict):
    """Where a change stands on each side: the ``xml:id`` to cite, and the element's XPath."""

    old_id: str | None
    new_id: str | None
    old_xpath: str | None
    new_xpath: str | None


def category(section: str, in_text: Category) -> Category:
    """Header and register changes get sections of their own; in the text, the kind decides."""
    if section == "header":
        return "header"
    if section == "register":
        return "register"
    return in_text


@dataclass
class _Joined:
    """Several units read as one text (one unit, usually), with where each begins."""

    units: list[U.Unit]
    text: str
    starts: list[int]
    _placed: tuple[list[Placed], list[Placed]] | None = None

    @classmethod
    def of(cls, units: list[U.Unit]) -> _Joined:
        starts, offset = [], 0
        for unit in units:
            starts.append(offset)
            offset += len(unit.text) + 1
        return cls(units, " ".join(u.text for u in units), starts)

    def gaps(self) -> list[tuple[int, int]]:
        """Where one token ends and the next begins in the joined text (``Unit.gaps``), in order."""
        return [
            (end + start, begin + start)
            for unit, start in zip(self.units, self.starts, strict=True)
            for end, begin in unit.gaps
        ]

    def unit_at(self, offset: int) -> U.Unit:
        return self.units[max(bisect.bisect_right(self.starts, offset) - 1, 0)]

    def placed(self) -> tuple[list[Placed], list[Placed]]:
        """Elements on the joined text: ordinary ones, and anchors of nested units (notes)."""
        if self._placed is None:
            plain: list[Placed] = []
            anchors: list[Placed] = []
            for unit, start in zip(self.units, self.starts, strict=True):
                for inline in unit.inlines:
                    placed = Placed(inline, unit, inline.start + start, inline.end + start)
                    (plain if inline.nested is None else anchors).append(placed)
            self._placed = plain, anchors
        return self._placed


@dataclass(slots=True)
class _Markup:
    """An element added or removed around unchanged text: its change is made only if reported alone."""

    slot: int  # its place among the changes
    element: etree._Element
    unit: U.Unit | None  # the unit it stands in, none for a skeleton element
    text: str  # the text of the units it stands in, and where it stands there
    start: int
    end: int


class _Differ:
    """One diff in progress: the two views, their alignment, and the changes found so far."""

    def __init__(self, old: U.View, new: U.View) -> None:
        self.old, self.new = old, new
        self.alignment: Alignment = align(old, new)
        self.changes: list[tuple[tuple[int, float, float], Change | None]] = []
        self.markup: dict[tuple[Category, str, str], list[_Markup]] = defaultdict(list)
        self.views: list[tuple[float, UnitView]] = []
        self.keys = self._group_keys()

    # --- where things stand, for sorting -------------------------------------------------
    def _group_keys(self) -> list[float]:
        """A sort position per group: its first new unit, or just after the previous old unit's partner."""
        groups = self.alignment.groups
        keys = [0.0] * len(groups)
        for g, group in enumerate(groups):
            if group.new:
                keys[g] = float(min(group.new))
        last = -1.0
        for unit in self.old.units:
            g = self.alignment.old_group[unit.index]
            if groups[g].new:
                last = float(min(groups[g].new))
            else:
                keys[g] = last + 0.5
        return keys

    def add(self, change: Change, group: int | None, offset: float = 0.0) -> None:
        key = self.keys[group] if group is not None else -1.0
        self.changes.append(((_ORDER[change.category], key, offset), change))

    def add_markup(self, cat: Category, kind: str, name: str, item: _Markup, group: int | None, offset: float) -> None:
        """An element added or removed: held in its place until it is known whether there are many."""
        key = self.keys[group] if group is not None else -1.0
        item.slot = len(self.changes)
        self.changes.append(((_ORDER[cat], key, offset), None))
        self.markup[(cat, kind, name)].append(item)

    def markup_change(self, cat: Category, kind: str, name: str, item: _Markup) -> Change:
        view = self.new if kind == "element-added" else self.old
        identifier = view.nearest_id(item.element) if item.unit is None else self.unit_id(view, item.unit)
        content = None if item.unit is None else item.text[item.start : item.end]
        return _sided(cat, kind, name, identifier, view.xpath(item.element), U.start_tag(item.element), content)

    def summarise_markup(self) -> None:
        """Each element added or removed in its place, or, where there are ``SUMMARY`` of one name, one change."""
        for (cat, kind, name), items in self.markup.items():
            if len(items) < SUMMARY:
                for item in items:
                    self.changes[item.slot] = (self.changes[item.slot][0], self.markup_change(cat, kind, name, item))
                continue
            first = min(items, key=lambda item: (self.changes[item.slot][0], item.slot))
            view = self.new if kind == "element-added" else self.old
            ancestor = _common_ancestor([item.element for item in items])
            content = f"{context_after(first.text, first.start)}…" if first.text else None
            written = f"{len(items):,} × <{name}>"
            change = _sided(cat, kind, name, view.nearest_id(ancestor), view.xpath(ancestor), written, content)
            self.changes[first.slot] = (self.changes[first.slot][0], change)

    # --- labels and locations -------------------------------------------------------------
    def label(self, view: U.View, unit: U.Unit) -> str:
        return unit.xml_id or view.xpath(unit.element)

    def unit_id(self, view: U.View, unit: U.Unit) -> str | None:
        return unit.xml_id or view.nearest_id(unit.element)

    # --- the diff --------------------------------------------------------------------------
    def run(self) -> tuple[list[Change], list[UnitView]]:
        for g, group in enumerate(self.alignment.groups):
            if group.both:
                self.aligned(g, group)
            else:
                self.one_sided(g, group)
        self.moves()
        self.skeleton()
        self.summarise_markup()
        changes = [(key, change) for key, change in self.changes if change is not None]
        changes.sort(key=lambda item: item[0])
        self.views.sort(key=lambda item: item[0])
        return [c for _, c in changes], [v for _, v in self.views]

    def one_sided(self, g: int, group: Group) -> None:
        added = bool(group.new)
        view = self.new if added else self.old
        unit = view.units[(group.new or group.old)[0]]
        identifier, path = self.unit_id(view, unit), view.xpath(unit.element)
        change = Change(
            category(unit.section, "structure"),
            "added" if added else "removed",
            old_id=None if added else identifier,
            new_id=identifier if added else None,
            old_xpath=None if added else path,
            new_xpath=path if added else None,
            element=unit.name,
            old=None if added else unit.text,
            new=unit.text if added else None,
        )
        self.add(change, g)
        segment = Segment("insert", "", unit.text) if added else Segment("delete", unit.text, "")
        label = self.label(view, unit)
        self.views.append(
            (
                self.keys[g],
                UnitView(change.category, label, () if added else (label,), (label,) if added else (), (segment,)),
            )
        )

    def aligned(self, g: int, group: Group) -> None:
        olds = [self.old.units[i] for i in group.old]
        news = [self.new.units[j] for j in group.new]
        section = olds[0].section
        if len(olds) == 1 and len(news) == 1 and olds[0].same_as(news[0]):
            return  # the common case: nothing changed, so nothing to diff
        old, new = _Joined.of(olds), _Joined.of(news)
        diff = WordDiff(old.text, new.text, joined(olds), joined(news), old.gaps(), new.gaps())
        old_labels = tuple(self.label(self.old, u) for u in olds)
        new_labels = tuple(self.label(self.new, u) for u in news)
        for kind, many in (("split", news), ("merged", olds)):
            if len(many) > 1:
                self.add(
                    Change(
                        category(section, "structure"),
                        kind,
                        old_id=self.unit_id(self.old, olds[0]),
                        new_id=self.unit_id(self.new, news[0]),
                        old_xpath=self.old.xpath(olds[0].element),
                        new_xpath=self.new.xpath(news[0].element),
                        element=news[0].name,
                        old=" ".join(old_labels),
                        new=" ".join(new_labels),
                    ),
                    g,
                )
        hunks = diff.hunks
        for hunk in hunks:
            o, n = old.unit_at(hunk.old_start), new.unit_at(hunk.new_start)
            self.add(
                Change(
                    category(section, "encoding" if hunk.spacing else "text"),
                    hunk.kind,
                    old_id=self.unit_id(self.old, o),
                    new_id=self.unit_id(self.new, n),
                    old_xpath=self.old.xpath(o.element),
                    new_xpath=self.new.xpath(n.element),
                    element=n.name,
                    old=hunk.old,
                    new=hunk.new,
                    before=context_before(new.text, hunk.new_start),
                    after=context_after(new.text, hunk.new_end),
                ),
                g,
                hunk.new_start,
            )
        if any(not hunk.spacing for hunk in hunks):
            label = (
                " ".join(old_labels) if old_labels == new_labels else f"{' '.join(old_labels)} → {' '.join(new_labels)}"
            )
            view = UnitView(category(section, "text"), label, old_labels, new_labels, tuple(diff.segments()))
            self.views.append((self.keys[g], view))
        self.unit_elements(g, olds, news)
        self.inlines(g, old, new, diff)
        self.anchors(g, old, new, diff)

    def unit_elements(self, g: int, olds: list[U.Unit], news: list[U.Unit]) -> None:
        """The units' own elements: renamed, attributes changed (for a split or merge, where ids agree)."""
        if len(olds) == 1 and len(news) == 1:
            pairs = [(olds[0], news[0])]
        else:
            by_id = {u.xml_id: u for u in news if u.xml_id}
            pairs = [(u, by_id[u.xml_id]) for u in olds if u.xml_id in by_id]
        for o, n in pairs:
            where: Where = {
                "old_id": self.unit_id(self.old, o),
                "new_id": self.unit_id(self.new, n),
                "old_xpath": self.old.xpath(o.element),
                "new_xpath": self.new.xpath(n.element),
            }
            cat = category(o.section, "encoding")
            if o.name != n.name:
                self.add(Change(cat, "element-renamed", element=n.name, old=o.name, new=n.name, **where), g)
            for kind, name, before, after in attribute_changes(o.attrs, n.attrs):
                self.add(Change(cat, kind, element=n.name, attribute=name, old=before, new=after, **where), g)

    def inlines(self, g: int, old: _Joined, new: _Joined, diff: WordDiff) -> None:
        olds, _ = old.placed()
        news, _ = new.placed()
        matched = match_inlines(olds, news, diff)
        cat = category(old.units[0].section, "encoding")

        def where(o: Placed | None, n: Placed | None) -> Where:
            return {
                "old_id": self.unit_id(self.old, o.unit) if o else None,
                "new_id": self.unit_id(self.new, n.unit) if n else None,
                "old_xpath": self.old.xpath(o.inline.element) if o else None,
                "new_xpath": self.new.xpath(n.inline.element) if n else None,
            }

        pairs = [(o, n, False) for o, n in matched.same + matched.renamed] + [(o, n, True) for o, n in matched.moved]
        for o, n, moved_within in pairs:
            if o.name != n.name:
                self.add(
                    Change(cat, "element-renamed", element=n.name, old=o.name, new=n.name,
                           content=new.text[n.start : n.end], **where(o, n)),
                    g, n.start,
                )  # fmt: skip
            if moved_within:
                self.add(
                    Change(cat, "element-moved", element=n.name, old=old.text[o.start : o.end],
                           new=new.text[n.start : n.end], content=new.text[n.start : n.end], **where(o, n)),
                    g, n.start,
                )  # fmt: skip
            for kind, name, before, after in attribute_changes(o.attrs, n.attrs):
                self.add(
                    Change(cat, kind, element=n.name, attribute=name, old=before, new=after,
                           content=new.text[n.start : n.end], **where(o, n)),
                    g, n.start,
                )  # fmt: skip
        for o in matched.removed:
            if not diff.inside_change_old(o.start, o.end):
                item = _Markup(0, o.inline.element, o.unit, old.text, o.start, o.end)
                self.add_markup(cat, "element-removed", o.name, item, g, diff.compatible(o.start)[0])
        for n in matched.added:
            if not diff.inside_change_new(n.start, n.end):
                item = _Markup(0, n.inline.element, n.unit, new.text, n.start, n.end)
                self.add_markup(cat, "element-added", n.name, item, g, n.start)

    def anchors(self, g: int, old: _Joined, new: _Joined, diff: WordDiff) -> None:
        """Notes anchored in this group's text: a note whose marker moved within it has moved."""
        _, old_anchors = old.placed()
        _, new_anchors = new.placed()
        new_by_group = {
            self.alignment.new_group[a.inline.nested]: a for a in new_anchors if a.inline.nested is not None
        }
        for a in old_anchors:
            if a.inline.nested is None:
                continue
            ng = self.alignment.old_group[a.inline.nested]
            b = new_by_group.get(ng)
            if b is None:
                continue  # the note left this paragraph: see moves()
            low, high = diff.compatible(a.start)
            if not low <= b.start <= high:
                note_old = self.old.units[a.inline.nested]
                assert b.inline.nested is not None
                note_new = self.new.units[b.inline.nested]
                self.add(
                    Change(
                        category(note_new.section, "structure"),
                        "moved",
                        old_id=self.unit_id(self.old, note_old),
                        new_id=self.unit_id(self.new, note_new),
                        old_xpath=self.old.xpath(note_old.element),
                        new_xpath=self.new.xpath(note_new.element),
                        element=note_new.name,
                        old=f"in {self.label(self.old, a.unit)} after “{context_before(old.text, a.start)}”",
                        new=f"in {self.label(self.new, b.unit)} after “{context_before(new.text, b.start)}”",
                    ),
                    ng,
                )

    def moves(self) -> None:
        """Top-level units out of order, per pool; nested units (notes) whose paragraph changed."""
        groups = self.alignment.groups
        pools: dict[tuple[str, str], list[int]] = {}
        for g, group in enumerate(groups):
            first = self.old.units[group.old[0]] if group.old else None
            if group.both and first is not None and first.parent is None:
                pools.setdefault(first.pool, []).append(g)
        for members in pools.values():
            order_old = [min(groups[g].old) for g in members]
            order_new = [min(groups[g].new) for g in members]
            sorted_old, sorted_new = sorted(order_old), sorted(order_new)
            for k in sorted(moved(order_old, order_new)):
                g = members[k]
                self.report_move(
                    g,
                    self.previous(sorted_old, order_old[k], self.old),
                    self.previous(sorted_new, order_new[k], self.new),
                )
        for g, group in enumerate(groups):
            if not group.both:
                continue
            o, n = self.old.units[group.old[0]], self.new.units[group.new[0]]
            if o.parent is None or n.parent is None:
                continue
            if self.alignment.old_group[o.parent] != self.alignment.new_group[n.parent]:
                self.report_move(
                    g,
                    f"in {self.label(self.old, self.old.units[o.parent])}",
                    f"in {self.label(self.new, self.new.units[n.parent])}",
                )

    def previous(self, positions: list[int], position: int, view: U.View) -> str:
        """Where a moved unit stands: after the unit of its pool just before it (``positions`` sorted)."""
        k = bisect.bisect_left(positions, position)
        if k == 0:
            return "at the start"
        return f"after {self.label(view, view.units[positions[k - 1]])}"

    def report_move(self, g: int, old_place: str, new_place: str) -> None:
        group = self.alignment.groups[g]
        o, n = self.old.units[group.old[0]], self.new.units[group.new[0]]
        self.add(
            Change(
                category(o.section, "structure"),
                "moved",
                old_id=self.unit_id(self.old, o),
                new_id=self.unit_id(self.new, n),
                old_xpath=self.old.xpath(o.element),
                new_xpath=self.new.xpath(n.element),
                element=n.name,
                old=old_place,
                new=new_place,
            ),
            g,
        )

    def skeleton(self) -> None:
        match = match_skeleton(self.old, self.new, self.alignment.old_group, self.alignment.new_group)

        def key(view: U.View, s: U.Skeleton, groups: dict[int, int]) -> int | None:
            while True:
                if s.units:
                    return groups[s.units[0]]
                if s.parent is None:
                    return None
                s = view.skeleton[s.parent]

        for o, n in match.pairs:
            if o.name == n.name and o.attrs == n.attrs:
                continue  # nothing to report: no location to look up
            where: Where = {
                "old_id": self.old.nearest_id(o.element),
                "new_id": self.new.nearest_id(n.element),
                "old_xpath": self.old.xpath(o.element),
                "new_xpath": self.new.xpath(n.element),
            }
            cat = category(n.section, "encoding")
            g = key(self.new, n, self.alignment.new_group)
            if o.name != n.name:
                self.add(Change(cat, "element-renamed", element=n.name, old=o.name, new=n.name, **where), g)
            for kind, name, before, after in attribute_changes(o.attrs, n.attrs):
                self.add(Change(cat, kind, element=n.name, attribute=name, old=before, new=after, **where), g)
        for s in match.removed:
            group = key(self.old, s, self.alignment.old_group)
            item = _Markup(0, s.element, None, "", 0, 0)
            self.add_markup(category(s.section, "encoding"), "element-removed", s.name, item, group, 0.0)
        for s in match.added:
            group = key(self.new, s, self.alignment.new_group)
            item = _Markup(0, s.element, None, "", 0, 0)
            self.add_markup(category(s.section, "encoding"), "element-added", s.name, item, group, 0.0)


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    """The deepest element that is, or holds, every one of ``elements``."""
    chain = [elements[0], *elements[0].iterancestors()][::-1]  # from the root down
    depth = {id(e): d for d, e in enumerate(chain)}
    deepest = len(chain) - 1
    for element in elements[1:]:
        node: etree._Element | None = element
        while node is not None and (id(node) not in depth or depth[id(node)] > deepest):
            node = node.getparent()
        deepest = depth[id(node)] if node is not None else 0
    return chain[deepest]


def diff_trees(
    old: etree._ElementTree | etree._Element,
    new: etree._ElementTree | etree._Element,
    old_name: str = "old",
    new_name: str = "new",
) -> DiffResult:
    """Every difference between two TEI documents, text apart from encoding."""
    with _no_collection():
        changes, views = _Differ(U.read(old, lazy=True), U.read(new, lazy=True)).run()
    return DiffResult(old_name, new_name, tuple(changes), tuple(views))


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused: a diff makes hundreds of thousands of small objects (units,
    elements placed, keys) that all live until it returns, and the collector's passes over them, more
    of them the longer the document, made it superlinear (5 MB: 0.85 s, against 0.48 s without).
    The diff makes almost no garbage in cycles; the collector resumes (if it ran before) after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def diff_documents(old: Document, new: Document) -> DiffResult:
    """``diff_trees`` of two loaded documents, named as diagnostics name them."""
    return diff_trees(old.tree, new.tree, old.name, new.name)

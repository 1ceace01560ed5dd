"""The diff at the size of real texts: lazy reading, repeated chapters, a tokenised chapter.

Timings are ``bench/bench_diff.py --scale``'s; here only what the reports must say.
"""

from __future__ import annotations

import pytest
from conftest import CHAPTER
from lxml import etree

from edition.diff import diff_trees
from edition.diff import units as U
from edition.tei.load import safe_parser
from tests.diff import scale
from tests.diff.tei import by_id, edited, signatures


@pytest.fixture(scope="module")
def chapter() -> etree._ElementTree:
    return etree.parse(str(CHAPTER), safe_parser())


def _read(view: U.View) -> list[tuple[object, ...]]:
    return [
        (
            u.index,
            u.kind,
            u.name,
            u.parent,
            u.path,
            u.lang,
            u.text,
            [(i.name, i.start, i.end, i.nested) for i in u.inlines],
        )
        for u in view.units
    ]


def test_a_lazy_view_reads_as_a_snapshot_does(chapter: etree._ElementTree) -> None:
    for tree in (chapter, scale.tokenise(chapter)):
        assert _read(U.read(tree, lazy=True)) == _read(U.read(tree))


def test_a_snapshot_stays_as_read_when_the_tree_changes(chapter: etree._ElementTree) -> None:
    tree = edited(chapter, lambda root: None)
    view = U.read(tree)
    unit = next(u for u in view.units if u.xml_id == "p3")
    before = unit.text
    by_id(tree.getroot(), "p3").text = "Changed."
    assert unit.text == before


def test_the_skeleton_lists_a_paragraph_holding_a_note_not_its_note(chapter: etree._ElementTree) -> None:
    view = U.read(chapter)
    holding = next(u for u in view.units if u.kind == "block" and any(i.nested is not None for i in u.inlines))
    listed = {i for s in view.skeleton for i in s.units}
    assert holding.index in listed
    assert not any(view.units[i].parent is not None for i in listed), "nested units are not in the skeleton"


def test_one_edit_in_a_repeated_chapter_is_reported_once(chapter: etree._ElementTree) -> None:
    old = scale.repeat(chapter, 8)

    def edit(root: etree._Element) -> None:
        paragraph = by_id(root, "p3-5")
        paragraph.text = (paragraph.text or "").replace("the", "a", 1)

    assert "the" in (by_id(old.getroot(), "p3-5").text or "")
    result = diff_trees(old, edited(old, edit))
    assert [(s.category, s.kind, s.where) for s in signatures(result)] == [("text", "text-replaced", "p3-5")]


def test_the_chapter_tokenised_is_two_changes_of_encoding(chapter: etree._ElementTree) -> None:
    result = diff_trees(chapter, scale.tokenise(chapter))
    assert sorted((c.category, c.kind, c.element) for c in result.changes) == [
        ("encoding", "element-added", "pc"),
        ("encoding", "element-added", "w"),
    ]

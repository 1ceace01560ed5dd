"""edition.diff.encoding: elements matched through the word diff, attributes compared, the skeleton matched."""

from __future__ import annotations

from edition.diff.align import align
from edition.diff.encoding import Placed, SkeletonMatch, attribute_changes, match_inlines, match_skeleton
from edition.diff.units import Unit, read
from edition.diff.words import WordDiff

from .tei import document


def paragraph(body: str) -> Unit:
    return next(u for u in read(document(body)).units if u.section == "text")


def placed(unit: Unit) -> list[Placed]:
    return [Placed(i, unit, i.start, i.end) for i in unit.inlines]


def matched(old_body: str, new_body: str) -> dict[str, list[tuple[str, ...]]]:
    old, new = paragraph(old_body), paragraph(new_body)
    result = match_inlines(placed(old), placed(new), WordDiff(old.text, new.text))
    pairs = {kind: [(o.name, n.name) for o, n in getattr(result, kind)] for kind in ("same", "renamed", "moved")}
    return {**pairs, "removed": [(p.name,) for p in result.removed], "added": [(p.name,) for p in result.added]}


def test_attribute_changes_name_each_difference_in_order() -> None:
    assert attribute_changes({"a": "1", "b": "2", "c": "3"}, {"a": "1", "b": "9", "d": "4"}) == [
        ("attribute-changed", "b", "2", "9"),
        ("attribute-removed", "c", "3", None),
        ("attribute-added", "d", None, "4"),
    ]
    assert attribute_changes({"x": "1"}, {"x": "1"}) == []


def test_an_element_around_edited_words_is_still_the_same_element() -> None:
    found = matched(
        "<p>Ada wrote <hi>about Paris</hi> often.</p>", "<p>Ada had written <hi>about Paris</hi> often.</p>"
    )
    assert found == {"same": [("hi", "hi")], "renamed": [], "moved": [], "removed": [], "added": []}


def test_renamed_added_removed_and_moved_elements() -> None:
    assert matched("<p>Ada <hi>wrote</hi> it.</p>", "<p>Ada <emph>wrote</emph> it.</p>")["renamed"] == [("hi", "emph")]
    found = matched("<p>Ada <hi>wrote</hi> it.</p>", "<p>Ada wrote <name>it</name>.</p>")
    assert found["removed"] == [("hi",)] and found["added"] == [("name",)]
    moved = matched("<p>Ada <hi>wrote it</hi> down.</p>", "<p>Ada <hi>wrote it down</hi>.</p>")
    assert moved["moved"] == [("hi", "hi")] and moved["same"] == []


def skeleton(old_body: str, new_body: str) -> SkeletonMatch:
    old, new = read(document(old_body)), read(document(new_body))
    alignment = align(old, new)
    return match_skeleton(old, new, alignment.old_group, alignment.new_group)


def test_the_skeleton_reports_a_division_around_kept_text_not_one_that_came_with_new_text() -> None:
    result = skeleton('<p xml:id="p1">one</p>', '<div xml:id="d2"><p xml:id="p1">one</p></div>')
    assert [(o.name, n.name) for o, n in result.pairs][:3] == [
        ("TEI", "TEI"),
        ("teiHeader", "teiHeader"),
        ("fileDesc", "fileDesc"),
    ]
    assert result.removed == []
    assert [(s.name, s.xml_id) for s in result.added] == [("div", "d2")]
    # A division holding only a new paragraph is a consequence of the paragraph added: not reported.
    only_new = skeleton('<p xml:id="p1">one</p>', '<p xml:id="p1">one</p><div xml:id="d2"><p xml:id="p2">two</p></div>')
    assert only_new.added == [] and only_new.removed == []

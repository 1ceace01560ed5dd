"""edition.diff.align: units paired across revisions by id, by content, and joined in splits and merges."""

from __future__ import annotations

from edition.diff.align import align, moved
from edition.diff.units import View, read

from .tei import document

LONG_A = "The first paragraph speaks of boats and water and the evening light on the lake."
LONG_B = "The second paragraph speaks of the hills above the town and of the road that climbs them."


def text_groups(old: View, new: View) -> list[tuple[list[str], list[str]]]:
    """The groups of text blocks as the texts of their units on each side."""
    found = []
    for group in align(old, new).groups:
        units = [old.units[i] for i in group.old] + [new.units[i] for i in group.new]
        if units and units[0].section == "text":
            found.append(([old.units[i].text for i in group.old], [new.units[i].text for i in group.new]))
    return found


def test_units_pair_by_id_however_their_text_changed() -> None:
    old = read(document('<p xml:id="a">one two three</p><p xml:id="b">four</p>'))
    new = read(document('<p xml:id="b">four five</p><p xml:id="a">one two three</p>'))
    groups = text_groups(old, new)
    assert (["one two three"], ["one two three"]) in groups
    assert (["four"], ["four five"]) in groups
    alignment = align(old, new)
    assert set(alignment.old_group) == set(range(len(old.units)))  # every unit in exactly one group
    assert set(alignment.new_group) == set(range(len(new.units)))


def test_without_ids_units_pair_by_content_and_the_rest_is_one_sided() -> None:
    old = read(document(f"<p>{LONG_A}</p><p>{LONG_B}</p>"))
    new = read(document(f"<p>{LONG_B} Edited.</p><p>Entirely new words here.</p>"))
    groups = text_groups(old, new)
    assert ([LONG_B], [LONG_B + " Edited."]) in groups
    assert ([LONG_A], []) in groups
    assert ([], ["Entirely new words here."]) in groups


def test_a_paragraph_split_in_two_is_one_group() -> None:
    first, second = LONG_A, LONG_B
    old = read(document(f"<p>{first} {second}</p>"))
    new = read(document(f"<p>{first}</p><p>{second}</p>"))
    assert text_groups(old, new) == [([f"{first} {second}"], [first, second])]
    # and the other way round, a merge
    assert text_groups(new, old) == [([first, second], [f"{first} {second}"])]


def test_moved_is_what_lies_outside_a_longest_ordered_run() -> None:
    assert moved([0, 1, 2, 3], [0, 1, 2, 3]) == set()
    # order_new[k] is where item k now stands: item 3 went to the front, item 1 to the end.
    assert moved([0, 1, 2, 3], [1, 2, 3, 0]) == {3}
    assert moved([0, 1, 2, 3, 4], [0, 4, 1, 2, 3]) == {1}
    assert moved([], []) == set()
    assert len(moved([0, 1, 2, 3], [3, 2, 1, 0])) == 3

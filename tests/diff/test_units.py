"""edition.diff.units: a tree as the diff reads it: units of text, their inline elements, the skeleton."""

from __future__ import annotations

from collections import Counter

from lxml import etree

from edition.diff.units import attributes, name_of, read, start_tag

from .tei import NS, document

STANDOFF = '<standOff><listPerson><person xml:id="ada"><persName>Ada</persName></person></listPerson></standOff>'


def test_units_hold_flattened_text_and_inline_spans() -> None:
    view = read(document('<p xml:id="p1">Ada  <hi rend="b">wrote\n  much</hi>\u00a0here.</p>'))
    (unit,) = [u for u in view.units if u.xml_id == "p1"]
    assert (unit.section, unit.kind, unit.name, unit.path) == ("text", "block", "p", "/TEI/text/body/div/p")
    assert unit.text == "Ada wrote much\u00a0here."
    (hi,) = unit.inlines
    assert (hi.name, hi.attrs, unit.text[hi.start : hi.end]) == ("hi", {"rend": "b"}, "wrote much")


def test_a_note_is_a_unit_anchored_in_its_paragraph() -> None:
    view = read(document('<p xml:id="p1">Before<note xml:id="n1">The note.</note> after.</p>'))
    paragraph = next(u for u in view.units if u.xml_id == "p1")
    note = next(u for u in view.units if u.xml_id == "n1")
    assert paragraph.text == "Before after." and note.text == "The note."
    assert (note.kind, note.parent) == ("note", paragraph.index)
    (anchor,) = paragraph.inlines
    assert (anchor.start, anchor.end, anchor.nested, anchor.attrs) == (6, 6, note.index, {"#": "n1"})


def test_header_and_register_sections_and_the_skeleton() -> None:
    view = read(document('<p xml:id="p1">Text.</p>', standoff=STANDOFF))
    by_section = {(u.section, u.kind, u.name) for u in view.units}
    assert ("header", "block", "title") in by_section and ("header", "block", "publisher") in by_section
    assert ("register", "entry", "person") in by_section
    assert [s.name for s in view.skeleton][:3] == ["TEI", "teiHeader", "fileDesc"]
    div = next(s for s in view.skeleton if s.name == "div")
    assert [view.units[i].xml_id for i in div.units] == ["p1"]


def test_every_character_of_the_text_is_in_exactly_one_unit() -> None:
    tree = document("<p>One <note>two</note> three</p><p>four</p>", standoff=STANDOFF)
    # The same characters, spaces aside, each counted once: none lost, none in two units.
    in_units = Counter("".join(u.text for u in read(tree).units).replace(" ", ""))
    in_tree = Counter("".join("".join(tree.getroot().itertext()).split()))
    assert in_units == in_tree


def test_xpaths_evaluate_to_the_element_and_ids_are_inherited() -> None:
    tree = document('<p xml:id="p1">a <hi>b</hi></p><p>c</p>')
    view = read(tree)
    hi = tree.find(".//tei:hi", NS)
    path = view.xpath(hi)
    assert path == "/tei:TEI/tei:text[1]/tei:body[1]/tei:div[1]/tei:p[1]/tei:hi[1]"
    assert tree.xpath(path, namespaces=NS) == [hi]
    assert view.nearest_id(hi) == "p1"
    assert view.nearest_id(tree.findall(".//tei:body//tei:p", NS)[1]) is None


def test_names_attributes_and_start_tags_as_tei_writes_them() -> None:
    element = etree.fromstring('<p xmlns="http://www.tei-c.org/ns/1.0" xml:id="p1" n="2"/>')
    assert name_of(element) == "p"
    assert attributes(element) == {"xml:id": "p1", "n": "2"}
    assert start_tag(element) == '<p xml:id="p1" n="2">'
    assert name_of(etree.fromstring('<x xmlns="urn:other"/>')) == "{urn:other}x"

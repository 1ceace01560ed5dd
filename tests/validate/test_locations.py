"""edition.validate.locations: the line and column of an element's start tag."""

from __future__ import annotations

from pathlib import Path

from edition.tei.load import Document, parse
from edition.validate.locations import Locator

SOURCE = b"""<?xml version="1.0"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:x="urn:x"><teiHeader/>
<text><body><p>one</p>  <p>two <hi>three</hi></p><x:p>four</x:p></body></text>
</TEI>
"""


def document() -> Document:
    doc = parse(Path("located.xml"), SOURCE)
    assert isinstance(doc, Document)
    return doc


def test_each_start_tag_is_found_on_its_line() -> None:
    doc = document()
    locator = Locator(doc)
    first, second = doc.tree.xpath("//t:p", namespaces={"t": "http://www.tei-c.org/ns/1.0"})
    line = SOURCE.decode().splitlines()[2]
    assert locator.locate(first) == (3, line.index("<p>") + 1)
    assert locator.locate(second) == (3, line.index("<p>two") + 1)
    prefixed = doc.tree.xpath("//x:p", namespaces={"x": "urn:x"})[0]
    assert locator.column(prefixed) == line.index("<x:p>") + 1


def test_an_attribute_or_text_is_located_at_its_element() -> None:
    doc = document()
    hi = doc.tree.xpath("//t:hi", namespaces={"t": "http://www.tei-c.org/ns/1.0"})[0]
    text = hi.xpath("text()")[0]  # a smart string: its parent is the element
    line = SOURCE.decode().splitlines()[2]
    assert Locator(doc).locate(text) == (3, line.index("<hi>") + 1)
    assert Locator(doc).locate("not a node") == (0, 0)


def test_named_on_finds_the_first_element_of_a_name_or_column_one() -> None:
    locator = Locator(document())
    assert locator.named_on(2, "teiHeader") == SOURCE.decode().splitlines()[1].index("<teiHeader") + 1
    assert locator.named_on(3, "missing") == 1
    assert locator.elements_on(99) == []

"""The e-book's content documents (edition.epub.content): the site's fragments made into XHTML
for EPUB 3, footnotes as pop-ups, links pointed at the document that holds their target."""

from __future__ import annotations

from lxml import etree

from edition.epub.content import Content, footnotes, fragment, link_documents, serialize


def test_buttons_go_images_become_their_description_and_markers_are_noterefs() -> None:
    root = fragment(
        '<p id="p1">One<button>Cite</button> two <img src="x.png" alt="a  map"> three'
        '<img src="y.png"> four<a class="noteref" href="#n1">1</a></p>'
    )
    out = serialize(root)
    assert "button" not in out and "img" not in out
    assert '<span class="image-description">[a map]</span> three four' in out
    assert 'epub:type="noteref"' in out
    assert etree.fromstring(f'<div xmlns:epub="http://www.idpf.org/2007/ops">{out}</div>') is not None


def test_the_notes_list_becomes_asides_in_order_a_note_inside_a_note_travels_with_it() -> None:
    holder = footnotes(
        '<ol><li class="tei-note" id="n1">First<ol><li class="tei-note" id="n1a">inner</li></ol></li>'
        '<li class="tei-note" id="n2">Second</li></ol>'
    )
    asides = holder.xpath("aside")
    assert [a.get("id") for a in asides] == ["n1", "n2"]
    assert all(a.get("role") == "doc-footnote" for a in asides)
    assert 'epub:type="footnote"' in serialize(holder)
    assert asides[0].xpath("descendant::li/@id") == ["n1a"]


def test_links_name_the_document_that_holds_their_target_and_the_others_are_unlinked() -> None:
    text = Content("text.xhtml", "Text", fragment(
        '<p id="p1"><a href="people.html#pers.a">A</a>, <a href="#p2">below</a>, '
        '<a href="../other/index.html#x">elsewhere</a>, <a href="https://example.org/">web</a>, '
        '<a id="noteref-n1" href="#gone" role="doc-noteref">1</a></p><p id="p2">Two</p>'
    ))  # fmt: skip
    people = Content(
        "people.xhtml", "People", fragment('<section id="pers.a"><a href="index.html#p1">¶ 1</a></section>')
    )
    link_documents([text, people])
    links = {a.text: a.get("href") for a in text.body.iter("a")}
    assert links == {"A": "people.xhtml#pers.a", "below": "#p2", "web": "https://example.org/"}
    assert "elsewhere" in "".join(text.body.itertext()), "an unlinked link keeps its words"
    [kept] = text.body.xpath("descendant::span[@id='noteref-n1']")
    assert kept.get("href") is None and kept.get("role") is None
    assert people.body.xpath("descendant::a/@href") == ["text.xhtml#p1"]

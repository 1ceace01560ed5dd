"""edition.diff.apparatus: two revisions as one TEI document in parallel segmentation."""

from __future__ import annotations

from lxml import etree

from edition.diff import diff_trees
from edition.diff.apparatus import NEW_WITNESS, OLD_WITNESS, parallel_segmentation, render_app, siglum

from .tei import NS, document


def segmented(old_body: str, new_body: str) -> etree._ElementTree:
    old, new = document(old_body), document(new_body)
    return parallel_segmentation(diff_trees(old, new, "v1:doc.xml", "texts/doc.xml"), old, new)


def readings(tree: etree._ElementTree) -> list[tuple[str, str]]:
    return [
        (app.findtext("tei:lem", "", NS), app.findtext("tei:rdg", "", NS)) for app in tree.iterfind(".//tei:app", NS)
    ]


def test_sigla_from_the_names_the_diff_gives() -> None:
    assert siglum("v1:texts/doc.xml") == "v1"
    assert siglum("texts/doc.xml") == "doc.xml"
    assert siglum("texts\\doc.xml") == "doc.xml"


def test_replaced_inserted_and_deleted_words_are_readings_in_place() -> None:
    tree = segmented(
        '<p xml:id="p1">The water darkens under the hill and the boats come home.</p>',
        '<p xml:id="p1">The water deepens under the hill and the boats come slowly home.</p>',
    )
    assert readings(tree) == [("deepens", "darkens"), ("slowly", "")]
    p = tree.find(".//tei:body//tei:p", NS)
    assert (
        " ".join(p.xpath("string(.)").split())
        == "The water deepensdarkens under the hill and the boats come slowly home."
    )
    app = p.find("tei:app", NS)
    assert app.find("tei:lem", NS).get("wit") == f"#{NEW_WITNESS}"
    assert app.find("tei:rdg", NS).get("wit") == f"#{OLD_WITNESS}"


def test_the_header_declares_both_revisions_and_the_method() -> None:
    tree = segmented('<p xml:id="p1">one two</p>', '<p xml:id="p1">one three</p>')
    witnesses = tree.findall(".//tei:sourceDesc/tei:listWit/tei:witness", NS)
    assert [w.get("{http://www.w3.org/XML/1998/namespace}id") for w in witnesses] == [OLD_WITNESS, NEW_WITNESS]
    assert [w.findtext("tei:abbr", "", NS) for w in witnesses] == ["v1", "doc.xml"]
    # sourceDesc held a paragraph: its words are kept in a bibl beside the listWit.
    assert tree.findtext(".//tei:sourceDesc/tei:bibl", "", NS) == "Born digital."
    encoding = tree.find(".//tei:encodingDesc/tei:variantEncoding", NS)
    assert (encoding.get("method"), encoding.get("location")) == ("parallel-segmentation", "internal")


def test_a_removed_paragraph_is_put_back_after_the_one_before_it() -> None:
    long = "A paragraph long enough to stand on its own in the text."
    tree = segmented(
        f'<p xml:id="p1">{long}</p><p xml:id="p2">Gone in the new revision, every word.</p><p xml:id="p3">End.</p>',
        f'<p xml:id="p1">{long}</p><p xml:id="p3">End.</p>',
    )
    ids = [p.get("{http://www.w3.org/XML/1998/namespace}id") for p in tree.iterfind(".//tei:body//tei:p", NS)]
    assert ids == ["p1", "p2", "p3"]
    assert readings(tree) == [("", "Gone in the new revision, every word.")]


def test_an_unchanged_text_has_no_apparatus_and_the_output_is_xml() -> None:
    old = document('<p xml:id="p1">Same.</p>')
    text = render_app(diff_trees(old, old), old, old)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<TEI')
    assert etree.fromstring(text.encode()).find(".//tei:app", NS) is None


def test_spacing_between_tokens_alone_makes_no_reading() -> None:
    old = document('<p xml:id="a" xml:lang="fr">Ils allaient rêvasser :oui.</p>')
    new = document(
        '<p xml:id="a" xml:lang="fr"><w>Ils</w>\n<w>allaient</w>\n<w>rêvasser</w>\n<pc>:</pc>\n<w>oui</w>\n'
        "<pc>.</pc></p>"
    )
    text = render_app(diff_trees(old, new), old, new)
    assert "<app" not in text and "rêvasser" in text

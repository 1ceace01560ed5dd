"""Nothing crashes on an odd header: a document builds with each part of its header missing,
emptied, or written the way real projects write it (a forename and no surname, say)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from conftest import MINIMAL
from lxml import etree

from edition.build.document import render_document
from edition.site.pages import SiteOptions
from edition.tei.header import TEI_NS, read_metadata
from edition.tei.load import Document, parse

HEADER = etree.parse(str(MINIMAL)).getroot().find(f"{{{TEI_NS}}}teiHeader")
assert HEADER is not None
PARTS = sorted({etree.QName(e).localname for e in HEADER.iter(etree.Element)} - {"teiHeader"})


def built(tree: etree._ElementTree, name: str) -> None:
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    doc = parse(Path(f"{name}.xml"), data)
    assert isinstance(doc, Document), doc
    files, summary = render_document(doc, "", SiteOptions(), ("html",))
    assert "index.html" in files and summary.pages > 0


@pytest.mark.parametrize("part", PARTS)
def test_a_document_builds_without_each_part_of_its_header(part: str) -> None:
    tree = etree.parse(str(MINIMAL))
    for element in list(tree.iter(f"{{{TEI_NS}}}{part}")):
        if element.getparent() is not None and tree.getroot().find(f"{{{TEI_NS}}}teiHeader") in element.iterancestors():
            element.getparent().remove(element)
    built(tree, f"without-{part}")


@pytest.mark.parametrize("part", PARTS)
def test_a_document_builds_with_each_part_of_its_header_empty(part: str) -> None:
    tree = etree.parse(str(MINIMAL))
    header = tree.getroot().find(f"{{{TEI_NS}}}teiHeader")
    for element in header.iter(f"{{{TEI_NS}}}{part}"):
        element.text = ""
        for child in list(element):
            element.remove(child)
        for key in list(element.attrib):
            del element.attrib[key]
    built(tree, f"empty-{part}")


ODD_AUTHORS = {
    "forename-only": "<persName><forename>Ada</forename></persName>",
    "surname-only": "<persName><surname>Lovelace</surname></persName>",
    "one-word": "Homer",
    "three-words": "Anne Isabella Milbanke",
    "organisation": "<orgName>The Committee</orgName>",
    "empty": "",
    "lower-case": "bell hooks",
}


@pytest.mark.parametrize("name", sorted(ODD_AUTHORS))
def test_odd_authors_build_and_are_cited(name: str) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    start = text.index("<author>")
    end = text.index("</author>", start) + len("</author>")
    tree = etree.ElementTree(
        etree.fromstring(
            (text[:start] + f'<author xmlns="{TEI_NS}">{ODD_AUTHORS[name]}</author>' + text[end:]).encode("utf-8")
        )
    )
    built(copy.deepcopy(tree), f"author-{name}")


def test_an_author_is_named_by_its_first_name_not_with_its_identifiers() -> None:
    # As DraCor writes its authors and editors: the name in several languages, then identifiers.
    header = f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Aves</title>
      <author><persName>Ἀριστοφάνης</persName><persName xml:lang="la">Aristophanes</persName>
        <idno type="wikidata">Q43353</idno></author>
      <author><persName><forename>Pedro</forename><surname sort="1">Calderón</surname>
        <nameLink>de la</nameLink> <surname>Barca</surname></persName>
        <idno type="wikidata">Q170800</idno><idno type="pnd">118518399</idno></author>
      <author>Goethe<idno type="wikidata">Q5879</idno></author>
      <author><forename>Ada</forename><surname>Lovelace</surname></author>
      <editor><persName>F. W. Hall</persName><idno type="wikidata">Q5499076</idno></editor>
    </titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
    <text><body><p>x</p></body></text></TEI>"""
    meta = read_metadata(etree.ElementTree(etree.fromstring(header)))
    assert meta.authors == ("Ἀριστοφάνης", "Pedro Calderón de la Barca", "Goethe", "Ada Lovelace")
    assert meta.editors == ("F. W. Hall",)

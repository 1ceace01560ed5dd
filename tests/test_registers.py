"""The collection's registers: entries read from each document's register fragments, merged by
identifier across documents, and laid out as pages at the site root."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import CHAPTER, write
from lxml import html

from edition.i18n import interface
from edition.site.pages import SiteOptions
from edition.site.registers import (
    DocumentEntries,
    Mention,
    RegisterEntry,
    merged_registers,
    register_nav,
    register_pages,
)
from edition.tei.load import Document, parse
from edition.tei.transform import Fragments, transform

TEI_NS = {"tei": "http://www.tei-c.org/ns/1.0"}

LETTER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">{title}</title><author>Ada Author</author></titleStmt>
      <editionStmt><edition n="0.1.0">Test edition</edition></editionStmt>
      <publicationStmt>
        <publisher>Test publisher</publisher>
        <date when="2026-01-01">2026</date>
        <idno type="edition">{stem}</idno>
        <availability><licence target="https://creativecommons.org/publicdomain/zero/1.0/">CC0</licence></availability>
      </publicationStmt>
      <sourceDesc><p>Written for the tests.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <div>
{body}
      </div>
    </body>
  </text>
  <standOff>
{registers}
  </standOff>
</TEI>
"""

# Shares pers.lenin with the second letter; has pers.krupskaya of its own, a note that mentions
# Lenin, and a place nested in another.
FIRST = LETTER.format(
    title="Letter One",
    stem="letter-one",
    body="""
        <p xml:id="p1" n="1"><persName ref="#pers.lenin">Lenin</persName> wrote to
          <persName ref="#pers.krupskaya">Krupskaya</persName> from
          <placeName ref="#place.moscow">Moscow</placeName>.</p>
        <p xml:id="p2" n="2">Back in <placeName ref="#place.russia">Russia</placeName>,
          <persName ref="#pers.lenin">Ilyich</persName> wrote again.<note xml:id="n1" n="1" place="end"><bibl>
            <author><persName ref="#pers.lenin">Lenin</persName></author>,
            <title level="m">Collected Works</title>.</bibl></note></p>""",
    registers="""
    <listPerson>
      <person xml:id="pers.lenin"><persName>V. I. Lenin</persName></person>
      <person xml:id="pers.krupskaya"><persName>Nadezhda Krupskaya</persName></person>
    </listPerson>
    <listPlace>
      <place xml:id="place.russia"><placeName>Russia</placeName>
        <listPlace><place xml:id="place.moscow"><placeName>Moscow</placeName></place></listPlace>
      </place>
    </listPlace>""",
)
SECOND = LETTER.format(
    title="Letter Two",
    stem="letter-two",
    body="""
        <p xml:id="p1" n="1"><persName ref="#pers.trotsky">Trotsky</persName> answered.</p>
        <p xml:id="p2" n="2"><persName ref="#pers.lenin">Lenin</persName> spoke at the
          <name type="event" ref="#ev.congress">congress</name>.</p>""",
    registers="""
    <listPerson>
      <person xml:id="pers.lenin"><persName>Lenin</persName></person>
      <person xml:id="pers.trotsky"><persName>Leon Trotsky</persName></person>
    </listPerson>
    <listEvent>
      <event xml:id="ev.congress" when="1903"><label>Second Congress</label></event>
    </listEvent>""",
)


def document(path: Path) -> Document:
    loaded = parse(path)
    assert isinstance(loaded, Document), loaded
    return loaded


def summary(doc: Document, folder: str) -> DocumentEntries:
    return DocumentEntries(folder, doc.metadata.title, transform(doc).entries)


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> list[DocumentEntries]:
    folder = tmp_path_factory.mktemp("letters")
    return [
        summary(document(write(folder, "letter-001.xml", FIRST)), "letter-001/"),
        summary(document(write(folder, "letter-002.xml", SECOND)), "letter-002/"),
    ]


EDITION: dict[str, object] = {
    "title": "Letters",
    "subtitle": "",
    "authors": [],
    "version": "",
    "identifier": "",
    "date": "2026-01-01",
    "licence": "",
    "licence_url": "",
    "language": "en",
}


def collection_nav(documents: list[DocumentEntries]) -> list[dict[str, object]]:
    items = [{"label": label, "href": file, "current": False} for file, label in register_nav(documents)]
    return [{"label": "Collection", "href": "index.html", "current": True}, *items]


# Extraction


@pytest.fixture(scope="module")
def chapter() -> tuple[Document, dict[str, str], tuple[RegisterEntry, ...]]:
    doc = document(CHAPTER)
    fragments = transform(doc)
    return doc, dict(fragments.parts), fragments.entries


def test_every_entry_of_the_chapter_with_an_identifier_is_read(
    chapter: tuple[Document, dict[str, str], tuple[RegisterEntry, ...]],
) -> None:
    doc, _, entries = chapter
    expected = {
        "people": "//tei:standOff//tei:listPerson//*[self::tei:person or self::tei:personGrp][@xml:id]",
        "organisations": "//tei:standOff//tei:listOrg//tei:org[@xml:id]",
        "places": "//tei:standOff//tei:listPlace//tei:place[@xml:id]",
        "events": "//tei:standOff//tei:listEvent//tei:event[@xml:id]",
        "works": "//tei:standOff//tei:listBibl//*[self::tei:bibl or self::tei:biblStruct][@xml:id]",
    }
    for kind, path in expected.items():
        ids = [e.get("{http://www.w3.org/XML/1998/namespace}id") for e in doc.tree.xpath(path, namespaces=TEI_NS)]
        assert ids, kind
        assert [e.key for e in entries if e.kind == kind] == ids, kind
    assert {e.kind for e in entries} == {"people", "organisations", "places", "events", "works"}
    assert all(e.label and e.label == " ".join(e.label.split(" ")) == e.label.strip() for e in entries)
    assert not any("\n" in e.label or "  " in e.label for e in entries)
    assert len({(e.kind, e.key) for e in entries}) == len(entries)


def test_the_chapter_entries_keep_labels_dates_counts_and_notes(
    chapter: tuple[Document, dict[str, str], tuple[RegisterEntry, ...]],
) -> None:
    _, _, entries = chapter
    by_key = {e.key: e for e in entries}
    assert by_key["pers.khrushchev"].label == "Nikita Khrushchev"
    assert Mention("index.html#p25", "¶\u00a025", False, 2) in by_key["pers.khrushchev"].mentions
    assert by_key["ev.october-revolution"].dates == "1917"
    assert by_key["ev.purges"].dates == "not before 1936"
    assert by_key["pers.khrushchev"].dates == ""
    department = by_key["org.swp-ned"].mentions
    assert [m.label for m in department if m.note] == ["5", "8"] and department[-1] == Mention(
        "index.html#n8", "8", True, 1
    )
    assert not any(m.note for m in by_key["org.swp"].mentions), "note 8's author is the department"


def test_every_mention_of_the_chapter_points_into_its_text(
    chapter: tuple[Document, dict[str, str], tuple[RegisterEntry, ...]],
) -> None:
    _, parts, entries = chapter
    text = html.fragment_fromstring(
        parts["front"] + parts["text"] + parts["back"] + parts["notes"], create_parent="div"
    )
    ids = set(text.xpath(".//@id"))
    mentions = [m for e in entries for m in e.mentions]
    assert len(mentions) > 100
    for mention in mentions:
        page, _, target = mention.href.partition("#")
        assert page == "index.html", mention
        assert mention.label, mention
        # A mention outside any identified block links to the text as a whole.
        assert target in ids or not target, mention


def test_entries_are_small_frozen_and_picklable(
    chapter: tuple[Document, dict[str, str], tuple[RegisterEntry, ...]],
) -> None:
    _, _, entries = chapter
    assert pickle.loads(pickle.dumps(entries)) == entries
    with pytest.raises(AttributeError):
        entries[0].label = "changed"  # type: ignore[misc]
    assert Fragments({}, ()).entries == ()


def test_entries_are_read_from_data_not_from_the_words_of_the_interface(
    chapter: tuple[Document, dict[str, str], tuple[RegisterEntry, ...]],
) -> None:
    # The register's words ("In the text:", "; in the notes:", "(2×)") are translated; the
    # mentions read in German must be the English ones, note for note and count for count.
    doc, _, entries = chapter
    with interface("de"):
        german = transform(doc)
    assert "Im Text" in german["people"] or "Im Text" in german["organisations"], "the register is in German"
    assert [(e.key, e.mentions) for e in german.entries] == [(e.key, e.mentions) for e in entries]
    assert sum(m.count for e in entries for m in e.mentions) > sum(1 for e in entries for m in e.mentions)


def test_nested_entries_are_entries_too(letters: list[DocumentEntries]) -> None:
    places = [(e.key, e.label, [m.href for m in e.mentions]) for e in letters[0].entries if e.kind == "places"]
    assert places == [("place.russia", "Russia", ["index.html#p2"]), ("place.moscow", "Moscow", ["index.html#p1"])]


# Merging


def test_an_identifier_shared_by_two_documents_is_one_entry(letters: list[DocumentEntries]) -> None:
    merged = merged_registers(letters)
    assert list(merged) == ["people", "places", "events"]
    people = merged["people"]
    assert [e.key for e in people] == ["pers.trotsky", "pers.krupskaya", "pers.lenin"]  # by label
    lenin = people[-1]
    assert lenin.label == "V. I. Lenin"  # from the first document
    assert [(d.title, d.href) for d in lenin.documents] == [
        ("Letter One", "letter-001/people.html#pers.lenin"),
        ("Letter Two", "letter-002/people.html#pers.lenin"),
    ]
    assert lenin.documents[0].mentions == (
        Mention("letter-001/index.html#p1", "¶\u00a01"),
        # One visible mention in ¶ 2; the one in its note is the note's, not the paragraph's.
        Mention("letter-001/index.html#p2", "¶\u00a02"),
        Mention("letter-001/index.html#n1", "1", note=True),
    )
    assert lenin.documents[1].mentions == (Mention("letter-002/index.html#p2", "¶\u00a02"),)
    assert [len(e.documents) for e in people] == [1, 1, 2]
    assert merged["events"][0].dates == "1903"
    # The other order: the label comes from the document that is now first.
    reversed_people = merged_registers(letters[::-1])["people"]
    assert [(e.key, e.label) for e in reversed_people][:2] == [
        ("pers.lenin", "Lenin"),
        ("pers.trotsky", "Leon Trotsky"),
    ]
    assert [d.title for d in reversed_people[0].documents] == ["Letter Two", "Letter One"]


def test_labels_sort_without_regard_to_case_or_accents() -> None:
    def entry(key: str, label: str) -> RegisterEntry:
        return RegisterEntry("people", key, label, "", ())

    entries = (entry("c", "émile"), entry("a", "Zola"), entry("b", "Emil"), entry("d", "Émile"), entry("e", "adam"))
    merged = merged_registers([DocumentEntries("one/", "One", entries)])
    # "émile" and "Émile" differ only in case: their keys decide.
    assert [e.key for e in merged["people"]] == ["e", "b", "c", "d", "a"]
    assert merged_registers([]) == {} and register_nav([]) == []


def test_the_navigation_lists_the_register_pages_that_exist(letters: list[DocumentEntries]) -> None:
    assert register_nav(letters) == [("people.html", "People"), ("places.html", "Places"), ("events.html", "Events")]


# Rendering


def test_the_root_people_page_links_every_entry_into_its_documents(letters: list[DocumentEntries]) -> None:
    nav = collection_nav(letters)
    pages = register_pages(letters, SiteOptions(), EDITION, nav)
    assert [p.path for p in pages] == ["people.html", "places.html", "events.html"]
    people = next(p for p in pages if p.path == "people.html")
    tree = html.document_fromstring(people.html)
    main = tree.xpath("//main")[0]
    assert main.xpath("string(h1)") == "People"
    assert "Everyone the documents name" in main.xpath("string(p[@class='intro'])")
    entries = main.xpath(".//section[@id]")
    assert [s.get("id") for s in entries] == ["pers.trotsky", "pers.krupskaya", "pers.lenin"]
    assert [" ".join(s.xpath("string(h2)").split()) for s in entries] == [
        "Leon Trotsky",
        "Nadezhda Krupskaya",
        "V. I. Lenin",
    ]
    links = set(main.xpath(".//section[@id='pers.lenin']//a/@href"))
    assert {
        "letter-001/people.html#pers.lenin",
        "letter-002/people.html#pers.lenin",
        "letter-001/index.html#p1",
        "letter-001/index.html#p2",
        "letter-001/index.html#n1",
        "letter-002/index.html#p2",
    } == links
    assert "(2×)" not in main.xpath("string(.//section[@id='pers.lenin'])"), "a note's mention is not the paragraph's"
    current = tree.xpath("//nav[@class='site-nav']//a[@aria-current='page']/@href")
    assert current == ["people.html"]
    assert nav[0]["current"] is True  # the caller's navigation is left as it was
    assert tree.xpath("//link[@rel='canonical']/@href") == ["people.html"]


def test_the_register_pages_are_identical_across_runs(letters: list[DocumentEntries]) -> None:
    first = register_pages(letters, SiteOptions(), EDITION, collection_nav(letters))
    again = register_pages(list(letters), SiteOptions(), EDITION, collection_nav(letters))
    assert first == again


def test_labels_and_titles_are_escaped() -> None:
    hostile = RegisterEntry("works", "w1", "<script>alert(1)</script>", "", (Mention("index.html#p1", "<b>1</b>"),))
    (page,) = register_pages([DocumentEntries("a/", "<i>A</i>", (hostile,))], SiteOptions(), EDITION, [])
    assert page.path == "works.html"
    assert "<script>alert" not in page.html and "<b>1</b>" not in page.html and "<i>A</i>" not in page.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.html

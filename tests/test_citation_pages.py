"""The citations as the pages carry them (issue 15): what a reference manager imports from the
Highwire tags, the page's title, the paragraph citations' versioned addresses, and the rights in
every machine-readable channel.

``zotero_import`` applies the rules of Zotero's Embedded Metadata translator (zotero/translators,
``Embedded Metadata.js``, last updated 2024-06-13: ``HIGHWIRE_MAPPINGS``, the item type from
``citation_book_title``/``citation_inbook_title``, ``processHighwireCreators`` with
``ZU.cleanAuthor`` and ``fixCase``, the canonical link as a fall-back URL, relative URLs made
absolute) to the page's ``<meta>`` tags, so that the test reads the page as Zotero would.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

import pytest
from lxml import html

from edition.site.dts import dts_resource
from edition.site.pages import SiteOptions, document_site
from edition.tei.load import Document, parse
from edition.tei.transform import transform
from tests.conftest import CHAPTER

BASE = "https://edition.example.org/north/"
TITLE = "Khrushchev’s Secret Speech to the Twentieth Congress"
FULL_BOOK = "The Heritage We Defend: A Contribution to the History of the Fourth International"
# Where a reader has the page of a site built without a base URL.
SERVED = "http://127.0.0.1:8000/north/index.html"

# Embedded Metadata.js, HIGHWIRE_MAPPINGS, in its order (a later tag of the same field wins).
HIGHWIRE_MAPPINGS = (
    ("citation_title", "title"),
    ("citation_publication_date", "date"),
    ("citation_cover_date", "date"),
    ("citation_date", "date"),
    ("citation_journal_title", "publicationTitle"),
    ("citation_journal_abbrev", "journalAbbreviation"),
    ("citation_inbook_title", "publicationTitle"),
    ("citation_book_title", "bookTitle"),
    ("citation_volume", "volume"),
    ("citation_issue", "issue"),
    ("citation_series_title", "series"),
    ("citation_conference_title", "conferenceName"),
    ("citation_conference", "conferenceName"),
    ("citation_dissertation_institution", "university"),
    ("citation_technical_report_institution", "institution"),
    ("citation_technical_report_number", "number"),
    ("citation_publisher", "publisher"),
    ("citation_isbn", "ISBN"),
    ("citation_abstract", "abstractNote"),
    ("citation_doi", "DOI"),
    ("citation_public_url", "url"),
    ("citation_language", "language"),
)
ITEM_TYPES = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_conference": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}


def _fix_case(name: str) -> str:
    """``fixCase``: a name all in upper or all in lower case is title-cased (``capitalizeTitle``)."""
    if name.upper() == name or name.lower() == name:
        return " ".join(word[:1].upper() + word[1:].lower() for word in name.split(" "))
    return name


def _clean_author(author: str, role: str, use_comma: bool) -> dict[str, str]:
    """``ZU.cleanAuthor``: with a comma "Last, First"; without, the last word is the last name."""
    author = re.sub(r"^[\s.,/\[\]:]+", "", author)
    author = re.sub(r"[\s,/\[\]:.]+$", "", author)
    author = re.sub(r"  +", " ", author, count=1)
    first = ""
    if use_comma:
        author = re.sub(r"\.([^ ])", r". \1", author, count=1)
        parts = re.split(r", ?", author)
        last, first = (parts[0], parts[1]) if len(parts) > 1 else (author, "")
    else:
        space = author.rfind(" ")
        last, first = author[space + 1 :], author[:space] if space >= 0 else ""
    if first and re.fullmatch(r"[A-Z]+", first) and len(first) < 4 and (len(first) == 1 or last.upper() != last):
        first = " ".join(f"{initial}." for initial in first)  # initials
    return {"firstName": first, "lastName": last, "creatorType": role}


def _creators(values: list[str], role: str) -> list[dict[str, str]]:
    """``processHighwireCreators``."""
    found: list[dict[str, str]] = []
    last_seen = None
    for value in values:
        names = re.split(r"\s*;\s*", value)
        if len(names) == 1 and len(values) == 1:
            by_comma = re.split(r"\s*,\s*", names[0])
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                names = by_comma
        for name in (n.strip() for n in names):
            if not name or not re.search(r"[^\s,\-.;]", name) or name == last_seen:
                continue
            last_seen = name
            creator = _clean_author(name, role, "," in name)
            if creator["firstName"]:
                creator["firstName"] = _fix_case(creator["firstName"])
                creator["lastName"] = _fix_case(creator["lastName"])
            found.append(creator)
    return found


def zotero_import(page: str, location: str) -> dict[str, Any]:
    """The item Zotero's Embedded Metadata translator makes of ``page`` read at ``location``."""
    head = html.document_fromstring(page).find("head")
    assert head is not None
    metas = [(m.get("name") or m.get("property") or "", m.get("content") or "") for m in head.iter("meta")]

    def first(name: str) -> str:  # getContentText, not strict: the name *ends with* ``name``
        return next((content for tag, content in metas if tag.endswith(name) and content), "")

    def every(name: str) -> list[str]:  # getContent, not strict
        return [content for tag, content in metas if tag.endswith(name) and content]

    item: dict[str, Any] = {}
    for tags, _ in metas:
        for tag in tags.split():
            item_type = ITEM_TYPES.get(tag[tag.rfind("citation_") :]) if "citation_" in tag else None
            item["itemType"] = item_type or item.get("itemType")
    for tag, field in HIGHWIRE_MAPPINGS:
        value = first(tag)
        if value.strip():
            item[field] = " ".join(value.split())
    if item.get("itemType") == "bookSection" and "publicationTitle" in item:
        # publicationTitle is the base field that a book section calls bookTitle.
        item["bookTitle"] = item.pop("publicationTitle") if "bookTitle" not in item else item["bookTitle"]
        item.pop("publicationTitle", None)
    authors = every("citation_author") or every("citation_authors")
    editors = every("citation_editor") or every("citation_editors")
    item["creators"] = _creators(authors, "author") + _creators(editors, "editor")
    pdf = every("citation_pdf_url")
    item["attachments"] = [{"title": "Full Text PDF", "url": pdf[0]}] if pdf else [{"title": "Snapshot"}]
    if not item.get("url"):
        canonical = head.xpath("link[@rel='canonical']/@href")
        item["url"] = canonical[0] if canonical else location
    item["url"] = urljoin(location, item["url"])  # relativeToAbsolute
    return item


@pytest.fixture(scope="module")
def chapter() -> Document:
    document = parse(CHAPTER)
    assert isinstance(document, Document)
    return document


def pages(chapter: Document, base_url: str) -> dict[str, str]:
    """The chapter's pages, with the PDF linked (not rendered), with or without a base URL."""
    site = document_site(chapter, transform(chapter), "", SiteOptions(base_url=base_url), with_pdf=True)
    return {page.path: page.html for page in site.pages}


@pytest.fixture(scope="module")
def with_base(chapter: Document) -> dict[str, str]:
    return pages(chapter, BASE)


@pytest.fixture(scope="module")
def without_base(chapter: Document) -> dict[str, str]:
    return pages(chapter, "")


def test_zotero_imports_the_chapter_as_a_book_section_with_a_base_url(with_base: dict[str, str]) -> None:
    item = zotero_import(with_base["index.html"], BASE + "index.html")
    assert item["itemType"] == "bookSection"
    assert (item["title"], item["bookTitle"]) == (TITLE, FULL_BOOK)
    assert (item["date"], item["publisher"], item["language"]) == ("2026/11/25", "TEI Edition Builder project", "en")
    assert item["url"] == BASE + "index.html"
    assert item["attachments"] == [{"title": "Full Text PDF", "url": BASE + "north-heritage-khrushchev.pdf"}]
    # Highwire has no way to mark a body's name: Zotero splits the editor at its last space (and
    # title-cases the lower-case part). The name is all there, in the editor's role.
    assert item["creators"] == [
        {"firstName": "David", "lastName": "North", "creatorType": "author"},
        {"firstName": "TEI Edition Builder", "lastName": "Project", "creatorType": "editor"},
    ]


def test_zotero_imports_the_chapter_without_a_base_url(without_base: dict[str, str]) -> None:
    # The tags hold the page's own name; Zotero makes it absolute from where the reader is.
    page = without_base["index.html"]
    tree = html.document_fromstring(page)
    assert tree.xpath("//meta[@name='citation_public_url']/@content") == ["index.html"]
    item = zotero_import(page, SERVED)
    assert (item["itemType"], item["title"], item["bookTitle"]) == ("bookSection", TITLE, FULL_BOOK)
    assert item["url"] == SERVED
    assert [c["creatorType"] for c in item["creators"]] == ["author", "editor"]


def test_every_page_describes_the_chapter_with_absolute_urls_under_a_base_url(with_base: dict[str, str]) -> None:
    for path, page in with_base.items():
        tree = html.document_fromstring(page)
        assert tree.xpath("//link[@rel='canonical']/@href") == [BASE + path]
        assert tree.xpath("//meta[@name='citation_public_url']/@content") == [BASE + path]
        assert tree.xpath("//meta[@name='citation_pdf_url']/@content") == [BASE + "north-heritage-khrushchev.pdf"]
        assert tree.xpath("//meta[@name='citation_editor']/@content") == ["TEI Edition Builder project"]
        assert tree.xpath("//meta[@name='citation_inbook_title']/@content") == [FULL_BOOK]


def test_the_page_title_names_the_edition_once(without_base: dict[str, str]) -> None:
    titles = {path: html.document_fromstring(page).findtext(".//title") for path, page in without_base.items()}
    assert titles["index.html"] == TITLE
    assert titles["people.html"] == f"People · {TITLE}"


def test_paragraph_citations_point_at_the_release_they_name(
    with_base: dict[str, str], without_base: dict[str, str]
) -> None:
    def cite_data(page: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(html.document_fromstring(page).xpath("//script[@id='cite-data']/text()")[0])
        return data

    absolute = cite_data(with_base["index.html"])
    note = next(style for style in absolute["styles"] if style["key"] == "chicago-note")
    assert note["text"].endswith(f"para. {{n}}, {BASE}versions/1.0.0/index.html#{{id}}.")
    assert absolute["page"] == ""
    # Without a base URL the script resolves the release's page against the reader's address.
    relative = cite_data(without_base["index.html"])
    assert relative["page"] == "versions/1.0.0/index.html"
    note = next(style for style in relative["styles"] if style["key"] == "chicago-note")
    assert note["text"].endswith(f"para. {{n}}, {relative['standIn']}.")
    assert f"<i>{FULL_BOOK}</i>" in note["html"]


def test_the_edition_citations_on_the_page_set_the_book_in_italics(without_base: dict[str, str]) -> None:
    tree = html.document_fromstring(without_base["index.html"])
    shown = tree.xpath("//section[@id='cite']//dd")
    assert len(shown) == 6
    assert [dd.findtext("i") for dd in shown[:3]] == [FULL_BOOK, FULL_BOOK, FULL_BOOK]
    assert shown[4].findtext("i") == "The heritage we defend: A contribution to the history of the Fourth International"


def test_no_channel_licenses_the_text(without_base: dict[str, str], chapter: Document) -> None:
    tree = html.document_fromstring(without_base["index.html"])
    rights = tree.xpath("//meta[@name='DC.rights']/@content")
    assert rights == [
        chapter.metadata.rights,
        f"{chapter.metadata.licence} https://creativecommons.org/licenses/by/4.0/",
    ]
    ld = json.loads(tree.xpath("//script[@type='application/ld+json']/text()")[0])
    assert "license" not in ld and ld["encoding"]["license"] == "https://creativecommons.org/licenses/by/4.0/"
    dublin_core = dts_resource(chapter).dublin_core
    assert "license" not in dublin_core
    assert [statement["value"] for statement in dublin_core["rights"]] == rights


def test_a_style_that_makes_nothing_of_a_bare_header_is_not_shown() -> None:
    from edition.site.pages import _edition_context
    from edition.tei.header import Metadata

    context = _edition_context(Metadata(title="Personendaten"), "people", "2026-12-02")
    citations = context["citations"]
    assert isinstance(citations, list) and citations
    assert all(entry["plain"] for entry in citations), "no label over an empty citation"
    assert "Chicago (bibliography)" not in [entry["label"] for entry in citations]
    assert '"text": ""' not in str(context["paragraph_citations"])

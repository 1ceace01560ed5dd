"""The HTML site: its files, citation metadata, reproducibility, losslessness and validity."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from conftest import CHAPTER, CORPORA, GENERAL, PROJECT
from lxml import html

from edition.build.pipeline import build
from edition.site.pages import SiteOptions
from edition.tei.load import Document, parse
from tests.lossless import html_words, tei_words

TEI = "{http://www.tei-c.org/ns/1.0}"
BOOK = "The Heritage We Defend: A Contribution to the History of the Fourth International"
VNU = PROJECT / ".cache" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def head_meta(site: Path, page: str) -> dict[str, list[str]]:
    tree = html.parse(str(site / page)).getroot()
    found: dict[str, list[str]] = {}
    for meta in tree.xpath("//head/meta[@name]"):
        found.setdefault(meta.get("name"), []).append(meta.get("content"))
    return found


def test_the_chapter_site_has_every_page_and_download(chapter_site: Path) -> None:
    files = sorted(str(p.relative_to(chapter_site)) for p in chapter_site.rglob("*") if p.is_file())
    assert [f for f in files if not f.startswith("dts/")] == [
        ".edition-build",
        "CITATION.cff",
        "about.html",
        "citation.bib",
        "citation.json",
        "citation.ris",
        "events.html",
        "index.html",
        "north-heritage-khrushchev.pdf",
        "north-heritage-khrushchev.txt",
        "north-heritage-khrushchev.xml",
        "organisations.html",
        "people.html",
        "places.html",
        "search-index.js",
        "search.html",
        "static/EBGaramond-OFL.txt",
        "static/EBGaramond12-Italic.otf",
        "static/EBGaramond12-Regular.otf",
        "static/edition.css",
        "static/edition.js",
        "static/search.js",
        "timeline.html",
        "versions.html",
        "versions.js",
        "works.html",
    ]
    assert "dts/index.json" in files and "dts/document/north-heritage-khrushchev/1.12.xml" in files
    assert (chapter_site / "north-heritage-khrushchev.xml").read_bytes() == CHAPTER.read_bytes()


def test_every_page_carries_citation_metadata(chapter_site: Path) -> None:
    for page in ("index.html", "people.html", "about.html"):
        meta = head_meta(chapter_site, page)
        assert meta["citation_title"] == ["Khrushchev’s Secret Speech to the Twentieth Congress"]
        assert meta["citation_author"] == ["David North"]
        # A chapter of a book: Zotero saves it as a book section, not a web page.
        assert meta["citation_inbook_title"] == meta["citation_book_title"] == [BOOK]
        assert meta["citation_editor"] == ["TEI Edition Builder project"]
        assert meta["citation_publication_date"] == ["2026/11/25"]
        assert meta["DC.identifier"] == ["north-hwd-khrushchev-secret-speech"]
        assert meta["DCTERMS.hasVersion"] == meta["edition-version"] == ["1.0.0"]
        assert meta["edition-build-date"] == ["2026-11-25"]
        assert meta["DC.language"] == ["en", "fr"]
        tree = html.parse(str(chapter_site / page)).getroot()
        assert tree.xpath("//head/link[@rel='canonical']/@href") == [page]
        (script,) = tree.xpath("//script[@type='application/ld+json']/text()")
        data = json.loads(script)
        assert data["@type"] == "Chapter"
        assert data["isPartOf"] == {"@type": "Book", "name": BOOK}
        assert (data["version"], data["identifier"]) == ("1.0.0", "north-hwd-khrushchev-secret-speech")


def test_base_url_makes_canonical_urls_absolute(tmp_path: Path) -> None:
    build([CHAPTER], tmp_path / "site", options=SiteOptions("https://example.org/ed/"), formats=("html",))
    tree = html.parse(str(tmp_path / "site" / "people.html")).getroot()
    assert tree.xpath("//link[@rel='canonical']/@href") == ["https://example.org/ed/people.html"]
    assert head_meta(tmp_path / "site", "index.html")["citation_public_url"] == ["https://example.org/ed/index.html"]


def test_paragraph_citations_are_citeproc_output_with_slots_for_the_paragraph(chapter_site: Path) -> None:
    tree = html.parse(str(chapter_site / "index.html")).getroot()
    (script,) = tree.xpath("//script[@id='cite-data']/text()")
    data = json.loads(script)
    styles = {style["key"]: style["text"] for style in data["styles"]}
    assert styles["chicago-note"] == (
        f"David North, “Khrushchev’s Secret Speech to the Twentieth Congress,” in {BOOK}, version 1.0.0, "
        "ed. TEI Edition Builder project (1988; TEI Edition Builder project, 2026), para. {n}, " + data["standIn"] + "."
    )
    assert styles["apa-in-text"] == "(North, 1988/2026, para. {n})"
    assert set(styles) == {"chicago-note", "chicago-bibliography", "mla", "mla-in-text", "apa", "apa-in-text"}
    shown = [dd.text_content() for dd in tree.xpath("//section[@id='cite']//dd")]
    assert shown[1] == (
        f"North, David. “Khrushchev’s Secret Speech to the Twentieth Congress.” In {BOOK}, "
        "version 1.0.0, edited by TEI Edition Builder project. 1988; TEI Edition Builder project, 2026."
    )


def test_page_metadata_agrees_with_the_citation_exports(chapter_site: Path) -> None:
    (record,) = json.loads((chapter_site / "citation.json").read_text(encoding="utf-8"))
    meta = head_meta(chapter_site, "index.html")
    tree = html.parse(str(chapter_site / "index.html")).getroot()
    ld = json.loads(tree.xpath("//script[@type='application/ld+json']/text()")[0])
    coins = dict(parse_qsl(tree.xpath("//span[@class='Z3988']/@title")[0]))
    author = f"{record['author'][0]['given']} {record['author'][0]['family']}"
    year, month, day = record["issued"]["date-parts"][0]
    assert meta["citation_title"] == meta["DC.title"] == [record["title"]] == [ld["name"]] == [coins["rft.atitle"]]
    assert meta["citation_author"] == meta["DC.creator"] == [author] == [a["name"] for a in ld["author"]]
    assert coins["rft.au"] == f"{record['author'][0]['family']}, {record['author'][0]['given']}"
    assert (
        meta["citation_inbook_title"]
        == [record["container-title"]]
        == [ld["isPartOf"]["name"]]
        == [coins["rft.btitle"]]
    )
    assert meta["citation_publisher"] == meta["DC.publisher"] == [record["publisher"]] == [ld["publisher"]["name"]]
    assert meta["citation_publication_date"] == [f"{year:04}/{month:02}/{day:02}"]
    assert meta["DC.date"] == [ld["datePublished"]] == [coins["rft.date"]] == [f"{year:04}-{month:02}-{day:02}"]
    assert meta["DCTERMS.hasVersion"] == [record["version"]] == [ld["version"]]
    assert meta["DC.identifier"] == [record["custom"]["idno"]] == [ld["identifier"]]
    bib = (chapter_site / "citation.bib").read_text(encoding="utf-8")
    assert "{{" + record["title"] + "}}" in bib and "{{" + record["container-title"] + "}}" in bib
    ris = (chapter_site / "citation.ris").read_text(encoding="utf-8")
    assert f"TI  - {record['title']}" in ris and f"ID  - {record['custom']['idno']}" in ris


def test_repository_citation_cff_is_the_chapters(chapter_site: Path) -> None:
    """CITATION.cff at the repository root is generated: `python build.py cite --format cff > CITATION.cff`."""
    assert (PROJECT / "CITATION.cff").read_bytes() == (chapter_site / "CITATION.cff").read_bytes()


def test_two_builds_are_byte_identical_and_honour_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sites = []
    for name in ("one", "two"):
        build([CHAPTER, GENERAL / "verse.xml"], tmp_path / name)
        sites.append(
            {str(p.relative_to(tmp_path / name)): p.read_bytes() for p in (tmp_path / name).rglob("*") if p.is_file()}
        )
    assert sites[0] == sites[1]
    assert head_meta(tmp_path / "one" / "north-heritage-khrushchev", "index.html")["edition-build-date"] == [
        "2023-11-14"
    ]


@pytest.mark.parametrize("name", ["north-heritage-khrushchev", *sorted(p.stem for p in GENERAL.glob("*.xml"))])
def test_every_character_of_the_tei_text_is_in_the_html_in_order(collection_site: Path, name: str) -> None:
    source = CHAPTER if name == "north-heritage-khrushchev" else GENERAL / f"{name}.xml"
    doc = parse(source)
    assert isinstance(doc, Document)
    expected = tei_words(doc.tree.getroot())
    actual = html_words((collection_site / name / "index.html").read_text(encoding="utf-8"))
    assert len(expected) > 200
    assert actual == expected


# The fixtures modelled on real corpora that have a text (the register documents have none: their
# entries are checked on their register pages, in test_render_kinds.py).
CORPORA_TEXTS = sorted(p.stem for p in CORPORA.glob("*.xml") if not p.stem.startswith("register-"))


@pytest.mark.parametrize("name", CORPORA_TEXTS)
def test_every_character_of_a_real_kind_of_text_is_in_the_html_in_order(corpora_site: Path, name: str) -> None:
    """Drama, letters (registers in the back), apparatus (readings in the apparatus), tokens,
    placed notes: nothing of the text is lost or moved out of order."""
    doc = parse(CORPORA / f"{name}.xml")
    assert isinstance(doc, Document)
    expected = tei_words(doc.tree.getroot())
    actual = html_words((corpora_site / name / "index.html").read_text(encoding="utf-8"))
    assert len(expected) > 200
    assert actual == expected


def test_a_collection_gets_an_index_and_a_folder_per_document(collection_site: Path) -> None:
    index = html.parse(str(collection_site / "index.html")).getroot()
    links = index.xpath("//ul[@class='collection']/li/a/@href")
    assert len(links) == 7 and all((collection_site / link).is_file() for link in links)
    drama = html.parse(str(collection_site / "drama" / "index.html")).getroot()
    assert drama.xpath("//link[@rel='stylesheet']/@href") == ["../static/edition.css"]
    assert drama.xpath("//nav//a[normalize-space()='Collection']/@href") == ["../index.html"]


def test_search_index_covers_every_paragraph_and_note(chapter_site: Path) -> None:
    script = (chapter_site / "search-index.js").read_text(encoding="utf-8")
    records = json.loads(script.removeprefix("window.EDITION_SEARCH_INDEX = ").removesuffix(";\n"))
    urls = [r["u"] for r in records]
    assert [u for u in urls if re.fullmatch(r"index\.html#p\d+", u)] == [f"index.html#p{n}" for n in range(1, 63)]
    assert [u for u in urls if re.fullmatch(r"index\.html#n\d+", u)] == [f"index.html#n{n}" for n in range(1, 11)]
    p12 = next(r for r in records if r["u"] == "index.html#p12")
    assert p12["t"].startswith("Thirty-three years had passed since Leon Trotsky") and p12["l"] == "¶\u00a012"


def test_every_page_passes_the_nu_html_checker(chapter_site: Path, collection_site: Path, corpora_site: Path) -> None:
    java = shutil.which("java")
    assert java and VNU.is_file(), "run ./install.sh --test (Java and vnu-jar)"
    sites = (chapter_site, collection_site, corpora_site)
    pages = sorted(str(p) for site in sites for p in site.rglob("*.html"))
    assert len(pages) > 30
    result = subprocess.run(
        [java, "-jar", str(VNU), "--stdout", "--format", "gnu", "--errors-only", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("here", ["a/", "b/", "", "x/y/", "./", "../", ".a/", "a b/", "é/"])
@pytest.mark.parametrize("folder", ["a/", "b/", "x/y/", "./", "../", ".a/", "a b/", "é/"])
def test_a_documents_page_from_another_folder_is_what_relpath_says(folder: str, here: str) -> None:
    import posixpath

    from edition.site.pages import page_from

    assert page_from(folder, here) == posixpath.relpath(f"{folder}index.html", here or ".")

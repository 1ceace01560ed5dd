"""edition.site.collection (and the summaries it reads, edition.site.summary): the site root made
from the documents' small summaries alone."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import GENERAL, MINIMAL
from lxml import html

from edition.build.document import render_document
from edition.site.collection import collection_files, collection_parts, collection_title
from edition.site.pages import Listing, SiteOptions, collection_links
from edition.site.summary import DocumentSummary
from edition.tei.header import Metadata
from edition.tei.load import Document, parse


def summaries(paths: Sequence[Path], options: SiteOptions, collection: bool) -> list[DocumentSummary]:
    documents = [doc for path in paths if isinstance(doc := parse(path), Document)]
    folders = {doc.name: f"{doc.stem}/" if collection else "" for doc in documents}
    links = collection_links([Listing(doc.metadata, doc.stem, folders[doc.name]) for doc in documents])
    return [render_document(doc, folders[doc.name], options, ("html",), links)[1] for doc in documents]


@pytest.fixture(scope="module")
def two() -> list[DocumentSummary]:
    return summaries([MINIMAL, GENERAL / "verse.xml"], SiteOptions(), True)


def test_the_title_counts_the_documents() -> None:
    assert collection_title(1) == "A collection of 1 TEI document"
    assert collection_title(3) == "A collection of 3 TEI documents"


def test_a_summary_is_small_and_picklable(two: list[DocumentSummary]) -> None:
    summary = two[0]
    assert (summary.stem, summary.folder, summary.metadata.title) == ("minimal", "minimal/", "A Minimal Edition")
    assert summary.search.startswith(b'{"u":"minimal/index.html#p1","d":"A Minimal Edition"')
    assert b'"t":"Ada wrote in 1999 about Paris:"' in summary.search
    assert summary.files[0] == "minimal/index.html"
    assert {e.key for e in summary.registers} >= {"pers.ada", "place.paris"}
    assert pickle.loads(pickle.dumps(summary)) == summary
    bare = DocumentSummary("a.xml", "a", "", Metadata(), (), 1, ())
    assert (bare.search, bare.registers, bare.dts, bare.assets, bare.sections) == (b"", (), None, (), ())


def test_a_collection_root_lists_every_document_and_merges_the_registers(two: list[DocumentSummary]) -> None:
    files = collection_files(two, SiteOptions(title="Two texts"), collection=True)
    for name in ("index.html", "search.html", "versions.html", "people.html", "places.html"):
        assert name in files, name
    index = html.fromstring(files["index.html"])
    hrefs = index.xpath("//main//a/@href")
    assert "minimal/index.html" in hrefs and any(h.startswith("verse/") for h in hrefs)
    assert "Two texts" in index.findtext(".//title")
    people = html.fromstring(files["people.html"])
    assert people.xpath("//section[@id='pers.ada']")
    assert any(name.startswith("static/") for name in files)
    # The root of the DTS API names both documents.
    assert {
        "dts/index.json",
        "dts/collection/minimal;nav=parents.json",
        "dts/collection/verse;nav=parents.json",
    } <= set(files)


def test_one_document_is_the_root_itself_without_collection_pages() -> None:
    one = summaries([MINIMAL], SiteOptions(search=False), False)
    files = collection_files(one, SiteOptions(search=False), collection=False)
    assert "index.html" not in files and "people.html" not in files and "search.html" not in files
    assert "versions.html" in files


def test_the_root_files_one_at_a_time_are_the_root_files_each_named_once(
    two: list[DocumentSummary], tmp_path: Path
) -> None:
    # A build writes the parts as they come, so a name given twice would be written twice.
    releases = tmp_path / "versions"
    (releases / "1.0.0").mkdir(parents=True)
    (releases / "1.0.0" / "index.html").write_text("<html><body>1.0.0</body></html>", encoding="utf-8")
    options = SiteOptions(title="Two texts", base_url="https://example.org/ed/")
    parts = list(collection_parts(two, options, collection=True, releases=releases))
    names = [name for name, _ in parts]
    assert len(names) == len(set(names))
    assert dict(parts) == collection_files(two, options, collection=True, releases=releases)
    assert {"versions/1.0.0/index.html", "versions.js", "dts/collection/root.json"} <= set(names)

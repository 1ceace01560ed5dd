"""Helpers the tests and benchmarks share: the rendering stages run in memory, without a build."""

from __future__ import annotations

from collections.abc import Sequence

from edition.build.document import render_document
from edition.build.sink import SEARCH_INDEX
from edition.site.collection import collection_files
from edition.site.pages import Listing, SiteOptions, collection_links
from edition.site.search import index_of_pieces
from edition.tei.load import Document


def site_files(
    documents: Sequence[Document], options: SiteOptions, formats: Sequence[str] = ("html",)
) -> tuple[dict[str, bytes], int, int]:
    """The whole site of ``documents`` in memory, unvalidated and unchecked: files, pages, warnings."""
    collection = len(documents) > 1
    files: dict[str, bytes] = {}
    summaries = []
    folders = {doc.name: f"{doc.stem}/" if collection else "" for doc in documents}
    links = collection_links([Listing(doc.metadata, doc.stem, folders[doc.name]) for doc in documents])
    for doc in documents:
        made, summary = render_document(doc, folders[doc.name], options, formats, links)
        files.update(made)
        summaries.append(summary)
    files[SEARCH_INDEX] = index_of_pieces(s.search.decode() for s in summaries).encode()
    files.update(collection_files(summaries, options, collection=collection))
    pages = sum(1 for name in files if name.endswith(".html"))
    return files, pages, sum(len(s.warnings) for s in summaries)

"""The collection stage: the files at the site root, made from the documents' small summaries.

Once every document has been built (here, or in another shard), this stage writes what belongs to
the site as a whole: the collection index and its registers merged across documents, the search
page, the root of the DTS API, the released versions and the shared assets. It reads summaries
only, never a document, so its cost does not depend on the size of the texts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from edition.i18n import interface, ngettext
from edition.site.authorities import register_data_files
from edition.site.cmif import CMIF_FILE, cmif_file
from edition.site.dts import DTSResource, dts_collection_parts
from edition.site.pages import (
    SiteOptions,
    collection_date,
    collection_edition,
    collection_nav,
    collection_page,
    document_nav,
    search_page,
    static_files,
    versions_page,
)
from edition.site.registers import DocumentEntries, merged_registers, register_nav, register_pages
from edition.site.summary import DocumentSummary
from edition.site.versions import released_versions, versions_files
from edition.site.views import asset_files


def collection_title(count: int) -> str:
    return ngettext("A collection of %(n)d TEI document", "A collection of %(n)d TEI documents", count) % {"n": count}


def collection_files(
    summaries: Sequence[DocumentSummary],
    options: SiteOptions,
    *,
    collection: bool,
    releases: Path | None = None,
) -> dict[str, bytes]:
    """Every file of the site root for the documents of ``summaries`` (in their order).

    ``collection`` says whether the documents have folders of their own (a folder of sources) or
    the one document's pages are the site root. Written in the interface's language.
    """
    return dict(collection_parts(summaries, options, collection=collection, releases=releases))


def collection_parts(
    summaries: Sequence[DocumentSummary],
    options: SiteOptions,
    *,
    collection: bool,
    releases: Path | None = None,
) -> Iterator[tuple[str, bytes]]:
    """The files of ``collection_files`` one at a time, for a build to write as they come: a
    collection of thousands of documents has thousands of them, which need not be held together."""
    with interface(options.language):
        yield from _root_files(summaries, options, collection, releases)


def _root_files(
    summaries: Sequence[DocumentSummary], options: SiteOptions, collection: bool, releases: Path | None
) -> Iterator[tuple[str, bytes]]:
    pages = []
    title = (options.title or collection_title(len(summaries))) if collection else None
    # The pages at the root carry the navigation every other page of the site has: the
    # collection's (its index and registers), or the one document's.
    entries = [
        DocumentEntries(s.folder, s.metadata.title or s.stem, tuple(e for e in s.registers if options.shows(e.kind)))
        for s in summaries
    ]
    sections = register_nav(entries) if collection else []
    nav = collection_nav(sections, "") if collection else document_nav(summaries[0].sections)
    if options.search:
        pages.append(search_page(summaries[0], options, title, nav))
    if collection:
        assert title is not None
        pages.append(collection_page(summaries, options, title, sections))
        edition = collection_edition(summaries[0], collection_date(summaries), title)
        merged = [entry for kind in merged_registers(entries).values() for entry in kind]
        data, data_links = register_data_files(
            merged, base_url=options.base_url, name=title, timestamp=collection_date(summaries)
        )
        pages.extend(register_pages(entries, options, edition, collection_nav(sections, ""), data_links))
        del merged
    else:
        data = {}
    del entries
    for page in pages:
        yield page.path, page.html.encode("utf-8")
    del pages
    yield from data.items()
    del data
    resources = [s.dts for s in summaries if isinstance(s.dts, DTSResource)]
    yield from dts_collection_parts(resources, options.base_url, title=title or "")
    del resources
    # Released versions beside the latest, and the script every page uses to link between them.
    released = versions_files(releases, summaries[0].metadata.version)
    yield from released.items()
    versions = released_versions(releases) if releases else []
    changes = [v for v in versions if f"versions/{v}/changes.html" in released]
    yield "versions.html", versions_page(versions, changes, summaries[0], options, nav).html.encode("utf-8")
    yield from static_files(options.theme).items()
    yield from asset_files(asset for s in summaries for asset in s.assets).items()
    # The letters' metadata for correspSearch (CMIF), when there are letters the site may publish.
    fallback = title or summaries[0].metadata.title or summaries[0].stem
    cmif = cmif_file(summaries, options.base_url, options.title, fallback=fallback, licence=options.licence)
    if cmif.data is not None:
        yield CMIF_FILE, cmif.data

"""Registers of a collection: one page per register at the site root, merged across documents.

Two steps, so that the process that writes the site never holds more than small summaries:

- wherever a document is transformed, ``edition.tei.entries`` reads the data the stylesheets
  mark on the register entries they write (``Fragments.entries``): for each entry with an
  identifier, its label, its dates and the paragraphs and notes that mention it, as frozen,
  picklable values.
- ``merged_registers`` and ``register_pages`` run once for the collection: an entry with the same
  identifier (its ``xml:id``) in several documents becomes one entry, listing per document the
  mentions, each linked into that document's folder.

The template is given plain text, which it escapes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from edition.i18n import N_, gettext
from edition.site.authorities import authority_links, entity_nodes
from edition.site.pages import SECTION_PAGES, DataLink, Page, SiteOptions, root_page
from edition.tei.entries import Mention, RegisterEntry

# The fragments that are registers, in the order of the site's pages.
REGISTER_KINDS = ("people", "organisations", "places", "events", "works")
# The per-document intros, said of a collection.
COLLECTION_INTROS = {
    "people": N_("Everyone the documents name, with every paragraph that mentions them."),
    "organisations": N_("Every organisation the documents name, with every paragraph that mentions it."),
    "places": N_("Every place the documents name, with every paragraph that mentions it."),
    "events": N_("The events the documents name, with every paragraph that mentions them."),
    "works": N_("The works the documents cite and name, with every paragraph that mentions them."),
}
# File, heading and navigation label of each register page, as a document's own pages have them.
_PAGES = {name: (file, heading, label) for name, file, heading, label in SECTION_PAGES if name in REGISTER_KINDS}


@dataclass(frozen=True)
class DocumentEntries:
    """What the collection's registers need of one document: its folder (``letter-001/``),
    its title and its register entries."""

    folder: str
    title: str
    entries: tuple[RegisterEntry, ...]


@dataclass(frozen=True)
class DocumentMentions:
    """An entry as one document of the collection has it: the document's title, a link to the
    entry in the document's own register page, and its mentions, linked from the site root."""

    title: str
    href: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class MergedEntry:
    """One entry of a collection's register: every document's entry with the same identifier."""

    kind: str
    key: str
    label: str
    dates: str
    documents: tuple[DocumentMentions, ...]
    authorities: tuple[tuple[str, str], ...] = ()
    geo: tuple[float, float] | None = None


def _sort_key(entry: MergedEntry) -> tuple[str, str, str]:
    """Alphabetical whatever the accents and case ("Émile" beside "Emil"), then exactly."""
    folded = unicodedata.normalize("NFKD", entry.label.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c)), entry.label.casefold(), entry.key


def merged_registers(documents: Sequence[DocumentEntries]) -> dict[str, list[MergedEntry]]:
    """The collection's registers by kind (only kinds with entries, in the order of the site's
    pages), each sorted by label. An entry takes its label from the first document (in the given
    order) that has it, and its dates from the first that shows any. Kinds that are not registers
    (not in ``REGISTER_KINDS``) are left out."""
    gathered: dict[str, dict[str, list[tuple[DocumentEntries, RegisterEntry]]]] = {k: {} for k in REGISTER_KINDS}
    for document in documents:
        for entry in document.entries:
            if entry.kind in gathered:
                gathered[entry.kind].setdefault(entry.key, []).append((document, entry))
    return {
        kind: sorted((_merge(kind, key, found) for key, found in by_key.items()), key=_sort_key)
        for kind, by_key in gathered.items()
        if by_key
    }


def _merge(kind: str, key: str, found: list[tuple[DocumentEntries, RegisterEntry]]) -> MergedEntry:
    file = _PAGES[kind][0]
    return MergedEntry(
        kind=kind,
        key=key,
        label=found[0][1].label,
        dates=next((entry.dates for _, entry in found if entry.dates), ""),
        authorities=tuple(dict.fromkeys(pair for _, entry in found for pair in entry.authorities)),
        geo=next((entry.geo for _, entry in found if entry.geo is not None), None),
        documents=tuple(
            DocumentMentions(
                document.title,
                f"{document.folder}{file}#{key}",
                tuple(Mention(f"{document.folder}{m.href}", m.label, m.note, m.count) for m in entry.mentions),
            )
            for document, entry in found
        ),
    )


def register_nav(documents: Sequence[DocumentEntries]) -> list[tuple[str, str]]:
    """The root register pages the collection has, as (file, navigation label), in page order."""
    kinds = {entry.kind for document in documents for entry in document.entries}
    return [(file, gettext(label)) for kind, (file, _, label) in _PAGES.items() if kind in kinds]


def _plain(entry: MergedEntry) -> dict[str, object]:
    """An entry as the template lays it out: plain text and links only."""
    return {
        "key": entry.key,
        "label": entry.label,
        "dates": entry.dates,
        "authorities": authority_links(entry),
        "geo": list(entry.geo) if entry.geo is not None else None,
        "documents": [
            {
                "title": document.title,
                "href": document.href,
                "paragraphs": [asdict(m) for m in document.mentions if not m.note],
                "notes": [asdict(m) for m in document.mentions if m.note],
            }
            for document in entry.documents
        ],
    }


def register_pages(
    documents: Sequence[DocumentEntries],
    options: SiteOptions,
    edition: dict[str, object],
    nav: list[dict[str, object]],
    data_files: Sequence[DataLink] = (),
) -> list[Page]:
    """The collection's register pages at the site root (``people.html`` …), one per kind with
    entries; ``nav`` is used as given, with the page's own item (by its href) marked current.
    Each carries its entries as JSON-LD and offers ``data_files`` (BEACON, GeoJSON)."""
    pages = []
    for kind, entries in merged_registers(documents).items():
        file, heading, _ = _PAGES[kind]
        pages.append(
            root_page(
                "collection-register.html",
                file,
                gettext(heading),
                edition,
                options,
                entity_nodes(entries, file, options.base_url),
                nav=[{**item, "current": item.get("href") == file} for item in nav],
                intro=gettext(COLLECTION_INTROS[kind]),
                entries=[_plain(entry) for entry in entries],
                document_count=sum(any(e.kind == kind for e in d.entries) for d in documents),
                data_files=list(data_files),
            )
        )
    return pages

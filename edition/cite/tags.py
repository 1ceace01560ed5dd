"""Citation metadata: the build date, the citation of a paragraph, and the tags reference managers read.

Everything here comes from the document's header (``Metadata``); nothing is invented. A date is
the build's ``SOURCE_DATE_EPOCH`` or the last revision in the header, never the clock, so that
two builds of the same sources are identical.

Every channel describes the same thing as ``csl.csl_record``: the chapter, in the book (with its
subtitle), in this digital edition (its editors, publisher, version, date and address), and says
about rights what the header says. When the header reserves the rights in the text
(``availability/@status="restricted"``) its licence covers only the encoding, so no channel
states that licence as the licence of the resource:

- Dublin Core: ``DC.rights`` holds the header's words (the availability paragraph, then the
  licence with its URL); no ``DC.rights`` with a bare licence URL.
- JSON-LD (schema.org): ``copyrightNotice`` holds the availability paragraph; the licence is the
  ``license`` of the ``encoding`` (a ``MediaObject``, the TEI-XML the edition adds), with the
  licence's words as its ``description``, never a ``license`` of the ``Chapter``.
- COinS and Highwire have no rights field and say nothing about rights.

Otherwise (a licence for the whole, as CC0 in the minimal fixture) the licence URL is
``DC.rights`` and the JSON-LD ``license``, as before.
"""

from __future__ import annotations

import functools
import json
from urllib.parse import quote, urlencode

from edition.cite import csl as citations
from edition.tei.header import Metadata, work_title
from edition.urls import is_web, kind, web_url

# The URL of a paragraph is known only in the browser when the site has no base URL: citations
# are formatted once with this stand-in, which the page's script replaces.
URL_STAND_IN = "https://edition.invalid/page#{id}"


def paragraph_page(meta: Metadata, page: str, versioned: str) -> str:
    """Where a paragraph citation points: the page of the release the citation names
    (``versioned``, ``versions/VERSION/…``) when the header records that version as published,
    so that the citation does not drift when a later release changes the text; else ``page``."""
    return versioned if meta.version and meta.version in meta.released_versions and versioned else page


@functools.lru_cache(maxsize=256)
def paragraph_forms(meta: Metadata, date: str, page_url: str = "") -> citations.Formatted:
    """Chicago, MLA and APA citations of "paragraph {n}", plain and HTML.

    ``{n}`` (the paragraph number) and ``{id}`` (its identifier) are left for the page to fill
    in; without an absolute ``page_url`` the URL is ``URL_STAND_IN``, replaced in the browser.
    """
    url = f"{page_url}#{{id}}" if is_web(page_url) else URL_STAND_IN
    return citations.formatted_forms(meta, date, url, paragraph="{n}")


def paragraph_citations(meta: Metadata, date: str, page_url: str = "") -> dict[str, str]:
    """The plain-text forms of ``paragraph_forms``."""
    return paragraph_forms(meta, date, page_url).plain


@functools.lru_cache(maxsize=256)
def edition_forms(meta: Metadata, date: str, url: str = "") -> citations.Formatted:
    """Chicago, MLA and APA citations of the whole edition, plain and HTML."""
    return citations.formatted_forms(meta, date, url)


def edition_citations(meta: Metadata, date: str, url: str = "") -> dict[str, str]:
    """Chicago, MLA and APA citations of the whole edition (citeproc, from the CSL-JSON record)."""
    return edition_forms(meta, date, url).plain


def edition_citation(meta: Metadata, date: str, url: str = "") -> str:
    """The edition's citation where one is printed (the PDF's title page): Chicago bibliography,
    plain text (the book's title unmarked; ``edition_citation_html`` has it in ``<i>``)."""
    return edition_citations(meta, date, url)["chicago-bibliography"]


def edition_citation_html(meta: Metadata, date: str, url: str = "") -> str:
    """``edition_citation`` as HTML (escaped text; the book's title in ``<i>``)."""
    return edition_forms(meta, date, url).html["chicago-bibliography"]


def coins(meta: Metadata, url: str, date: str) -> str:
    """An OpenURL ContextObject (COinS) for the page's ``<span class="Z3988">``, from the CSL record."""
    record = citations.csl_record(meta, date, url)
    pairs = [("ctx_ver", "Z39.88-2004")]
    if record.get("container-title"):
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "bookitem")]
        pairs += [("rft.atitle", record.get("title", "")), ("rft.btitle", record["container-title"])]
    else:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.title", record.get("title", ""))]
    for author in record.get("author", []):
        written = author["literal"] if "literal" in author else f"{author['family']}, {author['given']}"
        if written:
            pairs.append(("rft.au", written))
    edition_date = citations.issued(meta)
    if edition_date:
        pairs.append(("rft.date", edition_date))
    if record.get("publisher"):
        pairs.append(("rft.pub", record["publisher"]))
    if record.get("version") and record.get("container-title"):
        pairs.append(("rft.edition", record["version"]))
    if record.get("URL"):
        pairs.append(("rft_id", record["URL"]))
    return urlencode(pairs, quote_via=quote)


def highwire_tags(meta: Metadata, url: str, date: str) -> list[tuple[str, str]]:
    """Highwire Press ``citation_*`` tags; a chapter of a book is described as a book section.

    As Zotero's Embedded Metadata translator reads them: ``citation_inbook_title`` or
    ``citation_book_title`` make the item a book section, ``citation_author`` its authors and
    ``citation_editor`` its editors (the digital edition's), ``citation_publication_date`` its
    date (this version's), ``citation_public_url`` its URL. The URL is the page's: absolute with a
    base URL, else the page's own file name, which a reader resolves against the page's address
    (Zotero does: relative URLs in meta tags are made absolute).
    """
    tags = [("citation_title", work_title(meta))]
    tags += [("citation_author", author) for author in meta.authors]
    tags += [("citation_editor", editor) for editor in meta.editors]
    if meta.container_title:
        book = citations.book_title(meta)
        tags += [("citation_inbook_title", book), ("citation_book_title", book)]
    edition_date = citations.issued(meta)
    if edition_date:
        tags.append(("citation_publication_date", edition_date.replace("-", "/")))
    if meta.publisher:
        tags.append(("citation_publisher", meta.publisher))
    if meta.languages:
        tags.append(("citation_language", meta.languages[0]))
    if kind(url) in ("web", "local"):
        tags.append(("citation_public_url", url))
    return tags


def dublin_core_tags(meta: Metadata, url: str, date: str) -> list[tuple[str, str]]:
    tags = [("DC.title", work_title(meta))]
    tags += [("DC.creator", author) for author in meta.authors]
    tags += [("DC.contributor", editor) for editor in meta.editors]
    if meta.container_title:
        tags.append(("DCTERMS.isPartOf", citations.book_title(meta)))
    if meta.publisher:
        tags.append(("DC.publisher", meta.publisher))
    edition_date = citations.issued(meta)
    if edition_date:
        tags.append(("DC.date", edition_date))
    tags += [("DC.language", language) for language in meta.languages]
    if meta.identifier:
        tags.append(("DC.identifier", meta.identifier))
    if meta.version:
        tags.append(("DCTERMS.hasVersion", meta.version))
    if citations.text_reserved(meta):
        tags += [("DC.rights", statement) for statement in citations.rights_statements(meta)]
    elif _web_url(meta.licence_url):
        tags.append(("DC.rights", meta.licence_url))
    tags += [("DC.type", "Text"), ("DC.format", "text/html")]
    return tags


def _person(name: str) -> dict[str, str]:
    return {"@type": "Person", "name": name}


def json_ld(meta: Metadata, url: str, date: str) -> str:
    """schema.org JSON-LD, safe to place inside a <script> element.

    The ``Chapter`` is the digital edition's (its editors, publisher, version and date); the
    printed book it reproduces is its ``isBasedOn``, with the date of its first publication.
    """
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Chapter" if meta.container_title else "CreativeWork",
        "name": work_title(meta),
        "author": [_person(author) for author in meta.authors],
    }
    if meta.editors:
        data["editor"] = [_editor(editor) for editor in meta.editors]
    if meta.container_title:
        book = citations.book_title(meta)
        data["isPartOf"] = {"@type": "Book", "name": book}
        original: dict[str, object] = {"@type": "Book", "name": book, "author": data["author"]}
        if meta.original_date:
            original["datePublished"] = meta.original_date
        if meta.source_publisher:
            original["publisher"] = {"@type": "Organization", "name": meta.source_publisher}
        data["isBasedOn"] = original
    optional = {
        "version": meta.version,
        "identifier": meta.identifier,
        "datePublished": citations.issued(meta),
        "inLanguage": meta.languages[0] if meta.languages else "",
        "url": web_url(url),
    }
    data.update({key: value for key, value in optional.items() if value})
    if citations.text_reserved(meta):
        if meta.rights:
            data["copyrightNotice"] = meta.rights
        if _web_url(meta.licence_url) or meta.licence:
            encoding: dict[str, str] = {"@type": "MediaObject", "encodingFormat": "application/tei+xml"}
            if _web_url(meta.licence_url):
                encoding["license"] = meta.licence_url
            if meta.licence:
                encoding["description"] = meta.licence
            data["encoding"] = encoding
    elif _web_url(meta.licence_url):
        data["license"] = meta.licence_url
    if meta.publisher:
        data["publisher"] = {"@type": "Organization", "name": meta.publisher}
    return script_safe_json(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1))


def _editor(name: str) -> dict[str, str] | str:
    """A ``Person`` when the name splits as a person's ("Ada Lovelace"), else the name as text,
    which may be a body's ("TEI Edition Builder project"): the header does not say which."""
    return _person(name) if citations.split_name(name) else name


def script_safe_json(text: str) -> str:
    """JSON text safe inside an HTML ``<script>`` element: no ``<``, ``>`` or ``&`` as such.

    Escaping only ``</`` is not enough: ``<!--<script>`` in a title would keep the element open
    past its end tag. The escapes are still JSON (and JavaScript) for the same characters.
    """
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _web_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL, else '': licences and links come from the header."""
    return web_url(url)

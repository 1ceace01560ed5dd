"""Citation metadata: the build date, the citation of a paragraph, and the tags reference managers read.

Everything here comes from the document's header (``Metadata``); nothing is invented. A date is
the build's ``SOURCE_DATE_EPOCH`` or the last revision in the header, never the clock, so that
two builds of the same sources are identical.
"""

from __future__ import annotations

import functools
import json
from urllib.parse import quote, urlencode

from edition.cite import csl as citations
from edition.tei.header import Metadata, work_title
from edition.urls import is_web, web_url

# The URL of a paragraph is known only in the browser when the site has no base URL: citations
# are formatted once with this stand-in, which the page's script replaces.
URL_STAND_IN = "https://edition.invalid/page#{id}"


@functools.lru_cache(maxsize=256)
def paragraph_citations(meta: Metadata, date: str, page_url: str = "") -> dict[str, str]:
    """Chicago, MLA and APA citations of "paragraph {n}", formatted once by citeproc.

    ``{n}`` (the paragraph number) and ``{id}`` (its identifier) are left for the page to fill
    in; without a known ``page_url`` the URL is ``URL_STAND_IN``, replaced in the browser.
    """
    url = f"{page_url}#{{id}}" if is_web(page_url) else URL_STAND_IN
    return citations.formatted(meta, date, url, paragraph="{n}")


@functools.lru_cache(maxsize=256)
def edition_citations(meta: Metadata, date: str, url: str = "") -> dict[str, str]:
    """Chicago, MLA and APA citations of the whole edition (citeproc, from the CSL-JSON record)."""
    return citations.formatted(meta, date, url)


def edition_citation(meta: Metadata, date: str, url: str = "") -> str:
    """The edition's citation where one is printed (the PDF's title page): Chicago bibliography."""
    return edition_citations(meta, date, url)["chicago-bibliography"]


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
    if date:
        pairs.append(("rft.date", date))
    if record.get("publisher"):
        pairs.append(("rft.pub", record["publisher"]))
    if record.get("URL"):
        pairs.append(("rft_id", record["URL"]))
    return urlencode(pairs, quote_via=quote)


def highwire_tags(meta: Metadata, url: str, date: str) -> list[tuple[str, str]]:
    """Highwire Press ``citation_*`` tags; a chapter of a book is described as a book section."""
    tags = [("citation_title", work_title(meta))]
    tags += [("citation_author", author) for author in meta.authors]
    if meta.container_title:
        tags += [("citation_inbook_title", meta.container_title), ("citation_book_title", meta.container_title)]
    if date:
        tags.append(("citation_publication_date", date.replace("-", "/")))
    if meta.publisher:
        tags.append(("citation_publisher", meta.publisher))
    if meta.languages:
        tags.append(("citation_language", meta.languages[0]))
    if is_web(url):
        tags.append(("citation_public_url", url))
    return tags


def dublin_core_tags(meta: Metadata, url: str, date: str) -> list[tuple[str, str]]:
    tags = [("DC.title", work_title(meta))]
    tags += [("DC.creator", author) for author in meta.authors]
    if meta.container_title:
        tags.append(("DCTERMS.isPartOf", meta.container_title))
    if meta.publisher:
        tags.append(("DC.publisher", meta.publisher))
    if date:
        tags.append(("DC.date", date))
    tags += [("DC.language", language) for language in meta.languages]
    if meta.identifier:
        tags.append(("DC.identifier", meta.identifier))
    if meta.version:
        tags.append(("DCTERMS.hasVersion", meta.version))
    if _web_url(meta.licence_url):
        tags.append(("DC.rights", meta.licence_url))
    tags += [("DC.type", "Text"), ("DC.format", "text/html")]
    return tags


def json_ld(meta: Metadata, url: str, date: str) -> str:
    """schema.org JSON-LD, safe to place inside a <script> element."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Chapter" if meta.container_title else "CreativeWork",
        "name": work_title(meta),
        "author": [{"@type": "Person", "name": author} for author in meta.authors],
    }
    if meta.container_title:
        data["isPartOf"] = {"@type": "Book", "name": meta.container_title}
    optional = {
        "version": meta.version,
        "identifier": meta.identifier,
        "datePublished": date,
        "license": _web_url(meta.licence_url),
        "inLanguage": meta.languages[0] if meta.languages else "",
        "url": web_url(url),
    }
    data.update({key: value for key, value in optional.items() if value})
    if meta.publisher:
        data["publisher"] = {"@type": "Organization", "name": meta.publisher}
    return script_safe_json(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1))


def script_safe_json(text: str) -> str:
    """JSON text safe inside an HTML ``<script>`` element: no ``<``, ``>`` or ``&`` as such.

    Escaping only ``</`` is not enough: ``<!--<script>`` in a title would keep the element open
    past its end tag. The escapes are still JSON (and JavaScript) for the same characters.
    """
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _web_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL, else '': licences and links come from the header."""
    return web_url(url)

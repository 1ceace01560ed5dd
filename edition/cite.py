"""Citation metadata: the build date, the citation of a paragraph, and the tags reference managers read.

Everything here comes from the document's header (``Metadata``); nothing is invented. A date is
the build's ``SOURCE_DATE_EPOCH`` or the last revision in the header, never the clock, so that
two builds of the same sources are identical.
"""

from __future__ import annotations

import datetime
import json

from .header import Metadata
from .output import source_date_epoch


def build_date(meta: Metadata) -> str:
    """ISO date of this build: SOURCE_DATE_EPOCH if set, else the header's last revision or date."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).date().isoformat()
    return meta.last_revision or meta.date


def inverted(name: str) -> str:
    """'David North' -> 'North, David', as citation styles list authors; other shapes stay as given."""
    parts = name.split(" ")
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) == 2 else name


def work_title(meta: Metadata) -> str:
    return meta.source_title or meta.title


def paragraph_citation(meta: Metadata, date: str) -> str:
    """A citation of one paragraph, with ``{n}`` and ``{url}`` left for the page to fill in."""
    authors = " and ".join(inverted(a) if i == 0 else a for i, a in enumerate(meta.authors))
    parts = [f"{authors}." if authors else "", f"“{work_title(meta)}.”"]
    if meta.container_title:
        parts.append(f"In {meta.container_title}.")
    edition = "Digital edition"
    if meta.version:
        edition += f", version {meta.version}"
    if date:
        edition += f" ({date})"
    parts.append(edition + ",")
    if meta.identifier:
        parts.append(f"{meta.identifier},")
    parts.append("¶\u00a0{n}. {url}")
    return " ".join(p for p in parts if p)


def edition_citation(meta: Metadata, date: str) -> str:
    """A citation of the whole edition, in the same shape as the paragraph citation."""
    text = paragraph_citation(meta, date).replace(" ¶\u00a0{n}. {url}", "")
    return text.rstrip(",") + "."


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
    if url.startswith(("http://", "https://")):
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
    if meta.licence_url:
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
        "license": meta.licence_url,
        "inLanguage": meta.languages[0] if meta.languages else "",
        "url": url if url.startswith(("http://", "https://")) else "",
    }
    data.update({key: value for key, value in optional.items() if value})
    if meta.publisher:
        data["publisher"] = {"@type": "Organization", "name": meta.publisher}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    # "</script" inside the JSON would end the element early.
    return text.replace("</", "<\\/")

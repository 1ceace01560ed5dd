"""PDF: the print edition, laid out by WeasyPrint from the same XSLT fragments as the HTML edition.

The fragments are made in print style (notes in place as CSS footnotes, every link inside one
document). The renderer is confined: its URL fetcher serves the print stylesheets from memory and
refuses everything else, so it reads no file and touches no network.
Layout runs twice: the first pass finds the page of every mention, the second prints the index
with those page numbers (page references computed by the renderer, not guessed).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import html
from markupsafe import Markup

from edition.cite import tags as cite
from edition.dates import build_date, midnight_utc
from edition.errors import Problem, warning
from edition.i18n import gettext
from edition.site.pages import render_template
from edition.tei.header import normalize_space
from edition.tei.load import Document
from edition.tei.transform import Fragments, transform
from edition.theme import print_stylesheets

BASE_URL = "https://edition.invalid/"  # .invalid never resolves; nothing is fetched from it anyway
PDF_VARIANT = "pdf/a-3b"


class RendererRefused(Exception):
    """The renderer asked for something outside the build."""


@dataclass(frozen=True)
class PrintResult:
    """A rendered PDF and what the tests and the build report need to know of it."""

    pdf: bytes
    pages: int
    refused: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
        """Serves the build's own resources from memory; refuses every other URL."""

        def __init__(self, resources: Mapping[str, tuple[bytes, str]]) -> None:
            super().__init__(allowed_protocols=())
            self.resources = dict(resources)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: object = None) -> object:
            if url in self.resources:
                data, mime = self.resources[url]
                return URLFetcherResponse(url, data, {"Content-Type": mime})
            self.refused.append(url)
            raise RendererRefused(f"refused to fetch {url}: only the build's own files are served")

    return ConfinedFetcher


def _xmp_properties(doc: Document) -> bytes:
    """Version and identifier, in standard XMP schemas (Dublin Core, XMP Media Management)."""
    meta = doc.metadata
    parts = ['<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
             'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">']  # fmt: skip
    if meta.identifier:
        parts.append(f"<dc:identifier>{escape(meta.identifier)}</dc:identifier>")
    if meta.version:
        parts.append(f"<xmpMM:VersionID>{escape(meta.version)}</xmpMM:VersionID>")
    parts.append("</rdf:Description>")
    return "".join(parts).encode("utf-8")


def _add_xmp(properties: bytes) -> object:
    """A WeasyPrint finisher that puts ``properties`` inside the one rdf:RDF of the XMP packet.

    WeasyPrint's own ``xmp_metadata`` option appends a second rdf:RDF, which XMP readers ignore.
    """

    def finisher(document: object, pdf: object) -> None:
        reference = pdf.catalog["Metadata"]  # type: ignore[attr-defined]
        number = reference.decode() if isinstance(reference, bytes) else str(reference)
        stream = pdf.objects[int(number.split()[0])]  # type: ignore[attr-defined]
        packet = b"".join(stream.stream)
        stream.stream = [packet.replace(b"</rdf:RDF>", properties + b"</rdf:RDF>", 1)]

    return finisher


def _sort_key(label: str, kind: str) -> str:
    """People by surname (the last word of the name), everything else as written."""
    words = label.split()
    key = " ".join([words[-1], *words[:-1]]) if kind == gettext("People") and len(words) > 1 else label
    return key.casefold()


def number_mentions(fragments: Mapping[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Give every mention (``data-mention``) of the named fragments an anchor ``occ-ENTRY-K``.

    Numbered in one pass in reading order (linear, unlike counting preceding mentions in XSLT);
    returns the fragments with their anchors and, for each entry, its anchors in order.
    """
    mentions: dict[str, list[str]] = {}
    numbered = {}
    for name, fragment in fragments.items():
        if not fragment.strip():
            numbered[name] = fragment
            continue
        root = html.fragment_fromstring(fragment, create_parent="div")
        for element in root.xpath("//*[@data-mention]"):
            entry = element.attrib.pop("data-mention")
            anchors = mentions.setdefault(entry, [])
            anchors.append(f"occ-{entry}-{len(anchors) + 1}")
            if not element.get("id"):
                element.set("id", anchors[-1])
            else:
                anchors[-1] = element.get("id")
        numbered[name] = (root.text or "") + "".join(html.tostring(child, encoding="unicode") for child in root)
    return numbered, mentions


def index_html(fragment: str, mentions: Mapping[str, list[str]], pages: Mapping[str, int] | None) -> str:
    """The index with page numbers: each page once, linked to the first mention on it.

    Without ``pages`` (the first layout pass) every mention gets a placeholder of similar width,
    so that the index has the length it will have. Entries never named in the text are left out.
    """
    if not fragment.strip():
        return ""
    root = html.fragment_fromstring(fragment, create_parent="div")
    for part in root.xpath("//section[@class='index-part']"):
        kind = normalize_space(part.findtext("h2") or "")
        for ul in part.xpath(".//ul[@class='index-entries']"):
            items = sorted(ul.findall("li"), key=lambda li: _sort_key(li.findtext("span") or "", kind))
            for li in items:
                ul.remove(li)
                ul.append(li)
    for holder in root.xpath("//span[@class='index-pages']"):
        anchors = mentions.get(holder.attrib.pop("data-entry", ""), [])
        seen: dict[int, str] = {}
        for number, anchor in enumerate(anchors):
            page = pages.get(anchor) if pages is not None else 100 + number
            if page is not None and page not in seen:
                seen[page] = anchor
        links = [f'<a href="#{escape(anchor)}">{page}</a>' for page, anchor in sorted(seen.items())]
        if links:
            holder.append(html.fragment_fromstring("<span>, " + ", ".join(links) + "</span>"))
        else:
            # Only pointed to (by an attribution, say), never named in the text: no index entry.
            entry = holder.getparent()
            entry.getparent().remove(entry)
    return "".join(html.tostring(child, encoding="unicode") for child in root)


def print_html(doc: Document, fragments: Fragments, pages: Mapping[str, int] | None, theme: str = "") -> str:
    """The whole print edition as one HTML document for WeasyPrint."""
    meta = doc.metadata
    date = build_date(meta)
    edition = {
        "title": meta.title or doc.stem,
        "subtitle": meta.subtitle,
        "authors": list(meta.authors),
        "container_title": meta.container_title,
        "source": meta.source_citation,
        "statement": meta.edition_statement,
        "version": meta.version,
        "identifier": meta.identifier,
        "publisher": meta.publisher,
        "date": date,
        "timestamp": midnight_utc(date).strftime("%Y-%m-%dT%H:%M:%SZ") if date else "",
        "citation": cite.edition_citation(meta, date),
        "rights": meta.rights,
        "licence": meta.licence,
        "licence_url": meta.licence_url,
        "language": meta.languages[0] if meta.languages else "en",
    }
    numbered, mentions = number_mentions({name: fragments[name] for name in ("front", "text", "back")})
    parts = {name: Markup(value) for name, value in numbered.items()}
    parts["works"] = Markup(fragments["works"])
    parts["index"] = Markup(index_html(fragments["index"], mentions, pages))
    return render_template("print.html", theme=theme, edition=edition, parts=parts)


@functools.cache
def _font_config() -> object:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _anchor_pages(document: object) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):  # type: ignore[attr-defined]
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


def footnote_placement(document: object) -> dict[str, tuple[int | None, int | None]]:
    """For each footnote id, the page of its call and the page of its body, as laid out."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    calls: dict[str, int] = {}
    bodies: dict[str, int] = {}

    def walk(box: object, page: int, in_area: bool) -> None:
        in_area = in_area or isinstance(box, FootnoteAreaBox)
        element = getattr(box, "element", None)
        if element is not None and element.get("class") == "footnote" and element.get("id"):
            if in_area:
                bodies.setdefault(element.get("id"), page)
            elif str(getattr(box, "element_tag", "")).endswith("::footnote-call"):
                calls.setdefault(element.get("id"), page)
        for child in getattr(box, "children", ()):
            walk(child, page, in_area)

    for number, page in enumerate(document.pages, start=1):  # type: ignore[attr-defined]
        walk(page._page_box, number, False)
    return {key: (calls.get(key), bodies.get(key)) for key in sorted(set(calls) | set(bodies))}


# WeasyPrint sometimes defers a footnote to the page after its call (when a paragraph is first
# tried on one page, then pushed to the next by widows and orphans). The layout is then retried
# with slightly gentler rules, in this fixed order, until every footnote sits with its call.
RELAXATIONS = (
    "",
    "p { orphans: 2; widows: 2; }",
    "p { orphans: 2; widows: 2; } .footnote { line-height: 1.2; }",
    "p { orphans: 2; widows: 2; } @page { @footnote { margin-top: 2mm; padding-top: 1.5mm; } }",
    "p { orphans: 1; widows: 1; }",
)


def render_pdf(doc: Document, fragments: Fragments | None = None, *, theme: str = "") -> PrintResult:
    """Lay out and write the PDF/A-3b of one document, with its TEI source embedded, in the
    built-in theme or the one ``theme`` names (its templates, print stylesheet and custom.xsl)."""
    from weasyprint import HTML, Attachment

    fragments = fragments or transform(doc, link_style="single", note_style="inline", theme=theme)
    date = build_date(doc.metadata)
    when = midnight_utc(date)
    resources = {BASE_URL + name: (data, "text/css") for name, data in print_stylesheets(theme).items()}
    fetcher = _fetcher_class()(resources)
    found: list[Problem] = []

    def layout(pages: Mapping[str, int] | None, relax: str) -> object:
        fetcher.resources[BASE_URL + "relax.css"] = (relax.encode(), "text/css")
        page = HTML(string=print_html(doc, fragments, pages, theme), base_url=BASE_URL, url_fetcher=fetcher)
        return page.render(font_config=_font_config(), pdf_tags=True)

    for relax in RELAXATIONS:
        draft = layout(None, relax)
        misplaced = [key for key, (call, body) in footnote_placement(draft).items() if call != body]
        if not misplaced:
            break
    else:
        relax = RELAXATIONS[0]
        draft = layout(None, relax)
        message = f"footnotes {', '.join(misplaced)} are not on the page of their call"
        found.append(warning(doc.name, 0, 0, "pdf-footnote", message))
    # The index comes last, so filling in its page numbers moves nothing before it.
    rendered = layout(_anchor_pages(draft), relax)
    attachment = Attachment(
        file_obj=io.BytesIO(doc.source),
        name=f"{doc.stem}.xml",
        description="The TEI P5 source of this edition",
        created=when,
        modified=when,
        relationship="Source",
        url_fetcher=fetcher,
    )
    pdf = rendered.write_pdf(  # type: ignore[attr-defined]
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        attachments=[attachment],
        finisher=_add_xmp(_xmp_properties(doc)),
    )
    found += [warning(doc.name, 0, 0, "pdf-refused", f"the PDF renderer was refused {url}") for url in fetcher.refused]
    pages = len(rendered.pages)  # type: ignore[attr-defined]
    return PrintResult(bytes(pdf), pages, tuple(fetcher.refused), tuple(found))

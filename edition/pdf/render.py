"""PDF: the print edition, laid out by WeasyPrint from the same XSLT fragments as the HTML edition.

The fragments are made in print style (notes in place as CSS footnotes, every link inside one
document). The renderer is confined: its URL fetcher serves the print stylesheets from memory and
refuses everything else, so it reads no file and touches no network.

The book is laid out once: title page, copyright page, contents, text and works, with an empty
stand-in for the index that starts its page (the contents read the index's page number from it
with ``target-counter``). That one layout gives the page of every mention, so the index is then
laid out on its own as a short document whose page numbers continue the book's, and its pages
replace the stand-in's. The index comes last, so nothing before it can move; its numbers are
the pages of the one layout that is printed, "each page once" by construction. Footnotes are
checked on the same layout; a second layout is made only when that check finds a footnote that
WeasyPrint pushed to the page after its call.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree, html
from markupsafe import Markup

from edition.cite import tags as cite
from edition.dates import build_date, midnight_utc
from edition.errors import Problem, warning
from edition.site.pages import render_template
from edition.tei.header import NS, normalize_space
from edition.tei.load import Document
from edition.tei.transform import Fragments, transform
from edition.theme import print_stylesheets

BASE_URL = "https://edition.invalid/"  # .invalid never resolves; nothing is fetched from it anyway
PDF_VARIANT = "pdf/a-3b"
IMPRINT_AT_FOOT = 2500  # characters of source, edition statement and rights

# A mention inside one of these is not indexed: the title page (the book's author is not a name
# the text mentions), titles of works, bibliographic references and the edition's own additions.
_UNINDEXED = " or ".join(
    [
        "ancestor-or-self::cite",
        "ancestor-or-self::*[@data-added]",
        *(
            f"ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
            for name in ("tei-titlePage", "tei-docAuthor", "tei-docTitle", "tei-byline", "tei-bibl", "tei-title")
        ),
    ]
)


class RendererRefused(Exception):
    """The renderer asked for something outside the build."""


@dataclass(frozen=True)
class PrintResult:
    """A rendered PDF and what the tests and the build report need to know of it."""

    pdf: bytes
    pages: int
    refused: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()
    layouts: int = 1  # layouts of the book (the index's own short layout not counted)


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


def print_fetcher(theme: str = "", relax: str = "") -> object:
    """A confined fetcher serving the print stylesheets (the theme's) and ``relax`` as ``relax.css``."""
    resources = {BASE_URL + name: (data, "text/css") for name, data in print_stylesheets(theme).items()}
    resources[BASE_URL + "relax.css"] = (relax.encode(), "text/css")
    return _fetcher_class()(resources)


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


# --- the index ---------------------------------------------------------------------------------


def _words(element: etree._Element, name: str) -> str:
    parts = (normalize_space(str(part.xpath("string(.)"))) for part in element.iterfind(f".//tei:{name}", NS))
    return " ".join(part for part in parts if part)


def index_headings(doc: Document) -> dict[str, str]:
    """People as an index lists them, surname first, from the register's structured names.

    ``persName/surname`` and ``forename`` give "Khrushchev, Nikita" (a ``nameLink`` follows the
    forenames, a ``genName`` comes last); a person whose name has no ``surname`` keeps the label
    the register gives it.
    """
    headings = {}
    for person in doc.tree.iterfind(".//tei:person[@{http://www.w3.org/XML/1998/namespace}id]", NS):
        name = person.find("tei:persName", NS)
        if name is None:
            continue
        surname = _words(name, "surname")
        if not surname:
            continue
        given = " ".join(part for part in (_words(name, "forename"), _words(name, "nameLink")) if part)
        heading = f"{surname}, {given}" if given else surname
        generation = _words(name, "genName")
        headings[person.get("{http://www.w3.org/XML/1998/namespace}id", "")] = (
            f"{heading}, {generation}" if generation else heading
        )
    return headings


def _sort_key(heading: str) -> tuple[str, str]:
    """Letter by letter, ignoring case, accents and leading quotation marks."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", heading) if not unicodedata.combining(c))
    return re.sub(r"^[\W_]+", "", plain).casefold(), heading


# Elements the print stylesheet does not show inline in the line (a space moved into one would
# be lost or misplaced).
_NOT_IN_LINE = {"margin", "footnote", "visually-hidden", "cite-button", "source-link"}
_INLINE_TAGS = {"a", "abbr", "b", "bdi", "cite", "code", "dfn", "em", "i", "mark", "q", "s", "small", "span",
                "strong", "sub", "sup", "time", "u", "var"}  # fmt: skip


def _spaces_before_inlines(root: html.HtmlElement) -> None:
    """Give the space before each inline element an inline box of its own.

    WeasyPrint 70 (``split_inline_box``) sometimes cannot break a line at a space that ends the
    text before an inline element (a name, a date) when that element does not fit: it breaks at
    the first space of the text instead, leaving a line of a few words spaced across the
    measure ("The   tone   set   by   Cannon's"). A space in an element of its own is a break
    opportunity it finds. The text reads and copies the same.
    """
    for element in list(root.iter(*_INLINE_TAGS)):
        if element.get("hidden") is not None or _NOT_IN_LINE & set(element.get("class", "").split()):
            continue
        previous = element.getprevious()
        before = previous.tail if previous is not None else element.getparent().text
        if not before or not before.endswith(" ") or before.endswith("  "):
            continue
        if previous is not None:
            previous.tail = before[:-1]
        else:
            element.getparent().text = before[:-1]
        space = html.Element("span")
        space.text = " "
        element.addprevious(space)


_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]")


def _collapsed_footnotes(root: html.HtmlElement) -> None:
    """Collapse the white space of each footnote's text as the browser would (a space for each
    run; no-break spaces kept).

    WeasyPrint 70 lays a footnote (``float: footnote``) out from its text as written: a note whose
    source breaks its lines (" – ⏎⇥ Nachträgliche Inhaltsangabe", in an Escher letter) fails an
    assertion where such a run falls at the end of a printed line ("Got ' \n' between two
    lines"), and the whole document's PDF with it. Collapsed, it prints the same.
    """
    for note in root.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' footnote ')]"):
        for element in note.iter():
            if element.text:
                element.text = _COLLAPSIBLE.sub(" ", element.text)
            if element is not note and element.tail:
                element.tail = _COLLAPSIBLE.sub(" ", element.tail)


def _serialize(root: html.HtmlElement) -> str:
    return (root.text or "") + "".join(html.tostring(child, encoding="unicode") for child in root)


@dataclass(frozen=True)
class PrintParts:
    """The fragments as printed: mentions numbered, index entries headed and sorted."""

    parts: dict[str, str]  # front, text, back, works
    index: str  # the index without its page numbers (``index-pages`` holders still empty)
    mentions: dict[str, list[str]]  # entry id -> the anchors of its indexed mentions, in order


def print_parts(doc: Document, fragments: Fragments) -> PrintParts:
    """Number every indexed mention (``data-mention``) ``occ-ENTRY-K``, in one pass in reading
    order, and prepare the index: entries named in the text, surnames first, sorted.

    Mentions on the title page, in titles of works, in bibliographic references and in the
    edition's additions are not indexed. An entry left with no mention is left out of the index,
    and the names that pointed to it stop being links (to nothing).
    """
    mentions: dict[str, list[str]] = {}
    roots: dict[str, html.HtmlElement] = {}
    for name in ("front", "text", "back"):
        if not fragments[name].strip():
            continue
        root = roots[name] = html.fragment_fromstring(fragments[name], create_parent="div")
        for element in root.xpath("//*[@data-mention]"):
            entry = element.attrib.pop("data-mention")
            if element.xpath(_UNINDEXED):
                continue
            anchors = mentions.setdefault(entry, [])
            if not element.get("id"):
                element.set("id", f"occ-{entry}-{len(anchors) + 1}")
            anchors.append(element.get("id"))
    index = ""
    listed: set[str] = set()
    if fragments["index"].strip():
        headings = index_headings(doc)
        root = html.fragment_fromstring(fragments["index"], create_parent="div")
        for ul in root.xpath("//ul[@class='index-entries']"):
            items = []
            for li in ul.findall("li"):
                ul.remove(li)
                entry = li.get("id", "")
                label = li.find("span[@class='index-label']")
                if entry in headings and label is not None:
                    label.text, label[:] = headings[entry], []
                listed.add(entry)
                if mentions.get(entry):
                    items.append(li)
            ul.extend(sorted(items, key=lambda li: _sort_key(normalize_space(li.findtext("span") or ""))))
        for part in root.xpath("//section[@class='index-part'][not(.//li)]"):
            part.getparent().remove(part)
        index = _serialize(root) if root.xpath("//li") else ""
    unlisted = {entry for entry in listed if not mentions.get(entry)}
    parts = {}
    for name in ("front", "text", "back", "works"):
        if not fragments[name].strip():
            parts[name] = fragments[name]
            continue
        root = roots.get(name)
        if root is None:
            root = html.fragment_fromstring(fragments[name], create_parent="div")
        for link in root.xpath("//a[starts-with(@href, '#')]"):
            if link.get("href", "")[1:] in unlisted:
                del link.attrib["href"]
        _spaces_before_inlines(root)
        _collapsed_footnotes(root)
        parts[name] = _serialize(root)
    return PrintParts(parts, index, {entry: anchors for entry, anchors in mentions.items() if entry in listed})


def index_html(prepared: PrintParts, pages: Mapping[str, int]) -> str:
    """The index with its page numbers: each page once, linked to the first mention on it."""
    if not prepared.index:
        return ""
    root = html.fragment_fromstring(prepared.index, create_parent="div")
    for holder in root.xpath("//span[@class='index-pages']"):
        seen: dict[int, str] = {}
        for anchor in prepared.mentions.get(holder.attrib.pop("data-entry", ""), []):
            page = pages.get(anchor)
            if page is not None and page not in seen:
                seen[page] = anchor
        links = ", ".join(f'<a href="#{escape(anchor)}">{page}</a>' for page, anchor in sorted(seen.items()))
        holder.append(html.fragment_fromstring(f"<span>, {links}</span>" if links else "<span></span>"))
    # No spaces of their own here (see _spaces_before_inlines): the index is set ragged, where
    # an early break costs nothing, and its balanced columns lay every line out several times.
    return _serialize(root)


# --- the book ----------------------------------------------------------------------------------


def _edition(doc: Document, online_url: str) -> dict[str, object]:
    meta = doc.metadata
    date = build_date(meta)
    authors = " and ".join(meta.authors)
    return {
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
        "citation": cite.edition_citation(meta, date, online_url),
        "online_url": online_url,
        "rights": meta.rights,
        "licence": meta.licence,
        "licence_url": meta.licence_url,
        "language": meta.languages[0] if meta.languages else "en",
        # The verso's running head: the author, else the book, else the edition's own title.
        "verso_head": authors or meta.container_title or meta.title or doc.stem,
        # The imprint stands at the foot of its page when it fits there with room to spare (a
        # page holds some 4,500 characters of it); WeasyPrint cannot carry the flexbox that
        # puts it there over to a second page, so a longer one runs from the top instead.
        "imprint_at_foot": len(meta.rights + meta.source_citation + meta.edition_statement) < IMPRINT_AT_FOOT,
    }


def book_html(
    doc: Document,
    prepared: PrintParts,
    *,
    part: str = "book",
    pages: Mapping[str, int] | None = None,
    first_page: int = 1,
    online_url: str = "",
    theme: str = "",
) -> str:
    """The print edition as HTML for WeasyPrint, from the theme's ``print.html`` if it has one.

    ``part`` is ``book`` (everything but the index, which is an empty stand-in that starts its
    page), ``index`` (the index alone, its pages numbered from ``first_page``) or ``whole``
    (everything in one document, as the benchmark's floor lays it out).
    """
    index = index_html(prepared, pages or {}) if part != "book" else ""
    parts = {name: Markup(value) for name, value in prepared.parts.items()}
    parts["index"] = Markup(index)
    return render_template(
        "print.html",
        theme=theme,
        edition=_edition(doc, online_url),
        parts=parts,
        part=part,
        has_index=bool(prepared.index),
        first_page=int(first_page),
        first_side="right" if first_page % 2 else "left",
    )


def floor_html(doc: Document, fragments: Fragments, online_url: str = "", theme: str = "") -> str:
    """The whole print page in one document with the index as printed (the benchmark's floor)."""
    prepared = print_parts(doc, fragments)
    book = _layout(book_html(doc, prepared, online_url=online_url, theme=theme), print_fetcher(theme))
    return book_html(doc, prepared, part="whole", pages=_anchor_pages(book), online_url=online_url, theme=theme)


@functools.cache
def _font_config() -> object:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _layout(page: str, fetcher: object) -> object:
    from weasyprint import HTML

    return HTML(string=page, base_url=BASE_URL, url_fetcher=fetcher).render(font_config=_font_config(), pdf_tags=True)


def _anchor_pages(document: object) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):  # type: ignore[attr-defined]
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


def _boxes(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


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


def _first_line_id(page: object) -> tuple[str, int] | None:
    """The id and ``orphans`` of the nearest identified element around the first line of the
    page's text (not a running head, not a footnote), if there is one."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox, LineBox, MarginBox

    def walk(box: object, identified: tuple[str, int] | None) -> tuple[str, int] | None:
        if isinstance(box, (FootnoteAreaBox, MarginBox)):
            return None
        element = getattr(box, "element", None)
        if element is not None and element.get("id") and not getattr(box, "element_tag", "").count("::"):
            identified = (element.get("id"), box.style["orphans"])  # type: ignore[attr-defined]
        for child in getattr(box, "children", ()):
            if isinstance(child, LineBox):
                return identified
            found = walk(child, identified)
            if found is not None:
                return found
        return None

    return walk(page._page_box, None)  # type: ignore[attr-defined]


def _held_back(document: object, misplaced: Sequence[str]) -> list[str]:
    """Rules that keep each misplaced footnote on the page of its call.

    WeasyPrint moves a footnote to the next page to make room for one more line of the
    paragraph that runs over the foot of the page, when that line is the one ``orphans`` asks
    for. That paragraph is the one the next page begins with: asking one line fewer of it
    (``orphans: 2``, still no single line left alone) lets the page break above that line and
    the footnote stay with its call.
    """
    placement = footnote_placement(document)
    pages = document.pages  # type: ignore[attr-defined]
    rules = []
    for key in misplaced:
        call, _ = placement[key]
        if call is None or call >= len(pages):
            continue
        found = _first_line_id(pages[call])
        if found is not None and found[1] > 1:
            identifier, orphans = found
            selector = '[id="' + identifier.replace("\\", "\\\\").replace('"', '\\"') + '"]'
            rules.append(f"{selector}, {selector} * {{ orphans: {orphans - 1}; }}")
    return rules


# Generic relaxations, in this fixed order, for when holding back the paragraph at the foot of
# the page does not keep every footnote with its call.
RELAXATIONS = (
    "p { orphans: 2; widows: 2; }",
    "p { orphans: 2; widows: 2; } .footnote { line-height: 1.2; }",
    "p { orphans: 2; widows: 2; } @page { @footnote { margin-top: 2mm; padding-top: 1.5mm; } }",
    "p { orphans: 1; widows: 1; }",
)
HOLD_BACK_ROUNDS = 3


def _misplaced(document: object) -> list[str]:
    return [key for key, (call, body) in footnote_placement(document).items() if call != body]


def lay_out_book(page: str, fetcher: object) -> tuple[object, list[str], int]:
    """Lay the book out, once if its footnotes all sit with their calls, else until they do.

    Each retry serves its extra CSS as ``relax.css``. Returns the layout kept, the footnotes
    still misplaced in it (none, unless every retry failed too) and the number of layouts.
    """

    def attempt(relax: str) -> tuple[object, list[str]]:
        fetcher.resources[BASE_URL + "relax.css"] = (relax.encode(), "text/css")  # type: ignore[attr-defined]
        laid_out = _layout(page, fetcher)
        return laid_out, _misplaced(laid_out)

    layouts = 1
    best = attempt("")
    if not best[1]:
        return best[0], [], layouts
    held: list[str] = []
    current = best
    for _ in range(HOLD_BACK_ROUNDS):
        new = [rule for rule in _held_back(current[0], current[1]) if rule not in held]
        if not new:
            break
        held += new
        current = attempt("\n".join(held))
        layouts += 1
        if len(current[1]) < len(best[1]):
            best = current
        if not current[1]:
            return current[0], [], layouts
    for relax in RELAXATIONS:
        current = attempt(relax)
        layouts += 1
        if len(current[1]) < len(best[1]):
            best = current
        if not current[1]:
            break
    return best[0], best[1], layouts


def render_pdf(
    doc: Document, fragments: Fragments | None = None, *, theme: str = "", online_url: str = ""
) -> PrintResult:
    """Lay out and write the PDF/A-3b of one document, with its TEI source embedded, in the
    built-in theme or the one ``theme`` names (its templates, print stylesheet and custom.xsl).

    ``online_url`` is the address of the HTML edition (when the site's base URL is known); the
    copyright page prints it and the citation there gives it.
    """
    from weasyprint import Attachment

    fragments = fragments or transform(doc, link_style="single", note_style="inline", theme=theme)
    prepared = print_parts(doc, fragments)
    when = midnight_utc(build_date(doc.metadata))
    fetcher = print_fetcher(theme)
    found: list[Problem] = []
    book_page = book_html(doc, prepared, online_url=online_url, theme=theme)
    book, misplaced, layouts = lay_out_book(book_page, fetcher)
    if misplaced:
        message = f"footnotes {', '.join(misplaced)} are not on the page of their call"
        found.append(warning(doc.name, 0, 0, "pdf-footnote", message))
    pages = list(book.pages)  # type: ignore[attr-defined]
    anchors = _anchor_pages(book)
    if prepared.index and "index" in anchors:
        # The stand-in's page and any after it give way to the index, laid out on its own with
        # the pages of this one layout; its numbering and its first page's side continue the book.
        start = anchors["index"]
        index_page = book_html(
            doc, prepared, part="index", pages=anchors, first_page=start, online_url=online_url, theme=theme
        )
        index = _layout(index_page, fetcher)
        pages = pages[: start - 1] + list(index.pages)  # type: ignore[attr-defined]
    rendered = book.copy(pages)  # type: ignore[attr-defined]
    attachment = Attachment(
        file_obj=io.BytesIO(doc.source),
        name=f"{doc.stem}.xml",
        description="The TEI P5 source of this edition",
        created=when,
        modified=when,
        relationship="Source",
        url_fetcher=fetcher,
    )
    pdf = rendered.write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        attachments=[attachment],
        finisher=_add_xmp(_xmp_properties(doc)),
    )
    found += [warning(doc.name, 0, 0, "pdf-refused", f"the PDF renderer was refused {url}") for url in fetcher.refused]  # type: ignore[attr-defined]
    return PrintResult(bytes(pdf), len(pages), tuple(fetcher.refused), tuple(found), layouts)  # type: ignore[attr-defined]

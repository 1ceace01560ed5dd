"""The e-book of one document: ``render_epub`` makes an EPUB 3 from the site's fragments.

The book holds, in reading order: a title page (the edition's facts and how to cite it), the
navigation document, the text (with the letter's head, the apparatus and the notes as pop-up
footnotes), the registers as back matter (people, organisations, places, events, works,
timeline), the description of the edition, and a colophon with the typeface's licence. The
package document carries the TEI header's metadata: title, authors, the header's identifier (as
``unique-identifier``), language, publication date, publisher, rights and licence as the header
states them, source, series and version; ``dcterms:modified`` is the build's moment
(``SOURCE_DATE_EPOCH``, else the header's last revision), never the clock. An NCX is included
for reading systems of EPUB 2.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from markupsafe import Markup

from edition.cite import tags as cite
from edition.dates import build_date, moment
from edition.epub.content import Content, footnotes, fragment, link_documents, serialize
from edition.epub.package import fonts, package_date, zip_epub
from edition.errors import Problem, warning
from edition.i18n import N_, current, gettext
from edition.site.pages import INTROS, SECTION_PAGES, SiteOptions, render_template
from edition.tei.header import NS, normalize_space
from edition.tei.load import Document
from edition.tei.transform import Fragments, transform

# The registers, in the order of the site's pages; "about" follows them as the last back matter.
REGISTERS = ("people", "organisations", "places", "events", "works", "timeline")
XHTML = "application/xhtml+xml"


@dataclass(frozen=True)
class EpubResult:
    """An e-book and what the build report needs to know of it."""

    epub: bytes
    files: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Entry:
    """A line of the table of contents: where it goes, its label, and the lines under it."""

    href: str
    label: str
    children: tuple[Entry, ...] = ()


def identifier(doc: Document, options: SiteOptions, folder: str = "") -> str:
    """The book's identifier: the header's idno; else the text's URL where the site is published;
    else a name-based UUID of the document (the same for every build of it), never a random one."""
    meta = doc.metadata
    if meta.identifier:
        return meta.identifier
    if options.base_url:
        return f"{options.base_url.rstrip('/')}/{folder}index.html"
    name = f"tei-edition:{meta.document_id or doc.stem}:{meta.title}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def source_of(doc: Document) -> str:
    """What the edition was made from, as the header says: its source's citation, else the
    manuscript's place, holder and shelfmark."""
    if doc.metadata.source_citation:
        return doc.metadata.source_citation
    found = doc.tree.xpath(
        "(/tei:TEI | /tei:teiCorpus)/tei:teiHeader/tei:fileDesc/tei:sourceDesc//tei:msIdentifier[1]/*", namespaces=NS
    )
    return ", ".join(text for part in found if (text := normalize_space(str(part.xpath("string(.)")))))


def _modified(doc: Document) -> str:
    stamp = datetime.datetime.fromtimestamp(moment(doc.metadata), tz=datetime.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def _holder(*parts: str) -> etree._Element:
    """The elements of several fragments under one element."""
    root = fragment("")
    for markup in parts:
        part = fragment(markup)
        if part.text and part.text.strip():
            root.append(etree.Element("span"))
            root[-1].text = part.text
        root.extend(list(part))
    return root


def _element(tag: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.Element(tag, {key.replace("_", "-"): value for key, value in attributes.items()})
    element.text = text or None
    return element


def text_content(doc: Document, fragments: Fragments, title: str) -> Content:
    """The text's content document: the letter's head, the text, the apparatus, the notes."""
    meta = doc.metadata
    language = meta.languages[0] if meta.languages else "en"
    body = _holder(fragments["correspondence"], fragments["contents"])
    article = _element("article", **{"class": "edition-text"})
    if language != current():
        article.set("lang", language)
        article.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    article.extend(list(_holder(fragments["front"], fragments["text"], fragments["back"])))
    body.append(article)
    if fragments["apparatus"].strip():
        section = _element("section", **{"class": "apparatus-section"})
        section.extend(list(_holder(fragments["apparatus"])))
        body.append(section)
    if fragments["notes"].strip():
        section = _element("section", **{"class": "notes-section", "aria-labelledby": "notes-heading"})
        section.append(_element("h2", gettext("Notes"), id="notes-heading"))
        section.extend(list(footnotes(fragments["notes"])))
        body.append(section)
    return Content("text.xhtml", title, body)


def section_content(name: str, heading: str, markup: str) -> Content:
    """A register's (or the edition's description's) content document."""
    body = _holder()
    section = _element("section", **{"class": f"register {name}", "aria-labelledby": f"{name}-heading"})
    section.append(_element("h1", heading, id=f"{name}-heading"))
    if name in INTROS:
        section.append(_element("p", gettext(INTROS[name]), **{"class": "register-intro"}))
    section.extend(list(_holder(markup)))
    body.append(section)
    return Content(f"{name}.xhtml", heading, body)


def _headings(content: Content) -> tuple[Entry, ...]:
    """The sections of the text that have a heading and an id, for the table of contents."""
    found = []
    for section in content.body.xpath("descendant::section[@id][h1 or h2][not(ancestor::section[@id][h1 or h2])]"):
        heading = section.xpath("(h1 | h2)[1]")[0]
        label = normalize_space(str(heading.xpath("string(.)")))
        if label:
            found.append(Entry(f"{content.file}#{section.get('id')}", label))
    return tuple(found)


def _edition_facts(doc: Document, source: str) -> dict[str, object]:
    meta = doc.metadata
    date = build_date(meta)
    return {
        "title": meta.title or doc.stem,
        "subtitle": meta.subtitle,
        "authors": list(meta.authors),
        "container_title": meta.container_title,
        "source": source,
        "statement": meta.edition_statement,
        "version": meta.version,
        "identifier": meta.identifier,
        "publisher": meta.publisher,
        "date": meta.date if package_date(meta.date) else "",
        "citation": cite.edition_citation(meta, date),
        "rights": meta.rights,
        "licence": meta.licence,
        "licence_url": meta.licence_url if meta.licence_url.startswith(("http://", "https://")) else "",
        "language": meta.languages[0] if meta.languages else "en",
    }


def _rights(doc: Document, project_licence: str = "") -> str:
    """What the header says of the rights, as it says it: its availability's statement and
    licence (a licence of the encoding is not one of the text unless the header says so); the
    project file's licence of the encoding where the header states none, as the site's pages do."""
    meta = doc.metadata
    parts = [meta.rights, meta.licence or project_licence]
    if meta.licence_url and meta.licence_url not in meta.licence:
        parts.append(f"({meta.licence_url})")
    return " ".join(part for part in parts if part)


def _page(content: Content, matter: str, theme: str) -> bytes:
    page = {
        "title": content.title,
        "matter": matter,
        "kind": content.file.removesuffix(".xhtml"),
        "body": Markup(serialize(content.body)),
    }
    return render_template("epub/content.xhtml", theme=theme, page=page).encode("utf-8")


def _numbered(entries: Sequence[Entry]) -> list[dict[str, object]]:
    """The table of contents with play orders, for the NCX."""
    points: list[dict[str, object]] = []
    order = 0
    for entry in entries:
        order += 1
        point: dict[str, object] = {"order": order, "label": entry.label, "href": entry.href}
        children = []
        for child in entry.children:
            order += 1
            children.append({"order": order, "label": child.label, "href": child.href})
        point["children"] = children
        points.append(point)
    return points


def render_epub(doc: Document, options: SiteOptions | None = None, *, folder: str = "") -> EpubResult:
    """The EPUB 3 of one (valid) document, in the interface's language under way."""
    options = options or SiteOptions()
    theme = options.theme
    meta = doc.metadata
    # The registers the site has no page for ([site] of edition.toml) are not in the book either.
    without = tuple(name for name in REGISTERS if not options.shows(name))
    fragments = transform(doc, link_style="single", note_style="end", theme=theme, without=without)
    title = meta.title or doc.stem
    source = source_of(doc)
    faces = fonts()
    found: list[Problem] = []
    if not faces:
        message = "EB Garamond (Debian's fonts-ebgaramond) is not installed: the e-book embeds no typeface"
        found.append(warning(doc.name, 0, 0, "epub-font", message))

    text = text_content(doc, fragments, title)
    back = [
        section_content(name, gettext(heading), fragments[name])
        for name, _, heading, _ in SECTION_PAGES
        if name in REGISTERS and fragments[name].strip() and name not in without
    ]
    about = [section_content("about", gettext(N_("About this edition")), fragments["about"])]
    about = about if fragments["about"].strip() else []
    contents = [text, *back, *about]
    link_documents(contents)

    files: list[tuple[str, bytes, str, str]] = []  # name, bytes, media type, properties
    edition = _edition_facts(doc, source)
    if not edition["licence"] and options.licence:
        edition["licence"] = options.licence
    files.append(("title.xhtml", render_template("epub/title.xhtml", theme=theme, edition=edition).encode(), XHTML, ""))
    entries = [Entry("title.xhtml", gettext(N_("Title page"))), Entry("nav.xhtml#toc", gettext("Contents"))]
    entries.append(Entry("text.xhtml", title, _headings(text)))
    if text.body.xpath("descendant::*[@id='notes-heading']"):
        entries.append(Entry("text.xhtml#notes-heading", gettext("Notes")))
    entries += [Entry(content.file, content.title) for content in [*back, *about]]
    entries.append(Entry("colophon.xhtml", gettext(N_("Colophon"))))
    landmarks = [
        {"type": "titlepage", "href": "title.xhtml", "label": gettext(N_("Title page"))},
        {"type": "toc", "href": "nav.xhtml#toc", "label": gettext("Contents")},
        {"type": "bodymatter", "href": "text.xhtml", "label": title},
    ]
    if back or about:
        first = [*back, *about][0]
        landmarks.append({"type": "backmatter", "href": first.file, "label": first.title})
    nav = render_template("epub/nav.xhtml", theme=theme, entries=entries, landmarks=landmarks)
    files.append(("nav.xhtml", nav.encode("utf-8"), XHTML, "nav"))
    files.append(("text.xhtml", _page(text, "bodymatter", theme), XHTML, ""))
    files += [(content.file, _page(content, "backmatter", theme), XHTML, "") for content in [*back, *about]]
    colophon = render_template("epub/colophon.xhtml", theme=theme, fonts=faces)
    files.append(("colophon.xhtml", colophon.encode("utf-8"), XHTML, ""))

    book = {
        "identifier": identifier(doc, options, folder),
        "title": title,
        "subtitle": meta.subtitle,
        "authors": list(meta.authors),
        "language": meta.languages[0] if meta.languages else "en",
        "date": package_date(meta.date),
        "modified": _modified(doc),
        "publisher": meta.publisher,
        "rights": _rights(doc, options.licence),
        "licence_url": meta.licence_url if meta.licence_url.startswith(("http://", "https://")) else "",
        "source": source,
        "series": meta.container_title,
        "version": meta.version,
        "depth": 2 if any(entry.children for entry in entries) else 1,
    }
    ncx = render_template("epub/toc.ncx", theme=theme, book=book, points=_numbered(entries))
    files.append(("toc.ncx", ncx.encode("utf-8"), "application/x-dtbncx+xml", ""))
    css = render_template("epub/epub.css", theme=theme, fonts=faces)
    files.append(("css/epub.css", css.encode("utf-8"), "text/css", ""))
    files += [(f"fonts/{face.file}", face.data, "font/otf", "") for face in faces]

    spine_order = ["title.xhtml", "nav.xhtml", "text.xhtml", *(c.file for c in [*back, *about]), "colophon.xhtml"]
    ids = {name: _item_id(name) for name, _, _, _ in files}
    manifest = [
        {"id": ids[name], "href": name, "media_type": media, "properties": properties}
        for name, _, media, properties in files
    ]
    opf = render_template(
        "epub/package.opf",
        theme=theme,
        book=book,
        manifest=manifest,
        spine=[ids[name] for name in spine_order],
        ncx=ids["toc.ncx"],
    )
    entries_in_zip = [("EPUB/package.opf", opf.encode("utf-8")), *((f"EPUB/{n}", data) for n, data, _, _ in files)]
    epub = zip_epub(entries_in_zip, moment(meta))
    return EpubResult(epub, tuple(name for name, _ in entries_in_zip), tuple(found))


def _item_id(name: str) -> str:
    """A manifest id (an XML name) for a file of the book."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return "item-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in stem)

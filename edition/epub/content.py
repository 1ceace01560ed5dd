"""The e-book's content documents: the site's HTML fragments as XHTML for EPUB 3.

The fragments are the ones the site shows, made in the print style (every link inside one
document). Here they become parts of an e-book:

- notes are EPUB pop-up footnotes: each note of the list is an ``aside epub:type="footnote"``
  after the text, and each marker an ``a epub:type="noteref"``, so a reading system that knows
  them shows the note over the page, and one that does not shows it at the end;
- a link to an element that another content document holds names that document
  (``people.xhtml#pers.north``); a link to nothing the book holds (another document of a
  collection, a file beside the TEI) stops being a link, its words kept, so the book has no broken
  link (EPUBCheck's RSC-012);
- what only a browser has is left out: the "Cite" buttons (they need the site's script), images
  (the book holds no files but its own; an image is replaced by its description).

Fragments are parsed as HTML, as a browser reads them, and written back as XML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lxml import etree, html

# epub:type is an attribute in the OPS namespace; it is written under this placeholder name and
# renamed in the serialised text, whose root element declares the epub prefix.
_EPUB_TYPE = "data-epub-type"
_EXTERNAL = ("http://", "https://", "mailto:")


@dataclass
class Content:
    """One content document of the book: its file name, title, and the elements of its body."""

    file: str
    title: str
    body: etree._Element

    def ids(self) -> Iterable[str]:
        return (str(value) for value in self.body.xpath("descendant::*/@id"))


def fragment(markup: str) -> etree._Element:
    """A fragment's elements under one ``div`` (which is not written), cleaned for the book."""
    root = html.fragment_fromstring(markup or "", create_parent="div")
    _clean(root)
    return root


def _remove(element: etree._Element) -> None:
    """Remove an element and what it holds, keeping the text after it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _clean(root: etree._Element) -> None:
    # The "Cite" buttons need the site's script; the margin keeps the paragraph number.
    for button in root.xpath("descendant::button"):
        _remove(button)
    for image in root.xpath("descendant::img"):
        description = " ".join((image.get("alt") or "").split())
        if description:
            span = etree.Element("span", {"class": "image-description"})
            span.text = f"[{description}]"
            span.tail = image.tail
            image.getparent().replace(image, span)
        else:
            _remove(image)
    for marker in root.xpath("descendant::a[contains(concat(' ', @class, ' '), ' noteref ')]"):
        marker.set(_EPUB_TYPE, "noteref")


def footnotes(markup: str) -> etree._Element:
    """The list of notes as pop-up footnotes: each note an ``aside`` with its id, label, text and
    link back, in the order of the list."""
    root = fragment(markup)
    holder = html.fragment_fromstring("", create_parent="div")
    # Chosen before any is renamed: a note inside a note's own list travels with it.
    outermost = root.xpath(
        "descendant::li[contains(concat(' ', @class, ' '), ' tei-note ')]"
        "[not(ancestor::li[contains(concat(' ', @class, ' '), ' tei-note ')])]"
    )
    for note in outermost:
        note.tag = "aside"
        note.set(_EPUB_TYPE, "footnote")
        note.set("role", "doc-footnote")
        note.tail = None
        holder.append(note)
    return holder


def _target(href: str, own: str, where: Mapping[str, str]) -> str | None:
    """Where a link of the content document ``own`` goes in the book, or None if the book does
    not hold its target."""
    if href.startswith(_EXTERNAL):
        return href
    page, _, anchor = href.partition("#")
    if not anchor or ":" in page:
        return None
    found = where.get(anchor)
    if found is None:
        return None
    return f"#{anchor}" if found == own else f"{found}#{anchor}"


def link_documents(contents: Iterable[Content]) -> None:
    """Point every link at the content document that holds its target; unlink the others."""
    documents = list(contents)
    where: dict[str, str] = {}
    for document in documents:
        for identifier in document.ids():
            where.setdefault(identifier, document.file)
    for document in documents:
        for link in document.body.xpath("descendant::a[@href]"):
            target = _target(link.get("href", ""), document.file, where)
            if target is not None:
                link.set("href", target)
                continue
            if link.get("id") is not None:
                # Something else points here (a note's link back to its marker): keep the anchor.
                link.tag = "span"
                for name in ("href", "role", "rel", "title", "aria-label", _EPUB_TYPE):
                    link.attrib.pop(name, None)
            else:
                link.drop_tag()


def serialize(root: etree._Element) -> str:
    """The content of ``root`` (its text and children, not itself) as XHTML."""
    parts = [_escape(root.text or "")]
    parts += [etree.tostring(child, method="xml", encoding="unicode", with_tail=True) for child in root]
    return "".join(parts).replace(f' {_EPUB_TYPE}="', ' epub:type="')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

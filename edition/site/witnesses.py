"""Witnesses and variants: a document in parallel segmentation read as each of its witnesses.

A document whose apparatus names witnesses of its ``listWit`` (``app`` with ``lem``/``rdg`` and
``@wit``) gets, besides its reading text (the lemmas, each with its marker and entry):

- a page per witness, ``witness-ID.html``: the text with that witness's reading in place of each
  lemma (``xslt/witnesses.xsl``), its differing readings marked, every marker still linked to its
  entry of the apparatus, which the page carries too; a switch between the edition's text and
  every witness's, as plain links, so that it works without JavaScript;
- a synopsis of each pair of witnesses, ``synopsis-A-B.html`` (every pair up to eight witnesses;
  beyond, each witness with the first): the two texts side by side, aligned block by block (the
  paragraphs, lines, headings of the source: ``data-key``, their place in document order, joins
  the two; a block one witness has inside a reading and the other has not stands alone in its row).

Both kinds of page hold the text more than once (in the synopsis, twice): their ids are dropped,
and links into the page that no longer find their target go to the text page instead.
"""

from __future__ import annotations

import html as html_text
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree, html
from markupsafe import Markup

from edition.i18n import gettext
from edition.site.pages import DataLink, ExtraPage, SiteOptions
from edition.tei.load import Document
from edition.tei.transform import Fragments, transform

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# Up to this many witnesses, a synopsis for every pair; beyond, each with the first.
ALL_PAIRS = 8
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'href="#([^"]*)"')


@dataclass(frozen=True)
class Witness:
    """A witness of the listWit that the apparatus names: its xml:id, siglum and description."""

    id: str
    siglum: str
    description: str

    @property
    def page(self) -> str:
        return f"witness-{self.id}.html"


@dataclass(frozen=True)
class WitnessViews:
    """A document's witness and synopsis pages, and what its text page shows of them."""

    pages: tuple[ExtraPage, ...] = ()
    links: tuple[DataLink, ...] = ()
    # What the text page shows of them: the switch between the texts, the synopses.
    text_context: dict[str, object] = field(default_factory=dict)


def _named(doc: Document) -> set[str]:
    """Every identifier a reading's (or reading group's) @wit names, without its '#'."""
    found: set[str] = set()
    for element in doc.tree.iter(f"{TEI}lem", f"{TEI}rdg", f"{TEI}rdgGrp"):
        found.update(token.removeprefix("#") for token in (element.get("wit") or "").split())
    return found


def witnesses(doc: Document) -> list[Witness]:
    """The witnesses of the document's listWit (in its order) that its apparatus names and whose
    xml:id can name a file."""
    named = _named(doc)
    found = []
    for element in doc.tree.iter(f"{TEI}witness"):
        identifier = element.get(XML_ID) or ""
        if identifier not in named or not re.fullmatch(r"[A-Za-z0-9_.-]+", identifier):
            continue
        siglum = next((e for e in element if e.tag in (f"{TEI}abbr", f"{TEI}idno") and e.get("type") == "siglum"), None)
        if siglum is None:
            siglum = next(element.iterchildren(f"{TEI}label"), None)
        label = " ".join(str(siglum.xpath("string(.)")).split()) if siglum is not None else ""
        whole = " ".join(str(element.xpath("string(.)")).split())
        description = whole.removeprefix(label).strip() if label else whole
        found.append(Witness(identifier, label or element.get("n") or identifier, description))
    return found


def _local_links(markup: str, others: str = "") -> str:
    """Links into the page that find no id in it (or in ``others``) go to the text page."""
    present = set(_ID.findall(markup)) | set(_ID.findall(others))

    def fix(found: re.Match[str]) -> str:
        target = html_text.unescape(found[1])
        return found[0] if target in present else f'href="index.html#{html_text.escape(target, quote=True)}"'

    return _HREF.sub(fix, markup)


def _rows(text: str) -> list[tuple[int, etree._Element]]:
    """The outermost keyed blocks of a witness's text, with their keys, in order; without ids."""
    root = html.fragment_fromstring(text, create_parent="div") if text.strip() else html.Element("div")
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.get("data-key") is None:
            continue
        if any(a.get("data-key") is not None for a in element.iterancestors()):
            continue
        for inner in element.iter():
            if isinstance(inner.tag, str):
                inner.attrib.pop("id", None)
        found.append((int(element.get("data-key", "0")), element))
    return found


def _markup(element: etree._Element | None) -> Markup:
    if element is None:
        return Markup("")
    element.tail = None
    return Markup(_local_links(etree.tostring(element, method="html", encoding="unicode")))


def synopsis_rows(left: str, right: str) -> list[tuple[Markup, Markup]]:
    """Two witnesses' texts as rows of blocks side by side: a block present in both (by its key)
    beside itself, one only one witness has alone in its row, in document order."""
    a, b = dict(_rows(left)), dict(_rows(right))
    return [(_markup(a.get(key)), _markup(b.get(key))) for key in sorted(set(a) | set(b))]


def _pairs(found: Sequence[Witness]) -> list[tuple[Witness, Witness]]:
    if len(found) <= ALL_PAIRS:
        return list(itertools.combinations(found, 2))
    return [(found[0], other) for other in found[1:]]


def synopsis_file(left: Witness, right: Witness) -> str:
    return f"synopsis-{left.id}-{right.id}.html"


def witness_views(doc: Document, fragments: Fragments, options: SiteOptions) -> WitnessViews:
    """The witness pages and synopses of a document, none if its apparatus names no witness of
    its listWit."""
    found = witnesses(doc)
    if not found:
        return WitnessViews()
    texts = {w.id: transform(doc, theme=options.theme, witness=w.id)["text"] for w in found}
    pairs = _pairs(found)
    switch = [{"label": gettext("The edition's text"), "href": "index.html", "id": ""}] + [
        {"label": w.siglum, "href": w.page, "id": w.id, "title": w.description} for w in found
    ]
    synopses = [
        {"label": f"{a.siglum} | {b.siglum}", "href": synopsis_file(a, b), "left": a.id, "right": b.id}
        for a, b in pairs
    ]
    apparatus = fragments["apparatus"]
    pages = []
    for witness in found:
        heading = gettext("The text of witness %(siglum)s") % {"siglum": witness.siglum}
        context = {
            "witness": {"id": witness.id, "siglum": witness.siglum, "description": witness.description},
            "switch": switch,
            "synopses": synopses,
            "text": Markup(_local_links(texts[witness.id], apparatus)),
            "apparatus": Markup(_local_links(apparatus, texts[witness.id])),
        }
        pages.append(ExtraPage("witness", witness.page, heading, "", "witness.html", context))
    for a, b in pairs:
        heading = gettext("Witnesses %(left)s and %(right)s side by side") % {"left": a.siglum, "right": b.siglum}
        context = {
            "left": {"id": a.id, "siglum": a.siglum, "description": a.description, "href": a.page},
            "right": {"id": b.id, "siglum": b.siglum, "description": b.description, "href": b.page},
            "rows": synopsis_rows(texts[a.id], texts[b.id]),
            "switch": switch,
            "synopses": synopses,
            "current": synopsis_file(a, b),
        }
        pages.append(ExtraPage("synopsis", synopsis_file(a, b), heading, "", "synopsis.html", context))
    return WitnessViews(tuple(pages), (), {"switch": switch, "synopses": synopses})

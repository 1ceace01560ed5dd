"""Witnesses and variants: a document in parallel segmentation read as each of its witnesses.

A document whose apparatus names witnesses of its ``listWit`` (``app`` with ``lem``/``rdg`` and
``@wit``) gets, besides its reading text (the lemmas, each with its marker and entry):

- a page per witness, ``witness-ID.html``: the text with that witness's reading in place of each
  lemma (``xslt/witnesses.xsl``), its differing readings marked, every marker still linked to its
  entry of the apparatus, which the page carries too; a switch between the edition's text and
  every witness's, as plain links, so that it works without JavaScript;
- synopses, linear in the witnesses: up to four witnesses, one page, ``synopsis.html``, with
  all of them in columns; with one or more than four, a page for each, ``synopsis-ID.html``, the
  edition's text (the lemmas) beside the witness's. The texts are aligned block by block (the
  paragraphs, lines, headings of the source: ``data-key``, their place in the source, joins
  them; a block only some witnesses have, inside a reading, stands alone in its row). The rows
  are the transform's data (``Fragments.keyed``, read from its result tree): no HTML is parsed.

A synopsis holds the text more than once: its blocks' ids are dropped, and their links into the
page go to the text page instead; on a witness page, links that find no target on it go there too.
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from edition.i18n import gettext
from edition.site.pages import DataLink, ExtraPage, SiteOptions
from edition.tei.load import Document
from edition.tei.transform import LEMMAS, Fragments, witness_texts

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# Up to this many witnesses, one synopsis of them all in columns; beyond, one a witness.
ALL_COLUMNS = 4
SYNOPSIS_PAGE = "synopsis.html"
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


def _local_links(markup: str, present: frozenset[str] | set[str]) -> str:
    """Links into the page that find no id ``present`` on it go to the text page (the ids are
    the transform's data: ``Fragments.ids``)."""

    def fix(found: re.Match[str]) -> str:
        target = html_text.unescape(found[1])
        return found[0] if target in present else f'href="index.html#{html_text.escape(target, quote=True)}"'

    return _HREF.sub(fix, markup)


Keyed = Sequence[tuple[tuple[int, ...], str]]


def synopsis_rows(*texts: Keyed) -> list[list[Markup]]:
    """Texts (each a witness's ``Fragments.keyed``: its blocks by their place in the source) as
    rows of blocks side by side: a block the texts share (by its key) beside itself, one that
    only some have with empty cells beside it, in document order."""
    columns = [dict(text) for text in texts]
    keys = sorted({key for column in columns for key in column})
    return [[Markup(column.get(key, "")) for column in columns] for key in keys]


@dataclass(frozen=True)
class Synopsis:
    """A synopsis page: its file and label, and its columns (``None``: the edition's text)."""

    file: str
    label: str
    columns: tuple[Witness | None, ...]


def synopses(found: Sequence[Witness]) -> list[Synopsis]:
    """The synopses of the witnesses: as many pages as witnesses at most, never one per pair.
    Up to ``ALL_COLUMNS`` witnesses, one page with all of them in columns; with one witness or
    more than that, a page for each witness beside the edition's text (the lemmas), against
    which its readings are marked anyway."""
    if 2 <= len(found) <= ALL_COLUMNS:
        return [Synopsis(SYNOPSIS_PAGE, " | ".join(w.siglum for w in found), tuple(found))]
    return [Synopsis(synopsis_file(w), w.siglum, (None, w)) for w in found]


def synopsis_file(witness: Witness) -> str:
    return f"synopsis-{witness.id}.html"


def witness_views(doc: Document, fragments: Fragments, options: SiteOptions) -> WitnessViews:
    """The witness pages and synopses of a document, none if its apparatus names no witness of
    its listWit. One transform gives every witness's text, and the lemmas' for the edition's
    column of the synopses beside it (``witness_texts``); nothing is parsed back from HTML."""
    found = witnesses(doc)
    if not found:
        return WitnessViews()
    pages_of = synopses(found)
    lemmas = [LEMMAS] if any(None in s.columns for s in pages_of) else []
    texts = witness_texts(doc, [w.id for w in found] + lemmas, theme=options.theme)
    switch = [{"label": gettext("The edition's text"), "href": "index.html", "id": ""}] + [
        {"label": w.siglum, "href": w.page, "id": w.id, "title": w.description} for w in found
    ]
    links = [{"label": s.label, "href": s.file} for s in pages_of]
    apparatus = fragments["apparatus"]
    pages = []
    for witness in found:
        heading = gettext("The text of witness %(siglum)s") % {"siglum": witness.siglum}
        text = texts[witness.id]
        present = text.ids.get("text", frozenset()) | fragments.ids.get("apparatus", frozenset())
        context = {
            "witness": {"id": witness.id, "siglum": witness.siglum, "description": witness.description},
            "switch": switch,
            "synopses": links,
            "text": Markup(_local_links(text["text"], present)),
            "apparatus": Markup(_local_links(apparatus, present)),
        }
        pages.append(ExtraPage("witness", witness.page, heading, "", "witness.html", context))
    edition = {"id": "", "siglum": gettext("The edition's text"), "description": "", "href": "index.html"}
    for synopsis in pages_of:
        last = synopsis.columns[-1]
        if synopsis.columns[0] is None and last is not None:
            heading = gettext("The edition's text and witness %(siglum)s side by side") % {"siglum": last.siglum}
        else:
            heading = gettext("The witnesses side by side")
        columns = [
            edition if w is None else {"id": w.id, "siglum": w.siglum, "description": w.description, "href": w.page}
            for w in synopsis.columns
        ]
        context = {
            "columns": columns,
            "rows": synopsis_rows(*(texts[LEMMAS if w is None else w.id].keyed for w in synopsis.columns)),
            "switch": switch,
            "synopses": links,
            "current": synopsis.file,
        }
        pages.append(ExtraPage("synopsis", synopsis.file, heading, "", "synopsis.html", context))
    return WitnessViews(tuple(pages), (), {"switch": switch, "synopses": links})

"""Transform: TEI to HTML fragments through the project's XSLT 1.0 stylesheets, run by lxml.

The stylesheet is compiled once per process and runs with every file and network access
denied. It returns named fragments (text, notes, registers, timeline, about) that the page and
print stages place into their templates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from edition.errors import EditionError, Problem
from edition.resources import XSLT_DIR
from edition.tei.load import Document, safe_parser

MAIN_STYLESHEET = XSLT_DIR / "edition.xsl"
UNHANDLED = "unhandled-element:"


# What a running transform may touch: nothing. document() cannot read a file or URL, and
# exsl:document cannot write one. (xsl:import is not covered: stylesheets come from XSLT_DIR only.)
ACCESS_CONTROL = etree.XSLTAccessControl.DENY_ALL


@functools.cache
def stylesheet() -> etree.XSLT:
    """The compiled stylesheet; it may read and write nothing while it runs."""
    try:
        return etree.XSLT(etree.parse(str(MAIN_STYLESHEET), safe_parser()), access_control=ACCESS_CONTROL)
    except (OSError, etree.XMLSyntaxError, etree.XSLTParseError) as error:
        entries = getattr(error, "error_log", None) or []
        detail = "; ".join(dict.fromkeys(e.message.strip() for e in entries)) or str(error)
        problem = Problem(
            str(MAIN_STYLESHEET), 0, 0, "stylesheet-broken", f"the stylesheets cannot be loaded: {detail}"
        )
        raise EditionError([problem], "the builder's stylesheets are broken; nothing was written") from error


@dataclass(frozen=True)
class Block:
    """A citable block of a fragment (a paragraph, heading, line or note with an id), as search
    indexes it: its id, its label ("¶ 12", "note 3"), and its words without the edition's
    additions (what the stylesheets mark ``data-added``)."""

    id: str
    label: str
    text: str


@dataclass(frozen=True)
class Fragments:
    """HTML fragments of one document, by name, the TEI elements no stylesheet module knew, and
    what later stages need to know of the fragments, read from the transform's own result tree
    before it is serialised (never by parsing the HTML again): the ids each fragment holds, the
    links and sources it makes, and its searchable blocks."""

    parts: Mapping[str, str]
    unhandled: tuple[str, ...]
    ids: Mapping[str, frozenset[str]] = field(default_factory=dict)
    links: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    blocks: Mapping[str, tuple[Block, ...]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str:
        return self.parts.get(name, "")


# The fragments search indexes, and the blocks it takes from them: citable blocks (those with
# an id), outermost only, so that a note inside a paragraph is its own record. Written as steps
# from the fragment down (/descendant::) because libxml2 merges the results of // steps from
# many nodes with a quadratic duplicate check.
SEARCHABLE = ("front", "text", "back", "notes")
_BLOCKS = etree.XPath(
    "descendant::*[@id][self::p or self::div or self::li or self::h1 or self::h2 or self::h3 or self::h4]"
    "[not(ancestor::*[@id][self::p or self::li])]"
)
_IDS = etree.XPath("descendant::*/@id")
_LINKS = etree.XPath("descendant::a/@href | descendant::link/@href | descendant::*/@src")
_SPACE = re.compile(r"[ \t\r\n]+")


def _words(element: etree._Element) -> str:
    """The text of ``element`` without its descendants marked ``data-added`` (their tails stay)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.get("data-added") is None:
            parts.append(_words(child))
        parts.append(child.tail or "")
    return "".join(parts)


def blocks_of(fragment: etree._Element) -> tuple[Block, ...]:
    """The searchable blocks of a fragment of the result tree."""
    found = []
    for element in _BLOCKS(fragment):
        text = _SPACE.sub(" ", _words(element)).strip(" ")
        if not text:
            continue
        number = element.get("data-n")
        kind = "note" if element.tag == "li" else "¶" if number else ""
        label = f"{kind}\u00a0{number}".strip() if number else element.get("id", "")
        found.append(Block(element.get("id", ""), label, text))
    return tuple(found)


def serialize(fragment: etree._Element) -> str:
    """The content of a fragment element as an HTML string."""
    return (fragment.text or "") + "".join(
        etree.tostring(child, method="html", encoding="unicode", with_tail=True) for child in fragment
    )


def transform(doc: Document, *, link_style: str = "pages", note_style: str = "end") -> Fragments:
    """Run the stylesheets over one document.

    ``link_style`` 'pages' links registers to their own pages, 'single' keeps every link in one
    document; ``note_style`` 'end' gathers notes in a list, 'inline' leaves them at their markers.
    """
    sheet = stylesheet()
    result = sheet(
        doc.tree,
        **{
            "link-style": etree.XSLT.strparam(link_style),
            "note-style": etree.XSLT.strparam(note_style),
            # In one document every target is on the same "page": links are bare fragments.
            "text-page": etree.XSLT.strparam("" if link_style == "single" else "index.html"),
        },
    )
    unhandled = tuple(
        sorted({entry.message[len(UNHANDLED) :] for entry in sheet.error_log if entry.message.startswith(UNHANDLED)})
    )
    root = result.getroot()
    fragments = list(root) if root is not None else []
    parts = {fragment.get("name"): serialize(fragment) for fragment in fragments}
    ids = {fragment.get("name"): frozenset(str(v) for v in _IDS(fragment)) for fragment in fragments}
    links = {fragment.get("name"): tuple(str(v) for v in _LINKS(fragment)) for fragment in fragments}
    blocks = {name: blocks_of(fragment) for fragment in fragments if (name := fragment.get("name")) in SEARCHABLE}
    return Fragments(parts, unhandled, ids, links, blocks)

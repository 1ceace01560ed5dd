"""Transform: TEI to HTML fragments through the project's XSLT 1.0 stylesheets, run by lxml.

The stylesheet is compiled once per process (and per theme: a theme's ``custom.xsl`` is imported
after the built-in modules) and runs with every file and network access denied. It returns
named fragments (text, notes, registers, timeline, about) that the page and print stages place
into their templates.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lxml import etree

from edition.errors import EditionError, Problem
from edition.i18n import ngettext, register_xslt_functions
from edition.resources import XSLT_DIR
from edition.tei.entries import RegisterEntry, entries_of
from edition.tei.header import normalize_space
from edition.tei.load import Document, safe_parser
from edition.theme import custom_stylesheet

MAIN_STYLESHEET = XSLT_DIR / "edition.xsl"
UNHANDLED = "unhandled-element:"
# i18n:text('…') and i18n:date(…): the stylesheets' words in the reader's language.
register_xslt_functions()


# What a running transform may touch: nothing. document() cannot read a file or URL, and
# exsl:document cannot write one. (xsl:import is not covered: it reads the builder's stylesheets
# and a theme's custom.xsl, named by the project, when the stylesheet is compiled.)
ACCESS_CONTROL = etree.XSLTAccessControl.DENY_ALL


def _compile(tree: etree._ElementTree, file: Path, whose: str) -> etree.XSLT:
    """A compiled stylesheet, or a clear error naming the file (and line) that broke it. libxslt
    compiles some errors (an unknown xsl: instruction) into a stylesheet that silently drops
    them: an error in its log counts as a failure too."""
    failure: Exception | None = None
    try:
        compiled = etree.XSLT(tree, access_control=ACCESS_CONTROL)
        entries = [e for e in compiled.error_log if e.level >= etree.ErrorLevels.ERROR]
    except etree.XSLTParseError as error:
        failure, entries = error, list(getattr(error, "error_log", None) or [])
    if failure is None and not entries:
        return compiled
    detail = "; ".join(dict.fromkeys(e.message.strip() for e in entries)) or str(failure)
    # The first message that names a file of the builder or the theme says where.
    located = [e for e in entries if e.filename and e.filename not in ("<string>", "<xslt>") and e.line]
    where, line = (located[0].filename, located[0].line) if located else (str(file), 0)
    where = where.removeprefix("file://")
    problem = Problem(where, line, 0, "stylesheet-broken", f"the stylesheets cannot be loaded: {detail}")
    raise EditionError([problem], f"the {whose} stylesheets are broken; nothing was written") from failure


def _parse(file: Path, whose: str) -> etree._ElementTree:
    try:
        return etree.parse(str(file), safe_parser())
    except (OSError, etree.XMLSyntaxError) as error:
        entries = getattr(error, "error_log", None) or []
        detail = "; ".join(dict.fromkeys(e.message.strip() for e in entries)) or str(error)
        line = getattr(error, "lineno", 0) or 0
        problem = Problem(str(file), line, 0, "stylesheet-broken", f"the stylesheets cannot be loaded: {detail}")
        raise EditionError([problem], f"the {whose} stylesheets are broken; nothing was written") from error


@functools.cache
def stylesheet() -> etree.XSLT:
    """The compiled built-in stylesheet; it may read and write nothing while it runs."""
    return _compile(_parse(MAIN_STYLESHEET, "builder's"), MAIN_STYLESHEET, "builder's")


# Imports the built-in stylesheets, then the theme's: the theme's templates take precedence.
_WRAPPER = """<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href={builtin}/>
  <xsl:import href={custom}/>
</xsl:stylesheet>"""


@functools.lru_cache(maxsize=8)
def _theme_stylesheet(custom: str, digest: str) -> etree.XSLT:
    path = Path(custom)
    _parse(path, "theme's")  # a file that is not well-formed XML is named with its line
    _parse(MAIN_STYLESHEET, "builder's")
    wrapper = _WRAPPER.format(builtin=quoteattr(MAIN_STYLESHEET.resolve().as_uri()), custom=quoteattr(path.as_uri()))
    return _compile(etree.ElementTree(etree.fromstring(wrapper, safe_parser())), path, "theme's")


def theme_stylesheet(theme: str) -> etree.XSLT:
    """The stylesheet of a theme: the built-in one with the theme's ``custom.xsl`` imported after
    it (the built-in one if the theme has none), compiled once per theme and per change of it."""
    custom = custom_stylesheet(theme)
    if custom is None:
        return stylesheet()
    return _theme_stylesheet(str(custom.resolve()), hashlib.sha256(custom.read_bytes()).hexdigest())


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
    before it is serialised (never by parsing the HTML again): the ids each fragment holds, its
    searchable blocks and its register entries (in the order of
    ``REGISTER_PAGES``)."""

    parts: Mapping[str, str]
    unhandled: tuple[str, ...]
    ids: Mapping[str, frozenset[str]] = field(default_factory=dict)
    blocks: Mapping[str, tuple[Block, ...]] = field(default_factory=dict)
    entries: tuple[RegisterEntry, ...] = ()
    # A witness's text (``transform(witness=...)``) in blocks, for the synopsis: see ``keyed_of``.
    keyed: tuple[tuple[tuple[int, ...], str], ...] = ()

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


def words(element: etree._Element) -> str:
    """The text of ``element`` without the edition's additions: nothing of an element marked
    ``data-added`` but its tail (the words after it are the text's)."""
    if element.get("data-added") is not None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(words(child))
        parts.append(child.tail or "")
    return "".join(parts)


def blocks_of(fragment: etree._Element) -> tuple[Block, ...]:
    """The searchable blocks of a fragment of the result tree."""
    found = []
    for element in _BLOCKS(fragment):
        text = normalize_space(words(element))
        if not text:
            continue
        number = element.get("data-n")
        kind = ngettext("note", "notes", 1) if element.tag == "li" else "¶" if number else ""
        label = f"{kind}\u00a0{number}".strip() if number else element.get("id", "")
        found.append(Block(element.get("id", ""), label, text))
    return tuple(found)


def keyed_of(fragment: etree._Element, text_page: str) -> tuple[tuple[tuple[int, ...], str], ...]:
    """The outermost blocks of a witness's text that carry a ``data-key`` (their place in the
    source, witnesses.xsl), as (key, HTML) in document order, for the synopsis, which holds the
    text more than once: without their ids, and their links into the page sent to the text
    page, where their targets are. Read from the result tree, which it changes: call it last.

    One walk, in document order, that stops at each outermost block: asking every element
    whether an ancestor has a key (XPath's ancestor::) cost as much as the witness's transform."""
    found = []
    below = [child for child in reversed(fragment) if isinstance(child.tag, str)]
    while below:
        element = below.pop()
        key = element.get("data-key")
        if key is None:
            below.extend(child for child in reversed(element) if isinstance(child.tag, str))
            continue
        for inner in element.iter(etree.Element):
            if "id" in inner.attrib:
                del inner.attrib["id"]
            href = inner.get("href")
            if href is not None and href.startswith("#"):
                inner.set("href", text_page + href)
        place = tuple(int(part) for part in key.split(".") if part.isdigit())
        found.append((place, etree.tostring(element, method="html", encoding="unicode", with_tail=False)))
    return tuple(sorted(found, key=lambda pair: pair[0]))


def serialize(fragment: etree._Element) -> str:
    """The content of a fragment element as an HTML string."""
    return (fragment.text or "") + "".join(
        etree.tostring(child, method="html", encoding="unicode", with_tail=True) for child in fragment
    )


REGISTER_PAGES = {
    "people": "people-page",
    "organisations": "organisations-page",
    "places": "places-page",
    "events": "events-page",
    "works": "works-page",
}


def transform(
    doc: Document,
    *,
    link_style: str = "pages",
    note_style: str = "end",
    theme: str = "",
    without: tuple[str, ...] = (),
    witness: str = "",
) -> Fragments:
    """Run the stylesheets (those of ``theme``, if given) over one document.

    ``link_style`` 'pages' links registers to their own pages, 'single' keeps every link in one
    document; ``note_style`` 'end' gathers notes in a list, 'inline' leaves them at their markers.
    ``without`` names the registers the site has no page for (edition.toml's ``[site]``): names
    are then not linked to them.
    ``witness`` (the xml:id of a witness) shows that witness's readings in place of the lemmas:
    the text fragment alone, with its ids and its keyed blocks (no search blocks, no entries).
    """
    sheet = theme_stylesheet(theme) if theme else stylesheet()
    result = sheet(
        doc.tree,
        **{
            "link-style": etree.XSLT.strparam(link_style),
            "note-style": etree.XSLT.strparam(note_style),
            # In one document every target is on the same "page": links are bare fragments.
            "text-page": etree.XSLT.strparam("" if link_style == "single" else "index.html"),
            "witness": etree.XSLT.strparam(witness),
            # "none" is the page of a target that is shown under no id (see href-to).
            **{REGISTER_PAGES[kind]: etree.XSLT.strparam("none") for kind in without if kind in REGISTER_PAGES},
        },
    )
    unhandled = tuple(
        sorted({entry.message[len(UNHANDLED) :] for entry in sheet.error_log if entry.message.startswith(UNHANDLED)})
    )
    root = result.getroot()
    fragments = list(root) if root is not None else []
    parts = {fragment.get("name"): serialize(fragment) for fragment in fragments}
    ids = {fragment.get("name"): frozenset(str(v) for v in _IDS(fragment)) for fragment in fragments}
    named = {fragment.get("name"): fragment for fragment in fragments}
    if witness:
        # A witness's page is neither searched nor a register's: its text, ids and blocks are all
        # it uses (witnesses.py).
        text_page = "" if link_style == "single" else "index.html"
        keyed = keyed_of(named["text"], text_page) if "text" in named else ()
        return Fragments(parts, unhandled, ids, keyed=keyed)
    blocks = {name: blocks_of(fragment) for fragment in fragments if (name := fragment.get("name")) in SEARCHABLE}
    entries = tuple(entry for kind in REGISTER_PAGES if kind in named for entry in entries_of(kind, named[kind]))
    return Fragments(parts, unhandled, ids, blocks, entries)

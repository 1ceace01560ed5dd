"""Transform: TEI to HTML fragments through the project's XSLT 1.0 stylesheets, run by lxml.

The stylesheet is compiled once per process (and per theme: a theme's ``custom.xsl`` is imported
after the built-in modules) and runs with every file and network access denied. It returns
named fragments (text, notes, registers, timeline, about) that the page and print stages place
into their templates.
"""

from __future__ import annotations

import copy
import functools
import hashlib
from collections.abc import Mapping, Sequence
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
    # A witness's text (``witness_texts``) in blocks, for the synopsis: see ``keyed_of``.
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
) -> Fragments:
    """Run the stylesheets (those of ``theme``, if given) over one document.

    ``link_style`` 'pages' links registers to their own pages, 'single' keeps every link in one
    document; ``note_style`` 'end' gathers notes in a list, 'inline' leaves them at their markers.
    ``without`` names the registers the site has no page for (edition.toml's ``[site]``): names
    are then not linked to them.
    """
    sheet, result = _run(doc, theme, link_style=link_style, note_style=note_style, without=without)
    unhandled = _unhandled(sheet)
    root = result.getroot()
    fragments = list(root) if root is not None else []
    parts = {fragment.get("name"): serialize(fragment) for fragment in fragments}
    ids = {fragment.get("name"): _ids_of(fragment) for fragment in fragments}
    named = {fragment.get("name"): fragment for fragment in fragments}
    blocks = {name: blocks_of(fragment) for fragment in fragments if (name := fragment.get("name")) in SEARCHABLE}
    entries = tuple(entry for kind in REGISTER_PAGES if kind in named for entry in entries_of(kind, named[kind]))
    return Fragments(parts, unhandled, ids, blocks, entries)


def _run(
    doc: Document,
    theme: str,
    *,
    link_style: str = "pages",
    note_style: str = "end",
    without: tuple[str, ...] = (),
    witness_readings: str = "",
) -> tuple[etree.XSLT, etree._XSLTResultTree]:
    sheet = theme_stylesheet(theme) if theme else stylesheet()
    result = sheet(
        doc.tree,
        **{
            "link-style": etree.XSLT.strparam(link_style),
            "note-style": etree.XSLT.strparam(note_style),
            # In one document every target is on the same "page": links are bare fragments.
            "text-page": etree.XSLT.strparam("" if link_style == "single" else "index.html"),
            "witness-readings": etree.XSLT.strparam(witness_readings),
            # "none" is the page of a target that is shown under no id (see href-to).
            **{REGISTER_PAGES[kind]: etree.XSLT.strparam("none") for kind in without if kind in REGISTER_PAGES},
        },
    )
    return sheet, result


def _unhandled(sheet: etree.XSLT) -> tuple[str, ...]:
    return tuple(
        sorted({entry.message[len(UNHANDLED) :] for entry in sheet.error_log if entry.message.startswith(UNHANDLED)})
    )


def _ids_of(fragment: etree._Element) -> frozenset[str]:
    return frozenset(str(v) for v in _IDS(fragment))


# The witness that ``witness_texts`` reads as the lemmas, for the synopsis beside the edition's
# text: named by no @wit (no xml:id has a "#").
LEMMAS = "#lemmas"


def witness_texts(doc: Document, witnesses: Sequence[str], *, theme: str = "") -> dict[str, Fragments]:
    """The text of each witness (an xml:id of the listWit, or ``LEMMAS``): its readings in place
    of the lemmas, the text fragment alone, with its ids and its keyed blocks (a witness's page
    is neither searched nor a register's). One transform gives every reading of every app in a
    slot (witnesses.xsl); each witness's text is a copy of its result tree with its own reading
    of each slot kept."""
    sheet, result = _run(doc, theme, witness_readings="all")
    unhandled = _unhandled(sheet)
    root = result.getroot()
    text = next((f for f in root if f.get("name") == "text"), None) if root is not None else None
    slots = _slots(text) if text is not None else []
    texts = {}
    for witness in witnesses:
        if text is None:
            texts[witness] = Fragments({}, unhandled)
            continue
        fragment = copy.deepcopy(text)
        _read_as(fragment, _choices(slots, witness), witness)
        ids = {"text": _ids_of(fragment)}
        parts = {"text": serialize(fragment)}
        texts[witness] = Fragments(parts, unhandled, ids, keyed=keyed_of(fragment, "index.html"))
    return texts


@dataclass(frozen=True, slots=True)
class _Slot:
    """A slot of readings (witnesses.xsl) as data: the witnesses each variant names (as
    written, "#A" or "A"), which variant is the default, and the slot and variant it lies in, if
    any (their positions in document order and in the slot)."""

    names: tuple[frozenset[str], ...]
    default: int
    within: tuple[int, int] | None


def _slots(fragment: etree._Element) -> list[_Slot]:
    found = list(fragment.iter("witness-slot"))
    position = {slot: index for index, slot in enumerate(found)}
    slots = []
    for slot in found:
        variants = list(slot)
        names = tuple(frozenset((variant.get("data-wit") or "").split()) for variant in variants)
        default = next((i for i, variant in enumerate(variants) if variant.get("data-default")), -1)
        within = None
        variant = next(slot.iterancestors("witness-variant"), None)
        outer = variant.getparent() if variant is not None else None
        if variant is not None and outer is not None and outer in position:
            within = (position[outer], outer.index(variant))
        slots.append(_Slot(names, default, within))
    return slots


def _choices(slots: Sequence[_Slot], witness: str) -> list[int]:
    """The variant a witness reads of each slot: the first whose @wit names it, else the default
    (the lemma, or the omission of an app without one); -1 for a slot inside a variant it does
    not read."""
    names = () if witness == LEMMAS else (witness, "#" + witness)
    choices: list[int] = []
    for slot in slots:
        if slot.within is not None and choices[slot.within[0]] != slot.within[1]:
            choices.append(-1)
            continue
        named = next((i for i, found in enumerate(slot.names) if any(name in found for name in names)), None)
        choices.append(slot.default if named is None else named)
    return choices


def _read_as(fragment: etree._Element, choices: Sequence[int], witness: str) -> None:
    """Put in place of each slot of ``fragment`` (a copy of the tree ``_slots`` read) the variant
    ``choices`` gives, and name the witness in the title of what it omits."""
    for slot, choice in zip(list(fragment.iter("witness-slot")), choices, strict=True):
        if choice == -1:
            continue  # (inside a variant that is not the witness's: it goes with it)
        chosen = slot[choice] if 0 <= choice < len(slot) else None
        if chosen is not None and witness != LEMMAS:
            for reading in chosen:
                for omission in reading.iterchildren("span"):
                    if omission.get("class") == "witness-omission":
                        omission.set("title", f"{omission.get('title', '')} {witness}")
        _splice(slot, chosen)


def _splice(element: etree._Element, content: etree._Element | None) -> None:
    """Put what ``content`` holds (its text and children) in place of ``element``, whose tail
    stays where it was."""
    parent = element.getparent()
    if parent is None:
        return
    text = (content.text or "") if content is not None else ""
    if text:
        _append_text(element, text)
    for child in list(content) if content is not None else ():
        element.addprevious(child)
    _append_text(element, element.tail or "")
    parent.remove(element)


def _append_text(element: etree._Element, text: str) -> None:
    """Add text just before ``element``: to its previous sibling's tail, or its parent's text."""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = element.getparent()
        assert parent is not None
        parent.text = (parent.text or "") + text

"""A TEI tree seen as the diff sees it: *units* of text, the elements inside them, and a skeleton.

A unit is what a reader cites and what is aligned across revisions: a paragraph-like block of the
text (``p``, ``head``, ``l``, ...), a note, a register entry (a child of ``listPerson``,
``listBibl``, ...), or, in the header and anywhere else, the outermost element that holds text of
its own. Every character of the document's text belongs to exactly one unit. Inside a unit the
text is flattened (XML whitespace collapsed, as ``normalize-space`` does; no-break spaces kept) and
each element becomes an ``Inline`` with its character span, so markup can be compared apart from
the words. A note inside a paragraph is a unit of its own, anchored in the paragraph as a
zero-width ``Inline``. Elements outside every unit (``div``, ``cit``, ``quote`` around block
paragraphs, ``listPerson``, ``fileDesc``, ...) form the skeleton.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from edition.tei.header import TEI_NS

from .words import tokenize

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"

# Blocks of the text: each is a unit, even when it holds no text of its own.
BLOCKS = {
    "p", "ab", "head", "l", "note", "item", "trailer", "byline", "dateline", "salute", "signed", "speaker",
    "stage", "label", "castItem", "figDesc", "docAuthor", "titlePart", "docDate", "docImprint", "docEdition",
    "cell", "argument", "opener", "closer", "postscript",
}  # fmt: skip
# Lists whose children are register entries, each aligned by its xml:id.
REGISTERS = {
    "listPerson", "listOrg", "listPlace", "listEvent", "listBibl", "listNym", "listObject", "listRelation",
    "listWit", "listAnnotation",
}  # fmt: skip
NOT_ENTRIES = {"head", "desc"} | REGISTERS
_SPACE = " \t\r\n"
_XML_SPACE = re.compile(r"[ \t\r\n]+")


_NAMES: dict[str, str] = {}
_TEI_PREFIX = f"{{{TEI_NS}}}"


def name_of(element: etree._Element) -> str:
    """The element's name as TEI writes it: local name in the TEI namespace, Clark notation outside."""
    tag = element.tag
    found = _NAMES.get(tag)
    if found is None:
        found = tag[len(_TEI_PREFIX) :] if tag.startswith(_TEI_PREFIX) else tag
        _NAMES[tag] = found
    return found


def attribute_name(key: str) -> str:
    if key.startswith(f"{{{XML_NS}}}"):
        return "xml:" + key[len(XML_NS) + 2 :]
    return key


def attributes(element: etree._Element) -> dict[str, str]:
    attrib = element.attrib
    if not attrib:
        return {}
    return {attribute_name(str(key)): str(value) for key, value in attrib.items()}


def start_tag(element: etree._Element) -> str:
    attrs = "".join(f' {k}="{v}"' for k, v in attributes(element).items())
    return f"<{name_of(element)}{attrs}>"


def is_element(node: object) -> bool:
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


@dataclass
class Inline:
    """An element inside a unit, spanning characters ``[start, end)`` of the unit's text."""

    element: etree._Element
    name: str
    attrs: dict[str, str]
    start: int
    end: int
    nested: int | None = None  # for the anchor of a nested unit (a note): that unit's index


@dataclass
class Unit:
    """A citable stretch of text: its element, its flattened text and the elements inside it."""

    index: int
    section: str  # "text", "register" or "header"
    kind: str  # "block", "note" or "entry"
    element: etree._Element
    name: str
    xml_id: str | None
    attrs: dict[str, str]
    text: str
    inlines: list[Inline]
    parent: int | None  # the unit whose text holds this one's anchor
    path: str  # ancestor names from the section root, to tell a title from a publisher
    _tokens: list[str] | None = None

    @property
    def tokens(self) -> list[str]:
        # Tokenised on demand: most units are unchanged, and equal texts need no tokens.
        if self._tokens is None:
            self._tokens = tokenize(self.text)
        return self._tokens

    @property
    def pool(self) -> tuple[str, str]:
        return self.section, self.kind

    def fingerprint(self) -> tuple[object, ...]:
        return (
            self.name,
            tuple(sorted(self.attrs.items())),
            self.text,
            # Anchors of nested units (notes) count by place and name only: their content is compared apart.
            tuple((i.name, tuple(sorted(i.attrs.items())), i.start, i.end) for i in self.inlines),
        )


@dataclass
class Skeleton:
    """An element outside every unit, and the top-level units it contains."""

    index: int
    section: str
    element: etree._Element
    name: str
    xml_id: str | None
    attrs: dict[str, str]
    parent: int | None
    units: list[int]
    depth: int


@dataclass
class View:
    """A document as units and skeleton, with XPaths computed when asked for."""

    root: etree._Element
    units: list[Unit]
    skeleton: list[Skeleton]
    _paths: dict[etree._Element, str] = field(default_factory=dict)

    def xpath(self, element: etree._Element) -> str:
        """``/tei:TEI[1]/tei:text[1]/...``: evaluable with the prefix ``tei`` bound to the TEI namespace."""
        found = self._paths.get(element)
        if found is not None:
            return found
        parent = element.getparent()
        qname = etree.QName(element)
        step = f"tei:{qname.localname}" if qname.namespace == TEI_NS else f"*[local-name()='{qname.localname}']"
        if parent is None:
            found = f"/{step}"
        else:
            same = [c for c in parent if c.tag == element.tag]
            found = f"{self.xpath(parent)}/{step}[{same.index(element) + 1}]"
        self._paths[element] = found
        return found

    def nearest_id(self, element: etree._Element | None) -> str | None:
        """The element's xml:id, or that of its nearest identified ancestor."""
        while element is not None:
            value = element.get(XML_ID)
            if value:
                return str(value)
            element = element.getparent()
        return None


def _has_own_text(element: etree._Element) -> bool:
    if element.text and element.text.strip(" \t\r\n"):
        return True
    return any(child.tail and child.tail.strip(" \t\r\n") for child in element)


def _section(element: etree._Element, inherited: str) -> str:
    name = name_of(element)
    if name == "teiHeader":
        return "header"
    if name == "standOff":
        return "register"
    return inherited


def _is_entry(element: etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and name_of(parent) in REGISTERS and name_of(element) not in NOT_ENTRIES


class _Text:
    """Collects a unit's text with XML whitespace collapsed, tracking where elements begin and end."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending = False

    def add(self, raw: str | None) -> None:
        if not raw:
            return
        body = raw.strip(_SPACE)
        if not body:
            self.pending = self.length > 0
            return
        if (self.pending or raw[0] in _SPACE) and self.length:
            self.parts.append(" ")
            self.length += 1
        body = _XML_SPACE.sub(" ", body)
        self.parts.append(body)
        self.length += len(body)
        self.pending = raw[-1] in _SPACE

    def start(self) -> int:
        # A pending space will stand before whatever comes next, so an element starts after it.
        return self.length + (1 if self.pending else 0)

    def end(self) -> int:
        return self.length


class _Reader:
    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.skeleton: list[Skeleton] = []

    def skeleton_walk(self, element: etree._Element, section: str, parent: int | None, path: str, depth: int) -> None:
        section = _section(element, section)
        name = name_of(element)
        if parent is not None and (name in BLOCKS or _is_entry(element) or _has_own_text(element)):
            self.unit(element, section, None, path)
            self.skeleton[parent].units.append(self.units[-1].index)
            return
        index = len(self.skeleton)
        self.skeleton.append(
            Skeleton(index, section, element, name, element.get(XML_ID), attributes(element), parent, [], depth)
        )
        child_path = f"{path}/{name}"
        for child in element:
            if is_element(child):
                self.skeleton_walk(child, section, index, child_path, depth + 1)
        if parent is not None:
            self.skeleton[parent].units.extend(self.skeleton[index].units)

    def unit(self, element: etree._Element, section: str, parent: int | None, path: str) -> int:
        name = name_of(element)
        entry = _is_entry(element)
        kind = "entry" if entry else "note" if name == "note" else "block"
        index = len(self.units)
        unit = Unit(index, section, kind, element, name, element.get(XML_ID), attributes(element), "", [], parent, "")
        unit.path = f"{path}/{name}"
        self.units.append(unit)
        text = _Text()
        text.add(element.text)
        for child in element:
            self.inline(child, unit, text, atomic=entry or name == "note")
            text.add(child.tail)
        unit.text = "".join(text.parts)
        for inline in unit.inlines:
            inline.start = min(inline.start, len(unit.text))
            inline.end = min(max(inline.end, inline.start), len(unit.text))
        return index

    def inline(self, element: etree._Element, unit: Unit, text: _Text, atomic: bool) -> None:
        if not is_element(element):
            return  # comments and processing instructions are not text; their tails are handled by the caller
        name = name_of(element)
        if not atomic and name in BLOCKS:
            position = text.start()
            nested = self.unit(element, unit.section, unit.index, unit.path)
            unit.inlines.append(
                Inline(element, name, {"#": self.units[nested].xml_id or ""}, position, position, nested)
            )
            return
        record = Inline(element, name, attributes(element), text.start(), 0)
        unit.inlines.append(record)
        text.add(element.text)
        for child in element:
            self.inline(child, unit, text, atomic)
            text.add(child.tail)
        record.end = text.end()


def read(tree: etree._ElementTree | etree._Element) -> View:
    """Units and skeleton of a TEI document, in document order."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    reader = _Reader()
    reader.skeleton_walk(root, "text", None, "", 0)
    return View(root, reader.units, reader.skeleton)

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
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from edition.tei.header import TEI_NS

from .words import tokenize

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"

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
# Tokens of linguistic annotation. Between two sibling tokens the source's whitespace (a newline
# per token, or none) is not the printed text: it is read as the edition prints it (the rules of
# xslt/tokens.xsl), so that a text re-encoded as tokens reads as the same text.
TOKENS = {"w", "pc", "m", "s", "phr", "cl"}
_CLOSING = {"fr": ",.)]}…”’%", "de": ",.;:!?)]}…“‘«%", "": ",.;:!?)]}…”’»%"}
_OPENING = {"fr": "([{“‘„", "de": "([{„‚»", "": "([{¿¡“‘«„"}
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


_ATTRIBUTE_NAMES: dict[str, str] = {}


def attributes(element: etree._Element) -> dict[str, str]:
    items = element.items()
    if not items:
        return {}
    found: dict[str, str] = {}
    for key, value in items:
        name = _ATTRIBUTE_NAMES.get(key)
        if name is None:
            name = _ATTRIBUTE_NAMES[key] = attribute_name(str(key))
        found[name] = str(value)
    return found


def start_tag(element: etree._Element) -> str:
    attrs = "".join(f' {k}="{v}"' for k, v in attributes(element).items())
    return f"<{name_of(element)}{attrs}>"


def is_element(node: object) -> bool:
    return isinstance(node, etree._Element) and isinstance(node.tag, str)


@dataclass(slots=True)
class Inline:
    """An element inside a unit, spanning characters ``[start, end)`` of the unit's text."""

    element: etree._Element
    name: str
    attrs: dict[str, str]
    start: int
    end: int
    nested: int | None = None  # for the anchor of a nested unit (a note): that unit's index


@dataclass(slots=True, eq=False)
class Unit:
    """A citable stretch of text: its element, its flattened text and the elements inside it.

    In a lazy view (``read(tree, lazy=True)``, as the diff reads) the text and the elements inside
    are read when first asked for: most units of a revision are unchanged, which their
    serialisations (compared in C) show without reading them.
    """

    index: int
    section: str  # "text", "register" or "header"
    kind: str  # "block", "note" or "entry"
    element: etree._Element
    name: str
    xml_id: str | None
    attrs: dict[str, str]
    parent: int | None  # the unit whose text holds this one's anchor
    path: str  # ancestor names from the section root, to tell a title from a publisher
    lang: str  # the xml:lang in force (tokens are spaced by it)
    by_element: dict[etree._Element, Unit] = field(repr=False)  # the document's units, for nested ones' anchors
    _text: str | None = None
    _inlines: list[Inline] | None = None
    _gaps: list[tuple[int, int]] | None = None
    _tokens: list[str] | None = None
    _counts: Counter[str] | None = None
    _serialised: bytes | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            _read_unit(self)
        assert self._text is not None
        return self._text

    @property
    def inlines(self) -> list[Inline]:
        if self._inlines is None:
            _read_unit(self)
        assert self._inlines is not None
        return self._inlines

    @property
    def gaps(self) -> list[tuple[int, int]]:
        """Where one token (``w``, ``pc``, ...) ends and the next begins with no text between but
        a space or none, as ``(end, start)`` offsets, in order.

        A tokenised source records no spacing there: the printing rules decide, and the source's
        whitespace is the layout of one token a line. A space added or dropped in such a gap is a
        difference of encoding, not of text.
        """
        if self._gaps is None:
            _read_unit(self)
        assert self._gaps is not None
        return self._gaps

    @property
    def tokens(self) -> list[str]:
        # Tokenised on demand: most units are unchanged, and equal texts need no tokens.
        if self._tokens is None:
            self._tokens = tokenize(self.text)
        return self._tokens

    @property
    def counts(self) -> Counter[str]:
        """How often each token occurs, for a bound of how alike two units can be."""
        if self._counts is None:
            self._counts = Counter(self.tokens)
        return self._counts

    @property
    def pool(self) -> tuple[str, str]:
        return self.section, self.kind

    def serialised(self) -> bytes:
        if self._serialised is None:
            self._serialised = etree.tostring(self.element, with_tail=False)
        return self._serialised

    def identical(self, other: Unit) -> bool:
        """Whether the two are the same markup in the same language: the same in every respect, unread."""
        return self.lang == other.lang and self.serialised() == other.serialised()

    def same_text(self, other: Unit) -> bool:
        return self.identical(other) or self.text == other.text

    def same_as(self, other: Unit) -> bool:
        """Whether nothing changed: name, attributes, text and the elements inside, placed alike.

        Anchors of nested units (notes) count by place and name only: their content is compared apart.
        """
        if self.identical(other):
            return True
        if self.text != other.text or self.name != other.name or self.attrs != other.attrs:
            return False
        if len(self.inlines) != len(other.inlines):
            return False
        return all(
            a.start == b.start and a.end == b.end and a.name == b.name and a.attrs == b.attrs
            for a, b in zip(self.inlines, other.inlines, strict=True)
        )


@dataclass(slots=True)
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


@dataclass(slots=True)
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
            # The positions of all the parent's children at once: asked for one child, the others
            # (siblings in a long division) are likely to be asked for too.
            base = self.xpath(parent)
            counts: dict[object, int] = {}
            for child in parent:
                tag = child.tag
                if not isinstance(tag, str):
                    continue
                counts[tag] = counts.get(tag, 0) + 1
                if child not in self._paths:
                    name = etree.QName(child)
                    child_step = (
                        f"tei:{name.localname}" if name.namespace == TEI_NS else f"*[local-name()='{name.localname}']"
                    )
                    self._paths[child] = f"{base}/{child_step}[{counts[tag]}]"
            found = self._paths[element]
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
    if element.text and element.text.strip(_SPACE):
        return True
    for child in element:
        tail = child.tail
        if tail and tail.strip(_SPACE):
            return True
    return False


def _section(name: str, inherited: str) -> str:
    if name == "teiHeader":
        return "header"
    if name == "standOff":
        return "register"
    return inherited


def _is_entry(element: etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and name_of(parent) in REGISTERS and name_of(element) not in NOT_ENTRIES


def _normalized(element: etree._Element) -> str:
    """The element's string value with XML whitespace collapsed, as XPath's ``normalize-space(.)``."""
    if len(element):
        return _XML_SPACE.sub(" ", "".join(element.itertext())).strip(_SPACE)
    body = (element.text or "").strip(_SPACE)  # a token, most often: text alone
    if "\n" in body or "  " in body or "\t" in body or "\r" in body:
        body = _XML_SPACE.sub(" ", body)
    return body


def _lang_of(element: etree._Element, inherited: str) -> str:
    """The element's ``xml:lang``, else the one it inherits (an empty value means none)."""
    value = element.get(XML_LANG)
    return inherited if value is None else value


def _language(lang: str, code: str) -> bool:
    """Whether ``lang`` (an ``xml:lang`` value) is ``code`` or one of its sublanguages, as XPath's ``lang()``."""
    lang = lang.lower()
    return lang == code or lang.startswith(code + "-")


_MARKS: dict[str, tuple[str, str]] = {}


def _marks(lang: str) -> tuple[str, str]:
    """The closing and the opening punctuation of a language, as ``xslt/tokens.xsl`` has them."""
    found = _MARKS.get(lang)
    if found is None:
        key = "fr" if _language(lang, "fr") else "de" if _language(lang, "de") else ""
        found = _MARKS[lang] = (_CLOSING[key], _OPENING[key])
    return found


def printed_apart(
    before: etree._Element, after: etree._Element, lang: str, a: str | None = None, b: str | None = None
) -> bool:
    """Whether two sibling tokens, only whitespace (or nothing) between them, are printed a space apart.

    The rules of ``xslt/tokens.xsl``, which prints them: sentences always apart; ``@join`` and a
    ``pc``'s ``@pre`` as the encoding says; otherwise closing punctuation, opening punctuation,
    elided words and clitics join, by the marks of the token's language (``xml:lang``, inherited).
    ``a`` and ``b`` are the tokens' normalised texts, if known.
    """
    first, second = name_of(before), name_of(after)
    if first == "s" or second == "s":
        return True
    if after.get("join") in ("left", "both", "overlap") or before.get("join") in ("right", "both", "overlap"):
        return False
    if first == "pc" or second == "pc":
        pre_before = before.get("pre") if first == "pc" else None
        pre_after = after.get("pre") if second == "pc" else None
        if pre_after == "false" or pre_before == "true":
            return False
        if pre_after == "true" or pre_before == "false":
            return True
    a = _normalized(before) if a is None else a
    b = _normalized(after) if b is None else b
    if not a or not b:
        return True
    closing, opening = _marks(lang)
    if not b.strip(closing) or not a.strip(opening):
        return False  # only closing marks after, or only opening marks before
    if len(a) > 1 and a[-1] in "'’" and first != "pc":
        return False  # a word elided before the next: l', qu', dell'
    if len(b) > 1 and b[0] in "'’-" and second != "pc":
        return False  # a clitic after one: 's, -il
    return b.replace("N", "n").replace("T", "t") not in ("n't", "n’t") and b not in ("'", "’")


class _Text:
    """Collects a unit's text with XML whitespace collapsed, tracking where elements begin and end."""

    __slots__ = ("gaps", "last_end", "length", "parts", "pending", "token", "token_text")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending = False
        self.gaps: list[tuple[int, int]] = []
        self.last_end = -1  # where the last token ended
        # The last token looked at and its normalised text: each token is the second of one pair
        # and the first of the next.
        self.token: etree._Element | None = None
        self.token_text = ""

    def add(self, raw: str | None) -> None:
        if not raw:
            return
        body = raw.strip(_SPACE)
        if not body:
            self.pending = self.length > 0
            return
        if self.length and (self.pending or raw[0] in _SPACE):
            self.parts.append(" ")
            self.length += 1
        # Most text holds no run of XML whitespace: four scans in C are cheaper than the regex.
        if "\n" in body or "  " in body or "\t" in body or "\r" in body:
            body = _XML_SPACE.sub(" ", body)
        self.parts.append(body)
        self.length += len(body)
        self.pending = raw[-1] in _SPACE

    def start(self) -> int:
        # A pending space will stand before whatever comes next, so an element starts after it.
        return self.length + (1 if self.pending else 0)

    def between(self, child: etree._Element, name: str, lang: str) -> None:
        """What follows ``child`` (named ``name``) up to its next sibling: its tail, or a token's printed space."""
        tail = child.tail
        if name in TOKENS and (not tail or not tail.strip(_SPACE)):
            following = child.getnext()
            if following is not None and isinstance(following.tag, str) and name_of(following) in TOKENS:
                a = self.token_text if self.token is child else _normalized(child)
                b = _normalized(following)
                self.token, self.token_text = following, b
                if printed_apart(child, following, _lang_of(following, lang), a, b):
                    self.add(" ")
                return
        self.add(tail)


_BLOCK_TAGS = frozenset(f"{_TEI_PREFIX}{name}" for name in BLOCKS)


class _Reader:
    """Finds the units and the skeleton of a document; the units' text is read later (``_read_unit``)."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.skeleton: list[Skeleton] = []
        self.by_element: dict[etree._Element, Unit] = {}

    def skeleton_walk(
        self, element: etree._Element, section: str, parent: int | None, path: str, depth: int, lang: str, within: str
    ) -> None:
        """``element`` and what it holds; ``within`` is the name of its parent element."""
        name = name_of(element)
        section = _section(name, section)
        entry = within in REGISTERS and name not in NOT_ENTRIES
        if parent is not None and (name in BLOCKS or entry or _has_own_text(element)):
            unit = self.unit(element, name, entry, section, None, path, lang)
            self.skeleton[parent].units.append(unit.index)
            if unit.kind == "block":
                self.nested(unit)
            return
        index = len(self.skeleton)
        attrs = attributes(element)
        lang = attrs.get("xml:lang", lang)
        self.skeleton.append(Skeleton(index, section, element, name, attrs.get("xml:id"), attrs, parent, [], depth))
        child_path = f"{path}/{name}"
        for child in element:
            if isinstance(child.tag, str):
                self.skeleton_walk(child, section, index, child_path, depth + 1, lang, name)
        if parent is not None:
            self.skeleton[parent].units.extend(self.skeleton[index].units)

    def unit(
        self, element: etree._Element, name: str, entry: bool, section: str, parent: int | None, path: str, lang: str
    ) -> Unit:
        kind = "entry" if entry else "note" if name == "note" else "block"
        attrs = attributes(element)
        lang = attrs.get("xml:lang", lang)
        unit = Unit(
            len(self.units), section, kind, element, name, attrs.get("xml:id"), attrs, parent, f"{path}/{name}",
            lang, self.by_element,
        )  # fmt: skip
        self.units.append(unit)
        self.by_element[element] = unit
        return unit

    def nested(self, top: Unit) -> None:
        """The units inside a unit, in document order: blocks (a note in a paragraph) not inside a
        note or register entry, whose content is inline. Found without reading any text."""
        if not len(top.element):
            return  # text alone, as most paragraphs of a novel
        owners: dict[etree._Element, Unit | None] = {top.element: top}
        for element in top.element.iterdescendants():
            if element.tag not in _BLOCK_TAGS:
                continue  # (a set lookup is cheaper than lxml's matching of many tags)
            lang: str | None = None
            parent = element.getparent()
            while parent not in owners:  # up through inline elements to the nearest block
                if lang is None:
                    lang = parent.get(XML_LANG)
                parent = parent.getparent()
            owner = owners[parent]
            if owner is None or owner.kind != "block":
                owners[element] = None  # inline content of a note or an entry
                continue
            owners[element] = self.unit(
                element, name_of(element), _is_entry(element), owner.section, owner.index, owner.path,
                owner.lang if lang is None else lang,
            )  # fmt: skip


def _read_unit(unit: Unit) -> None:
    """A unit's text, XML whitespace collapsed and tokens spaced as printed, and the elements inside."""
    text = _Text()
    inlines: list[Inline] = []
    element = unit.element
    text.add(element.text)
    atomic = unit.kind != "block"
    for child in element:
        if isinstance(child.tag, str):
            child_name = name_of(child)
            _read_inline(child, child_name, unit, inlines, text, atomic, unit.lang)
            text.between(child, child_name, unit.lang)
        else:
            text.add(child.tail)  # comments and processing instructions are not text; their tails are
    unit._text = "".join(text.parts)
    unit._gaps = text.gaps
    length = len(unit._text)
    for inline in inlines:
        if inline.end > length or inline.start > length:
            inline.start = min(inline.start, length)
            inline.end = min(max(inline.end, inline.start), length)
        elif inline.end < inline.start:
            inline.end = inline.start
    unit._inlines = inlines


def _read_inline(
    element: etree._Element, name: str, unit: Unit, inlines: list[Inline], text: _Text, atomic: bool, lang: str
) -> None:
    outer = lang
    if not atomic and name in BLOCKS:
        nested = unit.by_element[element]  # a unit of its own: here only its anchor
        position = text.start()
        inlines.append(Inline(element, name, {"#": nested.xml_id or ""}, position, position, nested.index))
        return
    attrs = attributes(element)
    lang = attrs.get("xml:lang", lang)
    record = Inline(element, name, attrs, text.start(), 0)
    inlines.append(record)
    token = name in TOKENS
    if token and text.length == text.last_end:  # nothing since the last token but a space, or none
        text.gaps.append((text.last_end, text.start()))
    text.add(element.text)
    if len(element):  # most inline elements (a token, a name) hold text alone: no iterator
        for child in element:
            if isinstance(child.tag, str):
                child_name = name_of(child)
                _read_inline(child, child_name, unit, inlines, text, atomic, lang)
                text.between(child, child_name, lang)
            else:
                text.add(child.tail)
    record.end = text.length
    if token:
        text.last_end = text.length
    elif text.pending and len(element) and text.last_end == text.length:
        _space_across_the_end(element, text, outer)


def _space_across_the_end(element: etree._Element, text: _Text, lang: str) -> None:
    """The whitespace after the last token inside ``element`` (a highlight, a correction), when a
    token follows the element at once: spaced by the tokens' rule, as ``xslt/tokens.xsl`` prints
    it (``<hi><w>Palace</w>⏎</hi><pc>,</pc>``: "Palace,"). ``lang`` is the one around the element."""
    last = element[-1]
    following = element.getnext()
    if (
        following is None
        or element.tail
        or not isinstance(last.tag, str)
        or name_of(last) not in TOKENS
        or (last.tail or "").strip(_SPACE)
        or not isinstance(following.tag, str)
        or name_of(following) not in TOKENS
    ):
        return
    text.pending = printed_apart(last, following, _lang_of(following, lang))


def read(tree: etree._ElementTree | etree._Element, *, lazy: bool = False) -> View:
    """Units and skeleton of a TEI document, in document order.

    ``lazy``: each unit's text and inline elements are read when first asked for, not now (the diff
    compares most units by their serialisation and never reads them). The tree must then not change
    while the view is in use; by default every unit is read at once, a snapshot of the tree.
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    reader = _Reader()
    reader.skeleton_walk(root, "text", None, "", 0, "", "")
    if not lazy:
        for unit in reader.units:
            _read_unit(unit)
    return View(root, reader.units, reader.skeleton)

"""The diff as a critical apparatus: two revisions of a text as one TEI document in parallel
segmentation (``python build.py diff OLD NEW --format app``).

The result is the new revision's document with:

- a ``listWit`` in its ``sourceDesc`` naming the two revisions as witnesses (``rev-old`` and
  ``rev-new``, their sigla the names the diff gives them: file names, or ``FILE@REV``), and a
  ``variantEncoding method="parallel-segmentation" location="internal"`` in its ``encodingDesc``;
- at every textual change the diff found (words inserted, deleted or replaced in a paragraph, a
  note, a heading, a line …) an ``app`` in place: ``<lem wit="#rev-new">`` the new words,
  ``<rdg wit="#rev-old">`` the old (empty for an insertion; an empty ``lem`` for a deletion);
- a paragraph (or other block) added in the new revision holds its words in a ``lem`` with an
  empty ``rdg``; one removed is put back where it stood (after the block that preceded it, when
  that block is still there), as a block of the same name whose ``app`` has an empty ``lem``.

Where a change's words run across markup (half inside a name, say), the whole block becomes one
reading of the new revision against the old block's text, so that the markup stays whole. Changes
of the encoding alone (attributes, elements around unchanged words) are not variants of the text
and are left out, as are moves, splits and merges (the new text stands, the old is in the report
of ``--format text``). The builder's witness pages (``edition.site.witnesses``) then show the new
text, the old one, and the two side by side, with every change in the apparatus.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from .model import DiffResult, UnitView
from .units import BLOCKS, XML_ID, is_element, name_of

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"
OLD_WITNESS = "rev-old"
NEW_WITNESS = "rev-new"
_SPACE = " \t\r\n"
NS = {"tei": TEI_NS}


@dataclass
class _Span:
    """A stretch of a unit's flattened text that lies in one text node (``which`` of ``node``),
    and the index in that node's string of each of its characters."""

    start: int
    node: etree._Element
    which: str
    positions: list[int]

    @property
    def end(self) -> int:
        return self.start + len(self.positions)


class _Map:
    """The flattened text of a unit (as ``units`` flattens it) mapped back to its text nodes."""

    def __init__(self) -> None:
        self.length = 0
        self.pending = False
        self.spans: list[_Span] = []

    def add(self, node: etree._Element, which: str, raw: str | None) -> None:
        if not raw:
            return
        body = raw.strip(_SPACE)
        if not body:
            self.pending = self.length > 0
            return
        if (self.pending or raw[0] in _SPACE) and self.length:
            self.length += 1  # the space between two pieces belongs to neither
        lead = len(raw) - len(raw.lstrip(_SPACE))
        positions: list[int] = []
        index = lead
        end = lead + len(body)
        while index < end:
            if raw[index] in _SPACE:
                positions.append(index)
                while index < end and raw[index] in _SPACE:
                    index += 1
            else:
                positions.append(index)
                index += 1
        self.spans.append(_Span(self.length, node, which, positions))
        self.length += len(positions)
        self.pending = raw[-1] in _SPACE

    def walk(self, element: etree._Element) -> _Map:
        """Map a unit's element: its text and that of its inline elements, not of the blocks
        (notes) nested in it, which are units of their own."""
        atomic = name_of(element) == "note"
        self.add(element, "text", element.text)
        for child in element:
            self._inline(child, atomic)
            self.add(child, "tail", child.tail)
        return self

    def _inline(self, element: etree._Element, atomic: bool) -> None:
        if not is_element(element) or (not atomic and name_of(element) in BLOCKS):
            return
        self.add(element, "text", element.text)
        for child in element:
            self._inline(child, atomic)
            self.add(child, "tail", child.tail)

    def locate(self, offset: int) -> tuple[_Span, int] | None:
        """The span holding the character at ``offset`` and its index in the node's string; an
        offset at the very end is the end of the last span."""
        for span in self.spans:
            if span.start <= offset < span.end:
                return span, span.positions[offset - span.start]
        if self.spans and offset >= self.spans[-1].end:
            last = self.spans[-1]
            return last, last.positions[-1] + 1
        for span in self.spans:  # (the space between two pieces: the next piece's start)
            if span.start > offset:
                return span, span.positions[0]
        return None


def _reading(name: str, wit: str, text: str = "") -> etree._Element:
    element = etree.Element(f"{T}{name}", wit=f"#{wit}")
    if text:
        element.text = text
    return element


def _app(new: str, old: str) -> etree._Element:
    app = etree.Element(f"{T}app")
    app.append(_reading("lem", NEW_WITNESS, new))
    app.append(_reading("rdg", OLD_WITNESS, old))
    return app


def _text_of(node: etree._Element, which: str) -> str:
    return (node.text if which == "text" else node.tail) or ""


def _set_text(node: etree._Element, which: str, value: str) -> None:
    if which == "text":
        node.text = value or None
    else:
        node.tail = value or None


def _insert(node: etree._Element, which: str, index: int, end: int, app: etree._Element) -> None:
    """Put ``app`` in place of the characters index..end of a text node; its lem takes them."""
    raw = _text_of(node, which)
    before, middle, after = raw[:index], raw[index:end], raw[end:]
    lem = app[0]
    if middle.strip(_SPACE):
        lem.text = " ".join(middle.split())
    _set_text(node, which, before)
    app.tail = after or None
    if which == "text":
        node.insert(0, app)
    else:
        parent = node.getparent()
        assert parent is not None
        parent.insert(parent.index(node) + 1, app)


def _whole(element: etree._Element, old: str) -> None:
    """The whole block as one reading of the new revision against the old block's words."""
    app = _app("", old)
    lem = app[0]
    lem.text, element.text = element.text, None
    for child in list(element):
        lem.append(child)
    element.append(app)


def apply_view(element: etree._Element, view: UnitView) -> None:
    """Mark the changes of one unit's word diff in its element of the new revision."""
    changes: list[tuple[int, int, str]] = []
    offset = 0
    for segment in view.segments:
        if segment.op != "equal":
            # The words changed, without the spaces around them (they stay in the text).
            start = offset + len(segment.new) - len(segment.new.lstrip(_SPACE))
            end = max(start, offset + len(segment.new.rstrip(_SPACE)))
            changes.append((start, end, " ".join(segment.old.split())))
        offset += len(segment.new)
    mapping = _Map().walk(element)
    placed: list[tuple[_Span, int, int, str]] = []
    for start, end, old in changes:
        first = mapping.locate(start)
        if first is None:
            _whole(element, "".join(s.old for s in view.segments))
            return
        if end > start:
            last = mapping.locate(end - 1)
            if last is None or last[0] is not first[0]:
                _whole(element, "".join(s.old for s in view.segments))
                return
            placed.append((first[0], first[1], last[1] + 1, old))
        else:
            placed.append((first[0], first[1], first[1], old))
    # From the last to the first: the text before each change stays where the map found it.
    for span, index, end, old in sorted(placed, key=lambda p: (p[0].start, p[1]), reverse=True):
        _insert(span.node, span.which, index, end, _app("", old))


def _find(tree: etree._ElementTree, label: str) -> etree._Element | None:
    """The element a view's label names: an xml:id, else an XPath with the tei prefix."""
    if label.startswith("/"):
        try:
            found = tree.xpath(label, namespaces=NS)
        except etree.XPathError:
            return None
        return found[0] if isinstance(found, list) and found and is_element(found[0]) else None
    hits = tree.xpath("//*[@xml:id=$id]", id=label)
    return hits[0] if isinstance(hits, list) and hits and is_element(hits[0]) else None


def _put_back(new: etree._ElementTree, old_element: etree._Element, text: str) -> None:
    """A block the new revision removed, put back where it stood, its words the old reading."""
    block = etree.Element(old_element.tag)
    # Its identifier and number, where the new revision has not given them to another block.
    for key, value in old_element.attrib.items():
        if key == XML_ID and _find(new, value) is not None:
            continue
        block.set(key, value)
    app = etree.SubElement(block, f"{T}app")
    app.append(_reading("lem", NEW_WITNESS))
    app.append(_reading("rdg", OLD_WITNESS, text))
    previous = old_element.getprevious()
    while previous is not None and not (is_element(previous) and previous.get(XML_ID)):
        previous = previous.getprevious()
    anchor = _find(new, previous.get(XML_ID, "")) if previous is not None else None
    if anchor is not None and anchor.getparent() is not None:
        parent = anchor.getparent()
        assert parent is not None
        block.tail = anchor.tail
        parent.insert(parent.index(anchor) + 1, block)
        return
    following = old_element.getnext()
    while following is not None and not (is_element(following) and following.get(XML_ID)):
        following = following.getnext()
    anchor = _find(new, following.get(XML_ID, "")) if following is not None else None
    if anchor is not None and anchor.getparent() is not None:
        parent = anchor.getparent()
        assert parent is not None
        block.tail = anchor.tail
        parent.insert(parent.index(anchor), block)


def siglum(name: str) -> str:
    """A revision's siglum from the name the diff gives it: the revision of ``REV:path``, the
    file name of a path."""
    revision, colon, _ = name.partition(":")
    if colon and revision and "/" not in revision:
        return revision
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _declare(tree: etree._ElementTree, old_name: str, new_name: str) -> None:
    """The two revisions as witnesses, and the encoding of the variants, in the header."""
    root = tree.getroot()
    header = root.find(f"{T}teiHeader")
    if header is None:
        return
    file_desc = header.find(f"{T}fileDesc")
    if file_desc is None:
        return
    source_desc = file_desc.find(f"{T}sourceDesc")
    if source_desc is None:
        source_desc = etree.SubElement(file_desc, f"{T}sourceDesc")
    listing = etree.Element(f"{T}listWit")
    for identifier, name, role in ((OLD_WITNESS, old_name, "old"), (NEW_WITNESS, new_name, "new")):
        witness = etree.SubElement(listing, f"{T}witness", {XML_ID: identifier})
        abbr = etree.SubElement(witness, f"{T}abbr", type="siglum")
        abbr.text = siglum(name)
        abbr.tail = f" The {role} revision: {name}."
    paragraphs = [c for c in source_desc if is_element(c) and name_of(c) == "p"]
    if paragraphs and len(paragraphs) == len([c for c in source_desc if is_element(c)]):
        # sourceDesc holds either paragraphs or structured content: keep its words in a bibl.
        words = " ".join(" ".join(str(p.xpath("string(.)")).split()) for p in paragraphs)
        for p in paragraphs:
            source_desc.remove(p)
        if words:
            bibl = etree.SubElement(source_desc, f"{T}bibl")
            bibl.text = words
    source_desc.append(listing)
    encoding = header.find(f"{T}encodingDesc")
    if encoding is None:
        encoding = etree.Element(f"{T}encodingDesc")
        file_desc.addnext(encoding)
    etree.SubElement(encoding, f"{T}variantEncoding", method="parallel-segmentation", location="internal")


def parallel_segmentation(result: DiffResult, old: etree._ElementTree, new: etree._ElementTree) -> etree._ElementTree:
    """The new revision with the diff's textual changes as an apparatus (see the module's doc)."""
    copied = deepcopy(new)
    for view in result.views:
        if view.category not in ("text", "structure"):
            continue
        if len(view.old_ids) == 1 and len(view.new_ids) == 1:
            element = _find(copied, view.new_ids[0])
            if element is not None:
                apply_view(element, view)
        elif not view.old_ids and len(view.new_ids) == 1:
            element = _find(copied, view.new_ids[0])
            if element is not None:
                _whole(element, "")
        elif len(view.old_ids) == 1 and not view.new_ids:
            element = _find(old, view.old_ids[0])
            if element is not None:
                _put_back(copied, element, "".join(s.old for s in view.segments))
        elif view.new_ids:
            element = _find(copied, view.new_ids[0])
            if element is not None:
                _whole(element, "".join(s.old for s in view.segments))
    _declare(copied, result.old_name, result.new_name)
    return copied


def render_app(result: DiffResult, old: etree._ElementTree, new: etree._ElementTree) -> str:
    """The parallel-segmentation document as XML text."""
    tree = parallel_segmentation(result, old, new)
    text = str(etree.tostring(tree, encoding="unicode"))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'

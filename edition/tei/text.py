"""Plain text: the edition as its words, in reading order, for fidelity checks and download.

Blocks (title page, heads, paragraphs) are separated by a blank line; note markers print as
``[n]`` where they stand and the notes follow at the end, each set off by two blank lines.
For the chapter this reproduces the transcription character for character, which is how the
edition proves it has lost and added nothing.
"""

from __future__ import annotations

from lxml import etree

from edition.tei.header import TEI_NS, normalize_space
from edition.tei.load import Document

BLOCKS = {
    "head", "p", "ab", "l", "item", "trailer", "byline", "dateline", "salute", "signed", "speaker", "stage",
    "label", "castItem", "figDesc", "row", "bibl",
}  # fmt: skip
# Blocks nested in these are blocks of their own (a list inside a list item), not part of its line.
CONTAINERS = {"item"}
TITLE_LINES = {"docAuthor", "titlePart", "docDate", "docImprint", "docEdition", "byline"}
SILENT = {"lb", "pb", "cb", "milestone", "anchor", "gap", "index", "fw"}
# Where a choice offers a reading as printed, plain text gives that one.
AS_PRINTED = ("sic", "orig", "abbr", "seg")


# Local names by tag: a tokenised novel asks for 75,000 of them.
_LOCAL_NAMES: dict[object, str] = {}


def local(node: etree._Element) -> str:
    tag = node.tag
    try:
        return _LOCAL_NAMES[tag]
    except KeyError:
        name = _LOCAL_NAMES[tag] = tag.rpartition("}")[2] if isinstance(tag, str) else ""
        return name


def is_endnote(node: etree._Element) -> bool:
    return local(node) == "note" and node.get("place") != "inline"


def _separates(node: etree._Element) -> bool:
    """Whether a block element directly inside ``node`` is a block of its own (its nearest block
    is a container, or there is none before a note, title page or text) rather than part of a line."""
    current: etree._Element | None = node
    while current is not None:
        name = local(current)
        if name in BLOCKS:
            return name in CONTAINERS
        if name in {"note", "titlePage", "text"}:
            return True
        current = current.getparent()
    return True


def _inside(child: etree._Element, name: str, separate: bool) -> bool:
    """``separate`` for the children of ``child``, from its own: one step down, never a walk up."""
    if name in BLOCKS:
        return name in CONTAINERS
    return True if name in {"note", "titlePage", "text"} else separate


def _inline(node: etree._Element, markers: dict[etree._Element, str], separate: bool) -> str:
    if local(node) == "row":
        return "\t".join(_inline(cell, markers, False).strip() for cell in node if local(cell) == "cell")
    parts = [node.text or ""]
    for child in node:
        name = local(child)
        if not name or name in SILENT or (separate and name in BLOCKS):
            pass
        elif child in markers:
            parts.append(f"[{markers[child]}]")
        elif name == "bibl" and child.get("type") == "attribution":
            pass  # the edition's attribution of a quotation, not words of the text
        elif name == "choice":
            options = {local(option): option for option in child}
            chosen = next((options[n] for n in AS_PRINTED if n in options), next(iter(child), None))
            if chosen is not None:
                parts.append(_inline(chosen, markers, _inside(chosen, local(chosen), False)))
        else:
            parts.append(_inline(child, markers, _inside(child, name, separate)))
        parts.append(child.tail or "")
    return "".join(parts)


def inline_text(node: etree._Element, markers: dict[etree._Element, str] | None = None) -> str:
    """The words of an element on one line, XML whitespace collapsed, notes as ``[n]`` markers."""
    return normalize_space(_inline(node, markers or {}, _separates(node)))


def _has_ancestor(node: etree._Element, names: set[str], stop: etree._Element) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if local(parent) in names:
            return True
        parent = parent.getparent()
    return False


def is_remark_on_quotation(node: etree._Element) -> bool:
    """An inline note that follows a quotation inside its ``cit`` (an author's "(Emphasis
    added.)"): printed on after the quotation, as part of the text, not as a note."""
    parent = node.getparent()
    return (
        local(node) == "note"
        and node.get("place") == "inline"
        and parent is not None
        and local(parent) == "cit"
        and _separates(parent)
        and any(local(sibling) in {"quote", "q"} for sibling in node.itersiblings(preceding=True))
    )


def _blocks(container: etree._Element, markers: dict[etree._Element, str]) -> list[str]:
    """The blocks of ``container`` in reading order, in one walk down the tree."""
    found: list[str] = []

    def walk(node: etree._Element, separate: bool) -> None:
        for child in node:
            name = local(child)
            if not name:
                continue
            if name == "note":
                if is_remark_on_quotation(child):
                    remark = inline_text(child, markers)
                    found[-1:] = [f"{found[-1]} {remark}" if found else remark]
                continue
            if name == "titlePage":
                lines = [inline_text(line, markers) for line in child.iter(etree.Element) if local(line) in TITLE_LINES]
                found.append("\n".join(line for line in lines if line))
                continue
            if name in BLOCKS and separate and not (name == "bibl" and child.get("type") == "attribution"):
                found.append(normalize_space(_inline(child, markers, name in CONTAINERS)))
            if len(child):  # a word of a tokenised text holds no block
                walk(child, _inside(child, name, separate))

    walk(container, True)
    return found


def _note_text(note: etree._Element, markers: dict[etree._Element, str]) -> str:
    blocks = _blocks(note, markers)
    return "\n\n".join(blocks) if blocks else inline_text(note, markers)


def render_text(doc: Document) -> str:
    """The whole edition as plain text, without a trailing newline."""
    texts = [t for t in doc.tree.iter(f"{{{TEI_NS}}}text") if not _has_ancestor(t, {"text"}, doc.tree.getroot())]
    blocks: list[str] = []
    notes: list[str] = []
    for text in texts:
        endnotes = [n for n in text.iter(f"{{{TEI_NS}}}note") if is_endnote(n) and not _has_ancestor(n, {"note"}, text)]
        markers = {note: note.get("n") or str(index) for index, note in enumerate(endnotes, start=1)}
        blocks.extend(_blocks(text, markers))
        notes.extend(_note_text(note, {}) for note in endnotes)
    body = "\n\n".join(block for block in blocks if block)
    return body + ("\n\n\n" + "\n\n\n".join(notes) if notes else "")

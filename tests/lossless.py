"""Losslessness: every character of a document's text is on its text page, in order.

What the text page shows, and so what is expected of it, in the order of the page:

- the text (front, body, back, and a sourceDoc's transcription), without what the page moves
  elsewhere: the registers kept in the text (a letter's listPerson in its back: they are on the
  register pages), the readings of the critical apparatus, and the notes listed after the text;
- the readings of each apparatus entry (every child of an ``app`` but its lemma), in the order of
  the apps (an app inside a reading is part of that reading);
- the notes listed after the text, in order. Notes the source places in the margin, between the
  lines or inline stay where they are, as a note inside an apparatus entry stays in its entry.

Whitespace is left out on both sides: spacing (of tokens, of lines) is checked elsewhere. On the
page, the edition's additions (``data-added``: markers, sigla, brackets, the letter's head) are
left out.
"""

from __future__ import annotations

import re

from lxml import etree, html

TEI_NS = "http://www.tei-c.org/ns/1.0"
TEI = f"{{{TEI_NS}}}"
NS = {"tei": TEI_NS}

# Notes shown where they are (xslt/notes-bibl.xsl: inline, margin and interlinear places).
IN_PLACE = {
    *("inline", "margin", "left", "right", "margin-left", "margin-right", "marginLeft", "marginRight"),
    *("marginTop", "marginBottom", "opposite", "outer", "inner"),
    *("above", "below", "interlinear", "supralinear", "infralinear", "overstrike"),
}
# Registers kept in the text (xslt/register-documents.xsl).
REGISTERS = (
    "//tei:text//*[self::tei:listPerson or self::tei:listOrg or self::tei:listPlace or self::tei:listEvent"
    " or self::tei:listRelation or self::tei:listNym or self::tei:listBibl[parent::tei:back]]"
)
# Apps with an entry of their own (xslt/apparatus.xsl, "has-entry").
ENTRY_APPS = "//tei:text//tei:app[not(ancestor::tei:rdg or ancestor::tei:rdgGrp or ancestor::tei:witDetail)]"


def _in_place(note: etree._Element) -> bool:
    place = (note.get("place") or "").split()
    return bool(place) and place[0] in IN_PLACE


def _entry_app(element: etree._Element | None) -> bool:
    return (
        element is not None
        and element.tag == f"{TEI}app"
        and not element.xpath("ancestor::tei:rdg or ancestor::tei:rdgGrp or ancestor::tei:witDetail", namespaces=NS)
        and bool(element.xpath("ancestor::tei:text", namespaces=NS))
    )


def _in_list_app(app: etree._Element) -> bool:
    parent = app.getparent()
    return parent is not None and parent.tag == f"{TEI}listApp"


def _words(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(element: etree._Element, skip: set[etree._Element]) -> str:
    """The string value of an element (as XPath's string()) without the elements of ``skip``
    (their tails, which are not theirs, are kept)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child not in skip:
            parts.append(_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def tei_words(root: etree._Element) -> str:
    """The characters the text page must show, in order (whitespace left out)."""
    copy = etree.fromstring(etree.tostring(root))
    for register in copy.xpath(REGISTERS, namespaces=NS):
        if register.getparent() is not None:
            register.getparent().remove(register)
    texts = copy.xpath("/tei:TEI/tei:text | /tei:teiCorpus/tei:TEI/tei:text", namespaces=NS)
    # The notes listed after the text: not in place, not inside another note, not an apparatus note.
    listed = [
        note
        for text in texts
        for note in text.iter(f"{TEI}note")
        if not _in_place(note)
        and not note.xpath("ancestor::tei:note", namespaces=NS)
        and not _entry_app(note.getparent())
    ]
    # The readings of each entry, wherever the app is (in the text or in a note), in order.
    apps = copy.xpath(ENTRY_APPS, namespaces=NS)
    # (An app of a listApp is not in the running text: its lemma is in its entry too.)
    readings = {
        app: [c for c in app if isinstance(c.tag, str) and (c.tag != f"{TEI}lem" or _in_list_app(app))] for app in apps
    }
    moved = {reading for parts in readings.values() for reading in parts}
    notes = set(listed)
    body = "".join(_text(t, moved | notes) for t in texts)
    body += "".join(_text(s, moved | notes) for s in copy.xpath("/tei:TEI/tei:sourceDoc", namespaces=NS))
    # (A reading holding an app of its own, as a parallel's note may, leaves that app's readings to
    # its entry.)
    apparatus = "".join(_text(reading, notes | moved) for app in apps for reading in readings[app])
    endnotes = "".join(_text(note, moved) for note in listed)
    return _words(body + apparatus + endnotes)


def html_words(page: str) -> str:
    """The words of the edition on a text page: the article, the apparatus and the notes, without
    the edition's additions."""
    tree = html.document_fromstring(page)
    for added in tree.xpath("//*[@data-added]"):
        added.drop_tree()
    parts = tree.xpath("//article[@class='edition-text'] | //ol[@class='apparatus'] | //ol[@class='notes']")
    return _words("".join(part.text_content() for part in parts))

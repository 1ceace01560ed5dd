"""Where a finding is: the line and column of the element a schema or a rule names.

lxml gives elements a line but no column; a diagnostic must point at the start tag itself.
"""

from __future__ import annotations

import re

from lxml import etree

from edition.tei.load import Document


def _start_tag_column(doc: Document, element: etree._Element) -> int:
    """1-based column of ``element``'s start tag: lxml gives lines only, so find the tag in its line."""
    line = element.sourceline
    if not line:
        return 0
    text = doc.source.decode("utf-8", errors="replace").splitlines()[line - 1 : line]
    if not text:
        return 0
    same_line = [e for e in doc.tree.iter(element.tag) if e.sourceline == line]
    index = next((i for i, e in enumerate(same_line) if e is element), 0)
    qname = etree.QName(element)
    tag = f"{element.prefix}:{qname.localname}" if element.prefix else qname.localname
    matches = [m.start() + 1 for m in re.finditer(rf"<{re.escape(tag)}(?=[\s/>])", text[0])]
    return matches[index] if index < len(matches) else (matches[0] if matches else 1)


def locate(doc: Document, node: object) -> tuple[int, int]:
    """Line and column of an element, or of the element that carries an attribute or text."""
    element = node if isinstance(node, etree._Element) else getattr(node, "getparent", lambda: None)()
    if not isinstance(element, etree._Element) or not element.sourceline:
        return 0, 0
    return element.sourceline, _start_tag_column(doc, element)

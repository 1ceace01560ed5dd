"""Where a finding is: the line and column of the element a schema or a rule names.

lxml gives elements a line but no column; a diagnostic must point at the start tag itself. A
``Locator`` reads a document's lines and its elements by line once, so a document with thousands
of findings is located in one pass, not one pass per finding.
"""

from __future__ import annotations

import re

from lxml import etree

from edition.tei.load import Document


class Locator:
    """Lines and columns of the elements of one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._lines: list[str] | None = None
        self._by_line: dict[int, list[etree._Element]] | None = None

    def elements_on(self, line: int) -> list[etree._Element]:
        if self._by_line is None:
            self._by_line = {}
            for element in self.doc.tree.iter(etree.Element):
                self._by_line.setdefault(element.sourceline or 0, []).append(element)
        return self._by_line.get(line, [])

    def column(self, element: etree._Element) -> int:
        """1-based column of ``element``'s start tag: the n-th tag of its name on its line."""
        line = element.sourceline
        if not line:
            return 0
        if self._lines is None:
            self._lines = self.doc.source.decode("utf-8", errors="replace").splitlines()
        if line > len(self._lines):
            return 0
        same = [e for e in self.elements_on(line) if e.tag == element.tag]
        index = next((i for i, e in enumerate(same) if e is element), 0)
        qname = etree.QName(element)
        tag = f"{element.prefix}:{qname.localname}" if element.prefix else qname.localname
        matches = [m.start() + 1 for m in re.finditer(rf"<{re.escape(tag)}(?=[\s/>])", self._lines[line - 1])]
        return matches[index] if index < len(matches) else (matches[0] if matches else 1)

    def named_on(self, line: int, localname: str) -> int:
        """The column of the first element called ``localname`` on ``line`` (1 if none)."""
        candidates = [e for e in self.elements_on(line) if etree.QName(e).localname == localname]
        return self.column(candidates[0]) if candidates else 1

    def locate(self, node: object) -> tuple[int, int]:
        """Line and column of an element, or of the element that carries an attribute or text."""
        element = node if isinstance(node, etree._Element) else getattr(node, "getparent", lambda: None)()
        if not isinstance(element, etree._Element) or not element.sourceline:
            return 0, 0
        return element.sourceline, self.column(element)

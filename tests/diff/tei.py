"""Tiny TEI documents for the diff tests, built from a body, a header addition and registers."""

from __future__ import annotations

import copy
from collections.abc import Callable

from lxml import etree

from edition.diff import DiffResult, diff_trees
from edition.tei.load import safe_parser
from tests.diff.generate import Expected, signature

NS = {"tei": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def document(body: str, header: str = "", standoff: str = "") -> etree._ElementTree:
    xml = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A title</title>'
        '</titleStmt><publicationStmt><publisher>A publisher</publisher><date when="2026-01-01">2026</date>'
        "</publicationStmt><sourceDesc><p>Born digital.</p></sourceDesc></fileDesc>"
        f"{header}</teiHeader><text><body><div>{body}</div></body></text>{standoff}</TEI>"
    )
    return etree.ElementTree(etree.fromstring(xml.encode(), safe_parser()))


def diff(old: str, new: str, **parts: str) -> DiffResult:
    """Diff two bodies (same header and registers unless given as old_x/new_x keyword arguments)."""
    return diff_trees(
        document(old, parts.get("old_header", ""), parts.get("old_standoff", "")),
        document(new, parts.get("new_header", ""), parts.get("new_standoff", "")),
    )


def edited(tree: etree._ElementTree, edit: Callable[[etree._Element], object]) -> etree._ElementTree:
    """A copy of ``tree`` changed by ``edit(root)``."""
    new = copy.deepcopy(tree)
    edit(new.getroot())
    return new


def by_id(root: etree._Element, identifier: str) -> etree._Element:
    found = root.xpath("//*[@xml:id=$i]", i=identifier)
    assert isinstance(found, list) and found, identifier
    element = found[0]
    assert isinstance(element, etree._Element)
    return element


def signatures(result: DiffResult) -> list[Expected]:
    return sorted(signature(c) for c in result.changes)

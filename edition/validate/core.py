"""The core rules, always on: every pointer of a document goes somewhere.

A pointer (``@ref``, ``@target``, ``@who``, ``@wit`` …) may name an element of the same document
(``#id``), a document of the same collection (``letter-2.xml``, ``letter-2.xml#p3``), a prefix the
header declares (``pers:X`` with a ``prefixDef``), a URL, or a file of the project (an image in
``@facs``). Anything else is reported as a warning, never an error: real projects write bare
``@wit="Pt"`` and ``@rendition="inline"``, which the Guidelines frown on and other tools read.

Each finding is reported once per attribute value with the number of times it occurs, so a
convention used a thousand times is one line, not a thousand. Pointers into other documents come
back as data: only the collection knows which documents it has (``unresolved_documents``).
The checks are one pass over the attributes with a set of identifiers: linear in the document.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from edition.errors import Problem, warning
from edition.tei.header import TEI_NS
from edition.tei.load import Document
from edition.validate.locations import Locator

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# The attributes of TEI that hold pointers (teidata.pointer), as real documents use them.
POINTER_ATTRIBUTES = (
    "ref",
    "target",
    "who",
    "source",
    "corresp",
    "resp",
    "ana",
    "sameAs",
    "prev",
    "next",
    "wit",
    "hand",
    "rendition",
    "facs",
    "spanTo",
    "copyOf",
    "decls",
    "scribeRef",
    "scriptRef",
    "synch",
    "active",
    "passive",
    "mutual",
)
_POINTER_NAMES = frozenset(POINTER_ATTRIBUTES)
# Schemes that are URIs in their own right (no prefixDef needed).
URI_SCHEMES = {"http", "https", "ftp", "mailto", "urn", "doi", "info", "tag", "geo", "tel", "hdl", "data", "file"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_DOCUMENT = re.compile(r"^[^#?]+\.xml(?:#.*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class DocumentPointer:
    """A pointer into another document of the collection: where it is, and the file it names
    (an absolute, normalised path, as the plan of a build lists its sources)."""

    line: int
    column: int
    attribute: str
    value: str
    path: str


def _declared_prefixes(doc: Document) -> set[str]:
    found = doc.tree.xpath("//tei:prefixDef/@ident", namespaces={"tei": TEI_NS})
    return {str(value) for value in found}


def _ids(doc: Document) -> set[str]:
    return {str(value) for value in doc.tree.xpath("/descendant-or-self::*/@xml:id")}


def _kind(token: str, ids: set[str], prefixes: set[str], attribute: str) -> str:
    """'' for a pointer that resolves here, 'document' for another document, or the finding."""
    if token.startswith("#"):
        return "" if token[1:] in ids else "missing"
    scheme = _SCHEME.match(token)
    if scheme:
        name = scheme.group(1)
        if name in prefixes or name.lower() in URI_SCHEMES or token[scheme.end() :].startswith("//"):
            return ""
        return "prefix"
    if _DOCUMENT.match(token):
        return "document"
    if attribute == "facs" or "/" in token or "." in token:
        return ""  # a file of the project (an image, a page scan): copied or linked as it is
    # A bare name: real projects write @wit="Pt" for "#Pt"; it resolves if the identifier exists.
    return "" if token in ids else "bare"


_MESSAGES = {
    "missing": '@{attribute}="{token}" points to nothing: no element has xml:id="{bare}".',
    "prefix": '@{attribute}="{token}" uses the prefix "{prefix}:", which no prefixDef declares.',
    "bare": '@{attribute}="{token}" is not a pointer (no #) and no element has xml:id="{token}".',
}


def _pointers(doc: Document) -> Iterator[tuple[etree._Element, str, str, str]]:
    """Every pointer token of the document, with its element, attribute and kind."""
    ids = _ids(doc)
    prefixes = _declared_prefixes(doc)
    for element in doc.tree.iter("{*}*"):
        attributes = element.attrib
        # Most elements carry no pointer: one set operation says so, rather than a look-up of
        # each pointer attribute (two thirds of the walk's time in a letter).
        if not attributes or _POINTER_NAMES.isdisjoint(attributes.keys()):
            continue
        for attribute in POINTER_ATTRIBUTES:
            value = attributes.get(attribute)
            if value:
                for token in value.split():
                    kind = _kind(token, ids, prefixes, attribute)
                    if kind:
                        yield element, attribute, token, kind


def pointer_findings(doc: Document) -> list[Problem]:
    """The core findings of one document: a warning for each pointer value that goes nowhere."""
    findings: dict[tuple[str, str, str], list[etree._Element]] = {}
    for element, attribute, token, kind in _pointers(doc):
        if kind != "document":
            findings.setdefault((kind, attribute, token), []).append(element)
    problems = []
    locator = Locator(doc)
    for (kind, attribute, token), elements in findings.items():
        prefix = token.split(":", 1)[0]
        message = _MESSAGES[kind].format(attribute=attribute, token=token, bare=token[1:], prefix=prefix)
        if len(elements) > 1:
            message = f"{message[:-1]} ({len(elements)} times; the first is here)."
        line, column = locator.locate(elements[0])
        problems.append(warning(doc.name, line, column, "pointer-resolves", message))
    return problems


XINCLUDE = "{http://www.w3.org/2001/XInclude}include"


def xinclude_findings(doc: Document) -> list[Problem]:
    """One warning for a document's XIncludes, which are never followed: the edition is of each
    file's own content, and the editor should know why a page (a notebook of included surfaces) is
    empty."""
    if b"http://www.w3.org/2001/XInclude" not in doc.source:  # no walk of the tree for almost every document
        return []
    includes = list(doc.tree.iter(XINCLUDE))
    if not includes:
        return []
    first = includes[0]
    many = f"{len(includes)} XIncludes are" if len(includes) > 1 else "an XInclude is"
    href = first.get("href")
    named = ""
    if href:
        named = f' (the first, href="{href}", is here)' if len(includes) > 1 else f' (href="{href}")'
    message = (
        f"{many} not followed{named}: each source is built from its own content only, so what they "
        "would include (and what points into it) is not in the edition; copy it into the source, "
        "or build the included files themselves"
    )
    line, column = Locator(doc).locate(first)
    return [warning(doc.name, line, column, "xinclude-ignored", message)]


def document_pointers(doc: Document) -> tuple[DocumentPointer, ...]:
    """The document's pointers into other documents, for the collection to resolve."""
    folder = os.path.dirname(os.path.abspath(doc.path))
    found = []
    for element, attribute, token, kind in _pointers(doc):
        if kind == "document":
            path = os.path.normpath(os.path.join(folder, unquote(token.split("#", 1)[0])))
            found.append(DocumentPointer(element.sourceline or 0, 0, attribute, token, path))
    return tuple(found)


def unresolved_documents(name: str, pointers: Iterable[DocumentPointer], documents: Set[str]) -> list[Problem]:
    """Warnings for the pointers of one document (``name``) that name no document of the
    collection (``documents``: the absolute paths of its sources)."""
    problems = []
    for pointer in pointers:
        if pointer.path not in documents:
            message = f'@{pointer.attribute}="{pointer.value}" names no document of the collection'
            problems.append(warning(name, pointer.line, pointer.column, "pointer-document", message))
    return problems

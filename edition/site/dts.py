"""Distributed Text Services (DTS) API 1.0, as static files a plain web server can serve.

This follows DTS **v1.0** (https://dtsapi.org/versions/v1.0/, JSON-LD context
``https://dtsapi.org/context/v1.0.json``, ``dtsVersion: "1.0"``) at conformance **Level 0**: the
Navigation endpoint does not take ``start``/``end`` (the specification allows this for
implementations "created by generating static files"). Nor are ``tree``, ``page``, ``mediaType``
or ``down=0`` offered: every document has one citation tree, nothing is paginated, the only media
type is TEI, and the templates say which parameters exist.

The specification's URI templates (RFC 6570) normally carry query parameters; a static host
cannot read those, so (as the specification's section "URI Templates examples for static
website" suggests) the parameters are path segments and path-style parameters:

- entry: ``dts/index.json``;
- collection: ``dts/collection{/id}{;nav}.json``, e.g. ``dts/collection.json`` (the root) or
  ``dts/collection/ID;nav=parents.json``;
- navigation: ``dts/navigation/{resource}{;down}{/ref}.json``, e.g.
  ``dts/navigation/ID;down=-1.json`` (the whole tree) or ``dts/navigation/ID/1.12.json``;
- document: ``dts/document/{resource}{/ref}.xml``, e.g. ``dts/document/ID.xml`` (the whole
  document) or ``dts/document/ID/1.12.xml`` (one citable unit).

Files exist for: the root collection (with and without ``id``) and each resource, each also with
``nav=children`` and ``nav=parents``; navigation of the whole tree (``down=-1`` and each
``down`` from 1 to the tree's depth), of each citable unit alone (``ref``), and of each unit's
subtree (``ref`` with ``down=-1`` and each ``down`` that reaches a lower level); the whole document
and each citable unit wrapped in ``dts:wrapper``. Without ``base`` every link is relative to the
file it is in, so the API works from any folder; with ``base`` links are absolute.

They are made in two stages, so that a large corpus can be built one document at a time.
``dts_document_files`` makes every file that depends on one document alone (its navigation and
document files, and its ``collection/ID.json`` and ``collection/ID;nav=children.json``) and
returns with them a ``DTSResource``: a small picklable summary (plain strings and JSON-ready
values, no lxml object) of what the collection needs. ``dts_collection_files`` makes, from those
summaries only, the entry point, the root collection's files and each resource's
``collection/ID;nav=parents.json`` (which name the root collection's title and member count).
A document's files therefore stay valid when other documents are added or the title changes.
``dts_files`` does both for a list of parsed documents. (The
specification wants a Navigation ``@id`` to be the absolute request URL: without ``base`` it is
relative, and resolves to that URL.) A resource's id is its file name without ``.xml`` (the
chapter's is ``north-heritage-khrushchev``), as for its pages; the root collection's id is
``root``; the idno is in the resource's ``dublinCore``.

The citation tree is read from the document's first ``refsDecl`` with ``citeStructure``: each
``@match`` is an XPath 1.0 expression (absolute at the top, relative to the parent's match below)
written, as in TEI examples, without prefixes and meaning TEI elements; ``@use`` gives the value
and ``@delim`` the string put before it when it is joined to the parent's reference. The chapter
declares ``chapter`` (``/TEI/text/body/div``, ``@n``) and ``paragraph`` (``.//p[@n]``, ``@n``,
delimiter ``.``), so its references are ``1`` and ``1.1`` … ``1.62``: paragraph 12 is ``1.12``. A
``citeData`` whose ``@property`` is a Dublin Core term becomes the unit's ``dublinCore``. A
document without ``citeStructure`` falls back to the paragraphs of its body that have an
``xml:id``, cited by that id at one level. A unit whose ``@use`` gives an empty value is not
citable and is left out with its subtree; two units with the same reference are an error.

A reference or document name becomes a path segment, so it is spelled safely: characters other
than ``A-Z a-z 0-9 . _ -`` (and a name made only of dots) are written ``~XX`` per UTF-8 byte
(``~7E`` for ``~`` itself). That spelling is the DTS ``identifier``, so a client that expands the
templates with the identifiers it was given reaches exactly the files written. The chapter's
references need no escaping.
"""

from __future__ import annotations

import copy
import functools
import json
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from edition.cite.csl import rights_statements, text_reserved
from edition.tei.header import NS, TEI_NS, normalize_space
from edition.tei.load import Document

DTS_VERSION = "1.0"
CONTEXT = "https://dtsapi.org/context/v1.0.json"
WRAPPER_NS = "https://w3id.org/api/dts#"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DUBLIN_CORE = "http://purl.org/dc/terms/"

ROOT_ID = "root"
ENTRY = "dts/index.json"
COLLECTION = "dts/collection{/id}{;nav}.json"
NAVIGATION = "dts/navigation/{resource}{;down}{/ref}.json"
DOCUMENT = "dts/document/{resource}{/ref}.xml"


class DTSError(ValueError):
    """A document's citation structure cannot be served (bad XPath, duplicate references)."""


# ---------------------------------------------------------------------------------------------
# Safe names


_SAFE_CHAR = re.compile(r"[A-Za-z0-9._-]")


def safe_identifier(value: str) -> str:
    """``value`` spelled with ``A-Z a-z 0-9 . _ - ~`` only, injectively, and never ``.`` or ``..``."""
    spelled = "".join(
        char if _SAFE_CHAR.fullmatch(char) else "".join(f"~{byte:02X}" for byte in char.encode("utf-8"))
        for char in value
    )
    if not spelled.strip("."):
        spelled = spelled.replace(".", "~2E")
    return spelled


# ---------------------------------------------------------------------------------------------
# XPath of citeStructure: unprefixed names are TEI elements

_XPATH_TOKEN = re.compile(
    r"""
    (?P<literal>"[^"]*"|'[^']*')
  | (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<name>[A-Za-z_][\w.\-]*(?::(?:[A-Za-z_][\w.\-]*|\*))?)
  | (?P<op>//|::|\.\.|!=|<=|>=|[/()\[\]@,|+=<>*$.-])
  | (?P<space>\s+)
    """,
    re.VERBOSE,
)
_OPERATORS = {"and", "or", "mod", "div", "/", "//", "|", "+", "-", "=", "!=", "<", "<=", ">", ">=", "*"}
_BEFORE_NAME_TEST = {"@", "::", "(", "[", ","}


def tei_xpath(expression: str) -> str:
    """Prefix the unprefixed element name tests of an XPath 1.0 expression with ``tei:``.

    TEI writes ``citeStructure/@match`` as ``/TEI/text/body/div``: names meaning TEI elements.
    XPath 1.0 (lxml) has no default element namespace, so ``div`` becomes ``tei:div``; attribute
    names, functions, node types, axes, operators, variables, literals and prefixed names stay.
    """
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(expression):
        found = _XPATH_TOKEN.match(expression, position)
        if not found:
            raise DTSError(f"cannot read the XPath expression {expression!r} at {expression[position:]!r}")
        kind = found.lastgroup or ""
        tokens.append((kind, found.group()))
        position = found.end()
    significant = [i for i, (kind, _) in enumerate(tokens) if kind != "space"]
    out = [text for _, text in tokens]
    for place, index in enumerate(significant):
        kind, text = tokens[index]
        if kind != "name" or ":" in text:
            continue
        before = tokens[significant[place - 1]][1] if place > 0 else ""
        after = tokens[significant[place + 1]][1] if place + 1 < len(significant) else ""
        if after in ("(", "::") or before in ("@", "$"):
            continue  # function, node type or axis; attribute or variable
        if before == "::" and place > 1 and tokens[significant[place - 2]][1] in ("attribute", "namespace"):
            continue
        if before and before not in _BEFORE_NAME_TEST and before not in _OPERATORS:
            continue  # an operator name (and, or, div, mod) after an operand
        out[index] = f"tei:{text}"
    return "".join(out)


def _select(context: Any, expression: str) -> list[Any]:
    try:
        result = context.xpath(tei_xpath(expression), namespaces=NS)
    except etree.XPathError as error:
        raise DTSError(f"citeStructure XPath {expression!r} cannot be evaluated: {error}") from error
    if not isinstance(result, list):
        raise DTSError(f"citeStructure @match {expression!r} does not select elements")
    return [node for node in result if isinstance(node, etree._Element)]


def _strings(context: Any, expression: str) -> list[str]:
    try:
        result = context.xpath(tei_xpath(expression), namespaces=NS)
    except etree.XPathError as error:
        raise DTSError(f"citeStructure XPath {expression!r} cannot be evaluated: {error}") from error
    if isinstance(result, list):
        values = [node if isinstance(node, str) else node.xpath("string(.)") for node in result]
    elif isinstance(result, float) and result.is_integer():
        values = [str(int(result))]
    else:
        values = [str(result)]
    return [text for text in (normalize_space(str(value)) for value in values) if text]


# ---------------------------------------------------------------------------------------------
# The citation tree


@dataclass(frozen=True)
class CiteStructure:
    """One ``citeStructure`` declaration (``unit``, ``match``, ``use``, ``delim``) and those below it."""

    unit: str
    match: str
    use: str
    delim: str
    data: tuple[tuple[str, str], ...] = ()  # (Dublin Core term, use) from citeData
    children: tuple[CiteStructure, ...] = ()


@dataclass(frozen=True)
class CitableUnit:
    """A node of the citation tree: its DTS identifier, TEI reference, place and element."""

    identifier: str
    reference: str
    level: int
    parent: str | None
    cite_type: str
    element: Any = field(compare=False, repr=False)
    dublin_core: dict[str, list[Any]] = field(default_factory=dict, compare=False)

    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "identifier": self.identifier,
            "@type": "CitableUnit",
            "level": self.level,
            "parent": self.parent,
            "citeType": self.cite_type,
        }
        if self.dublin_core:
            data["dublinCore"] = self.dublin_core
        return data


@dataclass(frozen=True)
class CitationTree:
    """A document's declared structure and its citable units in document order (pre-order)."""

    structures: tuple[CiteStructure, ...]
    units: tuple[CitableUnit, ...]

    # Both are asked once per navigation file, and a long document has thousands: computed once.
    @functools.cached_property
    def depth(self) -> int:
        return max((unit.level for unit in self.units), default=0)

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        return {unit.identifier: position for position, unit in enumerate(self.units)}

    def json(self) -> list[dict[str, Any]]:
        """The resource's ``citationTrees``: one tree, or none when nothing is citable."""
        if not self.units:
            return []
        return [{"@type": "CitationTree", "citeStructure": [_structure_json(s) for s in self.structures]}]

    def subtree(self, unit: CitableUnit, down: int) -> list[CitableUnit]:
        """``unit`` and its descendants down to ``down`` levels below it (all of them for -1)."""
        start = self._positions[unit.identifier]
        found = [unit]
        for other in self.units[start + 1 :]:
            if other.level <= unit.level:
                break
            if down < 0 or other.level <= unit.level + down:
                found.append(other)
        return found


def _structure_json(structure: CiteStructure) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "CiteStructure", "citeType": structure.unit}
    if structure.children:
        data["citeStructure"] = [_structure_json(child) for child in structure.children]
    return data


def _dublin_core_term(prop: str) -> str:
    for prefix in (DUBLIN_CORE, "http://purl.org/dc/elements/1.1/", "dct:", "dcterms:", "dc:"):
        if prop.startswith(prefix) and re.fullmatch(r"[A-Za-z]+", prop[len(prefix) :]):
            return prop[len(prefix) :]
    return ""


def _read_structure(element: Any) -> CiteStructure:
    data = []
    for cite_data in element.xpath("tei:citeData[@property][@use]", namespaces=NS):
        term = _dublin_core_term(cite_data.get("property"))
        if term:
            data.append((term, cite_data.get("use")))
    return CiteStructure(
        unit=normalize_space(element.get("unit", "")) or "unit",
        match=element.get("match", ""),
        use=element.get("use", ""),
        delim=element.get("delim", ""),
        data=tuple(data),
        children=tuple(_read_structure(child) for child in element.xpath("tei:citeStructure", namespaces=NS)),
    )


def _language(element: Any) -> str:
    found = element.xpath("ancestor-or-self::*[@xml:lang][1]/@xml:lang")
    return str(found[0]) if found else ""


def _metadata(element: Any, structure: CiteStructure) -> dict[str, list[Any]]:
    metadata: dict[str, list[Any]] = {}
    lang = _language(element)
    for term, use in structure.data:
        values = _strings(element, use)
        if values:
            metadata.setdefault(term, []).extend({"lang": lang, "value": v} if lang else v for v in values)
    return metadata


def citation_tree(document: Document) -> CitationTree:
    """The citation tree of ``document`` from its ``refsDecl/citeStructure`` (see the module's notes)."""
    tree = document.tree
    declared = tree.xpath(
        "(/tei:TEI/tei:teiHeader/tei:encodingDesc/tei:refsDecl[tei:citeStructure])[1]/tei:citeStructure",
        namespaces=NS,
    )
    if not declared:
        return _paragraph_tree(document)
    structures = tuple(_read_structure(element) for element in declared)
    order = {element: index for index, element in enumerate(tree.getroot().iter())}
    units: list[CitableUnit] = []
    seen: dict[str, CitableUnit] = {}

    def walk(level_structures: Sequence[CiteStructure], context: Any, parent: CitableUnit | None) -> None:
        matched = [
            (order.get(element, -1), index, structure, element)
            for index, structure in enumerate(level_structures)
            for element in _select(context, structure.match)
        ]
        matched.sort(key=lambda found: (found[0], found[1]))
        for _, _, structure, element in matched:
            values = _strings(element, structure.use)
            if not values:
                continue  # nothing to cite it by
            reference = (parent.reference if parent else "") + structure.delim + values[0]
            identifier = safe_identifier(reference)
            if identifier in seen:
                line = element.sourceline or 0
                raise DTSError(
                    f"{document.name}:{line}: the reference {reference!r} ({structure.unit}) is also that of an "
                    f"earlier {seen[identifier].cite_type}; citable units need unique references"
                )
            unit = CitableUnit(
                identifier=identifier,
                reference=reference,
                level=parent.level + 1 if parent else 1,
                parent=parent.identifier if parent else None,
                cite_type=structure.unit,
                element=element,
                dublin_core=_metadata(element, structure),
            )
            seen[identifier] = unit
            units.append(unit)
            walk(structure.children, element, unit)

    walk(structures, tree.getroot(), None)
    return CitationTree(structures, tuple(units))


def _paragraph_tree(document: Document) -> CitationTree:
    """The fallback: body paragraphs with an ``xml:id``, cited by it, at one level."""
    # Steps down from one node each (libxml2 merges the results of // from many nodes quadratically).
    paragraphs = document.tree.xpath("/tei:TEI/tei:text/descendant::tei:body/descendant::tei:p[@xml:id]", namespaces=NS)
    units = tuple(
        CitableUnit(
            identifier=safe_identifier(str(p.get(f"{{{XML_NS}}}id"))),
            reference=str(p.get(f"{{{XML_NS}}}id")),
            level=1,
            parent=None,
            cite_type="paragraph",
            element=p,
        )
        for p in paragraphs
    )
    structure = CiteStructure(unit="paragraph", match="/TEI/text//body//p[@xml:id]", use="@xml:id", delim="")
    return CitationTree((structure,), units)


# ---------------------------------------------------------------------------------------------
# Responses


def _href(base: str, here: str, target: str) -> str:
    """``target`` (a site path, possibly a URI template) as a link from the file ``here``."""
    if base:
        return base.rstrip("/") + "/" + target
    cut = target.find("{")
    fixed, template = (target, "") if cut < 0 else (target[:cut], target[cut:])
    # The fixed part ends inside a file name ("dts/navigation/ID" + "{;down}…"): relate its folder.
    folder, name = fixed.rsplit("/", 1) if "/" in fixed else ("", fixed)
    relative = _relative_folder(folder, posixpath.dirname(here))
    return (name if relative == "." and name else f"{relative}/{name}") + template


@functools.lru_cache(maxsize=4096)
def _relative_folder(folder: str, start: str) -> str:
    """``posixpath.relpath`` for two site folders ('' for the root); a long document asks the
    same few pairs tens of thousands of times."""
    return posixpath.relpath(folder or ".", start or ".")


def _json(data: dict[str, Any]) -> bytes:
    # Compact: a long document has thousands of these files, and the indenting encoder is
    # Python's own, ten times slower than the compact one.
    return (_compact(data) + "\n").encode("utf-8")


def _compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _with_member(data: dict[str, Any], member: str) -> bytes:
    """``_json`` of ``data`` with a last member ``member`` given as JSON already."""
    return f'{_compact(data)[:-1]},"member":{member}}}\n'.encode()


def _top(data: dict[str, Any]) -> dict[str, Any]:
    """A top-level response: the JSON-LD context and the DTS version first."""
    return {"@context": CONTEXT, "dtsVersion": DTS_VERSION, **data}


@dataclass(frozen=True)
class DTSResource:
    """What the collection files need of one document: plain, small and picklable (no lxml object).

    ``name`` is the document's display name, for messages; ``title``, ``description``,
    ``dublin_core`` and ``citation_trees`` are the resource's ``title``, ``description`` (empty for
    none), ``dublinCore`` and ``citationTrees`` as they appear in its JSON.
    """

    identifier: str
    name: str
    title: str
    description: str
    dublin_core: dict[str, Any] = field(hash=False)
    citation_trees: list[dict[str, Any]] = field(hash=False)

    def json(self, base: str, here: str) -> dict[str, Any]:
        """The resource's JSON (without ``member``) for the file ``here``; it shares the
        resource's ``dublinCore`` and ``citationTrees`` values, which are only ever serialised."""
        data: dict[str, Any] = {
            "@id": self.identifier,
            "@type": "Resource",
            "title": self.title,
            "totalParents": 1,
            "totalChildren": 0,
        }
        if self.description:
            data["description"] = self.description
        if self.dublin_core:
            data["dublinCore"] = self.dublin_core
        data["collection"] = _href(base, here, f"dts/collection/{self.identifier}{{;nav}}.json")
        data["navigation"] = _href(base, here, f"dts/navigation/{self.identifier}{{;down}}{{/ref}}.json")
        data["document"] = _href(base, here, f"dts/document/{self.identifier}{{/ref}}.xml")
        data["citationTrees"] = self.citation_trees
        return data


def _plain(data: Any) -> Any:
    """``data`` rebuilt from JSON: only dict, list, str, int, float, bool and None (no str from lxml)."""
    return json.loads(json.dumps(data))


def _resource(document: Document, tree: CitationTree) -> DTSResource:
    meta = document.metadata
    return DTSResource(
        identifier=str(safe_identifier(document.stem)),
        name=str(document.name),
        title=str(meta.title or document.stem),
        description=str(meta.subtitle),
        dublin_core=_plain(_resource_dublin_core(document)),
        citation_trees=_plain(tree.json()),
    )


def dts_resource(document: Document) -> DTSResource:
    """The summary of ``document`` that the collection files are made from (see ``DTSResource``)."""
    return _resource(document, citation_tree(document))


def _resource_dublin_core(document: Document) -> dict[str, Any]:
    meta = document.metadata
    lang = _language(document.tree.getroot()) or (meta.languages[0] if meta.languages else "")

    def text(value: str) -> dict[str, str] | str:
        return {"lang": lang, "value": value} if lang else value

    found: dict[str, Any] = {
        "title": [text(meta.title)] if meta.title else [],
        "creator": list(meta.authors),
        "publisher": [meta.publisher] if meta.publisher else [],
        "identifier": [meta.identifier] if meta.identifier else [],
        "date": [meta.date] if meta.date else [],
        "hasVersion": [meta.version] if meta.version else [],
        "isPartOf": [text(meta.container_title)] if meta.container_title else [],
        "language": list(meta.languages),
        # The header's licence covers only the encoding when it reserves the rights in the text:
        # then its words are the rights, and nothing is stated as the licence of the resource.
        "license": [meta.licence_url] if meta.licence_url and not text_reserved(meta) else [],
        "rights": [text(statement) for statement in rights_statements(meta)] if text_reserved(meta) else [],
    }
    return {key: value for key, value in found.items() if value}


def _collection_json(title: str, count: int, base: str, here: str) -> dict[str, Any]:
    return {
        "@id": ROOT_ID,
        "@type": "Collection",
        "title": title,
        "totalParents": 0,
        "totalChildren": count,
        "collection": _href(base, here, COLLECTION),
    }


def _navigation(
    resource: DTSResource, tree: CitationTree, base: str, here: str, ref: CitableUnit | None, down: int | None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Navigation",
        "@id": _href(base, here, here),
        "resource": resource.json(base, here),
    }
    if ref is not None:
        data["ref"] = ref.json()
    if down is not None:
        if ref is not None:
            members = tree.subtree(ref, down)
        else:
            members = [unit for unit in tree.units if down < 0 or unit.level <= down]
        data["member"] = [unit.json() for unit in members]
    return _top(data)


def _wrapped(unit: CitableUnit) -> bytes:
    """A citable unit as the Document endpoint returns it: TEI root, ``dts:wrapper``, the element."""
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    lang = _language(unit.element)
    if lang:
        root.set(f"{{{XML_NS}}}lang", lang)
    wrapper = etree.SubElement(root, f"{{{WRAPPER_NS}}}wrapper", nsmap={"dts": WRAPPER_NS})
    fragment = copy.deepcopy(unit.element)
    fragment.tail = None
    wrapper.append(fragment)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8")) + b"\n"


def _navigation_path(resource: str, down: int | None, ref: str | None) -> str:
    return (
        f"dts/navigation/{resource}"
        + (f";down={down}" if down is not None else "")
        + (f"/{ref}" if ref else "")
        + ".json"
    )


def _safe_path(path: str) -> str:
    parts = path.split("/")
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise DTSError(f"unsafe output path {path!r}")  # cannot happen: every name is spelled safely
    return path


def _checked(files: dict[str, bytes]) -> dict[str, bytes]:
    for path in files:
        _safe_path(path)
    return files


def _taken(name: str, identifier: str) -> DTSError:
    return DTSError(f"{name}: the DTS identifier {identifier!r} is already taken")


def dts_document_files(document: Document, base: str = "") -> tuple[DTSResource, dict[str, bytes]]:
    """The summary of ``document`` and every file of the API that depends on it alone.

    Those are its navigation and document files and its ``dts/collection/ID.json`` and
    ``dts/collection/ID;nav=children.json``, as site-relative paths to bytes; they depend on no
    other document, nor on the root collection's title or size. ``base`` is as for ``dts_files``.
    Raises ``DTSError`` for a citation structure that cannot be served, or a document whose
    identifier is the root collection's.
    """
    tree = citation_tree(document)
    resource = _resource(document, tree)
    rid = resource.identifier
    if rid == ROOT_ID:
        raise _taken(document.name, rid)
    files: dict[str, bytes] = {}
    # Collection endpoint: the resource itself, and its (no) children.
    for nav in ("", ";nav=children"):
        here = f"dts/collection/{rid}{nav}.json"
        data = resource.json(base, here)
        if nav:
            data["member"] = []
        files[here] = _json(_top(data))
    # Navigation endpoint: the whole tree, each unit, each unit's subtree.
    for down in (-1, *range(1, tree.depth + 1)):
        here = _navigation_path(rid, down, None)
        files[here] = _json(_navigation(resource, tree, base, here, None, down))
    for unit in tree.units:
        for unit_down in (None, -1, *range(1, tree.depth - unit.level + 1)):
            here = _navigation_path(rid, unit_down, unit.identifier)
            files[here] = _json(_navigation(resource, tree, base, here, unit, unit_down))
    # Document endpoint: the whole document as it is, and each citable unit wrapped.
    files[f"dts/document/{rid}.xml"] = document.source
    for unit in tree.units:
        files[f"dts/document/{rid}/{unit.identifier}.xml"] = _wrapped(unit)
    return resource, _checked(files)


def _parents_path(resource: DTSResource) -> str:
    return f"dts/collection/{resource.identifier};nav=parents.json"


def dts_collection_files(resources: Sequence[DTSResource], base: str = "", *, title: str) -> dict[str, bytes]:
    """The files of the API made from the documents' summaries: entry point, root collection, parents.

    Those are ``dts/index.json``, the root collection's six files (``dts/collection.json`` and
    ``dts/collection/root.json``, each also with ``nav=children`` and ``nav=parents``) and each
    resource's ``dts/collection/ID;nav=parents.json``. ``resources`` are in the collection's order;
    ``title`` names the root collection (if empty: the one resource's title, or "A collection of N
    TEI documents"). Raises ``DTSError`` when two resources, or a resource and the root collection,
    share an identifier.
    """
    return dict(dts_collection_parts(resources, base, title=title))


def dts_collection_parts(
    resources: Sequence[DTSResource], base: str = "", *, title: str
) -> Iterator[tuple[str, bytes]]:
    """The files of ``dts_collection_files``, one at a time: a collection of thousands of
    documents has a parents file for each, and a listing of all of them twice over, which a
    build writes as they come rather than holds together (13 MiB for 5,000 letters)."""
    seen = {ROOT_ID}
    for resource in resources:
        if resource.identifier in seen:
            raise _taken(resource.name, resource.identifier)
        seen.add(resource.identifier)
    if not title:
        title = resources[0].title if len(resources) == 1 else f"A collection of {len(resources)} TEI documents"
    yield (
        ENTRY,
        _json(
            _top(
                {
                    "@id": _href(base, ENTRY, ENTRY),
                    "@type": "EntryPoint",
                    "collection": _href(base, ENTRY, COLLECTION),
                    "navigation": _href(base, ENTRY, NAVIGATION),
                    "document": _href(base, ENTRY, DOCUMENT),
                }
            )
        ),
    )
    # Collection endpoint: the root (without id and as id=root), each with nav; each resource's parent.
    # A link depends only on the folder of the file it is in, so the listings of one folder
    # are the same bytes.
    # Each resource's entry is serialised once for each folder it is listed from, and the
    # listings and parents files are put together from those pieces: the same bytes as
    # serialising each file whole (a JSON object is its members in order, comma-separated).
    members: list[str] = []
    for root_path in ("dts/collection", f"dts/collection/{ROOT_ID}"):
        here = f"{root_path}.json"
        root = _collection_json(title, len(resources), base, here)
        members = [_compact(r.json(base, here)) for r in resources]
        listing = _with_member(_top(root), "[" + ",".join(members) + "]")
        yield here, listing
        yield f"{root_path};nav=children.json", listing
        yield f"{root_path};nav=parents.json", _json(_top({**root, "member": []}))
    # Every resource's parents file lies in dts/collection/, beside the listing of the root by
    # id, and repeats the resource's entry in that listing (the last ``members``).
    beside = f"dts/collection/{ROOT_ID}.json"
    parent = _compact([_collection_json(title, len(resources), base, beside)])
    head = _compact(_top({}))[:-1]
    for resource, member in zip(resources, members, strict=True):
        path = _safe_path(_parents_path(resource))
        yield path, f'{head},{member[1:-1]},"member":{parent}}}\n'.encode()


def dts_files(documents: Sequence[Document], base: str = "", *, title: str = "") -> dict[str, bytes]:
    """Every file of the static DTS API for ``documents``, as site-relative paths to bytes.

    ``base`` is the site's absolute base URL (links are relative without it); ``title`` names the
    root collection (by default the document's title, or "A collection of N TEI documents"). The
    files are those of ``dts_document_files`` for each document and of ``dts_collection_files``.
    """
    done: list[tuple[DTSResource, dict[str, bytes]]] = []
    for document in documents:
        identifier = safe_identifier(document.stem)
        if identifier == ROOT_ID or any(resource.identifier == identifier for resource, _ in done):
            raise _taken(document.name, identifier)
        done.append(dts_document_files(document, base))
    collection = dts_collection_files([resource for resource, _ in done], base, title=title)
    # In the order of earlier versions: entry and root; each resource's collection files; the rest.
    parents = {_parents_path(resource) for resource, _ in done}
    files = {path: data for path, data in collection.items() if path not in parents}
    for resource, own in done:
        for path in (
            f"dts/collection/{resource.identifier}.json",
            f"dts/collection/{resource.identifier};nav=children.json",
        ):
            files[path] = own[path]
        files[_parents_path(resource)] = collection[_parents_path(resource)]
    for _, own in done:
        files.update(own)
    return files

"""The static DTS 1.0 API: response shapes, a client's walk through the templates, safe names.

The JSON schemas below restate the "Required" columns of the DTS v1.0 specification
(https://dtsapi.org/versions/v1.0/): Entry Endpoint ("Scheme for Entry Endpoint Responses"),
Collection Endpoint ("Scheme for Collection API Responses"), Navigation Endpoint (the
``Navigation``, ``Resource``, ``CitationTree``, ``CiteStructure`` and ``CitableUnit`` tables).
"""

from __future__ import annotations

import json
import pickle
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import jsonschema
import pytest
import uritemplate
from lxml import etree

from edition.site import dts
from edition.tei.load import Document, parse
from tests.conftest import CHAPTER, GENERAL, MINIMAL, write

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI, "dts": dts.WRAPPER_NS}
SITE = "https://dts.example.org/edition/"  # where the test client pretends the site is served

_CONTEXT = {"const": "https://dtsapi.org/context/v1.0.json"}
_VERSION = {"const": "1.0"}
_TEMPLATE = {"type": "string", "minLength": 1}
_INT = {"type": "integer", "minimum": 0}

CITE_STRUCTURE: dict[str, Any] = {
    "type": "object",
    "required": ["citeType"],
    "properties": {
        "@type": {"const": "CiteStructure"},
        "citeType": {"type": "string", "minLength": 1},
        "citeStructure": {"type": "array", "items": {"$ref": "#/definitions/citeStructure"}},
    },
}
CITATION_TREE: dict[str, Any] = {
    "type": "object",
    "required": ["@type"],
    "properties": {
        "@type": {"const": "CitationTree"},
        "identifier": {"type": "string"},
        "citeStructure": {"type": "array", "items": {"$ref": "#/definitions/citeStructure"}},
    },
}
CITABLE_UNIT: dict[str, Any] = {
    "type": "object",
    "required": ["identifier", "@type", "level", "parent"],
    "properties": {
        "identifier": {"type": "string", "minLength": 1},
        "@type": {"const": "CitableUnit"},
        "level": {"type": "integer", "minimum": 1},
        "parent": {"type": ["string", "null"]},
        "citeType": {"type": "string"},
        "dublinCore": {"type": "object"},
    },
}
RESOURCE: dict[str, Any] = {
    "type": "object",
    "required": ["@id", "@type", "title", "totalParents", "collection", "navigation", "document", "citationTrees"],
    "properties": {
        "@id": {"type": "string", "minLength": 1},
        "@type": {"const": "Resource"},
        "title": {"type": "string", "minLength": 1},
        "totalParents": _INT,
        "totalChildren": _INT,
        "collection": _TEMPLATE,
        "navigation": _TEMPLATE,
        "document": _TEMPLATE,
        "citationTrees": {"type": "array", "items": {"$ref": "#/definitions/citationTree"}},
        "dublinCore": {"type": "object"},
    },
}
COLLECTION: dict[str, Any] = {
    "type": "object",
    "required": ["@id", "@type", "title", "totalParents", "totalChildren", "collection"],
    "properties": {
        "@id": {"type": "string", "minLength": 1},
        "@type": {"const": "Collection"},
        "title": {"type": "string", "minLength": 1},
        "totalParents": _INT,
        "totalChildren": _INT,
        "collection": _TEMPLATE,
        "member": {"type": "array", "items": {"$ref": "#/definitions/member"}},
    },
}
DEFINITIONS: dict[str, Any] = {
    "citeStructure": CITE_STRUCTURE,
    "citationTree": CITATION_TREE,
    "citableUnit": CITABLE_UNIT,
    "resource": RESOURCE,
    "collection": COLLECTION,
    "member": {"oneOf": [{"$ref": "#/definitions/collection"}, {"$ref": "#/definitions/resource"}]},
}


def _top(schema: dict[str, Any], *required: str) -> dict[str, Any]:
    """A top-level response: ``@context`` and ``dtsVersion`` are required besides the object's own."""
    properties = {**schema.get("properties", {}), "@context": _CONTEXT, "dtsVersion": _VERSION}
    return {
        **schema,
        "required": [*schema.get("required", []), "@context", "dtsVersion", *required],
        "properties": properties,
        "definitions": DEFINITIONS,
    }


SCHEMAS: dict[str, dict[str, Any]] = {
    "EntryPoint": _top(
        {
            "type": "object",
            "required": ["@id", "@type", "collection", "navigation", "document"],
            "properties": {
                "@type": {"const": "EntryPoint"},
                "collection": _TEMPLATE,
                "navigation": _TEMPLATE,
                "document": _TEMPLATE,
            },
        }
    ),
    "Collection": _top(COLLECTION),
    "Resource": _top(RESOURCE),
    "Navigation": _top(
        {
            "type": "object",
            "required": ["@id", "@type", "resource"],
            "properties": {
                "@type": {"const": "Navigation"},
                "@id": {"type": "string", "minLength": 1},
                "resource": {"$ref": "#/definitions/resource"},
                "ref": {"$ref": "#/definitions/citableUnit"},
                "member": {"type": "array", "items": {"$ref": "#/definitions/citableUnit"}},
            },
        }
    ),
}


def check(data: dict[str, Any]) -> dict[str, Any]:
    jsonschema.Draft7Validator(SCHEMAS[data["@type"]]).validate(data)
    return data


def load(path: Path) -> Document:
    document = parse(path)
    assert isinstance(document, Document)
    return document


@pytest.fixture(scope="module")
def chapter() -> Document:
    return load(CHAPTER)


@pytest.fixture(scope="module")
def files(chapter: Document) -> dict[str, bytes]:
    return dts.dts_files([chapter])


class Client:
    """Fetches URLs from the generated files as a static host would (path, percent-decoded)."""

    def __init__(self, files: dict[str, bytes], site: str = SITE) -> None:
        self.files, self.site = files, site
        self.fetched: list[str] = []

    def get(self, url: str) -> bytes:
        assert url.startswith(self.site), url
        path = unquote(urlsplit(url).path[len(urlsplit(self.site).path) :])
        self.fetched.append(path)
        assert path in self.files, f"{url} -> {path} is not a file of the site"
        return self.files[path]

    def json(self, url: str) -> dict[str, Any]:
        return check(json.loads(self.get(url)))

    @staticmethod
    def expand(base_url: str, template: str, **values: Any) -> str:
        """Expand an RFC 6570 template and resolve it against the URL of the response it came from."""
        return urljoin(base_url, uritemplate.expand(template, values))


# --- Shapes -----------------------------------------------------------------------------------


def test_every_json_response_has_the_required_properties(files: dict[str, bytes]) -> None:
    responses = [json.loads(data) for path, data in files.items() if path.endswith(".json")]
    assert len(responses) > 60
    for data in responses:
        check(data)
    assert {data["@type"] for data in responses} == {"EntryPoint", "Collection", "Resource", "Navigation"}


def test_entry_endpoint(files: dict[str, bytes]) -> None:
    entry = json.loads(files["dts/index.json"])
    assert entry == {
        "@context": "https://dtsapi.org/context/v1.0.json",
        "dtsVersion": "1.0",
        "@id": "index.json",
        "@type": "EntryPoint",
        "collection": "collection{/id}{;nav}.json",
        "navigation": "navigation/{resource}{;down}{/ref}.json",
        "document": "document/{resource}{/ref}.xml",
    }


def test_citation_tree_of_the_chapter(chapter: Document) -> None:
    tree = dts.citation_tree(chapter)
    assert [unit.identifier for unit in tree.units] == ["1", *(f"1.{n}" for n in range(1, 63))]
    assert tree.units[0].cite_type == "chapter" and tree.units[0].parent is None and tree.units[0].level == 1
    assert all(u.cite_type == "paragraph" and u.parent == "1" and u.level == 2 for u in tree.units[1:])
    assert [u.element.get("{http://www.w3.org/XML/1998/namespace}id") for u in tree.units[1:]] == [
        f"p{n}" for n in range(1, 63)
    ]
    assert tree.json() == [
        {
            "@type": "CitationTree",
            "citeStructure": [
                {
                    "@type": "CiteStructure",
                    "citeType": "chapter",
                    "citeStructure": [{"@type": "CiteStructure", "citeType": "paragraph"}],
                }
            ],
        }
    ]


# --- A client's walk --------------------------------------------------------------------------


def test_a_client_walks_from_the_entry_to_paragraph_12(files: dict[str, bytes], chapter: Document) -> None:
    client = Client(files)
    entry_url = urljoin(SITE, "dts/index.json")
    entry = client.json(entry_url)

    root_url = client.expand(entry_url, entry["collection"])
    root = client.json(root_url)
    assert root["@type"] == "Collection" and root["totalChildren"] == len(root["member"]) == 1
    resource = root["member"][0]
    assert resource["@type"] == "Resource" and resource["title"] == chapter.metadata.title

    # The whole tree (down=-1), from the resource's own navigation template.
    tree_url = client.expand(root_url, resource["navigation"], down=-1)
    tree = client.json(tree_url)
    assert "ref" not in tree
    members = {unit["identifier"]: unit for unit in tree["member"]}
    assert len(members) == 63
    twelve = members["1.12"]
    assert twelve == {"identifier": "1.12", "@type": "CitableUnit", "level": 2, "parent": "1", "citeType": "paragraph"}

    # The unit on its own (ref, no down: no member), then its text from the Document endpoint.
    unit = client.json(client.expand(tree_url, tree["resource"]["navigation"], ref="1.12"))
    assert unit["ref"] == twelve and "member" not in unit
    fragment_url = client.expand(tree_url, tree["resource"]["document"], ref=twelve["identifier"])
    xml = etree.fromstring(client.get(fragment_url))
    assert xml.tag == f"{{{TEI}}}TEI"
    (wrapper,) = xml
    assert wrapper.tag == f"{{{dts.WRAPPER_NS}}}wrapper"
    (p,) = wrapper
    source_p12 = chapter.tree.xpath("//tei:p[@xml:id='p12']", namespaces=NS)[0]
    assert p.tag == f"{{{TEI}}}p" and p.get("n") == "12"
    assert "".join(p.itertext()) == "".join(source_p12.itertext())
    assert "Thirty-three years had passed" in "".join(p.itertext())

    # The whole document.
    whole = client.get(client.expand(tree_url, tree["resource"]["document"]))
    assert whole == chapter.source
    assert client.fetched[-2:] == [
        "dts/document/north-heritage-khrushchev/1.12.xml",
        "dts/document/north-heritage-khrushchev.xml",
    ]


def test_every_navigation_query_a_client_can_build_is_a_file(files: dict[str, bytes], chapter: Document) -> None:
    client = Client(files)
    root_url = urljoin(SITE, "dts/collection.json")
    template = client.json(root_url)["member"][0]["navigation"]
    tree = dts.citation_tree(chapter)
    for down in (-1, 1, 2):
        top = client.json(client.expand(root_url, template, down=down))
        assert len(top["member"]) == (63 if down != 1 else 1)
    chapter_down_1 = client.json(client.expand(root_url, template, ref="1", down=1))
    assert chapter_down_1["ref"]["identifier"] == "1"
    assert [u["identifier"] for u in chapter_down_1["member"]] == [u.identifier for u in tree.units]
    for unit in tree.units:
        here = client.json(client.expand(root_url, template, ref=unit.identifier, down=-1))
        assert here["member"][0]["identifier"] == unit.identifier  # the spec's Example 3: ref comes first
        assert here["ref"] == here["member"][0]


def test_collection_parents_and_children(files: dict[str, bytes]) -> None:
    client = Client(files)
    entry_url = urljoin(SITE, "dts/index.json")
    template = client.json(entry_url)["collection"]
    root = client.json(client.expand(entry_url, template))
    same = client.json(client.expand(entry_url, template, id=root["@id"]))  # links differ: one level deeper
    assert (same["@id"], same["title"], [m["@id"] for m in same["member"]]) == (
        root["@id"],
        root["title"],
        [m["@id"] for m in root["member"]],
    )
    assert client.json(client.expand(entry_url, template, nav="parents"))["member"] == []
    resource_id = root["member"][0]["@id"]
    resource = client.json(client.expand(entry_url, template, id=resource_id))
    assert resource["@type"] == "Resource" and resource["@id"] == resource_id
    parents = client.json(client.expand(entry_url, template, id=resource_id, nav="parents"))
    assert [member["@id"] for member in parents["member"]] == [root["@id"]]


def test_absolute_links_with_a_base_url(chapter: Document) -> None:
    base = "https://example.org/north/"
    files = dts.dts_files([chapter], base)
    entry = json.loads(files["dts/index.json"])
    assert entry["@id"] == base + "dts/index.json"
    assert entry["navigation"] == base + "dts/navigation/{resource}{;down}{/ref}.json"
    client = Client(files, base)
    tree = client.json(client.expand(entry["@id"], entry["navigation"], resource="north-heritage-khrushchev", down=-1))
    assert tree["@id"] == base + "dts/navigation/north-heritage-khrushchev;down=-1.json"


def test_document_fragments_are_tei(files: dict[str, bytes]) -> None:
    fragments = [path for path in files if path.startswith("dts/document/") and path.count("/") == 3]
    assert len(fragments) == 63
    for path in fragments:
        root = etree.fromstring(files[path])
        assert root.tag == f"{{{TEI}}}TEI" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
        assert len(root.xpath("dts:wrapper/*", namespaces=NS)) == 1


def test_reproducible(chapter: Document, files: dict[str, bytes]) -> None:
    assert dts.dts_files([chapter]) == files


# --- Two stages: each document alone, then the collection -------------------------------------


@pytest.fixture(scope="module")
def corpus(chapter: Document) -> list[Document]:
    return [chapter, load(MINIMAL), *(load(path) for path in sorted(GENERAL.glob("*.xml")))]


def _plain_json(value: Any) -> bool:
    if isinstance(value, dict):
        return all(type(key) is str and _plain_json(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return all(_plain_json(item) for item in value)
    return value is None or type(value) in (str, int, float, bool)


@pytest.mark.parametrize(("base", "title"), [("", ""), (SITE, ""), ("", "Another title")])
def test_dts_files_is_the_union_of_the_two_stages(corpus: list[Document], base: str, title: str) -> None:
    for documents in ([corpus[0]], corpus):
        union: dict[str, bytes] = {}
        resources = []
        for document in documents:
            resource, own = dts.dts_document_files(document, base)
            assert resource == dts.dts_resource(document)
            assert not union.keys() & own.keys()  # a document's files are its own
            union.update(own)
            resources.append(resource)
        collection = dts.dts_collection_files(resources, base, title=title)
        assert not union.keys() & collection.keys()
        assert {**union, **collection} == dts.dts_files(documents, base, title=title)


def test_a_documents_files_do_not_depend_on_the_others(corpus: list[Document]) -> None:
    _, alone = dts.dts_document_files(corpus[0])
    for files in (dts.dts_files(corpus[:1]), dts.dts_files(corpus, title="Other"), dts.dts_files(corpus[::-1])):
        assert {path: files[path] for path in alone} == alone
    assert set(alone) >= {
        "dts/collection/north-heritage-khrushchev.json",
        "dts/collection/north-heritage-khrushchev;nav=children.json",
        "dts/document/north-heritage-khrushchev.xml",
    }
    assert "dts/collection/north-heritage-khrushchev;nav=parents.json" not in alone


def test_the_collection_is_made_from_pickled_resources(corpus: list[Document]) -> None:
    resources = [dts.dts_resource(document) for document in corpus]
    for resource in resources:
        data = pickle.dumps(resource)
        assert b"lxml" not in data and b"edition.tei.load" not in data
        again = pickle.loads(data)
        assert again == resource and hash(again) == hash(resource)
        assert _plain_json(vars(again))
    assert len(pickle.dumps(resources[0])) < 4096  # the chapter's summary is small
    travelled = [pickle.loads(pickle.dumps(resource)) for resource in resources]
    assert dts.dts_collection_files(travelled, title="T") == dts.dts_collection_files(resources, title="T")


def test_collection_identifiers_must_be_unique(chapter: Document, tmp_path: Path) -> None:
    resource = dts.dts_resource(chapter)
    with pytest.raises(dts.DTSError, match="'north-heritage-khrushchev' is already taken"):
        dts.dts_collection_files([resource, resource], title="T")
    root = load(write(tmp_path, "root.xml", MINIMAL.read_text(encoding="utf-8")))
    with pytest.raises(dts.DTSError, match=r"root\.xml: the DTS identifier 'root' is already taken"):
        dts.dts_collection_files([dts.dts_resource(root)], title="T")
    with pytest.raises(dts.DTSError, match="'root' is already taken"):
        dts.dts_document_files(root)
    with pytest.raises(dts.DTSError, match="'root' is already taken"):
        dts.dts_files([root])


# --- Other documents: fallback, unsafe values, errors ------------------------------------------


def test_without_cite_structure_body_paragraphs_with_ids_are_cited() -> None:
    files = dts.dts_files([load(MINIMAL)])
    tree = json.loads(files["dts/navigation/minimal;down=-1.json"])
    assert [u["identifier"] for u in tree["member"]] == ["p1", "p2", "p3"]
    assert {u["citeType"] for u in tree["member"]} == {"paragraph"}
    assert tree["resource"]["citationTrees"][0]["citeStructure"] == [
        {"@type": "CiteStructure", "citeType": "paragraph"}
    ]
    assert "dts/document/minimal/p2.xml" in files


HEADER = """<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt>
<sourceDesc><p>S</p></sourceDesc></fileDesc><encodingDesc><refsDecl>{structure}</refsDecl></encodingDesc></teiHeader>"""


def tei(tmp_path: Path, name: str, structure: str, body: str) -> Document:
    text = f'<TEI xmlns="{TEI}">{HEADER.format(structure=structure)}<text><body>{body}</body></text></TEI>'
    return load(write(tmp_path, name, text))


def test_values_from_tei_are_spelled_safely(tmp_path: Path) -> None:
    structure = (
        '<citeStructure unit="section" match="//body/div" use="@n">'
        '<citeData property="http://purl.org/dc/terms/title" use="head"/></citeStructure>'
    )
    body = (
        '<div n="../etc"><head>Up</head><p>a</p></div><div n="a/b c"><p>b</p></div>'
        '<div n=".."><p>c</p></div><div n="é~"><p>d</p></div>'
    )
    document = tei(tmp_path, "odd.xml", structure, body)
    files = dts.dts_files([document])
    for path in files:
        assert ".." not in path.split("/") and "//" not in path and not path.startswith("/")
        assert posixpath.normpath(path) == path
    tree = dts.citation_tree(document)
    assert [u.reference for u in tree.units] == ["../etc", "a/b c", "..", "é~"]
    assert [u.identifier for u in tree.units] == ["..~2Fetc", "a~2Fb~20c", "~2E~2E", "~C3~A9~7E"]
    assert tree.units[0].dublin_core == {"title": ["Up"]}
    client = Client(files)
    root_url = urljoin(SITE, "dts/collection.json")
    resource = client.json(root_url)["member"][0]
    for unit in tree.units:  # the identifiers expand (RFC 6570) to exactly the files written
        navigation = client.json(client.expand(root_url, resource["navigation"], ref=unit.identifier))
        assert navigation["ref"]["identifier"] == unit.identifier
        client.get(client.expand(root_url, resource["document"], ref=unit.identifier))


def test_nested_structures_with_delimiters_and_siblings(tmp_path: Path) -> None:
    # Sibling citeStructures share a level and are merged in document order; @delim joins levels.
    structure = (
        '<citeStructure unit="book" match="/TEI/text/body/div" use="@n">'
        '<citeStructure unit="line" match="l" use="@n" delim=":"/></citeStructure>'
        '<citeStructure unit="front" match="/TEI/text/front/div" use="@type"/>'
    )
    text = (
        f'<TEI xmlns="{TEI}">{HEADER.format(structure=structure)}<text><front><div type="preface"><p>x</p></div>'
        '</front><body><div n="1"><l n="1">a</l><l n="2">b</l></div><div n="2"><l n="1">c</l></div></body></text></TEI>'
    )
    tree = dts.citation_tree(load(write(tmp_path, "verse.xml", text)))
    assert [(u.identifier, u.level, u.parent, u.cite_type) for u in tree.units] == [
        ("preface", 1, None, "front"),
        ("1", 1, None, "book"),
        ("1~3A1", 2, "1", "line"),  # ":" is reserved in URI templates: spelled ~3A in the identifier
        ("1~3A2", 2, "1", "line"),
        ("2", 1, None, "book"),
        ("2~3A1", 2, "2", "line"),
    ]
    assert [u.reference for u in tree.units] == ["preface", "1", "1:1", "1:2", "2", "2:1"]
    assert [s["citeType"] for s in tree.json()[0]["citeStructure"]] == ["book", "front"]
    assert [u.reference for u in tree.subtree(tree.units[1], 1)] == ["1", "1:1", "1:2"]


def test_duplicate_references_are_an_error(tmp_path: Path) -> None:
    document = tei(
        tmp_path, "dup.xml", '<citeStructure unit="p" match="//p" use="@n"/>', '<p n="1">a</p><p n="1">b</p>'
    )
    with pytest.raises(dts.DTSError, match="reference '1'"):
        dts.dts_files([document])


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("/TEI/text/body/div", "/tei:TEI/tei:text/tei:body/tei:div"),
        (".//p[@n]", ".//tei:p[@n]"),
        ("div[@type='chapter' and @n != 'div']", "tei:div[@type='chapter' and @n != 'div']"),
        ("child::div | attribute::n | @xml:id", "child::tei:div | attribute::n | @xml:id"),
        ("count(p) div 2", "count(tei:p) div 2"),
        ("tei:p | text() | node() | *", "tei:p | text() | node() | *"),
        ("ancestor::lg[1]/l", "ancestor::tei:lg[1]/tei:l"),
    ],
)
def test_cite_structure_xpath_names_tei_elements(expression: str, expected: str) -> None:
    assert dts.tei_xpath(expression) == expected


@pytest.mark.parametrize("base", ["", SITE])
def test_each_resources_parents_file_is_its_entry_in_the_root_listing_beside_it(
    corpus: list[Document], base: str
) -> None:
    resources = [dts.dts_resource(document) for document in corpus]
    files = dts.dts_collection_files(resources, base, title="T")
    listing = json.loads(files["dts/collection/root.json"])
    assert [member["@id"] for member in listing["member"]] == [r.identifier for r in resources]
    for resource, member in zip(resources, listing["member"], strict=True):
        parents = json.loads(files[f"dts/collection/{resource.identifier};nav=parents.json"])
        assert parents["@id"] == resource.identifier and parents["@type"] == "Resource"
        assert {k: v for k, v in parents.items() if k not in ("@context", "dtsVersion", "member")} == member
        assert [(m["@id"], m["totalChildren"]) for m in parents["member"]] == [("root", len(resources))]
    # The two listings of one folder are the same; the one a folder up links from there.
    assert files["dts/collection.json"] == files["dts/collection;nav=children.json"]
    up = "https://dts.example.org/edition/dts/" if base else ""
    assert json.loads(files["dts/collection.json"])["collection"] == f"{up}collection{{/id}}{{;nav}}.json"
    assert listing["collection"] == f"{up or '../'}collection{{/id}}{{;nav}}.json"
    assert json.loads(files["dts/collection;nav=parents.json"])["member"] == []

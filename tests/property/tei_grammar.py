"""A grammar of random TEI documents (hypothesis strategies) and the properties every one must keep.

Shared by ``test_fuzz.py`` (a small budget, in CI) and ``bench/fuzz.py`` (a long one). Documents
are made of the common elements (div, head, p, hi, persName, q, note, list, item) and of what real
corpora add (speeches, verse lines, apparatus entries with witnesses, tokens, page breaks, notes in
the margin and between the lines), with @rend and @xml:lang, some of them hostile, and text from
all of Unicode plus the characters that matter most here: quotes, ``<``, ``&``, no-break spaces,
combining marks and right-to-left text. Losslessness is defined once, in ``tests/lossless.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st
from lxml import etree, html

from edition.diff import diff_documents
from edition.site.pages import SiteOptions, document_site
from edition.tei.load import Document, parse
from edition.tei.transform import serialize, stylesheet, transform
from tests.lossless import html_words, tei_words

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
TEI = f"{{{TEI_NS}}}"

SPECIAL = [*"\"'<>&;\u00a0\u0301\u0327\u05d0\u05e9\u0628\u0644\u200f\u200e\u202e\u2028 \n\t", "\U0001f600", "ﬁ"]
CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn")) | st.sampled_from(SPECIAL)
TEXTS = st.text(CHARACTERS, max_size=12)
RENDS = st.sampled_from(["italic", "bold smallcaps", '"><script>alert(1)</script>', "a'b c\"d", "<&>", "sup"])
LANGS = st.sampled_from(["en", "fr", "he", "ar", "de-CH", "grc", 'x-"<bad>'])


@dataclass
class Node:
    """An element of the grammar: its TEI name, attributes and children (nodes or text)."""

    tag: str
    attributes: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


def _attributes(*names: str) -> st.SearchStrategy[dict[str, str]]:
    choices = {"rend": ("rend", RENDS), "xml:lang": (f"{{{XML_NS}}}lang", LANGS)}
    return st.fixed_dictionaries({}, optional=dict(choices[name] for name in names))


def inline(depth: int, notes: bool = True) -> st.SearchStrategy[Node | str]:
    """Phrase-level content: text, hi, persName, q and (outside notes) note."""
    if depth <= 0:
        return TEXTS
    children = st.lists(st.deferred(lambda: inline(depth - 1, notes)), max_size=3)
    kinds = [
        st.builds(Node, st.just("hi"), _attributes("rend", "xml:lang"), children),
        st.builds(Node, st.just("persName"), _attributes("rend"), children),
        st.builds(Node, st.just("q"), _attributes("xml:lang"), children),
    ]
    kinds.extend(
        [
            # a critical apparatus entry: a lemma and a reading, with witnesses as pointers or bare
            st.builds(
                lambda lem, rdg, wit: Node("app", {}, [Node("lem", {}, lem), Node("rdg", wit, rdg)]),
                children,
                children,
                st.sampled_from([{}, {"wit": "#A"}, {"wit": "A B"}, {"wit": '#"<x>'}]),
            ),
            # tokens, spaced by the stylesheet, joined or not
            st.builds(Node, st.just("w"), st.sampled_from([{}, {"join": "right"}]), st.lists(TEXTS, max_size=1)),
            st.builds(Node, st.just("pc"), st.sampled_from([{}, {"join": "left"}]), st.lists(TEXTS, max_size=1)),
            # a page break of the source, with an image that may or may not be a safe URL
            st.builds(Node, st.just("pb"), st.sampled_from([{"n": "12"}, {"n": "3v", "facs": "javascript:x"}])),
        ]
    )
    if notes:
        note_content = st.lists(inline(depth - 1, notes=False), max_size=3)
        places = st.sampled_from([{"place": "foot"}, {"place": "margin"}, {"place": "inline"}, {"place": "above"}])
        kinds.append(st.builds(Node, st.just("note"), places, note_content))
    return st.one_of(TEXTS, TEXTS, *kinds)


def _phrases(depth: int = 3) -> st.SearchStrategy[list[Node | str]]:
    return st.lists(inline(depth), max_size=5)


def block() -> st.SearchStrategy[Node]:
    items = st.lists(st.builds(Node, st.just("item"), _attributes("rend"), _phrases(2)), min_size=1, max_size=3)
    lines = st.lists(st.builds(Node, st.just("l"), st.just({}), _phrases(2)), min_size=1, max_size=3)
    speech = st.builds(
        lambda speaker, paragraph: Node("sp", {"who": "#someone"}, [Node("speaker", {}, speaker), paragraph]),
        _phrases(1),
        st.builds(Node, st.just("p"), _attributes("xml:lang"), _phrases()),
    )
    return st.one_of(
        st.builds(Node, st.just("p"), _attributes("rend", "xml:lang"), _phrases()),
        st.builds(Node, st.just("list"), _attributes("rend"), items),
        st.builds(Node, st.just("lg"), st.just({}), lines),
        speech,
    )


def division(depth: int = 2) -> st.SearchStrategy[Node]:
    head = st.builds(Node, st.just("head"), _attributes("rend"), _phrases(2))
    content = st.lists(
        block() if depth <= 1 else st.one_of(block(), st.deferred(lambda: division(depth - 1))), max_size=4
    )
    return st.builds(lambda h, c, a: Node("div", a, [h, *c]), head, content, _attributes("rend", "xml:lang"))


HEADER = f"""<teiHeader xmlns="{TEI_NS}"><fileDesc>
  <titleStmt><title type="main">Fuzz</title><author>Ada Author</author></titleStmt>
  <editionStmt><edition n="0.1.0">Fuzz edition</edition></editionStmt>
  <publicationStmt><publisher>Fuzz</publisher><date when="2026-01-01">2026</date>
    <idno type="edition">fuzz</idno></publicationStmt>
  <sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader>"""


def _element(node: Node, counter: list[int]) -> etree._Element:
    element = etree.Element(TEI + node.tag, {k: v for k, v in node.attributes.items()})
    if node.tag == "p":
        counter[0] += 1
        element.set(f"{{{XML_NS}}}id", f"p{counter[0]}")
        element.set("n", str(counter[0]))
    last: etree._Element | None = None
    for child in node.children:
        if isinstance(child, str):
            if last is None:
                element.text = (element.text or "") + child
            else:
                last.tail = (last.tail or "") + child
        else:
            last = _element(child, counter)
            element.append(last)
    return element


def document_bytes(divisions: list[Node]) -> bytes:
    root = etree.Element(TEI + "TEI", nsmap={None: TEI_NS})
    root.append(etree.fromstring(HEADER))
    body = etree.SubElement(etree.SubElement(root, TEI + "text"), TEI + "body")
    counter = [0]
    for div in divisions:
        body.append(_element(div, counter))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


DOCUMENTS = st.lists(division(), min_size=1, max_size=3).map(document_bytes)


# --- the properties ---------------------------------------------------------------------------


def check(data: bytes) -> None:
    """Every property of one generated document; raises AssertionError on the first that fails."""
    doc = parse(Path("fuzz.xml"), data)
    assert isinstance(doc, Document), doc
    # The transform and the pages do not crash.
    fragments = transform(doc)
    site = document_site(doc, fragments, "", SiteOptions())
    page = site.pages[0].html
    # The HTML is as the stylesheet made it: serializing and parsing again gives the same elements
    # in the same places (no <div> in a <p> that a browser would move out, no stray markup).
    params = {"link-style": "pages", "note-style": "end", "text-page": "index.html"}
    result = stylesheet()(doc.tree, **{k: etree.XSLT.strparam(v) for k, v in params.items()}).getroot()
    for fragment in result:
        made = [(e.tag, dict(e.attrib)) for e in fragment.iterdescendants() if isinstance(e.tag, str)]
        parsed = html.fragment_fromstring(serialize(fragment), create_parent="div")
        again = [(e.tag, dict(e.attrib)) for e in parsed.iterdescendants() if isinstance(e.tag, str)]
        assert again == made, fragment.get("name")
        assert parsed.text_content() == fragment.xpath("string(.)"), fragment.get("name")
    tree = html.document_fromstring(page)
    assert not [a for e in tree.iter() if isinstance(e.tag, str) for a in e.attrib if a.lower().startswith("on")]
    assert len(tree.xpath("//script[not(@src)]")) == 2  # JSON-LD and the citation data, nothing else
    # No text is lost, and none is added outside the edition's marked additions.
    assert html_words(page) == tei_words(doc.tree.getroot())
    # A document compared with itself has no changes.
    assert diff_documents(doc, doc).same

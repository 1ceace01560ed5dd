"""edition.site.witnesses: the witnesses an apparatus names, their pages and their synopses."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, MINIMAL

from edition.site.pages import SiteOptions
from edition.site.witnesses import Witness, synopsis_file, synopsis_rows, witness_views, witnesses
from edition.tei.load import Document, parse
from edition.tei.transform import transform

TEI = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><listWit>
<witness xml:id="A"><abbr type="siglum">A</abbr> The first.</witness>
<witness xml:id="B" n="Bee">The second, without a siglum.</witness>
<witness xml:id="C"><abbr type="siglum">C</abbr> Never named by a reading.</witness>
<witness xml:id="bad id">Not a file name.</witness>
</listWit></sourceDesc></fileDesc></teiHeader>
<text><body><p><app><lem wit="#A">one</lem><rdg wit="B #bad%20id">two</rdg></app></p></body></text></TEI>"""


def load(path: Path, source: bytes | None = None) -> Document:
    doc = parse(path, source)
    assert isinstance(doc, Document)
    return doc


def test_only_witnesses_the_apparatus_names_and_that_can_name_a_file() -> None:
    assert witnesses(load(Path("w.xml"), TEI.encode())) == [
        Witness("A", "A", "The first."),
        Witness("B", "Bee", "The second, without a siglum."),
    ]
    assert Witness("A", "A", "").page == "witness-A.html"
    assert synopsis_file(Witness("A", "A", ""), Witness("B", "B", "")) == "synopsis-A-B.html"


def test_synopsis_rows_join_blocks_by_key_and_drop_ids() -> None:
    left = '<p data-key="1" id="x">one</p><p data-key="3"><a href="#gone">three</a></p>'
    right = '<p data-key="1" id="y">uno</p><p data-key="2">dos</p>'
    rows = [(str(a), str(b)) for a, b in synopsis_rows(left, right)]
    assert rows == [
        ('<p data-key="1">one</p>', '<p data-key="1">uno</p>'),
        ("", '<p data-key="2">dos</p>'),
        ('<p data-key="3"><a href="index.html#gone">three</a></p>', ""),
    ]


def test_a_document_in_two_witnesses_gets_a_page_each_and_their_synopsis() -> None:
    doc = load(FIXTURES / "views" / "witnesses.xml")
    views = witness_views(doc, transform(doc), SiteOptions())
    assert [(p.kind, p.file) for p in views.pages] == [
        ("witness", "witness-M.html"),
        ("witness", "witness-P.html"),
        ("synopsis", "synopsis-M-P.html"),
    ]
    printed = str(views.pages[1].context["text"])
    assert "deepens" in printed and "darkens" not in printed
    assert [s["label"] for s in views.text_context["synopses"]] == ["M | P"]
    assert [s["href"] for s in views.text_context["switch"]] == ["index.html", "witness-M.html", "witness-P.html"]


def test_a_document_without_an_apparatus_has_no_witness_views() -> None:
    doc = load(MINIMAL)
    assert witness_views(doc, transform(doc), SiteOptions()).pages == ()

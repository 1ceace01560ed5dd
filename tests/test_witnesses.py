"""edition.site.witnesses: the witnesses an apparatus names, their pages and their synopses."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURES, MINIMAL
from lxml import etree

from edition.site.pages import SiteOptions
from edition.site.witnesses import (
    ALL_COLUMNS,
    Witness,
    synopses,
    synopsis_file,
    synopsis_rows,
    witness_views,
    witnesses,
)
from edition.tei.load import Document, parse
from edition.tei.transform import LEMMAS, keyed_of, transform, witness_texts

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
    assert synopsis_file(Witness("A", "A", "")) == "synopsis-A.html"


def test_synopsis_rows_join_blocks_by_key_in_document_order() -> None:
    left = [((0, 1), "<p>one</p>"), ((0, 10), "<p>three</p>")]
    right = [((0, 1), "<p>uno</p>"), ((0, 2), "<p>dos</p>"), ((0, 2, 0), "<l>dos y medio</l>")]
    rows = [[str(cell) for cell in row] for row in synopsis_rows(left, right)]
    assert rows == [
        ["<p>one</p>", "<p>uno</p>"],
        ["", "<p>dos</p>"],
        ["", "<l>dos y medio</l>"],
        ["<p>three</p>", ""],
    ]


def test_a_witness_transform_gives_its_blocks_as_data_without_ids() -> None:
    doc = load(FIXTURES / "views" / "witnesses.xml")
    keyed = witness_texts(doc, ["P"])["P"].keyed
    assert [key for key, _ in keyed] == sorted(key for key, _ in keyed)
    assert keyed and not any(' id="' in block for _, block in keyed)
    assert all(re.search(r'href="#', block) is None for _, block in keyed)  # (to the text page)
    # Only the text: a witness's page takes nothing else from its transform.
    assert set(witness_texts(doc, ["P"])["P"].parts) == {"text"}
    assert transform(doc).keyed == ()


def test_keyed_blocks_are_the_outermost_ones_without_ids_and_with_links_to_the_text_page() -> None:
    fragment = etree.fromstring(
        '<fragment name="text"><section id="s"><a href="#s">up</a><!-- a comment -->'
        '<p id="p2" data-key="0.2"><span id="in">two</span> <a href="#n1">1</a> <a href="x.html#y">x</a>'
        '<span data-key="0.2.1" id="inner">nested</span></p>tail'
        '<div><p data-key="0.1"><a href="#s">one</a></p></div></section></fragment>'
    )
    keyed = keyed_of(fragment, "index.html")
    assert [key for key, _ in keyed] == [(0, 1), (0, 2)]  # (by key; a nested block stays in its own)
    assert keyed[0][1] == '<p data-key="0.1"><a href="index.html#s">one</a></p>'
    assert keyed[1][1] == (
        '<p data-key="0.2"><span>two</span> <a href="index.html#n1">1</a> <a href="x.html#y">x</a>'
        '<span data-key="0.2.1">nested</span></p>'
    )
    # Outside the blocks the tree keeps its ids and its links into the page.
    assert fragment[0].get("id") == "s" and fragment[0][0].get("href") == "#s"
    assert keyed_of(etree.fromstring('<fragment name="text"><p>no key</p></fragment>'), "") == ()


def test_the_synopses_are_linear_in_the_witnesses() -> None:
    few = [Witness(f"w{i}", f"W{i}", "") for i in range(ALL_COLUMNS)]
    assert [(s.file, s.columns) for s in synopses(few)] == [("synopsis.html", tuple(few))]
    many = [Witness(f"w{i}", f"W{i}", "") for i in range(10)]
    assert [(s.file, s.columns) for s in synopses(many)] == [
        (f"synopsis-w{i}.html", (None, w)) for i, w in enumerate(many)
    ]


def many_witnesses(count: int) -> bytes:
    witness_list = "".join(
        f'<witness xml:id="w{i}"><abbr type="siglum">W{i}</abbr> Witness {i}.</witness>' for i in range(count)
    )
    readings = "".join(f'<rdg wit="#w{i}">word{i}</rdg>' for i in range(1, count))
    body = "".join(f'<p>Line {n}: <app><lem wit="#w0">word</lem>{readings}</app> ends.</p>' for n in range(5))
    return f"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><listWit>{witness_list}</listWit></sourceDesc></fileDesc>
</teiHeader><text><body>{body}</body></text></TEI>""".encode()


def test_ten_witnesses_give_pages_linear_in_their_number() -> None:
    doc = load(Path("many.xml"), many_witnesses(10))
    views = witness_views(doc, transform(doc), SiteOptions())
    kinds = [p.kind for p in views.pages]
    assert kinds.count("witness") == 10 and kinds.count("synopsis") == 10  # (not 45 pairs)
    first = next(p for p in views.pages if p.file == "synopsis-w3.html")
    rows = first.context["rows"]
    assert len(rows) == 5 and all(len(row) == 2 for row in rows)
    assert "word" in str(rows[0][0]) and "word3" in str(rows[0][1]) and "word3" not in str(rows[0][0])
    assert [c["href"] for c in first.context["columns"]] == ["index.html", "witness-w3.html"]


THEME_XSL = """<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="tei">
  <xsl:template match="tei:p">
    <div class="boxed"><span class="mark" data-added="">¶</span><xsl:apply-imports/></div>
  </xsl:template>
</xsl:stylesheet>"""


def test_the_synopsis_rows_are_data_a_theme_cannot_misalign(tmp_path: Path) -> None:
    """A theme that writes paragraphs its own way gives the same rows: the keys come from the
    transform's data, whatever the HTML around them looks like."""
    (tmp_path / "custom.xsl").write_text(THEME_XSL, encoding="utf-8")
    doc = load(FIXTURES / "views" / "witnesses.xml")

    def rows(theme: str) -> list[list[str]]:
        views = witness_views(doc, transform(doc, theme=theme), SiteOptions(theme=theme))
        (synopsis,) = [p for p in views.pages if p.kind == "synopsis"]
        words = re.compile(r"<[^>]+>|\s+")
        return [[" ".join(words.sub(" ", str(cell)).split()) for cell in row] for row in synopsis.context["rows"]]

    plain, themed = rows(""), rows(str(tmp_path))
    assert len(plain) == 8 and themed == plain
    assert "boxed" in witness_texts(doc, ["P"], theme=str(tmp_path))["P"]["text"]  # (the theme applies)


def test_a_document_in_two_witnesses_gets_a_page_each_and_their_synopsis() -> None:
    doc = load(FIXTURES / "views" / "witnesses.xml")
    views = witness_views(doc, transform(doc), SiteOptions())
    assert [(p.kind, p.file) for p in views.pages] == [
        ("witness", "witness-M.html"),
        ("witness", "witness-P.html"),
        ("synopsis", "synopsis.html"),
    ]
    printed = str(views.pages[1].context["text"])
    assert "deepens" in printed and "darkens" not in printed
    assert [s["label"] for s in views.text_context["synopses"]] == ["M | P"]
    assert [s["href"] for s in views.text_context["switch"]] == ["index.html", "witness-M.html", "witness-P.html"]


def test_a_document_without_an_apparatus_has_no_witness_views() -> None:
    doc = load(MINIMAL)
    assert witness_views(doc, transform(doc), SiteOptions()).pages == ()


READINGS = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>R</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc><listWit><witness xml:id="A">Alpha</witness>
<witness xml:id="B">Beta</witness><witness xml:id="C">Gamma</witness><witness xml:id="D">Delta</witness>
<witness xml:id="E">Epsilon</witness></listWit></sourceDesc></fileDesc></teiHeader><text><body>
<p>One <app><lem wit="#A">red</lem><rdg wit="#B #C">blue <app><lem wit="#B">dark</lem><rdg wit="C">light</rdg></app>
sky</rdg></app> day.</p>
<p>Two <app><rdg wit="#A">only</rdg><rdg wit="#D"/></app> words <app><lem>base</lem><rdgGrp wit="#C #E">
<rdg>grouped</rdg></rdgGrp><rdg wit="#B"><gap/></rdg></app>.</p>
<p>Tail <app><lem>one</lem><rdg wit="#A #B #C #D #E">all</rdg></app></p>
</body></text></TEI>"""


def test_each_witness_reads_its_own_reading_of_nested_grouped_and_lemma_less_apps() -> None:
    """One transform gives every reading; each witness keeps its own: the first reading whose
    @wit names it (as "#A" or "A", or through its rdgGrp), else the lemma, else an omission; the
    readings of an app inside a reading only for the witnesses that read that reading."""
    doc = load(Path("r.xml"), READINGS.encode())
    texts = witness_texts(doc, ["A", "B", "C", "D", "E", LEMMAS])

    def words(witness: str) -> str:
        text = re.sub(r'<a class="appref"[^>]*>°</a>', "", texts[witness]["text"])
        return " ".join(re.sub(r"<[^>]+>", " ", text).split())

    assert words("A") == "One red day. Two only words base . Tail all"
    assert words("B") == "One blue dark sky day. Two ⟨om.⟩ words […] . Tail all"
    assert words("C") == "One blue light sky day. Two ⟨om.⟩ words grouped . Tail all"
    assert words("D") == "One red day. Two ⟨om.⟩ words base . Tail all"
    assert words("E") == "One red day. Two ⟨om.⟩ words grouped . Tail all"
    assert words(LEMMAS) == "One red day. Two ⟨om.⟩ words base . Tail one"
    # An omission names its witness; the lemmas' names none. No slot is left in any text.
    assert 'title="omitted in D"' in texts["D"]["text"] and 'title="omitted in B"' in texts["B"]["text"]
    assert 'title="omitted in"' in texts[LEMMAS]["text"]
    assert not any("witness-slot" in t["text"] or "witness-variant" in t["text"] for t in texts.values())
    # A reading other than the lemma is marked (B: "blue …", the gap, "all"; D: its omission,
    # "all"), the lemma and the omission of a witness that no reading names are not.
    assert texts["B"]["text"].count("witness-differs") == 3 and texts["D"]["text"].count("witness-differs") == 2
    assert "witness-differs" not in texts[LEMMAS]["text"]

"""What real TEI corpora hold, rendered: one fixture per kind (tests/fixtures/corpora), modelled on
DraCor plays, correspondence editions (schnitzler-briefe, Escher), DHARMA critical editions,
register files, ELTeC level-2 novels and facsimile transcriptions.

Tables of (fixture, fragment, XPath, count) over the fragments the stylesheets make, then the
pages (links between documents, previous and next letter), the header's metadata and citations,
and the register pages. The losslessness of these fixtures is checked in test_pages.py.
"""

from __future__ import annotations

import dataclasses
import re
from copy import deepcopy
from pathlib import Path

import pytest
from conftest import CORPORA, write
from lxml import etree, html

from edition.cite import csl as citations
from edition.cite import tags as cite
from edition.site.pages import CollectionLinks, Listing, Neighbour, collection_links, resolve_document_links
from edition.tei.header import Metadata
from edition.tei.load import Document, parse
from edition.tei.transform import Fragments, transform
from edition.validate.schema import compiled_tei_all
from tests.lossless import NS


def document(name: str) -> Document:
    doc = parse(CORPORA / name)
    assert isinstance(doc, Document), doc
    return doc


def fragments(name: str) -> Fragments:
    return transform(document(name))


def tree(fragment: str) -> html.HtmlElement:
    return html.fragment_fromstring(fragment, create_parent="div")


def page(site: Path, name: str) -> html.HtmlElement:
    return html.parse(str(site / name)).getroot()


_SPACES = re.compile(r"[ \t\r\n]+")  # XML whitespace: a no-break space is text


def words(element: html.HtmlElement) -> str:
    """An element's text without the edition's additions, whitespace normalised."""
    copy = deepcopy(element)
    copy.tail = None
    for added in copy.xpath(".//*[@data-added]"):
        added.drop_tree()
    return _SPACES.sub(" ", copy.text_content()).strip(" ")


def test_every_fixture_is_valid_tei() -> None:
    schema = compiled_tei_all()
    for path in sorted(CORPORA.glob("*.xml")):
        assert schema.validate(etree.parse(str(path))), (path.name, str(schema.error_log))


FRAGMENTS = [
    # --- drama: speakers linked to the particDesc, verse split between speakers, stage, cast
    ("drama.xml", "text", "//div[contains(@class, 'tei-sp')][@id='sp-1-1-1'][@data-who='Ferryman']", 1),
    (
        "drama.xml",
        "text",
        "//div[@id='sp-1-1-1']/p[contains(@class, 'tei-speaker')]/a[@href='people.html#ferryman']",
        1,
    ),
    ("drama.xml", "text", "//p[contains(@class, 'tei-speaker')]/a[@class='speaker-link'][@title='Person: A Boy']", 1),
    ("drama.xml", "text", "//p[contains(@class, 'tei-speaker')]/span[@class='speaker-links'][@data-added]/a", 2),
    ("drama.xml", "text", "//div[@id='sp-1-2-1']//a[@href='people.html#ilse']", 1),
    ("drama.xml", "text", "//div[contains(@class, 'tei-l')][contains(@class, 'part-I')]", 1),
    ("drama.xml", "text", "//div[contains(@class, 'tei-l')][contains(@class, 'part-F')]", 1),
    ("drama.xml", "text", "//div[contains(@class, 'tei-sp')]/p[contains(@class, 'tei-stage')]", 2),
    ("drama.xml", "text", "//section/p[contains(@class, 'tei-stage')]", 1),
    ("drama.xml", "text", "//section[@id='div-1-2'][contains(@class, 'scene')]/h2[.='Scene Two']", 1),
    ("drama.xml", "text", "//span[contains(@class, 'tei-pb')][@data-added][@data-n='6'][.='[6]']", 1),
    ("drama.xml", "front", "//ul[contains(@class, 'tei-castList')]/li/a[contains(@class, 'tei-role')]", 2),
    ("drama.xml", "front", "//li[contains(@class, 'tei-castGroup')]/ul/li/a[@href='people.html#villagers']", 1),
    ("drama.xml", "contents", "//details[@class='contents'][@data-added]/ol/li", 2),
    ("drama.xml", "contents", "//details/ol/li[1]/a[@href='#div-1'][.='Act One']", 1),
    ("drama.xml", "contents", "//details/ol/li[1]/ol/li/a[@href='#div-1-2'][.='Scene Two']", 1),
    ("drama.xml", "people", "//section[@id='ferryman']/p[@class='occurrences']/a[@href='index.html#sp-1-1-1']", 1),
    ("drama.xml", "people", "//a[contains(@href, '#drama-fixture')]", 0),
    # (what real plays do: a stage direction of paragraphs, a roleDesc among a group's items, fw)
    (
        "drama.xml",
        "text",
        "//div[contains(@class, 'tei-stage')]/p[contains(@class, 'tei-p')]/span[contains(@class, 'tei-stage')]",
        1,
    ),
    ("drama.xml", "text", "//p//p | //p//div | //span//p | //span//div", 0),
    (
        "drama.xml",
        "front",
        "//li[contains(@class, 'tei-castGroup')]/ul/li[@class='cast-other']/span[contains(@class, 'tei-roleDesc')]",
        1,
    ),
    ("drama.xml", "front", "//ul/*[not(self::li)]", 0),
    ("drama.xml", "text", "//span[contains(@class, 'tei-fw')][.='5']", 1),
    # --- a letter: its head from the correspDesc, its registers (in its back) on their pages only
    ("letter-1.xml", "correspondence", "//header[@class='letter-head'][@data-added]/p[@class='letter-parties']", 1),
    (
        "letter-1.xml",
        "correspondence",
        "//p[@class='letter-parties']/span[@class='party'][1]/a[@href='people.html#p.lenz']",
        1,
    ),
    (
        "letter-1.xml",
        "correspondence",
        "//p[@class='letter-parties']/span[@class='party'][2]/a[@href='people.html#p.adler']",
        1,
    ),
    ("letter-1.xml", "correspondence", "//dt[.='Sent']/following-sibling::dd[1]/a[@href='places.html#pl.wien']", 1),
    ("letter-1.xml", "correspondence", "//dt[.='Sent']/following-sibling::dd[1]/span[@data-from='1896-01-01']", 1),
    ("letter-1.xml", "correspondence", "//dt[.='Received']/following-sibling::dd[1]/a[@href='places.html#pl.graz']", 1),
    ("letter-1.xml", "back", "//*[contains(., 'Schriftstellerin') or contains(., '16,37341')]", 0),
    ("letter-1.xml", "text", "//cite/a[@href='works.html#w.nacht']", 1),
    ("letter-1.xml", "people", "//section[@id='p.lenz']/h2[.='Marie Lenz']", 1),
    (
        "letter-1.xml",
        "people",
        "//section[@id='p.lenz']//span[contains(@class, 'tei-birth')]/span[@class='field-label']",
        1,
    ),
    (
        "letter-1.xml",
        "people",
        "//section[@id='p.lenz']//a[contains(@class, 'tei-geo')][contains(@href, 'mlat=48.2066&mlon=16.37341')]",
        1,
    ),
    ("letter-1.xml", "people", "//section[@id='p.adler']//a[contains(@href, 'w.nacht')]", 0),
    ("letter-1.xml", "places", "//section[@id='pl.graz']//a[contains(@class, 'tei-geo')]", 1),
    (
        "letter-1.xml",
        "people",
        "//section[@id='p.lenz']//span[contains(@class, 'tei-note')][.='Briefpartnerin seit 1890.']",
        1,
    ),
    ("letter-1.xml", "people", "//a[@class='noteref']", 0),
    ("letter-1.xml", "notes", "//li", 1),
    # (the works page is a bibliography: an entry's heading is its reference)
    (
        "letter-1.xml",
        "works",
        "//section[@id='w.nacht']/h2[contains(@class, 'entry-reference')]/cite[.='Die lange Nacht']",
        1,
    ),
    (
        "letter-1.xml",
        "about",
        "//section[@class='correspondence']//dt[.='Next letter']/following-sibling::dd[1]/a[@href='tei-doc:letter-2']",
        1,
    ),
    ("letter-1.xml", "about", "//div[@class='ms-description']//dt[.='Shelfmark']", 1),
    (
        "letter-1.xml",
        "about",
        "//div[@class='ms-description']//dt[.='Hands']/following-sibling::dd[1][.='schwarze Tinte']",
        1,
    ),
    (
        "letter-1.xml",
        "about",
        "//dt[.='Series']/following-sibling::dd[1][.='Briefwechsel mit Autorinnen und Autoren']",
        1,
    ),
    # (Escher's way: sender and addressee marked by @type inside the one correspAction)
    (
        "letter-2.xml",
        "correspondence",
        "//p[@class='letter-parties'][normalize-space()='From Paul Adler to Marie Lenz']",
        1,
    ),
    ("letter-2.xml", "about", "//span[@class='party-role'][@data-added][.=' (addressee)']", 1),
    ("letter-2.xml", "text", "//a[@href='tei-doc:letter-1.xml'][.='aus dem Winter']", 1),
    ("letter-2.xml", "text", "//a[@href='tei-doc:haus.jpg'][.='Abbildung']", 1),
    ("letter-2.xml", "text", "//*[@rendition]", 0),
    ("letter-2.xml", "text", "//a[starts-with(@href, '#')]", 0),
    ("letter-2.xml", "about", "//dt[.='p' or .='msDesc' or .='msIdentifier' or .='publicationStmt']", 0),
    # --- critical apparatus: lemma in the text, marked; readings in the apparatus with sigla
    (
        "apparatus.xml",
        "text",
        "//span[contains(@class, 'tei-app')]/a[@class='appref'][@data-added][starts-with(@href, '#app')]",
        6,
    ),
    ("apparatus.xml", "text", "//*[contains(@class, 'tei-rdg') or contains(@class, 'tei-witDetail')]", 0),
    ("apparatus.xml", "text", "//span[contains(@class, 'tei-lem')]//span[contains(@class, 'tei-lem')][.='herons']", 1),
    ("apparatus.xml", "apparatus", "//h2[@id='apparatus-heading']", 1),
    ("apparatus.xml", "apparatus", "//dl[@class='witnesses'][@data-added]/dt[@id='wit-C'][.='EdT']/sup[.='T']", 1),
    ("apparatus.xml", "apparatus", "//ol[@class='apparatus']/li[@class='app-entry'][@id]", 7),
    ("apparatus.xml", "apparatus", "//li/span[@class='app-key'][@data-added]/a[starts-with(@href, '#appref-')]", 6),
    (
        "apparatus.xml",
        "apparatus",
        "//li[1]/span[@class='app-lemma'][.='flow]']/following-sibling::span[@class='sigla'][1]/a[@href='#wit-A']",
        1,
    ),
    (
        "apparatus.xml",
        "apparatus",
        "//li[2]/span[contains(@class, 'tei-rdg')][.='hills']"
        "/following-sibling::span[@class='sigla'][1]/a[@href='#wit-C']",
        1,
    ),
    (
        "apparatus.xml",
        "apparatus",
        "//li[2]/span[contains(@class, 'tei-rdg')]/span[@class='omitted'][@data-added][.='om.']",
        1,
    ),
    ("apparatus.xml", "apparatus", "//li[3]/span[@class='app-lemma'][.='where the herons wait]']", 1),
    ("apparatus.xml", "apparatus", "//li[5]/span[@class='sigla'][1][.='em.']", 1),
    (
        "apparatus.xml",
        "apparatus",
        "//li[5]/span[contains(@class, 'tei-witDetail')][contains(., 'corrected by a later hand')]",
        1,
    ),
    ("apparatus.xml", "apparatus", "//li[5]/span[contains(@class, 'app-note')][contains(., 'impossible reading')]", 1),
    ("apparatus.xml", "apparatus", "//li[6][not(.//a[@role='doc-backlink'])]/span[contains(@class, 'app-note')]", 1),
    ("apparatus.xml", "notes", "//li", 0),
    ("apparatus.xml", "about", "//dl[contains(@class, 'witnesses')]/dt", 3),
    # --- page breaks with their images, placed notes, a manuscript description
    (
        "pages-notes.xml",
        "text",
        "//span[contains(@class, 'tei-pb')][@data-n='1r'][@data-facs='test12-1r.jpg'][not(a)]",
        1,
    ),
    (
        "pages-notes.xml",
        "text",
        "//span[@data-n='1v']/a[@class='facs-link'][@href='https://images.example.org/test12/1v.jpg']",
        1,
    ),
    (
        "pages-notes.xml",
        "text",
        "//span[@data-n='2r']/a[@class='facs-link'][@href='https://images.example.org/test12/2r.jpg']",
        1,
    ),
    ("pages-notes.xml", "text", "//span[@data-n='2v'][not(a)][not(@data-facs)][.='[2v]']", 1),
    ("pages-notes.xml", "text", "//p/span[@role='note'][contains(@class, 'place-margin')][.='galls of oak']", 1),
    (
        "pages-notes.xml",
        "text",
        "//p/span[@role='note'][contains(@class, 'place-interlinear')][.='or an oak stick']",
        1,
    ),
    ("pages-notes.xml", "text", "//p/span[contains(@class, 'tei-note')][not(@role)][.='(green vitriol)']", 1),
    ("pages-notes.xml", "text", "//a[@class='noteref']", 3),
    ("pages-notes.xml", "notes", "//ol[@class='notes']/li", 3),
    (
        "pages-notes.xml",
        "notes",
        "//ol[@class='notes']/li[3]//span[contains(@class, 'tei-note')][.='with a note of its own']",
        1,
    ),
    ("pages-notes.xml", "text", "//span[@id='finis'][not(node())]", 1),
    ("pages-notes.xml", "text", "//a[@href='#finis'][.='last word']", 1),
    # (a caption between the image and its credit: the figcaption runs from it to the end)
    (
        "pages-notes.xml",
        "text",
        "//figure/*[last()][self::figcaption]/span[contains(@class, 'tei-figDesc')]"
        "/following-sibling::span[contains(@class, 'tei-bibl')]",
        1,
    ),
    ("pages-notes.xml", "about", "//dt[.='Extent']/following-sibling::dd[1][contains(., '190 × 140 mm')]", 1),
    ("pages-notes.xml", "about", "//dt[.='Origin']/following-sibling::dd[1]/span[contains(@class, 'tei-origDate')]", 1),
    ("pages-notes.xml", "about", "//ul[@class='ms-items']/li[contains(., 'Receipts for ink')]", 1),
    # --- register documents: a summary for the text page, the entries on the register pages
    (
        "register-persons.xml",
        "text",
        "//div[@class='register-summary'][@data-added]//a[@href='people.html'][.='People']",
        1,
    ),
    ("register-persons.xml", "text", "//*[contains(., 'Schriftstellerin')]", 0),
    ("register-persons.xml", "people", "//section[contains(@class, 'tei-person')]", 3),
    (
        "register-persons.xml",
        "people",
        "//section[@id='Brunner-Anna']//a[@href='https://example.org/persons/brunner']",
        1,
    ),
    ("register-places.xml", "text", "//div[@class='register-summary']//a[@href='places.html'][.='Orte']", 1),
    ("register-places.xml", "places", "//section[@id='pl.graz']//a[@href='places.html#pl.steiermark']", 1),
    ("register-places.xml", "places", "//section[@id='pl.wien']//a[contains(@class, 'tei-geo')]", 1),
    # --- tokens: words and punctuation as spans
    ("tokenised.xml", "text", "//p/span[contains(@class, 'tei-s')]/span[contains(@class, 'tei-w')]", 54),
]


@pytest.mark.parametrize(
    ("name", "fragment", "xpath", "count"), FRAGMENTS, ids=[f"{n}:{f}:{x}" for n, f, x, _ in FRAGMENTS]
)
def test_fragments(name: str, fragment: str, xpath: str, count: int) -> None:
    assert len(tree(fragments(name)[fragment]).xpath(xpath)) == count


def test_the_apparatus_is_keyed_to_lines_and_paragraphs_in_the_order_of_the_text() -> None:
    apparatus = tree(fragments("apparatus.xml")["apparatus"])
    keys = [k.text_content().strip() for k in apparatus.xpath("//span[@class='app-key']")]
    assert keys == ["1a", "1b", "2a", "2a", "2b", "2b", "¶\u00a03"]
    text = tree(fragments("apparatus.xml")["text"])
    # Each marker leads to its entry and each entry back to the app it came from (a nested app's
    # marker comes before its outer app's, whose marker follows the whole lemma).
    markers = {a.get("href").removeprefix("#"): a.getparent().get("id") for a in text.xpath("//a[@class='appref']")}
    backlinks = {
        a.xpath("string(ancestor::li/@id)"): a.get("href") for a in apparatus.xpath("//a[@role='doc-backlink']")
    }
    assert len(markers) == len(backlinks) == 6
    assert {entry: f"#{app}" for entry, app in markers.items()} == backlinks


def test_an_apparatus_in_print_stays_inline_with_its_sigla() -> None:
    parts = transform(document("apparatus.xml"), link_style="single", note_style="inline")
    body = tree(parts["text"])
    assert parts["apparatus"] == ""
    first = body.xpath("//span[contains(@class, 'tei-app')]")[0]
    assert _SPACES.sub(" ", first.text_content()) == "flow [run EdT]"


def test_tokens_read_as_the_untokenised_text() -> None:
    tokenised = words(tree(fragments("tokenised.xml")["text"]))
    plain = words(tree(fragments("tokenised-plain.xml")["text"]))
    assert tokenised == plain
    assert "de l'« Phare », le gardien s'endormait. Pourquoi veiller ? Il savait qu'aucun" in tokenised
    assert "The keeper didn't wake; his dog's bark (twice) was all." in tokenised


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("<w>a</w>\n<pc>,</pc>\n<w>b</w>", "a, b"),
        ("<w>a</w><w>b</w>", "a b"),
        ('<w join="right">a</w> <w>b</w>', "ab"),
        ('<w>a</w> <pc join="left">b</pc>', "ab"),
        ('<pc pre="true">¿</pc><w>qué</w><pc>?</pc>', "¿qué?"),
        ('<w>x</w> <pc pre="false">:</pc> <w>y</w>', "x: y"),
        ("<s><w>One</w><pc>.</pc></s><s><w>Two</w><pc>.</pc></s>", "One. Two."),
        # The layout's newline after the last token in a highlight, a token following it at once.
        ("<w>the</w>\n<hi><w>Palace</w>\n</hi><pc>,</pc>\n<w>where</w>", "the Palace, where"),
        ("<w>the</w>\n<hi><w>Palace</w>\n</hi><w>Hotel</w>", "the Palace Hotel"),
        ("<s><w>One</w>\n<pc>.</pc>\n</s><s><w>Two</w></s>", "One. Two"),
        ("<hi>Palace\n</hi><pc>,</pc>", "Palace ,"),  # no token inside: the source's space
    ],
)
def test_tokens_are_spaced_as_printed(tmp_path: Path, tokens: str, expected: str) -> None:
    source = (CORPORA / "tokenised-plain.xml").read_text(encoding="utf-8")
    source = re.sub(r'<p xml:lang="en">.*?</p>', f'<p xml:lang="en">{tokens}</p>', source, flags=re.DOTALL)
    doc = parse(write(tmp_path, "tokens.xml", source))
    assert isinstance(doc, Document)
    paragraph = tree(transform(doc)["text"]).xpath("//p[@lang='en']")[0]
    assert words(paragraph) == expected


@pytest.mark.parametrize(("name", "kind"), [("register-persons.xml", "people"), ("register-places.xml", "places")])
def test_register_pages_keep_every_word_of_their_entries(name: str, kind: str) -> None:
    doc = document(name)
    entries = doc.tree.xpath("//tei:person | //tei:place", namespaces=NS)
    sections = tree(fragments(name)[kind]).xpath("//section[contains(@class, 'entry')]")
    assert [s.get("id") for s in sections] == [e.get("{http://www.w3.org/XML/1998/namespace}id") for e in entries]
    for entry, section in zip(entries, sections, strict=True):
        assert "".join(words(section).split()) == "".join(str(entry.xpath("string(.)")).split())


PAGES = [
    # references into other documents of the collection become links to their pages, or none
    ("letter-2/index.html", "//article//a[@href='../letter-1/index.html'][.='aus dem Winter']", 1),
    ("letter-2/index.html", "//article//a[@data-unresolved][not(@href)][.='Abbildung']", 1),
    ("letter-2/index.html", "//a[starts-with(@href, 'tei-doc:')]", 0),
    ("letter-1/about.html", "//dt[.='Next letter']/following-sibling::dd[1]/a[@href='../letter-2/index.html']", 1),
    # previous and next letter
    ("letter-1/index.html", "//nav[@class='letter-sequence']/a[@rel='next'][@href='../letter-2/index.html']", 1),
    ("letter-1/index.html", "//nav[@class='letter-sequence']/a[@rel='prev']", 0),
    ("letter-2/index.html", "//nav[@class='letter-sequence']/a[@rel='prev'][@href='../letter-1/index.html']", 1),
    ("letter-2/index.html", "//nav[@class='letter-sequence']/a[@rel='next']", 0),
    ("drama/index.html", "//nav[@class='letter-sequence']", 0),
    # the letter's head above its text; the contents, the apparatus and its heading on the text page
    ("letter-1/index.html", "//main/header[@class='letter-head']/following-sibling::article[@class='edition-text']", 1),
    ("drama/index.html", "//main/details[@class='contents']/following-sibling::article", 1),
    ("drama/index.html", "//details[@class='contents']//a[@href='#div-1-1']", 1),
    ("drama/index.html", "//article//section[@id='div-1-1']", 1),
    (
        "apparatus/index.html",
        "//section[@class='apparatus-section'][@aria-labelledby='apparatus-heading']/ol[@class='apparatus']",
        1,
    ),
    ("letter-1/index.html", "//section[@class='apparatus-section']", 0),
    # register documents feed the collection's merged registers
    ("people.html", "//section[@id='Lenz-Marie']//a[@href='register-persons/people.html#Lenz-Marie']", 1),
    ("places.html", "//section[@id='pl.steiermark']//a[@href='register-places/places.html#pl.steiermark']", 1),
    ("people.html", "//section[@id='p.lenz']//a[@class='entry-document']", 2),
]


@pytest.mark.parametrize(("name", "xpath", "count"), PAGES, ids=[f"{n}:{x}" for n, x, _ in PAGES])
def test_pages(corpora_site: Path, name: str, xpath: str, count: int) -> None:
    assert len(page(corpora_site, name).xpath(xpath)) == count


# --- the header: each document's own title, its series, its language, its place among letters


def test_a_letter_is_titled_by_its_own_title_within_its_series() -> None:
    meta = document("letter-1.xml").metadata
    assert meta.title == "Marie Lenz an Paul Adler, [1896?]"
    assert meta.container_title == "Briefwechsel mit Autorinnen und Autoren"
    assert (meta.document_id, meta.letter_date, meta.previous_letter, meta.next_letter) == (
        "letter-1",
        "1896-01-01",
        "",
        "letter-2",
    )
    other = document("letter-2.xml").metadata
    assert other.title == "Paul Adler an Marie Lenz, Graz, Mittwoch, 3. Februar 1897"
    assert (other.container_title, other.previous_letter, other.letter_date) == ("", "letter-1.xml", "1897-02-03")


def test_the_language_of_a_document_comes_from_its_header_else_its_xml_lang() -> None:
    assert document("letter-1.xml").metadata.languages == ("de-AT",)
    assert document("letter-2.xml").metadata.languages == ("de",)
    assert document("drama.xml").metadata.languages == ("en",)


def test_a_german_title_is_not_title_cased_in_citations() -> None:
    meta = document("letter-1.xml").metadata
    assert citations.csl_record(meta, "2024-01-01")["language"] == "de"
    chicago = cite.edition_citations(meta, "2024-01-01", "")["chicago-bibliography"]
    assert "“Marie Lenz an Paul Adler, [1896?].” In Briefwechsel mit Autorinnen und Autoren." in chicago
    # The same record said to be English is title-cased: the language is what prevents it.
    english = cite.edition_citations(dataclasses.replace(meta, languages=("en",)), "2024-01-01", "")
    assert "Briefwechsel Mit Autorinnen Und Autoren" in english["chicago-bibliography"]


def test_an_author_written_without_spaces_between_name_parts_reads_as_words(tmp_path: Path) -> None:
    source = (
        (CORPORA / "drama.xml")
        .read_text(encoding="utf-8")
        .replace(
            "<forename>Tessa</forename> <surname>Marlow</surname>",
            "<forename>Tessa</forename><surname>Marlow</surname>",
        )
    )
    doc = parse(write(tmp_path, "drama.xml", source))
    assert isinstance(doc, Document)
    assert doc.metadata.authors == ("Tessa Marlow",)
    assert "Tessa Marlow" in words(tree(transform(doc)["about"]))


def _letter(stem: str, date: str = "", previous: str = "", following: str = "", xml_id: str = "") -> Listing:
    meta = Metadata(title=stem.upper(), letter_date=date, previous_letter=previous, next_letter=following)
    return Listing(dataclasses.replace(meta, document_id=xml_id), stem, f"{stem}/")


def test_letters_follow_their_correspcontext_else_their_dates() -> None:
    listed = [
        _letter("a", "1890-05-01"),
        _letter("b", "1891-01-01", previous="a.xml"),
        _letter("c", "1889-01-01", following="elsewhere/L999.xml"),
        _letter("d", "1892-01-01", previous="#X7", xml_id="d-id"),
        _letter("e", "1893-01-01", previous="d-id"),
        Listing(Metadata(title="Not a letter"), "essay", "essay/"),
    ]
    links = collection_links(listed)
    sequence = {folder: tuple(n.href if n else None for n in pair) for folder, pair in links.sequence.items()}
    assert sequence == {
        "c/": (None, "../a/index.html"),  # its next is not in the collection: by date
        "a/": ("../c/index.html", "../b/index.html"),
        "b/": ("../a/index.html", "../d/index.html"),
        "d/": ("../b/index.html", "../e/index.html"),
        "e/": ("../d/index.html", None),  # named by xml:id
    }
    assert links.sequence["a/"][1] == Neighbour("../b/index.html", "B")
    assert "essay/" not in links.sequence


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ('<a href="tei-doc:letter-1.xml">x</a>', '<a href="../letter-1/index.html">x</a>'),
        ('<a href="tei-doc:letter-1#p2">x</a>', '<a href="../letter-1/index.html#p2">x</a>'),
        ('<a href="tei-doc:data/L-7.xml#a&amp;b">x</a>', '<a href="../L-7/index.html#a&amp;b">x</a>'),
        ('<a href="tei-doc:letter-2.xml#p1">x</a>', '<a href="index.html#p1">x</a>'),
        ('<a href="tei-doc:haus.jpg">x</a>', '<a data-unresolved="">x</a>'),
        ('<a href="people.html#p1">x</a>', '<a href="people.html#p1">x</a>'),
    ],
)
def test_references_into_other_documents_resolve_or_are_no_link(fragment: str, expected: str) -> None:
    links = CollectionLinks(folders={"letter-1": "letter-1/", "letter-2": "letter-2/", "L-7": "L-7/"})
    assert resolve_document_links(fragment, links, "letter-2/") == expected


MODELLED_ON = [
    (
        "drama.xml",
        ["//tei:particDesc//tei:person", "//tei:castList", "//tei:sp[@who]", "//tei:stage", "//tei:l[@part]"],
    ),
    ("letter-1.xml", ["//tei:correspDesc", "//tei:titleStmt/tei:title[@level='a']", "//tei:back/tei:listPerson"]),
    ("letter-2.xml", ["//tei:correspContext/tei:ref", "//tei:persName[@type='sender']", "//tei:p[@rendition]"]),
    ("apparatus.xml", ["//tei:listWit", "//tei:rdg[@wit='C']", "//tei:rdg[@wit='#A #C']", "//tei:listApp"]),
    ("pages-notes.xml", ["//tei:pb[starts-with(@facs, '#')]", "//tei:note[@place='margin']", "//tei:msDesc"]),
    ("tokenised.xml", ["//tei:w[@join]", "//tei:pc", "//tei:s"]),
    ("register-persons.xml", ["/tei:TEI[not(tei:text)]/tei:standOff/tei:listPerson"]),
    ("register-places.xml", ["/tei:TEI/tei:text/tei:body/tei:listPlace//tei:geo"]),
]


@pytest.mark.parametrize(("name", "xpaths"), MODELLED_ON, ids=[n for n, _ in MODELLED_ON])
def test_the_fixtures_hold_what_they_are_modelled_on(name: str, xpaths: list[str]) -> None:
    """The fixtures keep the features the tests above rely on (a guard against editing them away)."""
    for xpath in xpaths:
        assert document(name).tree.xpath(xpath, namespaces=NS), xpath

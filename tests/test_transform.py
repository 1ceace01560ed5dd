"""The stylesheets: what each family of TEI elements becomes in HTML, checked by XPath.

Tables of (XPath, expected count or text) over the chapter's pages and the general fixtures,
in the manner of Sphinx's HTML tests; plus the fallback and the URL filter.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CHAPTER, GENERAL, MINIMAL, write
from lxml import html

from edition.tei.load import Document, parse
from edition.tei.transform import transform


def page(site: Path, name: str) -> html.HtmlElement:
    return html.parse(str(site / name)).getroot()


def fragments_of(path: Path) -> dict[str, str]:
    doc = parse(path)
    assert isinstance(doc, Document), doc
    return dict(transform(doc).parts)


CHAPTER_PAGE = [
    # paragraphs: numbered, permalinked, citable
    ("//p[@id='p12'][@data-n='12']//a[@class='pnum'][@href='#p12']", 1),
    ("//*[@id][@data-n][contains(@class, 'tei-p')]", 62),
    ("//button[@class='cite-button'][@data-cite='p12']", 1),
    # block quotations with their author and source note
    ("//figure[@id='cit.khrushchev']/blockquote", 1),
    ("//figure[contains(@class, 'block')]", 8),
    # The attribution under it is the editors', bracketed, marked as added, with its source link.
    (
        "//figure[@id='cit.khrushchev']/figcaption/span[@class='attribution'][@data-added]/span[@class='attribution-source']/a[@href='#n1']",
        1,
    ),
    (
        "//figure[@id='cit.khrushchev']/figcaption/span[@class='attribution'][.='[Nikita Khrushchev; source: note 1]']",
        1,
    ),
    ("//figcaption/span[contains(@class, 'attribution')][starts-with(., '[')][substring(., string-length(.))=']']", 8),
    # Speech: the speaker in brackets, added by the editors, before the words; no tooltip saying it
    # a second time; none where the quotation's attribution already names the speaker.
    ("//div[contains(@class, 'tei-said')][@data-who='Nikita Khrushchev']", 1),
    ("//*[contains(@class, 'tei-said')][@title]", 0),
    ("//*[contains(@class, 'tei-said')]/span[@class='visually-hidden']", 0),
    ("//div[contains(@class, 'tei-said')]/span[contains(@class, 'speaker-label')]", 0),
    (
        "//span[contains(@class, 'tei-said')]/span[contains(@class, 'speaker-label')]"
        "[@data-added][starts-with(., '[')]",
        4,
    ),
    ("//span[contains(@class, 'tei-said')][@data-who='Mark Twain']/span[.='[Reported speech of Mark Twain] ']", 1),
    # A metonym says what it is; a generic reference ("the Khrushchevs") says so and links nowhere.
    (
        "//a[contains(@class, 'metonym')][@href='organisations.html#org.kremlin']"
        "[@title='Organisation, named by metonymy: Kremlin']",
        4,
    ),
    (
        "//span[contains(@class, 'tei-rs')][contains(@class, 'generic')][.='Khrushchevs']"
        "[@title='Used generically: a type, not a particular person or body']",
        1,
    ),
    ("//a[.='Khrushchevs']", 0),
    # Dates' tooltips as a reader writes them, not ISO values.
    ("//time[@datetime='1956-03-09'][starts-with(@title, '9 March 1956')]", 2),
    ("//time[@datetime='1928'][@title='1928 (inferred by the editors)']", 1),
    ("//span[@data-from='1956-09'][@title='September 1956 – October 1956 (inferred by the editors)']", 1),
    ("//time[contains(@title, '-')]", 0),
    # names linked to registers, never links inside links
    ("//p[@id='p19']//a[@href='people.html#pers.cannon']", 2),
    # Note 8's author is the SWP's National Education Department, not the SWP itself.
    ("//a[@href='organisations.html#org.swp']", 8),
    ("//li[@id='n8']//a[@href='organisations.html#org.swp-ned']", 1),
    ("//a//a", 0),
    # dates with their normalised values
    ("//time[@datetime='1956-03-09']", 2),
    ("//time[@datetime='1928'][contains(@class, 'inferred')]", 1),
    ("//span[contains(@class, 'tei-date')][@data-from='1956-09'][@data-to='1956-10']", 1),
    # notes there and back; Ibid. as printed, linked to the full reference
    ("//a[@id='noteref-n1'][@href='#n1'][@role='doc-noteref']", 1),
    ("//ol[@class='notes']/li[@id='n1']/a[@href='#noteref-n1'][@role='doc-backlink']", 1),
    ("//ol[@class='notes']/li", 10),
    ("//li[@id='n3']//a[@href='#n2'][normalize-space()='Ibid.']", 1),
    # "Ibid." resolves to the last full or short reference before it (note 8's), as the header says.
    ("//li[@id='n9']//a[@href='#n8'][normalize-space()='Ibid.']", 1),
    # French marked, quotation marks not doubled
    ("//cite[@lang='fr'][normalize-space()='Quatrième Internationale']", 1),
    ("//q", 19),
]


@pytest.mark.parametrize(("xpath", "count"), CHAPTER_PAGE, ids=[x for x, _ in CHAPTER_PAGE])
def test_chapter_page(chapter_site: Path, xpath: str, count: int) -> None:
    assert len(page(chapter_site, "index.html").xpath(xpath)) == count


REGISTER_PAGES = [
    ("people.html", "//section[@id='pers.cannon']/h2[normalize-space()='James P. Cannon']", 1),
    ("people.html", "//section[@id='pers.cannon']//a[@href='index.html#p19']", 1),
    # "the Khrushchevs" (¶41) names a type, not the man: it is no mention of him.
    ("people.html", "//section[@id='pers.khrushchev']//p[@class='occurrences']/a", 12),
    ("organisations.html", "//section[@id='org.swp']", 1),
    ("places.html", "//section[@id='place.hungary']//a[@href='index.html#p2']", 1),
    ("events.html", "//section[@id='ev.20th-congress']//time[@datetime='1956-02-14']", 1),
    ("works.html", "//section[@id='wb.cannon-speeches']", 1),
    ("works.html", "//section[@id='wb.end-of-stalin-cult']//a[@href='works.html#wb.cannon-speeches']", 1),
    ("timeline.html", "//h2[@id='events']/following-sibling::ol[1]/li", 14),
    # One row per date of the text (the dates of the works the notes cite are not among them).
    ("timeline.html", "//h2[@id='dates']/following-sibling::ol[1]/li", 21),
    ("timeline.html", "//time[@datetime='1967' or @datetime='1971' or @datetime='1978-02' or @datetime='1981']", 0),
    ("timeline.html", "//li[p/time[@datetime='1953']]//a[@href='index.html#p5']", 1),
    ("timeline.html", "//li[p/time[@datetime='1956-03-09']]//span[@class='date-text'][.='“March 9, 1956”']", 1),
    # Visible mentions in the paragraphs; words ascribed (said/@who, a quotation's author) apart;
    # notes apart, said to be notes.
    ("people.html", "//section[@id='pers.khrushchev']/p[@class='occurrences']/a[@href='index.html#p9']", 0),
    (
        "people.html",
        "//section[@id='pers.khrushchev']/p[@class='attributions'][starts-with(., 'Words quoted or reported in: ')]/a",
        3,
    ),
    ("people.html", "//section[@id='pers.trotsky']/p[@class='occurrences']/a[@href='index.html#p49']", 0),
    ("people.html", "//section[@id='pers.trotsky']/p[@class='attributions']/a[@href='index.html#p49']", 1),
    ("people.html", "//section[@id='pers.trotsky']/p[@class='occurrences'][contains(., '¶ 47,')]", 1),
    (
        "people.html",
        "//section[@id='pers.trotsky']/p[@class='occurrences'][contains(., '; in the notes: 7')]"
        "/a[@class='note-mention']",
        1,
    ),
    ("people.html", "//section[@id='pers.ap-correspondent']/p[@class='occurrences']", 0),
    ("works.html", "//section[@id='wb.moscow-trials']/p[@class='occurrences'][.='In the notes: 1']", 1),
    (
        "works.html",
        "//section[@id='wb.end-of-stalin-cult']/p[@class='attributions'][starts-with(., 'Quoted in: ')]/a",
        18,
    ),
    ("about.html", "//h2[normalize-space()='Revision history']", 1),
    ("about.html", "//h3[normalize-space()='Quotation']", 1),
    ("about.html", "//dd[normalize-space()='north-hwd-khrushchev-secret-speech']", 1),
    ("about.html", "//ul[@class='cite-structure']/li", 2),
]


@pytest.mark.parametrize(("name", "xpath", "count"), REGISTER_PAGES, ids=[f"{n}:{x}" for n, x, _ in REGISTER_PAGES])
def test_register_pages(chapter_site: Path, name: str, xpath: str, count: int) -> None:
    assert len(page(chapter_site, name).xpath(xpath)) == count


def test_timeline_rows_are_each_one_date_written_as_a_reader_writes_it(chapter_site: Path) -> None:
    timeline = page(chapter_site, "timeline.html")
    for section in ("events", "dates"):
        rows = timeline.xpath(f"//h2[@id='{section}']/following-sibling::ol[1]/li")
        keys = [" ".join(li.xpath("p[@class='entry-dates']//time/@datetime")) for li in rows]
        assert len(keys) == len(set(keys)), "no two rows of one date"
        shown = [li.xpath("string(p[@class='entry-dates'])") for li in rows]
        assert not any(re.search(r"\d{4}-\d\d", text) for text in shown), "no ISO dates shown"
    assert "9 March 1956" in timeline.xpath("string(//h2[@id='dates']/following-sibling::ol[1])")


BIBLIOGRAPHY = [
    ("wb.moscow-trials", "Moscow Trials Anthology. London: New Park Publications, 1967."),
    ("wb.cannon-speeches", "James P. Cannon. Speeches for Socialism. New York: Pathfinder Press, 1971."),
    (
        "wb.struggle-to-reunify",
        "National Education Department Socialist Workers Party. The Struggle to Reunify the Fourth "
        "International (1954–63). Education for Socialists, vol. 2. February 1978.",
    ),
    ("wb.end-of-stalin-cult", "James P. Cannon. “The End of the Stalin Cult.” In Speeches for Socialism."),
    ("wb.quatrieme-internationale", "Quatrième Internationale."),
]


@pytest.mark.parametrize(("key", "reference"), BIBLIOGRAPHY, ids=[k for k, _ in BIBLIOGRAPHY])
def test_the_works_page_is_a_bibliography(chapter_site: Path, key: str, reference: str) -> None:
    """The TEI gives the parts of each work without punctuation: the page punctuates them as a
    bibliography does, titles of books and journals in <cite> (italic), of parts in quotation marks."""
    works = page(chapter_site, "works.html")
    heading = works.xpath(f"//section[@id='{key}']/h2[contains(@class, 'entry-reference')]")[0]
    assert " ".join(heading.text_content().split()) == reference
    assert all(
        c.get("class", "").split()[-1] in {"level-m", "level-j", "level-s", "level-a"} for c in heading.iter("cite")
    )
    italic = {" ".join(c.text_content().split()) for c in heading.iter("cite") if "level-a" not in c.get("class", "")}
    assert italic and all(title in reference for title in italic)


def test_ibid_tooltips_name_their_note_and_the_work_in_full(chapter_site: Path) -> None:
    text = page(chapter_site, "index.html")
    assert text.xpath("//li[@id='n3']//a[contains(@class, 'ibid')]/@title") == [
        "Ibid.: the reference of note 2, James P. Cannon, Speeches for Socialism (New York: Pathfinder Press, "
        "1971), pp.\u00a0143–146."
    ]
    assert text.xpath("//li[@id='n10']//a[contains(@class, 'ibid')]/@title") == [
        "Ibid.: the reference of note 8, SWP, The Struggle to Reunify, vol.\u00a02, p.\u00a054. (National "
        "Education Department Socialist Workers Party. The Struggle to Reunify the Fourth International "
        "(1954–63). Education for Socialists, vol. 2. February 1978.)"
    ]


def test_timeline_is_in_chronological_order(chapter_site: Path) -> None:
    timeline = page(chapter_site, "timeline.html")
    for section in ("events", "dates"):
        starts = [
            li.xpath("string(.//time[1]/@datetime)")
            for li in timeline.xpath(f"//h2[@id='{section}']/following-sibling::ol[1]/li")
        ]
        assert starts == sorted(starts)


GENERAL_FEATURES = [
    ("drama.xml", "text", "//div[contains(@class, 'tei-sp')][@data-who]", 1),
    ("drama.xml", "text", "//p[contains(@class, 'tei-speaker')]", 1),
    ("drama.xml", "text", "//*[contains(@class, 'tei-stage')]", 1),
    ("drama.xml", "front", "//ul[contains(@class, 'tei-castList')]/li", 1),
    ("verse.xml", "text", "//div[contains(@class, 'tei-lg')]/div[contains(@class, 'tei-l')]", 1),
    ("verse.xml", "text", "//span[@class='lnum'][@data-added]", 1),
    ("verse.xml", "text", "//br", 1),
    ("lists-tables.xml", "text", "//dl/dt", 1),
    ("lists-tables.xml", "text", "//ol/li", 1),
    ("lists-tables.xml", "text", "//ul//ul/li", 1),
    ("lists-tables.xml", "text", "//table/caption", 1),
    ("lists-tables.xml", "text", "//th", 1),
    ("lists-tables.xml", "text", "//td[@colspan or @rowspan] | //th[@colspan or @rowspan]", 1),
    ("apparatus.xml", "text", "//span[contains(@class, 'tei-choice')]/span[@class='alternative']", 1),
    ("apparatus.xml", "text", "//del", 1),
    ("apparatus.xml", "text", "//ins", 1),
    ("apparatus.xml", "text", "//span[contains(@class, 'tei-pb')][@data-added]", 1),
    ("apparatus.xml", "text", "//figure/figcaption", 1),
    ("apparatus.xml", "text", "//img[@alt!='']", 1),
    ("apparatus.xml", "text", "//i[contains(@class, 'tei-foreign')][@lang='la']", 1),
    ("nested.xml", "text", "//section/section/section/h3", 1),
    ("nested.xml", "notes", "//li[contains(@class, 'tei-note')]", 1),
    ("nested.xml", "back", "//section[contains(@class, 'appendix')]", 1),
    ("multilingual.xml", "text", "//*[@lang='de']", 1),
    ("multilingual.xml", "text", "//*[@lang='fr']", 1),
    ("multilingual.xml", "text", "//*[@lang='ru']", 1),
    ("multilingual.xml", "text", "//figure[contains(@class, 'block')]/blockquote[@lang='de']", 1),
]


@pytest.mark.parametrize(
    ("name", "fragment", "xpath", "minimum"), GENERAL_FEATURES, ids=[f"{n}:{x}" for n, _, x, _ in GENERAL_FEATURES]
)
def test_general_documents(name: str, fragment: str, xpath: str, minimum: int) -> None:
    tree = html.fragment_fromstring(fragments_of(GENERAL / name)[fragment], create_parent="div")
    assert len(tree.xpath(xpath)) >= minimum


def test_unknown_elements_keep_their_text_and_are_reported_once(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "The end.",
        "The <distinct>end</distinct> and <distinct>fin</distinct> <secl>closed</secl>.",
    )
    doc = parse(write(tmp_path, "unknown.xml", text))
    assert isinstance(doc, Document)
    result = transform(doc)
    assert result.unhandled == ("secl",)
    body = html.fragment_fromstring(result["text"], create_parent="div")
    assert "The end and fin closed." in body.xpath("string(//p[@id='p3'])")


def test_apparatus_shows_the_lemma_and_each_reading(tmp_path: Path) -> None:
    """The text reads the lemma, marked; the readings are in the apparatus, in order."""
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "The end.", "The <app><lem>end</lem><rdg>close</rdg><rdg>stop</rdg></app>."
    )
    doc = parse(write(tmp_path, "app.xml", text))
    assert isinstance(doc, Document)
    parts = transform(doc)
    body = html.fragment_fromstring(parts["text"], create_parent="div")
    for added in body.xpath("//*[@data-added]"):
        added.drop_tree()
    assert body.xpath("string(//p[@id='p3'])").endswith("The end.")
    apparatus = html.fragment_fromstring(parts["apparatus"], create_parent="div")
    readings = apparatus.xpath("//li[@class='app-entry']/span[contains(@class, 'tei-rdg')]")
    assert [r.text_content() for r in readings] == ["close", "stop"]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil.example/x"],
)
def test_dangerous_urls_never_become_links(tmp_path: Path, url: str) -> None:
    escaped = url.replace("<", "&lt;")
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "The end.", f'The <ref target="{escaped}">end</ref>. <figure><graphic url="{escaped}"/></figure>'
    )
    doc = parse(write(tmp_path, "evil.xml", text))
    assert isinstance(doc, Document)
    body = html.fragment_fromstring(transform(doc)["text"], create_parent="div")
    assert body.xpath("//a[contains(@href, ':')] | //img") == []
    assert "end" in body.xpath("string(//*[@id='p3'])")


def test_safe_urls_become_links(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "The end.", 'The <ref target="https://tei-c.org/">end</ref> and <ref target="#p1">start</ref>.'
    )
    doc = parse(write(tmp_path, "links.xml", text))
    assert isinstance(doc, Document)
    body = html.fragment_fromstring(transform(doc)["text"], create_parent="div")
    assert body.xpath("//p[@id='p3']/a/@href") == ["https://tei-c.org/", "#p1"]


def test_print_style_keeps_notes_in_place_and_links_in_one_document() -> None:
    doc = parse(CHAPTER)
    assert isinstance(doc, Document)
    parts = transform(doc, link_style="single", note_style="inline")
    body = html.fragment_fromstring(parts["text"], create_parent="div")
    assert len(body.xpath("//span[@class='footnote']")) == 10
    assert body.xpath("//a[contains(@href, '.html')]") == []
    assert parts["notes"] == ""

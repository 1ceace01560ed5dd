"""The fast citation path gives exactly what citeproc-py gives, on hundreds of headers.

``csl.formatted_forms`` renders each shape of record once with stand-in values and fills in
each document's title and URL (see ``edition.cite.csl``). Here it is compared, plain and HTML,
edition and paragraph, with ``fast=False`` (citeproc-py every time) on:

- 240 generated headers: authors of one, two and three words, bodies (``orgName``), none, two and
  three authors; editors in ``editor`` or ``respStmt``, or none; English, German and French
  titles, with and without a book and its subtitle, ending in a letter, a question mark or a
  full stop, holding quotation marks, an ampersand, a colon or an apostrophe; publication dates of a
  year, a month or a day, or none; first publications or none; a version or none; a URL or none;
- every header of the test fixtures and the corpora fixtures, and the real letters of
  ``/work/shared/corpora/letters`` where the machine has them.

The generated headers share shapes on purpose (several titles of each), so that most of them are
filled in from a template made for another.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from edition.cite import csl
from edition.tei.header import Metadata, read_metadata
from tests.conftest import FIXTURES

LETTERS = Path("/work/shared/corpora/letters")

AUTHORS = [
    (),
    ("<persName>Plato</persName>",),
    ("<persName><forename>Ada</forename> <surname>Lovelace</surname></persName>",),
    ("<persName>Ludwig van Beethoven</persName>",),
    ("<orgName>Alfred Escher-Stiftung</orgName>",),
    ("<persName>Marie Lenz</persName>", "<persName>Paul Adler</persName>"),
    ("<persName>Anna Keller</persName>", "<persName>Émile Zola</persName>", "<persName>Jean-Paul Sartre</persName>"),
]
EDITORS = [
    "",
    "<editor>Charles Babbage</editor>",
    "<editor>Mary Shelley</editor><editor>Percy Bysshe Shelley</editor>",
    "<respStmt><resp>TEI encoding</resp><orgName>TEI Edition Builder project</orgName></respStmt>",
]
# Words to make titles of, by language, and what a title may hold inside or end with.
WORDS = {
    "en": [
        "Khrushchev’s",
        "Secret",
        "Speech",
        "to",
        "the",
        "Twentieth",
        "Congress",
        "of",
        "a",
        "Letter",
        "on",
        "Trade",
        "Industry",
        "notes",
        "state",
        "virginia",
        "Stalin-Hitler",
        "Pact",
        "O’Brien",
        "and",
        "TEI",
    ],
    "de": [
        "Marie",
        "Lenz",
        "an",
        "Paul",
        "Adler",
        "Über",
        "die",
        "Alpenbahn",
        "und",
        "das",
        "Tessin",
        "Brief",
        "Jakob",
        "Dubs",
        "Gotthard",
        "Eisenbahnfrage",
        "im",
        "Nationalrat",
    ],
    "fr": [
        "Lettre",
        "à",
        "Alfred",
        "Escher",
        "le",
        "percement",
        "du",
        "Gothard",
        "une",
        "œuvre",
        "Qu’est-ce",
        "que",
        "Tiers-État",
        "mars",
        "l’Europe",
    ],
}
INSIDE = ["", "", ": ", " & ", " “{w}” ", ", [1896?] ", " „{w}“ ", " — "]
ENDINGS = ["", "", "", "?", ".", " ?", ")"]


def title(rng: random.Random, language: str, ending: str) -> str:
    words = rng.sample(WORDS[language], k=rng.randint(1, 6))
    middle = rng.choice(INSIDE).format(w=rng.choice(WORDS[language]))
    cut = rng.randint(0, len(words))
    text = " ".join(words[:cut]) + middle + " ".join(words[cut:])
    text = " ".join(text.split())
    return (text or "Untitled") + ending


BOOKS = {
    "en": ("The Heritage We Defend", "A Contribution to the History of the Fourth International"),
    "de": ("Briefwechsel mit Autorinnen und Autoren", "Eine Auswahl"),
    "fr": ("Correspondance générale", ""),
}
DATES = ["", "1999", "2019-03", "2026-11-25"]
ORIGINAL = ["", "1988", "1880-03"]
VERSIONS = ["", "1.0.0", "0.3.1-beta"]
URLS = ["", "https://edition.example.org/{n}/index.html", "https://example.org/ed?doc={n}&v=1"]
BUILD_DATES = ("2026-11-25", "", "2027-01-05")


def header(n: int, title: str, language: str, shape: dict[str, object]) -> str:
    authors = "".join(f"<author>{a}</author>" for a in shape["authors"])  # type: ignore[attr-defined]
    book, subtitle = BOOKS[language] if shape["book"] else ("", "")
    sub = f'<title level="m" type="sub">{escape(subtitle)}</title>' if subtitle and shape["subtitle"] else ""
    in_book = f'<title level="m" type="main">{escape(book)}</title>{sub}' if book else ""
    first = f'<date type="firstPublication" when="{shape["original"]}"/>' if shape["original"] else ""
    when = shape["date"]
    date = f'<date when="{when}">{when}</date>' if when else ""
    version = f'<editionStmt><edition n="{shape["version"]}">ed.</edition></editionStmt>' if shape["version"] else ""
    publisher = "<publisher>Alfred Escher-Stiftung</publisher>" if shape["publisher"] else ""
    return f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{language}"><teiHeader><fileDesc>
      <titleStmt><title type="main">{escape(title)}</title>{authors}{shape["editors"]}</titleStmt>{version}
      <publicationStmt>{publisher}{date}<idno>gen-{n}</idno></publicationStmt>
      <sourceDesc><bibl><title level="a">{escape(title)}</title>{in_book}{first}</bibl></sourceDesc>
      </fileDesc></teiHeader><text><body><p>A text that names <persName>Ada Lovelace</persName>, the
      <orgName>Fourth International</orgName> and <placeName>Zürich</placeName>.</p></body></text></TEI>"""


def generated(count: int = 240, seed: int = 15) -> Iterator[tuple[Metadata, str, str]]:
    """``count`` headers (metadata, the URL to cite them at and the build date): 24 shapes of
    header, ten titles of each (their words and what they hold vary, not how they end)."""
    rng = random.Random(seed)
    made = 0
    while made < count:
        language = rng.choice(sorted(WORDS))
        ending = rng.choice(ENDINGS)
        shape: dict[str, object] = {
            "authors": rng.choice(AUTHORS),
            "editors": rng.choice(EDITORS),
            "book": rng.random() < 0.6,
            "subtitle": rng.random() < 0.6,
            "date": rng.choice(DATES),
            "original": rng.choice(ORIGINAL),
            "version": rng.choice(VERSIONS),
            "publisher": rng.random() < 0.7,
        }
        url, build = rng.choice(URLS), rng.choice(BUILD_DATES)
        for _ in range(10):
            text = header(made, title(rng, language, ending), language, shape)
            yield read_metadata(etree.ElementTree(etree.fromstring(text.encode("utf-8")))), url.format(n=made), build
            made += 1


def corpus_headers() -> Iterator[tuple[Metadata, str]]:
    paths = sorted(FIXTURES.rglob("*.xml"))
    if LETTERS.is_dir():
        paths += sorted(LETTERS.glob("*.xml"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    for n, path in enumerate(paths):
        try:
            tree = etree.parse(str(path), parser)
        except etree.XMLSyntaxError:
            continue  # the invalid fixtures that are not even XML
        if etree.QName(tree.getroot()).localname in ("TEI", "teiCorpus"):
            yield read_metadata(tree), f"https://example.org/corpus/{n}/index.html"


def compare(meta: Metadata, url: str, build: str, paragraph: bool) -> None:
    fast = csl.formatted_forms(meta, build, url)
    assert fast == csl.formatted_forms(meta, build, url, fast=False), (meta, url)
    if paragraph:
        stand_in = f"{url}#{{id}}" if url else "https://edition.invalid/page#{id}"
        fast = csl.formatted_forms(meta, build, stand_in, "{n}")
        assert fast == csl.formatted_forms(meta, build, stand_in, "{n}", fast=False), (meta, stand_in)


def test_enough_generated_headers_of_every_kind() -> None:
    headers = [meta for meta, _, _ in generated()]
    assert len(headers) >= 200
    assert {len(meta.authors) for meta in headers} >= {0, 1, 2, 3}
    assert {meta.languages[0] for meta in headers} == {"en", "de", "fr"}
    assert any(meta.source_subtitle for meta in headers) and any(not meta.container_title for meta in headers)
    assert {len(meta.date) for meta in headers} == {0, 4, 7, 10}
    assert any(meta.editors for meta in headers) and any(not meta.editors for meta in headers)


@pytest.mark.parametrize("chunk", range(4))
def test_fast_citations_are_citeprocs_on_generated_headers(chunk: int) -> None:
    for n, (meta, url, build) in enumerate(generated()):
        if n % 4 == chunk:
            compare(meta, url, build, paragraph=n % 3 == 0)
    # The comparison is worth something only if the fast path is the one taken: (nearly) every
    # shape met twice has a template that held, rather than falling back to citeproc.
    made = [template for template in csl._TEMPLATES.values() if not isinstance(template, csl._Seen)]
    assert made and sum(template is not None for template in made) >= 0.9 * len(made)


def test_fast_citations_are_citeprocs_on_the_fixtures_and_corpora() -> None:
    for n, (meta, url) in enumerate(corpus_headers()):
        compare(meta, url if n % 2 else "", "2026-11-25", paragraph=True)

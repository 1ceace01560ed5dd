"""The e-book as a reader sees it: its XHTML content documents in Chromium, unzipped and served.

Chromium is no e-reader, but it renders the same XHTML and CSS that reading systems do (most are
built on a browser engine): the embedded EB Garamond must load from the book itself, the notes
must be asides the markers point to, and the pages must pass axe. Screenshots go to
test-artifacts/ (epub-title.png, epub-text.png, epub-notes.png, epub-letter.png); the README
shows copies of two of them from docs/screenshots/.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import CHAPTER, CORPORA

from edition.build.pipeline import build
from tests.browser.conftest import serving

if TYPE_CHECKING:
    from playwright.sync_api import Page

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
# A tablet's page in portrait, as an e-reader shows one.
READER = {"width": 640, "height": 900}


@pytest.fixture(scope="module")
def books_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("books")
    build([CHAPTER, CORPORA / "letter-1.xml"], folder / "out", formats=("epub",))
    for name in ("north-heritage-khrushchev", "letter-1"):
        with zipfile.ZipFile(folder / "out" / name / f"{name}.epub") as archive:
            archive.extractall(folder / "unzipped" / name)
    with serving(folder / "unzipped") as url:
        yield url


def fonts_loaded(page: Page) -> list[str]:
    page.evaluate("document.fonts.ready.then(() => true)")
    loaded: list[str] = page.evaluate(
        "Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.style)"
    )
    return loaded


def test_the_chapter_reads_as_a_book_in_eb_garamond(page: Page, books_url: str) -> None:
    page.set_viewport_size(READER)
    ARTIFACTS.mkdir(exist_ok=True)
    book = f"{books_url}/north-heritage-khrushchev/EPUB"
    page.goto(f"{book}/title.xhtml")
    page.screenshot(path=str(ARTIFACTS / "epub-title.png"))
    assert page.locator("h1.edition-title").inner_text() == "Khrushchev’s Secret Speech to the Twentieth Congress"

    page.goto(f"{book}/text.xhtml")
    loaded = fonts_loaded(page)
    # The typeface comes from the book's own fonts/ folder: regular and italic are used on the first page.
    assert {"EB Garamond normal", "EB Garamond italic"} <= set(loaded)
    assert page.evaluate("getComputedStyle(document.querySelector('#p1')).fontFamily").startswith('"EB Garamond"')
    page.screenshot(path=str(ARTIFACTS / "epub-text.png"))
    # Every marker points to an aside of this document that is a footnote.
    markers = page.locator("a.noteref")
    assert markers.count() == 10
    for index in range(markers.count()):
        target = markers.nth(index).get_attribute("href") or ""
        assert target.startswith("#")
        aside = page.locator(f"aside[id='{target[1:]}']")
        assert aside.count() == 1 and aside.get_attribute("epub:type") == "footnote"
    page.locator("#notes-heading").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "epub-notes.png"))


def test_a_letter_reads_as_a_book(page: Page, books_url: str) -> None:
    page.set_viewport_size(READER)
    page.goto(f"{books_url}/letter-1/EPUB/text.xhtml")
    assert page.locator(".letter-head").count() == 1
    footnotes = "Array.from(document.querySelectorAll('aside')).filter(a => a.getAttribute('epub:type') === 'footnote')"
    assert page.evaluate(f"{footnotes}.length") == 1
    assert "EB Garamond normal" in fonts_loaded(page)
    page.screenshot(path=str(ARTIFACTS / "epub-letter.png"))


@pytest.mark.parametrize("name", ["title.xhtml", "nav.xhtml", "text.xhtml", "people.xhtml", "colophon.xhtml"])
def test_the_books_pages_pass_axe(page: Page, books_url: str, name: str) -> None:
    page.goto(f"{books_url}/north-heritage-khrushchev/EPUB/{name}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

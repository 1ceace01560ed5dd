"""The shipped themes as a reader sees them: the chapter in the built-in theme and in the reading
theme, in Chromium. Screenshots go to test-artifacts/ (theme-default.png, theme-reading.png, and
the phone width) for a human to look at; the README shows copies of them from docs/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import CHAPTER

from edition.build.pipeline import build
from edition.site.pages import SiteOptions
from edition.theme import resolve_theme
from tests.browser.conftest import serving

if TYPE_CHECKING:
    from playwright.sync_api import Page

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def reading_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("reading") / "site"
    build([CHAPTER], out, formats=("html",), options=SiteOptions(theme=resolve_theme("reading", out)))
    with serving(out) as url:
        yield url


def test_the_reading_theme_looks_like_a_book_page(page: Page, reading_url: str, site_url: str) -> None:
    page.set_viewport_size({"width": 1100, "height": 800})
    page.goto(f"{site_url}/index.html")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "theme-default.png"))
    default_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.locator(".ornament").count() == 0

    page.goto(f"{reading_url}/index.html")
    page.screenshot(path=str(ARTIFACTS / "theme-reading.png"))
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font != default_font and font.startswith('"EB Garamond"')
    # The theme's element rendering (custom.xsl): one ornament, under the chapter's heading.
    assert page.locator(".ornament").count() == 1
    assert page.evaluate("document.querySelector('.ornament').previousElementSibling.tagName") == "H1"
    # Its template (base.html) and static file (reading.css): paragraphs indented, not spaced.
    second = page.locator("#p2")
    assert second.evaluate("e => getComputedStyle(e).textIndent") != "0px"
    assert second.evaluate("e => getComputedStyle(e).marginTop") == "0px"
    assert page.evaluate("getComputedStyle(document.querySelector('.site-title a')).fontVariantCaps") == "small-caps"


@pytest.mark.parametrize("name", ["index.html", "people.html"])
def test_the_reading_theme_passes_axe(page: Page, reading_url: str, name: str) -> None:
    page.goto(f"{reading_url}/{name}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_reading_theme_fits_a_phone(page: Page, reading_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{reading_url}/index.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "theme-reading-phone.png"))


@pytest.fixture(scope="module")
def german_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("german") / "site"
    build([CHAPTER], out, formats=("html",), options=SiteOptions(language="de"))
    with serving(out) as url:
        yield url


def test_the_german_interface_in_the_browser(page: Page, german_url: str) -> None:
    page.set_viewport_size({"width": 1100, "height": 800})
    page.goto(f"{german_url}/index.html")
    page.screenshot(path=str(ARTIFACTS / "interface-de.png"))
    assert page.evaluate("document.documentElement.lang") == "de"
    # The cite panel's script speaks German too.
    page.evaluate("document.querySelectorAll('.cite-button').forEach(b => b.hidden = false)")
    page.locator(".cite-button").first.click()
    assert page.locator("#cite-styles button").first.inner_text() == "Kopieren"
    page.goto(f"{german_url}/search.html?q=Stalin")
    page.wait_for_selector("#search-results li")
    assert "Stellen passen zu „Stalin“." in page.locator("#search-status").inner_text()
    page.screenshot(path=str(ARTIFACTS / "interface-de-search.png"))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

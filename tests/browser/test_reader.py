"""The HTML edition as a reader uses it, in Debian's Chromium driven by Playwright.

Every test fails if the page logs a console or page error (see conftest). Screenshots at desktop
and phone widths are saved in test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import arrived

if TYPE_CHECKING:
    from playwright.sync_api import Page

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
PAGES = ["index.html", "people.html", "organisations.html", "places.html", "events.html", "timeline.html",
         "works.html", "about.html", "search.html?q=Stalin", "versions.html"]  # fmt: skip


def test_footnote_link_goes_to_the_note_and_back(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    page.click("#noteref-n1")
    arrived(page, "#n1")
    assert page.locator("#n1").is_visible()
    assert "Moscow Trials Anthology" in page.locator("#n1").inner_text()
    page.click("#n1 a.backlink")
    arrived(page, "#noteref-n1")
    assert page.locator("#noteref-n1").is_visible()


def test_ibid_links_to_the_full_reference(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html#n9")
    ibid = page.locator("#n9 a.ibid")
    assert ibid.inner_text() == "Ibid."
    assert "The Struggle to Reunify the Fourth International" in (ibid.get_attribute("title") or "")
    ibid.click()
    arrived(page, "#n8")  # (the last full or short reference before it is note 8's)


def test_register_link_lands_on_the_entry_and_leads_back(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    page.locator("#p19 a.tei-persName").first.click()
    arrived(page, "/people.html#pers.cannon")
    entry = page.locator("#pers\\.cannon")
    assert entry.is_visible() and entry.locator("h2").inner_text() == "James P. Cannon"
    entry.locator("a[href='index.html#p19']").click()
    arrived(page, "/index.html#p19")
    assert page.locator("#p19").is_visible()


def test_annotated_view_switch_works_by_keyboard(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    person = page.locator("#p2 a.tei-persName").first
    before = person.evaluate("e => getComputedStyle(e).borderBottomStyle")
    page.keyboard.press("Tab")  # skip link
    for _ in range(20):
        if page.evaluate("document.activeElement.id") == "annotated-view":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "annotated-view"
    page.keyboard.press("Space")
    assert page.locator("#annotated-view").is_checked()
    assert before == "none"
    assert person.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
    assert page.locator("#annotation-legend").is_visible()
    page.keyboard.press("Space")
    assert person.evaluate("e => getComputedStyle(e).borderBottomStyle") == "none"


def test_cite_this_paragraph_copies_the_citation(page: Page, site_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page.goto(f"{site_url}/index.html")
    page.click("#p12 .cite-button")
    # The paragraph of the release the citation names (versions/1.0.0/), resolved against the
    # reader's address; the book's title in italics on screen, plain text on the clipboard.
    expected = (
        "David North, “Khrushchev’s Secret Speech to the Twentieth Congress,” in The Heritage We Defend: "
        "A Contribution to the History of the Fourth International, version 1.0.0, ed. TEI Edition Builder "
        f"project (1988; TEI Edition Builder project, 2026), para. 12, {site_url}/versions/1.0.0/index.html#p12."
    )
    assert page.locator("#cite-output").inner_text() == expected
    assert page.locator("#cite-output i").inner_text().startswith("The Heritage We Defend: A Contribution")
    page.wait_for_function("document.getElementById('cite-status').textContent.includes('copied')")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    # Every style is offered, each with the paragraph's number and address filled in.
    styles = page.locator("#cite-styles dd").all_inner_texts()
    assert len(styles) == 6 and styles[0] == expected
    assert "(North, 1988/2026, para. 12)" in styles
    assert all("{n}" not in text and "edition.invalid" not in text for text in styles)
    page.locator("#cite-styles button").nth(4).click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.startsWith('North, D. (2026).'))")


def test_speech_is_announced_with_its_speaker(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    # A speech inside a paragraph: its speaker in brackets, once, before the words.
    said = page.locator("#p21 span.tei-said").first
    assert said.get_attribute("title") is None
    assert "[Reported speech of Mark Twain] a lie can travel" in said.aria_snapshot()
    # A speech that is the whole of a quotation: the attribution under it names the speaker.
    caption = page.locator("[id='cit.khrushchev'] figcaption").aria_snapshot()
    assert '"[Nikita Khrushchev;"' in caption and 'link "source: note 1"' in caption


def test_search_finds_a_phrase_of_the_chapter(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    page.fill("#site-search", "ice pick")
    page.press("#site-search", "Enter")
    page.wait_for_selector("#search-results li")
    results = page.locator("#search-results li")
    # The exact phrase ranks first; blocks that hold both words elsewhere follow it.
    assert results.count() >= 1
    assert results.first.locator("mark").inner_text() == "ice pick"
    results.first.locator("a").click()
    arrived(page, "/index.html#p12")


def test_search_ignores_case_and_accents(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/search.html?q=QUATRIEME")
    page.wait_for_selector("#search-results li")
    assert re.match(r"\d+ passages? match", page.locator("#search-status").inner_text())


def test_the_site_works_from_the_file_system(page: Page, site_dir: Path) -> None:
    page.goto((site_dir / "index.html").as_uri())
    page.click("#noteref-n2")
    arrived(page, "#n2")
    page.goto((site_dir / "search.html").as_uri() + "?q=blood%20purges")
    page.wait_for_selector("#search-results li")
    assert page.locator("#search-results li a").first.get_attribute("href") == "index.html#p12"


def test_pages_are_readable_without_javascript(browser: object, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.goto(f"{site_url}/index.html")
    assert tab.locator("#p12").is_visible()
    assert tab.locator(".cite-button").first.is_hidden()
    tab.click("#noteref-n1")
    assert tab.url.endswith("#n1")
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_axe_core_finds_no_violations(page: Page, site_url: str, name: str) -> None:
    page.goto(f"{site_url}/{name}")
    if name.startswith("search"):
        page.wait_for_selector("#search-results li")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_axe_core_finds_no_violations_in_the_annotated_view(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    page.check("#annotated-view")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(("label", "width"), [("desktop", 1280), ("phone", 390)])
def test_screenshots_and_no_horizontal_scrolling(page: Page, site_url: str, label: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site_url}/index.html#p9")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"chapter-{label}.png"
    page.screenshot(path=str(shot))
    page.check("#annotated-view")
    page.screenshot(path=str(ARTIFACTS / f"chapter-{label}-annotated.png"))
    assert shot.stat().st_size > 10_000


def test_each_page_links_the_same_place_in_every_version(page: Page, tmp_path: Path) -> None:
    from conftest import MINIMAL

    from edition.build.pipeline import build
    from edition.release import release

    source = tmp_path / "minimal.xml"
    source.write_bytes(MINIMAL.read_bytes())
    releases = tmp_path / "releases"
    release(source, "0.2.0", releases, date="2026-11-25", with_pdf=False)
    release(source.with_name("minimal.xml"), "0.3.0", releases, date="2026-11-26", with_pdf=False)
    build([source], tmp_path / "dist", formats=("html",), releases=releases)
    page.goto((tmp_path / "dist" / "versions" / "0.2.0" / "people.html").as_uri())
    links = page.locator("#version-links a")
    assert links.all_inner_texts() == ["latest (0.3.0)", "0.3.0", "0.2.0"]
    assert links.nth(2).get_attribute("aria-current") == "page"
    links.nth(0).click()
    assert page.url == (tmp_path / "dist" / "people.html").as_uri()
    page.locator("#version-links a").nth(1).click()
    assert page.url == (tmp_path / "dist" / "versions" / "0.3.0" / "people.html").as_uri()


@pytest.mark.parametrize(("label", "width"), [("desktop", 1280), ("phone", 390)])
def test_the_collection_register_reads_well_and_leads_into_the_documents(
    page: Page, collection_url: str, label: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{collection_url}/people.html#pers.stalin")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"collection-people-{label}.png"))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.locator("[id='pers.stalin'] a[href*='index.html#p']").first.click()
    page.wait_for_url("**/north-heritage-khrushchev/index.html#p*")
    # (The new page's target is set once it has loaded: wait for it rather than race it.)
    page.wait_for_function("document.querySelectorAll(':target').length === 1")
    assert page.locator(":target").count() == 1

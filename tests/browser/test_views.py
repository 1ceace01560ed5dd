"""The views of issue 18 in Debian's Chromium: the facsimile beside the text (deep zoom, the zone of
the line under the pointer, one page at a time, and the page without JavaScript), a IIIF image
service answered by the test, the witnesses (the switch, the apparatus on demand, the synopsis)
and the registers tied to authority files.

Every test fails if a page logs an error (see conftest). Screenshots go to test-artifacts/views/;
those the README shows are copied to docs/screenshots/ by hand after looking at them.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import FIXTURES

from tests.browser.conftest import arrived, serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "views"
VIEWS = FIXTURES / "views"
IIIF = "https://iiif.example.org/iiif/image/leaf-1v"


@pytest.fixture(scope="session")
def views_served(tmp_path_factory: pytest.TempPathFactory, private_cache: Path) -> Iterator[str]:
    """The fixtures of tests/fixtures/views built as one collection (HTML), served on loopback."""
    from edition.build.pipeline import build

    out = tmp_path_factory.mktemp("views-browser") / "site"
    build([VIEWS], out, formats=("html",))
    with serving(out) as url:
        yield url


def shot(page: Page, name: str, full: bool = True) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path


def no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def viewer_ready(page: Page, section: str) -> None:
    page.wait_for_selector(f"#{section} figure[data-viewer='ready']")


def test_the_zone_of_the_line_under_the_pointer_is_lit_on_the_page(page: Page, views_served: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{views_served}/facsimile/facsimile.html")
    viewer_ready(page, "page-f1r")
    # One page at a time: the first, with the deep-zoom viewer in place of the plain image.
    assert page.locator("#page-f1r").is_visible() and not page.locator("#page-f1v").is_visible()
    assert page.locator("#page-f1r .facs-viewer canvas").count() >= 1
    assert page.locator("#page-f1r .facs-image").is_hidden()
    line = page.locator("#page-f1r .facs-text .facs-line[data-zone='f1r-l3']")
    assert line.inner_text().strip() == "came this morning, and I have"
    box = page.locator("#page-f1r .facs-viewer .zone-box[data-zone='f1r-l3']")
    assert "zone-active" not in (box.get_attribute("class") or "")
    line.hover()
    assert "zone-active" in (box.get_attribute("class") or "")
    assert "zone-active" in (page.locator("#page-f1r li[data-zone='f1r-l3']").get_attribute("class") or "")
    # The lit box lies where the line is written on the image: 250-310 of 800 down, 60-540 of 600 across.
    viewer = page.locator("#page-f1r .facs-viewer canvas").first.bounding_box()
    lit = box.bounding_box()
    assert viewer is not None and lit is not None
    image_height = viewer["width"] * 800 / 600
    top = viewer["y"] + (viewer["height"] - image_height) / 2  # (the image is centred in the viewer)
    assert abs((lit["y"] - top) / image_height - 250 / 800) < 0.02
    assert abs(lit["height"] / image_height - 60 / 800) < 0.02
    assert abs((lit["x"] - viewer["x"]) / viewer["width"] - 60 / 600) < 0.02
    shot(page, "facsimile-line-lit", full=False)
    page.mouse.move(5, 5)
    assert "zone-active" not in (box.get_attribute("class") or "")
    # The other way round: pointing at a zone lights its line.
    page.locator("#page-f1r .facs-viewer .zone-box[data-zone='f1r-l5']").hover()
    assert "zone-active" in (page.locator("#page-f1r .facs-line[data-zone='f1r-l5']").get_attribute("class") or "")


def test_the_facsimile_goes_page_by_page(page: Page, views_served: str) -> None:
    # A link to another page is followed on "hashchange", which the browser fires after the click
    # returns: what it shows is awaited (expect), not read at once.
    from playwright.sync_api import expect

    page.goto(f"{views_served}/facsimile/facsimile.html")
    viewer_ready(page, "page-f1r")
    page.get_by_role("button", name="Next page").click()
    arrived(page, "#page-f1v")
    viewer_ready(page, "page-f1v")
    assert page.locator("#page-f1v").is_visible() and not page.locator("#page-f1r").is_visible()
    assert "answer it when you come." in page.locator("#page-f1v .facs-text").inner_text()
    page.locator("#page-f1v .facs-line[data-zone='f1v-l1']").hover()
    assert "zone-active" in (page.locator("#page-f1v .zone-box[data-zone='f1v-l1']").last.get_attribute("class") or "")
    # A page without an image says so; the list of pages leads anywhere.
    page.locator(".facs-pager a[href='#page-page-3']").click()
    expect(page.locator("#page-page-3 .facs-missing")).to_be_visible()
    expect(page.locator("#page-f1v")).to_be_hidden()
    expect(page.get_by_role("button", name="Previous page")).to_be_enabled()
    page.goto(f"{views_served}/facsimile/facsimile.html#page-f1v")
    expect(page.locator("#page-f1v")).to_be_visible()
    no_axe_violations(page)


def test_the_facsimile_page_works_without_javascript(browser: Browser, views_served: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{views_served}/facsimile/facsimile.html")
        # Every page in turn, each image a link to the whole image, the zones listed.
        for section in ("page-f1r", "page-f1v", "page-page-3", "page-page-4"):
            assert page.locator(f"#{section}").is_visible()
        link = page.locator("#page-f1r a.facs-full").first
        assert link.get_attribute("href") == "facsimile/images/folio-1r.png"
        image = page.locator("#page-f1r img")
        page.wait_for_function("() => document.querySelector('#page-f1r img').complete")
        assert image.evaluate("i => i.naturalWidth") == 600
        assert page.locator("#page-f1r details.facs-zones li").count() == 7
        assert page.locator("#page-f1r details.facs-zones li").nth(2).inner_text() == "came this morning, and I have"
        response = page.request.get(f"{views_served}/facsimile/facsimile/images/folio-1r.png")
        assert response.ok and response.headers["content-type"] == "image/png"
        shot(page, "facsimile-without-javascript")
    finally:
        context.close()


def _jpeg(width: int, height: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (225, 212, 180)).save(buffer, "JPEG")
    return buffer.getvalue()


def answer_iiif(page: Page) -> list[str]:
    """Answer for the fixture's IIIF image service as a level-0 service would (info.json and
    images); returns the URLs asked for."""
    asked: list[str] = []
    info = {
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": IIIF,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": 1000,
        "height": 1400,
        "sizes": [{"width": 500, "height": 700}, {"width": 1000, "height": 1400}],
        "tiles": [{"width": 1000, "height": 1400, "scaleFactors": [1, 2]}],
    }
    cors = {"Access-Control-Allow-Origin": "*"}

    def answer(route: Route) -> None:
        url = route.request.url
        asked.append(url)
        if url.endswith("/info.json"):
            route.fulfill(status=200, content_type="application/json", body=json.dumps(info), headers=cors)
        else:
            route.fulfill(status=200, content_type="image/jpeg", body=_jpeg(500, 700), headers=cors)

    page.route("https://iiif.example.org/**", answer)
    return asked


def test_a_iiif_image_service_is_shown_by_the_deep_zoom_viewer(page: Page, views_served: str) -> None:
    """The page asks the service (answered here) for its info.json and images; nothing else is
    fetched from outside the site."""
    asked = answer_iiif(page)
    page.goto(f"{views_served}/sourcedoc/facsimile.html#page-nb-2")
    viewer_ready(page, "page-nb-2")
    assert f"{IIIF}/info.json" in asked
    assert any(url.startswith(f"{IIIF}/") and url.endswith("/default.jpg") for url in asked)
    assert all(url.startswith(IIIF) for url in asked)
    page.locator("#page-nb-2 .facs-text [data-zone='nb-2-main']").hover()
    assert "zone-active" in (page.locator("#page-nb-2 .facs-viewer .zone-box").get_attribute("class") or "")
    shot(page, "facsimile-iiif-service", full=False)


def test_a_sourcedoc_page_beside_its_lines(page: Page, views_served: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    answer_iiif(page)
    page.goto(f"{views_served}/sourcedoc/facsimile.html")
    viewer_ready(page, "page-nb-1")
    lines = page.locator("#page-nb-1 .facs-text .tei-line[data-zone]")
    assert lines.count() == 6
    lines.nth(4).hover()
    assert "zone-active" in (
        page.locator("#page-nb-1 .facs-viewer .zone-box[data-zone='zone-6']").get_attribute("class") or ""
    )
    shot(page, "facsimile-sourcedoc", full=False)


def test_a_phone_shows_the_image_above_the_text(page: Page, views_served: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{views_served}/facsimile/facsimile.html")
    viewer_ready(page, "page-f1r")
    figure = page.locator("#page-f1r figure").bounding_box()
    text = page.locator("#page-f1r .facs-text").bounding_box()
    assert figure is not None and text is not None and text["y"] >= figure["y"] + figure["height"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "facsimile-phone")


def test_the_reader_switches_to_a_witness_and_opens_the_apparatus_on_demand(page: Page, views_served: str) -> None:
    page.goto(f"{views_served}/witnesses/index.html")
    page.locator("nav.witness-switch a", has_text="P").first.click()
    arrived(page, "/witnesses/witness-P.html")
    line = page.locator("article #l1")
    assert line.inner_text().replace("\n", " ").strip() == "1 The water deepens° under the hill,"
    differs = page.locator("article #l1 .witness-differs .witness-reading")
    assert differs.inner_text() == "deepens"
    assert differs.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    # The apparatus for the passage, beside it, without leaving the page.
    marker = page.locator("article #l1 a.appref")
    marker.click()
    popover = page.locator("div.app-popover")
    assert popover.is_visible()
    assert "darkens]" in popover.inner_text() and "deepens" in popover.inner_text()
    assert page.url.endswith("/witness-P.html")  # (no jump to the list)
    marker_box, popover_box = marker.bounding_box(), popover.bounding_box()
    assert marker_box is not None and popover_box is not None
    assert 0 < popover_box["y"] - (marker_box["y"] + marker_box["height"]) < 20
    shot(page, "witness-apparatus-on-demand", full=False)
    page.keyboard.press("Escape")
    assert popover.is_hidden()
    no_axe_violations(page)
    # And back to the edition's text, with the same switch.
    page.locator("nav.witness-switch a", has_text="The edition's text").click()
    arrived(page, "/witnesses/index.html")
    assert "darkens" in page.locator("article #l1").inner_text()


def test_the_witness_pages_work_without_javascript(browser: Browser, views_served: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{views_served}/witnesses/witness-P.html")
        page.locator("article #l1 a.appref").click()
        entry = page.url.rsplit("#", 1)[1]
        assert page.locator(f"li#{entry}").is_visible()
        assert "deepens" in page.locator(f"li#{entry}").inner_text()
        page.locator("nav.witness-switch a", has_text="M | P").first.click()
        arrived(page, "/synopsis.html")
    finally:
        context.close()


def test_the_synopsis_sets_two_witnesses_side_by_side(page: Page, views_served: str) -> None:
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"{views_served}/witnesses/synopsis.html")
    rows = page.locator("table.synopsis tbody tr")
    assert rows.count() == 8
    left, right = rows.nth(1).locator("td").nth(0), rows.nth(1).locator("td").nth(1)
    left_box, right_box = left.bounding_box(), right.bounding_box()
    assert left_box is not None and right_box is not None
    assert abs(left_box["y"] - right_box["y"]) < 1 and right_box["x"] > left_box["x"] + left_box["width"] - 1
    assert "darkens" in left.inner_text() and "deepens" in right.inner_text()
    no_axe_violations(page)
    shot(page, "witness-synopsis")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_register_entries_link_to_the_world(page: Page, views_served: str) -> None:
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"{views_served}/register-authorities/people.html")
    escher = page.locator("section#escher")
    links = escher.locator("a.authority")
    assert [links.nth(i).inner_text() for i in range(links.count())] == [
        "Wikidata Q123041",
        "VIAF 27143434",
        "GND 118530941",
    ]
    assert links.nth(2).get_attribute("href") == "https://d-nb.info/gnd/118530941"
    data = json.loads(page.locator("script[type='application/ld+json']").text_content() or "{}")
    assert any("https://d-nb.info/gnd/118530941" in m.get("sameAs", []) for m in data["mentions"])
    shot(page, "register-authorities")
    page.goto(f"{views_served}/places.html")
    assert page.locator("section#zuerich .entry-geo a").inner_text() == "47.36667, 8.55"
    geojson = page.request.get(f"{views_served}/places.geojson").json()
    zuerich = next(f for f in geojson["features"] if f["id"] == "zuerich")
    assert zuerich["geometry"]["coordinates"] == [8.55, 47.36667]
    beacon = page.request.get(f"{views_served}/beacon-gnd.txt").text()
    assert beacon.startswith("#FORMAT: BEACON\n")
    no_axe_violations(page)
    shot(page, "register-places")

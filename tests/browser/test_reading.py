"""The chapter as a reader reads it: only the author's words are copied, the editors' additions
are bracketed and announced once, the page is set in the PDF's typeface, and every page has the
same navigation. In Debian's Chromium driven by Playwright; screenshots of every page at desktop
and phone width land in test-artifacts/ (reading-PAGE-WIDTH.png) for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
PAGES = ["index.html", "people.html", "organisations.html", "places.html", "events.html", "timeline.html",
         "works.html", "about.html", "search.html", "versions.html"]  # fmt: skip
NAV = ["index.html", "people.html", "organisations.html", "places.html", "events.html", "timeline.html",
       "works.html", "about.html"]  # fmt: skip

SELECT = """([first, last]) => {
  const range = document.createRange();
  range.setStartBefore(document.getElementById(first));
  range.setEndAfter(document.getElementById(last));
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return selection.toString();
}"""


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("first", "last", "present", "absent"),
    [
        # A block quotation of a speech: its attribution and source line is not copied.
        ("p8", "p12", ["murdering tyrant: Stalin acted not", "during his life.1 Thirty-three years"],
         ["Nikita Khrushchev;", "source: note", "Spoken by", "Cite", "[", "]"]),
        # Speech reported inside a quotation: no speaker label in the middle of the words.
        ("p21", "p22", ["Mark Twain said a lie can travel", "asked a congress delegate what would now",
                        "answered: “The monuments can stand.”"],
         ["Reported speech", "Spoken by", "[", "Cite", "21Cite"]),
    ],
    ids=["block-quotation", "reported-speech"],
)  # fmt: skip
def test_a_selection_copies_only_the_authors_words(
    page: Page, site_url: str, first: str, last: str, present: list[str], absent: list[str]
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page.goto(f"{site_url}/index.html")
    selected = words(page.evaluate(SELECT, [first, last]))
    for phrase in present:
        assert phrase in selected
    for phrase in absent:
        assert phrase not in selected, phrase
    # What the clipboard receives from the browser's own copy command is the same.
    page.evaluate("document.execCommand('copy')")
    copied = words(page.evaluate("navigator.clipboard.readText()"))
    assert copied == selected


def _ax_texts(page: Page, selector: str) -> list[str]:
    """Every string assistive technology gets from the subtree of ``selector``: each node's name
    and description, and the text of its static text nodes (Chromium's own accessibility tree)."""
    session = page.context.new_cdp_session(page)
    nodes: list[dict[str, Any]] = session.send("Accessibility.getFullAXTree")["nodes"]
    by_id = {node["nodeId"]: node for node in nodes}
    document = session.send("DOM.getDocument", {"depth": 0})
    found = session.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
    backend = session.send("DOM.describeNode", {"nodeId": found["nodeId"]})["node"]["backendNodeId"]
    (top,) = [n for n in nodes if n.get("backendDOMNodeId") == backend]
    texts: list[str] = []
    stack = [top]
    while stack:
        node = stack.pop()
        stack.extend(by_id[child] for child in reversed(node.get("childIds", [])) if child in by_id)
        role = node.get("role", {}).get("value")
        if node.get("ignored") or role == "InlineTextBox":
            continue
        for field in ("name", "description"):
            value = node.get(field, {}).get("value")
            if value and (field == "description" or role == "StaticText" or role not in {"generic", "paragraph"}):
                texts.append(str(value))
    return texts


def test_the_editors_additions_are_announced_once(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    quotation = " | ".join(_ax_texts(page, "[id='cit.khrushchev']"))
    assert quotation.count("Nikita Khrushchev") == 1, quotation
    # The line is read in pieces (its text, then the link in it), in order.
    assert re.search(r"\[Nikita Khrushchev \| ; +\| source: note 1 \|.*\]$", quotation), quotation
    assert "Spoken by" not in quotation, "the attribution names the speaker: no second label"
    speech = " | ".join(_ax_texts(page, "#p21"))
    assert speech.count("Reported speech of Mark Twain") == 1, speech
    assert "[Reported speech of Mark Twain]" in speech
    delegate = " | ".join(_ax_texts(page, "#p22"))
    assert delegate.count("Spoken by Delegate to the Twentieth Congress") == 1, delegate


def test_the_speaker_shows_in_the_annotated_view_only(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html#p21")
    label = page.locator("#p21 .speaker-label").first
    assert label.bounding_box()["width"] <= 1  # type: ignore[index]
    page.check("#annotated-view")
    assert label.bounding_box()["width"] > 50  # type: ignore[index]
    assert label.inner_text().strip() == "[Reported speech of Mark Twain]"
    assert label.evaluate("e => getComputedStyle(e).userSelect") == "none"


def test_what_the_author_printed_is_not_set_otherwise(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    mentioned = page.locator("#p10 .tei-mentioned").first
    assert mentioned.inner_text() == "enemy of the people."
    assert mentioned.evaluate("e => getComputedStyle(e).fontStyle") == "normal"
    # Names look like the words around them in the reading view, until hovered.
    name = page.locator("#p2 a.tei-persName").first
    assert name.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    assert name.evaluate("e => getComputedStyle(e).color") == page.locator("#p2").evaluate(
        "e => getComputedStyle(e).color"
    )
    name.hover()
    assert name.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    title = page.locator("#p8 cite a").first
    assert title.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
    # The editors' own prose on the about page keeps its italics for words mentioned.
    page.goto(f"{site_url}/about.html")
    assert page.locator(".page-about .tei-mentioned").first.evaluate("e => getComputedStyle(e).fontStyle") == "italic"


def test_metonym_and_generic_reference_say_what_they_are(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    assert page.locator("#p12 a.metonym").get_attribute("title") == "Organisation, named by metonymy: Kremlin"
    generic = page.locator("#p41 .tei-rs.generic")
    assert generic.inner_text() == "Khrushchevs"
    assert generic.evaluate("e => e.closest('a')") is None
    assert "not a particular person" in (generic.get_attribute("title") or "")


def test_cite_buttons_are_quiet_until_their_paragraph_is_hovered_or_focused(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}/index.html")
    buttons = page.locator(".cite-button")
    assert buttons.count() == 62
    opacity = "e => getComputedStyle(e).opacity"
    assert all(value == "0" for value in buttons.evaluate_all(f"all => all.map({opacity})"))
    page.hover("#p12")
    page.wait_for_timeout(300)
    assert page.locator("#p12 .cite-button").evaluate(opacity) == "1"
    assert page.locator("#p13 .cite-button").evaluate(opacity) == "0"
    # The keyboard reaches it, and it shows when focused.
    page.mouse.move(0, 0)
    page.locator("#p3 .pnum").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.cite") == "p3"
    page.wait_for_timeout(300)
    assert page.locator("#p3 .cite-button").evaluate(opacity) == "1"


def test_paragraph_numbers_in_quotations_stand_with_the_others(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}/index.html")
    rights = [page.locator(f"#p{n} .pnum").bounding_box() for n in (8, 9, 10, 11, 12, 20, 21, 22)]
    edges = [box["x"] + box["width"] for box in rights if box]
    assert len(edges) == 8 and max(edges) - min(edges) < 1.5, edges


def test_the_site_is_set_in_eb_garamond_shipped_with_it(page: Page, site_url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_url}/index.html")
    page.evaluate("document.fonts.ready")
    assert "EB Garamond" in page.locator("#p12").evaluate("e => getComputedStyle(e).fontFamily")
    loaded = page.evaluate(
        "Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.style)"
    )
    assert '"EB Garamond" normal' in loaded or "EB Garamond normal" in loaded, loaded
    assert any(url.endswith("/static/EBGaramond12-Regular.otf") for url in requests)
    assert all(url.startswith(site_url) or url.startswith("data:") for url in requests), "no CDN"
    licence = page.request.get(f"{site_url}/static/EBGaramond-OFL.txt")
    assert licence.ok and "SIL OPEN FONT LICENSE Version 1.1" in licence.text()


def test_every_page_has_the_same_navigation_and_a_footer_that_reads_as_sentences(page: Page, site_url: str) -> None:
    for name in PAGES:
        page.goto(f"{site_url}/{name}")
        assert page.locator("nav.site-nav a").evaluate_all("all => all.map(a => a.getAttribute('href'))") == NAV, name
        footer = words(page.locator("footer .version-note").inner_text())
        assert re.fullmatch(
            r"This is version 1\.0\.0 of the edition of Khrushchev’s Secret Speech to the Twentieth Congress, "
            r"by David North, built on 25 November 2026 \(identifier north-hwd-khrushchev-secret-speech\)\.( It can be "
            r"downloaded as PDF, TEI XML or plain text\.)?",
            footer,
        ), footer
        versions = words(page.locator("footer .versions-note").inner_text())
        assert re.fullmatch(
            r"This page in each version: latest \(1\.0\.0\)(, \d+\.\d+\.\d+)*\. All versions of the edition\.", versions
        ), versions


def test_timeline_rows_keep_their_events_beside_their_dates(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}/timeline.html")
    rows = page.locator("ol.timeline li")
    assert rows.count() == 14 + 21
    for index in range(rows.count()):
        row = rows.nth(index)
        date = row.locator("p.entry-dates").bounding_box()
        what = row.locator("> a, > span.date-places").bounding_box()
        assert date and what and abs(date["y"] - what["y"]) < 12, row.inner_text()
        assert what["x"] > date["x"] + 100


def test_the_about_page_shows_readers_no_element_names(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/about.html")
    shown = page.locator("main").inner_text()
    assert not re.search(r"<[A-Za-z]+>|@[a-z]+\b", shown), re.findall(r".{30}(?:<[A-Za-z]+>|@[a-z]+\b).{30}", shown)
    assert "version 1.0.0 (version 1.0.0)" not in shown and "(version 1.0.0)" not in shown
    assert "25 November 2026" in shown and "2026-11-25" not in shown
    # The encoders' paragraphs are there, closed, for whoever opens them.
    details = page.locator("details.encoding-notes").first
    details.locator("summary").click()
    assert "<quote>" in details.inner_text()


@pytest.mark.parametrize(("label", "width"), [("desktop", 1280), ("phone", 390)])
def test_screenshots_of_every_page(page: Page, site_url: str, label: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 1000})
    ARTIFACTS.mkdir(exist_ok=True)
    for name in [*PAGES, "index.html#p9", "index.html#p21", "about.html#encoding"]:
        page.goto(f"{site_url}/{name}")
        page.evaluate("document.fonts.ready")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        stem = re.sub(r"[^a-z0-9]+", "-", name.removesuffix(".html").replace(".html#", "-")).strip("-")
        page.screenshot(path=str(ARTIFACTS / f"reading-{stem}-{label}.png"))

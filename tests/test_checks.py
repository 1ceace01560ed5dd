"""Output checks: internal links of the built site must land on a file and an element."""

from __future__ import annotations

import html
from pathlib import Path

from lxml import etree

from edition.site.links import _ids_and_links, broken_links


def test_links_to_missing_files_and_elements_are_problems() -> None:
    files = {
        "index.html": b'<p id="p1"><a href="#p1">ok</a> <a href="people.html#x">ok</a> <a href="#gone">bad</a></p>\n'
        b'<a href="nowhere.html">bad</a> <a href="https://example.org/#y">external</a>',
        "people.html": b'<section id="x"><a href="index.html#p1">back</a> <a href="index.html#p9">bad</a></section>',
        "sub/page.html": b'<a href="../index.html#p1">up</a> <a href="../people.html#x">up</a>',
    }
    found = [(p.file, p.rule, p.message) for p in broken_links(files)]
    assert found == [
        ("index.html", "broken-link", "#gone points to no element of index.html"),
        ("index.html", "broken-link", "nowhere.html points to no file of the site"),
        ("people.html", "broken-link", "index.html#p9 points to no element of index.html"),
    ]


def test_the_built_sites_have_no_broken_links(chapter_site: Path, collection_site: Path) -> None:
    for site in (chapter_site, collection_site):
        files = {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        found = broken_links(files)
        # The apparatus fixture shows an image that no build ships: a warning, not a broken link.
        assert [(p.rule, p.severity) for p in found] == (
            [("missing-image", "warning")] if site == collection_site else []
        )


def _as_lxml_reads(page: bytes) -> tuple[set[str], list[tuple[str, str]]]:
    """What a parse into a tree (libxml2's HTML parser) finds: ids, and (href or src, kind)."""
    tree = etree.fromstring(page, etree.HTMLParser())
    ids = {str(value) for value in tree.xpath("//@id")}
    found = []
    for element in tree.iter(etree.Element):
        if element.get("href") is not None:
            href = element.get("href")
            found.append((href, "icon" if element.tag == "link" and href.startswith("data:") else "link"))
        if element.get("src") is not None:
            found.append((element.get("src"), "image" if element.tag == "img" else "link"))
    return ids, found


def test_the_link_reader_finds_what_a_parse_into_a_tree_finds(chapter_site: Path, collection_site: Path) -> None:
    pages = [p for site in (chapter_site, collection_site) for p in site.rglob("*.html")]
    assert len(pages) > 20
    for path in pages:
        page = path.read_bytes()
        ids, links = _ids_and_links(page)
        assert (ids, [(href, role) for href, _, role in links]) == _as_lxml_reads(page), path
        # Lines as the page numbers them: each link's line holds its href or src.
        lines = page.decode().split("\n")
        assert all(href.replace("&", "") in html.unescape(lines[line - 1]).replace("&", "") for href, line, _ in links)


def test_the_link_reader_reads_as_a_browser_tokenizes() -> None:
    page = (
        b"<!DOCTYPE html>\n<HTML><body>\n"
        b'<!-- <a href="commented.html"> -->\n'
        b"<script>var s = '<a href=\"script.html\">';</script>\n"
        b'<style>a::after { content: "<img src=style.png>" }</style>\n'
        b"<title>a <a href=title.html> in a title</title>\n"
        b"<A HREF='single.html' ID=upper title=\"x > href=wrong.html\">a</A>\n"
        b'<img\n  src="a&amp;b.png" alt="">\n'
        b'<a data-href="no.html" hidden href=bare.html#f>b</a><p idx="1" id>c</p>\n'
        b'<link rel="icon" href="data:,">\n'
        b'<script src="app.js"></script><p id="after">d</p>\n'
        b'<script>if (a <!--b) {}</script><a href="after-script.html">e</a>'
    )
    ids, links = _ids_and_links(page)
    assert ids == {"upper", "", "after"}
    assert links == [
        ("single.html", 7, "link"),
        ("a&b.png", 8, "image"),
        ("bare.html#f", 10, "link"),
        ("data:,", 11, "icon"),
        ("app.js", 12, "link"),
        ("after-script.html", 13, "link"),
    ]

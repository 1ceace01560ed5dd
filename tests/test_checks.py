"""Output checks: internal links of the built site must land on a file and an element."""

from __future__ import annotations

from pathlib import Path

from edition.site.links import broken_links


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

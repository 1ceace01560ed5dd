"""Checks of the output, as inputs are checked: every internal link of the site must land.

A link to another page must name a file the build writes, and a link to ``#id`` must name an
element of that page. A failure here is a problem like any other: nothing is written.

A document's pages are checked where they are built, against the document's own files; the links
that leave its folder (to the collection's pages, the shared stylesheet) come back as ``Link``
values and are checked once the whole site is known.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from lxml import html

from edition.errors import Problem


@dataclass(frozen=True)
class Link:
    """An internal link: the page it is on, its line there, the href, and the site path it names."""

    page: str
    line: int
    href: str
    target: str
    fragment: str


def _ids_and_links(page: bytes) -> tuple[set[str], list[tuple[str, int]]]:
    tree = html.fromstring(page)
    ids = {str(value) for value in tree.xpath("//@id")}
    links = [(str(a.get("href")), a.sourceline or 0) for a in tree.xpath("//a[@href] | //link[@href]")]
    return ids, links


def _internal_links(name: str, links: list[tuple[str, int]]) -> list[Link]:
    found = []
    for href, line in links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("data:"):
            continue
        target = (
            posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) if parts.path else name
        )
        if target.startswith("../"):
            continue  # a release links to the site it will be placed in; checked there
        found.append(Link(name, line, href, target, unquote(parts.fragment)))
    return found


def unresolved(
    links: list[Link], exists: Callable[[str], bool], ids_of: Callable[[str], Collection[str] | None]
) -> list[Problem]:
    """The links whose file does not exist, or whose fragment names no element of its page
    (``ids_of`` gives a page's ids, or None where the page's ids are not checked here)."""
    problems = []
    for link in links:
        if not exists(link.target):
            problems.append(
                Problem(link.page, link.line, 0, "broken-link", f"{link.href} points to no file of the site")
            )
            continue
        ids = ids_of(link.target) if link.fragment else None
        if ids is not None and link.fragment not in ids:
            problems.append(
                Problem(link.page, link.line, 0, "broken-link", f"{link.href} points to no element of {link.target}")
            )
    return problems


def page_links(files: Mapping[str, bytes]) -> tuple[dict[str, set[str]], list[Link]]:
    """The ids of each HTML page of ``files``, and every internal link of those pages."""
    pages = {name: _ids_and_links(data) for name, data in files.items() if name.endswith(".html")}
    ids = {name: found for name, (found, _) in pages.items()}
    links = [link for name, (_, found) in sorted(pages.items()) for link in _internal_links(name, found)]
    return ids, links


def check_links(files: Mapping[str, bytes], folder: str = "") -> tuple[list[Problem], list[Link]]:
    """Check the links of the pages in ``files`` that stay inside ``folder`` (or, at the site
    root, that name one of ``files``); return the broken ones as problems and the other links,
    unchecked."""
    ids, links = page_links(files)
    # A document at the site root shares its folder with the collection's files: what it does
    # not make itself is for the whole site's check.
    mine = [link.target in files or (bool(folder) and link.target.startswith(folder)) for link in links]
    inside = [link for link, own in zip(links, mine, strict=True) if own]
    outbound = [link for link, own in zip(links, mine, strict=True) if not own]
    return unresolved(inside, files.__contains__, ids.get), outbound


def broken_links(files: Mapping[str, bytes]) -> list[Problem]:
    """Every internal link in the HTML pages of ``files`` that points to nothing."""
    ids, links = page_links(files)
    return unresolved(links, files.__contains__, ids.get)

"""Checks of the output, as inputs are checked: every internal link of the site must land.

A link to another page must name a file the build writes, and a link to ``#id`` must name an
element of that page. Every ``href`` and every ``src`` is read as a browser reads it
(``edition.urls``): one that would take the reader to another host without saying so (``/\\host``,
``\\\\host``, ``javascript:``) is an error, whatever put it there; an image that is not in the site
is a warning. A failure here is a problem like any other: nothing is written.

A document's pages are checked where they are built, against the document's own files; the links
that leave its folder (to the collection's pages, the shared stylesheet) come back as ``Link``
values and are checked once the whole site is known.

This is the one place that reads pages back, and on purpose: it checks what is written, not what
the build meant to write. A theme's template or a project's own stylesheet adds links the build
has no data for (its navigation, its assets), and a check that trusted the build's data would
pass the very links it exists to catch. Nothing it reads is used to make the site.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from lxml import html

from edition.errors import Problem, warning
from edition.urls import browser_form, kind


@dataclass(frozen=True)
class Link:
    """An internal link: the page it is on, its line there, the href (or src), and the site path it
    names. ``kind`` is ``link`` (an href, or a script's src), ``image`` (an img's src: a missing
    image is a warning, the page still reads) or ``unsafe`` (a URL a browser would take off the
    site though it does not say so, like ``/\\host``: always an error)."""

    page: str
    line: int
    href: str
    target: str
    fragment: str
    kind: str = "link"


def _ids_and_links(page: bytes) -> tuple[set[str], list[tuple[str, int, str]]]:
    tree = html.fromstring(page)
    # Steps down from the root: libxml2 merges the results of // from many nodes quadratically.
    ids = {str(value) for value in tree.xpath("/descendant-or-self::*/@id")}
    links = []
    # Every href and every src: a browser fetches an image or a script as surely as it follows a link.
    for element in tree.xpath("/descendant-or-self::*[@href or @src]"):
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value is not None:
                image = attribute == "src" and element.tag == "img"
                favicon = element.tag == "link" and value.startswith("data:")
                links.append((str(value), element.sourceline or 0, "image" if image else "icon" if favicon else "link"))
    return ids, links


def _internal_links(name: str, links: list[tuple[str, int, str]]) -> list[Link]:
    found = []
    for href, line, role in links:
        reading = kind(href)
        if reading in ("web", "mailto", "empty") or role == "icon":
            continue  # the web, mail, a page's own favicon (``data:,``, inert)
        if reading == "other":
            found.append(Link(name, line, href, browser_form(href), "", "unsafe"))
            continue
        parts = urlsplit(browser_form(href))
        target = (
            posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) if parts.path else name
        )
        if target.startswith("../"):
            continue  # a release links to the site it will be placed in; checked there
        found.append(Link(name, line, href, target, unquote(parts.fragment), role))
    return found


def unresolved(
    links: list[Link], exists: Callable[[str], bool], ids_of: Callable[[str], Collection[str] | None]
) -> list[Problem]:
    """The links that would leave the site, those whose file does not exist (an error, or a
    warning for an image), or whose fragment names no element of its page (``ids_of`` gives a
    page's ids, or None where the page's ids are not checked here)."""
    problems = []
    for link in links:
        if link.kind == "unsafe":
            message = f"{link.href!r} leads off the site (a browser reads it as {link.target!r}); only http(s) may"
            problems.append(Problem(link.page, link.line, 0, "unsafe-url", message))
            continue
        if not exists(link.target):
            if link.kind == "image":
                message = f"the image {link.href} is no file of the site; it will not show (images are not copied)"
                problems.append(warning(link.page, link.line, 0, "missing-image", message))
            else:
                message = f"{link.href} points to no file of the site"
                problems.append(Problem(link.page, link.line, 0, "broken-link", message))
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
    mine = [
        link.kind == "unsafe" or link.target in files or (bool(folder) and link.target.startswith(folder))
        for link in links
    ]
    inside = [link for link, own in zip(links, mine, strict=True) if own]
    outbound = [link for link, own in zip(links, mine, strict=True) if not own]
    return unresolved(inside, files.__contains__, ids.get), outbound


def broken_links(files: Mapping[str, bytes]) -> list[Problem]:
    """Every internal link in the HTML pages of ``files`` that points to nothing."""
    ids, links = page_links(files)
    return unresolved(links, files.__contains__, ids.get)

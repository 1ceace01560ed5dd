"""Checks of the output, as inputs are checked: every internal link of the site must land.

A link to another page must name a file the build writes, and a link to ``#id`` must name an
element of that page. A failure here is a problem like any other: nothing is written.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

from lxml import html

from .errors import Problem


def _ids_and_links(page: bytes) -> tuple[set[str], list[tuple[str, int]]]:
    tree = html.fromstring(page)
    ids = {str(value) for value in tree.xpath("//@id")}
    links = [(str(a.get("href")), a.sourceline or 0) for a in tree.xpath("//a[@href] | //link[@href]")]
    return ids, links


def broken_links(files: Mapping[str, bytes]) -> list[Problem]:
    """Every internal link in the HTML pages of ``files`` that points to nothing."""
    pages = {name: _ids_and_links(data) for name, data in files.items() if name.endswith(".html")}
    problems = []
    for name, (_, links) in sorted(pages.items()):
        for href, line in links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("data:"):
                continue
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) if parts.path else name
            )
            if target.startswith("../"):
                continue  # a release links to the site it will be placed in; checked there
            if target not in files:
                problems.append(Problem(name, line, 0, "broken-link", f"{href} points to no file of the site"))
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target][0]:
                problems.append(Problem(name, line, 0, "broken-link", f"{href} points to no element of {target}"))
    return problems

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

import functools
import html
import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from edition.errors import Problem, warning
from edition.pickled import by_fields
from edition.urls import browser_form, kind


# Slots: a collection keeps every document's links that leave its folder until the site root is
# checked (35,000 for 5,000 letters).
@by_fields
@dataclass(frozen=True, slots=True)
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


# The HTML tokenizer's view of a page (WHATWG HTML, "13.2.5 Tokenization"), as far as links
# need it: comments, doctypes and the raw text of script, style, textarea and title are skipped;
# every start tag gives its name and its id, href and src. One regular expression does the
# reading: a parse into a tree took half as long again, for a tree nothing but this check reads.
# Each match first passes over, inside the regular expression engine, everything that cannot
# hold a link or an id (text, end tags, comments, doctypes, start tags with no id, href or src,
# other than raw text's), then is the next start tag that can, or the page's end; so Python
# sees one match an id or link, not one a tag. (A name given twice in one tag gives its last
# value here, its first in a browser: no page the build writes does so.)
_VALUE = r"""(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?"""
_OTHER_VALUE = r"""(?:\s*=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>"']++))?+"""
_WANTED_END = r"(?=[\s=/>]|\Z)"
_RAW_TEXT = frozenset(("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"))
_OTHER_NAME = r"""[^\s"'>/=][^\s"'>/=]*+"""
_PLAIN_ATTRIBUTE = rf"[\s/]*+(?!(?i:id|href|src){_WANTED_END}){_OTHER_NAME}{_OTHER_VALUE}"
_PLAIN_START_TAG = (
    rf"<(?!(?i:{'|'.join(sorted(_RAW_TEXT))}){_WANTED_END})[a-zA-Z][^\s/>]*+(?:{_PLAIN_ATTRIBUTE})*+[\s/]*+(?=>|\Z)"
)
_PASSED_OVER = (
    r"(?:[^<]++"  # text, and what ends a tag
    r"|<!--.*?(?:-->|\Z)"  # a comment (to its end, or the page's)
    r"|<[!?][^>]*+"  # a doctype or a bogus comment
    r"|<(?![a-zA-Z!?])"  # no tag (an end tag's "</", or a "<" in text)
    rf"|{_PLAIN_START_TAG}"
    r")*+"
)
_TOKEN = re.compile(
    _PASSED_OVER + r"(?:<([a-zA-Z][^\s/>]*)"  # a start tag's name
    r"(?:[\s/]*(?:"
    rf"((?i:id)){_WANTED_END}{_VALUE}"
    rf"|((?i:href)){_WANTED_END}{_VALUE}"
    rf"|((?i:src)){_WANTED_END}{_VALUE}"
    rf"|{_OTHER_NAME}{_OTHER_VALUE}"
    r"))*"
    r"|\Z)",
    re.DOTALL,
)


def _value(double: str | None, single: str | None, bare: str | None) -> str:
    value = double if double is not None else single if single is not None else bare or ""
    return html.unescape(value) if "&" in value else value


def _ids_and_links(page: bytes) -> tuple[set[str], list[tuple[str, int, str]]]:
    text = page.decode("utf-8", errors="replace")
    ids: set[str] = set()
    links: list[tuple[str, int, str]] = []
    line, counted = 1, 0
    at, length = 0, len(text)
    while at < length:
        # (Always a match, where the last one ended: a start tag, or the page's end.)
        match = _TOKEN.match(text, at)
        assert match is not None
        at = match.end()
        name, id_, id_d, id_s, id_u, href, href_d, href_s, href_u, src, src_d, src_s, src_u = match.groups()
        if name is None:
            break
        tag = name.lower()
        if id_ is not None:
            ids.add(_value(id_d, id_s, id_u))
        if href is not None or src is not None:
            start = match.start(1) - 1
            line += text.count("\n", counted, start)
            counted = start
            # Every href and every src: a browser fetches an image or a script as surely as it
            # follows a link.
            if href is not None:
                value = _value(href_d, href_s, href_u)
                favicon = tag == "link" and value.startswith("data:")
                links.append((value, line, "icon" if favicon else "link"))
            if src is not None:
                links.append((_value(src_d, src_s, src_u), line, "image" if tag == "img" else "link"))
        if tag in _RAW_TEXT:
            # Read on after the raw text, not inside it: a "<!--" in a script opens no comment.
            end = _raw_text_end(tag).search(text, at)
            at = end.start() if end else len(text)
    return ids, links


@functools.cache
def _raw_text_end(name: str) -> re.Pattern[str]:
    return re.compile(f"</{name}[\\s/>]", re.IGNORECASE)


# What an href says, read once however many pages carry it: (kind, path or "" for the page
# itself, fragment), or None for what is not the site's (the web, mail, empty).
_Reading = tuple[str, str, str] | None


def _reading(href: str) -> _Reading:
    reading = kind(href)
    if reading in ("web", "mailto", "empty"):
        return None
    form = browser_form(href)
    if reading == "other":
        return "unsafe", form, ""
    parts = urlsplit(form)
    return "link", unquote(parts.path), unquote(parts.fragment)


# A link as read from a page: its line, href, the site path it names and its fragment, and its
# kind (``Link.kind``); a ``Link`` is made only of those that are reported or passed on.
_Found = tuple[int, str, str, str, str]


def _internal_links(name: str, links: list[tuple[str, int, str]], readings: dict[str, _Reading]) -> list[_Found]:
    """The internal links of page ``name``; ``readings`` keeps what each href says across pages
    (a document's pages share most of their links: the apparatus, the navigation)."""
    folder = posixpath.dirname(name)
    targets: dict[str, str] = {}
    found = []
    for href, line, role in links:
        if role == "icon":
            continue  # a page's own favicon (``data:,``, inert)
        if href in readings:
            reading = readings[href]
        else:
            reading = readings[href] = _reading(href)
        if reading is None:
            continue
        what, path, fragment = reading
        if what == "unsafe":
            found.append((line, href, path, "", "unsafe"))
            continue
        if not path:
            target = name
        elif path in targets:
            target = targets[path]
        else:
            target = targets[path] = posixpath.normpath(posixpath.join(folder, path))
        if target.startswith("../"):
            continue  # a release links to the site it will be placed in; checked there
        found.append((line, href, target, fragment, role))
    return found


def _links(pages: Mapping[str, tuple[set[str], list[tuple[str, int, str]]]]) -> Iterator[tuple[str, _Found]]:
    readings: dict[str, _Reading] = {}
    for name in sorted(pages):
        for found in _internal_links(name, pages[name][1], readings):
            yield name, found


def _pages(files: Mapping[str, bytes]) -> dict[str, tuple[set[str], list[tuple[str, int, str]]]]:
    return {name: _ids_and_links(data) for name, data in files.items() if name.endswith(".html")}


def unresolved(
    links: Iterable[Link], exists: Callable[[str], bool], ids_of: Callable[[str], Collection[str] | None]
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
    pages = _pages(files)
    ids = {name: found for name, (found, _) in pages.items()}
    return ids, [Link(name, *found) for name, found in _links(pages)]


def check_links(files: Mapping[str, bytes], folder: str = "") -> tuple[list[Problem], list[Link]]:
    """Check the links of the pages in ``files`` that stay inside ``folder`` (or, at the site
    root, that name one of ``files``); return the broken ones as problems and the other links,
    unchecked."""
    pages = _pages(files)
    ids = {name: found for name, (found, _) in pages.items()}
    failing, outbound = [], []
    for name, (line, href, target, fragment, role) in _links(pages):
        # A document at the site root shares its folder with the collection's files: what it
        # does not make itself is for the whole site's check.
        if role == "unsafe" or target in files or (folder and target.startswith(folder)):
            landed = role != "unsafe" and target in files
            if landed and (not fragment or target not in ids or fragment in ids[target]):
                continue  # the common case, decided without making a Link
            failing.append(Link(name, line, href, target, fragment, role))
        else:
            outbound.append(Link(name, line, href, target, fragment, role))
    return unresolved(failing, files.__contains__, ids.get), outbound


def broken_links(files: Mapping[str, bytes]) -> list[Problem]:
    """Every internal link in the HTML pages of ``files`` that points to nothing."""
    ids, links = page_links(files)
    return unresolved(links, files.__contains__, ids.get)

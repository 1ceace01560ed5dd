"""Search: a static index of the edition's text, built at build time and loaded as a script.

The index is a JavaScript file rather than JSON fetched at run time, so that search works when
the site is opened from the file system as well as from a server. Records are the citable
blocks (paragraphs, headings, notes) with the edition's own additions removed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import html

from edition.cite.tags import script_safe_json
from edition.i18n import ngettext
from edition.tei.header import normalize_space

# Citable blocks (those with an id), outermost only: a note inside a paragraph is its own record.
BLOCKS = (
    ".//*[@id][self::p or self::div or self::li or self::h1 or self::h2 or self::h3 or self::h4]"
    "[not(ancestor::*[@id][self::p or self::li])]"
)


@dataclass(frozen=True)
class Record:
    """One searchable block: where it is, how it is labelled, and its words."""

    url: str
    document: str
    label: str
    text: str


def _unadded_text(element: html.HtmlElement) -> str:
    """The text of ``element`` without its descendants marked ``data-added`` (their tails stay)."""
    parts = [element.text or ""] if isinstance(element.tag, str) else []
    for child in element:
        if isinstance(child.tag, str) and child.get("data-added") is None:
            parts.append(_unadded_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _words(element: html.HtmlElement) -> str:
    return normalize_space(_unadded_text(element))


def records(page: str, document: str, fragment: str) -> list[Record]:
    """The searchable blocks of one HTML fragment placed on ``page``."""
    if not fragment.strip():
        return []
    found = []
    root = html.fragment_fromstring(fragment, create_parent="div")
    for element in root.xpath(BLOCKS):
        text = _words(element)
        if not text:
            continue
        number = element.get("data-n")
        kind = ngettext("note", "notes", 1) if element.tag == "li" else "¶" if number else ""
        label = f"{kind}\u00a0{number}".strip() if number else element.get("id", "")
        found.append(Record(f"{page}#{element.get('id')}", document, label, text))
    return found


INDEX_START = "window.EDITION_SEARCH_INDEX = ["
INDEX_END = "];\n"


def index_chunk(some_records: Iterable[Record], first: bool) -> str:
    """Records as a piece of the index script, so that it can be written a document at a time:
    ``INDEX_START``, the chunks in order (the first with ``first``), then ``INDEX_END``."""
    items = [
        json.dumps({"u": r.url, "d": r.document, "l": r.label, "t": r.text}, ensure_ascii=False, separators=(",", ":"))
        for r in some_records
    ]
    text = script_safe_json(",".join(items))
    return text if first or not text else "," + text


def index_script(all_records: Iterable[Record]) -> str:
    """The index as a script that defines ``window.EDITION_SEARCH_INDEX``; deterministic output."""
    return INDEX_START + index_chunk(all_records, True) + INDEX_END

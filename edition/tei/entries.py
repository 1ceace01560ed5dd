"""Register entries of one document, read from the transform's result tree.

The stylesheets (``xslt/registers.xsl``, ``xslt/authorities.xsl``) mark what the collection's
registers need as data on the entries they write: ``section[@data-label]`` is an entry (its
plain label and ``data-dates``), its mention links carry ``data-mention`` ("text" or "note")
and ``data-count``, authority links ``data-authority`` and ``data-authority-id``, coordinates
``data-lat`` and ``data-lon``. This module reads those attributes from the result tree before
it is serialised, never the words or the shape of the HTML, so that a theme may restyle the
entries freely and the registers of a collection still come out the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from edition.tei.header import normalize_space
from edition.urls import browser_form, kind

_ENTRIES = etree.XPath("descendant::section[@data-label]")
_MENTIONS = etree.XPath("p/a[@data-mention]")
_AUTHORITIES = etree.XPath("descendant::a[@data-authority]")
_COORDINATES = etree.XPath("descendant::a[@data-lat][@data-lon]")


@dataclass(frozen=True)
class Mention:
    """One place in a document that mentions an entry: a link relative to the document's folder
    (``index.html#p12``), its label as the register shows it (``¶ 12``, a note's number or a
    snippet of the text), whether it is a note, and how many times the place names the entry."""

    href: str
    label: str
    note: bool = False
    count: int = 1


@dataclass(frozen=True)
class RegisterEntry:
    """One entry of one document's register."""

    kind: str
    key: str
    label: str
    dates: str
    mentions: tuple[Mention, ...]
    # The authority files the entry names, as (scheme, identifier): ("gnd", "118530941"); and its
    # coordinates (latitude, longitude), as the stylesheets found them (``xslt/authorities.xsl``).
    authorities: tuple[tuple[str, str], ...] = ()
    geo: tuple[float, float] | None = None


def _href(raw: str) -> str:
    """A mention's link as given, without an empty fragment; '' for anything not a relative link."""
    href = raw.strip().removesuffix("#")
    found = kind(href)
    return href if found == "fragment" or (found == "local" and not browser_form(href).startswith("/")) else ""


def _own(section: etree._Element, found: list[etree._Element]) -> list[etree._Element]:
    """The elements of ``found`` that belong to ``section``, not to an entry nested in it."""
    return [e for e in found if next(e.iterancestors("section"), None) is section]


def _count(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and int(raw) > 0 else 1


def _mentions(section: etree._Element) -> tuple[Mention, ...]:
    found = []
    for link in _MENTIONS(section):
        href = _href(link.get("href", ""))
        if href:
            label = normalize_space("".join(link.itertext()))
            found.append(Mention(href, label, link.get("data-mention") == "note", _count(link.get("data-count"))))
    return tuple(found)


def _authorities(section: etree._Element) -> tuple[tuple[str, str], ...]:
    """The (scheme, identifier) of each authority link of an entry, once each, in order."""
    links = _own(section, _AUTHORITIES(section))
    found = ((a.get("data-authority", ""), a.get("data-authority-id", "")) for a in links)
    return tuple(dict.fromkeys(pair for pair in found if all(pair)))


def _geo(section: etree._Element) -> tuple[float, float] | None:
    """An entry's first coordinates that read as a latitude and a longitude."""
    for link in _own(section, _COORDINATES(section)):
        try:
            lat, lon = float(link.get("data-lat", "")), float(link.get("data-lon", ""))
        except ValueError:
            continue
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return lat, lon
    return None


def entries_of(kind: str, fragment: etree._Element) -> tuple[RegisterEntry, ...]:
    """Every register entry with an identifier in a register fragment of the result tree,
    nested entries included, in document order."""
    return tuple(
        RegisterEntry(
            kind=kind,
            key=key,
            label=section.get("data-label") or key,
            dates=section.get("data-dates", ""),
            mentions=_mentions(section),
            authorities=_authorities(section),
            geo=_geo(section),
        )
        for section in _ENTRIES(fragment)
        if (key := section.get("id"))
    )

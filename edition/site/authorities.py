"""Registers tied to the world: authority identifiers and coordinates, as data for other sites.

The stylesheets recognise what a register entry states (``xslt/authorities.xsl``: GND, VIAF,
Wikidata, GeoNames and ORCID identifiers in ``idno``, ``@sameAs`` and ``@ref``; coordinates in
``location/geo``), and ``edition.site.registers`` keeps them with each entry. From those this
module writes, without looking anything up:

- the schema.org JSON-LD of a register page: every entry as a ``Person``, ``Organization``,
  ``Place``, ``Event`` or ``CreativeWork`` with its name, its ``sameAs`` (the authorities'
  identifier URIs) and, for a place, its ``geo``: the ``mentions`` of the document's page, the
  ``@graph`` of a collection's register page;
- one BEACON file per authority (``beacon-gnd.txt`` …; the BEACON link dump format, draft-voss-
  beacon-003): ``#FORMAT: BEACON``, the authority's ``#PREFIX``, a ``#TARGET`` when the site's
  URL is known, then one link a line, ``ID|label|target``, from each identifier to the entry's
  place in the edition;
- ``places.geojson``: a GeoJSON FeatureCollection (RFC 7946) of the places with coordinates, each
  a Point in longitude, latitude order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from edition.config import REGISTER_PAGES
from edition.site.pages import SECTION_PAGES, DataLink

# What each recognised authority is called and the URI of one of its identifiers (prefix, the
# identifier, suffix): the identifier URIs the authorities themselves publish as canonical.
AUTHORITIES: Mapping[str, tuple[str, str, str]] = {
    "gnd": ("GND", "https://d-nb.info/gnd/", ""),
    "viaf": ("VIAF", "http://viaf.org/viaf/", ""),
    "wikidata": ("Wikidata", "http://www.wikidata.org/entity/", ""),
    "geonames": ("GeoNames", "https://sws.geonames.org/", "/"),
    "orcid": ("ORCID", "https://orcid.org/", ""),
}
# The page of an identifier at its authority, for readers (as the stylesheets link it).
AUTHORITY_PAGES: Mapping[str, str] = {
    "gnd": "https://d-nb.info/gnd/",
    "viaf": "https://viaf.org/viaf/",
    "wikidata": "https://www.wikidata.org/wiki/",
    "geonames": "https://www.geonames.org/",
    "orcid": "https://orcid.org/",
}
# The schema.org type of an entry of each register.
SCHEMA_TYPES = {
    "people": "Person",
    "organisations": "Organization",
    "places": "Place",
    "events": "Event",
    "works": "CreativeWork",
}
# The page each register is on, as the site names them.
REGISTER_FILES = {name: file for name, file, *_ in SECTION_PAGES if name in REGISTER_PAGES}
GEOJSON_FILE = "places.geojson"


class Entity(Protocol):
    """A register entry as this module needs it (``RegisterEntry`` and ``MergedEntry`` are)."""

    @property
    def kind(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def authorities(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def geo(self) -> tuple[float, float] | None: ...


def authority_uri(scheme: str, identifier: str) -> str:
    """The URI an authority gives one of its identifiers; '' for an unknown authority."""
    if scheme not in AUTHORITIES:
        return ""
    _, prefix, suffix = AUTHORITIES[scheme]
    return f"{prefix}{identifier}{suffix}"


def authority_links(entry: Entity) -> list[dict[str, str]]:
    """An entry's identifiers as a template lays them out: authority, name, identifier, link."""
    return [
        {
            "scheme": scheme,
            "name": AUTHORITIES[scheme][0],
            "id": identifier,
            "href": AUTHORITY_PAGES[scheme] + identifier,
        }
        for scheme, identifier in entry.authorities
        if scheme in AUTHORITIES
    ]


def same_as(entry: Entity) -> list[str]:
    """The identifier URIs of an entry, in the order the entry states them."""
    return [uri for scheme, identifier in entry.authorities if (uri := authority_uri(scheme, identifier))]


def _absolute(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}/{path}" if base_url else path


def entity_nodes(entries: Iterable[Entity], page: str, base_url: str = "") -> list[dict[str, object]]:
    """The schema.org nodes of a register page's entries (``page``: the page's path in the site,
    for the ``@id`` of each entry): type, name, ``sameAs`` and a place's ``geo``."""
    nodes = []
    for entry in entries:
        node: dict[str, object] = {
            "@id": f"{_absolute(base_url, page)}#{entry.key}",
            "@type": SCHEMA_TYPES.get(entry.kind, "Thing"),
            "name": entry.label,
        }
        uris = same_as(entry)
        if uris:
            node["sameAs"] = uris
        if entry.geo is not None:
            node["geo"] = {"@type": "GeoCoordinates", "latitude": entry.geo[0], "longitude": entry.geo[1]}
        nodes.append(node)
    return nodes


def _field(text: str) -> str:
    """A value on one line of a BEACON file: no line breaks, no vertical bars."""
    return " ".join(text.replace("|", " ").split())


def beacon_files(
    entries: Sequence[Entity], *, base_url: str = "", name: str = "", timestamp: str = "", folder: str = ""
) -> dict[str, bytes]:
    """One BEACON file per authority the entries name (``folder`` + ``beacon-gnd.txt`` …), each
    linking every identifier to the entry's place in the register pages. Targets are relative to
    the file unless the site's URL is known (``base_url``): then ``#TARGET`` makes them absolute."""
    links: dict[str, dict[str, tuple[str, str]]] = {}
    for entry in entries:
        page = REGISTER_FILES.get(entry.kind)
        if page is None:
            continue
        for scheme, identifier in entry.authorities:
            if scheme in AUTHORITIES:
                links.setdefault(scheme, {}).setdefault(identifier, (_field(entry.label), f"{page}#{entry.key}"))
    files = {}
    for scheme in (s for s in AUTHORITIES if s in links):
        label, prefix, suffix = AUTHORITIES[scheme]
        lines = ["#FORMAT: BEACON", f"#PREFIX: {prefix}{{ID}}{suffix}"]
        if base_url:
            lines.append(f"#TARGET: {base_url.rstrip('/')}/{folder}{{+ID}}")
        lines.append("#RELATION: http://www.w3.org/2000/01/rdf-schema#seeAlso")
        if name:
            lines.append(f"#NAME: {_field(name)}")
        lines.append(f"#DESCRIPTION: {label} identifiers of the entries of this edition's registers")
        if timestamp:
            lines.append(f"#TIMESTAMP: {timestamp}")
        lines.append("")
        lines.extend(f"{identifier}|{words}|{target}" for identifier, (words, target) in sorted(links[scheme].items()))
        files[f"{folder}beacon-{scheme}.txt"] = ("\n".join(lines) + "\n").encode("utf-8")
    return files


def places_geojson(entries: Iterable[Entity], *, base_url: str = "", folder: str = "") -> bytes | None:
    """The places with coordinates as a GeoJSON FeatureCollection (longitude first, as RFC 7946
    orders a position), each with its name, the link to its entry and its identifier URIs; None
    when no place has coordinates."""
    features = []
    for entry in entries:
        if entry.geo is None:
            continue
        lat, lon = entry.geo
        page = REGISTER_FILES.get(entry.kind, "places.html")
        properties: dict[str, object] = {
            "name": entry.label,
            "id": entry.key,
            "url": _absolute(base_url, f"{folder}{page}#{entry.key}") if base_url else f"{page}#{entry.key}",
        }
        uris = same_as(entry)
        if uris:
            properties["sameAs"] = uris
        features.append(
            {
                "type": "Feature",
                "id": entry.key,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
            }
        )
    if not features:
        return None
    data = {"type": "FeatureCollection", "features": features}
    # On one line: json indents in Python, and a register of 2,000 places took 0.1 s so.
    return (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def register_data_files(
    entries: Sequence[Entity], *, base_url: str = "", name: str = "", timestamp: str = "", folder: str = ""
) -> tuple[dict[str, bytes], list[DataLink]]:
    """The BEACON files and the GeoJSON of some register entries (in ``folder``), and the list of
    them for the pages that offer them (paths relative to ``folder``)."""
    files = beacon_files(entries, base_url=base_url, name=name, timestamp=timestamp, folder=folder)
    geojson = places_geojson(entries, base_url=base_url, folder=folder)
    if geojson is not None:
        files[f"{folder}{GEOJSON_FILE}"] = geojson
    listed = []
    for path in files:
        local = path.removeprefix(folder)
        if local == GEOJSON_FILE:
            listed.append(DataLink(local, "GeoJSON"))
        else:
            scheme = local.removeprefix("beacon-").removesuffix(".txt")
            listed.append(DataLink(local, f"BEACON ({AUTHORITIES[scheme][0]})"))
    return files, listed

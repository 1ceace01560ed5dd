"""The PDF edition, read back with real PDF tools: pikepdf for structure, poppler for text and pictures."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from conftest import ARTIFACTS, CHAPTER, FIXTURES, GENERAL, write
from lxml import etree

from edition.build.pipeline import build
from edition.errors import EditionError
from edition.tei.load import Document, parse

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
STEM = "north-heritage-khrushchev"


@pytest.fixture(scope="module")
def pdf_path(chapter_site: Path) -> Path:
    return chapter_site / f"{STEM}.pdf"


@cache
def page_texts(path: Path) -> tuple[str, ...]:
    count = len(pikepdf.open(path).pages)
    return tuple(
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        for n in range(1, count + 1)
    )


def squeeze(text: str) -> str:
    """Text as compared: no whitespace, no digits (margin numbers, note calls), no hyphens.

    Hyphens go because pdftotext joins a line ending in "-" to the next one and drops the hyphen,
    whether the renderer hyphenated the word or the text's own hyphen ("police-state") fell there.
    """
    return re.sub(r"[\s\d\u2010\u00ad-]", "", text)


def exact(text: str) -> str:
    """Text as compared where digits matter (notes that differ only in page numbers): no whitespace."""
    return re.sub(r"[\s\u2010\u00ad-]", "", text)


def chapter() -> etree._ElementTree:
    doc = parse(CHAPTER)
    assert isinstance(doc, Document)
    return doc.tree


def test_page_count_is_sane_and_pages_are_book_sized(pdf_path: Path) -> None:
    pdf = pikepdf.open(pdf_path)
    assert 12 <= len(pdf.pages) <= 30
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (156, 234)


def test_pdfa3_identification_and_xmp_metadata(pdf_path: Path) -> None:
    pdf = pikepdf.open(pdf_path)
    xmp = pdf.open_metadata()
    assert xmp["pdfaid:part"] == "3" and xmp["pdfaid:conformance"] == "B"
    assert xmp["dc:title"] == "Khrushchev’s Secret Speech to the Twentieth Congress"
    assert xmp["dc:creator"] == ["David North"]
    assert xmp["dc:identifier"] == "north-hwd-khrushchev-secret-speech"
    assert xmp["xmpMM:VersionID"] == "1.0.0"
    assert str(pdf.docinfo["/Title"]) == "Khrushchev’s Secret Speech to the Twentieth Congress"
    assert str(pdf.Root.Lang) == "en"


def test_the_tei_source_is_embedded_as_the_source(pdf_path: Path) -> None:
    pdf = pikepdf.open(pdf_path)
    files = pdf.attachments
    assert list(files) == [f"{STEM}.xml"]
    spec = files[f"{STEM}.xml"]
    assert spec.get_file().read_bytes() == CHAPTER.read_bytes()
    assert str(spec.obj.AFRelationship) == "/Source"
    assert any(entry.objgen == spec.obj.objgen for entry in pdf.Root.AF)


def test_archival_structure_fonts_embedded_no_encryption_no_transparency_tagged(pdf_path: Path) -> None:
    pdf = pikepdf.open(pdf_path)
    assert not pdf.is_encrypted
    assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root
    assert "/OutputIntents" in pdf.Root
    fonts = {}
    for page in pdf.pages:
        assert page.obj.get("/Group") is None or page.obj.Group.get("/S") != "/Transparency"
        for font in page.resources.get("/Font", {}).values():
            fonts[str(font.get("/BaseFont"))] = font
        for state in page.resources.get("/ExtGState", {}).values():
            assert state.get("/SMask", pikepdf.Name.None_) == pikepdf.Name.None_
            assert float(state.get("/CA", 1)) == 1 and float(state.get("/ca", 1)) == 1
    assert any("EB-Garamond" in name for name in fonts)
    for font in fonts.values():
        descendants = font.get("/DescendantFonts", [font])
        descriptor = descendants[0].FontDescriptor
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_every_paragraph_and_note_of_the_tei_is_in_the_pdf_in_order(pdf_path: Path) -> None:
    tree = chapter()
    notes = [squeeze(n.xpath("string(.)")) for n in tree.xpath("//t:text//t:note[@place='end']", namespaces=TEI)]
    heads = ["TheHeritageWeDefend", squeeze("Khrushchev’s Secret Speech to the Twentieth Congress")]
    body = ""
    found_notes = []
    for text in page_texts(pdf_path)[2:]:
        page = squeeze(text)
        for head in heads:  # running heads
            page = page.replace(head, "", 1) if page.startswith(head) or head in page[:80] else page
        for note in notes:  # footnote bodies ("N. text"), taken out of the flow of the text
            if note in page:
                found_notes.append(note)
                page = page.replace("." + note, "", 1) if "." + note in page else page.replace(note, "", 1)
        body += page
    position = 0
    for paragraph in tree.xpath("//t:body//t:p[@n]", namespaces=TEI):
        copy = etree.fromstring(etree.tostring(paragraph))
        for note in copy.xpath(".//t:note[@place='end']", namespaces=TEI):
            note.getparent().remove(note) if note.tail is None else None
        words = squeeze("".join(copy.xpath(".//text()[not(ancestor::t:note[@place='end'])]", namespaces=TEI)))
        found = body.find(words, position)
        assert found >= 0, f"paragraph {paragraph.get('n')} is not in the PDF after the previous one"
        position = found + len(words)
    assert found_notes[:10] == notes


def test_every_footnote_sits_on_the_page_of_its_marker(pdf_path: Path) -> None:
    pages = [squeeze(text) for text in page_texts(pdf_path)]
    exact_pages = [exact(text) for text in page_texts(pdf_path)]
    for note in chapter().xpath("//t:text//t:note[@place='end']", namespaces=TEI):
        paragraph = note.getparent()
        before = "".join(paragraph.xpath(".//text()[not(ancestor::t:note)]", namespaces=TEI))
        full = etree.tostring(paragraph, method="text", encoding="unicode")
        lead = squeeze(full[: full.find(note.xpath("string(.)"))])[-20:]
        body = exact(note.xpath("string(.)"))
        marker_pages = [n for n, page in enumerate(pages, 1) if lead in page]
        note_pages = [n for n, page in enumerate(exact_pages, 1) if body in page and "Workscited" not in page[:40]]
        assert before and marker_pages and note_pages[0] == marker_pages[0], f"note {note.get('n')}"


def test_index_page_numbers_point_at_pages_that_name_the_entry(pdf_path: Path) -> None:
    pdf = pikepdf.open(pdf_path)
    tree = chapter()
    pages = [squeeze(text) for text in page_texts(pdf_path)]
    destinations = {str(k): v for k, v in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
    page_numbers = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
    index_pages = [n for n, text in enumerate(page_texts(pdf_path), 1) if "Page numbers are those of the pages" in text]
    assert index_pages
    checked = 0
    for page_number in range(index_pages[0], len(pdf.pages) + 1):
        page = pdf.pages[page_number - 1]
        for annotation in page.obj.get("/Annots", []):
            target = annotation.get("/Dest") or annotation.get("/A", {}).get("/D")
            name = str(target)
            if not name.startswith("occ-"):
                continue
            destination = destinations[name]
            dest_page = page_numbers[destination[0].objgen]
            entry = name.removeprefix("occ-").rsplit("-", 1)[0]
            mentions = {
                squeeze(m.xpath("string(.)")) for m in tree.xpath(f"//t:text//*[@ref='#{entry}']", namespaces=TEI)
            }
            assert any(m in pages[dest_page - 1] for m in mentions), (entry, dest_page)
            xs, ys = sorted(float(v) for v in annotation.Rect[::2]), sorted(float(v) for v in annotation.Rect[1::2])
            x0, x1, y0, y1 = xs[0], xs[1], ys[0], ys[1]
            shown = subprocess.run(
                ["pdftotext", "-f", str(page_number), "-l", str(page_number), "-x", str(int(x0)), "-y",
                 str(int(float(page.mediabox[3]) - y1)), "-W", str(int(x1 - x0) + 1), "-H", str(int(y1 - y0) + 1),
                 str(pdf_path), "-"],
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            assert re.sub(r"\D", "", shown) == str(dest_page), (entry, shown, dest_page)
            checked += 1
    assert checked > 100


def test_bookmarks_outline_the_parts(pdf_path: Path) -> None:
    with pikepdf.open(pdf_path) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles[:2] == ["Title page", "Contents"]
    assert "Khrushchev’s Secret Speech to the Twentieth Congress" in titles
    assert titles[-2:] == ["Works cited and mentioned", "Index"]


def test_pages_rendered_to_png_for_a_human_to_look_at(pdf_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    texts = page_texts(pdf_path)
    quote_page = next(n for n, t in enumerate(texts, 1) if "annihilated as enemies of the party" in t)
    index_page = next(n for n, t in enumerate(texts, 1) if "Page numbers are those of the pages" in t)
    for label, number in (("title", 1), ("quotation-and-notes", quote_page), ("index", index_page)):
        prefix = ARTIFACTS / f"pdf-{label}"
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                        str(pdf_path), str(prefix)], check=True)  # fmt: skip
        assert prefix.with_suffix(".png").stat().st_size > 5_000


def test_general_documents_render_too(tmp_path: Path) -> None:
    result = build([GENERAL / "verse.xml", GENERAL / "multilingual.xml"], tmp_path / "out", formats=("pdf",))
    assert result.documents == 2
    for name in ("verse", "multilingual"):
        text = subprocess.run(["pdftotext", str(tmp_path / "out" / name / f"{name}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        assert len(text) > 300
    assert "спасибо" in subprocess.run(["pdftotext", str(tmp_path / "out" / "multilingual" / "multilingual.pdf"), "-"],
                                      capture_output=True, text=True, check=True).stdout  # fmt: skip


def test_the_renderer_fetches_nothing_outside_the_build(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.png", "not an image")
    text = (
        (FIXTURES / "valid" / "minimal.xml")
        .read_text(encoding="utf-8")
        .replace(
            "The end.",
            f'The end. <figure><graphic url="{secret.as_uri()}"/></figure>'
            '<figure><graphic url="https://example.org/x.png"/></figure>',
        )
    )
    doc = parse(write(tmp_path, "fetch.xml", text))
    assert isinstance(doc, Document)
    from edition.pdf.render import render_pdf

    result = render_pdf(doc)
    assert set(result.refused) == {"https://example.org/x.png"}
    assert b"not an image" not in result.pdf


def test_a_failed_render_leaves_the_previous_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    minimal = FIXTURES / "valid" / "minimal.xml"
    build([minimal], out, formats=("pdf",))
    before = (out / "minimal.pdf").read_bytes()

    def broken(doc: Document, fragments: object = None, **options: object) -> object:
        raise RuntimeError("layout exploded")

    monkeypatch.setattr("edition.build.document.render_pdf", broken)
    with pytest.raises(EditionError) as raised:
        build([minimal], out, formats=("pdf",))
    (problem,) = raised.value.problems
    assert (
        problem.rule == "pdf-render" and problem.file.endswith("minimal.xml") and "layout exploded" in problem.message
    )
    assert (out / "minimal.pdf").read_bytes() == before

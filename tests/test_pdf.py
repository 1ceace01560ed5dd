"""The PDF edition, read back with real PDF tools: pikepdf for structure, poppler for text and pictures."""

from __future__ import annotations

import itertools
import re
import subprocess
from functools import cache
from pathlib import Path

import pikepdf
import pytest
from conftest import ARTIFACTS, CHAPTER, FIXTURES, GENERAL, write
from lxml import etree, html

from edition.build.pipeline import build
from edition.errors import EditionError
from edition.pdf.render import _collapsed_footnotes
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
    heads = ["DavidNorth", squeeze("Khrushchev’s Secret Speech to the Twentieth Congress")]
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

    def broken(doc: Document, *args: object, **options: object) -> object:
        raise RuntimeError("layout exploded")

    monkeypatch.setattr("edition.build.document.render_pdf", broken)
    with pytest.raises(EditionError) as raised:
        build([minimal], out, formats=("pdf",))
    (problem,) = raised.value.problems
    assert (
        problem.rule == "pdf-render" and problem.file.endswith("minimal.xml") and "layout exploded" in problem.message
    )
    assert (out / "minimal.pdf").read_bytes() == before


# --- the book: pages, running heads, names, notes, index, copyright page ------------------------

AUTHOR = "David North"
CHAPTER_TITLE = "Khrushchev’s Secret Speech to the Twentieth Congress"
URL = "https://edition.example.org/heritage/index.html"
HEAD_LINE = 20 / 25.4 * 72  # the top margin (20 mm), in points: running heads sit above it


@cache
def words(path: Path, number: int) -> tuple[tuple[float, float, float, float, str], ...]:
    """The words of one page with their boxes (x0, y0, x1, y1 in points from the top left)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    tree = etree.fromstring(out.encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    return tuple(
        (float(w.get("xmin")), float(w.get("ymin")), float(w.get("xmax")), float(w.get("ymax")), w.text or "")
        for w in tree.iter("word")
    )


def running_head(path: Path, number: int) -> str:
    return " ".join(w[4] for w in words(path, number) if w[3] < HEAD_LINE)


def first_page_with(path: Path, text: str) -> int:
    return next(n for n, page in enumerate(page_texts(path), 1) if text in page)


@pytest.fixture(scope="module")
def pdf_with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chapter's PDF rendered for a site whose address is known."""
    from edition.pdf.render import render_pdf

    doc = parse(CHAPTER)
    assert isinstance(doc, Document)
    path = tmp_path_factory.mktemp("pdf-url") / f"{STEM}.pdf"
    path.write_bytes(render_pdf(doc, online_url=URL).pdf)
    return path


def test_the_book_opens_with_title_copyright_contents_and_the_text_on_a_recto(pdf_path: Path) -> None:
    texts = page_texts(pdf_path)
    assert CHAPTER_TITLE.split()[0] in texts[0] and "How to cite" not in texts[0]
    assert "How to cite" in texts[1] and "Online edition" in texts[1]
    assert texts[2].lstrip().startswith("Contents")
    opening = first_page_with(pdf_path, "The political crisis within")
    assert opening % 2 == 1 and opening > 3
    assert all(not texts[n - 1].strip() for n in range(4, opening))  # blank versos only
    contents = re.sub(r"\s+", " ", texts[2])
    assert f"{CHAPTER_TITLE} . " in contents and re.search(rf"\. {opening}\b", contents)


def test_no_running_head_on_front_matter_blank_pages_or_the_first_page_of_each_part(pdf_path: Path) -> None:
    opening = first_page_with(pdf_path, "The political crisis within")
    works = first_page_with(pdf_path, "Works cited and mentioned\n\nWorks cited")
    index = first_page_with(pdf_path, "Page numbers are those of the pages")
    for number in (1, 2, 3, *range(4, opening), opening, works, index):
        assert running_head(pdf_path, number) == "", number


def test_verso_heads_name_the_author_and_recto_heads_the_chapter_or_part(pdf_path: Path) -> None:
    opening = first_page_with(pdf_path, "The political crisis within")
    works = first_page_with(pdf_path, "Works cited and mentioned\n\nWorks cited")
    index = first_page_with(pdf_path, "Page numbers are those of the pages")
    total = len(page_texts(pdf_path))
    sections = {n: CHAPTER_TITLE for n in range(opening + 1, works)}
    sections |= {n: "Works cited and mentioned" for n in range(works + 1, index)}
    sections |= {n: "Index" for n in range(index + 1, total + 1)}
    assert len(sections) >= 12
    for number, title in sections.items():
        head = running_head(pdf_path, number)
        assert head == (AUTHOR if number % 2 == 0 else title), (number, head)
        left = min(w[0] for w in words(pdf_path, number) if w[3] < HEAD_LINE)
        assert (left < 156 / 25.4 * 72 / 2) == (number % 2 == 0), number  # on the outer side


def name_words(tree: etree._ElementTree) -> set[str]:
    """Words that the chapter's body uses only inside names (persons, places, organisations, events)."""
    names = "self::t:persName or self::t:placeName or self::t:orgName or self::t:name or self::t:rs"
    inside: set[str] = set()
    outside: set[str] = set()
    for text in tree.xpath("//t:text//text()", namespaces=TEI):
        owner = text.getparent().getparent() if text.is_tail else text.getparent()
        named = bool(owner.xpath(f"ancestor-or-self::*[{names}]", namespaces=TEI))
        (inside if named else outside).update(re.findall(r"\w+", str(text)))
    return {word for word in inside - outside if len(word) > 3}


def test_proper_names_are_never_hyphenated(pdf_path: Path) -> None:
    only_in_names = name_words(chapter())
    assert {"Cannon", "Trotsky", "Secretariat"} <= only_in_names
    broken = []
    for text in page_texts(pdf_path):
        lines = text.splitlines()
        for line, following in itertools.pairwise(lines):
            if line.endswith(("\u2010", "\u00ad")) and following.strip():
                word = re.findall(r"\w+$", line[:-1])[-1] + re.findall(r"^\w+", following.strip())[0]
                if word in only_in_names:
                    broken.append(word)
    assert broken == []


def test_note_calls_and_note_numbers_are_visible(pdf_path: Path) -> None:
    notes = chapter().xpath("//t:text//t:note[@place='end']/@n", namespaces=TEI)
    calls, markers = {}, {}
    for number in range(1, len(page_texts(pdf_path)) + 1):
        page = words(pdf_path, number)
        for before, (x0, y0, x1, y1, text), after in zip(page, page[1:], page[2:], strict=False):
            if text in notes and -0.5 <= x0 - before[2] < 1.5 and y1 < before[3] - 2:
                calls[text] = y1 - y0  # raised, right after the word it follows
            if text.rstrip(".") in notes and text.endswith(".") and y0 > 400 and x0 < 80 and before[1] < y0:
                markers[text.rstrip(".")] = (y1 - y0, after[0] - x1)
    assert sorted(calls, key=int) == notes and sorted(markers, key=int) == notes
    # At 100 % a call set at 65 % of 10 pt (6.5 pt, old-style figures) is a dot; 7.5 pt lining figures read.
    assert min(calls.values()) >= 7.0, calls
    assert all(size >= 8 and gap >= 3 for size, gap in markers.values()), markers


def index_entries(path: Path) -> dict[str, list[int]]:
    """The index as printed: each entry's heading and its page numbers."""
    start = first_page_with(path, "Page numbers are those of the pages")
    text = "\n".join(
        subprocess.run(["pdftotext", "-raw", "-f", str(n), "-l", str(n), str(path), "-"],
                       capture_output=True, text=True, check=True).stdout
        for n in range(start, len(page_texts(path)) + 1)
    )  # fmt: skip
    entries: dict[str, list[int]] = {}
    for match in re.finditer(r"^(\D+?), ((?:\d+, )*\d+)$", re.sub(r",\n(?=\d)", ", ", text), re.M):
        entries[match.group(1)] = [int(n) for n in match.group(2).split(", ")]
    return entries


def test_the_index_lists_names_in_the_text_surnames_first_each_page_once(pdf_path: Path) -> None:
    entries = index_entries(pdf_path)
    for heading in ("Khrushchev, Nikita", "Cannon, James P.", "Trotsky, Leon", "Foster, William Z.", "Stalin"):
        assert heading in entries, heading
    assert "Nikita Khrushchev" not in entries and "James P. Cannon" not in entries
    # Not the book's author (named on the title pages only), nor a name only inside a title of a
    # work ("From Bryan to Stalin") or a bibliographic reference (note 5's author).
    for heading in ("North, David", "David North", "Bryan", "National Education Department Socialist Workers Party"):
        assert heading not in entries, heading
    for heading, numbers in entries.items():
        assert numbers == sorted(set(numbers)), heading
    people = [h for h in entries if h in ("Banda", "Cannon, James P.", "Hall, Gus", "Khrushchev, Nikita", "Lenin")]
    assert people == sorted(people)


def test_the_copyright_page_gives_imprint_rights_citation_and_the_online_edition(
    pdf_path: Path, pdf_with_url: Path
) -> None:
    without = re.sub(r"\s+", " ", page_texts(pdf_path)[1])
    assert "no web address was given when this copy was built" in without and "index.html" in without
    page = re.sub(r"\s+", " ", page_texts(pdf_with_url)[1])
    for part in ("Source", "Edition", "Published by", "Rights", "How to cite", "Online edition", URL):
        assert part in page, part
    assert "no web address" not in page
    assert page.index("Online edition") < page.index("Rights") < page.index("How to cite")
    assert URL in page[page.index("How to cite") :].replace(" ", "")  # the citation gives the address too
    # The imprint sits at the foot of the page, as a book's copyright page has it.
    assert min(w[1] for w in words(pdf_with_url, 2)) > 234 / 25.4 * 72 / 3
    pdf = pikepdf.open(pdf_with_url)
    uris = [str(a.A.URI) for a in pdf.pages[1].obj.get("/Annots", []) if "/A" in a and "/URI" in a.A]
    assert uris == [URL]


def test_the_build_prints_the_sites_address_on_the_copyright_page(tmp_path: Path) -> None:
    from edition.site.pages import SiteOptions

    build([FIXTURES / "valid" / "minimal.xml"], tmp_path / "out", formats=("pdf",),
          options=SiteOptions(base_url="https://example.org/ed/"))  # fmt: skip
    text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(tmp_path / "out" / "minimal.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "https://example.org/ed/index.html" in re.sub(r"\s+", "", text)


def test_a_footnote_pushed_past_its_call_is_brought_back_by_a_second_layout() -> None:
    """The first layout decides; a second is made only when a footnote left its call's page."""
    from edition.pdf import render
    from edition.tei.transform import transform

    doc = parse(CHAPTER)
    assert isinstance(doc, Document)
    prepared = render.print_parts(doc, transform(doc, link_style="single", note_style="inline"))
    page = render.book_html(doc, prepared)
    # With a deeper footnote separator the chapter's first layout leaves a note behind its call
    # (WeasyPrint makes room for a line that orphans asks for): the retry must bring it back.
    from edition.theme import print_stylesheets

    fetcher = render.print_fetcher()
    css = print_stylesheets()["print.css"] + b"\n@page { @footnote { margin-top: 3mm; } }"
    fetcher.resources[render.BASE_URL + "print.css"] = (css, "text/css")  # type: ignore[attr-defined]
    first = render._misplaced(render._layout(page, fetcher))
    assert first, "the stand-in no longer misplaces a footnote: pick another separator"
    book, misplaced, layouts = render.lay_out_book(page, fetcher)
    assert misplaced == [] and layouts == 2
    assert all(call == body for call, body in render.footnote_placement(book).values())


def test_fonts_are_subset_by_harfbuzz_not_the_slower_fonttools_fallback(caplog: pytest.LogCaptureFixture) -> None:
    from weasyprint.text import ffi

    from edition.pdf.render import render_pdf

    assert ffi.harfbuzz_subset is not None, "install.sh installs libharfbuzz-subset0"
    doc = parse(FIXTURES / "valid" / "minimal.xml")
    assert isinstance(doc, Document)
    with caplog.at_level("WARNING", logger="weasyprint"):
        render_pdf(doc)
    assert not [r for r in caplog.records if "fontTools" in r.getMessage()]


def test_a_long_rights_statement_runs_on_rather_than_being_cut(tmp_path: Path) -> None:
    from edition.pdf.render import render_pdf

    words_of_rights = " ".join(f"clause{n}" for n in range(1500))
    text = (FIXTURES / "valid" / "minimal.xml").read_text(encoding="utf-8")
    text = text.replace("<availability><licence", f"<availability><p>Rights start {words_of_rights} end.</p><licence")
    doc = parse(write(tmp_path, "rights.xml", text))
    assert isinstance(doc, Document)
    path = write(tmp_path, "rights.pdf", "")
    path.write_bytes(render_pdf(doc).pdf)
    printed = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "clause1499 end." in printed and "How to cite" in printed


def italic_pieces(path: Path, phrase: str) -> tuple[int, int]:
    """How many text pieces of the PDF hold ``phrase``, and how many of them are set in italics
    (pdftohtml marks a piece in an italic face with <i>)."""
    out = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-q", str(path)], capture_output=True, text=True, check=True
    ).stdout
    tree = etree.fromstring(out.encode("utf-8"), etree.XMLParser(recover=True))
    pieces = [t for t in tree.iter("text") if phrase in "".join(t.itertext())]
    return len(pieces), sum(1 for t in pieces if any(phrase in "".join(i.itertext()) for i in t.iter("i")))


def test_a_term_mentioned_is_printed_as_the_author_printed_it(pdf_path: Path) -> None:
    # "the concept “enemy of the people.”": quotation marks, no italics the author did not print.
    found, italic = italic_pieces(pdf_path, "enemy of the people")
    assert found == 2 and italic == 0, (found, italic)
    assert italic_pieces(pdf_path, "Moscow Trials Anthology")[1] >= 1, (
        "a book's title is italic: the check sees italics"
    )


def test_attribution_lines_in_print_name_whose_words_they_are_without_a_dangling_separator(pdf_path: Path) -> None:
    text = "\n".join(page_texts(pdf_path))
    assert "[Nikita Khrushchev]" in text
    assert not re.search(r";\s*\]", text), "the source link is left out in print, and its '; ' with it"


def test_a_footnotes_white_space_is_collapsed_as_a_browser_would_and_nothing_else_is() -> None:
    root = html.fragment_fromstring(
        '<div><p>kept \n\t as written <span class="footnote" id="n1"> – \n\t Nachträgliche'
        "\u00a0\u00a0Angabe<i>  von\tdritter</i>  Hand </span>\n\t tail</p></div>"
    )
    _collapsed_footnotes(root)
    note = root.get_element_by_id("n1")
    assert html.tostring(note, encoding="unicode", with_tail=False) == (
        '<span class="footnote" id="n1"> – Nachträgliche\u00a0\u00a0Angabe<i> von dritter</i> Hand </span>'
    )
    assert root.find("p").text == "kept \n\t as written " and note.tail == "\n\t tail"

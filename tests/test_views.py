"""The views of issue 18, built from their fixtures (tests/fixtures/views): the facsimile beside the
text and its IIIF manifest, the witnesses and their synopsis (and the revision diff as parallel
segmentation), the registers tied to authority files (links, JSON-LD, BEACON, GeoJSON).

Every check reads what was built: XPath over the pages, the JSON of the manifest against a JSON
Schema written from the IIIF Presentation 3 specification (tests/schemas/), the BEACON and
GeoJSON files line by line. The browser tests of the same pages are tests/browser/test_views.py.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from copy import deepcopy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, PROJECT, write
from lxml import etree, html

from edition.build.pipeline import build
from edition.build.plan import BuildSettings, make_plan
from edition.cli import cli
from edition.site.facsimile import Facsimile, FacsPage, iiif_service, image_size, image_type, page_views
from edition.site.pages import SiteOptions

VIEWS = FIXTURES / "views"
BASE = "https://edition.example.org/views"
SCHEMA = json.loads((PROJECT / "tests" / "schemas" / "iiif-presentation-3.json").read_text(encoding="utf-8"))
_SPACES = re.compile(r"[ \t\r\n]+")


@pytest.fixture(scope="session")
def views_site(tmp_path_factory: pytest.TempPathFactory, private_cache: Path) -> Path:
    """The fixtures of tests/fixtures/views as one collection, with a base URL (HTML only)."""
    out = tmp_path_factory.mktemp("views") / "site"
    build([VIEWS], out, options=SiteOptions(base_url=BASE), formats=("html",))
    return out


def page(site: Path, name: str) -> html.HtmlElement:
    return html.parse(str(site / name)).getroot()


def words(element: html.HtmlElement) -> str:
    """An element's words without the edition's additions, whitespace normalised."""
    copy = deepcopy(element)
    copy.tail = None
    for added in copy.xpath(".//*[@data-added]"):
        added.drop_tree()
    return _SPACES.sub(" ", copy.text_content()).strip(" ")


def ids_are_unique(root: html.HtmlElement) -> None:
    found = root.xpath("//@id")
    assert len(found) == len(set(found)), sorted(i for i in found if found.count(i) > 1)


# --- the facsimile -------------------------------------------------------------------------

FACSIMILE = [
    # the pages, in the order of the text, each with its heading
    ("//section[@class='facs-page']/@id", ["page-f1r", "page-f1v", "page-page-3", "page-page-4"]),
    ("//section[@id='page-f1r']/h2", ["Page 1r"]),
    # the image of the project, copied into the site, linked as a whole and shown
    ("//section[@id='page-f1r']//a[@class='facs-full']/@href", ["facsimile/images/folio-1r.png"]),
    ("//section[@id='page-f1r']//img/@src", ["facsimile/images/folio-1r.png"]),
    ("//section[@id='page-f1r']//figure/@data-tiles", ["facsimile/images/folio-1r.png"]),
    ("//section[@id='page-f1r']//figure/@data-width", ["600"]),
    # a zone box per zone, placed by percentages of the page (zone 3: 60,250 – 540,310 of 600 × 800)
    ("count(//section[@id='page-f1r']//span[@class='zone-box'])", 7.0),
    ("//span[@data-zone='f1r-l3'][@class='zone-box']/@style", ["left: 10.0%; top: 31.25%; width: 80.0%; height: 7.5%"]),
    # a zone given by @points: its bounding box
    ("//span[@data-zone='f1v-l1'][@class='zone-box']/@style", ["left: 10.0%; top: 8.75%; width: 80.0%; height: 7.5%"]),
    # the zones as a list, with the words of each
    ("//section[@id='page-f1r']//details[@class='facs-zones']/ol/li[3]", ["came this morning, and I have"]),
    ("//section[@id='page-f1r']//details[@class='facs-zones']/ol/li[7]", ["folio: 1r"]),
    ("//section[@id='page-f1v']//li[@data-zone='f1v-sig']", ["signature: Elizabeth"]),
    # the transcription beside it holds the lines of this page, marked with their zones
    ("//section[@id='page-f1r']//div[contains(@class, 'facs-text')]//br[@data-zone='f1r-l3']", 1),
    ("//section[@id='page-f1v']//div[contains(@class, 'facs-text')]//*[@data-zone='f1v-sig']", ["Elizabeth"]),
    # a page whose image is missing, and one outside the source folder: no image, text kept
    ("//section[@id='page-page-3']//img", 0),
    ("//section[@id='page-page-3']//p[@class='facs-missing']", 1),
    ("//section[@id='page-page-4']//img", 0),
    # links from the pieces of the text go to the text page (no id twice, no link to nowhere)
    (
        "//div[contains(@class, 'facs-text')]//a[@class='pnum']/@href",
        ["index.html#p1", "index.html#p2", "index.html#p3"],
    ),
    ("//div[contains(@class, 'facs-text')]//button", 0),
    # the manifest and the viewer
    ("//p[@class='facs-manifest']/a/@href", ["manifest.json"]),
    ("//script[contains(@src, 'openseadragon')]/@src", ["../static/openseadragon/openseadragon.min.js"]),
]


def _value(root: html.HtmlElement, xpath: str) -> object:
    found = root.xpath(xpath)
    if isinstance(found, list):
        return [f if isinstance(f, str) else words(f) for f in found]
    return found


@pytest.mark.parametrize(("xpath", "expected"), FACSIMILE)
def test_the_facsimile_page(views_site: Path, xpath: str, expected: object) -> None:
    root = page(views_site, "facsimile/facsimile.html")
    value = _value(root, xpath)
    if isinstance(expected, int) and not isinstance(expected, bool) and isinstance(value, list):
        assert len(value) == expected, xpath
    else:
        assert value == expected, xpath


def test_each_page_holds_its_own_lines_and_no_other(views_site: Path) -> None:
    root = page(views_site, "facsimile/facsimile.html")
    texts = {
        s.get("id"): words(s.xpath(".//div[contains(@class, 'facs-text')]")[0])
        for s in root.xpath("//section[@class='facs-page']")
    }
    assert "came this morning" in texts["page-f1r"] and "answer it when you come" not in texts["page-f1r"]
    assert "answer it when you come" in texts["page-f1v"] and "came this morning" not in texts["page-f1v"]
    assert texts["page-f1v"].endswith("I shall need no other joy. Elizabeth")
    assert texts["page-page-3"] == "The second leaf is lost; only its stub remains."
    # Together the pages hold the whole text, once.
    text_page = page(views_site, "facsimile/index.html").xpath("//article")[0]
    assert " ".join(texts.values()) == words(text_page)
    ids_are_unique(root)


class _Counted(html.HtmlElement):
    """An element that counts the nodes Python walks over (iterating, or copying a subtree)."""

    visits = 0

    def __iter__(self) -> Iterator[Any]:
        for node in super().__iter__():
            _Counted.visits += 1
            yield node

    def iter(self, *tags: Any, **kw: Any) -> Iterator[Any]:
        for node in super().iter(*tags, **kw):
            _Counted.visits += 1
            yield node

    def itersiblings(self, *tags: Any, **kw: Any) -> Iterator[Any]:
        for node in super().itersiblings(*tags, **kw):
            _Counted.visits += 1
            yield node

    def iterancestors(self, *tags: Any, **kw: Any) -> Iterator[Any]:
        for node in super().iterancestors(*tags, **kw):
            _Counted.visits += 1
            yield node

    def iterdescendants(self, *tags: Any, **kw: Any) -> Iterator[Any]:
        for node in super().iterdescendants(*tags, **kw):
            _Counted.visits += 1
            yield node

    def __deepcopy__(self, memo: dict[int, object]) -> Any:
        _Counted.visits += sum(1 for _ in super().iter())
        return super().__deepcopy__(memo)


def test_the_text_is_cut_into_pages_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """400 pages, each break inside a paragraph of one chapter: each page is its slice of the
    text (inside copies of the chapter and the paragraph it begins in), and cutting walks over
    the text a few times in all, not once a page (the old cut copied the whole text for each)."""
    count = 400
    paragraphs = (
        f'<p n="{i}">end of {i - 1} <span data-page="p{i}"></span>start of <em>{i}</em></p>'
        for i in range(1, count + 1)
    )
    text = f'Lead <div class="chapter">{"".join(paragraphs)}</div> Coda'
    pages = (*(FacsPage(f"p{i}", str(i), None) for i in range(1, count + 1)), FacsPage("blank", "b", None))
    parser = html.HTMLParser()
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=_Counted))
    parse = html.fragment_fromstring

    def counted(text: str, create_parent: str = "") -> html.HtmlElement:
        """The fragment as page_views parses it, its elements moved into a counting tree."""
        parsed = parse(text, create_parent=create_parent)
        root = parser.makeelement(parsed.tag, parsed.attrib)
        root.text = parsed.text
        root.extend(list(parsed))
        return root

    monkeypatch.setattr(html, "fragment_fromstring", counted)
    _Counted.visits = 0
    views = page_views(Facsimile(pages), text)
    assert [v.page.id for v in views] == [p.id for p in pages]

    def expected(i: int) -> str:
        head = "Lead " if i == 1 else ""
        before = "end of 0 " if i == 1 else ""
        after = f'<p n="{i + 1}">end of {i} </p>' if i < count else ""
        tail = " Coda" if i == count else ""
        return (f'{head}<div class="chapter"><p n="{i}">{before}<span data-page="p{i}"></span>start of <em>{i}</em>'
                f"</p>{after}</div>{tail}")  # fmt: skip

    assert [v.html for v in views] == [expected(i) for i in range(1, count + 1)] + [""]
    # The chapter, its paragraphs and what they hold, walked over some 7 times here (and 941 times
    # by the old cut).
    elements = 1 + 3 * count
    assert _Counted.visits <= 10 * (elements + count), _Counted.visits


def test_only_images_inside_the_source_folder_are_published(views_site: Path, tmp_path: Path) -> None:
    published = sorted(p.relative_to(views_site).as_posix() for p in (views_site / "facsimile").rglob("*.png"))
    assert published == ["facsimile/facsimile/images/folio-1r.png", "facsimile/facsimile/images/folio-1v.png"]
    assert (views_site / published[0]).read_bytes() == (VIEWS / "images" / "folio-1r.png").read_bytes()
    # A link inside the folder to a file outside it, and bytes that are not an image, are refused.
    source = tmp_path / "source"
    (source / "images").mkdir(parents=True)
    outside = tmp_path / "secret.png"
    shutil.copy(VIEWS / "images" / "folio-1r.png", outside)
    (source / "images" / "linked.png").symlink_to(outside)
    (source / "images" / "fake.png").write_text("not an image", encoding="utf-8")
    text = (VIEWS / "facsimile.xml").read_text(encoding="utf-8")
    text = text.replace('url="images/folio-1r.png"', 'url="images/linked.png"')
    text = text.replace('url="images/folio-1v.png"', 'url="images/fake.png"')
    write(source, "letter.xml", text)
    out = tmp_path / "site"
    build([source], out, formats=("html",))
    assert sorted(p.name for p in out.rglob("*.png")) == []
    assert not (out / "facsimile.html").exists()  # no page has an image: no facsimile page


def test_a_changed_image_changes_the_key_of_its_document(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(VIEWS, source)
    plan = make_plan([source], BuildSettings())
    position = [p.name for p in plan.paths].index("facsimile.xml")
    before = plan.job(position).key
    (source / "images" / "folio-1v.png").write_bytes((source / "images" / "folio-1r.png").read_bytes())
    assert make_plan([source], BuildSettings()).job(position).key != before


def test_the_iiif_image_service_of_a_surface(views_site: Path) -> None:
    root = page(views_site, "sourcedoc/facsimile.html")
    figure = root.xpath("//section[@id='page-nb-2']//figure")[0]
    assert figure.get("data-kind") == "iiif"
    assert figure.get("data-tiles") == "https://iiif.example.org/iiif/image/leaf-1v/info.json"
    assert figure.xpath(".//img/@src") == ["https://iiif.example.org/iiif/image/leaf-1v/full/!1200,1200/0/default.jpg"]
    assert figure.xpath(".//a[@class='facs-full']/@href") == [
        "https://iiif.example.org/iiif/image/leaf-1v/full/max/0/default.jpg"
    ]
    # The sourceDoc's lines with coordinates are zones of their surface; the text beside is the surface's.
    assert len(root.xpath("//section[@id='page-nb-1']//span[@class='zone-box']")) == 8
    lines = root.xpath("//section[@id='page-nb-1']//div[contains(@class, 'facs-text')]//div[@data-zone]")
    assert [words(line) for line in lines][1:3] == ["Geneva, the 18th of May", "My dearest cousin, your letter"]


@pytest.mark.parametrize(
    ("url", "service"),
    [
        ("https://iiif.example.org/iiif/image/leaf/info.json", "https://iiif.example.org/iiif/image/leaf"),
        (
            "https://iiif.bodleian.ox.ac.uk/iiif/image/76648a6a-9e87",
            "https://iiif.bodleian.ox.ac.uk/iiif/image/76648a6a-9e87",
        ),
        ("https://images.example.org/iiif/page-1.jpg", ""),
        ("https://images.example.org/page-1.jpg", ""),
        ("images/info.json", ""),
    ],
)
def test_iiif_services_are_told_from_image_urls(url: str, service: str) -> None:
    assert iiif_service(url) == service


def test_image_sizes_are_read_from_their_headers(tmp_path: Path) -> None:
    from PIL import Image

    for kind, media in (("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"), ("WEBP", "image/webp")):
        path = tmp_path / f"x.{kind.lower()}"
        Image.new("RGB", (321, 123), (200, 180, 150)).save(path, kind)
        data = path.read_bytes()
        assert (image_type(data), image_size(data)) == (media, (321, 123)), kind
    assert (image_type(b"<svg/>"), image_size(b"<svg/>")) == ("", (0, 0))


def _manifest(site: Path, folder: str) -> dict[str, object]:
    data = json.loads((site / folder / "manifest.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("folder", ["facsimile", "sourcedoc"])
def test_the_manifest_is_valid_iiif_presentation_3(views_site: Path, folder: str) -> None:
    manifest = _manifest(views_site, folder)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(manifest)
    # What a schema cannot say: ids are unique, every target is a canvas of the manifest, every
    # box lies inside its canvas, and the images are there.
    ids: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str) and node.get("type") not in ("Image", "ImageService3"):
                ids.append(node["id"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(manifest)
    assert len(ids) == len(set(ids))
    assert manifest["id"] == f"{BASE}/{folder}/manifest.json"
    canvases = manifest["items"]
    assert isinstance(canvases, list)
    for canvas in canvases:
        painting = canvas["items"][0]["items"][0]
        assert painting["target"] == canvas["id"]
        body = painting["body"]
        if body["id"].startswith(BASE):
            assert (views_site / body["id"].removeprefix(f"{BASE}/")).is_file()
            assert (body["width"], body["height"]) == (600, 800)
        for annotation in canvas.get("annotations", [{"items": []}])[0]["items"]:
            assert annotation["motivation"] == "supplementing"
            target, _, fragment = annotation["target"].partition("#xywh=")
            assert target == canvas["id"]
            if fragment:
                x, y, w, h = (int(v) for v in fragment.split(","))
                assert x + w <= canvas["width"] and y + h <= canvas["height"]


def test_the_manifest_carries_the_transcription_as_annotations(views_site: Path) -> None:
    manifest = _manifest(views_site, "facsimile")
    labels = [c["label"]["none"][0] for c in manifest["items"]]
    assert labels == ["1r", "1v"]  # the pages with an image
    first = manifest["items"][0]
    texts = [(a["body"]["value"], a["target"].split("#")[1]) for a in first["annotations"][0]["items"]]
    assert texts[0] == ("Geneva, the 18th of May", "xywh=60,70,480,60")
    assert texts[2] == ("came this morning, and I have", "xywh=60,250,480,60")
    assert first["annotations"][0]["items"][0]["body"]["language"] == "en"
    assert manifest["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    assert manifest["seeAlso"][0]["id"] == f"{BASE}/facsimile/facsimile.xml"
    iiif = _manifest(views_site, "sourcedoc")["items"][1]
    body = iiif["items"][0]["items"][0]["body"]
    assert body["service"] == [
        {"id": "https://iiif.example.org/iiif/image/leaf-1v", "type": "ImageService3", "profile": "level1"}
    ]
    assert (iiif["width"], iiif["height"]) == (1000, 1400)
    annotation = iiif["annotations"][0]["items"][0]
    assert (annotation["body"]["value"], annotation["target"].split("#")[1]) == (
        "answer it when you come.",
        "xywh=100,120,800,1080",
    )


def test_without_a_base_url_the_manifest_ids_are_relative(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build([VIEWS / "facsimile.xml"], out, formats=("html",))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["id"] == "manifest.json"
    assert manifest["items"][0]["items"][0]["items"][0]["body"]["id"] == "facsimile/images/folio-1r.png"
    assert (out / "facsimile/images/folio-1r.png").is_file()
    nav = page(out, "index.html").xpath("//nav[@class='site-nav']//a/@href")
    assert "facsimile.html" in nav


def test_the_text_page_marks_where_pages_begin(views_site: Path) -> None:
    root = page(views_site, "facsimile/index.html")
    assert root.xpath("//span[contains(@class, 'tei-pb')]/@data-page") == ["f1r", "f1v", "page-3", "page-4"]
    assert root.xpath("//nav[@class='text-views']//a/@href") == ["facsimile.html"]


# --- witnesses and variants ------------------------------------------------------------------


WITNESS_LINES = [
    # (page, block of the article, the words of the block)
    ("index.html", "//article//*[contains(@class, 'tei-head')]", "The Lake at Evening"),
    ("witness-M.html", "//article//*[contains(@class, 'tei-head')]", "The Lake at Evening"),
    ("witness-P.html", "//article//*[contains(@class, 'tei-head')]", "The Lake at Even"),
    ("witness-P.html", "//article//div[@id='l1']", "The water deepens under the hill,"),
    ("witness-M.html", "//article//div[@id='l1']", "The water darkens under the hill,"),
    ("witness-P.html", "//article//div[@id='l2']", "the boats come slowly home,"),
    # an omission (bare @wit values: "P")
    ("witness-P.html", "//article//div[@id='l3']", "and swallows fall still"),
    ("witness-M.html", "//article//div[@id='l3']", "and all the swallows fall still"),
    # a reading of a reading group
    ("witness-P.html", "//article//div[@id='l4']", "above the gray foam."),
    # a variant inside a reading, read the same way
    ("witness-M.html", "//article//div[@id='l5']", "A light is lit on the far shore,"),
    ("witness-P.html", "//article//div[@id='l5']", "On the far shore a light was lit,"),
    ("witness-P.html", "//article//p[@id='ps']", "Written at Geneva in the summer of the year without a summer."),
]


@pytest.mark.parametrize(("name", "xpath", "expected"), WITNESS_LINES)
def test_each_witness_reads_its_own_text(views_site: Path, name: str, xpath: str, expected: str) -> None:
    (block,) = page(views_site, f"witnesses/{name}").xpath(xpath)
    assert words(block) == expected


def test_the_witness_pages(views_site: Path) -> None:
    root = page(views_site, "witnesses/witness-P.html")
    ids_are_unique(root)
    # The readings that differ are marked; the omission shows a mark.
    differing = [words(e) for e in root.xpath("//article//span[contains(@class, 'witness-differs')]")]
    assert differing == ["Even", "deepens", "", "gray", "On the far shore a light was lit", "one", "Geneva"]
    assert root.xpath("//article//span[@class='witness-omission']/text()") == ["⟨om.⟩"]
    # Every marker links to its entry, on the same page (the apparatus is there), and back.
    markers = root.xpath("//article//a[@class='appref']/@href")
    assert len(markers) == 8
    assert all(root.xpath(f"//li[@id='{m[1:]}'][contains(@class, 'app-entry')]") for m in markers)
    # An entry whose passage this witness does not read (a variant inside another reading) links
    # back to the passage on the text page.
    text_ids = set(page(views_site, "witnesses/index.html").xpath("//@id"))
    for back in root.xpath("//li[contains(@class, 'app-entry')]//a[@role='doc-backlink']/@href"):
        here, _, there = back.partition("index.html#")
        assert root.xpath(f"//*[@id='{here[1:]}']") if here else there in text_ids, back
    assert root.xpath("//a[@href='index.html#appref-app-1-1-3-1-1-1-1']")
    # The switch: the edition's text, each witness (this one current), the synopsis of them all.
    switch = root.xpath("//nav[@class='witness-switch']//a")
    assert [(a.get("href"), a.text, a.get("aria-current")) for a in switch] == [
        ("index.html", "The edition's text", None),
        ("witness-M.html", "M", None),
        ("witness-P.html", "P", "page"),
        ("synopsis.html", "M | P", None),
    ]
    assert root.xpath("//script[contains(@src, 'apparatus.js')]")
    text_page = page(views_site, "witnesses/index.html")
    assert text_page.xpath("//nav[@class='witness-switch']//a/@href") == [
        "index.html",
        "witness-M.html",
        "witness-P.html",
        "synopsis.html",
    ]


def test_the_lemma_witness_reads_the_edition_text(views_site: Path) -> None:
    """M's readings are the lemmas: its text is the edition's, word for word."""
    edition = words(page(views_site, "witnesses/index.html").xpath("//article")[0])
    assert words(page(views_site, "witnesses/witness-M.html").xpath("//article")[0]) == edition


def test_the_synopsis_aligns_the_two_witnesses(views_site: Path) -> None:
    root = page(views_site, "witnesses/synopsis.html")
    ids_are_unique(root)
    assert [words(th.xpath("a")[0]) for th in root.xpath("//table[@class='synopsis']/thead//th")] == ["M", "P"]
    rows = [[words(td) for td in tr.xpath("td")] for tr in root.xpath("//table[@class='synopsis']/tbody/tr")]
    assert len(rows) == 8  # the head, six lines, the postscript
    assert rows[0] == ["The Lake at Evening", "The Lake at Even"]
    assert rows[1] == ["1 The water darkens under the hill,", "1 The water deepens under the hill,"] or rows[1] == [
        "The water darkens under the hill,",
        "The water deepens under the hill,",
    ]
    assert rows[7] == [
        "Written at Montalègre in the summer of the year without a summer.",
        "Written at Geneva in the summer of the year without a summer.",
    ]
    # Links from the synopsis go where their targets are: the entries on the text page.
    assert set(root.xpath("//td//a[@class='appref']/@href")) <= {
        f"index.html#{i}" for i in page(views_site, "witnesses/index.html").xpath("//@id")
    }


def test_a_document_without_witnesses_has_no_witness_pages(views_site: Path) -> None:
    assert not list((views_site / "facsimile").glob("witness-*.html"))
    assert not page(views_site, "facsimile/index.html").xpath("//nav[@class='witness-switch']")


# --- the revision diff as parallel segmentation ---------------------------------------------

TEI = {"tei": "http://www.tei-c.org/ns/1.0"}


def _diff_app(old: Path, new: Path, out: Path) -> etree._ElementTree:
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "app", "--out", str(out)])
    assert result.exit_code == 1, result.output  # (1: the revisions differ)
    return etree.parse(str(out))


def test_the_diff_as_parallel_segmentation(tmp_path: Path) -> None:
    tree = _diff_app(VIEWS / "revision-1.xml", VIEWS / "revision-2.xml", tmp_path / "notes.xml")

    def reading(app: etree._Element, name: str) -> str:
        return " ".join(app.xpath(f"string(tei:{name})", namespaces=TEI).split())

    def readings(xpath: str) -> list[tuple[str, str]]:
        return [(reading(a, "lem"), reading(a, "rdg")) for a in tree.xpath(xpath, namespaces=TEI)]

    assert readings("//tei:p[@xml:id='p1']/tei:app") == [("silver", "grey"), ("early", "")]
    assert readings("//tei:p[@xml:id='p2']/tei:app") == [("a letter", "two letters")]
    assert readings("//tei:p[@xml:id='p3']/tei:app") == [("", "Nobody walked on the shore.")]  # removed
    assert readings("//tei:p[@xml:id='p5']/tei:app") == [("The lamps were lit before six.", "")]  # added
    assert tree.xpath("//tei:p[@xml:id='p4']/tei:app", namespaces=TEI) == []
    assert tree.xpath("//tei:p/@xml:id", namespaces=TEI) == ["p1", "p2", "p3", "p4", "p5"]
    assert {a.get("wit") for a in tree.xpath("//tei:lem", namespaces=TEI)} == {"#rev-new"}
    assert {a.get("wit") for a in tree.xpath("//tei:rdg", namespaces=TEI)} == {"#rev-old"}
    witnesses = tree.xpath("//tei:sourceDesc/tei:listWit/tei:witness", namespaces=TEI)
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    assert [(w.get(xml_id), w.findtext("tei:abbr", namespaces=TEI)) for w in witnesses] == [
        ("rev-old", "revision-1.xml"),
        ("rev-new", "revision-2.xml"),
    ]
    assert tree.xpath("//tei:variantEncoding/@method", namespaces=TEI) == ["parallel-segmentation"]
    # The markup of the new revision stays (the name in p2).
    assert tree.xpath("string(//tei:p[@xml:id='p2']/tei:persName)", namespaces=TEI) == "Elizabeth"


def test_each_revision_reads_again_as_a_witness(tmp_path: Path) -> None:
    """Built, the document's witness pages read each revision's text, paragraph for paragraph."""
    source = tmp_path / "source"
    source.mkdir()
    _diff_app(VIEWS / "revision-1.xml", VIEWS / "revision-2.xml", source / "notes.xml")
    out = tmp_path / "site"
    build([source / "notes.xml"], out, formats=("html",))  # validates: tei_all and the rules
    for witness, revision in (("rev-old", "revision-1.xml"), ("rev-new", "revision-2.xml")):
        original = etree.parse(str(VIEWS / revision))
        expected = [" ".join(p.xpath("string(.)").split()) for p in original.xpath("//tei:body//tei:p", namespaces=TEI)]
        built = page(out, f"witness-{witness}.html")
        shown = [words(p) for p in built.xpath("//article//p[contains(@class, 'tei-p')]")]
        assert [s for s in shown if s] == expected, witness
    assert (out / "synopsis.html").is_file()


def test_a_change_across_markup_makes_the_block_one_reading(tmp_path: Path) -> None:
    old = (VIEWS / "revision-1.xml").read_text(encoding="utf-8")
    new = old.replace("By noon <persName>Elizabeth</persName> had", "By evening <persName>Justine</persName> has")
    new = new.replace("By evening <persName>Justine", "By evening<persName> Justine")
    tree = _diff_app(write(tmp_path, "a.xml", old), write(tmp_path, "b.xml", new), tmp_path / "app.xml")
    (p2,) = tree.xpath("//tei:p[@xml:id='p2']", namespaces=TEI)
    apps = p2.xpath("tei:app", namespaces=TEI)
    assert len(apps) >= 1
    old_words = " ".join(" ".join(a.xpath("string(tei:rdg)", namespaces=TEI).split()) for a in apps)
    assert "Elizabeth" in old_words or "noon" in old_words
    assert p2.xpath("string(.//tei:persName)", namespaces=TEI).strip() == "Justine"


# --- registers tied to the world -------------------------------------------------------------

AUTHORITY_LINKS = [
    # (register page, entry, the authority links of the entry: (scheme, id, href))
    (
        "people.html",
        "escher",
        [
            ("wikidata", "Q123041", "https://www.wikidata.org/wiki/Q123041"),
            ("viaf", "27143434", "https://viaf.org/viaf/27143434"),
            ("gnd", "118530941", "https://d-nb.info/gnd/118530941"),
        ],
    ),
    # a GND number with its (DE-588) prefix, the same number in a @ref (once), a Wikidata entity URI
    (
        "people.html",
        "blumer",
        [
            ("gnd", "116226722", "https://d-nb.info/gnd/116226722"),
            ("wikidata", "Q1693522", "https://www.wikidata.org/wiki/Q1693522"),
        ],
    ),
    # ORCID; a "GND" that is no GND number, and another authority's URI: no links
    ("people.html", "editor", [("orcid", "0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097")]),
    ("organisations.html", "nob", [("gnd", "1086128377", "https://d-nb.info/gnd/1086128377")]),
    # GeoNames from a URI with a name after the number, from a bare idno; Wikidata from a bare idno
    (
        "places.html",
        "zuerich",
        [
            ("geonames", "2657896", "https://www.geonames.org/2657896"),
            ("wikidata", "Q72", "https://www.wikidata.org/wiki/Q72"),
        ],
    ),
    ("places.html", "glarus", [("geonames", "2660593", "https://www.geonames.org/2660593")]),
    ("places.html", "gotthard", [("gnd", "4021617-9", "https://d-nb.info/gnd/4021617-9")]),
]


@pytest.mark.parametrize(("name", "entry", "expected"), AUTHORITY_LINKS)
def test_register_entries_link_their_authority_files(
    views_site: Path, name: str, entry: str, expected: list[tuple[str, str, str]]
) -> None:
    root = page(views_site, f"register-authorities/{name}")
    links = root.xpath(f"//section[@id='{entry}']//a[@data-authority]")
    assert [(a.get("data-authority"), a.get("data-authority-id"), a.get("href")) for a in links] == expected
    # The merged register at the site root shows the same.
    merged = page(views_site, name).xpath(f"//section[@id='{entry}']//a[@data-authority]")
    assert [(a.get("data-authority"), a.get("data-authority-id"), a.get("href")) for a in merged] == expected


def test_what_is_not_an_authority_stays_as_written(views_site: Path) -> None:
    root = page(views_site, "register-authorities/people.html")
    editor = root.xpath("//section[@id='editor']")[0]
    assert "nicht-bekannt" in words(editor)
    assert editor.xpath(".//a[@href='http://www.hls-dhs-dss.ch/textes/d/D3878.php']")
    # A URI given in an idno keeps its words: the link shows them after the authority's name.
    blumer = root.xpath("//section[@id='blumer']//a[@data-authority='wikidata']")[0]
    assert words(blumer) == "https://www.wikidata.org/entity/Q1693522"


def _json_ld(root: html.HtmlElement) -> dict[str, object]:
    (script,) = root.xpath("//script[@type='application/ld+json']/text()")
    data = json.loads(script)
    assert isinstance(data, dict)
    return data


def test_the_json_ld_of_register_pages_carries_same_as(views_site: Path) -> None:
    data = _json_ld(page(views_site, "register-authorities/people.html"))
    mentions = {m["@id"]: m for m in data["mentions"]}  # type: ignore[index, union-attr]
    escher = mentions[f"{BASE}/register-authorities/people.html#escher"]
    assert escher["@type"] == "Person" and escher["name"] == "Alfred Escher"
    assert escher["sameAs"] == [
        "http://www.wikidata.org/entity/Q123041",
        "http://viaf.org/viaf/27143434",
        "https://d-nb.info/gnd/118530941",
    ]
    places = _json_ld(page(views_site, "places.html"))  # the collection's: its entries are its graph
    zuerich = next(n for n in places["@graph"] if n["@id"] == f"{BASE}/places.html#zuerich")  # type: ignore[union-attr]
    assert zuerich["geo"] == {"@type": "GeoCoordinates", "latitude": 47.36667, "longitude": 8.55}
    assert zuerich["sameAs"] == ["https://sws.geonames.org/2657896/", "http://www.wikidata.org/entity/Q72"]


def test_a_beacon_file_per_authority(views_site: Path) -> None:
    gnd = (views_site / "beacon-gnd.txt").read_text(encoding="utf-8").splitlines()
    meta = [line for line in gnd if line.startswith("#")]
    assert meta[0] == "#FORMAT: BEACON"
    assert "#PREFIX: https://d-nb.info/gnd/{ID}" in meta
    assert f"#TARGET: {BASE}/{{+ID}}" in meta
    links = [line for line in gnd if line and not line.startswith("#")]
    assert links == [
        "1086128377|Schweizerische Nordostbahn|organisations.html#nob",
        "116226722|Johann Jakob Blumer|people.html#blumer",
        "118530941|Alfred Escher|people.html#escher",
        "4021617-9|Gotthard|places.html#gotthard",
    ]
    assert gnd[len(meta)] == ""  # a blank line between the meta fields and the links
    assert sorted(p.name for p in views_site.glob("beacon-*.txt")) == [
        "beacon-geonames.txt",
        "beacon-gnd.txt",
        "beacon-orcid.txt",
        "beacon-viaf.txt",
        "beacon-wikidata.txt",
    ]
    geonames = (views_site / "beacon-geonames.txt").read_text(encoding="utf-8")
    assert "#PREFIX: https://sws.geonames.org/{ID}/" in geonames
    assert "2657896|Zürich|places.html#zuerich" in geonames
    # The document's own, in its folder, and the register pages offer them.
    assert (views_site / "register-authorities" / "beacon-gnd.txt").is_file()
    offered = page(views_site, "people.html").xpath("//p[@class='data-files']/a/@href")
    assert "beacon-gnd.txt" in offered and "places.geojson" in offered


def test_places_as_geojson(views_site: Path) -> None:
    data = json.loads((views_site / "places.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    features = {f["id"]: f for f in data["features"]}
    assert sorted(features) == ["glarus", "zuerich"]  # the Gotthard has no coordinates
    zuerich = features["zuerich"]
    assert zuerich["geometry"] == {"type": "Point", "coordinates": [8.55, 47.36667]}  # longitude first
    assert zuerich["properties"]["name"] == "Zürich"
    assert zuerich["properties"]["url"] == f"{BASE}/places.html#zuerich"
    # The collection's places page lists the coordinates.
    shown = page(views_site, "places.html").xpath("//section[@id='zuerich']//p[@class='entry-geo']/a")
    assert [(a.get("data-lat"), a.get("data-lon")) for a in shown] == [("47.36667", "8.55")]


def test_the_escher_people_register_links_its_gnd_numbers() -> None:
    """The real register (shared corpora): its bare idno type="gnd" become GND links."""
    from edition.tei.load import Document, parse
    from edition.tei.transform import transform

    path = PROJECT.parent.parent / "shared" / "corpora" / "letters" / "briefedition-escher__data__people__people.xml"
    if not path.is_file():
        path = Path("/work/shared/corpora/letters/briefedition-escher__data__people__people.xml")
    doc = parse(path)
    assert isinstance(doc, Document)
    people = html.fragment_fromstring(transform(doc)["people"], create_parent="div")
    numbers = doc.tree.xpath("//tei:person/tei:idno[@type='gnd']", namespaces=TEI)
    links = people.xpath("//a[@data-authority='gnd']")
    assert len(numbers) > 10 and len(links) == len(numbers)
    assert all(a.get("href") == f"https://d-nb.info/gnd/{a.get('data-authority-id')}" for a in links)

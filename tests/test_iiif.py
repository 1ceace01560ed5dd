"""edition.site.iiif: the IIIF Presentation 3 manifest of a facsimile, written by hand as JSON."""

from __future__ import annotations

import json

from edition.site.facsimile import FacsImage, FacsPage, PageView, Zone
from edition.site.iiif import MANIFEST_FILE, PRESENTATION_CONTEXT, manifest, manifest_file, rights_uri
from edition.tei.header import Metadata

META = Metadata(
    title="Letters",
    authors=("Ada Author",),
    languages=("de",),
    licence="CC BY 4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
)
BASE = "https://example.org/ed/letters/"


def test_rights_take_creative_commons_and_rightsstatements_in_their_http_form() -> None:
    assert rights_uri("https://creativecommons.org/licenses/by/4.0/") == "http://creativecommons.org/licenses/by/4.0/"
    assert rights_uri(" http://rightsstatements.org/vocab/InC/1.0/") == "http://rightsstatements.org/vocab/InC/1.0/"
    assert rights_uri("https://example.org/my-licence") == ""


def test_a_page_with_zones_is_a_canvas_with_its_image_and_one_annotation_per_zone() -> None:
    page = FacsPage("f1", "1r", FacsImage("file", "images/f1.png", "images/f1.png", format="image/png"), 800, 1200,
                    (Zone("z1", "", 10, 20, 300, 40), Zone("z2", "", 0, 0, 1, 1)))  # fmt: skip
    data = manifest(META, [PageView(page, "<p>ignored</p>", {"z1": "Dear friend"})], base=BASE, source="letters.xml")
    assert data is not None
    assert (data["@context"], data["id"], data["type"]) == (PRESENTATION_CONTEXT, BASE + MANIFEST_FILE, "Manifest")
    assert data["label"] == {"de": ["Letters"]}
    assert data["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    assert data["requiredStatement"]["value"] == {"none": ["CC BY 4.0"]}
    assert data["seeAlso"][0]["id"] == BASE + "letters.xml"
    (canvas,) = data["items"]
    assert (canvas["id"], canvas["width"], canvas["height"]) == (f"{BASE}manifest.json/canvas/f1", 800, 1200)
    body = canvas["items"][0]["items"][0]["body"]
    assert body == {"id": BASE + "images/f1.png", "type": "Image", "format": "image/png"}
    (note,) = canvas["annotations"][0]["items"]  # z2 has no words: no annotation
    assert note["motivation"] == "supplementing" and note["target"] == f"{canvas['id']}#xywh=10,20,300,40"
    assert note["body"] == {"type": "TextualBody", "value": "Dear friend", "format": "text/plain", "language": "de"}


def test_a_page_without_zones_annotates_its_whole_text_without_the_editions_additions() -> None:
    service = "https://images.example.org/iiif/2/f2"
    page = FacsPage("f2", "1v", FacsImage("iiif", "", service + "/full/max/0/default.jpg", service=service), 10, 20)
    html = '<p><span data-added="">¶ 1</span> The   whole page.</p>'
    data = manifest(Metadata(), [PageView(page, html, {})])
    assert data is not None and data["id"] == MANIFEST_FILE and data["label"] == {"none": ["Facsimile"]}
    assert "rights" not in data and "metadata" not in data
    canvas = data["items"][0]
    assert canvas["annotations"][0]["items"][0]["body"]["value"] == "The whole page."
    assert canvas["items"][0]["items"][0]["body"]["service"][0]["@type"] == "ImageService2"


def test_no_manifest_without_a_page_that_has_an_image_and_a_size() -> None:
    sizeless = FacsPage("f1", "1r", FacsImage("web", "https://x.org/a.jpg", "https://x.org/a.jpg"))
    imageless = FacsPage("f2", "1v", None, 100, 100)
    assert manifest(META, [PageView(sizeless, "", {}), PageView(imageless, "", {})]) is None
    assert manifest_file(META, []) is None


def test_the_file_is_sorted_json_ending_in_a_newline() -> None:
    page = FacsPage("f1", "1r", FacsImage("web", "https://x.org/a.jpg", "https://x.org/a.jpg"), 5, 5)
    data = manifest_file(META, [PageView(page, "<p>x</p>", {})])
    assert data is not None and data.endswith(b"}\n")
    assert json.loads(data) == manifest(META, [PageView(page, "<p>x</p>", {})])
    assert list(json.loads(data)) == sorted(json.loads(data))

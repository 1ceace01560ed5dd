"""edition.site.views: a document's facsimile and witness views put together, and their assets."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES, MINIMAL

from edition.site.pages import SiteOptions
from edition.site.views import FACSIMILE_PAGE, VIEWER, DocumentViews, asset_files, document_views
from edition.tei.load import Document, parse
from edition.tei.transform import transform

VIEWS = FIXTURES / "views"
PLAIN = SiteOptions()


def views_of(path: Path, folder: str = "", options: SiteOptions = PLAIN) -> DocumentViews:
    doc = parse(path)
    assert isinstance(doc, Document)
    return document_views(doc, transform(doc), folder, options, root=VIEWS)


def test_a_facsimile_gives_its_page_manifest_images_and_asset() -> None:
    found = views_of(VIEWS / "facsimile.xml", "letter/", SiteOptions(base_url="https://e.org/ed"))
    assert [(p.kind, p.file) for p in found.pages] == [("facsimile", FACSIMILE_PAGE)]
    assert [link.path for link in found.links] == [FACSIMILE_PAGE]
    assert found.assets == ("facsimile",)
    manifest = json.loads(found.files["letter/manifest.json"])
    assert manifest["id"] == "https://e.org/ed/letter/manifest.json"
    assert [c["label"] for c in manifest["items"]] == [{"none": ["1r"]}, {"none": ["1v"]}]
    assert any(name.endswith("folio-1r.png") for name in found.files)
    context = found.pages[0].context
    # Every page is shown; only those whose size is known are canvases of the manifest.
    assert context["manifest"] == "manifest.json"
    assert [p["label"] for p in context["pages"]] == ["1r", "1v", "2r", "2v"]


def test_witnesses_give_their_pages_and_the_apparatus_asset() -> None:
    found = views_of(VIEWS / "witnesses.xml")
    assert [p.kind for p in found.pages] == ["witness", "witness", "synopsis"]
    assert found.assets == ("apparatus",) and found.files == {}
    assert [s["href"] for s in found.text_context["synopses"]] == ["synopsis.html"]


def test_a_plain_document_has_no_views() -> None:
    found = views_of(MINIMAL)
    assert (found.pages, found.links, found.files, found.assets) == ((), (), {}, ())


def test_asset_files_ship_only_what_was_asked_for() -> None:
    assert asset_files([]) == {}
    apparatus = asset_files(["apparatus", "apparatus"])
    assert list(apparatus) == ["static/apparatus.js"] and apparatus["static/apparatus.js"]
    facsimile = asset_files(["facsimile"])
    assert "static/facsimile.js" in facsimile
    assert ("static/openseadragon/openseadragon.min.js" in facsimile) == VIEWER.is_file()

"""The views of a document beside its reading text, put together for its pages: the facsimile
page with its IIIF manifest and image files (``facsimile``, ``iiif``), and the witnesses' texts
and their synopsis (``witnesses``). The document stage calls ``document_views`` once per
document; the pages module renders what it returns like any other page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from edition.errors import Problem
from edition.i18n import gettext
from edition.resources import STATIC_DIR
from edition.site.facsimile import page_views, read_facsimile, view_context
from edition.site.iiif import MANIFEST_FILE, manifest_file
from edition.site.pages import DataLink, ExtraPage, SiteOptions
from edition.site.witnesses import witness_views
from edition.tei.load import Document
from edition.tei.transform import Fragments

FACSIMILE_PAGE = "facsimile.html"
# OpenSeadragon, copied into the builder's static folder by install.sh from its npm package
# (its script, its button images and its licence); a site gets it when a document has a facsimile.
VIEWER_DIR = STATIC_DIR / "openseadragon"
VIEWER = VIEWER_DIR / "openseadragon.min.js"


# The scripts of the views, shipped only with sites whose pages use them.
VIEWS_STATIC = STATIC_DIR / "views"


def asset_files(assets: Iterable[str]) -> dict[str, bytes]:
    """The static files of the optional assets pages use, by path in the site: "facsimile" (its
    script, and the deep-zoom viewer if it was installed: without it the facsimile page shows
    its images without deep zoom), "apparatus" (the apparatus on demand)."""
    wanted = set(assets)
    files: dict[str, bytes] = {}
    if "facsimile" in wanted:
        files["static/facsimile.js"] = (VIEWS_STATIC / "facsimile.js").read_bytes()
        if VIEWER.is_file():
            files.update(
                {
                    f"static/openseadragon/{p.relative_to(VIEWER_DIR).as_posix()}": p.read_bytes()
                    for p in sorted(VIEWER_DIR.rglob("*"))
                    if p.is_file()
                }
            )
    if "apparatus" in wanted:
        files["static/apparatus.js"] = (VIEWS_STATIC / "apparatus.js").read_bytes()
    return files


@dataclass(frozen=True)
class DocumentViews:
    """A document's extra pages, the links to them from its text page (and what else the text
    page shows of them), the files they need (images, the manifest) and warnings about what could
    not be shown."""

    pages: tuple[ExtraPage, ...] = ()
    links: tuple[DataLink, ...] = ()
    text_context: dict[str, object] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    # The optional static assets the pages use (see ``asset_files``).
    assets: tuple[str, ...] = ()


def document_views(
    doc: Document, fragments: Fragments, folder: str, options: SiteOptions, root: Path | None = None
) -> DocumentViews:
    """The facsimile and witness views of one document (none where it has neither)."""
    pages: list[ExtraPage] = []
    links: list[DataLink] = []
    files: dict[str, bytes] = {}
    facsimile = read_facsimile(doc, folder, root)
    shown = facsimile.shown()
    if shown:
        views = page_views(facsimile, fragments["text"])
        base = f"{options.base_url.rstrip('/')}/{folder}" if options.base_url else ""
        data = manifest_file(doc.metadata, views, base=base, source=f"{doc.stem}.xml")
        if data is not None:
            files[f"{folder}{MANIFEST_FILE}"] = data
        files.update(facsimile.files)
        heading = gettext("Facsimile")
        context = {
            "pages": [{**p, "text": Markup(p["text"])} for p in view_context(views)],
            "manifest": MANIFEST_FILE if data is not None else "",
            "viewer": VIEWER.is_file(),
        }
        pages.append(ExtraPage("facsimile", FACSIMILE_PAGE, heading, heading, "facsimile.html", context))
        links.append(DataLink(FACSIMILE_PAGE, gettext("The facsimile beside the text")))
    witnesses = witness_views(doc, fragments, options)
    pages.extend(witnesses.pages)
    links.extend(witnesses.links)
    assets = (("facsimile",) if shown else ()) + (("apparatus",) if witnesses.pages else ())
    return DocumentViews(tuple(pages), tuple(links), witnesses.text_context, files, facsimile.problems, assets)
